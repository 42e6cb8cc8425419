"""The command line: what users type, what they see, and exit statuses."""

import subprocess
import sys

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


def test_a_folder_with_its_own_seeds_reads_and_writes_there(seeds_copy):
    work = seeds_copy.parent
    result = subprocess.run([sys.executable, "-m", "jdib", "tables", "-q"], cwd=work,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (work / "data" / "tables" / "documents.csv").is_file()
    assert str(work / "data" / "tables") in result.stdout


def test_defaults_are_the_checkouts_folders_elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.here("seeds") == paths.SEEDS and paths.here("outputs") == paths.OUTPUTS
    (tmp_path / "seeds").mkdir()
    assert paths.here("outputs") == tmp_path / "outputs"
