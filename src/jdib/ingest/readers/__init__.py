"""Readers: one per published format, each turning a file into raw text lines.

Every reader returns a :class:`Read`: the document's text as lines that
:mod:`jdib.ingest.text` cleans like any ``.txt`` document, with pages separated
by a form feed (``\\f``) where the format has pages, and any metadata the file
states about itself (an HTML page's canonical URL and date).

The format is chosen by content as well as by suffix (:func:`sniff`): an HTML
page saved as ``.txt`` is read as HTML, with a warning. A file no reader takes
is skipped with a :class:`Skip` naming the reason.
"""

from __future__ import annotations

import zipfile
import io
from dataclasses import dataclass, field
from pathlib import Path

from jdib.errors import InputError

#: Suffixes (lower case) and the format their files are expected to hold.
SUFFIX_FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html",
                  ".xhtml": "html", ".pdf": "pdf", ".docx": "docx"}
#: Formats some analysts save that jdib does not read, with the reason given.
UNSUPPORTED = {
    ".xlsx": "a spreadsheet (jdib reads .txt, .md, .html, .pdf and .docx)",
    ".xls": "a spreadsheet (jdib reads .txt, .md, .html, .pdf and .docx)",
    ".csv": "a data table, not a document",
    ".doc": "an old Word file; save it as .docx or .pdf",
    ".pptx": "a slide deck file; print it to .pdf",
    ".ppt": "an old slide deck file; print it to .pdf",
    ".png": "an image: jdib reads text, not pictures",
    ".jpg": "an image: jdib reads text, not pictures",
    ".jpeg": "an image: jdib reads text, not pictures",
    ".gif": "an image: jdib reads text, not pictures",
    ".zip": "an archive; unpack it into the folder",
}


class Skip(InputError):
    """A file that is not read, and why (skipped with a warning, an error under ``--strict``)."""


@dataclass
class Read:
    """What a reader makes of one file.

    Attributes:
        text: The document's lines; pages separated by ``\\f`` when ``pages`` > 0.
        fmt: ``text``, ``html``, ``pdf`` or ``docx``.
        encoding: How the text was decoded (``utf-8``, ``cp932``, or the format name).
        pages: Number of pages (0 for formats without pages).
        meta: What the file says about itself: ``url``, ``published``, ``title``, ``publisher``,
            ``author``, ``page_title`` (the ``<title>`` as written) and ``published_markup``
            (an HTML page's date read by htmldate from its markup).
        notes: Warnings to show about how it was read.
    """

    text: str
    fmt: str
    encoding: str
    pages: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def sniff(data: bytes) -> str | None:
    """The format the bytes hold, judged by their first bytes; None for plain text or unknown.

    Example:
        >>> sniff(b"%PDF-1.7\\n"), sniff(b"<!DOCTYPE html><html>"), sniff("本文".encode())
        ('pdf', 'html', None)
    """
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        return "zip"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    low = head[:200].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) and (b"<html" in data[:4096].lower()):
        return "html"
    return None


def choose(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The format to read a file as, and any warning about its content not matching its suffix.

    Raises:
        Skip: No reader takes the file.
    """
    suffix = path.suffix.lower()
    expected = SUFFIX_FORMATS.get(suffix)
    found = sniff(data)
    readable = {"pdf", "html", "docx"}
    if found in readable:
        if expected and expected != found:
            return found, [f"{path.name}: has the suffix {path.suffix} but holds {found.upper()}; "
                           f"read as {found.upper()}"]
        if not expected:
            return found, [f"{path.name}: read as {found.upper()} by its content"]
        return found, []
    if expected in ("pdf", "docx"):
        raise Skip(path, f"is not a {expected.upper()} file (its content does not start like one); "
                         "the file may be damaged or mislabelled")
    if expected:
        return expected, []  # the text reader names what is wrong with a binary .txt
    if suffix in UNSUPPORTED:
        raise Skip(path, f"skipped: {UNSUPPORTED[suffix]}")
    if found is not None:
        raise Skip(path, f"skipped: {found} data is not a document format jdib reads")
    raise Skip(path, f"skipped: {path.suffix or 'no suffix'} is not a document format jdib reads "
                     "(.txt, .md, .html, .pdf, .docx)")


def read(path: Path, data: bytes) -> Read:
    """Read one file with the reader its content and suffix call for.

    Args:
        path: The file (named in warnings and errors).
        data: Its bytes.

    Returns:
        The text and what the file says about itself.

    Raises:
        Skip: The file is not a document, or it is one that cannot be read
            (encrypted, damaged, no text layer, no article text), or it is
            past a limit of :mod:`jdib.ingest.limits`.
        InputError: A text file that is empty, binary or undecodable.
    """
    from jdib.ingest import limits

    fmt, notes = choose(path, data)
    if fmt != "text" and not data.strip():
        raise Skip(path, "the file is empty")
    if len(data) > limits.DOCUMENT_BYTES[fmt]:
        raise Skip(path, f"is {limits.size(len(data))}, more than jdib reads from one "
                         f"{fmt.upper()} document ({limits.size(limits.DOCUMENT_BYTES[fmt])}); "
                         "split it or leave it out")
    if fmt == "text":
        from jdib.ingest.readers import text as reader
    elif fmt == "html":
        from jdib.ingest.readers import html as reader
    elif fmt == "pdf":
        from jdib.ingest.readers import pdf as reader
    else:
        from jdib.ingest.readers import docx as reader
    out = reader.read(path, data)
    if len(out.text) > limits.TEXT_CHARS:
        raise Skip(path, f"holds {len(out.text):,} characters of text, more than jdib reads from "
                         f"one document ({limits.TEXT_CHARS:,}); split it or leave it out")
    out.notes[:0] = notes
    return out
