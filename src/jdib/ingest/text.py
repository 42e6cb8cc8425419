"""Cleaning raw document text into citable paragraphs.

The seed documents come from PDFs, slide decks and news pages. Each source
leaves its own noise (letter-spaced acronyms, ruby readings, footnote digits
glued to words, markdown and HTML, site navigation, page-break wraps); this
module removes it while keeping every sentence of content.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

_RUBY = re.compile(r"\^\{[^{}]*\}")
_SUPERSCRIPT_REF = re.compile(r"(?<=\S)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_KOME_REF = re.compile(r"※(\d+)(?!\s)")
# Layout markup left by page and slide exports. Other tags (a quoted <script>)
# are text the document shows, and stay for the reports to escape.
_HTML_TAG = re.compile(
    r"</?(?:ul|ol|li|br|p|div|span|b|i|u|em|strong|table|thead|tbody|tr|td|th|font|sup|sub|a)"
    r"(?:\s[^<>\n]*)?/?>", re.I)
_EMPHASIS = re.compile(r"\*\*|__")
_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^(?:[-*・▶◆□■●○◎]\s*)+")
# A run of three or more single letters/digits separated by single spaces,
# e.g. "A I M - 1 2 0". Dots are excluded from the boundary so "D I C A S 2.0"
# keeps the version number apart.
_SPACED_LATIN = re.compile(
    r"(?<![A-Za-z0-9.])(?:[A-Za-z0-9-] ){2,}[A-Za-z0-9-](?![A-Za-z0-9.])"
)
_CJK = r"[\u3040-\u30ff\u3400-\u9fff]"
_SPACED_CJK = re.compile(rf"(?<!{_CJK})(?:{_CJK} ){{1,}}{_CJK}(?!{_CJK})")
_LIST_MARKER = re.compile(
    r"^(?:\d+[.．]?\s|\(\d+\)|[ア-ン]\s|[①-⑳]|第\d+[節章部]|※|[-*・▶◆□■●○◎])"
)
_FOOTNOTE_BODY = re.compile(r"^(?:(\d{1,2})\s+\S|※(\d+)\s*\S)")
_TERMINAL = tuple("。．.！？!?」』）)】:：;")
_WRAP_END = re.compile(rf"(?:{_CJK}|、)$")
_DATE_LINE = re.compile(
    r"(?:(?:令和|平成|昭和)\s?(?:元|\d{1,2})|\d{4})\s?[年./-]\s?\d{1,2}\s?[月./-]\s?\d{1,2}\s?日?"
    r"(?:\s?[(（][月火水木金土日][)）])?(?:\s+\d{1,2}\s?[:時]\s?\d{2}\s?分?)?")
_WRAP_START = re.compile(rf"^(?:{_CJK}|[(（])")


@dataclass(frozen=True)
class Line:
    """One cleaned line of a document before it becomes a paragraph.

    Attributes:
        text: The cleaned text (table rows hold one cell per line).
        role: ``heading``, ``bullet``, ``body``, ``footnote`` or ``table_row``.
        footnote_refs: Footnote numbers referenced from this line.
        blank_before: Whether a blank line preceded it in the source, which is
            how page breaks show in text extracted from PDFs.
    """

    text: str
    role: str
    footnote_refs: tuple[str, ...] = ()
    blank_before: bool = False


def collapse_letter_spacing(text: str) -> str:
    """Join letters, digits and kanji that a layout spread apart with spaces.

    Args:
        text: NFKC-normalised text.

    Returns:
        The text with each letter-spaced run written as one word.

    Example:
        >>> collapse_letter_spacing("A I M - 1 2 0 と D I C A S 2.0")
        'AIM-120 と DICAS 2.0'
    """
    text = _SPACED_LATIN.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _SPACED_CJK.sub(lambda m: m.group(0).replace(" ", ""), text)


def detach_footnote_refs(line: str) -> tuple[str, tuple[str, ...]]:
    """Remove footnote markers glued to words and return them separately.

    Handles superscript digits (``取極¹``) and ``※1`` markers used inline.
    Must run before NFKC, which would turn ``¹`` into a plain ``1``.

    Args:
        line: One raw line.

    Returns:
        The line without markers, and the footnote numbers in order.

    Example:
        >>> detach_footnote_refs("対米武器技術供与取極¹を締結")
        ('対米武器技術供与取極を締結', ('1',))
    """
    refs: list[str] = []

    def keep(match: re.Match[str]) -> str:
        refs.append(match.group(1).translate(SUPERSCRIPTS))
        return ""

    line = _SUPERSCRIPT_REF.sub(keep, line)
    if not _FOOTNOTE_BODY.match(line.strip()):
        line = _KOME_REF.sub(keep, line)
    return line, tuple(refs)


_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}
_CIRCLED_RE = re.compile("[" + "".join(_CIRCLED) + "]")


def clean_inline(text: str) -> str:
    """Normalise one line: ruby, NFKC, markup, letter spacing, whitespace.

    Args:
        text: One raw line with footnote markers already detached.

    Returns:
        The cleaned line.

    Example:
        >>> clean_inline("**ＤＩＣＡＳ**^{ダイキヤス}の開催")
        'DICASの開催'
    """
    text = _RUBY.sub("", text)
    # NFKC would turn ① into a bare 1 that reads as part of the next number.
    text = _CIRCLED_RE.sub(lambda m: _CIRCLED[m.group(0)], text)
    text = unicodedata.normalize("NFKC", text)
    text = _HTML_TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"[ \t]+", " ", text).strip()
    return collapse_letter_spacing(text)


def _split_table_row(raw: str) -> str:
    """A tab-separated row becomes one cell per line; list items in cells too."""
    cells: list[str] = []
    for cell in raw.split("\t"):
        cell = _HTML_TAG.sub("\n", cell)
        for part in re.split(r"\n|▶", cell):
            part = clean_inline(part)
            if part:
                cells.append(part)
    return "\n".join(cells)


def strip_boilerplate(raw: str, markers: list[str], line_patterns: list[str]) -> str:
    """Drop web page furniture that is not part of the document.

    Args:
        raw: The whole raw text.
        markers: Regexes of lines after which the rest of the page is navigation
            (for example a ``Ranking読まれている記事`` headline list).
        line_patterns: Regexes of single lines to drop wherever they appear.

    Returns:
        The text with that furniture removed.
    """
    page_end, drop = _any_of(tuple(markers)), _any_of(tuple(line_patterns))
    kept: list[str] = []
    for line in raw.splitlines():
        stripped = line.strip()
        if page_end.search(stripped):
            break
        if drop.fullmatch(stripped):
            continue
        kept.append(line)
    return "\n".join(kept)


@cache
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching where any of ``patterns`` does (none: matching nothing).

    Compiled once: a corpus has thousands of documents of hundreds of lines each.
    """
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def split_lines(raw: str) -> list[Line]:
    """Turn boilerplate-free raw text into cleaned, classified lines.

    Args:
        raw: Raw text of one document, boilerplate already removed.

    Returns:
        The non-empty lines, cleaned, with their role.
    """
    out: list[Line] = []
    blank = False
    pending: set[str] = set()  # footnotes referenced but whose bodies are not yet seen
    for rawline in raw.splitlines():
        if not rawline.strip():
            blank = True
            continue
        if "\t" in rawline:
            text = _split_table_row(rawline)
            if text:
                out.append(Line(text, "table_row", (), blank))
            blank = False
            continue
        line, refs = detach_footnote_refs(rawline.strip())
        role = "body"
        if _HEADING.match(line):
            line, role = _HEADING.sub("", line), "heading"
        elif _BULLET.match(line):
            line, role = _BULLET.sub("", line), "bullet"
        text = clean_inline(line)
        if not text:
            continue
        pending.update(refs)
        numbered = _FOOTNOTE_BODY.match(text)
        if role == "body" and numbered:
            number = numbered.group(1) or numbered.group(2)
            # "1 総論" is a numbered heading unless a footnote 1 is awaiting its body.
            if numbered.group(2) or number in pending:
                role = "footnote"
                pending.discard(number)
            elif len(text) < 40 and not text.endswith("。"):
                role = "heading"
        out.append(Line(text, role, refs, blank))
        blank = False
    return out


