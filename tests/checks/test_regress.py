"""Regression checks: a changed document shows up, named, in the tables and the reports."""

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from jdib import paths
from jdib.checks import regress
from jdib.cli import main

REPORT = "01_ukraine_lessons"


@pytest.fixture
def project(tmp_path):
    """A copy of the project's seeds, one notebook with its baseline, and the golden tables."""
    shutil.copytree(paths.SEEDS, tmp_path / "seeds")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(paths.NOTEBOOKS / f"{REPORT}.ipynb", tmp_path / "notebooks")
    shutil.copytree(paths.GOLDEN, tmp_path / "golden")
    return tmp_path


def args(project, command):
    return [command, "--seeds", str(project / "seeds"), "--golden", str(project / "golden"),
            "--notebooks", str(project / "notebooks")]


def edit_seed(project, old, new):
    deck = project / "seeds" / "003_2b131d6af2d1aae0.txt"
    deck.write_text(deck.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_changed_figure_is_named_by_check_and_accept_makes_it_the_baseline(project, capsys):
    assert main(args(project, "check")) == 0
    edit_seed(project, "43.5兆円", "44.5兆円")
    capsys.readouterr()

    assert main(args(project, "check")) == 1
    said = capsys.readouterr().out
    assert "table figures: 0 added, 0 removed," in said
    assert "~ atla-202602-dptb:p18:f2" in said and "value: 43.5 -> 44.5" in said
    assert f"report {REPORT}:" in said
    assert "(section: Japan's defence build-up budget)" in said
    assert "from about 17.2 to about [-43.5-]{+44.5+} trillion yen" in said

    assert main(args(project, "accept")) == 0
    assert "report 01_ukraine_lessons: outputs stored" in capsys.readouterr().out
    assert main(args(project, "check")) == 0


def test_nbval_fails_when_a_seed_changes_what_a_report_says(project):
    edit_seed(project, "約2千発/日", "約3千発/日")
    nb = project / "notebooks" / f"{REPORT}.ipynb"
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                             str(nb), "--rootdir", str(project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Cell outputs differ" in result.stdout and "about 3,000 roun" in result.stdout


def test_notebook_outputs_are_the_same_on_every_run():
    first = regress.execute(paths.NOTEBOOKS / f"{REPORT}.ipynb")
    second = regress.execute(paths.NOTEBOOKS / f"{REPORT}.ipynb")
    assert not regress.diff_notebooks(REPORT, first, second)


@pytest.mark.parametrize("old, new, expected", [
    (pd.DataFrame({"event_id": ["a"], "date": ["2026-04"]}),
     pd.DataFrame({"event_id": ["a"], "date": ["2026-04-14"]}),
     ([], [], [("a", {"date": ("2026-04", "2026-04-14")})])),
    (pd.DataFrame({"event_id": ["a"], "date": ["2026"]}),
     pd.DataFrame({"event_id": ["a", "b"], "date": ["2026", "2027"]}),
     (["b"], [], [])),
    (pd.DataFrame({"event_id": ["a", "b"], "date": ["2026", "2027"]}),
     pd.DataFrame({"event_id": ["b"], "date": ["2027"]}),
     ([], ["a"], [])),
])
def test_table_differences_are_rows_added_removed_and_fields_changed(old, new, expected):
    d = regress.diff_tables("events", old, new)
    assert (d.added, d.removed, d.changed) == expected


def test_check_shows_the_changed_words_in_context_far_into_a_long_line():
    before = "前置き。" * 40 + "両者は、昨年12月に、舞鶴市において修理が行われたことを歓迎した。" + "後書き。" * 40
    shown = regress.word_diff(before, before.replace("12月", "11月"))
    assert "昨年[-12-]{+11+}月に、舞鶴市" in shown
    assert shown.startswith("…") and shown.endswith("…") and len(shown) < 140


def test_programs_are_keyed_on_paragraph_and_program_so_an_edited_quote_is_one_change():
    old = pd.DataFrame({"para_id": ["d:p1", "d:p1"], "program_id": ["fms", "fms"],
                        "quote": ["協議を行いました。", "推進していく。"]})
    new = old.assign(quote=["協議を行った。", "推進していく。"])
    d = regress.diff_tables("programs", old, new)
    assert (d.added, d.removed) == ([], [])
    assert d.changed == [("d:p1 | fms #1", {"quote": ("協議を行いました。", "協議を行った。")})]


def test_a_kernel_killed_while_it_starts_leaves_no_clean_up_to_run_at_exit(tmp_path):
    # Ctrl-C as `jdib check` starts a kernel: the kernel is killed before it replies.
    # nbclient then cleans up but leaves its clean-up registered to run at exit, which
    # printed "Exception ignored in atexit callback ... nbclient" after jdib's one line.
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(1)")]
    nbformat.write(nb, tmp_path / "01_a.ipynb")
    script = """
import sys
from pathlib import Path
from jdib.checks import regress
from jdib.render import runner

real = runner.Kernels.manager_class
def manager_class(self):
    class KilledAtStart(real(self)):
        async def start_kernel(self, **kw):
            await super().start_kernel(**kw)
            self.provisioner.process.kill()
    return KilledAtStart
runner.Kernels.manager_class = manager_class
try:
    regress.execute(Path(sys.argv[1]))
except RuntimeError:
    print("the kernel died")
"""
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "01_a.ipynb")],
                            capture_output=True, text=True, timeout=120)
    assert result.stdout == "the kernel died\n"
    assert "atexit" not in result.stderr and "Traceback" not in result.stderr, result.stderr
