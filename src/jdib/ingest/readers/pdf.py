"""PDF: the text layer, rebuilt into paragraphs with the page each starts on.

Library: pypdfium2 (PDFium; Apache-2.0/BSD). Compared with pdfplumber 0.11
and pypdf 7 on the press release printed by Chromium (two A4 pages,
hard-wrapped Japanese, running header and page numbers) and a page whose text
layer holds Kangxi-radical look-alikes; median of 10 runs on a shared 2-core
machine (absolute times vary with load, the ratios held across runs):

===========  ===========  ==========  =========================================
library      ms / page    similarity  notes
===========  ===========  ==========  =========================================
pypdfium2    50–100       0.988       reading order right; line breaks and
                                      per-character boxes (used below)
pdfplumber   650–930      0.987       boxes too, but pure-Python pdfminer;
                                      117 radical look-alikes left in the text
pypdf        490–525      0.987       no geometry: short lines and paragraph
                                      gaps cannot be told apart; 117 look-alikes
===========  ===========  ==========  =========================================

(similarity: difflib ratio of the raw text, radicals folded, whitespace
removed, to the ``.txt`` paragraphs; the rest is the running header and
page numbers). This reader, text plus the rebuilding below, gives 0.996 and
the same 19 paragraphs as the ``.txt``; on the White Paper section printed
with indented paragraphs and superscript footnote markers
(``tests/data/formats/white_paper.pdf``) the same 21 paragraphs, roles and
footnote references as its ``.txt``. The look-alikes are folded by
:func:`jdib.ingest.text.fold_radicals` in the cleaning every format shares.

Paragraphs are rebuilt from the lines of each page: a line ending in ``。`` (or
``！``/``？``), a line much shorter than the text column, a larger vertical
gap, or a next line starting with a list marker (○・●※(1)①…) ends a
paragraph (a sentence ending at the end of a line does not when the next line
keeps a list item's hanging indent, or stays flush in a document whose
paragraphs open indented); otherwise the next line continues it, joined without a space
between Japanese characters. A page break ends a paragraph, so each cites
the page it stands on; only a sentence cut mid-way by the break (the page's
last line full and ending in a word or ``、``, the next page going on with a
word) continues on the next page, keeping the page it started on, and none
runs past one page break. Lines that repeat at the top or
bottom of several pages (running headers, footers, digits aside) and page
numbers are dropped.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from jdib.ingest import limits
from jdib.ingest.readers import Read, Skip

#: How much of the page's height, at top and bottom, may hold running headers and footers.
EDGE = 0.1
_PAGE_NUMBER = re.compile(r"[-–—‐－(（\s]*(?:p\.?\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—‐－)）\s]*"
                          r"|\d{1,4}\s*ページ|[-–—‐－]\s*\d{1,4}\s*[-–—‐－]", re.I)
_LIST_START = re.compile(r"^(?:[○●◎◯・■□◆◇▶▷►※\-–•]|\(\d+\)|（\d+）|[①-⑳]|\d+[.．、]\s|"
                         r"[ア-ン][.．、\s]|第\d+[章節部項条]|\d+\s)")
_INNER_SPACE = re.compile(r"(?<=[(（「『【〔［\[])\s+|\s+(?=[)）」』】〕］\]])")
_TERMINAL = ("。", "．", "！", "？", "!", "?")


@dataclass
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _raw_lines(textpage) -> list[list[tuple[tuple[float, float, float, float], str]]]:
    """PDFium's lines, each a list of (box, character); boxes are (left, bottom, right, top)."""
    text = textpage.get_text_range()
    n_chars = textpage.count_chars()
    lines, start = [], 0
    for m in re.finditer(r"\r\n|\n|\r|$", text):
        chars = [(textpage.get_charbox(i), text[i]) for i in range(start, min(m.start(), n_chars))]
        start = m.end()
        if any(not c.isspace() for _, c in chars):
            lines.append(chars)
        if m.start() == len(text):
            break
    return lines


