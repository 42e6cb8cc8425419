"""Word documents (``.docx``) with python-docx: paragraphs, headings, lists and tables in order."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from jdib.ingest import limits
from jdib.ingest.readers import Read, Skip


def check_zip(path: Path, data: bytes) -> None:
    """Refuse a DOCX whose parts would inflate past :data:`jdib.ingest.limits.INFLATED_BYTES`.

    The sizes a zip declares bound what Python's zipfile will inflate (it stops
    at the declared size), so summing them before python-docx opens anything
    keeps a small "zip bomb" from taking gigabytes.

    Raises:
        Skip: Too many parts, parts too large once inflated, or a compression
            other than Word's own.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise Skip(path, "the Word file is damaged and cannot be opened (BadZipFile)") from None
    if len(infos) > limits.DOCX_PARTS:
        raise Skip(path, f"the Word file has {len(infos):,} parts, more than jdib reads "
                         f"({limits.DOCX_PARTS:,}); not read")
    if any(i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos):
        raise Skip(path, "the Word file uses a compression Word does not write; not read")
    inflated = sum(i.file_size for i in infos)
    if inflated > limits.INFLATED_BYTES:
        raise Skip(path, f"the Word file's parts inflate to {limits.size(inflated)}, more than jdib "
                         f"reads ({limits.size(limits.INFLATED_BYTES)}); not read")


def _distinct(cells: list) -> list:
    """A row's cells, a merged cell once: python-docx repeats it for each grid column
    it spans, as the same ``<w:tc>`` element. Two cells that only read alike
    (``AMRAAM / ○ / ○``) are two columns and both stay."""
    seen: list = []
    for cell in cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen


def read(path: Path, data: bytes) -> Read:
    """Read a Word document's body: headings as headings, list items as bullets, table rows as cells.

    Raises:
        Skip: The file is damaged, holds no text, or inflates past its limit.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises zip, XML and key errors on damaged files
        raise Skip(path, f"the Word file is damaged and cannot be opened ({type(err).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                continue
            style = (block.style.name if block.style is not None else "") or ""
            if re.match(r"(Heading|Title|見出し)", style):
                lines.append("#### " + text)
            elif "List" in style or "リスト" in style or block._p.pPr is not None and block._p.pPr.numPr is not None:
                lines.append("- " + text)
            else:
                lines.append(text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip().replace("\n", " ") for c in _distinct(row.cells)]
                cells = [c for c in cells if c]
                if cells:
                    lines.append("\t".join(cells) if len(cells) > 1 else cells[0])
    if not any(lines):
        raise Skip(path, "the Word file holds no text")
    return Read("\n".join(lines), "docx", "docx")
