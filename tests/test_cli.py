"""The command line: what users type, what they see, and exit statuses."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jdib import paths
from jdib.cli import main


def jdib(*args):
    return subprocess.run([sys.executable, "-m", "jdib", *args], capture_output=True, text=True)


def test_help_lists_the_commands():
    out = jdib("--help")
    assert out.returncode == 0 and "tables" in out.stdout


def test_tables_writes_documents_and_paragraphs(tmp_path):
    assert main(["tables", "--seeds", str(paths.SEEDS), "--out", str(tmp_path / "t")]) == 0
    docs = pd.read_csv(tmp_path / "t" / "documents.csv")
    assert len(docs) == 5
    paras = pd.read_csv(tmp_path / "t" / "paragraphs.csv")
    assert paras["para_id"].is_unique and set(paras["doc_id"]) == set(docs["doc_id"])


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "the file is empty"),
    ("binary.txt", b"\x00\x01\x02", "binary"),
])
def test_bad_input_gives_one_line_status_2_and_keeps_earlier_output(seeds_copy, tmp_path, name, content, reason):
    out = tmp_path / "tables"
    assert main(["tables", "--seeds", str(seeds_copy), "--out", str(out)]) == 0
    before = (out / "documents.csv").read_bytes()
    (seeds_copy / name).write_bytes(content)
    result = jdib("tables", "--seeds", str(seeds_copy), "--out", str(out))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("jdib: error: ") and name in line and reason in line
    assert (out / "documents.csv").read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["seeds", "tables"]


def test_a_missing_seeds_folder_is_reported(tmp_path):
    result = jdib("tables", "--seeds", str(tmp_path / "missing"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "the seeds folder does not exist" in result.stderr


def _mixed_folder(root):
    import shutil
    import zipfile

    from pathlib import Path

    formats = Path(__file__).parent / "data" / "formats"
    root.mkdir()
    shutil.copy(formats / "press_release.pdf", root / "release.pdf")
    shutil.copy(formats / "press_release.html", root / "page.html")
    shutil.copy(formats / "press_release.docx", root / "memo.docx")
    with zipfile.ZipFile(root / "budget.xlsx", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    return root


def test_tables_on_a_mixed_folder_says_what_it_read_and_skipped(tmp_path):
    seeds = _mixed_folder(tmp_path / "seeds")
    result = jdib("tables", "--seeds", str(seeds), "--out", str(tmp_path / "t"))
    assert result.returncode == 0, result.stderr
    assert "read 3 document(s): memo.docx (docx), page.html (html), release.pdf (pdf, 2 pages)" in result.stderr
    assert "skipped 2 file(s): budget.xlsx, photo.png" in result.stderr
    assert "budget.xlsx: skipped: a spreadsheet" in result.stderr
    assert "photo.png: skipped: an image" in result.stderr
    assert "Traceback" not in result.stderr
    docs = pd.read_csv(tmp_path / "t" / "documents.csv")
    assert sorted(docs["format"]) == ["docx", "html", "pdf"]
    paras = pd.read_csv(tmp_path / "t" / "paragraphs.csv")
    assert set(paras.loc[paras["doc_id"] == "release", "page"]) == {1, 2}


def test_strict_stops_at_a_skipped_file_and_keeps_earlier_tables(tmp_path):
    seeds = _mixed_folder(tmp_path / "seeds")
    out = tmp_path / "t"
    (seeds / "budget.xlsx").rename(tmp_path / "budget.xlsx")
    (seeds / "photo.png").rename(tmp_path / "photo.png")
    assert main(["tables", "--seeds", str(seeds), "--out", str(out), "--strict"]) == 0
    before = (out / "documents.csv").read_bytes()
    (tmp_path / "photo.png").rename(seeds / "photo.png")
    result = jdib("tables", "--seeds", str(seeds), "--out", str(out), "--strict")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"jdib: error: {seeds / 'photo.png'}: skipped: an image: jdib reads text, not pictures")
    assert (out / "documents.csv").read_bytes() == before
    assert jdib("build", "--strict", "-p", "seeds_dir", str(seeds), "--out", str(tmp_path / "o"),
                "--formats", "html").returncode == 2


def test_a_folder_with_its_own_seeds_reads_and_writes_there(seeds_copy):
    work = seeds_copy.parent
    result = subprocess.run([sys.executable, "-m", "jdib", "tables"], cwd=work,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (work / "data" / "tables" / "documents.csv").is_file()
    assert str(work / "data" / "tables") in result.stdout


def test_defaults_are_the_checkouts_folders_elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.here("seeds") == paths.SEEDS and paths.here("outputs") == paths.OUTPUTS
    (tmp_path / "seeds").mkdir()
    assert paths.here("outputs") == tmp_path / "outputs"


def test_tables_help_says_where_the_database_and_parquet_go(capsys):
    with pytest.raises(SystemExit):
        main(["tables", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "STORE/jdib.duckdb" in text and "STORE/parquet" in text
    assert "--store STORE" in text and "default: STORE/tables" in text


def test_a_file_name_that_is_not_utf8_is_skipped_by_tables_and_build_with_its_bytes_shown(seeds_copy, tmp_path):
    import os

    (Path(os.fsdecode(bytes(seeds_copy)) + "/" + os.fsdecode(b"\xff\xfe.txt"))).write_text(
        "令和8年1月1日\n本文である。\n", encoding="utf-8")
    tables = jdib("tables", "--seeds", str(seeds_copy), "--out", str(tmp_path / "t"), "--store", str(tmp_path / "s"))
    assert tables.returncode == 0, tables.stderr
    assert "\\xff\\xfe.txt: the file name is not valid UTF-8; rename the file to read it" in tables.stderr
    assert "skipped 1 file(s): \\xff\\xfe.txt" in tables.stderr and "Traceback" not in tables.stderr
    build = jdib("build", "--only", "00", "--formats", "html", "-p", "seeds_dir", str(seeds_copy),
                 "--out", str(tmp_path / "o"))
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr and "\\udc" not in build.stderr


def test_an_interrupt_a_library_turns_into_its_own_error_is_still_an_interrupt(tmp_path, monkeypatch, capsys):
    import os
    import signal

    from jdib.store import warehouse

    def refresh(*args, **kwargs):
        try:  # DuckDB answers a Ctrl-C during a query with an error of its own
            os.kill(os.getpid(), signal.SIGINT)
        except KeyboardInterrupt:
            raise RuntimeError("Query interrupted") from None

    monkeypatch.setattr(warehouse, "refresh", refresh)
    assert main(["tables", "--seeds", str(paths.SEEDS), "--out", str(tmp_path / "t")]) == 130
    assert capsys.readouterr().err.strip().splitlines() == [
        "jdib: interrupted; the command stopped before it finished (RuntimeError)"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_prints_nothing_but_errors(seeds_copy, tmp_path, where):
    args = ["tables", "--seeds", str(seeds_copy), "--store", str(tmp_path / "s")]
    (seeds_copy / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))  # a warning, not an error
    quiet = ["-q", *args] if where == "before" else [*args, "-q"]
    for _ in range(2):  # built, then up to date
        result = jdib(*quiet)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    (seeds_copy / "empty.txt").write_bytes(b"")
    result = jdib(*quiet)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("jdib: error: ") and "empty.txt" in result.stderr


def test_the_summary_counts_documents_read_and_files_skipped_apart(tmp_path):
    seeds = _mixed_folder(tmp_path / "seeds")  # 3 documents, 2 files no reader takes
    args = ("tables", "--seeds", str(seeds), "--store", str(tmp_path / "s"))
    first = jdib(*args)
    assert "3 of 3 documents read; 2 file(s) skipped; database" in first.stdout
    again = jdib(*args)
    assert "up to date (3 documents; 2 file(s) skipped); database" in again.stdout
    for name in ("memo.docx", "release.pdf", "page.html"):
        (seeds / name).unlink()
    none = jdib("tables", "--seeds", str(seeds), "--store", str(tmp_path / "fresh"))
    assert "read 0 document(s): ; skipped 2 file(s)" in none.stderr
    assert "0 of 0 documents read; 2 file(s) skipped; database" in none.stdout


def test_a_folder_inside_the_seeds_folder_is_named_in_a_warning(seeds_copy, tmp_path):
    (seeds_copy / "2025").mkdir()
    (seeds_copy / "2025" / "old.txt").write_text("令和7年1月1日\n本文である。\n", encoding="utf-8")
    (seeds_copy / ".git").mkdir()  # hidden: not a folder of documents
    for _ in range(2):
        result = jdib("tables", "--seeds", str(seeds_copy), "--store", str(tmp_path / "s"))
        assert result.returncode == 0, result.stderr
        [line] = [x for x in result.stderr.splitlines() if "folder" in x]
        assert line == (f"jdib: warning: {seeds_copy / '2025'}: a folder; only the files directly in the "
                        "seeds folder are read, not those in its folders")


def test_folder_names_that_are_not_utf8_are_refused_in_one_line(seeds_copy, tmp_path):
    import os
    import shutil

    odd = Path(os.fsdecode(bytes(tmp_path) + b"/\xff"))
    shutil.copytree(seeds_copy, odd / "seeds")
    shown = str(tmp_path) + "/\\xff"
    cases = [
        (("tables", "--seeds", str(odd / "seeds"), "--store", str(tmp_path / "s")), None,
         f"jdib: error: {shown}/seeds: --seeds names a path that is not valid UTF-8"),
        (("tables", "--seeds", str(seeds_copy), "--store", str(tmp_path / "s"), "--out", str(odd / "t")), None,
         f"jdib: error: {shown}/t: --out names a path that is not valid UTF-8"),
        (("tables", "--seeds", str(seeds_copy), "--store", str(odd / "s")), None,
         f"jdib: error: {shown}/s: --store names a path that is not valid UTF-8"),
        (("tables",), odd, f"jdib: error: {shown}: the working folder's name is not valid UTF-8, and --seeds"),
        (("build", "--only", "00", "--formats", "html"), odd,
         f"jdib: error: {shown}: the working folder's name is not valid UTF-8"),
    ]
    for args, cwd, line in cases:
        result = subprocess.run([sys.executable, "-m", "jdib", *args], capture_output=True, text=True, cwd=cwd)
        assert result.returncode == 2, result.stderr
        [got] = result.stderr.strip().splitlines()
        assert got.startswith(line), got
    assert sorted(os.listdir(odd)) == ["seeds"]


@pytest.mark.parametrize("error, what", [
    ("duckdb", "DuckDB could not get the memory it asked for"),
    ("python", "the process could not get the memory it asked for"),
])
def test_running_out_of_memory_is_one_line_saying_what_to_do(tmp_path, monkeypatch, capsys, error, what):
    import duckdb

    from jdib.store import warehouse

    def refresh(*args, **kwargs):
        if error == "duckdb":
            raise duckdb.OutOfMemoryException("Out of Memory Error: Failed to allocate block of 262144 bytes")
        raise MemoryError

    monkeypatch.setattr(warehouse, "refresh", refresh)
    assert main(["tables", "--seeds", str(paths.SEEDS), "--store", str(tmp_path / "s")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"jdib: error: out of memory: {what}. ")
    assert "--jobs 1" in line and "JDIB_DUCKDB_MEMORY=1GB" in line


@pytest.mark.parametrize("value, status, line", [
    ("500MB", 0, None),
    ("lots", 2, "jdib: error: JDIB_DUCKDB_MEMORY: 'lots' is not a size DuckDB takes (such as 1GB or 500MB)"),
])
def test_duckdbs_memory_is_capped_by_an_environment_variable(seeds_copy, tmp_path, monkeypatch, capsys,
                                                               value, status, line):
    monkeypatch.setenv("JDIB_DUCKDB_MEMORY", value)
    assert main(["tables", "--seeds", str(seeds_copy), "--store", str(tmp_path / "s")]) == status
    if line:
        [got] = capsys.readouterr().err.strip().splitlines()
        assert got.startswith(line)
