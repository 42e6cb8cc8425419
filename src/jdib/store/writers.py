"""Writing tables to disk: the one place table files are created."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jdib.store.atomic import replace_dir


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path) -> None:
    """Write each table as ``<name>.csv`` into ``out``, all or nothing.

    UTF-8 with a BOM: without it Excel on Japanese Windows reads the files as Shift-JIS.

    Args:
        tables: Table name to DataFrame.
        out: Destination folder; replaced only when every file is written.
    """
    with replace_dir(Path(out)) as tmp:
        for name, frame in tables.items():
            frame.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
