"""Reading every document of a seeds folder into its parts, through the per-document cache.

Each document is hashed on every run and keyed by its bytes, its catalog row,
its file name and the extractor version; a document whose key has a good cache
entry is not read again. Documents are read in worker processes; a damaged
entry is read again from its document, with a line saying so.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache as memo
from pathlib import Path

from jdib.errors import InconsistentDocument, InputError
from jdib.ingest import files as seeds_files
from jdib.ingest import corpus as corpus_mod
from jdib.ingest import readers, vocab
from jdib.store import cache, generation
from jdib.store.parts import Parts, extract_document

log = logging.getLogger(__name__)

PARTS = "parts"
FORMAT = 2  # bump when the layout of the store changes
_SRC = Path(__file__).resolve().parents[1]


def _tree(*files: Path) -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in files:
        digest.update(path.relative_to(_SRC).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@memo
def _extractor_code() -> str:
    files = [p for folder in ("ingest", "extract", "data") for p in sorted((_SRC / folder).rglob("*"))
             if p.is_file() and p.suffix in (".py", ".yaml", ".csv")]
    return _tree(*files, _SRC / "store" / "parts.py", _SRC / "store" / "cache.py")


@memo
def store_code() -> str:
    """A hash of the store's code: what turns the parts into tables and files."""
    return _tree(*sorted((_SRC / "store").glob("*.py")))


def extractor_version() -> str:
    """A hash of the code and vocabularies that decide a document's rows, the user's glossaries included."""
    return hashlib.sha256(json.dumps([_extractor_code(), vocab.user_glossaries()]).encode()).hexdigest()[:16]


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass(frozen=True)
class Source:
    """A document file: its path, doc_id, catalog row, SHA-256 and cache key."""

    path: Path
    doc_id: str
    meta: dict | None
    sha256: str
    key: str


def _content(path: Path, seeds: Path) -> str:
    """The SHA-256 of a document's bytes; a file that must not be read (a link leaving
    the folder, a pipe, a device) is not hashed either (its reader skips it)."""
    return seeds_files.digest(path, seeds)


def sources(seeds: Path) -> list[Source]:
    """Every document file with its cache key; the checks of ``load_corpus`` before any parsing.

    Every document is hashed on every run: a size and a modification time can
    stay the same over an edit (``touch -r``), its bytes cannot.
    """
    seeds_files.check_folder(seeds)
    vocab.glossary()  # a bad glossary stops the run here, in one line, not in every document's worker
    catalog = corpus_mod.read_catalog(seeds)
    files = corpus_mod.document_files(seeds)
    corpus_mod.warn_sub_folders(seeds)
    names = {p.name for p in files}
    for name in catalog:
        if name not in names:
            raise InputError(seeds / "catalog.csv", f"lists {name!r}, which is not in the folder")
    version = extractor_version()
    out, seen = [], {}
    for path in files:
        sha = _content(path, seeds)
        meta = catalog.get(path.name)
        doc_id = corpus_mod.doc_id_for(path, meta)
        if doc_id in seen:
            raise InputError(path, f"doc_id {doc_id!r} is already used by {seen[doc_id]}")
        seen[doc_id] = path.name
        key = hashlib.sha256(json.dumps([version, path.name, meta, sha], sort_keys=True).encode()).hexdigest()[:32]
        out.append(Source(path, doc_id, meta, sha, key))
    return out


def _left(doc_id: str, warning: str, skipped: bool = False) -> dict:
    return {"doc_id": doc_id, "warning": warning, "skipped": skipped}


def _extract(source: Source) -> tuple[str, bytes | None, str | None, list[str]]:
    """Read and extract one document (in a worker): its key, its cache entry (None when
    it could not be read this time), an error line, and the lines to show."""
    def left(doc_id: str, warning: str, skipped: bool = False) -> bytes:
        return cache.dumps(source.key, "left", _left(doc_id, warning, skipped))

    try:
        data, got = corpus_mod.read_file(source.path, source.path.parent)
    except readers.Skip as skip:  # a file no reader takes: skipped, as load_corpus does
        return source.key, left(source.doc_id, str(skip), skipped=True), None, []
    except InputError as err:
        return source.key, None, str(err), []
    doc = corpus_mod.parse_document(source.doc_id, got.text, source.meta, path=source.path,
                                    encoding=got.encoding, sha256=hashlib.sha256(data).hexdigest(),
                                    fmt=got.fmt, pages=got.pages, stated=got.meta)
    if not doc.paragraphs:  # skipped, as load_corpus does
        skip = readers.Skip(source.path, corpus_mod.NO_TEXT_LEFT)
        return source.key, left(source.doc_id, str(skip), skipped=True), None, []
    try:
        parts = extract_document(doc)
    except InputError as err:
        return source.key, None, str(err), []
    except InconsistentDocument as exc:  # the document's own text: the same on every run, so cached
        why = f"{exc.para_id or exc.doc_id}: {exc.reason}"
        return source.key, left(doc.doc_id, f"{doc.doc_id}: left out of the tables ({why})"), None, []
    except Exception as exc:  # noqa: BLE001 - one document never stops the others
        # Not cached (a MemoryError, say, may not recur): the next run tries it again.
        why = f"{type(exc).__name__}: {exc}"
        return source.key, None, None, [f"{doc.doc_id}: left out of the tables ({why})"]
    notes = [corpus_mod.uncatalogued(doc)] if source.meta is None else []
    return source.key, cache.dumps(source.key, "parts", cache.encode_parts(parts)), None, list(got.notes) + notes


