"""Writing tables to disk: the one place table files are created."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from jdib.errors import InputError
from jdib.store import atomic

# OWASP's CSV-injection advice: a cell a spreadsheet would read as a formula
# starts with one of these. A number (-5, +3.2, -1,000) is left as it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d[\d,]*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def csv_cell(value: object) -> object:
    """A cell as it is safe to put in a CSV file a spreadsheet may open.

    Text a spreadsheet would run as a formula gets a leading apostrophe;
    numbers, ISO dates and any other text are unchanged.

    Example:
        >>> csv_cell("=HYPERLINK(1)"), csv_cell("-12.5"), csv_cell("2026-04-17")
        ("'=HYPERLINK(1)", '-12.5', '2026-04-17')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell passed through :func:`csv_cell`."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    return out


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _cell_sql(column: str, dtype: object) -> str:
    """SQL writing one column as ``csv_safe(frame).to_csv(...)`` writes it."""
    name = _quoted(column)
    if pd.api.types.is_bool_dtype(dtype):
        return f"CASE WHEN {name} THEN 'True' WHEN NOT {name} THEN 'False' END"
    if dtype == object or pd.api.types.is_string_dtype(dtype):
        # pandas writes an empty text as an empty cell, DuckDB as "": NULLIF keeps pandas' bytes.
        return (rf"CASE WHEN regexp_matches({name}, '^[=+\-@\t\r]') "
                f"AND NOT regexp_full_match({name}, '{_NUMBER.pattern}') "
                f"THEN '''' || {name} ELSE NULLIF({name}, '') END")
    return name


def write_csv_file(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as Excel-safe UTF-8 CSV with a BOM.

    The bytes are those of ``csv_safe(frame).to_csv(path, index=False,
    encoding="utf-8-sig", lineterminator="\\n")`` (tested), but for a cell
    holding a carriage return, which is quoted here and bare in pandas (where
    it breaks readers). DuckDB writes them about four times faster on large
    tables. It writes no BOM, so the BOM is the first character of the first header.
    """
    if not len(frame.columns):
        Path(path).write_bytes(b"\xef\xbb\xbf\n")
        return
    bom = "\ufeff"
    cells = [f"{_cell_sql(str(c), d)} AS {_quoted((bom if i == 0 else '') + str(c))}"
             for i, (c, d) in enumerate(frame.dtypes.items())]
    from jdib.store.database import connect, interruptible

    con = connect()
    try:
        with interruptible():
            con.register("frame", frame)
            target = str(path).replace("'", "''")
            con.execute(f"COPY (SELECT {', '.join(cells)} FROM frame) TO '{target}' (HEADER, NEW_LINE '\\n')")
    finally:
        con.close()


def _header(frame: pd.DataFrame) -> str:
    return ",".join(str(c) for c in frame.columns)


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path, *, option: str = "--out",
                 protected: Iterable[tuple[Path, str]] = (), extra: dict[str, str] | None = None) -> Path:
    """Write each table as ``<name>.csv`` into ``out`` beside whatever else is there.

    Every file is written to a staging folder first, so a failure leaves the
    earlier tables; then each replaces its namesake. Only files jdib wrote are
    replaced or removed (see :mod:`jdib.store.atomic`): a user's file is never
    touched, and a user's file named like a table stops the run before anything
    is written.

    UTF-8 with a BOM: without it Excel on Japanese Windows reads the files as Shift-JIS.

    Args:
        tables: Table name to DataFrame.
        out: Destination folder (created if missing).
        option: The option that named it, for errors.
        protected: Folders ``out`` must not be or lie in (the seeds folder).
        extra: Other text files to write beside the tables, by name
            (``datapackage.json``), replaced and owned like them.

    Returns:
        The folder written.

    Raises:
        InputError: ``out`` cannot be used, or holds a user's file of a table's name.
    """
    folder = atomic.check_out_folder(Path(out), option=option, protected=protected)
    names = {f"{name}.csv": frame for name, frame in tables.items()}

    def ours(path: Path) -> bool:  # a table written before the marker existed
        try:
            with path.open(encoding="utf-8-sig") as fh:  # with or without the BOM
                return fh.readline().rstrip("\r\n") == _header(names[path.name])
        except (OSError, UnicodeDecodeError):
            return False

    extra = extra or {}
    atomic.check_clashes(folder, [*names, *extra], ours)  # before the lock file, so a refusal leaves nothing
    with atomic.folder_lock(folder):
        atomic.check_clashes(folder, [*names, *extra], ours)
        before = atomic.owned(folder)
        with atomic.staging_dir(folder) as tmp:
            files = []
            try:
                for name, frame in names.items():
                    files.append(tmp / name)
                    write_csv_file(frame, files[-1])
                for name, text in extra.items():
                    files.append(tmp / name)
                    files[-1].write_text(text, encoding="utf-8")
                atomic.fsync_tree(tmp)
            except OSError as err:  # a full disk, say: the earlier tables stay
                raise InputError(folder, f"the CSV files cannot be written ({err.strerror or err}); "
                                         "the earlier ones were left as they were") from None
            with atomic.signals_deferred():
                atomic.move_into(files, folder)
                gone = {n for n in before if n.endswith(".csv") and n not in names}
                for name in gone:  # a table jdib no longer makes: stale, and jdib's
                    (folder / name).unlink(missing_ok=True)
                atomic.claim(folder, [*names, *extra], drop=gone)
                atomic.fsync(folder)
    return folder

