"""The report notebooks under papermill, with their defaults and with other parameters."""

import shutil

import nbformat
import papermill
import pytest

from jdib import paths
from jdib.checks.regress import cell_text

DICAS = paths.NOTEBOOKS / "03_dicas_progress.ipynb"


def run(tmp_path, notebook=DICAS, **parameters) -> str:
    out = tmp_path / notebook.name
    papermill.execute_notebook(str(notebook), str(out), parameters=parameters, cwd=str(notebook.parent),
                               progress_bar=False, kernel_name="jdib")
    return "\n".join(cell_text(c) for c in nbformat.read(out, as_version=4).cells)


@pytest.mark.parametrize("as_of, shown", [("2026-02-01", False), ("2026-04-17", True)])
def test_the_fourth_dicas_appears_once_it_happened(tmp_path, as_of, shown):
    text = run(tmp_path, as_of=as_of)
    assert ("| 2026-04-14 | 4th DICAS |" in text) is shown
    assert f"Documents published up to {as_of}" in text


def test_japanese_headings_and_narrative(tmp_path):
    text = run(tmp_path, lang="ja")
    assert "# DICASの進捗：日米防衛産業協力" in text and "## 年表" in text
    assert "## Timeline" not in text


def test_a_seeds_folder_with_a_new_document(tmp_path, seeds_copy):
    shutil.copy(paths.ROOT / "tests" / "data" / "new_dicas5.txt", seeds_copy)
    text = run(tmp_path, seeds_dir=str(seeds_copy))
    assert "| 2027-01-20 | 5th DICAS | meeting |" in text
    assert "new_dicas5:p5" in text