def _extract_all(todo: list[Source], jobs: int | None) -> Iterator[tuple[str, bytes | None]]:
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(todo) < 20:
        results: Iterator = map(_extract, todo)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(_extract, todo, chunksize=max(1, min(64, len(todo) // (jobs * 8))))
    try:
        for key, blob, error, notes in results:
            if error:
                path, _, reason = error.partition(": ")
                raise InputError(path, reason)
            for note in notes:
                log.warning("%s", note)
            yield key, blob
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _write_entry(path: Path, blob: bytes) -> None:
    try:
        cache.write(path, blob)
    except OSError as err:
        raise InputError(path.parent, f"the cache cannot be written ({err.strerror or err}); "
                                      "the store was left as it was") from None


def _entry(folder: Path, source: Source) -> tuple[str, object] | None:
    """A document's checked cache entry; a damaged one is read again from the document."""
    path = folder / f"{source.key}{cache.SUFFIX}"
    try:
        return cache.loads(source.key, path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, cache.Damaged) as why:
        log.warning("%s: %s; the document is read again", path, getattr(why, "strerror", None) or why)
    _, blob, error, notes = _extract(source)
    if error:
        where, _, reason = error.partition(": ")
        raise InputError(where, reason)
    for note in notes:
        log.warning("%s", note)
    if blob is None:
        return None
    _write_entry(path, blob)
    return cache.loads(source.key, blob)


@dataclass
class Read:
    """What :func:`parts` got: the parts of every document read, and what was not.

    Attributes:
        parts: One per document in the tables.
        extracted: Files read from the seeds folder this run (the others came from the cache).
        read: Of :attr:`parts`, those read this run.
        missing: Keys of documents that could not be read this time.
        skipped: File name -> why, of files no reader takes.
    """

    parts: list[Parts]
    extracted: int
    read: int
    missing: list[str]
    skipped: dict[str, str]


def parts(store: Path, sources: list[Source], jobs: int | None, progress: bool,
          strict: bool = False, seeds: Path | None = None) -> Read:
    """The parts of every document, from the cache or freshly extracted, and what was not read."""
    folder = cache.private_dir(generation.state(store) / PARTS)
    cache.remove_stale(folder)
    todo = [s for s in sources if not (folder / f"{s.key}{cache.SUFFIX}").is_file()]
    if todo:
        done = _extract_all(todo, jobs)
        if progress:
            from tqdm import tqdm
            done = tqdm(done, total=len(todo), desc="extracting", unit="doc", leave=False)
        for key, blob in done:
            if blob is not None:
                _write_entry(folder / f"{key}{cache.SUFFIX}", blob)
    fresh = {s.key for s in todo}
    parts, skipped, missing, read_now = [], {}, [], 0
    with bulk():
        for s in sources:
            entry = _entry(folder, s)
            if entry is None:
                missing.append(s.key)
                continue
            kind, body = entry
            if kind == "left":
                if body["skipped"]:
                    name = seeds_files.shown(s.path.name)  # recorded in the manifest, which is UTF-8
                    skipped[name] = body["warning"].partition(": ")[2]
                    if strict:
                        raise InputError(s.path, skipped[name])
                if s.key in fresh:
                    log.warning("%s", body["warning"])
                continue
            parts.append(cache.decode_parts(body))
            read_now += s.key in fresh
    formats = sorted({p.doc.fmt for p in parts})
    if todo and (skipped or formats != ["text"]):  # as load_corpus says it, once per read
        read = ", ".join(f"{p.doc.path.name} ({p.doc.fmt}{f', {p.doc.pages} pages' if p.doc.pages else ''})"
                         for p in sorted(parts, key=lambda p: p.doc.path.name))
        log.warning("%s: read %d document(s): %s; skipped %d file(s)%s", seeds, len(parts), read,
                    len(skipped), ": " + ", ".join(skipped) if skipped else "")
    keep = {f"{s.key}{cache.SUFFIX}" for s in sources}
    for stale in folder.iterdir():  # entries of documents gone or changed, and an earlier jdib's pickles
        if stale.name not in keep and not stale.name.startswith("."):
            stale.unlink(missing_ok=True)
    return Read(parts, len(todo), read_now, missing, skipped)


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while many objects are made at once and none
    becomes garbage (decoding the cache): it cut loading by a third."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
