"""The store: built once, refreshed incrementally, checked against its schema, queryable."""

from __future__ import annotations

import json
import os
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
from jdib.store import database, reading, schema, warehouse
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
    assert len(list((store / warehouse.STATE / "parts").glob("*.json"))) == 5


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
    last = len(dup) - 1  # the first row, repeated at the end
    with pytest.raises(InputError, match=rf"table events: key \(event_id\) is not unique in row\(s\) 0, {last}"):
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
    assert readme == schema.with_dictionary(readme), "data/README.md is out of date: run `jdib tables --docs`"
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


# -- freshness comes from what the tables were made from -------------------------------

def _same_size_edit(path, old: str, new: str) -> None:
    """Edit a document keeping its size and modification time, as `touch -r` does."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_an_edit_keeping_size_and_mtime_is_read_again(seeds_copy, tmp_path):
    store, out = tmp_path / "store", tmp_path / "t"
    assert main(["tables", "--seeds", str(seeds_copy), "--store", str(store), "--out", str(out)]) == 0
    doc = seeds_copy / "000_2f15327de1485db2.txt"
    _same_size_edit(doc, "一致した。", "合意した。")
    info = warehouse.refresh(seeds_copy, store, csv_dir=out, jobs=1)
    assert info["extracted"] == 1
    paras = pd.read_csv(out / "paragraphs.csv")
    assert paras["text"].str.contains("合意した。").any()
    docs = pd.read_csv(out / "documents.csv").set_index("file")
    import hashlib
    assert docs.loc[doc.name, "sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest()


def test_a_changed_user_glossary_makes_the_store_stale(seeds_copy, tmp_path, monkeypatch):
    from jdib.ingest import vocab

    store, out = tmp_path / "store", tmp_path / "t"
    glossary = tmp_path / "mine.csv"
    glossary.write_text("ja,en\n防衛装備庁長官,Head of ATLA (mine)\n", encoding="utf-8")
    monkeypatch.setenv("JDIB_GLOSSARY", str(glossary))
    vocab.glossary.cache_clear()
    try:
        assert warehouse.refresh(seeds_copy, store, csv_dir=out, jobs=1)["written"]
        events = (out / "events.csv").read_text(encoding="utf-8-sig")
        assert "Head of ATLA (mine)" in events
        glossary.write_text("ja,en\n防衛装備庁長官,Chief of ATLA (edited)\n", encoding="utf-8")
        vocab.glossary.cache_clear()
        info = warehouse.refresh(seeds_copy, store, csv_dir=out, jobs=1)
        assert info["written"] and info["extracted"] == 5
        events = (out / "events.csv").read_text(encoding="utf-8-sig")
        assert "Chief of ATLA (edited)" in events and "Head of ATLA (mine)" not in events
    finally:
        vocab.glossary.cache_clear()


def test_documents_left_out_by_a_passing_failure_are_read_again_next_time(seeds_copy, tmp_path, monkeypatch,
                                                                           caplog):
    from jdib.store import parts as parts_mod

    store, out = tmp_path / "store", tmp_path / "t"

    def out_of_memory(doc):
        raise MemoryError

    monkeypatch.setattr(reading, "extract_document", out_of_memory)
    warehouse.refresh(seeds_copy, store, csv_dir=out, jobs=1)
    assert "left out of the tables (MemoryError" in caplog.text
    assert len(pd.read_csv(out / "documents.csv")) == 0
    monkeypatch.setattr(reading, "extract_document", parts_mod.extract_document)
    info = warehouse.refresh(seeds_copy, store, csv_dir=out, jobs=1)
    assert info["written"] and info["extracted"] == 5
    assert len(pd.read_csv(out / "documents.csv")) == 5


def test_another_seeds_folder_never_leaves_its_tables_in_the_projects(tmp_path, monkeypatch, capsys):
    other = tmp_path / "other"
    other.mkdir()
    for name in ("000_2f15327de1485db2.txt", "003_2b131d6af2d1aae0.txt"):
        shutil.copy(paths.SEEDS / name, other / name)
    monkeypatch.chdir(tmp_path)  # not a working folder: the checkout's defaults
    assert main(["tables"]) == 0
    assert main(["tables", "--seeds", str(other)]) == 0
    capsys.readouterr()
    assert main(["tables"]) == 0
    said = capsys.readouterr().out
    rows = len(pd.read_csv(paths.ROOT / "data" / "tables" / "documents.csv"))
    assert rows == 5 and "(5 documents)" in said


def test_a_csv_file_replaced_by_hand_is_written_again(tmp_path, capsys):
    out = tmp_path / "t"
    assert main(["tables", "--out", str(out)]) == 0
    events = (out / "events.csv").read_bytes()
    (out / "events.csv").write_bytes(events[: len(events) // 2])
    capsys.readouterr()
    assert main(["tables", "--out", str(out)]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert (out / "events.csv").read_bytes() == events


def test_a_kernel_running_elsewhere_reads_the_working_folders_store(seeds_copy, tmp_path, monkeypatch):
    # `jdib build` run from a working folder: the kernels run in the notebooks folder.
    import os as _os

    work = seeds_copy.parent
    monkeypatch.chdir(work)
    assert main(["tables", "-q"]) == 0
    monkeypatch.chdir(paths.NOTEBOOKS)
    cache_home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    loaded = warehouse.load(_os.path.relpath(seeds_copy, paths.NOTEBOOKS))
    assert loaded.store.resolve() == (work / "data").resolve()
    assert not cache_home.exists()
    assert len(loaded.tables["documents"]) == 5


def test_datapackage_describes_the_csv_files_and_validates(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    out = tmp_path / "t"
    assert main(["tables", "--out", str(out)]) == 0
    package = out / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(schema.RESOURCES)
    for res in descriptor["resources"]:
        columns = [f["name"] for f in res["schema"]["fields"]]
        assert tuple(columns) == schema.RESOURCES[res["name"]].columns
        assert tuple(res["schema"]["primaryKey"]) == schema.RESOURCES[res["name"]].key
    report = frictionless.validate(str(package))
    errors = [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors


def _point_parquet_elsewhere(store):
    other = store.parent / "other"
    other.mkdir()
    (other / "events.parquet").write_bytes(b"not a table")
    (store / "parquet").unlink()
    (store / "parquet").symlink_to(other)


@pytest.mark.parametrize("change, why", [
    (lambda store: (store / "parquet").unlink(), "parquet is missing"),
    (lambda store: (store / "jdib.duckdb").unlink(), "jdib.duckdb is missing"),
    (_point_parquet_elsewhere, "parquet points at"),
])
def test_the_links_a_user_opens_are_part_of_up_to_date(seeds_copy, tmp_path, caplog, change, why):
    store = tmp_path / "store"
    warehouse.refresh(seeds_copy, store, jobs=1)
    change(store)
    info = warehouse.refresh(seeds_copy, store, jobs=1)
    assert info["written"] and why in caplog.text
    for name in ("jdib.duckdb", "parquet"):
        assert os.readlink(store / name) == f".jdib-store/current/{name}"
    assert (store / "parquet" / "events.parquet").is_file() and (store / "jdib.duckdb").is_file()
    assert not warehouse.refresh(seeds_copy, store, jobs=1)["written"]
    if (tmp_path / "other").exists():  # the folder the link pointed at is the user's: left alone
        assert (tmp_path / "other" / "events.parquet").read_bytes() == b"not a table"


def test_a_file_of_the_users_in_place_of_a_link_is_not_replaced(seeds_copy, tmp_path):
    store = tmp_path / "store"
    warehouse.refresh(seeds_copy, store, jobs=1)
    (store / "jdib.duckdb").unlink()
    (store / "jdib.duckdb").write_text("mine")
    with pytest.raises(InputError, match="jdib.duckdb: is a file jdib did not write"):
        warehouse.refresh(seeds_copy, store, jobs=1)
    assert (store / "jdib.duckdb").read_text() == "mine"


def test_strict_holds_on_every_run_also_when_the_store_is_up_to_date(seeds_copy, tmp_path):
    store = tmp_path / "store"
    (seeds_copy / "dangling.txt").symlink_to(tmp_path / "nowhere")
    first = warehouse.refresh(seeds_copy, store, jobs=1)
    assert (first["documents"], first["files"], list(first["skipped"])) == (5, 6, ["dangling.txt"])
    for _ in range(2):
        with pytest.raises(InputError, match="dangling.txt: is a link to nothing readable"):
            warehouse.refresh(seeds_copy, store, jobs=1, strict=True)
    again = warehouse.refresh(seeds_copy, store, jobs=1)
    assert (again["written"], again["documents"], list(again["skipped"])) == (False, 5, ["dangling.txt"])
