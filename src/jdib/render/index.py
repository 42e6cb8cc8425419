"""The index page of a build folder: every report, its parameters and its sources.

The page lists each source document while there are few; beyond
:data:`LISTED` it shows them grouped (tier, publisher, kind: how many, from
when to when), so it stays small at any size. The full list is always the CSV
beside it (:data:`SOURCES_CSV`).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from jdib import __version__
from jdib.store import atomic
from jdib.render.export import CSS

SOURCE_COLUMNS = ["doc_id", "file", "title_ja", "published", "reliability", "url", "retrieved", "sha256"]
#: The file beside the index listing every source document with :data:`SOURCE_COLUMNS`.
SOURCES_CSV = "sources.csv"
#: Up to this many documents the page lists each; beyond, it groups them.
LISTED = 200
#: Groups shown at most; the rest are counted (every document is in the CSV).
GROUPS = 300


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
    from jdib.store.writers import csv_safe

    docs = documents_table(load_corpus(seeds_dir)) if seeds_dir else None
    if docs is not None:
        shown = [c for c in SOURCE_COLUMNS if c in docs.columns]
        # UTF-8 with BOM and formula-safe cells, like the store's tables.
        atomic.write_text(out_dir / SOURCES_CSV,
                          "\ufeff" + csv_safe(docs[shown]).to_csv(index=False, lineterminator="\n"))
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


def _sources(docs) -> str:
    """The source documents: each one while there are few, else grouped; a link to the full list."""
    link = (f'<p>Every document, with its file, date, tier, address and sha256: '
            f'<a href="{SOURCES_CSV}">{SOURCES_CSV}</a> ({len(docs):,} rows).</p>')
    if len(docs) <= LISTED:
        cells = []
        shown = [c for c in SOURCE_COLUMNS if c in docs.columns]
        for _, d in docs.iterrows():
            cells.append("<tr>" + "".join(
                f'<td{" lang=ja" if c == "title_ja" else ""}>' + _cell(c, d) + "</td>" for c in shown)
                + "</tr>")
        head = "".join(f"<th>{c}</th>" for c in shown)
        return ("<h2>Source documents</h2>\n" + link + "\n<table class=\"sources\"><thead><tr>" + head
                + "</tr></thead><tbody>\n" + "\n".join(cells) + "\n</tbody></table>")
    return "<h2>Source documents</h2>\n" + link + "\n" + _groups(docs)


def _groups(docs) -> str:
    """Documents counted by tier, publisher and kind, with the dates they span."""
    from jdib.extract.sources import tier_rank

    keys = [c for c in ("reliability", "publisher", "kind") if c in docs.columns]
    frame = docs.assign(**{c: docs[c].fillna("").astype(str) for c in keys},
                        published=docs["published"].fillna("").astype(str))
    rows = []
    for values, group in frame.groupby(keys, sort=False):
        dated = sorted(d for d in group["published"] if d)
        rows.append((tier_rank(values[0]) if keys[0] == "reliability" else 0, -len(group), values,
                     len(group), dated[0] if dated else "", dated[-1] if dated else "",
                     len(group) - len(dated)))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    body = [f"<tr>{''.join(f'<td>{escape(v) or chr(8212)}</td>' for v in values)}<td>{n:,}</td>"
            f"<td>{escape(first)}</td><td>{escape(last)}</td><td>{undated:,}</td></tr>"
            for _, _, values, n, first, last, undated in rows[:GROUPS]]
    more = (f'<p class="muted">{len(rows) - GROUPS:,} more groups '
            f"({sum(r[3] for r in rows[GROUPS:]):,} documents) are in {SOURCES_CSV}.</p>"
            if len(rows) > GROUPS else "")
    head = "".join(f"<th>{c}</th>" for c in (*keys, "documents", "first published", "last published", "undated"))
    return (f'<p class="muted">{len(docs):,} documents, grouped.</p>\n<table class="groups"><thead><tr>{head}'
            "</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>" + more)


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
    sources_html = "" if docs is None else _sources(docs)
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
