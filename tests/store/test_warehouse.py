"""The store: built once, refreshed incrementally, checked against its schema, queryable."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from jdib import paths
from jdib.cli import main
from jdib.errors import InputError
from jdib.store import database, schema, warehouse
from jdib.store.parts import assemble, extract_document

DOC = "mod-20260417-dicas4"


def _rows(tables: dict[str, pd.DataFrame], doc_id: str | None) -> dict[str, pd.DataFrame]:
    """Each per-document table's rows, with or without one document's."""
    out = {}
    for name in ("paragraphs", "programs", "outcomes", "figures", "startups"):
        frame = tables[name]
        mine = frame["doc_id"] == doc_id
        out[name] = frame[~mine].reset_index(drop=True)
    return out


def test_assembled_parts_equal_the_tables_built_at_once(seeds_corpus, seed_tables):
    built = assemble([extract_document(d) for d in seeds_corpus])
    for name, frame in seed_tables.items():
        assert_frame_equal(built[name], frame, check_dtype=True, obj=name)


def test_the_store_equals_the_tables_where_sources_disagree_and_reprint(tmp_path):
    # Reliability, reprints, conflicts and `confirmed` compare documents: the store
    # must run them over every document, whatever it read from its cache.
    from jdib.ingest.corpus import load_corpus
    from jdib.store import tables

    sources = paths.ROOT / "tests" / "data" / "sources"
    expected = tables.build(load_corpus(sources))
    assert len(expected["conflicts"]) and not expected["events"]["confirmed"].isna().any()
    got = warehouse.load(sources, store=tmp_path / "store", jobs=1).tables
    for name, frame in expected.items():
        assert_frame_equal(got[name], frame, obj=name)


def test_a_document_failing_only_with_others_is_left_out_as_tables_build_does(seeds_corpus, monkeypatch, caplog):
    from jdib.errors import InconsistentDocument
    from jdib.store import parts as parts_mod
    from jdib.store import tables

    real = parts_mod.documents_table

    def picky(corpus, *rest):
        if DOC in {d.doc_id for d in corpus} and len(corpus) > 1:
            raise InconsistentDocument(DOC, f"{DOC}:p1", "cannot be read with the others")
        return real(corpus, *rest)

    monkeypatch.setattr(parts_mod, "documents_table", picky)
    built = assemble([extract_document(d) for d in seeds_corpus])
    assert DOC not in set(built["documents"]["doc_id"]) and len(built["documents"]) == len(seeds_corpus) - 1
    assert f"{DOC}: left out of the tables ({DOC}:p1: cannot be read with the others)" in caplog.text
    kept = [d for d in seeds_corpus if d.doc_id != DOC]
    from jdib.ingest.corpus import Corpus
    assert_frame_equal(built["events"], tables.build(Corpus(seeds_corpus.root, tuple(kept)))["events"])


def test_adding_changing_and_deleting_one_document_changes_only_its_rows(seeds_copy, tmp_path):
    store = tmp_path / "store"
    first = warehouse.refresh(seeds_copy, store, jobs=1)
    assert first["extracted"] == 5
    before = warehouse.load(seeds_copy, store=store).tables

    # Add: a copy of a meeting release under a new file name (not in the catalog).
    added = seeds_copy / "zz_new_release.txt"
    shutil.copy(seeds_copy / "000_2f15327de1485db2.txt", added)
    info = warehouse.refresh(seeds_copy, store, jobs=1)
    assert info["extracted"] == 1
    after_add = warehouse.load(seeds_copy, store=store).tables
    assert len(after_add["documents"]) == 6
    assert (after_add["paragraphs"]["doc_id"] == "zz_new_release").sum() > 0
    for name, frame in _rows(after_add, "zz_new_release").items():
        assert_frame_equal(frame, _rows(before, None)[name], obj=name)

    # Change: one sentence of the new document; only its rows differ.
    text = added.read_text(encoding="utf-8")
    added.write_text(text.replace("一致した。", "一致した。両者は協力を確認した。", 1), encoding="utf-8")
    info = warehouse.refresh(seeds_copy, store, jobs=1)
    assert info["extracted"] == 1
    after_change = warehouse.load(seeds_copy, store=store).tables
    assert not after_change["outcomes"].equals(after_add["outcomes"])
    for name, frame in _rows(after_change, "zz_new_release").items():
        assert_frame_equal(frame, _rows(after_add, "zz_new_release")[name], obj=name)

    # Delete: its rows are gone, everything else is as it was before the add.
    added.unlink()
    info = warehouse.refresh(seeds_copy, store, jobs=1)
    assert info["extracted"] == 0 and info["written"]
    after_delete = warehouse.load(seeds_copy, store=store).tables
    for name, frame in after_delete.items():
        assert_frame_equal(frame, before[name], obj=name)
    assert len(list((store / warehouse.STATE / "parts").glob("*.pkl"))) == 5


def test_nothing_changed_means_nothing_rewritten(seeds_copy, tmp_path):
    store = tmp_path / "store"
    warehouse.refresh(seeds_copy, store, jobs=1)
    stamp = (store / database.DATABASE).stat().st_mtime_ns
    again = warehouse.refresh(seeds_copy, store, jobs=1)
    assert (again["written"], again["extracted"]) == (False, 0)
    assert (store / database.DATABASE).stat().st_mtime_ns == stamp


def test_as_of_runs_the_cross_document_steps_on_the_documents_that_count(seeds_corpus, tmp_path):
    import datetime as dt

    from jdib.store import tables

    date = dt.date(2026, 2, 1)
    loaded = warehouse.load(paths.SEEDS, date, store=tmp_path / "store")
    expected = tables.build(seeds_corpus.as_of(date))
    assert loaded.total_documents == 5 and len(loaded.corpus) == len(seeds_corpus.as_of(date))
    for name, frame in expected.items():
        assert_frame_equal(loaded.tables[name], frame, obj=name)


def test_readme_query_answers_events_per_series_per_year(seed_tables, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    store = tmp_path / "store"
    warehouse.refresh(paths.SEEDS, store, jobs=1)
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    query = re.search(r"```sql\n(.*?)```", readme, re.S).group(1)
    con = duckdb.connect(str(store / database.DATABASE), read_only=True)
    got = con.sql(query).df()
    events = seed_tables["events"]
    years = events["date"].str.extract(r"(\d{4})")[0].astype(int)
    expected = events.groupby([events["series"], years]).size()
    assert {(s, int(y)): int(n) for s, y, n in got.itertuples(index=False)} == \
        {(s, int(y)): int(n) for (s, y), n in expected.items()}
    # The view says the same, and list columns are lists.
    view = con.sql("SELECT series, year, events FROM events_by_series_year").df()
    assert_frame_equal(view.sort_values(["series", "year"]).reset_index(drop=True),
                       got.sort_values(["series", "year"]).reset_index(drop=True), check_dtype=False,
                       check_names=False)
    sources = con.execute("SELECT sources FROM events WHERE event_id = 'dicas-4'").fetchone()[0]
    assert isinstance(sources, list) and all(":p" in s for s in sources)


def test_csv_is_utf8_with_bom_and_parquet_round_trips(seed_tables, tmp_path):
    store = tmp_path / "store"
    warehouse.refresh(paths.SEEDS, store, csv_dir=tmp_path / "csv", jobs=1)
    assert (tmp_path / "csv" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbfevent_id,")
    back = database.read_parquet(store / database.PARQUET)
    for name, frame in seed_tables.items():
        assert_frame_equal(back[name], frame, obj=name)


def test_a_schema_violation_names_table_column_and_rows(seed_tables):
    frame = seed_tables["outcomes"].copy()
    frame.loc[3, "verb_class"] = "shouted"
    with pytest.raises(InputError, match=r"table outcomes: column verb_class has \['shouted'\] in row\(s\) 3"):
        schema.validate("outcomes", frame)
    dup = pd.concat([seed_tables["events"], seed_tables["events"].iloc[:1]], ignore_index=True)
    with pytest.raises(InputError, match=r"table events: key \(event_id\) is not unique in row\(s\) 0, 30"):
        schema.validate("events", dup)
    empty = seed_tables["figures"].copy()
    empty.loc[0, "unit"] = ""
    with pytest.raises(InputError, match=r"column unit is empty in row\(s\) 0$"):
        schema.validate("figures", empty)


def test_every_table_of_the_seeds_fits_its_schema(seed_tables):
    for name, frame in seed_tables.items():
        schema.validate(name, frame)
        assert tuple(frame.columns) == schema.RESOURCES[name].columns


def test_a_schema_violation_stops_the_cli_with_one_line(seeds_copy, tmp_path, monkeypatch, capsys):
    real = schema.validate

    def strict(name, frame):
        if name == "figures":
            frame = frame.assign(unit="")
        real(name, frame)

    monkeypatch.setattr(schema, "validate", strict)
    code = main(["tables", "--seeds", str(seeds_copy), "--out", str(tmp_path / "csv"),
                 "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("jdib: error: table figures: column unit is empty in row(s) 0, 1")
    assert not (tmp_path / "store" / database.DATABASE).exists()


def test_data_readme_is_in_sync_with_the_schema():
    readme = (paths.ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert readme.rstrip().endswith(schema.data_dictionary().rstrip()), \
        "data/README.md is out of date: run `jdib tables --docs`"
    for name, res in schema.RESOURCES.items():
        for column in res.columns:
            assert f"| `{column}` |" in readme, (name, column)


def test_two_processes_refreshing_at_once_leave_one_good_store(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS, seeds)
    store = tmp_path / "store"
    code = ("import sys; from jdib.store import warehouse; "
            "warehouse.refresh(sys.argv[1], sys.argv[2], jobs=1, force=True)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(seeds), str(store)]) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    back = database.read_parquet(store / database.PARQUET)
    assert len(back["documents"]) == 5
    assert not list(store.glob(".*tmp*")) and not list(store.glob(".jdib-tmp-*"))
