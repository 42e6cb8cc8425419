"""How much jdib reads from one input: every limit, in one place.

Each limit is far above what the documents jdib is made for need (the whole
Defense White Paper is about 1.5 million characters, 500 pages), and low
enough that one file cannot take the machine's memory or hours of work. A
document past a limit is skipped with a warning naming it and the limit (an
error under ``--strict``); a catalog, parameters file or glossary past one
stops the command with one line.
"""

from __future__ import annotations

MB = 1_000_000

#: The largest document file read, by the format its suffix or content says.
DOCUMENT_BYTES = {"text": 16 * MB, "html": 64 * MB, "docx": 64 * MB, "pdf": 256 * MB}
#: The most text one document may hold once read (any format): about 12 MB of Japanese.
TEXT_CHARS = 4_000_000
#: What the compressed parts of a PDF (its content, fonts and object streams;
#: images aside, which are never decoded) or of a DOCX may grow to once inflated.
INFLATED_BYTES = 256 * MB
#: The most pages a PDF may have.
PDF_PAGES = 2_000
#: The most parts (files in its zip) a DOCX may have.
DOCX_PARTS = 10_000
#: Elements nested deeper than this in an HTML page are read as text of the
#: element at this depth: their words are kept, their nesting is not.
HTML_DEPTH = 400
#: ``catalog.csv``: one row per document.
CATALOG_BYTES = 16 * MB
#: A ``--params`` YAML file.
PARAMS_BYTES = 1 * MB
#: A glossary CSV named in ``JDIB_GLOSSARY``, and the entries of all together.
GLOSSARY_BYTES = 16 * MB
GLOSSARY_ENTRIES = 200_000


def size(n: int) -> str:
    """A size as the limits are written: ``16 MB``, ``1.5 GB``.

    Example:
        >>> size(16 * MB), size(1_610_612_736)
        ('16 MB', '1.6 GB')
    """
    if n >= 1000 * MB:
        return f"{n / (1000 * MB):.1f} GB"
    return f"{n / MB:.0f} MB" if n >= MB else f"{n:,} bytes"
#: The analyst's decisions file (``review.yaml``).
REVIEW_BYTES = 16 * MB
