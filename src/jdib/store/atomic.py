"""Writing folders and files so that readers see the old version or the new one, never half.

jdib writes only what it owns. A folder jdib writes into gets a marker file,
``.jdib-owned``, listing the files jdib wrote there; jdib replaces or removes
only those (and files it can recognise as its own output), never a user's
file, and never empties a folder. Each output folder has one lock,
``.jdib-lock``, so two runs on one folder take turns at updating it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from jdib.errors import InputError

MARKER = ".jdib-owned"
LOCK = ".jdib-lock"
STAGING_PREFIX = ".jdib-tmp-"
LOCK_WAIT_S = 60.0
STALE_UNOWNED_S = 6 * 3600


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (on this machine)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_pid(name: str, prefix: str) -> int | None:
    head = name[len(prefix):].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def remove_stale(folder: Path, prefix: str = STAGING_PREFIX) -> list[Path]:
    """Remove scratch folders ``<prefix><pid>-*`` left in ``folder`` by a run that died.

    A scratch folder whose owner is still running is left alone; one without
    an owner in its name (an older jdib's) only once it is six hours old.

    Returns:
        The folders removed.
    """
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        if not path.name.startswith(prefix) or not path.is_dir() or path.is_symlink():
            continue
        pid = _owner_pid(path.name, prefix)
        if pid is None:
            # no owner in the name (an older jdib): stale only once it is old
            try:
                if time.time() - path.stat().st_mtime < STALE_UNOWNED_S:
                    continue
            except OSError:
                continue
        elif pid == os.getpid() or pid_alive(pid):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def check_out_folder(out: Path, *, option: str = "--out",
                     protected: Iterable[tuple[Path, str]] = ()) -> Path:
    """Refuse an output folder jdib must not or cannot write into.

    Args:
        out: The folder the user named.
        option: The option it came from, named in the error.
        protected: ``(folder, what)`` pairs the output must be neither nor lie
            inside, e.g. ``(seeds, "the seeds folder")``.

    Returns:
        The folder, resolved.

    Raises:
        InputError: ``out`` is a file, lies under a file, is a protected folder
            or inside one, or cannot be written.
    """
    given = Path(out)
    path = given.resolve()
    if path.exists() and not path.is_dir():
        raise InputError(given, f"{option} names a file, not a folder; jdib will not replace it")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(given, f"{option} lies under {parent}, which is a file")
            break
    for folder, what in protected:
        if folder is None:
            continue
        folder = Path(folder).resolve()
        if path == folder or folder in path.parents:
            where = "is" if path == folder else "lies inside"
            raise InputError(given, f"{option} {where} {what} ({folder}); jdib does not write "
                                    "there, choose another folder")
    existing = path if path.exists() else next(p for p in path.parents if p.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(given, f"{option} cannot be written (no permission to write in {existing})")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f"{STAGING_PREFIX}{os.getpid()}-probe"
        probe.mkdir(exist_ok=True)
        probe.rmdir()
    except OSError as err:
        raise InputError(given, f"{option} cannot be written ({err.strerror or err})") from None
    return path


def owned(folder: Path) -> set[str]:
    """The names of the files jdib wrote in ``folder`` (from its marker)."""
    try:
        text = (Path(folder) / MARKER).read_text(encoding="utf-8")
    except OSError:
        return set()
    return {line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("#")}


def claim(folder: Path, names: Iterable[str], drop: Iterable[str] = ()) -> None:
    """Record in the marker that jdib wrote ``names`` in ``folder`` (and no longer ``drop``)."""
    names = (owned(folder) | set(names)) - set(drop)
    write_text(Path(folder) / MARKER,
               "# files written by jdib; jdib replaces or removes only these\n"
               + "".join(f"{n}\n" for n in sorted(names)))


def check_clashes(folder: Path, names: Iterable[str],
                  ours: Callable[[Path], bool] = lambda p: False) -> None:
    """Refuse to replace a file jdib did not write.

    Args:
        folder: The output folder.
        names: The files about to be written there.
        ours: Recognises a file as jdib's own output when the marker does not
            list it (outputs of a jdib from before the marker existed).

    Raises:
        InputError: A file of that name exists and is the user's.
    """
    mine = owned(folder)
    for name in names:
        path = Path(folder) / name
        if (path.exists() or path.is_symlink()) and name not in mine:
            if path.is_file() and not path.is_symlink() and ours(path):
                continue
            raise InputError(path, "exists and was not written by jdib; jdib will not "
                                   "replace it (move it, or choose another folder)")


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = LOCK_WAIT_S, mode: int = 0o644) -> Iterator[None]:
    """Hold the output folder's lock; wait up to ``wait`` seconds for another run.

    The lock is an ``flock`` on ``.jdib-lock``, which names its holder's pid:
    the kernel releases it when the holder dies, so a killed run never leaves
    the folder locked. ``mode`` is the lock file's permissions (``0o600`` in a
    private folder).

    Raises:
        InputError: Another run still holds the lock after ``wait`` seconds.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, mode)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            if time.monotonic() >= deadline:
                raise InputError(folder, f"another jdib run (pid {holder}) is writing here; "
                                         f"waited {wait:.0f} s, try again when it has finished") from None
            time.sleep(0.05)
            continue
        try:  # the holder before us may have removed the file as it let go: lock the new one
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        with contextlib.suppress(OSError):  # naming the holder is a courtesy: a full disk must not stop the lock
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        # removed while still held, so no run can lock the old file after us
        with contextlib.suppress(OSError):
            os.unlink(path)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, so a group of moves is not cut in half.

    Only the main thread can do this; elsewhere the block runs unprotected.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def staging_dir(parent: Path) -> Iterator[Path]:
    """Yield a scratch folder inside ``parent``, removed afterwards whatever happens.

    Files finished there are moved next to it with :func:`move_into`; being on
    the same file system, each move is atomic. The folder's name carries this
    process's id, so a later run removes it if this one is killed outright.

    Args:
        parent: The folder the finished files will go to (created if missing).
    """
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(parent)
    tmp = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def move_into(files: list[Path], folder: Path) -> list[Path]:
    """Move finished files into ``folder``, each replacing its namesake atomically.

    Returns:
        The new paths, in the order given.
    """
    folder.mkdir(parents=True, exist_ok=True)
    moved = []
    for src in files:
        dst = folder / src.name
        os.replace(src, dst)
        moved.append(dst)
    return moved


def write_text(path: Path, text: str) -> None:
    """Write a text file so that readers see the old content or the new, never half.

    Args:
        path: The file to (re)write.
        text: Its new content, written as UTF-8.
    """
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half.

    Args:
        path: The file to (re)write.
        data: Its new content.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A sibling named by pid and thread (not mkstemp) keeps the umask's permissions.
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        if err.filename is None:  # a failed write (a full disk) names no file: this one
            raise OSError(err.errno, err.strerror, str(path)) from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def fsync(path: Path) -> None:
    """Flush a file's or a folder's contents to disk: a rename after it survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder``, and ``folder`` itself, to disk."""
    for path in sorted(Path(folder).rglob("*"), key=lambda p: -len(p.parts)):
        fsync(path)
    fsync(folder)
