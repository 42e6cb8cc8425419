"""The index page of a build folder: every report, its parameters and its sources."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from jdib import __version__
from jdib.store import atomic
from jdib.render.export import CSS

SOURCE_COLUMNS = ["doc_id", "file", "title_ja", "published", "reliability", "url", "retrieved", "sha256"]


def write_index(out_dir: Path, reports: list[dict], seeds_dir: str | None,
                today: dt.date | None = None) -> Path:
    """Write ``out_dir/index.html`` listing the reports and the documents they read.

    Args:
        out_dir: The build folder (``outputs/`` or ``outputs/runs/<slug>/``).
        reports: One dict per report, ordered by name, with ``name``, ``title``,
            ``params`` and ``formats`` (as stored in the build cache).
        seeds_dir: The documents folder the reports read, or None to omit the sources.
        today: The build date shown on the page (default: today). Only the index
            carries a date; the reports stay byte-for-byte reproducible.

    Returns:
        The index file.
    """
    from jdib.ingest.corpus import load_corpus
    from jdib.extract.documents import documents_table

    docs = documents_table(load_corpus(seeds_dir)) if seeds_dir else None
    page = render_index(reports, docs, today or dt.date.today())
    path = out_dir / "index.html"
    atomic.write_text(path, page)
    return path


def _cell(column: str, row) -> str:
    """One cell of the sources table: ids and checksums as code, a web address as a link."""
    from jdib.reports.common import safe_url  # the reports' rule for a user's web address

    value = "" if row[column] is None else str(row[column])
    if column in ("doc_id", "sha256"):
        return f"<code>{escape(value)}</code>"
    if column == "url" and safe_url(value):
        inferred = " (from the page)" if row.get("url_source") == "page" else ""
        return f'<a href="{escape(safe_url(value), quote=True)}">{escape(value)}</a>{inferred}'
    return escape(value)


def render_index(reports: list[dict], docs, today: dt.date) -> str:
    """The index page as HTML; every value from a notebook or document is escaped."""
    rows = []
    for r in reports:
        links = " · ".join(f'<a href="{escape(r["name"])}.{fmt}">{fmt.upper()}</a>'
                           for fmt in ("html", "pdf") if fmt in r["formats"])
        params = "<br>".join(f"<code>{escape(k)}</code> = {escape(str(v))}"
                             for k, v in sorted(r["params"].items()))
        rows.append(f'<tr><td><code>{escape(r["name"])}</code></td>'
                    f'<td lang="ja">{escape(r["title"])}</td><td>{links}</td><td>{params}</td></tr>')
    reports_html = (
        "<table><thead><tr><th>report</th><th>title</th><th>formats</th><th>parameters</th>"
        "</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
        if rows else '<p class="muted">No report has been built here yet.</p>')
    sources_html = ""
    if docs is not None:
        cells = []
        shown = [c for c in SOURCE_COLUMNS if c in docs.columns]
        for _, d in docs.iterrows():
            cells.append("<tr>" + "".join(
                f'<td{" lang=ja" if c == "title_ja" else ""}>' + _cell(c, d) + "</td>" for c in shown)
                + "</tr>")
        head = "".join(f"<th>{c}</th>" for c in shown)
        sources_html = ("<h2>Source documents</h2>\n<table class=\"sources\"><thead><tr>" + head
                        + "</tr></thead><tbody>\n" + "\n".join(cells) + "\n</tbody></table>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>jdib reports</title>
<style>
{CSS.read_text(encoding="utf-8")}
table.sources td:last-child code {{ font-size: .75rem; word-break: break-all; }}
</style>
</head>
<body>
<main class="report">
<h1>jdib reports</h1>
<p class="muted">Built {today.isoformat()} with jdib {escape(__version__)}.</p>
<h2>Reports</h2>
{reports_html}
{sources_html}
</main>
</body>
</html>
"""
