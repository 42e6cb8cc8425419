"""What every report notebook shares: its parameters, its tables, its citations.

A notebook calls :func:`load` once with its parameters and then asks the
returned :class:`Report` for Markdown, tables and charts. Every date, figure or
status the Markdown states carries a citation link to the report's sources
section, where the cited paragraph is quoted in Japanese.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from jdib.ingest.text import language
from jdib.ingest import vocab
from jdib.extract.figures import unit_text
from jdib.ingest.corpus import Corpus
from jdib.reports.params import LATEST, check_lang, parse_as_of


log = logging.getLogger(__name__)


@cache
def labels() -> dict:
    """The report vocabulary (headings, column names) in every language."""
    return vocab.load("labels")


class Markdown(str):
    """Markdown text that Jupyter shows rendered (and nbval compares as text).

    A report's text is written once, with ISO dates; shown in a Japanese report
    (:attr:`lang`, set by :func:`load`) it reads as Japanese (:func:`localize`).
    """

    lang = "en"

    def _repr_markdown_(self) -> str:
        return localize(str(self), self.lang)

    @classmethod
    def blocks(cls, *parts: str) -> "Markdown":
        """Blocks (paragraphs, tables, lists) joined so that none runs into the next.

        Markdown reads a table followed directly by another line as one table, so
        every block is closed by a blank line, whatever its text ends with.

        Example:
            >>> str(Markdown.blocks("| a |\\n|---|\\n| 1 |\\n", "next"))
            '| a |\\n|---|\\n| 1 |\\n\\nnext\\n'
        """
        return cls("\n\n".join(p.strip("\n") for p in parts if p and p.strip()) + "\n")


_ISO_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_./:#-])(\d{4})-(\d{2})(?:-(\d{2}))?(?![A-Za-z0-9_-])")
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}）」])\s*([;:,])\s*|\s*(;)\s*(?=[{_CJK}「（])")
_LINE_END_DOT = re.compile(rf"(?<=[{_CJK}）」0-9])\.$", re.M)
_CHAR_REF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_HELD = "\ue000"  # a private-use character: never in a report's own text


def ja_date(iso: str) -> str:
    """An ISO date (``2026-04-14``, ``2026-04``) written the Japanese way.

    Example:
        >>> ja_date("2026-04-14"), ja_date("2026-04")
        ('2026年4月14日', '2026年4月')
    """
    m = _ISO_IN_TEXT.fullmatch(iso)
    if not m:
        return iso
    year, month, day = m.groups()
    return f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "")


def localize(text: str, lang: str) -> str:
    """Report text in the conventions of its language.

    Japanese: dates as ``2026年4月14日`` and full-width punctuation after
    Japanese words (``、`` for a list's ``;`` and ``,``, ``：`` for ``:``).
    Citation ids and link targets keep their ASCII form. English is unchanged.

    Example:
        >>> localize("会合: 2026-04-14; 署名 [a:p1](#src-a-p1)", "ja")
        '会合：2026年4月14日、署名 [a:p1](#src-a-p1)'
        >>> localize("「&#91;公式&#93;」", "ja")
        '「&#91;公式&#93;」'

    """
    if lang != "ja":
        return text
    # The ";" ending a character reference (``&#91;`` of an escaped quote) is no
    # punctuation: each reference stands aside as one placeholder meanwhile.
    refs = iter(_CHAR_REF.findall(text))
    text = _CHAR_REF.sub(_HELD, text)
    text = _ISO_IN_TEXT.sub(lambda m: ja_date(m.group(0)), text)
    text = _HALF_PUNCT.sub(lambda m: "：" if m.group(1) == ":" else "、", text)
    text = _LINE_END_DOT.sub("。", text)
    return re.sub(_HELD, lambda m: next(refs), text)


# Every character Markdown (with nbconvert's math, strikethrough, table and
# autolink extensions) could read as syntax becomes a numeric character
# reference: the renderer shows it as that very character and never as syntax,
# and no backslash is left behind to show.
# A colon, a tilde and a full stop are syntax only in "://", "~~" and "www.";
# a hyphen between digits is escaped so that a Japanese report's date
# localisation (:func:`localize`) never rewrites a date inside a quote.
_MARKDOWN_ENTITIES = {c: f"&#{ord(c)};" for c in "\\`*_[]|#$!{}@~:.-"}
_MARKDOWN_ENTITIES |= {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]|#$!{}@&<>]|~(?=~)|(?<=~)~|:(?=//)|(?<=www)\.|(?<=\d)-(?=\d)", re.I)


def safe_url(url: str) -> str:
    """A web address from a user's catalog, as a link target that stays one link.

    Only ``http`` and ``https`` addresses are links; spaces, line breaks, angle
    brackets, quotes and every character outside the address alphabet are
    percent-encoded, so an address cannot end early and turn its rest into
    Markdown or HTML. Empty when ``url`` is no web address.

    Example:
        >>> safe_url("https://x.jp/a b>[y](https://evil.example)")
        'https://x.jp/a%20b%3E[y](https://evil.example)'
    """
    from urllib.parse import quote

    url = url.strip()
    if not re.match(r"(?i)https?://[^/\s]", url):
        return ""
    return quote(url, safe="!#$%&'()*+,-./:;=?@[]_~")


def _unique(rows: list, columns: tuple[str, ...]) -> list:
    """The rows with the first of each combination of ``columns`` (``drop_duplicates``)."""
    seen: dict = {}
    for row in rows:
        seen.setdefault(tuple(getattr(row, c) for c in columns), row)
    return list(seen.values())


def esc(text: object) -> str:
    """Escape document text for Markdown and HTML, so it always reads as the very text.

    No math (``$x$``), strikethrough (``~~``), link, autolink or markup can form,
    and no escaping backslash shows.

    Example:
        >>> esc("<b>$5$</b> ~~x~~")
        '&lt;b&gt;&#36;5&#36;&lt;/b&gt; &#126;&#126;x&#126;&#126;'
    """
    return _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN_ENTITIES[m.group(0)], str(text))


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
        undated: Documents left out of an ``as_of`` view because their date is unknown.
    """

    seeds_dir: Path
    as_of: dt.date | None
    lang: str
    corpus: Corpus
    total_documents: int
    tables: dict[str, pd.DataFrame]
    cited: dict[str, int] = field(default_factory=dict)
    undated: tuple[str, ...] = ()
    #: Rows a table shows at most; the rest are counted and pointed to in the store.
    max_rows: int = 30
    _citing: dict = field(default_factory=dict, repr=False)  # table -> para_id -> rows citing it

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
            links.append(f"[\\[{esc(para_id)}\\]](#{anchor(para_id)})")
        return " ".join(links + ([f"(+{extra:,})"] if extra else []))

    def sources(self) -> Markdown:
        """The sources section: every cited paragraph, quoted in its own language, then
        the analyst's decisions when there are any."""
        from jdib.reports import review

        decisions = review.appendix(self)  # first: the paragraphs it cites are listed below
        paras = {p.para_id: (d, p) for d in self.corpus for p in d.paragraphs}
        lines = [f"## {self.t('sources')}", "", self.t("sources_intro"), "", '<div class="sources">', ""]
        for para_id in sorted((p for p, n in self.cited.items() if n > 0), key=_source_order):
            doc, para = paras[para_id]
            # An untranslated title is a quote, and reads as one.
            english = language(para.text) == "en"
            title = doc.title_en if self.lang == "en" and doc.title_en else (
                doc.title if language(doc.title) == "en" else f"「{doc.title}」")
            head, rest = cut_quote(para.text)
            # Print shows the head and "…"; the HTML page has the whole paragraph.
            quote = esc(head) + (f'<span class="quote-rest">{esc(rest)}</span>'
                                 '<span class="quote-cut">…</span>' if rest else "")
            # An English quote needs no gloss in an English report, and stays English in a Japanese one.
            gloss = self.gloss(para_id, para.text) if self.lang == "en" and not english else ""
            quoted = f"“{quote}”" if english else f"「{quote}」"
            lines.append(f'- <a id="{anchor(para_id)}"></a>**{esc(para_id)}** '
                         f"({esc(title)}, {doc.published_iso or '—'}{self._where(doc, para)}): {quoted}"
                         + (f'<br><span class="gloss">{self.t("gloss")}: {gloss}</span>' if gloss else ""))
        return Markdown("\n".join(lines + ["", "</div>"]) + "\n" + (f"\n{decisions}" if decisions else ""))

    def gloss(self, para_id: str, text: str) -> str:
        """What jdib's tables read from one paragraph, in English: a gloss, not a translation.

        Built from the extracted rows citing the paragraph (events: what and
        when; programs: what and how far; figures: the number; outcomes: what
        was agreed) and the glossary's English for the names it contains (who).
        """
        rows = self._rows_citing
        parts: list[str] = []
        parts += [f"{x.name_en} ({x.date})" for x in rows("events", para_id) if isinstance(x.name_en, str)]
        parts += [f"{x.name_en}: {x.status_en}"
                  for x in _unique(rows("programs", para_id), ("program_id", "status_en"))]
        parts += [f"{self.word('verb_classes', x.verb_class)} on {x.topic_en}"
                  for x in _unique(rows("outcomes", para_id), ("verb_class", "topic_en"))
                  if isinstance(x.topic_en, str) and x.topic_en]
        parts += [f"{x.label_en}: {'~' if x.approx else ''}{_number(x.value)}"
                  + ("" if pd.isna(x.value_high) else f"–{_number(x.value_high)}")
                  + f" {unit_text(x.value, x.unit, x.value_high)}"
                  for x in rows("figures", para_id)]
        who = [w for w in _glossary_names(text) if not any(w in p for p in parts)]
        if who:
            parts.append("names: " + ", ".join(who))
        return esc("; ".join(dict.fromkeys(parts)))

    def _rows_citing(self, table: str, para_id: str) -> list:
        """The rows of a table that cite a paragraph, as named tuples in table order.

        The index is built once per table: looking paragraphs up one by one in
        the whole table made the sources section quadratic in the corpus size.
        """
        index = self._citing.get(table)
        if index is None:
            frame = self.tables.get(table)
            index = {}
            if frame is not None and len(frame):
                wanted = set(self.cited)  # glosses are asked for cited paragraphs only
                ids = (frame["sources"].str.split(";") if table == "events"
                       else frame["para_id"].map(lambda p: [p]))
                keep = ids.map(lambda xs: not wanted.isdisjoint(xs))
                for row, pids in zip(frame[keep].itertuples(), ids[keep]):
                    for pid in dict.fromkeys(pids):
                        index.setdefault(pid, []).append(row)
            self._citing[table] = index
        return index.get(para_id, [])

    def _where(self, doc, para) -> str:
        """Page and link to the original of a cited paragraph (``url#page=N`` for a PDF).

        Empty when the document has neither, so citations of plain text read as before.
        """
        parts = []
        if para.page:
            parts.append(self.t("source_page", page=para.page))
        link = safe_url(doc.link(para.page))
        if link:
            parts.append(f"[{self.t('source_original')}](<{link}>)")
            if doc.retrieved:
                parts.append(self.t("source_retrieved", date=doc.retrieved))
        return "".join(", " + p for p in parts)

    # --- layout ----------------------------------------------------------
    def header(self, report_key: str) -> Markdown:
        """The report's title and the line saying which documents count."""
        title = labels()["report_title"][report_key][self.lang]
        if self.as_of:
            scope = self.t("as_of_line", as_of=self.as_of.isoformat(), n=f"{len(self.corpus):,}",
                           total=f"{self.total_documents:,}")
            if self.undated:
                scope += " " + self.t("undated_left_out", n=f"{len(self.undated):,}",
                                      docs=", ".join(esc(d) for d in self.undated[:12])
                                      + (f" (+{len(self.undated) - 12:,})" if len(self.undated) > 12 else ""))
        else:
            scope = self.t("as_of_latest", total=f"{self.total_documents:,}")
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
        # Folded: the chart says it once; the rows are there for whoever checks it
        # (and for the regression checks), closed on screen and left out of print.
        return Markdown.blocks(f'<details class="chart-data"><summary>{self.t("data_behind")}</summary>',
                               self.table(heads, rows), "</details>")

    def table(self, headers: list[str], rows: list[list[str]], *, store_table: str = "",
              keep: str = "first", pinned: Sequence[int] = (),
              gap: Callable[[list[int]], list[str]] | None = None) -> Markdown:
        """A Markdown table; cells are already escaped Markdown (citations stay links).

        Beyond :attr:`max_rows` rows only the first (``keep="first"``) or the
        latest (``keep="latest"``, for rows in date order) are shown, with a
        line saying how many there are and where the full table is; the
        paragraphs only the hidden rows cite leave the sources section.
        Rows at the positions ``pinned`` are shown whatever the bound (the
        others fill it from the end), and each run of hidden rows between them
        becomes the row ``gap(positions)`` returns, so a reader sees where rows
        are missing and how many.
        """
        if not rows:
            return Markdown(self.t("no_data") + "\n")
        rows, note = self._bounded(rows, store_table, keep, pinned=pinned, gap=gap)
        head = "| " + " | ".join(headers) + " |"
        rule = "|" + "|".join("---" for _ in headers) + "|"
        body = ["| " + " | ".join(c.replace("\n", " ") for c in row) + " |" for row in rows]
        return Markdown.blocks("\n".join([head, rule, *body]), note)

    def bullets(self, lines: list[str], *, store_table: str, keep: str = "latest",
                left_out: int = 0) -> Markdown:
        """A Markdown list, bounded like :meth:`table` (the latest or first
        :attr:`max_rows` items, a line pointing to the full table in the store).

        A caller with thousands of items may format only those it shows and
        say how many it ``left_out`` (before them for ``latest``, after for ``first``).
        """
        lines, note = self._bounded([[line] for line in lines], store_table, keep, left_out)
        return Markdown.blocks("\n".join(line for [line] in lines), note)

    def _bounded(self, rows: list[list[str]], store_table: str, keep: str, left_out: int = 0,
                 pinned: Sequence[int] = (),
                 gap: Callable[[list[int]], list[str]] | None = None) -> tuple[list[list[str]], str]:
        """The rows to show (at most :attr:`max_rows`, and every ``pinned`` one) and the
        line saying so, empty when all are shown; the citations of the rows not
        shown are withdrawn."""
        total = len(rows) + left_out
        if total <= self.max_rows:
            return rows, ""
        latest = keep == "latest"
        if pinned:
            at = kept_positions(len(rows), pinned, self.max_rows, latest)
            shown, hidden = [], []
            run: list[int] = []
            for i, row in enumerate(rows):
                if i not in at:
                    run.append(i)
                    continue
                if run and gap:
                    shown.append(gap(run))
                hidden += run
                run = []
                shown.append(row)
            if run and gap:
                shown.append(gap(run))
            hidden += run
            self._uncite([rows[i] for i in hidden])
            which, n_shown = self.t("rows_pinned"), len(at)
        else:
            shown = rows[-self.max_rows:] if latest else rows[:self.max_rows]
            self._uncite(rows[:-self.max_rows] if latest else rows[self.max_rows:])
            which, n_shown = self.t("rows_latest" if latest else "rows_first"), len(shown)
        return shown, self.t("more_rows" if store_table else "rows_shown", shown=f"{n_shown:,}",
                             total=f"{total:,}", table=store_table, which=which)

    def _uncite(self, rows: list[list[str]]) -> None:
        for cell in (c for row in rows for c in row):
            for para_id in _CITED.findall(cell):
                para_id = html.unescape(para_id)
                if self.cited.get(para_id, 0) > 0:
                    self.cited[para_id] -= 1


_CITED = re.compile(r"\[\\\[(.+?)\\\]\]\(#src-")


def kept_positions(n: int, pinned: Sequence[int], bound: int, latest: bool = True) -> set[int]:
    """Which of ``n`` rows a bounded table or chart shows: every pinned one, then
    the latest (or first) until ``bound`` rows are shown.

    Example:
        >>> sorted(kept_positions(10, [0, 4], 4))
        [0, 4, 8, 9]
    """
    at = {i for i in pinned if 0 <= i < n}
    fill = range(n - 1, -1, -1) if latest else range(n)
    for i in fill:
        if len(at) >= bound:
            break
        at.add(i)
    return at


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def cut_quote(text: str, limit: int = 120) -> tuple[str, str]:
    """Split a long quote where print may stop: after the last 。 or 、 before ``limit``.

    Example:
        >>> cut_quote("短い。")
        ('短い。', '')
    """
    if len(text) <= limit + 40:  # a short tail is not worth cutting
        return text, ""
    at = max(text.rfind("。", 0, limit), text.rfind("、", 0, limit))
    at = at + 1 if at > limit // 3 else limit
    return text[:at], text[at:]


def _glossary_names(text: str, most: int = 4) -> list[str]:
    """The English of the longest glossary terms in ``text``, each span counted once."""
    found, taken = [], text
    for ja, en in vocab.glossary().items():
        if len(found) >= most:
            break
        if len(ja) >= 2 and ja in taken:
            found.append(en)
            taken = taken.replace(ja, "\0")
    return found


def anchor(para_id: str) -> str:
    """The HTML id of a source: ``src-<doc_id>-p<n>``, one per paragraph.

    Letters, digits and ``-`` of the doc_id stay as they are; any other
    character becomes ``_`` and its code point in hex, so two doc_ids never
    share an anchor (``dup.id`` gives ``dup_2e_id``, ``dup-id`` stays).

    Example:
        >>> anchor("dup.id:p1"), anchor("dup-id:p1")
        ('src-dup_2e_id-p1', 'src-dup-id-p1')
    """
    doc_id, sep, n = para_id.rpartition(":p")
    if not sep or not n.isdigit():
        doc_id, n = para_id, ""
    safe = re.sub(r"[^A-Za-z0-9-]", lambda m: f"_{ord(m.group(0)):x}_", doc_id)
    return f"src-{safe}" + (f"-p{n}" if n else "")


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
    Markdown.lang = lang  # one report per kernel: its Markdown reads in its language
    date = as_of if isinstance(as_of, dt.date) else parse_as_of(as_of)
    seeds_dir = resolve_seeds(seeds_dir)
    from jdib import store  # the store's refresh runs only when documents or code changed

    loaded = store.load(seeds_dir, as_of=date)
    undated = loaded.undated
    if undated:
        log.warning("as_of %s: %d document(s) with no known date left out: %s",
                    date.isoformat(), len(undated), ", ".join(undated))
    return Report(Path(seeds_dir), date, lang, loaded.corpus, loaded.total_documents, loaded.tables,
                  undated=undated)


def resolve_seeds(seeds_dir: str | Path) -> Path:
    """A relative ``seeds_dir`` as the notebook means it: from the notebook's folder.

    Jupyter and ``jdib build`` run a notebook in its own folder, where the
    relative path already works. ``papermill notebooks/01_x.ipynb out.ipynb``
    run from elsewhere does not, so the folders a notebook may sit in are tried
    next: the one Jupyter names (``JPY_SESSION_NAME``) and the checkout's
    ``notebooks/``. A path found nowhere is returned as given, for the error.

    Example:
        >>> resolve_seeds("../seeds").name  # doctest: +SKIP
        'seeds'
    """
    import os

    from jdib import paths

    path = Path(seeds_dir)
    if path.is_absolute() or path.is_dir():
        return path
    bases = []
    if os.environ.get("JPY_SESSION_NAME"):
        bases.append(Path(os.environ["JPY_SESSION_NAME"]).parent)
    bases.append(paths.NOTEBOOKS)
    for base in bases:
        if (base / path).is_dir():
            return Path(os.path.normpath(base / path))
    return path
