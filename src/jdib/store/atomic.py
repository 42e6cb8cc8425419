"""Writing folders and files so that readers see the old version or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replace_dir(target: Path) -> Iterator[Path]:
    """Yield a temporary folder that replaces ``target`` when the block succeeds.

    On an exception the temporary folder is removed and ``target`` is untouched,
    so earlier good outputs survive a failed or interrupted run.

    Args:
        target: The folder to (re)write.

    Yields:
        A fresh empty folder on the same file system as ``target``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staging_dir(parent: Path) -> Iterator[Path]:
    """Yield a scratch folder inside ``parent``, removed afterwards whatever happens.

    Files finished there are moved next to it with :func:`move_into`; being on
    the same file system, each move is atomic.

    Args:
        parent: The folder the finished files will go to (created if missing).
    """
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".jdib-tmp-", dir=parent))
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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A sibling named by pid and thread (not mkstemp) keeps the umask's permissions.
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
