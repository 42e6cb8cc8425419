"""Plain text (``.txt``, ``.md``): decoded as the Japanese encodings documents are saved in.

UTF-8 (with or without BOM) and Shift-JIS/CP932 cover almost every file; a
byte order mark says UTF-16 or UTF-32, escape sequences say ISO-2022-JP (mail
and old web pages), and for the rest charset-normalizer picks among the
Japanese encodings (EUC-JP and its variants) the one whose text reads best.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from jdib.errors import InputError
from jdib.ingest.readers import Read

ENCODINGS = ("utf-8-sig", "cp932")
#: Byte order marks, the codec of the bytes after each and the encoding reported;
#: UTF-32's first, as UTF-16's little-endian mark begins UTF-32's.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF8, "utf-8", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"))
#: What charset-normalizer may choose from: the encodings Japanese text is saved in.
JAPANESE = ("cp932", "euc_jp", "euc_jis_2004", "shift_jis_2004", "iso2022_jp")
_ISO_2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D", b"\x1b(I")
#: Every name :func:`decode` may report: the documents table allows each of them.
DECODED = ("utf-8", "utf-16", "utf-32", *JAPANESE)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a document's bytes in the encoding they were saved in.

    Tried in order: a byte order mark (UTF-8, UTF-16, UTF-32), ISO-2022-JP
    escapes (its bytes are 7-bit, so they would pass for UTF-8 and read as
    mojibake), UTF-8, then Shift-JIS/CP932 and EUC-JP: when both of those
    decode, charset-normalizer says which reads as text.

    Args:
        data: Raw file content.
        path: The file, named in errors.

    Returns:
        The text and the name of the encoding that worked (``utf-8``, ``cp932``,
        ``euc_jp``, ``iso2022_jp``, ``utf-16``...).

    Raises:
        InputError: The file is empty, binary, or in none of those encodings.

    Example:
        >>> decode("本文".encode("euc_jp"), Path("a.txt"))
        ('本文', 'euc_jp')
    """
    if not data.strip():
        raise InputError(path, "the file is empty")
    for bom, codec, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise InputError(path, f"starts with a {encoding.upper()} byte order mark but is not "
                                       f"{encoding.upper()} text") from None
            if not text.strip():
                raise InputError(path, "the file is empty")
            return text, encoding
    if b"\x00" in data:
        raise InputError(path, "the file is binary (it contains NUL bytes), not text")
    if data.isascii() and any(e in data for e in _ISO_2022_ESCAPES):
        try:
            return data.decode("iso2022_jp_ext"), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = {}
    for encoding in ("cp932", "euc_jp"):
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(decoded) == 1:
        return next(iter(decoded.items()))[::-1]
    found = _detect(data, tuple(decoded) or JAPANESE)
    if found is None:
        raise InputError(path, "cannot decode the text as UTF-8, Shift-JIS/CP932, EUC-JP, "
                               "ISO-2022-JP or UTF-16")
    return found


def _detect(data: bytes, candidates: tuple[str, ...]) -> tuple[str, str] | None:
    """The text and encoding charset-normalizer finds most readable among ``candidates``."""
    from charset_normalizer import from_bytes  # imported late: needed for few files

    best = from_bytes(data, cp_isolation=list(candidates)).best()
    if best is None:
        return None
    # Reported by the name jdib uses (the documents table allows those), not charset-normalizer's.
    name = next((c for c in candidates if codecs.lookup(c).name == codecs.lookup(best.encoding).name), None)
    return (str(best), name) if name else None


def read(path: Path, data: bytes) -> Read:
    """Read a text document as it is stored.

    Raises:
        InputError: The file is empty, binary or undecodable.
    """
    raw, encoding = decode(data, path)
    notes = [f"{path.name}: decoded as {encoding}"] if encoding != "utf-8" else []
    return Read(raw, "text", encoding, notes=notes)
