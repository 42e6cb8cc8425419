"""Where things live in a checkout. Commands take these as defaults only."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
TABLES = ROOT / "data" / "tables"
NOTEBOOKS = ROOT / "notebooks"
OUTPUTS = ROOT / "outputs"
GOLDEN = ROOT / "tests" / "data" / "golden"


def here(name: str) -> Path:
    """A default folder: the current folder's own when it is a jdib working folder.

    A folder that has ``seeds/`` (or the ``name`` folder itself) is one: run from
    there, jdib reads its documents and writes next to them, never into the
    checkout. Elsewhere the checkout's folders are the defaults.

    Args:
        name: ``seeds``, ``data/tables`` or ``outputs``.

    Example:
        >>> here("outputs")  # doctest: +SKIP
        PosixPath('/home/me/study/outputs')
    """
    cwd = Path.cwd()
    top = name.split("/")[0]
    if (cwd / top).is_dir() or (cwd / "seeds").is_dir():
        return cwd / name
    return ROOT / name