def _same_row(before: list, after: list) -> bool:
    """Whether ``after`` continues ``before`` on the same printed line, to its right."""
    a = [b for b, c in before if not c.isspace()]
    b = [x for x, c in after if not c.isspace()]
    middle = (min(x[1] for x in b) + max(x[3] for x in b)) / 2
    return (min(x[1] for x in a) < middle < max(x[3] for x in a)
            and min(x[0] for x in b) >= max(x[2] for x in a) - 1.0)


def _lines(textpage) -> list[_Line]:
    """The page's lines in PDFium's reading order, with their boxes.

    Within a line the characters are put in the order they stand on the page:
    PDFium (like pdfminer) emits a pair of brackets that Chromium sets close
    together, ``(「``, as ``「(`` with a space, because the second sits higher.
    A space just inside a bracket, which only that reordering leaves, is dropped.
    Footnote markers printed as small raised digits become superscript digits
    (``取極³``), which the cleaning takes as footnote references; PDFium puts
    them on a line of their own, which is merged back into the line they sit on.
    """
    raw = _raw_lines(textpage)
    heights = sorted(b[3] - b[1] for chars in raw for b, c in chars if not c.isspace())
    if not heights:
        return []
    usual = heights[len(heights) // 2]

    def small_digit(box, c) -> bool:
        return c.isdigit() and (box[3] - box[1]) < usual * 0.8

    merged: list[list] = []
    for chars in raw:
        ink = [(b, c) for b, c in chars if not c.isspace()]
        if all(small_digit(b, c) for b, c in ink):
            bottom = min(b[1] for b, _ in ink)
            host = next((m for m in merged if min(b[1] for b, c in m if not c.isspace()) < bottom
                         < max(b[3] for b, c in m if not c.isspace())), None)
            if host is not None:
                host.extend((b, c.translate(_SUPERSCRIPT)) for b, c in ink)
                continue
        if merged and _same_row(merged[-1], chars):
            merged[-1].extend(chars)  # PDFium breaks a line after a raised marker: "覚書⁴" "(RDP MOU)"
            continue
        merged.append(list(chars))
    out: list[_Line] = []
    for chars in merged:
        ink = [b for b, c in chars if not c.isspace()]
        base = sorted(b[1] for b, c in chars if not c.isspace() and not small_digit(b, c))
        floor = base[len(base) // 2] if base else None
        chars = [(b, c.translate(_SUPERSCRIPT) if floor is not None and small_digit(b, c)
                  and b[1] > floor + usual * 0.2 else c) for b, c in chars]
        # Spaces have no reliable box: each keeps its place after the character before it.
        keys, last = [], float("-inf")
        for box, c in chars:
            last = last + 1e-3 if c.isspace() else box[0]
            keys.append(last)
        chars = [bc for _, bc in sorted(zip(keys, chars), key=lambda kc: kc[0])]
        line = _INNER_SPACE.sub("", "".join(c for _, c in chars)).strip()
        out.append(_Line(line, min(b[0] for b in ink), max(b[2] for b in ink),
                         max(b[3] for b in ink), min(b[1] for b in ink)))
    return out


def _furniture_key(text: str) -> str:
    """A line with its digits blurred, so ``- 1 -`` and ``- 2 -`` compare equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[tuple[list[_Line], float]]) -> list[list[_Line]]:
    """Remove running headers, footers and page numbers from each page's lines."""
    def at_edge(line: _Line, height: float) -> bool:
        return line.top > height * (1 - EDGE) or line.bottom < height * EDGE

    seen: dict[str, int] = {}
    for lines, height in pages:
        for key in {_furniture_key(ln.text) for ln in lines if at_edge(ln, height)}:
            seen[key] = seen.get(key, 0) + 1
    repeated = {k for k, n in seen.items() if n >= 2 and n >= len(pages) / 2}
    out = []
    for lines, height in pages:
        out.append([ln for ln in lines if not (at_edge(ln, height) and (
            _furniture_key(ln.text) in repeated or _PAGE_NUMBER.fullmatch(ln.text)))])
    return out


def _first_word_width(line: _Line) -> float:
    """Roughly how wide the first word of a line is: a line breaks early before a
    Latin word (``(RDP MOU)``) that does not fit, and is not short for that."""
    word = re.match(r"[(（「]?[A-Za-z0-9][A-Za-z0-9.,&/+-]*[)）」]?", line.text)
    if not word:
        return 0.0
    return (line.right - line.left) * len(word.group(0)) / max(len(line.text), 1)


def _indents_paragraphs(pages: list[list[_Line]]) -> bool:
    """Whether the document starts its paragraphs with an indent (as white papers do).

    Judged from the lines that follow a short line ending a sentence: when most
    of them are indented, a line flush with the margin continues a paragraph
    even after a sentence that ended at the end of the line above.
    """
    opened: list[bool] = []
    for lines in pages:
        if not lines:
            continue
        left = min(ln.left for ln in lines)
        column = max(max(ln.right for ln in lines) - left, 1.0)
        for prev, ln in zip(lines, lines[1:]):
            if ((prev.right - prev.left) < column * 0.75 and prev.text.endswith(_TERMINAL)
                    and not _LIST_START.match(ln.text)):
                opened.append(ln.left > left + (ln.top - ln.bottom) * 0.5)
    return len(opened) >= 2 and sum(opened) >= 0.6 * len(opened)


def _join(a: str, b: str) -> str:
    """Join two wrapped lines: no space in Japanese, a space between Latin words."""
    if a.endswith("-") and b[:1].islower():
        return a[:-1] + b
    if (re.search(r"[A-Za-z0-9,;:)]$", a) and re.match(r"[A-Za-z0-9(]", b)
            or re.search(r"[.!?]$", a) and re.match(r"[A-Z]", b)):  # "in 2025. The", not "1.5"
        return a + " " + b
    return a + b


_CUT_JA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff、]$")
_GOES_ON_JA = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff]")


