"""Writing the store: DuckDB database, Parquet files and Excel-safe CSV, all or nothing.

Everything is written into a staging folder first and moved into place only
when every file is complete, so an interrupted write leaves the previous store.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from jdib.store import schema
from jdib.store.atomic import move_into, signals_deferred, staging_dir

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


def write_csv(tables: dict[str, pd.DataFrame], folder: Path, protected=()) -> None:
    """Write each table as ``<name>.csv`` (UTF-8 with BOM, Excel-safe) with
    :func:`jdib.store.writers.write_tables`: only files jdib wrote are replaced."""
    from jdib.store.writers import write_tables

    write_tables(tables, folder, protected=protected)


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
    """Write each table as ``<name>.parquet`` with list columns as lists, each file replaced whole."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    with staging_dir(folder) as tmp:
        files = []
        for name, frame in tables.items():
            files.append(tmp / f"{name}.parquet")
            pq.write_table(_arrow(name, frame), files[-1], compression="zstd")
        with signals_deferred():  # each file is replaced whole; none is left half-moved
            move_into(files, folder)


def write_database(path: Path, parquet: Path) -> None:
    """Write the DuckDB database (tables and :data:`VIEWS`) to a staged file, then rename it.

    Args:
        path: The database file.
        parquet: The folder :func:`write_parquet` just wrote every table to: DuckDB
            reads them from there, three times faster than scanning the DataFrames.
    """
    import duckdb

    path = Path(path)
    with staging_dir(path.parent) as tmp:
        staged = tmp / path.name
        con = duckdb.connect(str(staged))
        try:
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
        os.replace(staged, path)


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
