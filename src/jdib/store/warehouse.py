"""The store of a seeds folder: per-document results cached, tables refreshed when needed.

A store folder (``data/`` for the project's ``seeds/``) holds ``jdib.duckdb``
and ``parquet/`` (links into the current generation, see
:mod:`jdib.store.generation`), ``tables/*.csv`` by default, and ``.jdib-store/``:
the generations, the per-document cache (:mod:`jdib.store.cache`) and the lock.

A document's results are cached under a key made of its bytes' SHA-256, its
catalog row, its file name and the extractor version (a hash of ``ingest/``,
``extract/``, the vocabularies, the user's glossaries in ``JDIB_GLOSSARY`` and
the per-document split), so only new or changed documents are read again; the
cross-document steps run over all. The tables are up to date when the
generation's manifest records exactly these inputs and the store's code, and
its files are as written; the CSV files when they are the ones written from it.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jdib import paths
from jdib.errors import InputError, Interrupted
from jdib.ingest import corpus as corpus_mod
from jdib.ingest.corpus import Corpus
from jdib.store import atomic, cache, database, generation, reading, review, schema
from jdib.store.parts import Parts, assemble

#: Kept for callers of the store: what decides a document's cached rows.
extractor_version = reading.extractor_version

log = logging.getLogger(__name__)

STATE = generation.STATE


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


def default_store(seeds_dir: str | Path) -> Path:
    """The store folder of a seeds folder.

    ``JDIB_STORE`` wins; the project's ``seeds/`` has ``data/``, as has the
    ``seeds/`` of a working folder: run from (see :func:`jdib.paths.here`), or
    whose ``data/`` already holds the store of these seeds (so a kernel running
    elsewhere finds it). Any other seeds folder gets its own folder in the
    user's cache, so jdib never writes next to documents it does not own.
    """
    if os.environ.get("JDIB_STORE"):
        return Path(os.environ["JDIB_STORE"])
    seeds = Path(seeds_dir).resolve()
    if seeds == paths.SEEDS.resolve():
        return paths.ROOT / "data"
    if seeds == paths.here("seeds").resolve():  # a working folder's own seeds: its own data/
        return paths.here("data")
    beside = seeds.parent / "data"
    if seeds.name == "seeds" and serves(beside) == str(seeds):
        return beside
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache_home / "jdib" / "stores" / hashlib.sha256(str(seeds).encode()).hexdigest()[:16]


def serves(store: Path) -> str:
    """The seeds folder whose tables a store folder holds ('' when it holds none)."""
    inputs = generation.read_manifest(generation.current(store)).get("inputs", {})
    return inputs.get("seeds", "") if isinstance(inputs, dict) else ""


def _inputs(seeds: Path, sources: list[reading.Source], decisions: str = "") -> dict:
    """What the tables are made from: the documents (by key), the catalog, the code,
    and the analyst's decisions (the SHA-256 of ``review.yaml``)."""
    catalog = seeds / "catalog.csv"
    return {"format": reading.FORMAT, "store": reading.store_code(), "extractor": reading.extractor_version(), "seeds": str(seeds),
            "catalog": reading.sha256(catalog) if catalog.is_file() else "", "keys": [s.key for s in sources],
            "review": decisions}


def _review(tables: dict[str, pd.DataFrame], decisions: list[review.Decision], where: Path) -> list[str]:
    """Apply the analyst's decisions to the tables in place; the lines of those that no longer apply."""
    tables.update(review.apply(tables, decisions, where))
    found = review.stale(tables)
    by_n = {d.n: d for d in decisions}
    return [review.warning(where, by_n[n], reason)
            for n, reason in zip(found["decision_n"], found["status_reason"])]


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


def _csv_fresh(store: Path, gen: Path, folder: Path) -> bool:
    """The CSV folder holds exactly the files written from this generation, as written."""
    record = generation.read_csv_record(store)
    names = {f"{name}.csv" for name in schema.RESOURCES}
    stale = {n for n in atomic.owned(folder) if n.endswith(".csv")} - names
    return (record.get("generation") == gen.name and record.get("folder") == str(folder.resolve())
            and set(record.get("files", {})) == names and not stale
            and not generation.damage(folder, record["files"]))


