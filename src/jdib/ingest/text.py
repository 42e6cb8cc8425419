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
from importlib import resources

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
        page: The page it is printed on (counting form feeds, from 1), or None
            for text without page breaks.
    """

    text: str
    role: str
    footnote_refs: tuple[str, ...] = ()
    blank_before: bool = False
    page: int | None = None


# Zero-width characters, the BOM, soft hyphen and the bidirectional controls
# (U+202A-U+202E, U+2066-U+2069, LRM/RLM/ALM): invisible, and the controls can
# make a title read differently from its characters (U+202E reverses them).
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u2066-\u206f\ufeff]")


def strip_invisible(text: str) -> tuple[str, list[str]]:
    """Remove invisible and text-direction control characters.

    Returns:
        The text without them, and the removed characters as ``U+XXXX`` names.

    Example:
        >>> strip_invisible("防衛\u202e省\u200b")
        ('防衛省', ['U+202E', 'U+200B'])
    """
    found = [f"U+{ord(c):04X}" for c in _INVISIBLE.findall(text)]
    return (_INVISIBLE.sub("", text), found) if found else (text, [])


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


@cache
def radical_table() -> dict[int, str]:
    """Kangxi radicals and CJK radicals supplement mapped to the ideographs they stand for.

    PDF printers often write 月 as ⽉ (U+2F49) or 長 as ⻑ (U+2ED1): the same
    glyph, another code point, so a search for 日米 misses ⽇⽶. NFKC folds the
    Kangxi block (U+2F00–U+2FD5) but not the supplement (U+2E80–U+2EFF), whose
    equivalents come from Unicode's EquivalentUnifiedIdeograph.txt
    (``jdib/data/radicals.csv``).
    """
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    rows = resources.files("jdib.data").joinpath("radicals.csv").read_text("utf-8").splitlines()
    for row in rows[1:]:
        radical, _, ideograph = row.split(",")
        table[ord(radical)] = ideograph
    return table


def fold_radicals(text: str) -> str:
    """Write radical look-alikes as the ordinary ideographs.

    Example:
        >>> fold_radicals("⽇⽶の官⺠と⻑官")
        '日米の官民と長官'
    """
    if not _RADICAL.search(text):
        return text
    return text.translate(radical_table())


_RADICAL = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
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
    text = fold_radicals(text)
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
    for line in _raw_lines(raw):
        if line == "\f":
            kept.append(line)
            continue
        stripped = line.strip()
        if page_end.search(stripped):
            break
        if drop.fullmatch(stripped):
            continue
        kept.append(line)
    return "\n".join(kept)


def _raw_lines(raw: str) -> list[str]:
    """The lines of a text, a page break (form feed) standing as a line ``"\\f"`` of its own.

    ``str.splitlines`` would treat a form feed as a plain line break and lose the page.
    """
    lines: list[str] = []
    for i, page in enumerate(raw.split("\f")):
        if i:
            lines.append("\f")
        lines.extend(re.split(r"\r\n|\r|\n|\v|\x1c|\x1d|\x1e|\x85|\u2028|\u2029", page))
    return lines


@cache
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching where any of ``patterns`` does (none: matching nothing).

    Compiled once: a corpus has thousands of documents of hundreds of lines each.
    """
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def split_lines(raw: str, paged: bool = False) -> list[Line]:
    """Turn boilerplate-free raw text into cleaned, classified lines.

    Args:
        raw: Raw text of one document, boilerplate already removed; a form
            feed starts a new page.
        paged: Whether the document has pages even when it has no form feed
            (a one-page PDF): then every line carries its page number.

    Returns:
        The non-empty lines, cleaned, with their role.
    """
    out: list[Line] = []
    blank = False
    pending: set[str] = set()  # footnotes referenced but whose bodies are not yet seen
    page = 1 if paged or "\f" in raw else None
    for rawline in _raw_lines(raw):
        if rawline == "\f":
            page = (page or 1) + 1
            blank = True
            continue
        if not rawline.strip():
            blank = True
            continue
        if "\t" in rawline:
            text = _split_table_row(rawline)
            if text:
                out.append(Line(text, "table_row", (), blank, page))
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
        out.append(Line(text, role, refs, blank, page))
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
            # A sentence may go on over one page break, never past it: each paragraph
            # cites the page it starts on, and a page's text is never cited to one
            # two pages before it.
            beyond = k < len(lines) and cur.page is not None and (lines[k].page or 0) > cur.page + 1
            if k < len(lines) and not beyond and _is_wrapped(cur, lines[k], joins_page_breaks):
                held.extend(lines[j:k])
                nxt = lines[k]
                sep = " " if re.search(r"[A-Za-z0-9)]$", cur.text) and nxt.text[:1].isascii() else ""
                cur = Line(cur.text + sep + nxt.text, cur.role,
                           cur.footnote_refs + nxt.footnote_refs, cur.blank_before, cur.page)
                j = k + 1
            else:
                break
        out.append(cur)
        out.extend(held)
        i = j
    return out


_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def language(text: str) -> str:
    """``ja`` when a text is written in Japanese, ``en`` when in English, ``""`` when it has no words.

    A Japanese sentence may hold English names (DICAS, AMRAAM); an English one
    holds no kana or kanji but for a quoted name, so kana and kanji decide.

    Example:
        >>> language("日米はDICASを開催した"), language("The U.S. and Japan held DICAS"), language("2026")
        ('ja', 'en', '')
    """
    cjk = len(_KANA_KANJI.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if not cjk and not latin:
        return ""
    return "ja" if cjk * 4 >= latin or cjk >= 20 else "en"