def _runs_on(before: str, after: str) -> bool:
    """Whether a page's last text was cut mid-sentence and the next page's first line goes on with it."""
    if _LIST_START.match(after):
        return False
    return bool(_CUT_JA.search(before) and _GOES_ON_JA.match(after)
                or re.search(r"[A-Za-z,;]$", before) and after[:1].islower())


def paragraphs(pages: list[list[_Line]]) -> list[tuple[int, str]]:
    """Rebuild paragraphs from hard-wrapped lines.

    Args:
        pages: Each page's lines (furniture removed), in reading order.

    Returns:
        ``(page, text)`` per paragraph, pages numbered from 1. A page break
        ends a paragraph, except that a sentence cut by it goes on with the
        next page's first line (never past one page break), and belongs to
        the page it starts on.
    """
    out: list[tuple[int, str]] = []
    open_para = False  # whether the last paragraph may continue on the next line
    indents = _indents_paragraphs(pages)
    item_left: float | None = None  # where the open list item's marker stands
    for number, lines in enumerate(pages, start=1):
        if not lines:
            open_para = False
            continue
        # A page break ends a paragraph, unless the page ended mid-sentence and the
        # next page goes on with it; and no paragraph runs past one page break.
        open_para = open_para and out[-1][0] == number - 1 and _runs_on(out[-1][1], lines[0].text)
        left = min(ln.left for ln in lines)
        right = max(ln.right for ln in lines)
        column = max(right - left, 1.0)
        pitches = sorted(a.bottom - b.bottom for a, b in zip(lines, lines[1:]) if a.bottom > b.bottom)
        pitch = pitches[len(pitches) // 2] if pitches else 0.0
        for i, ln in enumerate(lines):
            starts_list = bool(_LIST_START.match(ln.text))
            gap = i > 0 and pitch and (lines[i - 1].bottom - ln.bottom) > pitch * 1.3
            # In a document whose paragraphs open indented, an indented line
            # outside a list item opens one, even after a full line.
            opens = indents and item_left is None and ln.left > left + (ln.top - ln.bottom) * 0.5
            if open_para and out and not starts_list and not gap and not opens:
                out[-1] = (out[-1][0], _join(out[-1][1], ln.text))
            else:
                out.append((number, ln.text))
                item_left = ln.left if starts_list else None
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            char = (ln.top - ln.bottom) or 10.0
            # A sentence ending at the end of a line closes the paragraph, except
            # inside a list item, whose next line keeps the item's hanging indent.
            hanging = (item_left is not None and nxt is not None
                       and nxt.left > item_left + char * 0.5 and not _LIST_START.match(nxt.text))
            flush = (indents and nxt is not None and not _LIST_START.match(nxt.text)
                     and nxt.left <= left + char * 0.5)
            short = (ln.right - ln.left) < column * 0.75 and not (
                nxt is not None and right - ln.right < _first_word_width(nxt) * 1.1)
            open_para = not short and (
                not ln.text.endswith(_TERMINAL) or hanging or flush)
    return out


_STREAM = re.compile(rb"\bstream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def inflated_size(data: bytes, limit: int) -> int:
    """How large the PDF's Flate streams grow once inflated, counted up to ``limit``.

    PDFium inflates a page's content streams, fonts and object streams to find
    its text, all in memory: a small file can hold gigabytes (a "zip bomb").
    Each stream is inflated here a slice at a time and only counted, so this
    never holds more than one slice. Images are left out: text extraction
    never decodes them.

    Returns:
        The inflated size, or a number above ``limit`` as soon as it passes it.
    """
    total = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 1024):m.start()]
        head = head[head.rfind(b" obj") + 1:] if b" obj" in head else head
        if b"/FlateDecode" not in head or _IMAGE.search(head):
            continue
        inflate = zlib.decompressobj()
        at = m.end()
        try:
            while not inflate.eof and at < len(data):
                chunk = inflate.unconsumed_tail or data[at:at + 65536]
                if not inflate.unconsumed_tail:
                    at += len(chunk)
                total += len(inflate.decompress(chunk, 1 << 20))
                if total > limit:
                    return total
        except zlib.error:  # damaged, or encrypted: PDFium says which
            continue
    return total