def _write_csv(store: Path, gen: Path, tables: dict[str, pd.DataFrame], folder: Path, protected) -> None:
    database.write_csv(tables, folder, protected=protected)
    generation.write_csv_record(store, gen, folder, (f"{name}.csv" for name in tables))


def _write_generation(store: Path, tables: dict[str, pd.DataFrame], manifest: dict) -> Path:
    """Write the database and Parquet files as a new generation and make it current."""
    scratch = generation.scratch(store)
    try:
        database.write_parquet(tables, scratch / generation.PARQUET)
        database.write_database(scratch / generation.DATABASE, scratch / generation.PARQUET)
        return generation.commit(store, scratch, manifest)
    except OSError as err:  # a full disk, say: the scratch goes, the current generation stays
        raise InputError(store, f"the store cannot be written ({err.strerror or err}); "
                                "it was left as it was") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _store_option(store: str | Path | None) -> str:
    if store:
        return "--store"
    return "JDIB_STORE" if os.environ.get("JDIB_STORE") else "the store folder"


def refresh(seeds_dir: str | Path, store: str | Path | None = None, *, csv_dir: str | Path | None = None,
            jobs: int | None = None, force: bool = False, progress: bool = False,
            strict: bool = False, protected: Iterable[tuple[Path, str]] = (), csv: bool = True) -> dict:
    """Bring the store of a seeds folder up to date with its documents and the extractor code.

    Args:
        seeds_dir: Folder of documents and ``catalog.csv``.
        store: The store folder (default :func:`default_store`).
        csv_dir: Where the CSV files go (default ``<store>/tables``).
        jobs: Worker processes for extraction (default: the CPU count).
        force: Rewrite the tables even when nothing changed.
        progress: Show a progress bar on the terminal.
        strict: Stop at a file no reader takes instead of skipping it.
        protected: Folders the store and CSV folders must not be or lie in
            (the seeds folder always is one).
        csv: Write the CSV files too (readers of the store need only the database
            and Parquet: :func:`load` leaves the CSV files to ``jdib tables``).

    Returns:
        What happened: ``files`` (in the seeds folder), ``documents`` (in the
        tables), ``skipped`` (file name -> why), ``extracted`` (files read
        again, skipped ones included), ``read`` (documents read again),
        ``written`` (whether the tables were rewritten), ``rows`` per table,
        ``store`` and ``csv`` (the folders).

    Raises:
        InputError: A bad document or folder, or a table breaking its schema;
            the store is left as it was.
        Interrupted: Ctrl-C once the new generation was current, before every
            CSV file was written.
    """
    seeds = Path(seeds_dir).resolve()
    protected = [(seeds, "the seeds folder"), *protected]
    option = _store_option(store)
    store = generation.check_folder(Path(store) if store else default_store(seeds), option=option,
                                    protected=protected)
    csv_dir = Path(csv_dir) if csv_dir else store / database.CSV
    with atomic.folder_lock(generation.state(store), mode=cache.PRIVATE_FILE):
        generation.check_folder(store, option=option, protected=protected)
        sources = reading.sources(seeds)
        # Read before any document: a bad entry stops the run with nothing read or written.
        decisions, decided = review.load(review.path_for(store))
        inputs = _inputs(seeds, sources, decided)
        gen = generation.current(store)
        manifest = generation.read_manifest(gen)
        damaged = generation.damage(gen, manifest.get("files", {})) if manifest else ""
        if gen and not manifest:
            damaged = "the manifest is missing or unreadable"
        if manifest and not damaged:
            damaged = generation.link_damage(store)  # the names a user opens are part of the store
        if damaged:
            log.warning("%s: the store is damaged (%s); it is rebuilt", store, damaged)
        if not force and not damaged and manifest.get("inputs") == inputs:
            skipped = manifest.get("skipped", {})
            if strict and skipped:  # --strict holds on a run that reads nothing too
                name, why = next(iter(skipped.items()))
                raise InputError(seeds / name, why)
            done = _counts(sources, skipped, manifest["inputs"].get("missing", []), store, csv_dir)
            for line in manifest.get("stale", []):  # said on every run until the decision is mended
                log.warning("%s", line)
            if not csv or _csv_fresh(store, gen, csv_dir):
                return {**done, "extracted": 0, "read": 0, "written": False, "rows": manifest.get("rows", {})}
            # The CSV files are not this generation's (deleted, edited, another store's): only they are redone.
            _write_csv(store, gen, database.read_parquet(gen / generation.PARQUET), csv_dir, protected)
            return {**done, "extracted": 0, "read": 0, "written": True, "rows": manifest.get("rows", {})}
        got = reading.parts(store, sources, jobs, progress, strict, seeds)
        tables = assemble(got.parts, seeds)
        stale = _review(tables, decisions, review.path_for(store))
        got.parts.clear()  # the tables hold what is written; at 10,000 documents the parts are ~0.5 GB
        _give_back_memory()
        for name, frame in tables.items():
            schema.validate(name, frame)
        rows = {name: len(frame) for name, frame in tables.items()}
        # Documents that could not be read this time make the inputs differ next time: tried again then.
        recorded = {**inputs, "missing": got.missing} if got.missing else inputs
        gen = _write_generation(store, tables, {"inputs": recorded, "rows": rows, "skipped": got.skipped,
                                                "stale": stale})
        done = {**_counts(sources, got.skipped, got.missing, store, csv_dir),
                "extracted": got.extracted, "read": got.read, "written": True, "rows": rows}
        if not csv:
            generation.prune(store, gen)
            return done
        try:
            generation.prune(store, gen)
            _write_csv(store, gen, tables, csv_dir, protected)
        except KeyboardInterrupt:
            raise Interrupted(f"the store {store} was replaced; the CSV files in {csv_dir} were not all "
                              "written, and the next `jdib tables` writes them") from None
    return done


