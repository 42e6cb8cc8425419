"""Every report reaches the page as a reader sees it: tables as tables, no Markdown left over.

Each notebook's cells are run in this process (the paired ``.py`` script, with
the parameters set), their outputs put into a notebook, and that notebook
exported by the reports' own HTML exporter. The page is then read as text: a
Markdown table that did not become a ``<table>`` shows as a line of pipes.
Corpora: the seeds (every table short), the development corpus with the seeds
(about forty documents: the timeline bounded, few series) and a
synthetic corpus of a thousand documents, in English and Japanese.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import jupytext
import nbformat
import pytest
from lxml import html as lxml_html

from jdib import paths
from jdib.checks.synth import make_corpus
from jdib.render.export import find_chromium, report_html

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9]*.py"))
_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$", re.M)


def _outputs(obj) -> list:
    """What a kernel would send for one displayed object."""
    if obj is None:
        return []
    if hasattr(obj, "_repr_markdown_"):
        data = {"text/markdown": obj._repr_markdown_(), "text/plain": str(obj)}
    elif hasattr(obj, "_repr_mimebundle_"):
        data, _ = obj._repr_mimebundle_()
    else:
        data = {"text/plain": repr(obj)}
    return [nbformat.v4.new_output("display_data", data=data)]


def executed(script, bound=None, **parameters):
    """The notebook of ``script`` with its cells run here and their outputs stored.

    ``bound(report)``, when given, sets how many rows the report shows of a long
    table, once the report is loaded.
    """
    nb = jupytext.read(script)
    shown: list = []
    scope = {"display": lambda *objs: shown.extend(objs)}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "parameters" in cell.metadata.get("tags", []):
            exec(cell.source, scope)
            scope.update(parameters)
            continue
        tree = ast.parse(cell.source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, script.name, "exec"), scope)
        if bound is not None and "r" in scope:
            scope["r"].max_rows = bound(scope["r"])
        if last is not None:
            shown.append(eval(compile(ast.Expression(last.value), script.name, "eval"), scope))
        cell.outputs = [out for obj in shown for out in _outputs(obj)]
        cell.execution_count = 1
        shown.clear()
    return nb


def markdown_tables(nb) -> int:
    return sum(len(_RULE.findall(out.data["text/markdown"])) for cell in nb.cells
               for out in cell.get("outputs", []) if "text/markdown" in out.get("data", {}))


def leftover_markdown(page: str) -> list[str]:
    """Lines of the page's visible text that are Markdown a reader should never see."""
    tree = lxml_html.fromstring(page)
    for hidden in tree.xpath("//style|//script|//head"):
        hidden.drop_tree()
    lines = [line.strip() for line in tree.text_content().splitlines()]
    return [line for line in lines if line.startswith("|") or "**" in line or "](#" in line or "\\|" in line]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory, forty):
    root = tmp_path_factory.mktemp("corpora")
    return {"seeds": paths.SEEDS, "forty": forty, "thousand": make_corpus(paths.SEEDS, root / "thousand", 1000)}


def _series(r) -> int:
    """A bound under which the timeline is cut but its counts per series are not."""
    from jdib.reports import dicas

    return max(dicas._events(r).series.nunique(), 1)


BOUNDS = {"default": None, "series": _series}


@pytest.mark.parametrize("bound", BOUNDS)
@pytest.mark.parametrize("size", ["seeds", "forty", "thousand"])
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_markdown_table_becomes_a_table_and_no_markdown_shows(corpora, script, lang, size, bound):
    if bound != "default" and (size == "thousand" or not script.stem.startswith("03")):
        pytest.skip("the tight bound is the DICAS timeline's edge")
    nb = executed(script, BOUNDS[bound], seeds_dir=str(corpora[size]), lang=lang)
    page, _ = report_html(nb, script.stem, lang)
    tables = len(lxml_html.fromstring(page).xpath("//table"))
    assert tables >= markdown_tables(nb), f"{markdown_tables(nb)} Markdown tables, {tables} on the page"
    assert leftover_markdown(page) == []


def test_two_tables_in_one_output_stay_two_tables():
    from jdib.reports.common import Markdown

    joined = Markdown.blocks("| a |\n|---|\n| 1 |", "| b |\n|---|\n| 2 |\n", "a note")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("", outputs=_outputs(joined))]
    page, _ = report_html(nb, "two")
    assert len(lxml_html.fromstring(page).xpath("//table")) == 2
    assert leftover_markdown(page) == []


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium")
def test_a_bounded_report_in_chromium_shows_tables_not_pipes(corpora, tmp_path):
    script = paths.NOTEBOOKS / "03_dicas_progress.py"
    page, _ = report_html(executed(script, seeds_dir=str(corpora["forty"])), script.stem)
    (tmp_path / "03.html").write_text(page, encoding="utf-8")
    dom = subprocess.run([find_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--no-first-run",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                          (tmp_path / "03.html").as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    tree = lxml_html.fromstring(dom)
    assert len(tree.xpath("//table")) >= 3
    assert leftover_markdown(dom) == []


EVIL = "https://evil.example"


@pytest.fixture(scope="module")
def hostile_seeds(tmp_path_factory):
    """The seeds with what a user's files may carry into a report: a file name, doc_id,
    titles and URL written as Markdown links and HTML."""
    import csv

    root = tmp_path_factory.mktemp("hostile") / "seeds"
    shutil.copytree(paths.SEEDS, root)
    new = (paths.ROOT / "tests" / "data" / "new_dicas5.txt").read_text(encoding="utf-8")
    (root / "[公式発表](https:evil.example).txt").write_text(new, encoding="utf-8")
    (root / "second.txt").write_text(new.replace("令和9年1月22日", "令和9年1月23日"), encoding="utf-8")
    with (root / "catalog.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([
            "second.txt", "dicas._5_.b", f"[公式]({EVIL}) <img src=x onerror=alert(1)>",
            f"[Official]({EVIL}) <b>bold</b>", f"[防衛省]({EVIL})", "press_release", "2027-01-23",
            f"https://www.mod.go.jp/a> [x]({EVIL}) <img src=x>\n[y]({EVIL})", "2027-01-24"])
    (root / "catalog.csv").write_text((root / "catalog.csv").read_text(encoding="utf-8").replace(
        "file,doc_id,title_ja,title_en,publisher,kind,published", "file,doc_id,title_ja,title_en,publisher,kind,published,url,retrieved"),
        encoding="utf-8")
    return root


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda p: p.stem)
def test_file_names_doc_ids_titles_and_urls_reach_the_page_as_text(hostile_seeds, script, lang):
    nb = executed(script, seeds_dir=str(hostile_seeds), lang=lang)
    page, _ = report_html(nb, script.stem, lang)
    tree = lxml_html.fromstring(page)
    hosts = {urlsplit(a.get("href") or "").hostname for a in tree.xpath("//a")}
    assert hosts <= {None, "www.mod.go.jp"}, "a link leads only where a catalog's url says"
    assert not [i for i in tree.xpath("//img") if not (i.get("src") or "").startswith("data:image/")]
    assert not tree.xpath("//main//b | //main//em[contains(., '5')]")
    if script.stem.startswith(("00", "03")):  # they cite the new documents
        text = tree.text_content()
        assert "[dicas._5_.b:p5]" in text and "[公式発表-https-evil.example:p5]" in text
        assert f"[Official]({EVIL}) <b>bold</b>" in text or f"[公式]({EVIL})" in text
