"""Loading the documents in a seeds folder into citable paragraphs."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jdib.ingest import dates, files as seeds_files, limits, page as layout, readers, text, vocab
from jdib.ingest.readers.text import ENCODINGS, decode  # noqa: F401  (still importable from here)
from jdib.errors import InputError

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = tuple(readers.SUFFIX_FORMATS)
KINDS = ("press_release", "white_paper_section", "slide_deck", "news_article", "transcript", "joint_statement",
         "readout", "fact_sheet", "opinion", "forum_post", "unknown")
CATALOG_COLUMNS = ("file", "doc_id", "title_ja", "title_en", "publisher", "kind", "published")
#: Catalog fields a row cannot do without: the rest are inferred from the text.
REQUIRED_CATALOG_COLUMNS = ("file", "doc_id")
#: Columns a catalog may add: where the original is published, when it was saved, how far it is trusted.
OPTIONAL_CATALOG_COLUMNS = ("url", "retrieved", "reliability")
#: Files of a seeds folder that are not documents, passed over without a word.
NOT_DOCUMENTS = ("catalog.csv", "readme.md", "readme.txt")
RELIABILITY = ("official", "established", "other")  # catalog column `reliability`, optional
_ISO_DATE = {"published": re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?"), "retrieved": re.compile(r"\d{4}-\d{2}-\d{2}")}
_ISO_DATE_FORMS = {"published": "YYYY-MM-DD, YYYY-MM or YYYY", "retrieved": "YYYY-MM-DD"}
#: A doc_id is cited as ``doc_id:pN``, joined with ``;`` in list columns and written into
#: Markdown and HTML: letters of any script, digits, ``.``, ``-`` and ``_``, up to 100,
#: starting with a letter or digit.
DOC_ID = re.compile(r"[^\W_][\w.-]{0,99}")


@dataclass(frozen=True, slots=True)  # slots: a large corpus holds millions of these
class Paragraph:
    """One citable unit of a document.

    Attributes:
        para_id: Stable id ``<doc_id>:p<n>``, numbered from 1 in reading order.
        doc_id: The document it belongs to.
        n: Its position in the document.
        text: Cleaned text.
        role: ``heading``, ``bullet``, ``body``, ``footnote`` or ``table_row``.
        footnote_refs: Footnote numbers it refers to.
        page: The page it starts on, for formats with pages (PDF); else None.
    """

    para_id: str
    doc_id: str
    n: int
    text: str
    role: str
    footnote_refs: tuple[str, ...] = ()
    page: int | None = None

    def __reduce__(self):
        # Pickled as its values: the default for frozen, slotted dataclasses looks
        # the fields up again for every paragraph, half the cost of reading the cache.
        return (Paragraph, (self.para_id, self.doc_id, self.n, self.text, self.role, self.footnote_refs, self.page))


@dataclass(frozen=True)
class Document:
    """A source document with its provenance and cleaned paragraphs.

    Attributes:
        doc_id: Short stable id used in citations.
        path: Where the file was read from.
        title: Title in Japanese.
        title_en: English title when the catalog gives one.
        published: Publication date, or None when neither catalog nor text gives it.
        published_precision: ``day``, ``month`` or ``year`` (empty when unknown).
        kind: One of :data:`KINDS`.
        publisher: Who published it.
        encoding: The encoding the file was decoded with.
        sha256: Checksum of the raw bytes.
        raw: The decoded text as stored.
        paragraphs: Cleaned paragraphs in reading order.
        from_catalog: Whether the metadata came from ``catalog.csv``.
        reliability: The catalog's ``reliability`` (one of :data:`RELIABILITY`),
            empty when the catalog does not say and the tier is to be inferred.
        url: Where the original is published (catalog ``url``, else the page's own
            canonical URL), or empty.
        url_source: ``catalog``, ``page`` (read from the HTML itself) or empty.
        retrieved: When the file was saved (catalog ``retrieved``, ISO date), or empty.
        fmt: The format it was read as: ``text``, ``html``, ``pdf`` or ``docx``.
        pages: Its number of pages (0 for formats without pages).
    """

    doc_id: str
    path: Path
    title: str
    title_en: str
    published: dt.date | None
    published_precision: str
    kind: str
    publisher: str
    encoding: str
    sha256: str
    raw: str
    paragraphs: tuple[Paragraph, ...] = field(repr=False)
    from_catalog: bool = True
    reliability: str = ""
    url: str = ""
    url_source: str = ""
    retrieved: str = ""
    fmt: str = "text"
    pages: int = 0

    def link(self, page: int | None = None) -> str:
        """The URL of the original, at ``page`` for a PDF (``url#page=N``); empty without a URL."""
        if not self.url:
            return ""
        if page and self.fmt == "pdf" and "#" not in self.url:
            return f"{self.url}#page={page}"
        return self.url

    @property
    def clean_text(self) -> str:
        """All paragraphs joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def published_iso(self) -> str:
        """Publication date at its own precision (``2026-02`` for a month)."""
        if self.published is None:
            return ""
        return {"day": self.published.isoformat(),
                "month": self.published.strftime("%Y-%m"),
                "year": str(self.published.year)}[self.published_precision]


@dataclass(frozen=True)
class Corpus:
    """The documents of one seeds folder, ordered by doc_id."""

    root: Path
    documents: tuple[Document, ...]
    skipped: tuple[tuple[str, str], ...] = ()  # (file name, reason) of files not read

    def __iter__(self):
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str) -> Document:
        """The document with this id (KeyError when absent)."""
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)

    def as_of(self, date: dt.date) -> Corpus:
        """Only the documents known to be published on or before ``date``.

        A document whose date is unknown is left out: nothing says it was
        published by then (see :attr:`undated`).
        """
        keep = tuple(d for d in self.documents if d.published is not None and _period_end(d) <= date)
        return Corpus(self.root, keep)

    @property
    def undated(self) -> tuple[Document, ...]:
        """The documents whose publication date neither the catalog nor the text gives."""
        return tuple(d for d in self.documents if d.published is None)


def _period_end(doc: Document) -> dt.date:
    """The last day a document may have been published: a deck dated 令和8年2月
    counts only once all of February 2026 has passed."""
    day = doc.published
    if doc.published_precision == "year":
        return dt.date(day.year, 12, 31)
    if doc.published_precision == "month":
        nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return day


def parse_document(doc_id: str, raw: str, meta: dict[str, str] | None = None, *,
                   path: Path | None = None, encoding: str = "utf-8",
                   sha256: str = "", fmt: str = "text", pages: int = 0,
                   stated: dict[str, str] | None = None) -> Document:
    """Clean raw text into a :class:`Document`.

    Args:
        doc_id: Id for citations.
        raw: Decoded text.
        meta: The document's catalog row, or None to infer title, date and kind.
        path: Where it came from.
        encoding: Encoding it was decoded with.
        sha256: Checksum of the raw bytes.
        fmt: The format the text was read from.
        pages: Pages of the original (0 for formats without pages); form
            feeds in ``raw`` separate them.
        stated: What the file says about itself (an HTML page's ``url`` and
            ``published``), used where the catalog gives nothing.

    Returns:
        The document.

    Example:
        >>> doc = parse_document("d1", "令和8年4月17日\\n防衛省\\n#### 第5回DICASの開催\\n")
        >>> doc.published.isoformat(), doc.title
        ('2026-04-17', '第5回DICASの開催')
    """
    boiler = vocab.boilerplate()
    body = text.strip_boilerplate(raw, boiler["page_end_markers"], boiler["drop_lines"])
    lines = text.split_lines(body, paged=pages > 0)
    kind = (meta or {}).get("kind") or infer_kind(lines)
    # Title and date lines are read as printed: re-joining wrapped sentences may
    # glue a headline to the byline or date line under it.
    printed = lines
    lines = text.rejoin_wrapped(lines, joins_page_breaks=kind != "slide_deck")
    paragraphs = tuple(
        Paragraph(f"{doc_id}:p{n}", doc_id, n, line.text, line.role, line.footnote_refs, line.page)
        for n, line in enumerate(lines, start=1)
    )
    stated = stated or {}
    url, url_source = (meta or {}).get("url", ""), "catalog"
    if not url:
        url, url_source = stated.get("url", ""), "page"
    if meta:
        published = parse_catalog_date(meta.get("published", ""), path)
        title = meta.get("title_ja") or infer_title(printed)
        title_en, publisher = meta.get("title_en", ""), meta.get("publisher", "")
    else:
        # What an HTML page states about itself in its metadata comes first, where
        # the page bears it out (a stated title is one of its lines).
        published, title_en = infer_published(printed), ""
        title = stated_title(stated.get("title", ""), printed) or infer_title(printed)
        if stated.get("published"):
            published = parse_catalog_date(stated["published"], path)
        elif published is None and stated.get("published_markup"):
            # What htmldate reads from the markup comes last: the page's own date lines first.
            published = parse_catalog_date(stated["published_markup"], path)
        publisher = infer_publisher(printed, title, url, stated.get("publisher", ""), stated.get("page_title", ""))
        if not (meta or {}).get("kind"):
            kind = page_kind(printed, title, publisher, kind)
    title, hidden = text.strip_invisible(title)
    title_en, hidden_en = text.strip_invisible(title_en)
    if hidden or hidden_en:
        log.warning("%s: removed invisible or direction-changing characters (%s) from the title",
                    path or doc_id, ", ".join(sorted(set(hidden + hidden_en))))
    if url and not publisher:
        publisher = url_publisher(url)
    retrieved = (meta or {}).get("retrieved", "")
    if retrieved:
        parse_catalog_date(retrieved, path, "retrieved")
    return Document(
        doc_id=doc_id, path=path or Path(doc_id), title=title, title_en=title_en,
        published=published.value if published else None,
        published_precision=published.precision if published else "",
        kind=kind, publisher=publisher, encoding=encoding, sha256=sha256, raw=raw,
        paragraphs=paragraphs, from_catalog=meta is not None,
        reliability=(meta or {}).get("reliability", ""),
        url=url, url_source=url_source if url else "", retrieved=retrieved, fmt=fmt, pages=pages,
    )


def parse_catalog_date(value: str, path: Path | None = None, field: str = "published") -> dates.ParsedDate | None:
    """Read a catalog date written ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Args:
        value: The date as written.
        path: The document it dates, named in the error.
        field: The catalog column it comes from, named in the error.

    Raises:
        InputError: The value is not such a date.
    """
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    try:
        if not m:
            raise ValueError
        y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        precision = "day" if m[3] else "month" if m[2] else "year"
        return dates.ParsedDate(dt.date(y, mo, d), precision, value, 0, len(value), False)
    except ValueError:
        raise InputError(path or "catalog.csv",
                         f"{field} {value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


# What may stand beside the date on a date line: a label, a time, a weekday.
_DATE_LABEL = re.compile(r"(?i)\b(?:date|published|updated|posted)\b"
                         r"|配信日?|更新日?|公開日?|掲載日?|発表日?|投稿日?|日付|日時|発行日?")
_CLOCK = re.compile(r"\d{1,2}\s?(?::|時)\s?\d{2}(?:\s?分)?(?::\d{2})?")
_WEEKDAY = re.compile(r"[(（][月火水木金土日][)）]")
# A timestamp glued to the end of a headline: ``…へ 2024年06月06日 11時09分``.
_STAMP = re.compile(r"\s(?P<stamp>(?:(?:令和|平成)\d{1,2}|\d{4})\s?[年./-]\s?\d{1,2}\s?[月./-]\s?\d{1,2}\s?日?"
                    r"(?:\s?[(（][月火水木金土日][)）])?(?:\s+\d{1,2}\s?[:時]\s?\d{2}\s?分?)?)\s*$")
# Navigation, section names and site furniture that head a web page.
_NAVIGATION = re.compile(r"[>＞»›|｜]|^(?:ホーム|トップ|TOP|メニュー|ログイン|会員登録|ニュース一覧|"
                         r"政治|経済|国際|社会|速報|ランキング|新着)$")
_SITE_NAME = re.compile(r"^[^、。\s]{1,16}(?:ニュース|新聞|新報|通信|日報|ドットコム|NEWS|News|オンライン|"
                        r"Online|デジタル|電子版|タイムズ|Times|ジャーナル|ウェブ|WEB|Web)$"
                        # English mastheads: a few capitalised words ending as outlets' names do.
                        r"|^(?:[A-Z][\w&.'-]*\s){0,4}(?:Weekly|Daily|News|Times|Post|Journal|Herald|Press|Review|Monitor)"
                        r"(?:\s\((?:English|Online) [Ee]dition\))?$")
# 第IV部 第2章 第3節 before a White Paper's title.
_PART = re.compile(r"^(?:第\s?[0-9IVXⅠ-Ⅻ一二三四五六七八九十]+\s?[部章節]\s*)+")
# A label before a headline: 【速報まとめ】, 社説, [解説].
_TITLE_LABEL = re.compile(r"^(?:【[^】]{1,10}】|\[[^\]]{1,10}\]|(?:社説|コラム|解説|速報|独自)(?:\s|:|：))\s*")
_SECTION_NUMBER = re.compile(r"^(?:\d+|[一二三四五六七八九十]+|[(（]\d+[)）])[\s.．、]")


def date_line(line: str, order: str | None = None) -> dates.ParsedDate | None:
    """The date a date line states, when the line holds nothing else.

    Beside the one absolute date, a date line may carry a label (``date``,
    ``配信``), a time and a weekday: ``2024.06.11``, ``date 2025-10-29``,
    ``2024-6-10 09:20``, ``令和6年10月8日(火)``.

    Example:
        >>> date_line("配信 2024年6月10日(月) 9時20分").iso()
        '2024-06-10'
        >>> date_line("Published April 15, 2026").iso()
        '2026-04-15'
        >>> date_line("Posted: Feb 3, 2025 | Updated: Feb 4, 2025").iso()
        '2025-02-03'
        >>> date_line("18/01/2024").iso(), date_line("05/08/2025", "dmy").iso(), date_line("05/08/2025")
        ('2024-01-18', '2025-08-05', None)

    Args:
        line: The line.
        order: ``dmy`` or ``mdy``, the order the page writes numeric dates in
            (:func:`jdib.ingest.page.date_order`); an ambiguous one is left unread without it.
    """
    line = layout.header_date(line) or line
    if len(line) > 40:
        return _date_segment(line, order)
    found = ([d for d in dates.find_dates(line) if not d.relative] or _english_dates(line)
             or layout.numeric_dates(line, order))
    if found and found[0].precision == "fiscal_year":  # 令和7年度 heads a plan, not a date line
        return None
    if len(found) != 1:
        return _date_segment(line, order)
    rest = line[:found[0].start] + " " + line[found[0].end:]
    for pattern in (_CLOCK, _WEEKDAY, _DATE_LABEL, _EN_WEEKDAY):
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"[\s:：|｜/・\-–—()（）【】\[\]]+", " ", rest).strip()
    # Beside the date, a dateline may name its outlet or issue (共同通信, 防衛産業週報 …号):
    # a short name, never a clause (no kana particles, no punctuation).
    return found[0] if not rest or (len(rest) <= 16 and not re.search(r"[\u3040-\u309f、。]", rest)) else None


_EN_WEEKDAY = re.compile(r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?|\b[ap]\.?m\.?(?=\s|$)")
# Where a line of a byline or a post's header holds several parts: By X | 5 March, 2024 | Topics,
# By X / March 5, 2024 at 5:14 PM.
_PARTS = re.compile(r"\s[|｜·•/]\s|｜")


def _date_segment(line: str, order: str | None) -> dates.ParsedDate | None:
    """The date a line of several parts states in one of them: the first publication's
    (``Posted``, ``公開``) when the parts are labelled, else the only one."""
    parts = _PARTS.split(line)
    if len(parts) < 2:
        return None
    found = [(p, when) for p in parts if (when := date_line(p, order))]
    first = [when for p, when in found if _FIRST_RUN.search(p)]
    return first[0] if first else found[0][1] if len(found) == 1 else None


def headline_stamp(line: str) -> tuple[str, dates.ParsedDate] | None:
    """A headline and the timestamp glued to its end, when it has one.

    Example:
        >>> head, when = headline_stamp("増産へ日米協力 2024年06月06日 11時09分")
        >>> head, when.iso()
        ('増産へ日米協力', '2024-06-06')
    """
    m = _STAMP.search(line)
    if not m:
        lead = _LEADING_STAMP.match(unicodedata.normalize("NFKC", line))
        # Unlabelled, a date before a sentence may be the event's; a label says it is the page's.
        if not lead or not lead["label"] and _is_lead(lead["head"]):
            return None
        when = date_line(lead["stamp"])
        return (line[lead.start("head"):].strip(), when) if when else None
    when = date_line(m.group("stamp"))
    head = line[:m.start()].strip()
    return (head, when) if when and head else None


# A date fused to the start of a headline: ``18/01/2024Japan and …``, ``2024年7月9日日比、…``; with
# its label (``date 2024-06-10 (Wire) -- Japan …``), to a lead as well.
_LEADING_STAMP = re.compile(r"^\s*(?:(?P<label>(?i:date|published|posted|updated)|公開日?|配信日?|掲載日?|更新日?)\s?[:：]?\s?)?"
                            r"(?P<stamp>\d{1,2}/\d{1,2}/\d{4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日"
                            r"|(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8},? \d{4}))"
                            r"\s?(?P<head>(?(label).|[^\s\d、。,.:：(（]).{7,})$")


# A wire story's dateline before its lead: ``NEW DELHI, March 21, 2023 —``, ``Tokyo, June 9 (Jiji
# Press)--``, ``(Bloomberg) --``, ``WASHINGTON --``.
_DATELINE = re.compile(r"^(?:(?:[A-Z][A-Za-z.'-]+ ?){1,3},\s(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?"
                       r"|\d{1,2} [A-Z][a-z]{2,8}(?: \d{4})?)\s?(?:\([^()]{2,30}\)\s?)?"
                       r"|\([^()]{2,30}\)\s?|[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+){0,2}\s?)(?:--|[—–-])\s?(?=\S)")


_PAGE_STAMP = re.compile(r"^【[^】]{0,30}(?:\d+面|年\d{1,2}月\d{1,2}日)[^】]{0,12}】\s*")


def lead_stamp(line: str) -> tuple[str, dates.ParsedDate | None]:
    """A lead without the date or the dateline it opens with, and the date a label
    beside it gives the page (``date 2024-06-10 …``), else None.

    A dateline's date (``NEW DELHI, March 21, 2023 —``) is left to the story's own
    reading: it is the day of the events the lead tells.

    Example:
        >>> rest, when = lead_stamp("date 2023-03-21 NEW DELHI, March 21 — Japan and India signed a pact.")
        >>> rest, when.iso()
        ('Japan and India signed a pact.', '2023-03-21')
    """
    when = None
    stamped = _LEADING_STAMP.match(unicodedata.normalize("NFKC", line))
    if stamped and stamped["label"]:
        when = date_line(stamped["stamp"])
        line = line[stamped.start("head"):].strip() if when else line
    m = _DATELINE.match(line)
    return (line[m.end():] if m else line), when


@cache
def _english_date_pattern() -> tuple[dict[str, int], re.Pattern[str]]:
    # Month names from CLDR (Babel), wide and abbreviated: ``April 15, 2026``, ``15 Apr 2026``.
    from babel.dates import get_month_names  # imported late: only pages with English dates need it

    months = {name.lower(): n for width in ("wide", "abbreviated")
              for n, name in get_month_names(width, locale="en").items()}
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    pattern = re.compile(rf"(?i)\b(?:(?P<m1>{names})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
                         rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{names})\.?,?\s+(?P<y2>\d{{4}}))\b")
    return months, pattern


def _english_dates(line: str) -> list[dates.ParsedDate]:
    """The dates an English date line writes with month names (Japanese dates are read by
    :func:`jdib.ingest.dates.find_dates`)."""
    if not re.search(r"[A-Za-z]{3}", line):
        return []
    months, pattern = _english_date_pattern()
    found = []
    for m in pattern.finditer(line):
        month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
        try:
            value = dt.date(int(year), months[month.lower()], int(day))
        except ValueError:
            continue
        found.append(dates.ParsedDate(value, "day", m.group(0), m.start(), m.end(), False))
    return found


# A date line at the end of a page tells when it was first published (配信, 公開) or
# last changed (更新): the first kind wins.
_FIRST_RUN = re.compile(r"(?i)配信|公開|掲載|投稿|発表|発行|published|posted")
_UPDATED = re.compile(r"(?i)更新|updated")


def infer_published(lines: list[text.Line]) -> dates.ParsedDate | None:
    """The publication date a document states on a date line.

    Where pages put it: a date line near the top, before the lead paragraph
    (alone, or after the site's name), a timestamp at the end of the headline, a
    date line just under the headline, or a labelled line at the end (``配信日時：2025年10月29日 13:52``,
    ``更新``; a first-publication label wins over an update). Only a line that
    is a date line (see :func:`date_line`) counts: a date inside a sentence is
    an event, not the publication date, and guessing would be worse than
    leaving it empty.

    Example:
        >>> lines = text.split_lines("日米が会談\\n両氏は29日に会談した。\\n配信 2025年10月29日 13:52\\n")
        >>> infer_published(lines).iso()
        '2025-10-29'
    """
    # Furniture (a member's Joined line, a caption, a related story's date) never dates
    # the page: only its own lines are read, in the order it writes numeric dates.
    order = layout.date_order(lines)
    post = layout.is_post(lines)
    lines = layout.own_lines(lines)
    # The page's own date comes before its story: a date line after the lead is a
    # related story's, a caption's or the closing lines'.
    lead = next((i for i, line in enumerate(lines) if _is_lead(line.text)), len(lines))
    found = _first_date_line(lines[:min(10, lead)], order)
    if found is None:
        head = _headline(lines)
        if head is not None:
            found = _first_date_line(lines[head[0] + 1:head[0] + 4 if head[0] > lead else min(head[0] + 4, lead)], order)
    if found is None and lead < min(len(lines), 12):
        # A labelled date fused to the lead.
        found = lead_stamp(lines[lead].text)[1]
        # A wire's or a notice's dateline with its year: WASHINGTON, May 5, 2015 – …
        dateline = _DATELINE.match(lines[lead].text) if found is None else None
        if dateline and re.search(r"\d{4}", dateline.group()):
            stated = dates.find_dates(dateline.group())
            found = stated[0] if stated and stated[0].precision == "day" else None
    if found is None:
        tail = [(line.text, when) for line in lines[-10:] if (when := date_line(line.text, order))]
        labelled = ([when for t, when in tail if _FIRST_RUN.search(t)]
                    or [when for t, when in tail if _UPDATED.search(t)])
        found = labelled[0] if labelled else None
    if found is None and post:
        # A post's time stands under its text (2:14 PM · Jan 18, 2024).
        found = _first_date_line(lines, order)
    if found is None and lines:
        # A wire story's own timestamp closing it, alone in brackets: (2025/10/29-18:40).
        last = _CLOSING_STAMP.fullmatch(lines[-1].text)
        found = date_line(last.group("when")) if last else None
    return found


_CLOSING_STAMP = re.compile(r"[(（](?P<when>\d{4}[/.-]\d{1,2}[/.-]\d{1,2})(?:[-\s]\d{1,2}:\d{2})?[)）]")


def _first_date_line(lines: list[text.Line], order: str | None = None) -> dates.ParsedDate | None:
    for line in lines:
        found = date_line(line.text, order)
        if found is None:
            stamped = headline_stamp(line.text)
            found = stamped[1] if stamped else None
        if found is not None:
            return found
    return None


@cache
def _furniture() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    data = vocab.load("page_furniture")
    patterns = tuple(re.compile(p) for key in ("captions", "counters", "disclaimers") for p in data[key])
    return frozenset(label.casefold() for label in data["labels"]), patterns


def _is_lead(t: str) -> bool:
    """A lead paragraph: a sentence that ends, or runs on (in English, a sentence of words)."""
    if text.language(t) == "en":  # English headlines run longer, and end without a full stop
        return len(t) > 200 or t.endswith(":") or (t.endswith((".", "!", "?")) and len(t.split()) >= 12)
    return t.endswith("。") or len(t) > 90 or t.count("。") >= 2


def _not_a_title(line: text.Line) -> bool:
    t = line.text
    labels, furniture = _furniture()
    return bool(date_line(t) or t in vocab.publishers() or _SITE_NAME.match(t) or layout.furniture(t)
                or layout.masthead(t)
                or layout.named_on(t, known_publishers())
                or t in vocab.boilerplate().get("title_labels", ())
                or _NAVIGATION.search(t) or re.fullmatch(r"[(（][^)）]*[)）]", t)
                or _SECTION_NUMBER.match(t) or t.casefold() in labels
                or any(p.search(t) for p in furniture) or _is_lead(t))


# Words of a line, to tell the headline from the site's name: Latin words of four
# letters or more, and character pairs of kanji and katakana runs (Japanese has no spaces).
_WORDS = re.compile(r"[a-z0-9][a-z0-9.\-]*|[\u3005\u30a1-\u30fa\u30fc\u4e00-\u9fff]+")
#: The share of its words a headline shares with the lead, at least.
HEADLINE_SHARE = 1 / 3
#: How many lead paragraphs the headline is compared with.
LEAD_PARAGRAPHS = 3


def _words(t: str) -> set[str]:
    out: set[str] = set()
    for w in _WORDS.findall(unicodedata.normalize("NFKC", t).lower()):
        if w[0].isascii():
            if len(w) >= 4 and not w.replace(".", "").isdigit():
                out.add(w[:6])  # a crude stem: industrial and industries are one word
        else:
            out.update(w[i:i + 2] for i in range(len(w) - 1))
    return out


def _headline(lines: list[text.Line]) -> tuple[int, text.Line] | None:
    """The headline and its position: the first heading, else the line the story goes
    on to tell, else the first line that may be a title."""
    # The first dozen lines that are not furniture: a cookie banner or a government
    # banner may stand above the story as many lines again.
    shown = [(i, line) for i, line in enumerate(lines[:40]) if not layout.furniture(line.text)][:12]
    # A headline stands before the story it tells: a tagline, a sub-heading or an
    # attachment's link after the first lead paragraph is not one, unless its own
    # date line stands under it (a page that puts its story first).
    first_lead = next((i for i, line in shown if _is_lead(line.text)), len(lines))
    head = [(i, line) for i, line in shown if (i < first_lead or _dated(lines, i)) and not _not_a_title(line)
            and not _pictures_title(lines, i)]
    # A White Paper names its part, chapter and section on lines of their own: the last is the title.
    while len(head) > 1 and _PART.match(head[0][1].text) and _PART.match(head[1][1].text):
        head = head[1:]
    heading = next((h for h in head if h[1].role == "heading"), None)
    # Failing a line the story tells, the first that reads as a headline: in English a
    # section's name (Briefing Room) is a word or two, a headline more.
    worded = [h for h in head if text.language(h[1].text) != "en" or len(h[1].text.split()) >= 3]
    return heading or _told(lines, head) or (worded or [None])[0]


def _dated(lines: list[text.Line], i: int) -> bool:
    """Whether the next line of the page after line ``i`` is a date line."""
    rest = [line for line in lines[i + 1:i + 3] if line.text.strip()]
    return bool(rest) and date_line(rest[0].text) is not None


def _pictures_title(lines: list[text.Line], i: int) -> bool:
    """Whether line ``i`` is a picture's own title: the next line is the picture's caption,
    and the caption tells more of its words than the story after it does."""
    rest = [line for line in lines[i + 1:i + 12] if line.text.strip()]
    if not rest or layout.furniture(rest[0].text) != "caption":
        return False
    story = [line.text for line in rest[1:] if _is_lead(line.text) and not layout.furniture(line.text)]
    words = _words(lines[i].text)
    told = len(words & set().union(*map(_words, story[:LEAD_PARAGRAPHS]))) if story else 0
    return len(words & _words(rest[0].text)) > told


def _told(lines: list[text.Line], head: list[tuple[int, text.Line]]) -> tuple[int, text.Line] | None:
    """Among the lines before the lead, the one sharing most words with the lead
    paragraphs (and at least :data:`HEADLINE_SHARE` of its own): a headline
    announces the story, a site's name, tagline or section shares nothing with it."""
    leads = [i for i, line in enumerate(lines[:30])
             if _is_lead(line.text) and not layout.furniture(line.text)][:LEAD_PARAGRAPHS]
    if not leads:
        return None
    story = set().union(*(_words(lines[i].text) for i in leads))
    # A bullet (■, ◆, ・ …) opens an item of the page (a digest's story, a list of
    # points): the page's own title stands above the first.
    items = next((i for i, line in enumerate(lines[:30]) if line.role == "bullet"), len(lines))
    best, most = None, 1  # one shared pair of characters is chance
    for i, line in head:
        if i > leads[0] or i >= items:
            break
        words = _words(line.text)
        shared = len(words & story)
        if shared > most and shared >= HEADLINE_SHARE * len(words):
            best, most = (i, line), shared
    return best


def infer_title(lines: list[text.Line]) -> str:
    """The headline, read from the page's structure rather than a list of sites.

    Among the first lines, those that cannot be a title are set aside: date
    lines, publishers and site names, navigation and breadcrumbs, section
    numbers, lead paragraphs, and the furniture of ``page_furniture.yaml``
    (labels such as ``AI要約`` or ``報道発表``, photo captions, comment counters,
    disclaimers). Of the rest, the first heading is the title; else the line the
    story goes on to tell (it shares its words with the lead paragraph, where a
    site's name or tagline shares none); else the first. A timestamp glued to
    its end is not part of it.

    Example:
        >>> lines = text.split_lines("WING\\n航空・宇宙・防衛の専門ニュース\\n日米がDICAS初会合\\n"
        ...                          "日米両政府は9日、DICASの初会合を防衛省で開いた。\\n")
        >>> infer_title(lines)
        '日米がDICAS初会合'
    """
    found = _headline(lines)
    if found is None:  # no headline: the start of the first sentence of the page's own stands in
        own = [line for line in lines if not layout.furniture(line.text) and not date_line(line.text)] or lines
        # The story's first paragraph, not a section's name or a picture's title above it.
        own = [line for line in own if _is_lead(line.text)][:1] or own
        # 【2023年2月22日(水)1面】: a paper's page stamp before the lead is the page's, not the story's.
        first = _PAGE_STAMP.sub("", lead_stamp(own[0].text)[0]).split("。")[0] if own else ""
        return first if len(first) <= 40 else first[:39].rstrip() + "…"
    pick = found[1]
    stamped = headline_stamp(pick.text)
    title = stamped[0] if stamped else pick.text
    title = _PART.sub("", title).strip() or title
    title = _TITLE_LABEL.sub("", title).strip() or title
    return layout.bare_title(title)


def url_publisher(url: str) -> str:
    """Who publishes at a URL: the owner of its domain (``sources.yaml``), else the domain.

    Example:
        >>> url_publisher("https://www.mod.go.jp/j/press/news/2024/12/12a.html")
        '防衛省'
        >>> url_publisher("https://news.example.com/a/1")
        'news.example.com'
    """
    from urllib.parse import urlsplit  # imported late: only documents with a URL need it

    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    domains = vocab.load("sources").get("domains", {})
    known = [d for d in domains if host == d or host.endswith("." + d)]
    return domains[max(known, key=len)] if known else host


def infer_publisher(lines: list[text.Line], title: str = "", url: str = "", stated: str = "",
                    page_title: str = "") -> str:
    """Who published a page read without a catalog row.

    The URL's domain decides first when its owner is known (``sources.yaml``:
    ``domains``); then what an HTML page states in its metadata (``og:site_name``,
    JSON-LD ``publisher``) or a known publisher its ``<title>`` ends with
    (``… ｜防衛省・自衛隊``); then what the page says of itself
    (:func:`jdib.ingest.page.page_publisher`: an issuing line, a series header, a
    banner, letterhead or sign-off naming a known publisher, an outlet's masthead
    or copyright line); then another site's name its ``<title>`` ends with; then
    the URL's domain as a name. Empty when none tells.

    Example:
        >>> infer_publisher(text.split_lines("An official website of the United States government\\n"
        ...     "U.S. Department of Defense\\nHome > News\\nA Headline Here\\n"))
        'U.S. Department of Defense'
    """
    if url:
        owner = url_publisher(url)
        if owner in known_publishers():
            return owner
    if stated:
        return stated
    site, known = layout.title_site(page_title, known_publishers())
    if known:
        return site
    found = layout.page_publisher(lines, title, known_publishers())
    if found:
        return found
    if site:
        return site
    return url_publisher(url) if url else ""


@cache
def known_publishers() -> dict[str, str]:
    """Every publisher ``sources.yaml`` gives a tier, and the publishers heading official
    documents (``publishers.yaml``), name to tier, longest name first."""
    tiers = vocab.load("sources")["tiers"]
    names = {name: tier for tier in reversed(list(tiers)) for name in tiers[tier].get("publishers", [])}
    names.update({name: "official" for name in vocab.load("publishers") if name not in names})
    return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


def page_kind(lines: list[text.Line], title: str, publisher: str, kind: str) -> str:
    """The kind of a page read without a catalog row: its structure first (a slide deck,
    a White Paper section), then its form (:func:`jdib.ingest.page.page_kind`), then
    the layout's guess; a dated story under an outlet's name is a news article."""
    if kind in ("slide_deck", "white_paper_section"):
        return kind
    tier = next((t for name, t in known_publishers().items() if name in publisher), "") if publisher else ""
    found = layout.page_kind(lines, title, tier == "official")
    if found:
        return found
    if publisher and tier != "official" and kind in ("press_release", "unknown") \
            and infer_published(lines) is not None:
        return "news_article"
    return kind


def stated_title(stated: str, lines: list[text.Line]) -> str:
    """An HTML page's stated title (``og:title``, JSON-LD ``headline``, ``<title>``) when one
    of its lines bears it out, without the site's name a ``<title>`` adds (``… | Site``)."""
    if not stated:
        return ""
    printed = {unicodedata.normalize("NFKC", line.text).strip() for line in lines[:40]}
    for candidate in (stated, *re.split(r"\s+[|｜\-–—]\s+|｜", stated)[:1]):
        candidate = candidate.strip()
        if candidate and unicodedata.normalize("NFKC", candidate) in printed:
            return candidate
    return ""


def infer_kind(lines: list[text.Line]) -> str:
    """Guess the kind of document from its layout."""
    head = [line.text for line in lines[:6]]
    if sum(line.text.startswith("▶") or "▶" in line.text[:3] for line in lines) >= 3:
        return "slide_deck"
    if any(re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}", t) for t in head):
        return "news_article"
    if any(re.match(r"第[\dIVX]+(?:部|章|節)", t) for t in head):  # 第IV部 第2章 第3節
        return "white_paper_section"
    if any(t in ("(お知らせ)", "お知らせ") for t in head) or any(line.role == "heading" for line in lines[:6]):
        return "press_release"
    return "unknown"


def read_catalog(seeds_dir: Path) -> dict[str, dict[str, str]]:
    """Read ``catalog.csv`` keyed by file name (empty when there is none).

    Raises:
        InputError: The catalog lacks a column or names a file twice.
    """
    path = seeds_dir / "catalog.csv"
    if not (path.exists() or path.is_symlink()):
        return {}
    # Read like the documents: UTF-8, else Shift-JIS/CP932 (Excel's Japanese CSV).
    text, encoding = decode(seeds_files.read(path, seeds_dir, limits.CATALOG_BYTES, "catalog"), path)
    if encoding != "utf-8":
        log.warning("%s: decoded as %s", path, encoding)
    with io.StringIO(text, newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        twice = sorted({c for c in header if header.count(c) > 1})
        if twice:  # a reader would keep one of the two cells in silence
            raise InputError(path, f"the header names column(s) {', '.join(map(repr, twice))} more than "
                                   "once; keep one of each")
        missing = [c for c in CATALOG_COLUMNS if c not in header]
        if missing:
            raise InputError(path, f"missing column(s): {', '.join(missing)}")
        rows: dict[str, dict[str, str]] = {}
        for row in reader:
            line_no = reader.line_num
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue  # a blank line
            short = [c for c in CATALOG_COLUMNS if row.get(c) is None]
            if short:
                raise InputError(path, f"line {line_no}: the row ends before {', '.join(short)}")
            empty = [c for c in REQUIRED_CATALOG_COLUMNS if not (row.get(c) or "").strip()]
            if empty:
                raise InputError(path, f"line {line_no}: missing {', '.join(empty)}")
            name = (row["file"] or "").strip()
            doc_id = (row["doc_id"] or "").strip()
            if not DOC_ID.fullmatch(doc_id):
                raise InputError(path, f"line {line_no}: doc_id {doc_id!r} may hold only letters, digits, "
                                       "'.', '-' and '_' (at most 100, starting with a letter or digit), "
                                       "as it is cited as doc_id:pN and listed with ';'")
            if name in rows:
                raise InputError(path, f"line {line_no}: file {name!r} is listed twice")
            if row["kind"] and row["kind"] not in KINDS:
                raise InputError(path, f"line {line_no}: unknown kind {row['kind']!r} "
                                       f"(expected one of {', '.join(KINDS)})")
            for column in ("published", "retrieved"):
                value = (row.get(column) or "").strip()
                if value and not _ISO_DATE[column].fullmatch(value):
                    raise InputError(path, f"line {line_no}: {column} {value!r} is not an ISO date "
                                           f"({_ISO_DATE_FORMS[column]})")
            if (row.get("reliability") or "").strip() not in ("", *RELIABILITY):
                raise InputError(path, f"line {line_no}: unknown reliability {row['reliability']!r} "
                                       f"(expected one of {', '.join(RELIABILITY)})")
            rows[name] = {k: (v or "").strip() for k, v in row.items()
                          if isinstance(k, str) and isinstance(v, (str, type(None)))}
            for column in OPTIONAL_CATALOG_COLUMNS:
                rows[name].setdefault(column, "")
        return rows


def doc_id_for(path: Path, meta: dict[str, str] | None) -> str:
    """The doc_id of a file: its catalog row's, else its name without the suffix made
    into a doc_id (each run of other characters becomes ``-``).

    Example:
        >>> doc_id_for(Path("[公式発表](https:evil.example).txt"), None)
        '公式発表-https-evil.example'
    """
    if meta and meta.get("doc_id"):
        return meta["doc_id"]
    if DOC_ID.fullmatch(path.stem):
        return path.stem
    safe = re.sub(r"[^\w.-]+", "-", path.stem).strip("-._")[:100].rstrip("-._")
    return safe or "doc-" + hashlib.sha256(os.fsencode(path.name)).hexdigest()[:12]


def uncatalogued(doc: Document) -> str:
    """The warning for a document without a catalog row: its doc_id when the file
    name could not be one, and what was inferred from the text."""
    cited = f"cited as {doc.doc_id!r}; " if doc.doc_id != doc.path.stem else ""
    return (f"{doc.path.name}: not in catalog.csv; {cited}inferred title {doc.title!r} and date "
            f"{doc.published_iso or '(none found)'}" + (f" and URL {doc.url}" if doc.url else ""))


def document_files(seeds_dir: Path) -> list[Path]:
    """The files of a seeds folder that may be documents, in name order.

    Everything but the catalog, a README, hidden files and sub-folders: a file
    no reader takes (a link to a folder, a named pipe among them) is reported
    by :func:`load_corpus`, never passed over in silence; nor are sub-folders
    (see :func:`warn_sub_folders`).
    """
    return sorted((p for p in seeds_dir.iterdir()
                   if not p.name.startswith(".") and p.name.lower() not in NOT_DOCUMENTS
                   and (p.is_symlink() or not p.is_dir())), key=lambda p: p.name)  # one folder: names order


def warn_sub_folders(seeds_dir: Path) -> None:
    """Say which sub-folders of a seeds folder are not read (hidden ones aside)."""
    for p in sorted(seeds_dir.iterdir()):
        if not p.name.startswith(".") and p.is_dir() and not p.is_symlink():
            log.warning("%s: a folder; only the files directly in the seeds folder are read, "
                        "not those in its folders", p)


def read_file(path: Path, root: Path) -> tuple[bytes, readers.Read]:
    """Read one file of a seeds folder with the reader its content calls for.

    Nothing is read before :func:`jdib.ingest.files.check` allows it: a link
    leaving the folder, a pipe, a device or a file over its size limit is
    skipped unopened.

    Returns:
        The file's bytes (for its checksum) and what the reader made of them.

    Raises:
        readers.Skip: The file is not read (not a document, a link leaving the
            folder, a PDF without text, past a limit...).
        InputError: A text document that is empty, binary or undecodable.
    """
    expected = readers.SUFFIX_FORMATS.get(path.suffix.lower())
    limit = limits.DOCUMENT_BYTES.get(expected, max(limits.DOCUMENT_BYTES.values()))
    data = seeds_files.read(path, root, limit)
    return data, readers.read(path, data)


#: Why a document whose every line is site or page furniture is skipped.
NO_TEXT_LEFT = "no text remains after removing page furniture; not read"


def load_corpus(seeds_dir: str | Path, progress: bool = False, strict: bool = False) -> Corpus:
    """Load and clean every document of a seeds folder.

    Each file is read by the reader its content and suffix call for (text,
    HTML, PDF, DOCX). A file that is not read (an image, a spreadsheet, an
    encrypted or scanned PDF, a link leaving the folder) is skipped with a
    warning naming it and the reason; ``strict`` makes that an error.

    Args:
        seeds_dir: Folder of documents and an optional ``catalog.csv``.
        progress: Show a progress bar on the terminal.
        strict: Stop at the first file that cannot be read instead of skipping it.

    Returns:
        The corpus, documents ordered by doc_id.

    Raises:
        InputError: A missing folder, an unreadable text document, a catalog row
            for a missing file, two documents with the same doc_id, or (with
            ``strict``) any file that is skipped.

    Example:
        >>> corpus = load_corpus("seeds")  # doctest: +SKIP
        >>> corpus.get("mod-20260417-dicas4").published
        datetime.date(2026, 4, 17)
    """
    root = Path(seeds_dir)
    seeds_files.check_folder(root)
    catalog = read_catalog(root)
    files = document_files(root)
    warn_sub_folders(root)
    names = {p.name for p in files}
    for name in catalog:
        if name not in names:
            raise InputError(root / "catalog.csv", f"lists {name!r}, which is not in the folder")
    docs: dict[str, Document] = {}
    skipped: list[tuple[str, str]] = []
    for path in _progress(files, progress):
        try:
            data, got = read_file(path, root)
        except readers.Skip as skip:
            if strict:
                raise
            log.warning("%s", skip)
            skipped.append((path.name, skip.reason))
            continue
        for note in got.notes:
            log.warning("%s", note)
        meta = catalog.get(path.name)
        doc_id = doc_id_for(path, meta)
        if doc_id in docs:
            raise InputError(path, f"doc_id {doc_id!r} is already used by {docs[doc_id].path.name}")
        doc = parse_document(doc_id, got.text, meta, path=path, encoding=got.encoding,
                             sha256=hashlib.sha256(data).hexdigest(), fmt=got.fmt,
                             pages=got.pages, stated=got.meta)
        if not doc.paragraphs:  # skipped as an unreadable file is: the others are read
            skip = readers.Skip(path, NO_TEXT_LEFT)
            if strict:
                raise skip
            log.warning("%s", skip)
            skipped.append((path.name, skip.reason))
            continue
        if meta is None:
            log.warning("%s", uncatalogued(doc))
        docs[doc_id] = doc
    formats = sorted({d.fmt for d in docs.values()})
    if skipped or formats != ["text"]:
        read = ", ".join(f"{d.path.name} ({d.fmt}{f', {d.pages} pages' if d.pages else ''})"
                         for d in sorted(docs.values(), key=lambda d: d.path.name))
        log.warning("%s: read %d document(s): %s; skipped %d file(s)%s", root, len(docs), read,
                    len(skipped), ": " + ", ".join(n for n, _ in skipped) if skipped else "")
    return Corpus(root, tuple(docs[k] for k in sorted(docs)), tuple(skipped))


def _progress(items, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm  # imported late: tqdm is only needed on a terminal
    return tqdm(items, desc="reading documents", unit="doc", leave=False)
