"""Writing the store's files: the DuckDB database, Parquet files and Excel-safe CSV.

The database and the Parquet files are written into a new generation's folder
(:mod:`jdib.store.generation`), which becomes current only once every file is
complete; the CSV files are staged and moved into place (:mod:`jdib.store.writers`).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from jdib.errors import InputError
from jdib.store import schema

DATABASE = "jdib.duckdb"
PARQUET = "parquet"
CSV = "tables"

#: Views analysts ask for, created in the database next to the tables.
VIEWS = {
    "events_by_series_year": """
        SELECT series, CAST(regexp_extract(date, '[0-9]{4}') AS INTEGER) AS year, count(*) AS events
        FROM events GROUP BY series, year ORDER BY series, year""",
    "latest_program_stage": """
        SELECT * EXCLUDE (rn) FROM (
            SELECT *, row_number() OVER (PARTITION BY program_id
                ORDER BY doc_date DESC, doc_id DESC, stage_rank DESC) AS rn
            FROM programs) WHERE rn = 1 ORDER BY program_id""",
}


DATAPACKAGE = "datapackage.json"


def write_csv(tables: dict[str, pd.DataFrame], folder: Path, protected=()) -> None:
    """Write each table as ``<name>.csv`` (UTF-8 with BOM, Excel-safe) and the
    ``datapackage.json`` describing them, with :func:`jdib.store.writers.write_tables`:
    only files jdib wrote are replaced."""
    import json

    from jdib.store.writers import write_tables

    package = json.dumps(schema.datapackage(list(tables)), indent=1, ensure_ascii=False) + "\n"
    write_tables(tables, folder, protected=protected, extra={DATAPACKAGE: package})


def _arrow(name: str, frame: pd.DataFrame):
    """The table as Arrow, its ``list`` columns split into lists by Arrow itself
    (splitting them in Python was most of writing Parquet at 10,000 documents)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    res = schema.RESOURCES[name]
    lists = [c for c in res.columns if res.field(c).type == "list"]
    table = pa.Table.from_pandas(frame.drop(columns=lists), preserve_index=False)
    empty = pa.scalar([], type=pa.list_(pa.string()))
    for column in lists:
        text = pc.fill_null(pa.array(frame[column], type=pa.string(), from_pandas=True), "")
        split = pc.if_else(pc.equal(text, ""), empty, pc.split_pattern(text, pattern=res.field(column).sep))
        table = table.add_column(list(frame.columns).index(column), column, split)
    return table


def write_parquet(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """Write each table as ``<name>.parquet``, list columns as lists, into a new generation's folder."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        pq.write_table(_arrow(name, frame), folder / f"{name}.parquet", compression="zstd")


#: The environment variable that caps DuckDB's memory (``1GB``, ``500MB``); DuckDB's own
#: default is most of the machine's memory, more than a process limit (``ulimit -v``) may allow.
MEMORY_VARIABLE = "JDIB_DUCKDB_MEMORY"


def connect(path: str | Path = ":memory:"):
    """A DuckDB connection, its memory capped as :data:`MEMORY_VARIABLE` says.

    Raises:
        InputError: The variable holds something DuckDB does not take as a size.
    """
    import duckdb

    limit = os.environ.get(MEMORY_VARIABLE, "").strip()
    try:
        return duckdb.connect(str(path), config={"memory_limit": limit} if limit else {})
    except duckdb.Error as err:
        if limit and not isinstance(err, duckdb.OutOfMemoryException):
            raise InputError(MEMORY_VARIABLE, f"{limit!r} is not a size DuckDB takes (such as 1GB or "
                                              f"500MB): {str(err).splitlines()[0]}") from None
        raise


def write_database(path: Path, parquet: Path) -> None:
    """Write the DuckDB database (tables and :data:`VIEWS`) into a new generation's folder.

    Args:
        path: The database file.
        parquet: The folder :func:`write_parquet` just wrote every table to: DuckDB
            reads them from there, three times faster than scanning the DataFrames.
    """
    con = connect(path)
    try:
        with interruptible():
            for name, res in schema.RESOURCES.items():
                # Declared types, so an empty table (no conflicts yet) is typed like a full one.
                types = {c: schema.TYPES[res.field(c).type] for c in res.columns}
                con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in types.items())})")
                cast = ", ".join(f"CAST({c} AS {t})" for c, t in types.items())
                source = str(Path(parquet) / f"{name}.parquet").replace("'", "''")
                con.execute(f"INSERT INTO {name} SELECT {cast} FROM read_parquet('{source}')")
                for column in res.columns:
                    comment = res.field(column).meaning.replace("'", "''")
                    con.execute(f"COMMENT ON COLUMN {name}.{column} IS '{comment}'")
            for view, sql in VIEWS.items():
                con.execute(f"CREATE VIEW {view} AS {sql}")
            con.execute("CHECKPOINT")
    finally:
        con.close()


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """DuckDB's errors as jdib's: an interrupted query as Ctrl-C, a full disk as one line.

    DuckDB turns a Ctrl-C that arrives during a query into an error of its own
    (``Query interrupted``), and reports a failed write without the file's name
    in a form the command line would show as a traceback.
    """
    import duckdb

    try:
        yield
    except duckdb.InterruptException:
        raise KeyboardInterrupt from None
    except (duckdb.Error, RuntimeError) as err:
        text = str(err)
        if "interrupt" in text.lower():
            raise KeyboardInterrupt from None
        if isinstance(err, duckdb.IOException) or "No space left" in text:
            raise OSError(errno.EIO, text.splitlines()[0] if text else "the write failed") from None
        raise


def read_parquet(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables as the extractors give them (list columns joined), read from Parquet."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out = {}
    for name, res in schema.RESOURCES.items():
        table = pq.read_table(Path(folder) / f"{name}.parquet")
        for column in res.columns:
            f = res.field(column)
            if f.type == "list":  # joined by Arrow: a Python loop was most of the read at scale
                i = table.schema.get_field_index(column)
                lists = table[column].cast(pa.list_(pa.string()))  # earlier stores wrote all-empty lists as list<null>
                table = table.set_column(i, column, pc.fill_null(pc.binary_join(lists, f.sep), ""))
        frame = table.to_pandas()
        if not len(frame):  # as the extractors make an empty table: joined lists of nothing are objects
            frame = frame.astype({c: object for c in res.columns if res.field(c).type == "list"})
        out[name] = frame
    return out