def _counts(sources: list[reading.Source], skipped: dict[str, str], missing: list[str],
            store: Path, csv_dir: Path) -> dict:
    """How many files the seeds folder holds and how many of them are documents in the tables."""
    return {"files": len(sources), "documents": len(sources) - len(skipped) - len(missing),
            "skipped": dict(skipped), "store": store, "csv": csv_dir}


def _read(store: Path, as_of: dt.date | None) -> tuple[list[Parts], dict | None]:
    """With ``as_of``, the cached parts of every document (the tables are assembled
    from those published by then); without, the tables alone."""
    gen = generation.current(store)
    if gen is None:
        raise FileNotFoundError(store / STATE / generation.CURRENT)
    if not as_of:
        return [], database.read_parquet(gen / generation.PARQUET)
    keys = generation.read_manifest(gen)["inputs"]["keys"]
    folder = store / STATE / reading.PARTS
    parts = []
    with reading.bulk():
        for key in keys:
            kind, body = cache.loads(key, (folder / f"{key}{cache.SUFFIX}").read_bytes())
            if kind == "parts":
                parts.append(cache.decode_parts(body))
    return parts, None


def corpus_from_tables(root: Path, tables: dict[str, pd.DataFrame]) -> Corpus:
    """The documents and their paragraphs as the documents and paragraphs tables hold them.

    Reports read paragraphs through a :class:`~jdib.ingest.corpus.Corpus`; built
    from the tables it costs a second at 10,000 documents, where unpickling every
    document's cached parts cost twenty. A document's ``raw`` text is not kept
    in the store, so it is empty here.
    """
    with reading.bulk():
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
    store = refresh(seeds, store, jobs=jobs, csv=False)["store"]
    try:  # without the lock, so kernels read at once; a generation is never changed once current
        parts, tables = _read(store, as_of)
    except (OSError, ValueError, KeyError):  # a refresh replaced the generation as it was read
        with atomic.folder_lock(generation.state(store), mode=cache.PRIVATE_FILE):
            parts, tables = _read(store, as_of)
    if tables is not None:
        corpus = corpus_from_tables(Path(seeds_dir), tables)
        return Loaded(corpus, len(corpus), tables, store)
    parts.sort(key=lambda p: p.doc.doc_id)
    full = Corpus(Path(seeds_dir), tuple(p.doc for p in parts))
    corpus = full.as_of(as_of)
    keep = {d.doc_id for d in corpus}
    tables = assemble([p for p in parts if p.doc.doc_id in keep], Path(seeds_dir))
    # Decisions on rows told only later are listed as stale in the decisions table, not warned of.
    tables = review.apply(tables, review.read(review.path_for(store)), quiet=True)
    return Loaded(corpus, len(full), tables, store, tuple(d.doc_id for d in full.undated))
