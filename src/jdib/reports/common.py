"""What every report notebook shares: its parameters, its tables, its citations.

A notebook calls :func:`load` once with its parameters and then asks the
returned :class:`Report` for Markdown, tables and charts. Every date, figure or
status the Markdown states carries a citation link to the report's sources
section, where the cited paragraph is quoted in Japanese.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from jdib.ingest import vocab
from jdib.ingest.corpus import Corpus
from jdib.reports.params import LATEST, check_lang, parse_as_of


@cache
def labels() -> dict:
    """The report vocabulary (headings, column names) in every language."""
    return vocab.load("labels")


class Markdown(str):
    """Markdown text that Jupyter shows rendered (and nbval compares as text)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def esc(text: object) -> str:
    """Escape document text for Markdown and HTML, so it always reads as text.

    Example:
        >>> esc("<script>*x*</script>")
        '&lt;script&gt;\\\\*x\\\\*&lt;/script&gt;'
    """
    out = html.escape(str(text), quote=False)
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", out)


@dataclass
class Report:
    """One run of a report: its parameters, its corpus and tables, its citations.

    Attributes:
        seeds_dir: The documents analysed.
        as_of: Only documents published on or before this date count (None: all).
        lang: ``en`` or ``ja``.
        corpus: The documents that count.
        total_documents: How many documents the seeds folder holds.
        tables: Every table built from :attr:`corpus`.
    """

    seeds_dir: Path
    as_of: dt.date | None
    lang: str
    corpus: Corpus
    total_documents: int
    tables: dict[str, pd.DataFrame]
    cited: dict[str, int] = field(default_factory=dict)
    #: Rows a table shows at most; the rest are counted and pointed to in the store.
    max_rows: int = 30

    # --- words -----------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """A label in the report's language, formatted with ``values``."""
        return labels()[key][self.lang].format(**values)

    def col(self, key: str) -> str:
        """A column header in the report's language."""
        return labels()["columns"][key][self.lang]

    def word(self, group: str, key: str) -> str:
        """A vocabulary word (event kind, verb class, theme) in the report's language."""
        entry = labels()[group].get(key)
        return entry[self.lang] if entry else key

    def stage(self, stage: str) -> str:
        """A program stage in the report's language."""
        return vocab.load("stages")[f"labels_{self.lang}"].get(stage, stage)

    def name(self, ja: str, en: str | None = None) -> str:
        """A name in the report's language: Japanese as printed, English from the table
        or the glossary (romanised when the glossary lacks it)."""
        if self.lang == "ja":
            return ja
        return en or vocab.translate(ja, default="") or vocab.romanize(ja)

    # --- citations -------------------------------------------------------
    def cite(self, sources: str | list[str], limit: int | None = None) -> str:
        """Citation links for one or more ``doc_id:para_id`` (``;``-joined or a list).

        Example:
            >>> report.cite("mod-20260417-dicas4:p5")  # doctest: +SKIP
            '[\\\\[mod-20260417-dicas4:p5\\\\]](#src-mod-20260417-dicas4-p5)'
        """
        ids = sources.split(";") if isinstance(sources, str) else list(sources)
        ids = [s for s in ids if s.strip()]
        extra = len(ids) - limit if limit is not None and len(ids) > limit else 0
        ids = ids[:limit] if extra else ids  # an event cited by hundreds: the first few, and a count
        links = []
        for para_id in (s.strip() for s in ids):
            if not para_id:
                continue
            self.cited[para_id] = self.cited.get(para_id, 0) + 1
            links.append(f"[\\[{para_id}\\]](#{anchor(para_id)})")
        return " ".join(links + ([f"(+{extra:,})"] if extra else []))

    def sources(self) -> Markdown:
        """The sources section: every cited paragraph, quoted in Japanese."""
        paras = {p.para_id: (d, p) for d in self.corpus for p in d.paragraphs}
        lines = [f"## {self.t('sources')}", "", self.t("sources_intro"), ""]
        for para_id in sorted((p for p, n in self.cited.items() if n > 0), key=_source_order):
            doc, para = paras[para_id]
            # An untranslated title is a quote, and reads as one.
            title = doc.title_en if self.lang == "en" and doc.title_en else f"「{doc.title}」"
            lines.append(f'- <a id="{anchor(para_id)}"></a>**{esc(para_id)}** '
                         f"({esc(title)}, {doc.published_iso or '—'}): 「{esc(para.text)}」")
        return Markdown("\n".join(lines) + "\n")

    # --- layout ----------------------------------------------------------
    def header(self, report_key: str) -> Markdown:
        """The report's title and the line saying which documents count."""
        title = labels()["report_title"][report_key][self.lang]
        if self.as_of:
            scope = self.t("as_of_line", as_of=self.as_of.isoformat(), n=len(self.corpus),
                           total=self.total_documents)
        else:
            scope = self.t("as_of_latest", total=self.total_documents)
        return Markdown(f"# {title}\n\n{scope}\n")

    def section(self, key: str, level: int = 2) -> Markdown:
        """A section heading in the report's language."""
        return Markdown(f"{'#' * level} {labels()['sections'][key][self.lang]}\n")

    def chart_data(self, chart) -> Markdown:
        """The rows a chart plots, as a table under it (regression checks compare these)."""
        data = getattr(chart, "data", None)
        if data is None:
            return Markdown("")
        rows = [[esc(v) for v in row] for row in data.astype(str).itertuples(index=False)]
        columns = labels()["columns"]
        heads = [esc(columns[c][self.lang] if c in columns else c) for c in data.columns]
        return Markdown(f"**{self.t('data_behind')}**\n\n" + self.table(heads, rows))

    def table(self, headers: list[str], rows: list[list[str]], *, store_table: str = "",
              keep: str = "first") -> Markdown:
        """A Markdown table; cells are already escaped Markdown (citations stay links).

        Beyond :attr:`max_rows` rows only the first (``keep="first"``) or the
        latest (``keep="latest"``, for rows in date order) are shown, with a
        line saying how many there are and where the full table is; the
        paragraphs only the hidden rows cite leave the sources section.
        """
        if not rows:
            return Markdown(self.t("no_data") + "\n")
        note = ""
        if len(rows) > self.max_rows:
            shown = rows[-self.max_rows:] if keep == "latest" else rows[:self.max_rows]
            hidden = rows[:-self.max_rows] if keep == "latest" else rows[self.max_rows:]
            self._uncite(hidden)
            note = "\n" + self.t("more_rows" if store_table else "rows_shown", shown=f"{len(shown):,}",
                                 total=f"{len(rows):,}", table=store_table,
                                 which=self.t("rows_latest" if keep == "latest" else "rows_first")) + "\n"
            rows = shown
        head = "| " + " | ".join(headers) + " |"
        rule = "|" + "|".join("---" for _ in headers) + "|"
        body = ["| " + " | ".join(c.replace("\n", " ") for c in row) + " |" for row in rows]
        return Markdown("\n".join([head, rule, *body]) + "\n" + note)

    def _uncite(self, rows: list[list[str]]) -> None:
        for cell in (c for row in rows for c in row):
            for para_id in _CITED.findall(cell):
                para_id = para_id.replace("\\", "")
                if self.cited.get(para_id, 0) > 0:
                    self.cited[para_id] -= 1


