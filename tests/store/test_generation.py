"""The store is one generation: current whole or not at all, and never trusted once damaged."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from jdib.cli import main
from jdib.store import database, warehouse

NEW = "2026年5月1日\n# 新しい発表\n\n防衛省は予算5億円を計上した。\n"


def _tables(seeds, store, out, *more) -> int:
    return main(["tables", "--seeds", str(seeds), "--store", str(store), "--out", str(out), *more])


def _db_documents(store) -> set[str]:
    con = duckdb.connect(str(store / "jdib.duckdb"), read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}
    finally:
        con.close()


def _csv_documents(out) -> set[str]:
    return set(pd.read_csv(out / "documents.csv")["doc_id"])


def test_ctrl_c_after_the_store_was_replaced_says_so_and_the_next_run_is_not_fooled(
        seeds_copy, tmp_path, monkeypatch, capsys):
    store, out = tmp_path / "store", tmp_path / "t"
    assert _tables(seeds_copy, store, out) == 0
    five = _db_documents(store)
    (seeds_copy / "new.txt").write_text(NEW, encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "write_csv", interrupted)
    capsys.readouterr()
    assert _tables(seeds_copy, store, out) == 130
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "nothing was changed" not in line and "replaced" in line and str(out) in line
    monkeypatch.undo()

    # The seeds return to their earlier state: the store and the CSV files follow them.
    (seeds_copy / "new.txt").unlink()
    assert _tables(seeds_copy, store, out) == 0
    assert "up to date" not in capsys.readouterr().out
    assert _db_documents(store) == five == _csv_documents(out)


def test_ctrl_c_before_the_store_was_replaced_changes_nothing(seeds_copy, tmp_path, monkeypatch, capsys):
    store, out = tmp_path / "store", tmp_path / "t"
    assert _tables(seeds_copy, store, out) == 0
    five = _db_documents(store)
    (seeds_copy / "new.txt").write_text(NEW, encoding="utf-8")
    real = database.write_database

    def interrupted(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "write_database", interrupted)
    capsys.readouterr()
    assert _tables(seeds_copy, store, out) == 130
    assert capsys.readouterr().err.strip() == "jdib: interrupted; nothing was changed"
    assert _db_documents(store) == five == _csv_documents(out)
    assert not list((store / ".jdib-store" / "generations").glob(".tmp-*"))


def test_a_run_killed_outright_while_writing_leaves_the_earlier_store_whole(seeds_copy, tmp_path):
    store, out = tmp_path / "store", tmp_path / "t"
    assert _tables(seeds_copy, store, out) == 0
    five = _db_documents(store)
    (seeds_copy / "new.txt").write_text(NEW, encoding="utf-8")
    code = ("import os, signal, sys\n"
            "from jdib.store import database\n"
            "real = database.write_database\n"
            "def die(*a, **k):\n"
            "    real(*a, **k)\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n"
            "database.write_database = die\n"
            "from jdib.cli import main\n"
            "main(sys.argv[1:])\n")
    killed = subprocess.run([sys.executable, "-c", code, "tables", "--seeds", str(seeds_copy), "--store",
                             str(store), "--out", str(out)], capture_output=True, text=True)
    assert killed.returncode == -9
    assert _db_documents(store) == five == _csv_documents(out)
    assert _tables(seeds_copy, store, out) == 0
    assert _db_documents(store) == five | {"new"} == _csv_documents(out)
    assert not list((store / ".jdib-store" / "generations").glob(".tmp-*"))


@pytest.mark.parametrize("damage", ["delete a Parquet file", "garble a Parquet file", "garble the database",
                                    "truncate the database"])
def test_a_damaged_store_is_rebuilt_with_a_line_saying_so(seeds_copy, tmp_path, caplog, capsys, damage):
    store, out = tmp_path / "store", tmp_path / "t"
    assert _tables(seeds_copy, store, out) == 0
    five = _db_documents(store)
    parquet = store / "parquet" / "events.parquet"
    if damage == "delete a Parquet file":
        parquet.unlink()
    elif damage == "garble a Parquet file":
        parquet.write_bytes(b"\0" * parquet.stat().st_size)
    elif damage == "garble the database":
        data = bytearray((store / "jdib.duckdb").read_bytes())
        data[5000:6000] = b"\xff" * 1000
        (store / "jdib.duckdb").write_bytes(bytes(data))
    else:
        (store / "jdib.duckdb").write_bytes(b"")
    capsys.readouterr()
    assert _tables(seeds_copy, store, out) == 0
    assert "up to date" not in capsys.readouterr().out
    assert [r for r in caplog.records if "damaged" in r.getMessage() and str(store) in r.getMessage()]
    assert _db_documents(store) == five
    assert len(warehouse.load(seeds_copy, store=store).tables["events"]) > 0


def test_nothing_changed_rewrites_neither_the_store_nor_the_csv(seeds_copy, tmp_path, capsys):
    store, out = tmp_path / "store", tmp_path / "t"
    assert _tables(seeds_copy, store, out) == 0
    stamps = {p: p.stat().st_mtime_ns for p in [store / "jdib.duckdb", *out.glob("*.csv")]}
    capsys.readouterr()
    assert _tables(seeds_copy, store, out) == 0
    assert "up to date (5 documents)" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
