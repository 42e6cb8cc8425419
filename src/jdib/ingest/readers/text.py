"""Plain text (``.txt``, ``.md``): decoded as UTF-8 (with or without BOM), else CP932."""

from __future__ import annotations

from pathlib import Path

from jdib.errors import InputError
from jdib.ingest.readers import Read

ENCODINGS = ("utf-8-sig", "cp932")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a document's bytes, trying UTF-8 (with or without BOM), then CP932.

    Args:
        data: Raw file content.
        path: The file, named in errors.

    Returns:
        The text and the name of the encoding that worked.

    Raises:
        InputError: The file is empty, binary, or in none of those encodings.
    """
    if not data.strip():
        raise InputError(path, "the file is empty")
    if b"\x00" in data:
        raise InputError(path, "the file is binary (it contains NUL bytes), not text")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    raise InputError(path, "cannot decode the text as UTF-8 or Shift-JIS/CP932")


def read(path: Path, data: bytes) -> Read:
    """Read a text document as it is stored.

    Raises:
        InputError: The file is empty, binary or undecodable.
    """
    raw, encoding = decode(data, path)
    notes = [f"{path.name}: decoded as {encoding}"] if encoding != "utf-8" else []
    return Read(raw, "text", encoding, notes=notes)
