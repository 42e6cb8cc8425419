"""Adding documents to a seeds folder: the file as published, and its catalog row.

Every document is fetched or read, and checked by the reader that will read
it, before anything is written; then the files are written, each atomically,
and the catalog last, so a failure leaves the folder as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from jdib.errors import InputError
from jdib.ingest import corpus, fetch, files as seeds_files, limits, readers
from jdib.ingest.readers.text import BOMS, decode
from jdib.store import atomic

CATALOG = "catalog.csv"


@dataclass
class Added:
    """What became of one argument of ``jdib add``.

    Attributes:
        source: The URL or path given.
        file: The file name in the seeds folder.
        doc_id: Its doc_id.
        new: False when the document was already there (``file`` and ``doc_id`` are then the existing ones).
    """

    source: str
    file: str
    doc_id: str
    new: bool = True


def add(sources: list[str], seeds: Path, today: dt.date | None = None) -> list[Added]:
    """Save documents into a seeds folder and list each in its ``catalog.csv``.

    Args:
        sources: URLs (http or https) and paths of local files.
        seeds: The seeds folder.
        today: The retrieval date written (default: today).

    Returns:
        One entry per source, in order.

    Raises:
        InputError: Any source that cannot be added; nothing is written then.

    Example:
        >>> add(["https://www.mod.go.jp/j/press/news/2026/04/17a.html"], Path("seeds"))  # doctest: +SKIP
        [Added(source='https://...', file='www.mod.go.jp-j-press-news-2026-04-17a.html', ...)]
    """
    seeds = Path(seeds)
    seeds_files.check_folder(seeds)
    retrieved = (today or dt.date.today()).isoformat()
    with atomic.folder_lock(seeds):
        catalog = corpus.read_catalog(seeds)
        by_url = {row["url"]: name for name, row in catalog.items() if row.get("url")}
        by_hash = {}
        for path in corpus.document_files(seeds):
            digest = seeds_files.digest(path, seeds)
            if digest:
                by_hash.setdefault(digest, path.name)
        taken_ids = {corpus.doc_id_for(seeds / name, row) for name, row in catalog.items()}
        taken_ids |= {corpus.doc_id_for(p, catalog.get(p.name)) for p in corpus.document_files(seeds)}
        taken_names = {p.name.lower() for p in seeds.iterdir()}
        results: list[Added] = []
        new: list[tuple[str, bytes, dict[str, str]]] = []
        for source in sources:
            url = source if fetch.is_url(source) else ""
            if url and url in by_url:
                name = by_url[url]
                results.append(Added(source, name, corpus.doc_id_for(seeds / name, catalog[name]), False))
                continue
            data, name = _fetched(url) if url else _local(Path(source))
            digest = hashlib.sha256(data).hexdigest()
            if digest in by_hash:
                name = by_hash[digest]
                results.append(Added(source, name, corpus.doc_id_for(seeds / name, catalog.get(name)), False))
                continue
            name = _free(name, taken_names)
            doc_id = _unique(corpus.doc_id_for(Path(name), None), taken_ids)
            taken_names.add(name.lower())
            taken_ids.add(doc_id)
            by_hash[digest] = name
            if url:
                by_url[url] = name
            new.append((name, data, {"file": name, "doc_id": doc_id, "url": url, "retrieved": retrieved}))
            results.append(Added(source, name, doc_id))
        if new:
            _write(seeds, new)
    return results


def _fetched(url: str) -> tuple[bytes, str]:
    """A URL's bytes, checked by their reader, and a file name from its host and path."""
    got = fetch.fetch(url)
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path).strip("/")
    stem = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    stem = "-".join(x for x in (parts.hostname, stem, urllib.parse.unquote(parts.query)) if x)
    name = corpus.doc_id_for(Path(re.sub(r"[/\\]+", "-", stem) + ".x"), None) + got.suffix
    _check_readable(Path(name), got.data, url)
    return got.data, name


def _local(path: Path) -> tuple[bytes, str]:
    """A local file's bytes, once a reader takes it, and its name."""
    try:
        # The root is the file system's: a link given on the command line may lead anywhere.
        data, _ = corpus.read_file(path, Path(path.absolute().anchor))
    except InputError as err:
        raise InputError(path, _reason(err)) from None
    return data, path.name


def _check_readable(path: Path, data: bytes, source: str) -> None:
    try:
        readers.read(path, data)
    except InputError as err:  # Skip among them: a page without article text, a scanned PDF
        raise InputError(source, _reason(err)) from None


def _reason(err: InputError) -> str:
    # A Skip names the file itself ("a.png: skipped: an image"); the error names the source once.
    return re.sub(r"^skipped: ", "", err.reason)


def _free(name: str, taken: set[str]) -> str:
    """``name``, or ``stem-2.suffix``, ``stem-3.suffix``... when a file of that name exists."""
    stem, suffix = os.path.splitext(name)
    candidate, n = name, 1
    while candidate.lower() in taken or candidate.lower() in corpus.NOT_DOCUMENTS:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    return candidate


def _unique(doc_id: str, taken: set[str]) -> str:
    candidate, n = doc_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{doc_id[:95]}-{n}"
    return candidate


def _write(seeds: Path, new: list[tuple[str, bytes, dict[str, str]]]) -> None:
    """Write the documents, then the catalog; undo the documents if anything fails."""
    catalog = _catalog_bytes(seeds / CATALOG, [row for _, _, row in new])
    written: list[Path] = []
    try:
        with atomic.signals_deferred():
            for name, data, _ in new:
                atomic.write_bytes(seeds / name, data)
                written.append(seeds / name)
            atomic.write_bytes(seeds / CATALOG, catalog)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _catalog_bytes(path: Path, rows: list[dict[str, str]]) -> bytes:
    """The catalog with ``rows`` appended, its existing bytes kept as they are."""
    columns = (*corpus.CATALOG_COLUMNS, "url", "retrieved")
    if not path.exists():
        return _csv([columns, *([row.get(c, "") for c in columns] for row in rows)], "\n").encode("utf-8")
    old = seeds_files.read(path, path.parent, limits.CATALOG_BYTES, "catalog")
    text, encoding = decode(old, path)
    bom, codec = next(((b, c) for b, c, _ in BOMS if old.startswith(b)), (b"", encoding))
    end = "\r\n" if "\r\n" in text else "\n"
    header = next(csv.reader(io.StringIO(text, newline="")))
    missing = [c for c in ("url", "retrieved") if c not in header]
    if missing:
        # Columns are added to the header and as empty cells to every row: the rows' values stay.
        table = list(csv.reader(io.StringIO(text, newline="")))
        table = [table[0] + missing] + [r + [""] * len(missing) if any(r) else r for r in table[1:]]
        header = table[0]
        body = _csv(table, end) + _csv([[row.get(c, "") for c in header] for row in rows], end)
        return bom + _encode(body, codec, path)
    tail = "" if text.endswith(("\n", "\r")) else end
    return old + _encode(tail + _csv([[row.get(c, "") for c in header] for row in rows], end), codec, path)


def _csv(rows, end: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows(rows)
    return out.getvalue()


def _encode(text: str, codec: str, path: Path) -> bytes:
    try:
        return text.encode(codec)
    except UnicodeEncodeError as err:
        raise InputError(path, f"is saved as {codec}, which cannot hold {err.object[err.start:err.end]!r}; "
                               "save it as UTF-8") from None
