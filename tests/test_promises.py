"""What jdib promises a user: nothing of theirs lost, no stale output, one clear line.

Each test is a user's action and the promise it keeps (README, "Promises").
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from jdib import paths
from jdib.checks import regress
from jdib.cli import main


def refused(capsys, *args: str) -> subprocess.CompletedProcess:
    """Run jdib in this process (fast); the result as a finished command."""
    capsys.readouterr()
    status = main(list(args))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, captured.out, captured.err)


def one_error_line(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("jdib: error: "), line
    for word in words:
        assert word in line, line
    return line


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- 1. tables and accept never delete or replace what the user owns ----------

def test_tables_out_a_folder_holding_a_users_file_keeps_the_file(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert main(["tables", "--out", str(out)]) == 0
    assert (out / "notes.txt").read_text() == "my notes"
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (out / "documents.csv").is_file()
    assert main(["tables", "--out", str(out)]) == 0  # and again, over its own tables
    assert (out / "notes.txt").read_text() == "my notes"


def test_tables_out_the_seeds_folder_is_refused_and_deletes_nothing(seeds_copy, capsys):
    before = snapshot(seeds_copy)
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--out", str(seeds_copy)),
                   "seeds folder")
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--out", str(seeds_copy / "t")),
                   "lies inside the seeds folder")
    assert snapshot(seeds_copy) == before


def test_tables_out_a_users_file_named_like_a_table_is_refused_and_kept(tmp_path, capsys):
    out = tmp_path / "t"
    out.mkdir()
    (out / "documents.csv").write_text("my,own\n1,2\n")
    one_error_line(refused(capsys, "tables", "--out", str(out)), "documents.csv", "not written by jdib")
    assert (out / "documents.csv").read_text() == "my,own\n1,2\n"
    assert sorted(p.name for p in out.iterdir()) == ["documents.csv"]


def test_tables_out_dot_writes_beside_the_users_files(tmp_path, monkeypatch):
    (tmp_path / "keep.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert main(["tables", "--seeds", str(paths.SEEDS), "--out", "."]) == 0
    assert (tmp_path / "keep.txt").read_text() == "x"
    assert (tmp_path / "figures.csv").is_file()
    assert not [p for p in tmp_path.iterdir() if "tmp" in p.name]


def test_a_table_jdib_no_longer_makes_is_removed_but_a_users_file_is_not(tmp_path):
    out = tmp_path / "t"
    assert main(["tables", "--out", str(out)]) == 0
    (out / ".jdib-owned").write_text((out / ".jdib-owned").read_text() + "retired.csv\n")
    (out / "retired.csv").write_text("old,table\n")
    (out / "user.csv").write_text("mine\n")
    assert main(["tables", "--out", str(out)]) == 0
    assert not (out / "retired.csv").exists()
    assert (out / "user.csv").read_text() == "mine\n"


def test_accept_golden_the_seeds_folder_is_refused_and_deletes_nothing(seeds_copy, tmp_path, capsys):
    before = snapshot(seeds_copy)
    one_error_line(refused(capsys, "accept", "--tables-only", "--seeds", str(seeds_copy),
                        "--golden", str(seeds_copy)), "--golden", "seeds folder")
    assert snapshot(seeds_copy) == before


@pytest.mark.parametrize("golden, what", [
    ("seeds", "is the seeds folder"),
    ("seeds/golden", "lies inside the seeds folder"),
    ("nb", "is the notebooks folder"),
    ("nb/golden", "lies inside the notebooks folder"),
    ("outputs", "is the outputs folder"),
    ("outputs/golden", "lies inside the outputs folder"),
])
@pytest.mark.parametrize("only", [["--tables-only"], []])
def test_accept_golden_is_none_of_the_seeds_notebooks_or_outputs_folders(tmp_path, monkeypatch, capsys,
                                                                          golden, what, only):
    # A working folder with its own seeds/ and outputs/; its notebooks are named by --notebooks.
    shutil.copytree(paths.SEEDS, tmp_path / "seeds")
    (tmp_path / "nb").mkdir()
    (tmp_path / "outputs").mkdir()
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    one_error_line(refused(capsys, "accept", *only, "--notebooks", "nb", "--golden", golden),
                   f"{golden}: --golden {what}")
    assert snapshot(tmp_path) == before
    assert (tmp_path / golden).exists() == ("/" not in golden)  # no folder made inside either


# -- 8. a bad --out is one line, exit 2 ------------------------------------------

def test_tables_out_an_existing_file_is_refused_and_keeps_the_file(tmp_path, capsys):
    target = tmp_path / "report.txt"
    target.write_text("mine")
    one_error_line(refused(capsys, "tables", "--out", str(target)), str(target), "names a file")
    assert target.read_text() == "mine"


def test_tables_out_a_path_under_a_file_is_one_line(tmp_path, capsys):
    (tmp_path / "f").write_text("mine")
    one_error_line(refused(capsys, "tables", "--out", str(tmp_path / "f" / "sub")), "which is a file")
    assert (tmp_path / "f").read_text() == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_tables_out_a_read_only_folder_is_one_line(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        one_error_line(refused(capsys, "tables", "--out", str(ro / "t")), "cannot be written")
    finally:
        ro.chmod(0o755)


def test_tables_out_a_folder_nobody_can_create_is_one_line(capsys):
    # /proc refuses new folders even to root: an unwritable place on any Linux
    one_error_line(refused(capsys, "tables", "--out", "/proc/jdib-cannot-be-here"), "cannot be written")


# -- 9. the output folder keeps ordinary permissions ------------------------------

def test_tables_leaves_the_output_folder_readable_by_others(tmp_path):
    assert main(["tables", "--out", str(tmp_path / "t")]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "t").stat().st_mode) == 0o777 & ~umask


# -- 9. spreadsheet formulas ---------------------------------------------------------

def test_tables_cells_that_would_be_formulas_are_prefixed_numbers_and_dates_are_not(seeds_copy, tmp_path):
    (seeds_copy / "formula.txt").write_text(
        "2026年4月1日\n防衛省\n# =HYPERLINK(\"http://x\",\"y\")\n\n"
        "@SUM(A1:A2) と述べた。\n\n+3-2 を計上した。\n", encoding="utf-8")
    out = tmp_path / "t"
    assert main(["tables", "--seeds", str(seeds_copy), "--out", str(out)]) == 0
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    paras = pd.read_csv(out / "paragraphs.csv", dtype=str, keep_default_na=False)
    cells = [c for frame in (docs, paras) for col in frame.columns for c in frame[col]]
    assert not [c for c in cells if c[:1] in ("=", "@", "+", "\t", "\r")]
    assert not [c for c in cells if c.startswith("-") and not c[1:].replace(".", "").isdigit()]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in set(docs["title_ja"])
    assert any(c.startswith("'@SUM") for c in paras["text"])
    assert any(c.startswith("'+3-2") for c in paras["text"])
    assert "2026-04-01" in set(docs["published"])


# -- 8. catalogs as Excel saves them --------------------------------------------------

def test_a_shift_jis_catalog_is_read_like_the_documents(seeds_copy, tmp_path, caplog):
    text = (seeds_copy / "catalog.csv").read_text(encoding="utf-8")
    (seeds_copy / "catalog.csv").write_bytes(text.encode("cp932"))
    out = tmp_path / "t"
    assert main(["tables", "--seeds", str(seeds_copy), "--out", str(out)]) == 0
    assert "catalog.csv: decoded as cp932" in caplog.text
    docs = pd.read_csv(out / "documents.csv")
    assert "第4節 共同対処基盤の強化" in set(docs["title_ja"])


@pytest.mark.parametrize("row, reason", [
    (",orphan-id,題,,防衛省,press_release,2026-01-01", "line 7: missing file"),
    ("extra.txt,,題,,防衛省,press_release,2026-01-01", "line 7: missing doc_id"),
    ("extra.txt,extra-id", "line 7: the row ends before title_ja"),
])
def test_a_catalog_row_missing_a_required_field_is_one_line_naming_it(seeds_copy, row, reason, capsys):
    (seeds_copy / "extra.txt").write_text("2026年1月1日\n# 題\n\n本文。\n", encoding="utf-8")
    with (seeds_copy / "catalog.csv").open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--out", str(seeds_copy.parent / "t")),
                   "catalog.csv", reason)


# -- 6. interrupts during check and accept ---------------------------------------------

@pytest.fixture
def baseline(tmp_path, seeds_copy) -> Path:
    """A project whose baseline (two notebooks, golden tables) accept could rewrite."""
    (tmp_path / "notebooks").mkdir()
    for name in ("01_a", "02_b"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("print('stored')")]
        nbformat.write(nb, tmp_path / "notebooks" / f"{name}.ipynb")
    shutil.copytree(paths.GOLDEN, tmp_path / "golden")
    return tmp_path


def _regression_args(root: Path, command: str) -> list[str]:
    return [command, "--seeds", str(root / "seeds"), "--golden", str(root / "golden"),
            "--notebooks", str(root / "notebooks")]


def test_ctrl_c_during_accept_leaves_the_old_baseline_whole(baseline, monkeypatch, capsys):
    before = {**snapshot(baseline / "notebooks"), **snapshot(baseline / "golden")}
    (baseline / "seeds" / "new.txt").write_text("2026年5月1日\n# 新規\n\n予算は5億円。\n", encoding="utf-8")
    calls = []

    def execute(path):
        calls.append(path.stem)
        if len(calls) == 2:
            raise KeyboardInterrupt
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="new\n")]
        return nb

    monkeypatch.setattr(regress, "execute", execute)
    assert main(_regression_args(baseline, "accept")) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "jdib: interrupted; nothing was changed"
    assert not [line for line in err if "Traceback" in line]
    assert {**snapshot(baseline / "notebooks"), **snapshot(baseline / "golden")} == before


def test_ctrl_c_during_check_exits_130_not_the_differences_status(baseline, monkeypatch, capsys):
    import signal

    def execute(path):
        # nbclient turns a Ctrl-C during a cell into an error of its own
        try:
            os.kill(os.getpid(), signal.SIGINT)
        except KeyboardInterrupt:
            raise RuntimeError("Kernel died") from None
        raise AssertionError("no interrupt arrived")

    monkeypatch.setattr(regress, "execute", execute)
    assert main(_regression_args(baseline, "check")) == 130
    assert "interrupted" in capsys.readouterr().err


# -- the store folder is owned like --out ------------------------------------------------

def _users_store(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    (folder / "jdib.duckdb").write_bytes(b"my own database")
    (folder / "parquet").mkdir()
    (folder / "parquet" / "sales.parquet").write_bytes(b"my own table")
    return snapshot(folder)


def test_tables_store_a_folder_holding_a_users_database_is_refused_and_kept(tmp_path, capsys):
    mine = tmp_path / "mine"
    before = _users_store(mine)
    one_error_line(refused(capsys, "tables", "--store", str(mine), "--out", str(tmp_path / "t")),
                   str(mine / "jdib.duckdb"), "not written by jdib")
    assert snapshot(mine) == before


def test_jdib_store_a_folder_holding_a_users_database_is_refused_and_kept(tmp_path, capsys, monkeypatch):
    mine = tmp_path / "mine"
    before = _users_store(mine)
    monkeypatch.setenv("JDIB_STORE", str(mine))
    one_error_line(refused(capsys, "tables", "--out", str(tmp_path / "t")), "not written by jdib")
    assert snapshot(mine) == before


@pytest.mark.parametrize("inside", ["", "store"])
def test_tables_store_in_the_seeds_folder_is_refused_and_deletes_nothing(seeds_copy, tmp_path, capsys, inside):
    before = snapshot(seeds_copy)
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--store", str(seeds_copy / inside),
                           "--out", str(tmp_path / "t")), "--store", "the seeds folder")
    assert snapshot(seeds_copy) == before


def test_tables_store_the_notebooks_folder_is_refused(tmp_path, capsys):
    before = snapshot(paths.NOTEBOOKS)
    one_error_line(refused(capsys, "tables", "--store", str(paths.NOTEBOOKS), "--out", str(tmp_path / "t")),
                   "--store", "the notebooks folder")
    assert snapshot(paths.NOTEBOOKS) == before


def test_tables_store_a_folder_of_the_users_keeps_their_files(seeds_copy, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    assert main(["tables", "--seeds", str(seeds_copy), "--store", str(mine)]) == 0
    assert main(["tables", "--seeds", str(seeds_copy), "--store", str(mine), "--force"]) == 0
    assert (mine / "notes.txt").read_text() == "my notes"
    assert (mine / "tables" / "documents.csv").is_file() and (mine / "jdib.duckdb").exists()


# -- the data dictionary never cuts a user's file ------------------------------------------

def test_tables_docs_a_users_readme_keeps_every_section(tmp_path, capsys):
    readme = tmp_path / "README.md"
    mine = "# Mine\n\n## Data dictionary\n\nmy own words\n\n## Later\n\nkeep me\n"
    readme.write_text(mine, encoding="utf-8")
    assert main(["tables", "--docs", str(readme)]) == 0
    once = readme.read_text(encoding="utf-8")
    assert once.startswith(mine) and "### `events`" in once
    assert main(["tables", "--docs", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == once


def test_tables_docs_the_catalog_is_refused_and_the_next_run_works(seeds_copy, tmp_path, capsys):
    before = snapshot(seeds_copy)
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--docs", str(seeds_copy / "catalog.csv")),
                   "--docs")
    one_error_line(refused(capsys, "tables", "--docs", str(tmp_path / "notes.txt")), "Markdown")
    assert snapshot(seeds_copy) == before
    assert main(["tables", "--seeds", str(seeds_copy), "--out", str(tmp_path / "t")]) == 0


# -- writing the store: interrupts and full disks ----------------------------------------------

class _Connection:
    """A DuckDB connection whose COPY (the CSV write) fails as DuckDB does."""

    def __init__(self, real, error):
        self.real, self.error = real, error

    def __getattr__(self, name):
        return getattr(self.real, name)

    def execute(self, sql, *args):
        if sql.startswith("COPY"):
            raise self.error
        return self.real.execute(sql, *args)


def _failing_copy(monkeypatch, error) -> None:
    import duckdb

    real = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: _Connection(real(*a, **k), error))


def test_ctrl_c_during_the_csv_write_is_one_line_and_exit_130(seeds_copy, tmp_path, monkeypatch, capsys):
    out = tmp_path / "t"
    _failing_copy(monkeypatch, RuntimeError("Query interrupted"))
    capsys.readouterr()
    assert main(["tables", "--seeds", str(seeds_copy), "--store", str(tmp_path / "s"), "--out", str(out)]) == 130
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: interrupted; ")
    assert not [p for p in out.iterdir() if p.name.startswith(".jdib-tmp")]


def test_a_full_disk_under_the_store_is_one_line_naming_it(seeds_copy, tmp_path, monkeypatch, capsys):
    import errno

    import pyarrow.parquet as pq

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    store = tmp_path / "s"
    monkeypatch.setattr(pq, "write_table", full)
    line = one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--store", str(store),
                                  "--out", str(tmp_path / "t")), str(store), "No space left on device")
    assert "Traceback" not in line
    assert not list((store / ".jdib-store" / "generations").glob(".tmp-*"))


def test_a_full_disk_under_out_is_one_line_naming_it(seeds_copy, tmp_path, monkeypatch, capsys):
    import duckdb

    out = tmp_path / "t"
    _failing_copy(monkeypatch, duckdb.IOException('IO Error: Could not write file "x.csv": No space left on device'))
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--store", str(tmp_path / "s"),
                           "--out", str(out)), str(out), "No space left on device")


def test_tables_store_a_folder_holding_a_users_folder_named_like_the_database_is_one_line(tmp_path, capsys):
    mine = tmp_path / "mine"
    (mine / "jdib.duckdb").mkdir(parents=True)
    (mine / "jdib.duckdb" / "x").write_text("mine")
    (mine / ".jdib-store").mkdir()
    (mine / ".jdib-store" / "manifest.json").write_text("{}")  # looks like an earlier jdib's store
    before = snapshot(mine)
    one_error_line(refused(capsys, "tables", "--store", str(mine), "--out", str(tmp_path / "t")),
                   "not written by jdib")
    assert snapshot(mine) == before


# -- doc_ids: what citations and list columns are made of -----------------------------------

@pytest.mark.parametrize("doc_id", ["mod;2026", "mod:2026", "a b", "<img src=x>", "[x](https://evil.example)",
                                    "-lead", "x" * 101])
def test_a_catalog_doc_id_that_would_split_lists_or_citations_is_one_line_naming_the_line(
        seeds_copy, tmp_path, capsys, doc_id):
    (seeds_copy / "extra.txt").write_text("2026年1月1日\n# 題\n\n本文。\n", encoding="utf-8")
    with (seeds_copy / "catalog.csv").open("a", encoding="utf-8", newline="") as fh:
        import csv

        csv.writer(fh).writerow(["extra.txt", doc_id, "題", "", "防衛省", "press_release", "2026-01-01"])
    line = one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--out", str(tmp_path / "t")),
                          "catalog.csv", "line 7: doc_id")
    assert "letters, digits" in line
    assert not (tmp_path / "t" / "documents.csv").exists()


def test_a_file_name_that_cannot_be_a_doc_id_is_cited_by_a_safe_one_and_the_warning_says_which(tmp_path, caplog):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "mod;2026 第5回.txt").write_text("2026年1月22日\n防衛省\n#### 第5回DICASの開催\n\n本文である。\n",
                                              encoding="utf-8")
    assert main(["tables", "--seeds", str(seeds), "--out", str(tmp_path / "t")]) == 0
    paras = pd.read_csv(tmp_path / "t" / "paragraphs.csv")
    assert set(paras["doc_id"]) == {"mod-2026-第5回"}
    assert paras["para_id"].iloc[0] == "mod-2026-第5回:p1"
    assert "mod;2026 第5回.txt: not in catalog.csv; cited as 'mod-2026-第5回'" in caplog.text


# -- 19. Ctrl-C and SIGTERM reach check and accept whatever the kernels do ---------------

def _slow_baseline(root: Path) -> None:
    """Notebooks that run a real kernel: a quick one, then one that takes a minute."""
    for name, source in (("01_a", "print('stored')"), ("02_b", "import time\ntime.sleep(60)")):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(source)]
        nbformat.write(nb, root / "notebooks" / f"{name}.ipynb")


@pytest.mark.parametrize("command, signal_name", [("check", "SIGINT"), ("check", "SIGTERM"), ("accept", "SIGTERM")])
def test_an_interrupt_while_a_kernel_runs_stops_check_and_accept_with_130_and_one_line(
        baseline, command, signal_name):
    import signal
    import sys
    import time

    _slow_baseline(baseline)
    before = {**snapshot(baseline / "notebooks"), **snapshot(baseline / "golden")}
    process = subprocess.Popen([sys.executable, "-m", "jdib", *_regression_args(baseline, command)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in process.stderr:  # the second notebook's kernel is started: the first one's handlers are gone
        seen.append(line)
        if "02_b" in line:
            break
    time.sleep(3)
    started = time.monotonic()
    process.send_signal(getattr(signal, signal_name))
    out, err = process.communicate(timeout=60)
    assert time.monotonic() - started < 15
    assert process.returncode == 130, "".join(seen) + err
    assert err.strip().splitlines() == ["jdib: interrupted; nothing was changed"]
    assert "differences found" not in out
    assert {**snapshot(baseline / "notebooks"), **snapshot(baseline / "golden")} == before


# -- 21. check and accept: one line for what they cannot use ------------------------------

def test_accept_with_a_failing_notebook_names_the_cell_in_one_line_and_accepts_nothing(baseline, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('表が空です')")]
    nbformat.write(nb, baseline / "notebooks" / "02_b.ipynb")
    before = {**snapshot(baseline / "notebooks"), **snapshot(baseline / "golden")}
    result = refused(capsys, *_regression_args(baseline, "accept"))
    assert result.returncode == 1
    [line] = [x for x in result.stderr.strip().splitlines() if not x.startswith("executing ")]
    assert line == (f"jdib: error: {baseline / 'notebooks' / '02_b.ipynb'}: cell 1 (In [2]) raised ValueError: "
                    "表が空です; nothing was accepted")
    assert "\x1b[" not in result.stderr
    assert {**snapshot(baseline / "notebooks"), **snapshot(baseline / "golden")} == before


def test_check_against_a_golden_table_that_is_not_utf8_is_one_line(baseline, capsys):
    golden = baseline / "golden" / "events.csv"
    golden.write_bytes(golden.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    one_error_line(refused(capsys, *_regression_args(baseline, "check"), "--tables-only"),
                   str(golden), "not UTF-8")


def test_check_against_a_missing_golden_folder_is_one_line_not_differences(baseline, capsys):
    shutil.rmtree(baseline / "golden")
    result = refused(capsys, *_regression_args(baseline, "check"), "--tables-only")
    one_error_line(result, str(baseline / "golden"), "the golden folder does not exist")
    assert "differences found" not in result.stdout


@pytest.mark.parametrize("column, value", [("retrieved", "last week"), ("retrieved", "2026-04"),
                                           ("published", "April 2026")])
def test_a_bad_catalog_date_is_named_by_its_column_and_line(seeds_copy, tmp_path, capsys, column, value):
    import csv

    (seeds_copy / "extra.txt").write_text("2026年1月1日\n# 題\n\n本文。\n", encoding="utf-8")
    text = (seeds_copy / "catalog.csv").read_text(encoding="utf-8").replace(
        "kind,published\n", "kind,published,url,retrieved\n", 1)
    (seeds_copy / "catalog.csv").write_text(text, encoding="utf-8")
    row = {"file": "extra.txt", "doc_id": "extra", "published": "2026-01-01", "retrieved": "2026-01-02"}
    row[column] = value
    with (seeds_copy / "catalog.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([row["file"], row["doc_id"], "題", "", "防衛省", "press_release",
                                 row["published"], "", row["retrieved"]])
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--out", str(tmp_path / "t")),
                   "catalog.csv", f"line 7: {column} {value!r} is not an ISO date")


@pytest.mark.parametrize("make, reason", [
    pytest.param(lambda p: p.symlink_to("/dev/zero"), "is a link to /dev/zero, outside the seeds folder; not read",
                 id="/dev/zero"),
    pytest.param(lambda p: p.write_text("file,doc_id,title_ja,title_en,publisher,kind,published\n"
                                        + "x.txt,x,題,,,,\n" * 1_200_000, encoding="utf-8"),
                 "more than jdib reads from one catalog (16 MB)", id="size"),
])
def test_a_catalog_past_its_limit_is_one_line_before_anything_reads_it(seeds_copy, tmp_path, capsys, make, reason):
    (seeds_copy / "catalog.csv").unlink()
    make(seeds_copy / "catalog.csv")
    one_error_line(refused(capsys, "tables", "--seeds", str(seeds_copy), "--out", str(tmp_path / "t")),
                   "catalog.csv", reason)