def _is_wrapped(prev: Line, nxt: Line, joins_page_breaks: bool) -> bool:
    """Whether ``nxt`` continues a sentence that a page break cut in ``prev``."""
    if prev.role not in ("body", "bullet") or nxt.role != "body":
        return False
    if _DATE_LINE.fullmatch(nxt.text):  # a release's date under its headline
        return False
    if len(prev.text) < 30 or prev.text.endswith(_TERMINAL):
        return False
    if _LIST_MARKER.match(nxt.text) or not _WRAP_START.match(nxt.text):
        return False
    if not nxt.blank_before:
        return prev.text.endswith("、") or bool(re.match(r"^[\u3040-\u309f]", nxt.text))
    return joins_page_breaks and bool(_WRAP_END.search(prev.text))


def rejoin_wrapped(lines: list[Line], joins_page_breaks: bool = True) -> list[Line]:
    """Re-join sentences split by page breaks, moving footnote bodies aside.

    A printed page ends mid-sentence and its footnotes come before the rest of
    the sentence on the next page; the sentence is joined and the footnotes
    follow it.

    Args:
        lines: Output of :func:`split_lines`.
        joins_page_breaks: Whether a blank line may be a page break inside a
            sentence (true for printed documents, false for slide decks whose
            blank lines separate slides).

    Returns:
        The lines with wrapped sentences joined.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        cur = lines[i]
        j = i + 1
        held: list[Line] = []
        while j < len(lines):
            k = j
            while k < len(lines) and lines[k].role == "footnote" and joins_page_breaks:
                k += 1
            if k < len(lines) and _is_wrapped(cur, lines[k], joins_page_breaks):
                held.extend(lines[j:k])
                nxt = lines[k]
                sep = " " if re.search(r"[A-Za-z0-9)]$", cur.text) and nxt.text[:1].isascii() else ""
                cur = Line(cur.text + sep + nxt.text, cur.role,
                           cur.footnote_refs + nxt.footnote_refs, cur.blank_before)
                j = k + 1
            else:
                break
        out.append(cur)
        out.extend(held)
        i = j
    return out
