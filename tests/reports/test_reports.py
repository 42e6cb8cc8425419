"""The reports' narrative: computed from the tables, in the reader's language, every claim cited."""

import re
import shutil

import pytest

from jdib import paths
from jdib.errors import InputError
from jdib.reports import common, dicas, overview, strategies, ukraine

NEW_DOC = paths.ROOT / "tests" / "data" / "new_dicas5.txt"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def everything(r) -> str:
    """Every Markdown part of the four reports, in the order a reader meets them."""
    parts = [r.header("dicas"), dicas.summary(r), dicas.timeline_table(r), dicas.working_groups(r),
             dicas.focus(r, "amraam"), dicas.pip_ir(r), dicas.sccm_issues(r), dicas.changes(r),
             ukraine.summary(r), ukraine.lessons(r), ukraine.budget_text(r), ukraine.desired_state(r),
             strategies.summary(r), strategies.table(r), strategies.pathways(r), strategies.startups(r),
             overview.corpus(r), overview.headline_figures(r), overview.reports(r)]
    for chart in (dicas.timeline_chart(r), dicas.tracker_chart(r), dicas.verb_mix(r),
                  ukraine.budget_chart(r), strategies.heatmap(r), strategies.publication_chart(r)):
        parts.append(r.chart_data(chart))
    parts.append(r.sources())
    return "\n".join(parts)


@pytest.fixture(scope="module")
def latest():
    return common.load(paths.SEEDS, "latest", "en")


def test_the_fourth_dicas_is_absent_before_it_was_announced():
    before = common.load(paths.SEEDS, "2026-02-01", "en")
    assert "4th DICAS" not in everything(before)
    assert "10th SCCM" not in dicas.timeline_table(before)  # reported on 2026-02-02
    after = common.load(paths.SEEDS, "2026-04-17", "en")
    assert "The latest DICAS meeting is the 4th DICAS, held on 2026-04-14" in dicas.summary(after)


def test_as_of_counts_documents_and_says_so():
    r = common.load(paths.SEEDS, "2026-02-01", "en")
    assert "Documents published up to 2026-02-01: 2 of 5." in r.header("dicas")


def test_japanese_reports_have_japanese_headings_and_narrative():
    r = common.load(paths.SEEDS, "latest", "ja")
    assert r.header("dicas").startswith("# DICASの進捗")
    assert r.section("timeline") == "## 年表\n"
    assert "直近のDICASは2026-04-14の第4回日米防衛産業協力" in dicas.summary(r)
    assert "計画期間の事業費：約17.2兆円から約43.5兆円へ（2.53倍）" in ukraine.budget_text(r)


def outside_quotes(text: str) -> str:
    """The text with every 「quote」 removed, nested quotes included."""
    out, depth = [], 0
    for ch in text:
        if ch == "「":
            depth += 1
        elif ch == "」" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def test_english_reports_print_no_untranslated_name_outside_quotes(latest):
    outside = outside_quotes(everything(latest))  # quotes stay Japanese by design
    assert not JAPANESE.findall(outside), sorted(set(JAPANESE.findall(outside)))[:20]


def test_a_new_document_without_catalog_row_is_still_reported_in_english(seeds_copy):
    shutil.copy(NEW_DOC, seeds_copy)
    outside = outside_quotes(everything(common.load(seeds_copy, "latest", "en")))
    assert not JAPANESE.findall(outside), sorted(set(JAPANESE.findall(outside)))[:20]


def test_every_citation_resolves_to_a_quoted_source(latest):
    text = everything(latest)
    links = set(re.findall(r"\]\(#(src-[^)]+)\)", text))
    anchors = set(re.findall(r'<a id="(src-[^"]+)"></a>', text))
    assert links and links <= anchors


def test_figures_in_the_narrative_are_the_documents_figures(latest):
    budget = ukraine.budget_text(latest)
    assert "from about 17.2 to about 43.5 trillion yen (×2.53)" in budget
    assert "from about 4 to about 9 trillion yen (×2.25)" in budget
    assert "about 2,000 rounds/day (As of 2024-03)" in ukraine.lessons(latest)


def test_program_changes_since_the_previous_document(latest):
    changes = dicas.changes(latest)
    assert re.search(r"AMRAAM.*agreed to accelerate \(2026-01-20\).*→ scope identified \(2026-04-17\)", changes)


def test_a_new_document_reaches_the_reports(seeds_copy):
    shutil.copy(NEW_DOC, seeds_copy)
    r = common.load(seeds_copy, "latest", "en")
    timeline = dicas.timeline_table(r)
    assert "| 2027-01-20 | 5th DICAS | meeting | Yamada Taro, Commissioner of ATLA (JP)" in timeline
    assert "The latest DICAS meeting is the 5th DICAS, held on 2027-01-20" in dicas.summary(r)
    assert re.search(r"PAC-3 MSE.*→ completed \(2027-01-22\)", dicas.changes(r))


def test_document_text_is_escaped(seeds_copy):
    (seeds_copy / "evil.txt").write_text(
        "令和9年2月1日\n防衛省\n#### 第6回SCCMの開催\n"
        "令和9年1月30日、<script>alert(1)</script>長官は、第6回SCCMを実施し、取組を確認した。\n",
        encoding="utf-8")
    r = common.load(seeds_copy, "latest", "en")
    text = everything(r)
    assert "<script>" not in text and "&lt;script&gt;" in text


@pytest.mark.parametrize("as_of, lang, reason", [
    ("2026-13-01", "en", "parameter as_of: '2026-13-01' is not a date"),
    ("yesterday", "en", "parameter as_of: 'yesterday' is not a date"),
    ("latest", "fr", "parameter lang: 'fr' is not a report language"),
])
def test_bad_parameters_are_named(as_of, lang, reason):
    with pytest.raises(InputError, match=reason):
        common.load(paths.SEEDS, as_of, lang)


def test_long_tables_show_the_latest_rows_point_to_the_store_and_cite_only_what_they_show():
    from pathlib import Path

    from jdib.ingest.corpus import Corpus
    from jdib.reports.common import Report

    r = Report(Path("."), None, "en", Corpus(Path("."), ()), 0, {}, max_rows=2)
    rows = [[str(i), r.cite(f"d{i}:p1")] for i in range(5)]
    out = r.table(["n", "source"], rows, store_table="events", keep="latest")
    assert "| 3 |" in out and "| 4 |" in out and "| 2 |" not in out
    assert "2 of 5 rows shown (the latest)" in out and "`events`" in out
    assert [p for p, n in r.cited.items() if n > 0] == ["d3:p1", "d4:p1"]
    assert r.cite("a:p1;a:p2;a:p3", limit=2).endswith("(+1)")