def read(path: Path, data: bytes) -> Read:
    """Read a PDF's text layer into paragraphs, one per line, pages separated by ``\\f``.

    Raises:
        Skip: The PDF is damaged or encrypted, has no text layer (a scan) or
            only running headers and footers,
            more pages than :data:`jdib.ingest.limits.PDF_PAGES` or streams
            inflating past :data:`jdib.ingest.limits.INFLATED_BYTES`.
    """
    import pypdfium2 as pdfium

    if inflated_size(data, limits.INFLATED_BYTES) > limits.INFLATED_BYTES:
        raise Skip(path, f"the PDF's compressed streams inflate to more than jdib reads "
                         f"({limits.size(limits.INFLATED_BYTES)}); not read")

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        reason = str(err).lower()
        if "password" in reason:
            raise Skip(path, "the PDF is encrypted (password protected); save an unprotected "
                             "copy to read it") from None
        raise Skip(path, f"the PDF is damaged and cannot be opened ({err})") from None
    try:
        if len(doc) > limits.PDF_PAGES:
            raise Skip(path, f"the PDF has {len(doc):,} pages, more than jdib reads from one "
                             f"document ({limits.PDF_PAGES:,}); split it or leave it out")
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append((_lines(textpage), page.get_height()))
            textpage.close()
            page.close()
        n_pages = len(doc)
    finally:
        doc.close()
    if not any(lines for lines, _ in pages):
        raise Skip(path, f"the PDF has no text layer ({n_pages} page(s) of images, a scan?); "
                         "run OCR on it first")
    paras = paragraphs(_drop_furniture(pages))
    if not paras:
        raise Skip(path, f"every line of the PDF's {n_pages} page(s) repeats at the top or bottom of the "
                         "pages (running headers, footers, page numbers): no text is left to read")
    by_page: list[list[str]] = [[] for _ in range(n_pages)]
    for number, text in paras:
        by_page[number - 1].append(text)
    return Read("\n\f\n".join("\n".join(p) for p in by_page), "pdf", "pdf", pages=n_pages)
