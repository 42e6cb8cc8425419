"""A store folder: its tables written as one generation that becomes current in one step.

Layout of a store folder ``DIR``::

    DIR/.jdib-owned                 the names jdib wrote here (see jdib.store.atomic)
    DIR/jdib.duckdb  -> .jdib-store/current/jdib.duckdb
    DIR/parquet      -> .jdib-store/current/parquet
    DIR/.jdib-store/                readable by its user only
        current      -> generations/<n>
        generations/<n>/            jdib.duckdb, parquet/*.parquet, manifest.json
        parts/<key>.json            the per-document cache (jdib.store.cache)
        csv.json                    which generation the CSV files hold, and their checksums

A generation is written in a scratch folder, every file flushed to disk
(fsync), and made current by renaming one symbolic link over ``current``: a
reader sees the whole previous generation or the whole new one, whatever
stops the run, and the manifest inside a generation always describes its own
files. Each file's size and SHA-256 are in the manifest, so a file damaged or
removed afterwards is noticed and the store rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from jdib.errors import InputError
from jdib.store import atomic, cache

STATE = ".jdib-store"
GENERATIONS = "generations"
CURRENT = "current"
MANIFEST = "manifest.json"
CSV_RECORD = "csv.json"
DATABASE = "jdib.duckdb"
PARQUET = "parquet"
#: What the store folder itself shows: links into the current generation.
LINKS = (DATABASE, PARQUET)
_SCRATCH = ".tmp-"


def state(store: Path) -> Path:
    """The store's private folder (created ``0700``, and recorded in the store folder's marker)."""
    store = Path(store)
    folder = cache.private_dir(store / STATE)
    if STATE not in atomic.owned(store):
        atomic.claim(store, [STATE])
    return folder


def check_folder(store: Path, *, option: str = "--store", protected: Iterable[tuple[Path, str]] = ()) -> Path:
    """Refuse a store folder that jdib must not write into.

    Args:
        store: The folder named by ``--store``, ``JDIB_STORE`` or the default.
        option: Where the folder came from, named in the error.
        protected: ``(folder, what)`` pairs it may be neither nor lie inside.

    Returns:
        The folder, resolved.

    Raises:
        InputError: The folder is a file, protected, unwritable, or holds a user's
            ``jdib.duckdb``, ``parquet`` or ``.jdib-store`` that jdib did not write.
    """
    folder = atomic.check_out_folder(Path(store), option=option, protected=protected)
    mine = atomic.owned(folder)
    for name in (*LINKS, STATE):
        path = folder / name
        if (path.exists() or path.is_symlink()) and name not in mine and not _ours(folder, path):
            raise InputError(path, "exists and was not written by jdib; jdib will not replace it "
                                   "(move it, or choose another store folder)")
    return folder


def _ours(folder: Path, path: Path) -> bool:
    """A name of a store folder that jdib wrote before it kept a marker there."""
    if path.is_symlink():
        return os.readlink(path) == f"{STATE}/{CURRENT}/{path.name}"
    if path.name == STATE and (path / CURRENT).is_symlink():
        return True
    if not (folder / STATE / MANIFEST).is_file():  # the manifest of an earlier jdib's store
        return False
    if path.name == STATE:
        return True
    if path.name == DATABASE:
        return _duckdb(path)
    return _ours_dir(path)


def _duckdb(path: Path) -> bool:
    """A DuckDB database file (an earlier jdib's store held one in place of the link)."""
    if not path.is_file():
        return False
    with open(path, "rb") as fh:
        return fh.read(12)[8:12] == b"DUCK"


def _ours_dir(path: Path) -> bool:
    """An earlier jdib's ``parquet/`` folder: nothing in it but tables and scratch files."""
    return path.is_dir() and not path.is_symlink() and all(
        p.suffix == ".parquet" or p.name.startswith(".") for p in path.iterdir())


def current(store: Path) -> Path | None:
    """The current generation's folder, or None when the store has none."""
    link = Path(store) / STATE / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    gen = (link.parent / target).resolve()
    return gen if gen.is_dir() else None


def read_manifest(gen: Path | None) -> dict:
    """The manifest of a generation ({} when there is none or it cannot be read)."""
    if gen is None:
        return {}
    try:
        data = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def scratch(store: Path) -> Path:
    """A new, empty generation folder to write into, named by this process."""
    root = cache.private_dir(state(store) / GENERATIONS)
    atomic.remove_stale(root, _SCRATCH)
    folder = root / f"{_SCRATCH}{os.getpid()}-{os.urandom(4).hex()}"
    folder.mkdir(mode=cache.PRIVATE_DIR)
    return folder


def signature(path: Path, digest: bool = True) -> list:
    """What is recorded of a written file: size, SHA-256, and the inode and times it was left with."""
    st = os.stat(path)
    return [st.st_size, _sha256(path) if digest else "", st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def damage(folder: Path, files: dict[str, list]) -> str:
    """Why files differ from what was recorded of them ('' when they do not).

    A file left exactly as written (same inode, size, modification and change
    times: an edit cannot keep the change time) is taken as it is; any other is
    hashed and compared.
    """
    for name, (size, sha, ino, mtime, ctime) in sorted(files.items()):
        path = Path(folder) / name
        try:
            st = os.stat(path)
        except OSError:
            return f"{name} is missing"
        if (st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns) == (size, ino, mtime, ctime):
            continue
        if st.st_size != size or _sha256(path) != sha:
            return f"{name} was changed after jdib wrote it"
    return ""


def link_damage(store: Path) -> str:
    """Why ``DIR/jdib.duckdb`` or ``DIR/parquet`` is not the link jdib made ('' when both are)."""
    for name in LINKS:
        path = Path(store) / name
        try:
            target = os.readlink(path)
        except FileNotFoundError:
            return f"{name} is missing"
        except OSError:
            return f"{name} is not the link jdib made"
        if target != f"{STATE}/{CURRENT}/{name}":
            return f"{name} points at {target}, not into the store"
    return ""


def commit(store: Path, folder: Path, manifest: dict) -> Path:
    """Make a finished scratch generation current, in one atomic rename.

    Writes ``manifest`` (with the files' signatures) into ``folder``, flushes it
    to disk, renames it to the next generation number and points ``current``
    at it; the store folder's links are made in the same step, which Ctrl-C
    does not cut. :func:`prune` then removes older generations.

    Returns:
        The new generation's folder.
    """
    store = Path(store)
    for path in folder.rglob("*"):  # DuckDB and Arrow create files as the umask says
        os.chmod(path, cache.PRIVATE_DIR if path.is_dir() else cache.PRIVATE_FILE)
    files = {p.relative_to(folder).as_posix(): signature(p) for p in sorted(folder.rglob("*")) if p.is_file()}
    text = json.dumps({**manifest, "files": files}, indent=1, ensure_ascii=False) + "\n"
    fd = os.open(folder / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, cache.PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    atomic.fsync_tree(folder)
    root = folder.parent
    numbers = [int(p.name) for p in root.iterdir() if p.name.isdigit()]
    gen = root / f"{max(numbers, default=0) + 1:06d}"
    link = root.parent / CURRENT
    new = link.with_name(f".{CURRENT}.tmp-{os.getpid()}")
    with atomic.signals_deferred():  # both renames or neither: a generation is never left unnamed
        os.rename(folder, gen)
        new.unlink(missing_ok=True)
        os.symlink(f"{GENERATIONS}/{gen.name}", new)
        if link.is_dir() and not link.is_symlink():  # a store copied without its links
            shutil.rmtree(link)
        os.replace(new, link)
        atomic.fsync(root)
        atomic.fsync(root.parent)
        link_top(store)
    return gen


def prune(store: Path, gen: Path) -> None:
    """Remove the generations before the one ``gen`` replaced.

    The one just replaced stays for readers that are still reading it.
    """
    root = gen.parent
    previous = sorted(int(p.name) for p in root.iterdir() if p.name.isdigit() and p != gen)
    for number in previous[:-1]:
        shutil.rmtree(root / f"{number:06d}", ignore_errors=True)


def link_top(store: Path) -> None:
    """Point ``DIR/jdib.duckdb`` and ``DIR/parquet`` into the current generation.

    An earlier jdib's files of those names (a database file, a folder of
    tables) are replaced by the links; the names are recorded in the marker.
    """
    store = Path(store)
    for name in LINKS:
        path = store / name
        target = f"{STATE}/{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            continue
        tmp = store / f".{name}.tmp-{os.getpid()}"
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        if path.is_dir() and not path.is_symlink():
            if not _ours_dir(path):
                tmp.unlink()
                raise InputError(path, "holds files jdib did not write; jdib will not replace it")
            shutil.rmtree(path)
        elif path.is_file() and not path.is_symlink() and not _duckdb(path):  # a file put in the link's place
            tmp.unlink()
            raise InputError(path, "is a file jdib did not write; jdib will not replace it "
                                   "(move it, or choose another store folder)")
        os.replace(tmp, path)
    atomic.claim(store, (*LINKS, STATE))


def read_csv_record(store: Path) -> dict:
    """Which generation the CSV files hold, where, and their signatures ({} when unknown)."""
    try:
        data = json.loads((Path(store) / STATE / CSV_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_csv_record(store: Path, gen: Path, folder: Path, names: Iterable[str]) -> None:
    """Record that ``folder`` holds the CSV files of generation ``gen``."""
    files = {name: signature(Path(folder) / name) for name in sorted(names)}
    record = state(store) / CSV_RECORD
    atomic.write_text(record, json.dumps(
        {"generation": gen.name, "folder": str(Path(folder).resolve()), "files": files}, indent=1) + "\n")
    os.chmod(record, cache.PRIVATE_FILE)
