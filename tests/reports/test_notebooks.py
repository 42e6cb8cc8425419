"""The report notebooks under papermill, with their defaults and with other parameters."""

import html
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
    assert "new_dicas5:p5" in html.unescape(text)  # as the page shows it: ids are escaped in Markdown



@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb")), ids=lambda p: p.stem)
def test_each_notebook_is_paired_with_a_script_that_matches_its_cells(notebook):
    import jupytext

    script = notebook.with_suffix(".py")
    assert script.is_file(), f"{script.name} is missing: run `make pair`"
    paired = jupytext.read(script)
    stored = nbformat.read(notebook, as_version=4)
    cells = lambda nb: [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]  # noqa: E731
    assert cells(paired) == cells(stored), f"{script.name} and {notebook.name} differ: run `make pair`"


def test_notebooks_use_the_projects_kernel():
    for notebook in paths.NOTEBOOKS.glob("[0-9]*.ipynb"):
        assert nbformat.read(notebook, as_version=4).metadata.kernelspec.name == "jdib"


def test_a_rerun_with_the_same_outputs_stores_the_same_bytes(tmp_path):
    from jdib.checks import regress

    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\nfrom IPython.display import Markdown, display\n"
        "display(Markdown('## 図'))\nfig, ax = plt.subplots(figsize=(3, 2))\nax.bar(['a', 'b'], [1, 2])\nplt.show()")]
    nb.metadata["kernelspec"] = {"name": "jdib", "display_name": "Python (jdib)", "language": "python"}
    path = folder / "01_tiny.ipynb"
    nbformat.write(nb, path)
    regress.accept(paths.SEEDS, tmp_path / "golden", folder)
    first = path.read_bytes()
    regress.accept(paths.SEEDS, tmp_path / "golden", folder)
    assert path.read_bytes() == first
    assert b'"execution":' not in first and b"start_time" not in first and b"papermill" not in first
