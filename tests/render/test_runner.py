"""jdib build: notebooks in; executed notebooks, HTML and PDF reports out.

The reports here are tiny notebooks written with nbformat into temporary
projects (notebooks/, seeds/, outputs/). One cold build is shared by the
module; tests that must change outputs work on a copy of it.
"""

from __future__ import annotations

import hashlib
import os
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from jdib import __version__, paths
from jdib.render import runner as build, params, export as render
from jdib.cli import main
from jdib.errors import InputError

TITLE = "日米防衛産業レポート"
PARAMETERS = ('seeds_dir = "../seeds"  # folder of documents\n'
              'as_of = "2026-04-30"  # documents published up to this date (YYYY-MM-DD)\n'
              'lang = "en"  # report language: en or ja')
INJECTION = "<script>alert(1)</script>"
CELLS = [
    "from pathlib import Path\nimport pandas as pd\nimport matplotlib.pyplot as plt\n"
    "import matplotlib_fontja\nfrom IPython.display import Markdown, display",
    'display(Markdown(f"## 概要\\n\\n資料: {Path(seeds_dir).name}, {as_of}\\n\\n'
    f'引用: {INJECTION}"))',
    f'pd.DataFrame({{"件名": ["防衛装備移転", "{INJECTION}"], "件数": [3, 4]}})',
    'display(Markdown("### 図"))\nfig, ax = plt.subplots(figsize=(4, 2.5))\n'
    'ax.bar(["日本", "米国"], [3, 5])\nax.set_title("共同生産の件数")\nplt.show()',
]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def write_notebook(path: Path, cells: list[str] = CELLS) -> Path:
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {TITLE}\n\nA test report."), parameters,
                *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {"name": "jdib", "display_name": "Python (jdib)", "language": "python"}
    nbformat.write(nb, path)
    return path


def jdib(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jdib", *args], cwd=cwd,
                          capture_output=True, text=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project with two reports, built once (cold) by the command line."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(paths.SEEDS, root / "seeds")
    (root / "notebooks").mkdir()
    write_notebook(root / "notebooks" / "01_alpha.ipynb")
    write_notebook(root / "notebooks" / "02_beta.ipynb")
    started = time.monotonic()
    result = jdib("build", "--notebooks", "notebooks", "--out", "outputs", cwd=root)
    (root / "cold-build.log").write_text(f"{time.monotonic() - started:.1f}\n{result.stdout}{result.stderr}")
    assert result.returncode == 0, result.stderr
    return root


def test_without_a_terminal_each_finished_report_gets_one_line(project):
    log = (project / "cold-build.log").read_text()
    assert re.search(r"^\[1/2\] 0[12]_(alpha|beta) built in [\d.]+ s$", log, re.M)
    assert re.search(r"^\[2/2\] 0[12]_(alpha|beta) built in [\d.]+ s$", log, re.M)


@pytest.fixture
def copy(project, tmp_path) -> Path:
    """A writable copy of the built project."""
    shutil.copytree(project, tmp_path / "p")
    return tmp_path / "p"


@pytest.fixture
def no_kernel(monkeypatch):
    """Make any attempt to run a notebook fail the test."""
    import papermill

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)


def build_args(root: Path, *extra: str) -> list[str]:
    return ["build", "--notebooks", str(root / "notebooks"), "--out", str(root / "outputs"), *extra]


# -- what a build writes ------------------------------------------------------

def test_each_report_gets_an_executed_notebook_html_and_pdf(project):
    out = project / "outputs"
    for name in ("01_alpha", "02_beta"):
        for ext in ("ipynb", "html", "pdf"):
            assert (out / f"{name}.{ext}").stat().st_size > 0, f"{name}.{ext}"
    assert (out / "index.html").is_file()
    log = (project / "cold-build.log").read_text()
    assert re.search(r"^01_alpha\s+built\s+[\d.]+ s$", log, re.M)
    assert not [p for p in out.iterdir() if p.name.startswith(".jdib-tmp")]


