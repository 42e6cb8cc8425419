"""The store of a seeds folder: per-document results cached, tables refreshed when needed.

Layout of a store folder (``data/`` for the project's ``seeds/``):

- ``jdib.duckdb``: every table (list columns as lists) and the analysts' views;
- ``parquet/<table>.parquet``: the same tables as Parquet;
- ``tables/<table>.csv``: the same tables as CSV, UTF-8 with BOM (Excel-safe);
- ``.jdib-store/``: the per-document cache (``parts/``), the manifest that says
  which documents and extractor code the tables were made from, and the lock.

A document's results are cached under a key made of its bytes' sha256, its
catalog row, its file name and the extractor version (a hash of ``ingest/``,
``extract/``, the vocabularies and the per-document split), so only new or
changed documents are read again; the cross-document steps run over all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import hashlib
import json
import logging
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from jdib import paths
from jdib.errors import InconsistentDocument, InputError
from jdib.ingest import corpus as corpus_mod
from jdib.ingest import files as seeds_files
from jdib.ingest import readers
from jdib.ingest.corpus import Corpus
from jdib.store import atomic, database, schema
from jdib.store.parts import Parts, assemble, extract_document

log = logging.getLogger(__name__)

STATE = ".jdib-store"
MANIFEST = "manifest.json"
_FORMAT = 1  # bump when the layout of the cache or the store changes


@dataclass
class Loaded:
    """A corpus and its tables, as the reports get them.

    Attributes:
        corpus: The documents that count (those published by ``as_of``).
        total_documents: How many documents the seeds folder holds.
        tables: Every table of :attr:`corpus`.
        store: The store folder the tables were read from.
        undated: With ``as_of``, the doc_ids left out for having no known date.
    """

    corpus: Corpus
    total_documents: int
    tables: dict[str, pd.DataFrame]
    store: Path
    undated: tuple[str, ...] = ()


@cache
def extractor_version() -> str:
    """A hash of the code and vocabularies that decide a document's rows."""
    src = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"format {_FORMAT}".encode())
    files = [p for folder in ("ingest", "extract", "data") for p in sorted((src / folder).rglob("*"))
             if p.is_file() and p.suffix in (".py", ".yaml", ".csv")]
    files.append(src / "store" / "parts.py")
    for path in files:
        digest.update(path.relative_to(src).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_store(seeds_dir: str | Path) -> Path:
    """The store folder of a seeds folder.

    ``JDIB_STORE`` wins; the project's ``seeds/`` has ``data/``, as has the
    ``seeds/`` of a working folder run from (see :func:`jdib.paths.here`); any other seeds
    folder gets its own folder in the user's cache, so jdib never writes next to
    documents it does not own.
    """
    if os.environ.get("JDIB_STORE"):
        return Path(os.environ["JDIB_STORE"])
    seeds = Path(seeds_dir).resolve()
    if seeds == paths.SEEDS.resolve():
        return paths.ROOT / "data"
    if seeds == paths.here("seeds").resolve():  # a working folder's own seeds: its own data/
        return paths.here("data")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache_home / "jdib" / "stores" / hashlib.sha256(str(seeds).encode()).hexdigest()[:16]


@contextlib.contextmanager
def _locked(store: Path) -> Iterator[None]:
    """Hold the store's lock: two processes refreshing at once take turns."""
    state = store / STATE
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class _Source:
    path: Path
    doc_id: str
    meta: dict | None
    sha256: str
    key: str
    stamp: tuple[int, int]


def _sources(seeds: Path, known: dict) -> list[_Source]:
    """Every document file with its cache key; the checks of ``load_corpus`` before any parsing."""
    seeds_files.check_folder(seeds)
    catalog = corpus_mod.read_catalog(seeds)
    files = corpus_mod.document_files(seeds)
    names = {p.name for p in files}
    for name in catalog:
        if name not in names:
            raise InputError(seeds / "catalog.csv", f"lists {name!r}, which is not in the folder")
    version = extractor_version()
    out, seen = [], {}
    for path in files:
        stamp = list(seeds_files.stamp(path))
        old = known.get(path.name)
        # An unchanged size and mtime stand for unchanged bytes: hashing 10,000 files costs more.
        # A file that must not be read (a link leaving the folder, a pipe) is not hashed either.
        sha = old["sha256"] if old and old.get("stat") == stamp else seeds_files.digest(path, seeds)
        meta = catalog.get(path.name)
        doc_id = corpus_mod.doc_id_for(path, meta)
        if doc_id in seen:
            raise InputError(path, f"doc_id {doc_id!r} is already used by {seen[doc_id]}")
        seen[doc_id] = path.name
        key = hashlib.sha256(json.dumps([version, path.name, meta, sha], sort_keys=True).encode()).hexdigest()[:32]
        out.append(_Source(path, doc_id, meta, sha, key, tuple(stamp)))
    return out


@dataclass
class _Left:
    """A document left out of the tables, cached like its parts would be.

    Attributes:
        doc_id: Its doc_id.
        warning: The line to show when it is read.
        skipped: No reader takes the file (an error under ``strict``).
    """

    doc_id: str
    warning: str
    skipped: bool = False


def _extract(source: _Source) -> tuple[str, bytes | None, str | None, list[str]]:
    """Read and extract one document (in a worker): its key, pickled parts (or a
    pickled :class:`_Left`), an error line, and the reader's notes."""
    try:
        data, got = corpus_mod.read_file(source.path, source.path.parent)
    except readers.Skip as skip:  # a file no reader takes: skipped, as load_corpus does
        return source.key, pickle.dumps(_Left(source.doc_id, str(skip), skipped=True)), None, []
    except InputError as err:
        return source.key, None, str(err), []
    doc = corpus_mod.parse_document(source.doc_id, got.text, source.meta, path=source.path,
                                    encoding=got.encoding, sha256=hashlib.sha256(data).hexdigest(),
                                    fmt=got.fmt, pages=got.pages, stated=got.meta)
    if not doc.paragraphs:
        return source.key, None, str(InputError(source.path, "no text remains after removing page furniture")), []
    try:
        parts = extract_document(doc)
    except InputError as err:
        return source.key, None, str(err), []
    except InconsistentDocument as exc:
        why = f"{exc.para_id or exc.doc_id}: {exc.reason}"
        return source.key, pickle.dumps(_Left(doc.doc_id, f"{doc.doc_id}: left out of the tables ({why})")), None, []
    except Exception as exc:  # noqa: BLE001 - one document never stops the others
        why = f"{type(exc).__name__}: {exc}"
        return source.key, pickle.dumps(_Left(doc.doc_id, f"{doc.doc_id}: left out of the tables ({why})")), None, []
    notes = [corpus_mod.uncatalogued(doc)] if source.meta is None else []
    return source.key, pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL), None, list(got.notes) + notes


