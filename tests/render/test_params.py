"""Report parameters checked against what exists, before any kernel starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdib import paths
from jdib.render import params, runner
from jdib.cli import main, parser


@pytest.fixture
def no_kernel(monkeypatch):
    """Make any attempt to run a notebook fail the test."""
    import papermill

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)


@pytest.mark.parametrize("args, message", [
    (["-p", "countries", "Frnace"], "parameter countries: 'Frnace' is not known; did you mean France"),
    (["-p", "countries", "[Japan, Frnace]"], "'Frnace' is not known; did you mean France"),
    (["-p", "countries", "japan"], "'japan' is not known; did you mean Japan"),
    (["-p", "countries", "3"], "parameter countries: 3 is not a list of names"),
    (["-p", "focus_program", "xyz"], "parameter focus_program: 'xyz' is not known; expected one of amraam"),
    (["-p", "focus_program", "amram"], "'amram' is not known; did you mean amraam?"),
])
def test_a_value_not_in_the_vocabulary_stops_with_the_closest_names(no_kernel, tmp_path, capsys, args, message):
    argv = ["build", "--notebooks", str(paths.NOTEBOOKS), "--out", str(tmp_path / "out"), *args]
    assert main(argv) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: error: ") and message in line
    assert not (tmp_path / "out").exists()


def test_a_bare_country_is_a_one_item_list(tmp_path):
    opts = runner.Options(notebooks=paths.NOTEBOOKS, out=tmp_path, only=("02",),
                          given={"countries": params.parse_cli_value("Japan", [])})
    [job] = runner.plan(opts)
    assert job.params["countries"] == ["Japan"]


def test_known_values_pass():
    params.check({"countries": ["United States", "Japan"], "focus_program": "amraam"})


@pytest.mark.parametrize("argv", [["build", "-q"], ["-q", "build"], ["tables", "--quiet"]])
def test_global_options_work_before_or_after_the_command(argv):
    assert parser().parse_args(argv).quiet is True


def test_verbose_after_the_command_and_quiet_before_both_hold():
    args = parser().parse_args(["-q", "check", "-v"])
    assert args.quiet and args.verbose


@pytest.mark.parametrize("args, message", [
    (["-p", "countries", "Japan"], "parameter countries: 'Japan' has no strategy in the documents; "
                                   "expected one of Australia, Europe"),
    (["-p", "countries", "[United States, United Kingdon]"], "'United Kingdon' is not known; "
                                                             "did you mean United Kingdom"),
])
def test_a_known_name_the_documents_never_mention_stops_before_any_kernel(no_kernel, tmp_path, capsys,
                                                                          args, message):
    argv = ["build", "--notebooks", str(paths.NOTEBOOKS), "--out", str(tmp_path / "out"),
            "--formats", "html", *args]
    assert main(argv) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: error: ") and message in line


def test_a_program_the_documents_never_state_is_refused():
    import pandas as pd

    built = {"programs": pd.DataFrame({"program_id": ["amraam", "pac3_mse"]})}
    with pytest.raises(params.InputError, match="'fms' is not stated in the documents"):
        params.check_in_tables({"focus_program": "fms"}, built)
    params.check_in_tables({"focus_program": "amraam"}, built)


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, n in zip("abcdefgh", "bcdefghi")) + "lang: *i\n"


@pytest.mark.parametrize("content, message", [
    pytest.param(BILLION_LAUGHS, "uses a YAML alias (line 2); a parameters file holds plain values", id="aliases"),
    pytest.param("lang: en\n" + "#" * 2_000_000 + "\n", "the parameters file is larger than jdib reads (1 MB)",
                 id="size"),
    pytest.param(None, "the parameters file is larger than jdib reads (1 MB)", id="/dev/zero"),
])
def test_a_parameters_file_that_would_expand_without_bound_is_one_line_at_once(
        tmp_path, content, message):
    import resource
    import subprocess
    import sys
    import time

    spec = tmp_path / "run.yaml"
    if content is None:
        spec.symlink_to("/dev/zero")
    else:
        spec.write_text(content, encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "jdib", "build", "--notebooks", str(paths.NOTEBOOKS), "--out", str(tmp_path / "out"),
         "--params", str(spec)], capture_output=True, text=True, timeout=60,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)))
    assert time.monotonic() - started < 20
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line == f"jdib: error: {spec}: {message}" or (line.startswith(f"jdib: error: {spec}: ") and message in line)
    assert not (tmp_path / "out").exists()


def test_an_alias_in_a_p_value_is_read_as_the_text_typed():
    assert params.parse_cli_value("*a", None) == "*a"


@pytest.mark.parametrize("content, reason", [
    pytest.param('{"cells": {"a": 1}, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
                 "is not a notebook: its cells are not a list of cells", id="cells a mapping"),
    pytest.param('{"cells": ["x"], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
                 "is not a notebook: its cells are not a list of cells", id="cells of text"),
    pytest.param('{"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": 3}]}',
                 "is not a notebook: the parameters cell has no source text", id="source a number"),
])
def test_a_notebook_that_is_not_one_is_one_line_naming_it(tmp_path, capsys, content, reason):
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "01_x.ipynb").write_text(content, encoding="utf-8")
    assert main(["build", "--notebooks", str(tmp_path / "nb"), "--out", str(tmp_path / "out")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == f"jdib: error: {tmp_path / 'nb' / '01_x.ipynb'}: {reason}"


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_a_seeds_dir_that_is_a_named_pipe_is_named_as_one(tmp_path, capsys):
    import os

    os.mkfifo(tmp_path / "pipe")
    for argv, start in ((["tables", "--seeds", str(tmp_path / "pipe"), "--out", str(tmp_path / "t")],
                         f"jdib: error: {tmp_path / 'pipe'}: the seeds folder is a named pipe, not a folder"),
                        (["build", "--notebooks", str(paths.NOTEBOOKS), "--out", str(tmp_path / "o"),
                          "-p", "seeds_dir", str(tmp_path / "pipe")],
                         f"jdib: error: parameter seeds_dir: the folder {tmp_path / 'pipe'} is a named pipe, not a folder")):
        assert main(argv) == 2
        [line] = capsys.readouterr().err.strip().splitlines()
        assert line == start