_CITED = re.compile(r"\[\\\[(.+?)\\\]\]\(#src-")


def anchor(para_id: str) -> str:
    """The HTML id of a source: ``src-<doc_id>-p<n>``."""
    return "src-" + re.sub(r"[^A-Za-z0-9_-]+", "-", para_id)


def _source_order(para_id: str) -> tuple[str, int]:
    doc_id, _, n = para_id.rpartition(":p")
    return doc_id, int(n) if n.isdigit() else 0


def load(seeds_dir: str | Path, as_of: str | dt.date | None = LATEST, lang: str = "en") -> Report:
    """Load the documents and the tables one report needs, from the store.

    The store is refreshed first when documents or extractor code changed, so a
    notebook runs on its own (papermill, JupyterLab) as well as under ``jdib build``.

    Args:
        seeds_dir: Folder of documents (relative paths start at the notebook's folder).
        as_of: ``latest`` or an ISO date: only documents published by then count.
        lang: ``en`` or ``ja``.

    Returns:
        The report's state.

    Raises:
        InputError: A bad parameter or a bad document.

    Example:
        >>> r = load("../seeds", "2026-02-01", "en")  # doctest: +SKIP
        >>> len(r.corpus)
        4
    """
    lang = check_lang(lang)
    date = as_of if isinstance(as_of, dt.date) else parse_as_of(as_of)
    from jdib import store  # the store's refresh runs only when documents or code changed

    loaded = store.load(seeds_dir, as_of=date)
    return Report(Path(seeds_dir), date, lang, loaded.corpus, loaded.total_documents, loaded.tables)