def _extract_all(todo: list[_Source], jobs: int | None) -> Iterator[tuple[str, bytes]]:
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


def _read_manifest(store: Path) -> dict:
    try:
        return json.loads((store / STATE / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _parts(store: Path, sources: list[_Source], jobs: int | None, progress: bool,
           strict: bool = False, seeds: Path | None = None) -> tuple[list[Parts], int]:
    """The parts of every document, from the cache or freshly extracted; how many were extracted."""
    folder = store / STATE / "parts"
    folder.mkdir(parents=True, exist_ok=True)
    todo = [s for s in sources if not (folder / f"{s.key}.pkl").exists()]
    if todo:
        done = _extract_all(todo, jobs)
        if progress:
            from tqdm import tqdm
            done = tqdm(done, total=len(todo), desc="extracting", unit="doc", leave=False)
        for key, blob in done:
            atomic_bytes(folder / f"{key}.pkl", blob)
    fresh = {s.key for s in todo}
    left: dict[str, _Left] = {}
    parts = []
    with _bulk():
        for s in sources:
            with open(folder / f"{s.key}.pkl", "rb") as fh:
                got = pickle.load(fh)
            if isinstance(got, _Left):
                left[s.key] = got
                if strict and got.skipped:
                    raise InputError(s.path, got.warning.partition(": ")[2])
                if s.key in fresh:
                    log.warning("%s", got.warning)
                continue
            parts.append(got)
    skipped = [s.path.name for s in sources if s.key in left and left[s.key].skipped]
    formats = sorted({p.doc.fmt for p in parts})
    if todo and (skipped or formats != ["text"]):  # as load_corpus says it, once per read
        read = ", ".join(f"{p.doc.path.name} ({p.doc.fmt}{f', {p.doc.pages} pages' if p.doc.pages else ''})"
                         for p in sorted(parts, key=lambda p: p.doc.path.name))
        log.warning("%s: read %d document(s): %s; skipped %d file(s)%s", seeds, len(parts), read,
                    len(skipped), ": " + ", ".join(skipped) if skipped else "")
    keep = {f"{s.key}.pkl" for s in sources}
    for stale in folder.glob("*.pkl"):
        if stale.name not in keep:
            stale.unlink(missing_ok=True)
    return parts, len(todo)


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while many objects are made at once and none
    becomes garbage (unpickling the cache): it cut loading by a third."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _give_back_memory() -> None:
    """Return freed memory to the system before the files are written.

    The cached parts are millions of small objects; freed, their memory stays
    with the process unless glibc is asked to trim (about 0.5 GB at 10,000
    documents). Elsewhere (macOS, musl) this does nothing.
    """
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def atomic_bytes(path: Path, data: bytes) -> None:
    """Write bytes so that readers see the whole file or none."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _fresh(store: Path, manifest: dict, sources: list[_Source], seeds: Path) -> bool:
    return (manifest.get("version") == extractor_version() and manifest.get("seeds") == str(seeds)
            and manifest.get("keys") == [s.key for s in sources]
            and (store / database.DATABASE).exists() and (store / database.PARQUET).is_dir())


def _csv_current(folder: Path) -> bool:
    """Every table's CSV is there and no CSV of a table jdib no longer makes is left."""
    names = {f"{name}.csv" for name in schema.RESOURCES}
    stale = {n for n in atomic.owned(folder) if n.endswith(".csv")} - names
    return not stale and all((folder / n).is_file() for n in names)


def refresh(seeds_dir: str | Path, store: str | Path | None = None, *, csv_dir: str | Path | None = None,
            jobs: int | None = None, force: bool = False, progress: bool = False,
            strict: bool = False, protected: Iterable[tuple[Path, str]] = ()) -> dict:
    """Bring the store of a seeds folder up to date with its documents and the extractor code.

    Args:
        seeds_dir: Folder of documents and ``catalog.csv``.
        store: The store folder (default :func:`default_store`).
        csv_dir: Where the CSV files go (default ``<store>/tables``).
        jobs: Worker processes for extraction (default: the CPU count).
        force: Rewrite the tables even when nothing changed.
        progress: Show a progress bar on the terminal.
        strict: Stop at a file no reader takes instead of skipping it.
        protected: Folders the CSV folder must not be or lie in (the seeds folder).

    Returns:
        What happened: ``documents``, ``extracted`` (re-read documents),
        ``written`` (whether the tables were rewritten) and ``rows`` per table.

    Raises:
        InputError: A bad document or folder, or a table breaking its schema;
            the store is left as it was.
    """
    seeds = Path(seeds_dir).resolve()
    store = Path(store) if store else default_store(seeds)
    csv_dir = Path(csv_dir) if csv_dir else store / database.CSV
    with _locked(store):
        manifest = _read_manifest(store)
        known = manifest.get("files", {})
        sources = _sources(seeds, known)
        if not force and _fresh(store, manifest, sources, seeds) and csv_dir.is_dir() \
                and manifest.get("csv") == str(csv_dir.resolve()):
            if _csv_current(csv_dir):
                return {"documents": len(sources), "extracted": 0, "written": False,
                        "rows": manifest.get("rows", {})}
            # A table file deleted, or one jdib no longer makes still there: only the CSV is redone.
            database.write_csv(database.read_parquet(store / database.PARQUET), csv_dir, protected=protected)
            return {"documents": len(sources), "extracted": 0, "written": True,
                    "rows": manifest.get("rows", {})}
        parts, extracted = _parts(store, sources, jobs, progress, strict, seeds)
        tables = assemble(parts, seeds)
        del parts  # the tables hold what is written; at 10,000 documents the parts are ~0.5 GB
        _give_back_memory()
        for name, frame in tables.items():
            schema.validate(name, frame)
        database.write_parquet(tables, store / database.PARQUET)
        database.write_database(store / database.DATABASE, store / database.PARQUET)
        database.write_csv(tables, csv_dir, protected=protected)
        rows = {name: len(frame) for name, frame in tables.items()}
        stat = {s.path.name: {"sha256": s.sha256, "stat": list(s.stamp)} for s in sources}
        atomic.write_text(store / STATE / MANIFEST, json.dumps({
            "version": extractor_version(), "seeds": str(seeds), "csv": str(csv_dir.resolve()),
            "keys": [s.key for s in sources], "files": stat, "rows": rows}, indent=1) + "\n")
    return {"documents": len(sources), "extracted": extracted, "written": True, "rows": rows}


def _read(store: Path, as_of: dt.date | None) -> tuple[list[Parts], dict | None]:
    """With ``as_of``, the cached parts of every document (the tables are assembled
    from those published by then); without, the tables alone."""
    if not as_of:
        return [], database.read_parquet(store / database.PARQUET)
    manifest = _read_manifest(store)
    folder = store / STATE / "parts"
    parts = []
    with _bulk():
        for key in manifest.get("keys", []):
            with open(folder / f"{key}.pkl", "rb") as fh:
                got = pickle.load(fh)
            if not isinstance(got, _Left):
                parts.append(got)
    return parts, None


def corpus_from_tables(root: Path, tables: dict[str, pd.DataFrame]) -> Corpus:
    """The documents and their paragraphs as the documents and paragraphs tables hold them.

    Reports read paragraphs through a :class:`~jdib.ingest.corpus.Corpus`; built
    from the tables it costs a second at 10,000 documents, where unpickling every
    document's cached parts cost twenty. A document's ``raw`` text is not kept
    in the store, so it is empty here.
    """
    with _bulk():
        return _corpus_from_tables(root, tables)


def _corpus_from_tables(root: Path, tables: dict[str, pd.DataFrame]) -> Corpus:
    paras: dict[str, list[corpus_mod.Paragraph]] = {}
    p = tables["paragraphs"]
    pages = [None if pd.isna(x) else int(x) for x in p["page"].tolist()]
    columns = (p[c].tolist() for c in ("para_id", "doc_id", "n", "role", "text", "footnote_refs"))
    for para_id, doc_id, n, role, text, refs, page in zip(*columns, pages):
        paras.setdefault(doc_id, []).append(corpus_mod.Paragraph(
            para_id, doc_id, int(n), text, role, tuple(refs.split(";")) if refs else (), page))
    docs = []
    for d in tables["documents"].sort_values("doc_id").itertuples(index=False):
        published = dt.date.fromisoformat((d.published + "-01-01")[:10]) if d.published else None
        docs.append(corpus_mod.Document(
            doc_id=d.doc_id, path=Path(root) / d.file, title=d.title_ja, title_en=d.title_en,
            published=published, published_precision=d.published_precision, kind=d.kind,
            publisher=d.publisher, encoding=d.encoding, sha256=d.sha256, raw="",
            paragraphs=tuple(paras.get(d.doc_id, ())), from_catalog=d.metadata_source == "catalog",
            reliability=d.reliability if d.reliability_basis.startswith("catalog") else "",
            url=d.url, url_source=d.url_source, retrieved=d.retrieved, fmt=d.format,
            pages=0 if pd.isna(d.pages) else int(d.pages)))
    return Corpus(Path(root), tuple(docs))


def load(seeds_dir: str | Path, as_of: dt.date | None = None, *, store: str | Path | None = None,
         jobs: int | None = None) -> Loaded:
    """The corpus and tables of a seeds folder, refreshing its store first when needed.

    With ``as_of`` the cross-document steps run over the documents published by
    then (events seen only later do not count); without it the tables are read
    from the store.

    Args:
        seeds_dir: Folder of documents.
        as_of: Only documents published on or before this date count (None: all).
        store: The store folder (default :func:`default_store`).
        jobs: Worker processes when documents must be extracted.

    Returns:
        A :class:`Loaded`.

    Example:
        >>> loaded = load("seeds")  # doctest: +SKIP
        >>> loaded.tables["events"].shape[0] > 0
        True
    """
    seeds = Path(seeds_dir).resolve()
    store = Path(store) if store else default_store(seeds)
    refresh(seeds, store, jobs=jobs)
    try:  # without the lock, so kernels read at once; files are only ever replaced whole
        parts, tables = _read(store, as_of)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):  # a refresh pruned under us
        with _locked(store):
            parts, tables = _read(store, as_of)
    if tables is not None:
        corpus = corpus_from_tables(Path(seeds_dir), tables)
        return Loaded(corpus, len(corpus), tables, store)
    parts.sort(key=lambda p: p.doc.doc_id)
    full = Corpus(Path(seeds_dir), tuple(p.doc for p in parts))
    corpus = full.as_of(as_of)
    keep = {d.doc_id for d in corpus}
    tables = assemble([p for p in parts if p.doc.doc_id in keep], Path(seeds_dir))
    return Loaded(corpus, len(full), tables, store, tuple(d.doc_id for d in full.undated))
