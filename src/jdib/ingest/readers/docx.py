"""Word documents (``.docx``) with python-docx: paragraphs, headings, lists and tables in order."""

from __future__ import annotations

import io
import re
from pathlib import Path

from jdib.ingest.readers import Read, Skip


def read(path: Path, data: bytes) -> Read:
    """Read a Word document's body: headings as headings, list items as bullets, table rows as cells.

    Raises:
        Skip: The file is damaged or holds no text.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

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
                cells = [c.text.strip().replace("\n", " ") for c in row.cells]
                cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]  # merged cells repeat
                if cells:
                    lines.append("\t".join(cells) if len(cells) > 1 else cells[0])
    if not any(lines):
        raise Skip(path, "the Word file holds no text")
    return Read("\n".join(lines), "docx", "docx")
