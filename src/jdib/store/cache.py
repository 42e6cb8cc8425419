"""The per-document cache: each document's :class:`~jdib.store.parts.Parts` as checked JSON.

An entry is one file, ``<key>.json``: a first line with the SHA-256 of the
rest, then the JSON. JSON holds data only, so a planted entry can at worst be
refused, never run code (a pickle would run whatever it names). The checksum
and the key inside tell a damaged, cut or foreign entry from a good one; the
store then reads that document again. Folders are made ``0700`` and files
``0600``: the cache holds the text of every document, for its user alone.

Objects that point at each other (a mention at its document and paragraph) are
written as the paragraph's position, and made whole again on reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from jdib.extract.events import Mention
from jdib.extract.mentions import Participant
from jdib.extract.sources import Reliability, Story
from jdib.extract.strategies import _Strategy
from jdib.ingest.corpus import Document, Paragraph
from jdib.ingest.dates import ParsedDate
from jdib.store.parts import Parts

FORMAT = 3  # bump when the layout of an entry changes
SUFFIX = ".json"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


class Damaged(ValueError):
    """A cache entry that is empty, cut short, altered or not jdib's."""


def private_dir(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by its user only."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is cut by the umask, and an old folder kept its own
    return folder


# -- encoding --------------------------------------------------------------

def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _parsed(d: ParsedDate | None) -> list | None:
    if d is None:
        return None
    return [d.value.isoformat(), d.precision, d.text, d.start, d.end, d.relative, _date(d.until)]


def _para_ref(para: Paragraph, index: dict[int, int]) -> int | list:
    """A paragraph of the document as its position; any other one by its values."""
    at = index.get(id(para))
    return at if at is not None else [para.para_id, para.doc_id, para.n, para.text, para.role,
                                      list(para.footnote_refs), para.page]


def _mention(m: Mention, index: dict[int, int]) -> list:
    return [_parsed(m.date), m.kind, m.series, m.name_ja, _para_ref(m.para, index), m.quote, m.ordinal,
            [[p.name, p.title, p.side] for p in m.participants], m.venue, m.status,
            list(m.named), list(m.parties), m.parties_basis, m.program]


def _strategy(s: _Strategy, index: dict[int, int]) -> list:
    return [list(s.country), s.title, _parsed(s.date), _para_ref(s.para, index), s.n, s.quote, s.theme_text]


def encode_parts(parts: Parts) -> dict:
    """A document's parts as plain JSON values."""
    doc = parts.doc
    index = {id(p): i for i, p in enumerate(doc.paragraphs)}
    for m in (*parts.mentions, *parts.forms):
        if m.doc is not doc:
            raise ValueError(f"{doc.doc_id}: a mention of another document cannot be cached")
    return {
        "doc": [doc.doc_id, str(doc.path), doc.title, doc.title_en, _date(doc.published),
                doc.published_precision, doc.kind, doc.publisher, doc.encoding, doc.sha256, doc.raw,
                doc.from_catalog, doc.reliability, doc.url, doc.url_source, doc.retrieved, doc.fmt, doc.pages],
        "paragraphs": [[p.para_id, p.n, p.text, p.role, list(p.footnote_refs), p.page] for p in doc.paragraphs],
        "outcomes": parts.outcomes, "statements": parts.statements, "figures": parts.figures,
        "startups": parts.startups,
        "strategies": [_strategy(s, index) for s in parts.strategies],
        "mentions": [_mention(m, index) for m in parts.mentions],
        "forms": [_mention(m, index) for m in parts.forms],
        "reliability": [parts.reliability.tier, parts.reliability.basis] if parts.reliability else None,
        "sentences": None if parts.sentences is None else [sorted(parts.sentences.shingles),
                                                           sorted(parts.sentences.numbers)],
    }


# -- decoding --------------------------------------------------------------

def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _unparsed(v: list | None) -> ParsedDate | None:
    if v is None:
        return None
    return ParsedDate(dt.date.fromisoformat(v[0]), v[1], v[2], v[3], v[4], v[5], _day(v[6]))


def _para(ref: int | list, paragraphs: tuple[Paragraph, ...]) -> Paragraph:
    if isinstance(ref, int):
        return paragraphs[ref]
    return Paragraph(ref[0], ref[1], ref[2], ref[3], ref[4], tuple(ref[5]), ref[6])


def decode_parts(data: dict) -> Parts:
    """The :class:`Parts` that :func:`encode_parts` wrote.

    Raises:
        Damaged: The values do not make parts (a field missing or of the wrong kind).
    """
    try:
        return _decode(data)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise Damaged(f"the entry does not hold a document's results ({type(exc).__name__})") from None


def _decode(data: dict) -> Parts:
    d = data["doc"]
    doc_id = d[0]
    paragraphs = tuple(Paragraph(p[0], doc_id, p[1], p[2], p[3], tuple(p[4]), p[5]) for p in data["paragraphs"])
    doc = Document(doc_id=doc_id, path=Path(d[1]), title=d[2], title_en=d[3], published=_day(d[4]),
                   published_precision=d[5], kind=d[6], publisher=d[7], encoding=d[8], sha256=d[9], raw=d[10],
                   paragraphs=paragraphs, from_catalog=d[11], reliability=d[12], url=d[13], url_source=d[14],
                   retrieved=d[15], fmt=d[16], pages=d[17])

    def mention(m: list) -> Mention:
        return Mention(_unparsed(m[0]), m[1], m[2], m[3], doc, _para(m[4], paragraphs), m[5], m[6],
                       [Participant(*p) for p in m[7]], m[8], m[9], tuple(m[10]), tuple(m[11]), m[12], m[13])

    rel = data["reliability"]
    return Parts(
        doc=doc,
        outcomes=[tuple(r) for r in data["outcomes"]],
        statements=[tuple(r) for r in data["statements"]],
        figures=[tuple(r) for r in data["figures"]],
        startups=[tuple(r) for r in data["startups"]],
        strategies=[_Strategy(tuple(s[0]), s[1], _unparsed(s[2]), _para(s[3], paragraphs), s[4], s[5], list(s[6]))
                    for s in data["strategies"]],
        mentions=[mention(m) for m in data["mentions"]],
        forms=[mention(m) for m in data["forms"]],
        reliability=Reliability(rel[0], rel[1]) if rel else None,
        sentences=None if data["sentences"] is None else Story(frozenset(data["sentences"][0]),
                                                               frozenset(data["sentences"][1])),
    )


# -- entries ---------------------------------------------------------------

def dumps(key: str, kind: str, body: object) -> bytes:
    """An entry's bytes: the checksum line, then ``{"format", "key", "kind", "body"}`` as JSON.

    Args:
        key: The document's cache key (the entry's file name).
        kind: ``parts``, or ``left`` for a document left out of the tables.
        body: :func:`encode_parts` of its parts, or what a left-out document records.
    """
    text = json.dumps({"format": FORMAT, "key": key, "kind": kind, "body": body},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(text).hexdigest().encode() + b"\n" + text


def loads(key: str, data: bytes) -> tuple[str, object]:
    """The ``(kind, body)`` of an entry, checked.

    Raises:
        Damaged: The entry is empty, cut, altered, of another format or another key.
    """
    digest, newline, text = data.partition(b"\n")
    if not newline:
        raise Damaged("the entry is empty or cut short" if len(data) < 65 else "the entry has no checksum")
    if hashlib.sha256(text).hexdigest().encode() != digest:
        raise Damaged("the entry's checksum does not match its contents")
    try:
        entry = json.loads(text)
    except ValueError:
        raise Damaged("the entry is not JSON") from None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        raise Damaged("the entry was written for another document or by another version")
    return entry["kind"], entry["body"]


def write(path: Path, data: bytes) -> None:
    """Write an entry readable by its user only, whole or not at all.

    The file is written beside its final name (``.<name>.tmp-<pid>``) and renamed;
    a run killed before the rename leaves that file, which :func:`remove_stale` clears.
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale(folder: Path) -> list[Path]:
    """Remove half-written entries (``.<name>.tmp-<pid>``) of runs no longer running.

    Returns:
        The files removed.
    """
    from jdib.store.atomic import pid_alive

    removed = []
    for tmp in Path(folder).glob(".*.tmp-*"):
        pid = tmp.name.rpartition(".tmp-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed
