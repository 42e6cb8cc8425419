"""Opening the files jdib is given, without following them anywhere they should not lead.

A seeds folder's file is judged before a byte of it is read: its name must
be valid UTF-8 (it becomes a cell of the tables), a link must stay inside the
folder, and what it names must be a regular file (not a named pipe, which
would wait forever, a device such as ``/dev/zero``, which never ends, or a
folder) no larger than :data:`jdib.ingest.limits.DOCUMENT_BYTES` allows.
Other inputs (a parameters file, a glossary) are read up to their limit only.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from jdib.errors import InputError
from jdib.ingest import limits
from jdib.ingest.readers import Skip

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def shown(name: str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 as ``\\xff``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def check_folder(path: Path, what: str = "the seeds folder") -> None:
    """Refuse a folder that is missing or is something else (a file, a named pipe).

    Raises:
        InputError: Naming what ``path`` is when it is not a folder.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, f"{what} does not exist") from None
    except OSError as err:
        raise InputError(path, f"{what} cannot be read ({err.strerror})") from None
    if not stat.S_ISDIR(st.st_mode):
        kind = "a file" if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)
        raise InputError(path, f"{what} is {kind}, not a folder")


def check(path: Path, root: Path, limit: int, what: str = "document") -> os.stat_result:
    """What a seeds folder's file is, refused unless it may be read.

    Args:
        path: The file (or link) in the folder.
        root: The seeds folder: a link must point inside it.
        limit: The largest size read.
        what: What the file is, for the error (``document``, ``catalog``).

    Returns:
        The status of the file it names.

    Raises:
        Skip: An undecodable name, a link leaving the folder or pointing at
            nothing, anything but a regular file, or a file over ``limit``.
    """
    if shown(path.name) != path.name:
        raise Skip(shown(str(path)), "the file name is not valid UTF-8; rename the file to read it")
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # pointing at nothing, or a loop of links
            raise Skip(path, "is a link to nothing readable; not read") from None
        if not target.is_relative_to(Path(root).resolve()):
            raise Skip(path, f"is a link to {target}, outside the seeds folder; not read")
        link = "is a link to "
    else:
        link = "is "
    try:
        st = os.stat(path)
    except OSError as err:
        raise Skip(path, f"cannot be read ({err.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise Skip(path, f"{link}{_kind(st.st_mode)}, not a file; not read")
    if st.st_size > limit:
        raise Skip(path, f"is {limits.size(st.st_size)}, more than jdib reads from one "
                            f"{what} ({limits.size(limit)}); split it or leave it out")
    return st


def read(path: Path, root: Path, limit: int, what: str = "document") -> bytes:
    """The bytes of a seeds folder's file, once :func:`check` allows it.

    The file is opened without blocking and checked again once open, so a file
    swapped for a pipe in between cannot make the read wait or run on.

    Raises:
        Skip: See :func:`check`; also a file that grew past ``limit``.
    """
    before = check(path, root, limit, what)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise Skip(path, f"cannot be read ({err.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        now = os.fstat(fh.fileno())
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise Skip(path, "changed while it was being opened; not read")
        # As much as the file holds, not the limit: read(n) sets aside n bytes before it reads.
        data = fh.read(min(limit, now.st_size) + 1)
        if len(data) > now.st_size:  # it grew since: read on, up to the limit
            data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise Skip(path, f"is more than jdib reads from one {what} ({limits.size(limit)}); "
                            "split it or leave it out")
    return data


def digest(path: Path, root: Path) -> str:
    """The sha256 of a seeds folder's file, or ``""`` for a file that is not read."""
    try:
        data = read(path, root, max(limits.DOCUMENT_BYTES.values()))
    except Skip:
        return ""
    return hashlib.sha256(data).hexdigest()


def stamp(path: Path) -> tuple[int, int]:
    """Size and modification time of what ``path`` names (of the link itself when it names nothing).

    Taking a file's status never opens it, so a pipe or a device costs nothing here.
    """
    try:
        st = os.stat(path)
    except OSError:
        st = os.lstat(path)
    return st.st_size, st.st_mtime_ns


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """Read at most ``limit`` bytes of an input file (a parameters file, a glossary).

    A pipe is read like a file (``--params <(...)`` is one), but never past the limit.

    Args:
        path: The file.
        limit: The largest size read.
        what: What the file is, for the error (``the parameters file``).

    Raises:
        InputError: The file cannot be read, is a folder, or is larger than ``limit``.
    """
    try:
        with open(path, "rb") as fh:
            if stat.S_ISDIR(os.fstat(fh.fileno()).st_mode):
                raise InputError(path, f"{what} is a folder, not a file")
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise InputError(path, f"{what} is a folder, not a file") from None
    except OSError as err:
        raise InputError(path, f"cannot read {what} ({err.strerror})") from None
    if len(data) > limit:
        raise InputError(path, f"{what} is larger than jdib reads ({limits.size(limit)})")
    return data