def test_html_is_one_offline_page_in_the_report_language(project):
    page = (project / "outputs" / "01_alpha.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert f"<title>{TITLE}</title>" in page
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing is fetched from the web"
    assert 'src="data:image/png;base64,' in page
    assert "import pandas" not in page and "In&nbsp;[" not in page, "code and prompts are hidden"
    assert "防衛装備移転" in page


def test_html_has_a_table_of_contents_linking_the_headings(project):
    page = (project / "outputs" / "01_alpha.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="toc".*?</nav>', page, re.S).group(0)
    assert re.findall(r'href="#([^"]+)"', nav) == ["概要", "図"]
    assert '<h2 id="概要">' in page and '<h3 id="図">' in page


def test_each_report_links_to_the_index_and_to_the_others(project):
    page = (project / "outputs" / "01_alpha.html").read_text(encoding="utf-8")
    bar = re.search(r'<nav[^>]*class="reports-bar".*?</nav>', page, re.S).group(0)
    assert 'href="index.html"' in bar and 'href="02_beta.html"' in bar
    assert '<strong aria-current="page">01 alpha</strong>' in bar


def test_pdf_bookmarks_are_the_headings(project):
    from pypdf import PdfReader

    outline = PdfReader(project / "outputs" / "01_alpha.pdf").outline
    titles = []
    stack = list(outline)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        else:
            titles.append(item.title)
    assert TITLE in titles and "概要" in titles


def test_text_quoted_from_documents_stays_inert(project):
    page = (project / "outputs" / "01_alpha.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page.lower()
    assert page.count(ESCAPED) == 2, "shown as text in the Markdown and in the table"


def test_pdf_has_the_japanese_text_page_numbers_and_an_embedded_cjk_font(project):
    pdf = project / "outputs" / "01_alpha.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "防衛装備移転" in text and "概要" in text and TITLE in text
    assert INJECTION in text
    assert re.search(r"\b1\s*/\s*1\b", text), "page numbers from the CSS @page footer"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert any("IPAexGothic" in f and "CID TrueType" in f for f in fonts), fonts
    assert all(f.split()[-5] == "yes" for f in fonts), "every font is embedded"


def test_outputs_carry_no_timestamps_machine_paths_or_addresses(project):
    for name in ("01_alpha.ipynb", "01_alpha.html"):
        text = (project / "outputs" / name).read_text(encoding="utf-8")
        assert str(project) not in text, name
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text), name
        assert not re.search(r"0x[0-9a-f]{8,}", text), name
    nb = json.loads((project / "outputs" / "01_alpha.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"]["seeds_dir"] == "../seeds"
    assert all("execution" not in c["metadata"] for c in nb["cells"])
    assert any(c["id"] == "injected-parameters" for c in nb["cells"])


def test_index_lists_reports_parameters_and_source_documents(project):
    page = (project / "outputs" / "index.html").read_text(encoding="utf-8")
    for name in ("01_alpha", "02_beta"):
        assert f'href="{name}.html"' in page and f'href="{name}.pdf"' in page
    assert TITLE in page and "2026-04-30" in page and "../seeds" in page
    catalog = (paths.SEEDS / "000_2f15327de1485db2.txt").read_bytes()
    assert hashlib.sha256(catalog).hexdigest() in page
    assert "mod-20260417-dicas4" in page and f"jdib {__version__}" in page
    listed = (project / "outputs" / "sources.csv").read_text(encoding="utf-8-sig")
    assert 'href="sources.csv"' in page and hashlib.sha256(catalog).hexdigest() in listed
    assert "sources.csv" in (project / "outputs" / ".jdib-owned").read_text()


# -- cache --------------------------------------------------------------------

def test_a_rebuild_with_nothing_changed_starts_no_kernel(project, no_kernel, capsys):
    # How fast this is belongs to `jdib bench`; here: nothing runs, nothing changes.
    before = snapshot(project / "outputs")
    assert main(build_args(project)) == 0
    out = capsys.readouterr().out
    assert re.search(r"^01_alpha\s+up to date$", out, re.M)
    assert re.search(r"^02_beta\s+up to date$", out, re.M)
    assert snapshot(project / "outputs") == before


def test_an_up_to_date_build_imports_neither_papermill_nor_nbconvert(project):
    code = ("import sys; from jdib.cli import main; "
            f"assert main({build_args(project)!r}) == 0; "
            "print(sorted(m for m in ('papermill', 'nbconvert', 'jupyter_client', 'pandas') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("[]")


def test_a_changed_notebook_is_rebuilt_and_the_others_are_not(copy):
    nb = nbformat.read(copy / "notebooks" / "02_beta.ipynb", as_version=4)
    nb.cells[0].source = "# 改訂版\n\nA changed report."
    nbformat.write(nb, copy / "notebooks" / "02_beta.ipynb")
    result = jdib("build", "--notebooks", "notebooks", "--out", "outputs", "--formats", "html",
                  "--only", "beta", cwd=copy)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^02_beta\s+built", result.stdout, re.M)
    assert "<title>改訂版</title>" in (copy / "outputs" / "02_beta.html").read_text(encoding="utf-8")


# -- parameters ---------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["-p", "colour", "red"], "parameter colour: unknown; the notebooks take as_of, lang, seeds_dir"),
    (["-p", "as_of", "2026-13-01"], "parameter as_of: '2026-13-01' is not a date (expected YYYY-MM-DD or latest)"),
    (["-p", "as_of", "last week"], "parameter as_of: 'last week' is not a date"),
    (["-p", "lang", "fr"], "parameter lang: 'fr' is not a report language (expected en or ja)"),
    (["-p", "seeds_dir", "/no/such/folder"], "parameter seeds_dir: the folder /no/such/folder does not exist"),
    (["--only", "zeta"], "--only zeta: matches no notebook; the notebooks are 01_alpha, 02_beta"),
    (["--formats", "html,docx"], "--formats html,docx: expected html, pdf or html,pdf"),
])
def test_bad_parameters_stop_before_any_kernel_with_one_line(project, no_kernel, capsys, args, message):
    before = snapshot(project / "outputs")
    assert main(build_args(project, *args)) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: error: ") and message in line
    assert snapshot(project / "outputs") == before


def test_a_parameters_file_is_read_and_checked(project, no_kernel, tmp_path, capsys):
    spec = tmp_path / "run.yaml"
    spec.write_text("as_of: 2026-02-30\nlang: ja\n")
    assert main(build_args(project, "--params", str(spec))) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "parameter as_of: '2026-02-30' is not a date" in line


def test_a_run_with_other_parameters_gets_its_own_folder(project):
    default = snapshot(project / "outputs")
    result = jdib("build", "--notebooks", "notebooks", "--out", "outputs", "--only", "01",
                  "--formats", "html", "-p", "lang", "ja", "-p", "as_of", "2026-02-01", cwd=project)
    assert result.returncode == 0, result.stderr
    run = project / "outputs" / "runs" / "as_of-2026-02-01_lang-ja"
    page = (run / "01_alpha.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in page and "目次" in page and "2026-02-01" in page
    assert sorted(p.name for p in run.iterdir() if not p.name.startswith(".jdib-")) == [
        "01_alpha.html", "01_alpha.ipynb", "index.html", "sources.csv"]
    assert "../../../seeds" in (run / "index.html").read_text(encoding="utf-8")
    after = snapshot(project / "outputs")
    assert {k: v for k, v in after.items() if not k.startswith(("runs/", ".jdib"))} == \
           {k: v for k, v in default.items() if not k.startswith(".jdib")}


@pytest.mark.parametrize("given, expected", [
    ({"lang": "ja", "as_of": "2026-02-01"}, "as_of-2026-02-01_lang-ja"),
    ({"as_of": "2026/02/01 10:00"}, "as_of-2026-02-01-10-00"),
])
def test_run_folders_are_named_by_their_parameters(given, expected):
    assert params.slug(given) == expected


@pytest.mark.parametrize("text, default, expected", [
    ("2026-02-01", "2026-04-30", "2026-02-01"),
    ("no", "en", "no"),
    ("3", 10, 3),
    ("0.5", 1.0, 0.5),
    ("true", False, True),
    ("[a, b]", [], ["a", "b"]),
])
def test_cli_values_are_yaml_scalars_unless_the_default_is_text(text, default, expected):
    assert params.parse_cli_value(text, default) == expected


@pytest.mark.parametrize("want, expected", [
    ("01", ["01_alpha"]), ("2", ["02_beta"]), ("alpha", ["01_alpha"]),
    ("02_beta", ["02_beta"]), ("02_beta.ipynb", ["02_beta"]),
])
def test_only_matches_a_number_a_name_or_a_stem(project, want, expected):
    found = build.discover(project / "notebooks", (want,))
    assert [p.stem for p in found] == expected


def test_the_parameters_cell_is_read_without_a_kernel(project):
    assert params.declared(project / "notebooks" / "01_alpha.ipynb") == {
        "seeds_dir": "../seeds", "as_of": "2026-04-30", "lang": "en"}


# -- failures and interruptions ----------------------------------------------

def test_a_failing_notebook_is_reported_kept_and_does_not_stop_the_others(copy):
    before = snapshot(copy / "outputs")
    write_notebook(copy / "notebooks" / "02_beta.ipynb", [*CELLS[:2], 'raise ValueError("表が空です")'])
    result = jdib("build", "--notebooks", "notebooks", "--out", "outputs", "--force", cwd=copy)
    assert result.returncode == 1
    progress, [line] = [[x for x in result.stderr.strip().splitlines() if x.startswith("jdib: error") is e]
                        for e in (False, True)]
    assert sorted(x.split()[1:3] for x in progress) == [["01_alpha", "built"], ["02_beta", "failed"]]
    assert line == ("jdib: error: notebooks/02_beta.ipynb: cell 4 (In [5]) raised ValueError: "
                    "表が空です; the executed notebook is kept at outputs/failed/02_beta.ipynb")
    kept = (copy / "outputs" / "failed" / "02_beta.ipynb").read_text(encoding="utf-8")
    assert "表が空です" in kept
    after = snapshot(copy / "outputs")
    for ext in ("ipynb", "html", "pdf"):
        assert after[f"02_beta.{ext}"] == before[f"02_beta.{ext}"], "earlier good outputs stay"
    # The other report was run again and written; being deterministic, its
    # notebook and HTML come out byte for byte as before.
    assert (copy / "outputs" / "01_alpha.pdf").stat().st_mtime > (copy / "cold-build.log").stat().st_mtime
    assert after["01_alpha.ipynb"] == before["01_alpha.ipynb"]
    assert after["01_alpha.html"] == before["01_alpha.html"]
    assert re.search(r"^02_beta\s+failed\s+[\d.]+ s$", result.stdout, re.M)


def test_an_interrupted_build_leaves_earlier_outputs_intact(copy, monkeypatch, capsys):
    before = snapshot(copy / "outputs")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "report_html", interrupt)
    assert main(build_args(copy, "--force", "--only", "01")) == 130
    assert "interrupted" in capsys.readouterr().err
    assert snapshot(copy / "outputs") == before
    assert not [p for p in (copy / "outputs").iterdir() if p.name.startswith(".jdib-tmp")]


# -- the pieces ----------------------------------------------------------------

@pytest.mark.parametrize("fragment, expected", [
    ("<p>注意</p><script>alert(1)</script>", "<p>注意</p>&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<img src="x" onerror="alert(1)">', "<img>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ("<style>body{display:none}</style><table><tr><td>1</td></tr></table>",
     "<table><tbody><tr><td>1</td></tr></tbody></table>"),
    ("注 <script alert(1)", "注 &lt;script alert(1)"),  # cut short: still text, not dropped
    ('<p title=\'say "hi"\'>&#91;引用&#93;</p><!-- note -->', '<p title="say &quot;hi&quot;">[引用]</p>'),
])
def test_sanitize_escapes_or_drops_active_markup(fragment, expected):
    assert render.sanitize(fragment) == expected


def test_a_large_table_is_made_safe_in_a_fraction_of_a_second():
    import pandas as pd

    frame = pd.DataFrame({"quote": ["共同生産を<script>alert(1)</script>確認した。"] * 10_000,
                          "sources": [f"mod-{i}:p5;news-{i}:p2" for i in range(10_000)]})
    fragment = frame.to_html()
    started = time.perf_counter()
    safe = render.sanitize(fragment)
    assert time.perf_counter() - started < 2.0
    assert safe.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 10_000 and "<script" not in safe


def test_repeated_headings_get_distinct_ids():
    page = '<main class="report"><h1>T</h1><h2>概要</h2><h2>概要</h2><h3>A &amp; B</h3></main>'
    out, title = render.add_contents(page)
    assert title == "T"
    assert re.findall(r'<h[23] id="([^"]+)"', out) == ["概要", "概要-2", "A-&amp;-B"]


def test_build_help_explains_the_options_with_an_example(project):
    result = jdib("build", "--help", cwd=project)
    for option in ("-p NAME VALUE", "--params", "--only", "--formats", "--out", "--force",
                   "--jobs", "runs/", "examples:"):
        assert option in result.stdout, option


def test_input_errors_name_the_parameter():
    with pytest.raises(InputError, match="parameter lang: 'de'"):
        params.check({"lang": "de"})


@pytest.mark.parametrize("as_of", ["latest", "2026-02-28", "2024-02-29"])
def test_as_of_is_an_iso_date_or_latest(as_of):
    params.check({"as_of": as_of})


def test_a_broken_document_stops_the_build_before_any_notebook_runs(seeds_copy, tmp_path):
    (seeds_copy / "broken.txt").write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "jdib", "build", "--formats", "html",
                             "-p", "seeds_dir", str(seeds_copy), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"jdib: error: {seeds_copy / 'broken.txt'}: the file is empty"]
    assert not (tmp_path / "out" / "runs").exists()


# -- promises: what the user owns, stale outputs, interrupts, locks ----------------

FAKE_CHROMIUM = '''#!{python}
"""A stand-in for Chromium: copies the page it is given, or hangs like a stuck print."""
import os, subprocess, sys, time
pdf = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--print-to-pdf="))
page = sys.argv[-1].removeprefix("file://")
if os.environ.get("FAKE_CHROMIUM") == "hang":
    child = subprocess.Popen(["sleep", "300"])
    with open(os.environ["FAKE_CHROMIUM_PIDS"], "a") as fh:
        fh.write(f"{{os.getpid()}} {{child.pid}} {{os.path.dirname(page)}}\\n")
    time.sleep(300)
with open(page, "rb") as src, open(pdf, "wb") as dst:
    dst.write(src.read())
'''


@pytest.fixture
def fake_chromium(tmp_path, monkeypatch) -> Path:
    script = tmp_path / "fake-chromium"
    script.write_text(FAKE_CHROMIUM.format(python=sys.executable))
    script.chmod(0o755)
    monkeypatch.setenv("JDIB_CHROMIUM", str(script))
    return script


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for every purpose here
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


def test_build_out_the_notebooks_folder_is_refused_and_the_notebooks_stay_as_they_are(project, no_kernel, capsys):
    before = snapshot(project / "notebooks")
    status = main(["build", "--notebooks", str(project / "notebooks"), "--out", str(project / "notebooks")])
    assert status == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: error: ") and "the notebooks folder" in line
    assert snapshot(project / "notebooks") == before


@pytest.mark.parametrize("where, reason", [
    ("seeds/out", "lies inside the seeds folder"),
    ("seeds/catalog.csv", "names a file"),
    ("seeds/catalog.csv/x", "which is a file"),
])
def test_build_out_inside_seeds_or_at_a_file_is_one_line(project, no_kernel, capsys, where, reason):
    before = snapshot(project / "seeds")
    assert main(["build", "--notebooks", str(project / "notebooks"), "--out", str(project / where)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: error: ") and reason in line
    assert snapshot(project / "seeds") == before


@pytest.mark.parametrize("name", ["index.html", "sources.csv"])
def test_build_out_a_folder_with_a_users_index_page_keeps_it(project, no_kernel, tmp_path, capsys, name):
    site = tmp_path / "site"
    site.mkdir()
    (site / name).write_text("<p>my site</p>")
    assert main(["build", "--notebooks", str(project / "notebooks"), "--out", str(site)]) == 2
    assert name in capsys.readouterr().err
    assert (site / name).read_text() == "<p>my site</p>"


def test_an_html_only_build_after_a_full_one_removes_the_old_pdf_and_the_index_lists_html_only(copy):
    assert main(build_args(copy, "--only", "01", "--formats", "html", "--force")) == 0
    out = copy / "outputs"
    assert (out / "01_alpha.html").is_file() and not (out / "01_alpha.pdf").exists()
    assert (out / "02_beta.pdf").is_file()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="01_alpha.html"' in page and 'href="01_alpha.pdf"' not in page
    assert 'href="02_beta.pdf"' in page


def test_the_cache_key_covers_exactly_the_files_the_loader_reads(seeds_copy):
    from jdib.ingest.corpus import document_files

    before = build.seeds_fingerprint(str(seeds_copy))
    (seeds_copy / ".hidden.txt").write_text("2026年4月1日\n# 隠し\n\n予算は5億円。\n", encoding="utf-8")
    read = seeds_copy / ".hidden.txt" in document_files(seeds_copy)
    assert (build.seeds_fingerprint(str(seeds_copy)) != before) == read
    before = build.seeds_fingerprint(str(seeds_copy))
    # The loader looks at every file (to read it by content, or to say why it skips
    # it), so the key changes exactly when the loader's list does.
    (seeds_copy / "notes.odt").write_bytes(b"not a document the loader reads")
    listed = seeds_copy / "notes.odt" in document_files(seeds_copy)
    assert (build.seeds_fingerprint(str(seeds_copy)) != before) == listed
    before = build.seeds_fingerprint(str(seeds_copy))
    (seeds_copy / "catalog.csv").write_text((seeds_copy / "catalog.csv").read_text() + "\n")
    assert build.seeds_fingerprint(str(seeds_copy)) != before


def test_a_hidden_document_jdib_tables_reads_makes_the_report_stale(project, no_kernel):
    from jdib.ingest.corpus import document_files

    if not [p for p in document_files(project / "seeds") if p.name.startswith(".")]:
        probe = project / "seeds" / ".probe.txt"
        probe.write_text("x")
        try:
            if probe not in document_files(project / "seeds"):
                pytest.skip("the loader does not read hidden files")
        finally:
            probe.unlink()
    opts = build.Options(notebooks=project / "notebooks", out=project / "outputs")
    before = {j.name: j.key for j in build.plan(opts)}
    hidden = project / "seeds" / ".hidden.txt"
    hidden.write_text("2026年4月1日\n# 隠し\n\n予算は5億円。\n", encoding="utf-8")
    try:
        after = {j.name: j.key for j in build.plan(opts)}
    finally:
        hidden.unlink()
    assert all(after[name] != key for name, key in before.items())


def test_two_builds_committing_to_one_folder_keep_both_cache_entries(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    first, second = build.read_manifest(out), build.read_manifest(out)  # both read before either commits
    for name, manifest in (("01_a", first), ("02_b", second)):
        staged = tmp_path / "staging" / name
        staged.mkdir(parents=True)
        (staged / f"{name}.ipynb").write_text("{}")
        job = build.Job(name, tmp_path / f"{name}.ipynb", {}, out, f"key-{name}", name)
        outcome = build.Outcome(name, "built", title=name, files=[staged / f"{name}.ipynb"])
        build.commit(outcome, job, manifest, out, ("html",))
    assert sorted(build.read_manifest(out)["reports"]) == ["01_a", "02_b"]


def test_a_staging_folder_left_by_a_killed_build_is_removed_by_the_next_build(project, no_kernel, tmp_path):
    finished = subprocess.Popen(["true"])
    finished.wait()
    dead = finished.pid  # the pid of a run that is gone
    stale = project / "outputs" / f".jdib-tmp-{dead}-x1"
    (stale / "01_alpha").mkdir(parents=True)
    (stale / "01_alpha" / "01_alpha.pdf").write_bytes(b"%PDF half")
    assert main(["-q", *build_args(project)]) == 0
    assert not stale.exists()


def test_a_chromium_folder_left_by_a_killed_build_is_removed_by_the_next_print(fake_chromium, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / "jdib-chromium-999999-old"
    (stale / "profile").mkdir(parents=True)
    render.print_pdf("<html><head></head><body>x</body></html>", tmp_path / "x.pdf")
    assert not stale.exists() and (tmp_path / "x.pdf").is_file()
    assert not list(tmp_path.glob("jdib-chromium-*"))


def test_pdf_links_to_the_other_reports_are_not_dead_temporary_links(fake_chromium, tmp_path):
    page = ('<html><head></head><body><h3><a href="01_ukraine_lessons.html">Ukraine</a></h3>'
            '<a href="#src-a-p1">[a:p1]</a> <a href="https://www.mod.go.jp/">MOD</a></body></html>')
    render.print_pdf(page, tmp_path / "00.pdf")
    printed = (tmp_path / "00.pdf").read_text(encoding="utf-8")  # the fake prints the page as given
    assert "01_ukraine_lessons.html" not in printed.split("Ukraine")[0]
    assert ">Ukraine</a>" in printed
    assert 'href="#src-a-p1"' in printed and 'href="https://www.mod.go.jp/"' in printed


def test_sigterm_while_chromium_prints_stops_it_and_leaves_no_staging(copy, fake_chromium, tmp_path):
    import signal

    pids = tmp_path / "chromium.pids"
    env = {**os.environ, "FAKE_CHROMIUM": "hang", "FAKE_CHROMIUM_PIDS": str(pids)}
    proc = subprocess.Popen([sys.executable, "-m", "jdib", "build", "--notebooks", "notebooks",
                             "--out", "outputs", "--only", "01", "--force"], cwd=copy, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (pids.exists() and pids.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pids.exists(), "Chromium never started"
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    waited = time.monotonic() - sent
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert waited < 20
    chromium, child, folder = pids.read_text().split()
    time.sleep(0.2)
    assert not _alive(int(chromium)) and not _alive(int(child))
    assert not Path(folder).exists()
    assert not [p for p in (copy / "outputs").iterdir() if p.name.startswith(".jdib-tmp")]


def test_an_interrupt_after_one_report_was_replaced_says_which(copy, monkeypatch, capsys):
    original = render.report_html

    def second_is_interrupted(nb, name, *args, **kwargs):
        if name == "02_beta":
            raise KeyboardInterrupt
        return original(nb, name, *args, **kwargs)

    monkeypatch.setattr(render, "report_html", second_is_interrupted)
    assert main(build_args(copy, "--force", "--formats", "html", "--jobs", "1")) == 130
    *progress, line = capsys.readouterr().err.strip().splitlines()  # a log gets a line per finished report
    assert all(p.startswith("[") for p in progress)
    assert "replaced 01_alpha" in line and "02_beta kept their earlier outputs" in line
    assert "unchanged" not in line


def test_a_cell_that_hangs_is_stopped_after_the_cell_timeout(copy, capsys):
    write_notebook(copy / "notebooks" / "03_hang.ipynb", ["import time\ntime.sleep(120)"])
    started = time.monotonic()
    status = main(build_args(copy, "--only", "03", "--formats", "html", "--cell-timeout", "2"))
    assert status == 1 and time.monotonic() - started < 60
    assert "ran longer than 2 s" in capsys.readouterr().err


def test_index_lists_each_documents_url_retrieval_date_and_sha256(saved_release):
    import datetime as dt

    from jdib.render.index import render_index
    from jdib.extract.documents import documents_table
    from jdib.ingest.corpus import load_corpus

    docs = documents_table(load_corpus(saved_release("https://www.mod.go.jp/j/press/news/2026/04/17a.pdf?a=1&b=2")))
    page = render_index([], docs, dt.date(2026, 5, 1))
    head = page[page.index("<th>doc_id"):page.index("</tr>", page.index("<th>doc_id"))]
    assert [h for h in ("url", "retrieved", "sha256") if f"<th>{h}</th>" in head] == ["url", "retrieved", "sha256"]
    pdf_row = next(r for r in page.split("<tr>") if "mod-dicas4" in r)
    assert '<a href="https://www.mod.go.jp/j/press/news/2026/04/17a.pdf?a=1&amp;b=2">' in pdf_row
    assert "<td>2026-04-20</td>" in pdf_row and docs.loc[docs.doc_id == "mod-dicas4", "sha256"].item() in pdf_row
    html_row = next(r for r in page.split("<tr>") if "<code>page</code>" in r)
    assert "17a.html</a> (from the page)" in html_row


def test_a_changed_user_glossary_makes_every_report_stale(tmp_path, monkeypatch):
    shutil.copytree(paths.SEEDS, tmp_path / "seeds")
    (tmp_path / "notebooks").mkdir()
    write_notebook(tmp_path / "notebooks" / "01_alpha.ipynb")
    opts = build.Options(notebooks=tmp_path / "notebooks", out=tmp_path / "outputs")
    without = {j.name: j.key for j in build.plan(opts)}
    glossary = tmp_path / "names.csv"
    glossary.write_text("ja,en\n防衛装備庁長官,Head of ATLA\n", encoding="utf-8")
    monkeypatch.setenv("JDIB_GLOSSARY", str(glossary))
    named = {j.name: j.key for j in build.plan(opts)}
    glossary.write_text("ja,en\n防衛装備庁長官,Chief of ATLA\n", encoding="utf-8")
    edited = {j.name: j.key for j in build.plan(opts)}
    assert without["01_alpha"] != named["01_alpha"] != edited["01_alpha"]


def test_a_users_own_notebook_in_the_failed_folder_is_never_removed_or_replaced(copy, no_kernel, capsys):
    mine = copy / "outputs" / "failed" / "01_alpha.ipynb"
    mine.parent.mkdir()
    mine.write_text("my notes, not jdib's\n")
    write_notebook(copy / "notebooks" / "01_alpha.ipynb", [*CELLS[:2], "print('changed')"])
    assert main(build_args(copy, "--only", "01", "--formats", "html")) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == f"jdib: error: {mine}: exists and was not written by jdib; jdib will not replace it " \
                   "(move it, or choose another folder)"
    assert mine.read_text() == "my notes, not jdib's\n"


def test_a_report_that_works_again_removes_only_the_failed_notebook_jdib_kept(copy):
    write_notebook(copy / "notebooks" / "02_beta.ipynb", [*CELLS[:2], 'raise ValueError("x")'])
    assert main(build_args(copy, "--only", "02", "--formats", "html")) == 1
    (copy / "outputs" / "failed" / "notes.txt").write_text("mine")
    write_notebook(copy / "notebooks" / "02_beta.ipynb")
    assert main(build_args(copy, "--only", "02", "--formats", "html")) == 0
    assert sorted(p.name for p in (copy / "outputs" / "failed").iterdir()) == [".jdib-owned", "notes.txt"]


@pytest.mark.parametrize("seconds", ["90.5", "0.001", "inf", "nan", "0", "-5", "1e9"])
def test_a_cell_timeout_the_kernel_client_cannot_take_stops_before_any_kernel(project, no_kernel, capsys, seconds):
    assert main(build_args(project, "--force", "--cell-timeout", seconds)) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: error: --cell-timeout ") and "must be a whole number of seconds from 1 to 86,400" in line


def test_a_full_disk_stops_the_build_in_one_line_naming_the_output_folder(copy, monkeypatch, capsys):
    import errno

    import nbformat as nbf

    before = snapshot(copy / "outputs")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")  # as a write reports it: no file name

    monkeypatch.setattr(nbf, "write", full)
    assert main(build_args(copy, "--force", "--only", "01", "--formats", "html")) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"jdib: error: {copy / 'outputs'}: No space left on device (writing the report 01_alpha)"]
    assert snapshot(copy / "outputs") == before
    assert not [p for p in (copy / "outputs").iterdir() if p.name.startswith(".jdib-tmp")]


def test_many_kernels_started_at_once_all_start_on_sockets_of_their_own(tmp_path):
    # TCP ports picked free for one kernel could be taken by another started at the same
    # moment ("Address already in use", then "Kernel died before replying to kernel_info"):
    # kernels talk over Unix sockets named for each kernel alone.
    import asyncio
    import glob
    import tempfile

    from jdib.render.runner import KERNEL, Kernels

    manager = Kernels().manager_class()

    async def start_one():
        km = manager(kernel_name=KERNEL)
        await km.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        client = km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=120)
            return km.get_connection_info()
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)

    async def start_many(n):
        return await asyncio.gather(*(start_one() for _ in range(n)))

    infos = asyncio.run(start_many(8))
    assert [info["transport"] for info in infos] == ["ipc"] * 8
    assert len({info["ip"] for info in infos}) == 8
    assert not glob.glob(f"{tempfile.gettempdir()}/jdib-kernel-{os.getpid()}-*")  # nothing left behind
