"""The reports' narrative: computed from the tables, in the reader's language, every claim cited."""

import datetime as dt
import re
from pathlib import Path
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
             dicas.milestones(r), dicas.focus(r, "amraam"), dicas.pip_ir(r), dicas.sccm_issues(r), dicas.changes(r),
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
    header = r.header("dicas")
    # The White Paper section has no known date, so it does not count as of then.
    assert "Documents published up to 2026-02-01: 1 of 5." in header
    assert "Left out because their publication date is unknown (1): wp-us-japan-base." in header
    assert "wp-us-japan-base" not in {d.doc_id for d in r.corpus}


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
    assert "| 2027-01-20 | 5th DICAS | meeting | Yamada Taro (romanised), Commissioner of ATLA (JP)" in timeline
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


# -- promises: a citation finds its own quote, and the quote is the document's words --

def test_doc_ids_differing_only_in_punctuation_get_different_anchors():
    ids = ["dup.id:p1", "dup-id:p1", "dup_id:p1", "dup id:p1", "dup-2e-id:p1", "dup_2e_id:p1"]
    anchors = [common.anchor(i) for i in ids]
    assert len(set(anchors)) == len(ids)
    assert all(re.fullmatch(r"src-[A-Za-z0-9_-]+-p1", a) for a in anchors)
    assert common.anchor("mod-20260417-dicas4:p5") == "src-mod-20260417-dicas4-p5"


QUOTES = [
    "予算は$5$億円から$6$億円へ増額。",
    "~~旧~~計画を改める。",
    "詳細はhttps://www.mod.go.jp/atla/にて公表。",
    "www.mod.go.jp を参照。",
    "注1 [別件] *注2 取得 \\ 維持 _下線_ `code` & | # ! {x} a@b.jp",
]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_quote_shows_exactly_the_documents_words_in_html(seeds_copy, lang):
    import html

    import nbformat

    from jdib.render import export as render

    (seeds_copy / "quotes.txt").write_text(
        "令和9年2月1日\n防衛省\n#### 引用の確認\n\n" + "\n\n".join(QUOTES) + "\n", encoding="utf-8")
    r = common.load(seeds_copy, "latest", lang)
    doc = r.corpus.get("quotes")
    cited = [p for p in doc.paragraphs if p.text in QUOTES]
    assert len(cited) == len(QUOTES)
    r.cite([p.para_id for p in cited])
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": r.sources()._repr_markdown_()})]
    nb.cells = [cell]
    page, _ = render.report_html(nb, "quotes", lang)
    body = page[page.index("<main"):]
    assert "<del>" not in body and "<s>" not in body and "https://www.mod.go.jp/atla/" in body
    assert 'href="http' not in body
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    for quote in QUOTES:
        assert f"「{quote}」" in text, quote


def test_a_cited_pdf_paragraph_shows_its_page_and_links_to_the_original(saved_release):
    tmp_path = saved_release("https://www.mod.go.jp/j/press/news/2026/04/17a.pdf")
    r = common.load(tmp_path, "latest", "en")
    doc = r.corpus.get("mod-dicas4")
    on_page_2 = next(p for p in doc.paragraphs if p.page == 2)
    r.cite([on_page_2.para_id, "page:p5"])
    sources = r.sources()
    line = next(x for x in sources.splitlines() if on_page_2.para_id in x)
    assert ", p. 2, [original](<https://www.mod.go.jp/j/press/news/2026/04/17a.pdf#page=2>)" in line
    assert "retrieved 2026-04-20" in line and on_page_2.text[:20] in line
    # An HTML page's own canonical URL, without page.
    html_line = next(x for x in sources.splitlines() if "page:p5" in x)
    assert "[original](<https://www.mod.go.jp/j/press/news/2026/04/17a.html>)" in html_line
    assert "p. " not in html_line.split("「")[0]
    ja = common.load(tmp_path, "latest", "ja")
    ja.cite(on_page_2.para_id)
    assert "2ページ, [原文](<" in ja.sources()


def test_a_relative_seeds_dir_is_found_from_the_notebooks_folder(tmp_path, monkeypatch):
    # `papermill notebooks/01_x.ipynb out.ipynb` run from the checkout's root
    monkeypatch.chdir(paths.ROOT)
    assert common.resolve_seeds("../seeds") == paths.SEEDS
    monkeypatch.chdir(tmp_path)
    assert common.resolve_seeds("../seeds") == paths.SEEDS
    assert common.resolve_seeds("../nowhere") == Path("../nowhere")


def test_english_sources_are_an_appendix_with_a_labelled_gloss(latest):
    dicas.summary(latest)
    text = latest.sources()
    assert text.startswith("## Appendix: Sources")
    entry = next(line for line in text.splitlines() if "**mod-20260417-dicas4:p5**" in line)
    import html  # the gloss is escaped like document text: compare what a reader sees

    assert "Gloss (not a translation): 4th DICAS (2026-04-14)" in html.unescape(entry)
    assert '<span class="quote-rest">' in entry, "a long quote is cut for print, whole in HTML"


def test_japanese_reports_write_dates_sides_and_series_the_japanese_way():
    r = common.load(paths.SEEDS, "latest", "ja")
    shown = dicas.timeline_table(r)._repr_markdown_()
    assert "| 2026年4月14日 |" in shown and "2026-04-14" not in shown
    assert "日本側：" in shown and "米側：" in shown and "(JP)" not in shown
    assert "日米安全保障協議委員会（「2+2」）" in shown
    assert "| 「2+2」 |" not in shown and "日米安全保障協議委員会(「2+2」)" not in shown
    assert "Gloss" not in r.sources()


def test_headline_figures_are_what_an_analyst_quotes(latest):
    text = overview.headline_figures(latest)
    assert "defence build-up plan programme cost" in text and "rounds/day" in text
    assert "| meeting duration |" not in text and "| look-back period |" not in text
    assert "4 other figures" in text


@pytest.mark.parametrize("unit, label, quoted", [
    ("JPY trillion", "defence build-up plan programme cost (current plan)", True),
    ("USD billion", "amount", True),
    ("rounds/day", "artillery shell consumption, Ukraine", True),
    ("rounds", "production rate", True),
    ("units", "drones fielded, Ukraine and Russia", True),
    ("units", "number of units", True),
    ("multiplier", "production increase (SM-3 Block IIA)", True),
    ("years", "time to fielding", True),
    ("percent", "share of GDP", True),
    ("count", "arms and arms-technology transfers to the US", True),
    ("countries", "number of countries", False),
    ("countries", "number of countries, South Korea", False),
    ("percent", "share", False),
    ("percent", "share, Japan", False),
    ("count", "count", False),
    ("companies", "number of companies", False),
    ("persons", "number of people", False),
    ("minutes", "meeting duration", False),
    ("hours", "meeting duration", False),
    ("times", "meetings held", False),
    ("JPY", "exchange rate", False),
])
def test_a_headline_is_a_figure_an_analyst_quotes(unit, label, quoted):
    assert overview.is_headline(unit, label) is quoted


def test_headline_figures_leave_out_counts_of_countries_and_mark_a_low_reliability_source(tmp_path):
    (tmp_path / "board.txt").write_text(
        "無人機を増産へ\n2025年5月1日\n"
        "日米韓3カ国の防衛相は、無人機6機を共同で調達することで一致した。\n"
        "会談は約1時間半行われた。\n"
        "この記事はAIが作成しました。\n", encoding="utf-8")
    text = str(overview.headline_figures(common.load(tmp_path, "latest", "en")))
    [row] = [line for line in text.splitlines() if line.startswith("| drones")]
    assert "6 ⚠ low reliability" in row
    assert "countries" not in text.split("\n\n")[0] and "meeting duration" not in text
    assert "2 other figures" in text


def test_chart_data_is_folded_under_the_chart(latest):
    shown = latest.chart_data(dicas.timeline_chart(latest))
    assert shown.startswith('<details class="chart-data"><summary>Data behind the chart</summary>')


def test_the_heatmap_has_no_empty_theme():
    r = common.load(paths.SEEDS, "latest", "en")
    chart = strategies.heatmap(r)
    drawn = int(re.search(r"by (\d+) themes", chart.alt).group(1))
    assert drawn == chart.data.theme.nunique() < len(common.labels()["themes"])


def test_the_dicas_report_shows_where_sources_disagree_and_which_value_it_uses():
    r = common.load(paths.ROOT / "tests" / "data" / "sources", "latest", "en")
    text = str(dicas.disagreements(r))
    [date_line] = [line for line in text.splitlines() if ", date:" in line]
    assert "this report uses «2024-12-11»" in date_line and "(official, established press)" in date_line
    assert "also stated «2024-12-12»" in date_line and "(low reliability)" in date_line
    assert "[aggregator-dicas3:p" in date_line  # the disagreeing claim is cited, so quoted in Sources
    assert "2024-12-11" in str(dicas.summary(r)) and "2024-12-12" not in str(dicas.summary(r))


def test_reports_say_when_sources_agree(latest):
    r = common.load(paths.ROOT / "tests" / "data" / "sources", "2024-12-11", "ja")
    assert str(dicas.disagreements(r)) == "各出来事の日付・回次・参加者・場所・数値について、文書間に食い違いはない。\n"


def test_a_meeting_only_a_machine_made_page_reports_is_marked_and_kept_out_of_the_summary(tmp_path):
    import shutil

    shutil.copy(paths.ROOT / "tests" / "data" / "sources" / "aggregator-dicas3.txt", tmp_path)
    r = common.load(tmp_path, "latest", "en")
    assert "No DICAS meeting is reported" in str(dicas.summary(r))
    assert "⚠ unconfirmed" in str(dicas.timeline_table(r))


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


def test_long_lists_show_the_latest_items_and_cite_only_what_they_show():
    from pathlib import Path

    from jdib.ingest.corpus import Corpus
    from jdib.reports.common import Report

    r = Report(Path("."), None, "en", Corpus(Path("."), ()), 0, {}, max_rows=2)
    out = r.bullets([f"- item {i} {r.cite(f'd{i}:p1')}" for i in range(5)], store_table="conflicts")
    assert "item 4" in out and "item 3" in out and "item 2" not in out
    assert "2 of 5 rows shown (the latest)" in out and "`conflicts`" in out
    assert [p for p, n in r.cited.items() if n > 0] == ["d3:p1", "d4:p1"]
    # Items the caller did not format are counted all the same.
    assert "2 of 1,002 rows shown" in r.bullets(["- a", "- b"], store_table="conflicts", left_out=1_000)


def test_disputes_repeated_by_many_copies_stay_short(tmp_path):
    # Ten outlets repeat an aggregator's wrong date: each value cites a few sources and a count.
    release = ("第3回DICASの開催について\n\n令和6年12月20日\n防衛装備庁\n\n"
               "1 令和6年12月11日、深澤雅貴防衛装備庁長官とウィリアム・ラプランテ米国防次官は、"
               "第3回日米防衛産業協力・取得・維持整備定期協議(DICAS)を開催しました。\n")
    (tmp_path / "atla.txt").write_text(release, encoding="utf-8")
    for i in range(10):
        (tmp_path / f"agg{i}.txt").write_text(
            f"第三回DICASを開催（{i}）\n2024年12月13日\n"
            f"2024年12月12日、日米は第三回日米防衛産業協力・取得・維持整備定期協議(DICAS)を開催した。（記事{i}）\n"
            "この記事はAIが作成しました。\n", encoding="utf-8")
    text = str(dicas.disagreements(common.load(tmp_path, "latest", "en")))
    assert "«2024-12-12»" in text and "«2024-12-11»" in text
    assert "(+7)" in text and text.count("[agg") == 3


def test_a_later_official_release_correcting_an_aggregator_is_a_change(tmp_path):
    (tmp_path / "agg.txt").write_text(
        "第三回DICASを開催\n2024年12月12日\n"
        "2024年12月12日、中山泰秀防衛事務次官とキャスリーン・ヒックス米国防副長官は、"
        "第三回日米防衛産業協力・取得・維持整備定期協議(DICAS)を開催しました。\n"
        "この記事はAIが作成しました。\n", encoding="utf-8")
    (tmp_path / "atla.txt").write_text(
        "第3回日米防衛産業協力・取得・維持整備定期協議(DICAS)の開催について\n\n令和6年12月20日\n防衛装備庁\n\n"
        "1 令和6年12月11日、深澤雅貴防衛装備庁長官とウィリアム・ラプランテ米国防次官(取得・維持整備担当)は、"
        "第3回日米防衛産業協力・取得・維持整備定期協議(DICAS)を開催しました。\n", encoding="utf-8")
    text = str(dicas.changes(common.load(tmp_path, "latest", "en")))
    assert "Corrected by a more reliable source:" in text
    [line] = [x for x in text.splitlines() if ", date:" in x]
    assert "«2024-12-12»" in line and "«2024-12-11»" in line and "[agg:p" in line


def test_the_scope_line_stays_one_line_however_many_documents():
    from pathlib import Path

    from jdib.ingest.corpus import Corpus
    from jdib.reports.common import Report

    undated = tuple(f"page-{i}" for i in range(40))
    r = Report(Path("."), dt.date(2026, 1, 1), "en", Corpus(Path("."), ()), 12_345, {}, undated=undated)
    line = str(r.header("dicas")).splitlines()[-1]
    assert "of 12,345." in line and "page-11" in line and "page-12" not in line and "(+28)" in line


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_english_quote_is_shown_as_it_is_and_needs_no_gloss(tmp_path, lang):
    shutil.copy(paths.ROOT / "tests" / "data" / "corpus" / "dow-20260115-readout-koizumi.txt", tmp_path)
    r = common.load(tmp_path, "latest", lang)
    dicas.timeline_table(r)
    sources = str(r.sources())
    assert "“WASHINGTON — Secretary of War Pete Hegseth hosted" in sources
    assert "Gloss" not in sources and "要旨" not in sources
    assert r.tables["events"].loc[0, "languages"] == "en"


def test_forty_documents_show_each_disagreement_with_both_values_and_their_sources(forty):
    r = common.load(forty, "latest", "en")
    text = str(dicas.disagreements(r))
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == len(r.tables["conflicts"].groupby(["event_id", "field"]))
    [length] = [line for line in lines if ", duration:" in line]
    assert "«~85 minutes» [\\[mod-20250330-ministerial:p4\\]]" in length and "(official)" in length
    assert "«~1.5 hours» [\\[f04e:p3\\]]" in length and "(low reliability)" in length
    [day] = [line for line in lines if "«2025-03-29»" in line]
    assert "«2025-03-30»" in day and "as an event of its own (`ministerial-2025-03-29`)" in day


@pytest.mark.parametrize("length, gloss", [("約1時間", "~1 hour"), ("約1時間半", "~1.5 hours"), ("2時間", "2 hours")])
def test_the_gloss_reads_a_figure_as_english_does(tmp_path, length, gloss):
    (tmp_path / "wire.txt").write_text(
        f"日米防衛相が会談\n2025年3月30日\n中谷元防衛相は30日、ヘグセス米国防長官と会談した。会談は{length}行われた。\n",
        encoding="utf-8")
    r = common.load(tmp_path, "latest", "en")
    [figure] = r.tables["figures"].itertuples()
    r.cite(figure.para_id)
    assert re.search(rf"meeting duration: {re.escape(gloss)}(?![a-z])", str(r.sources()))


def test_program_milestones_are_dated_by_their_events(latest):
    """The tracker dates a program by its documents; its milestones by the events themselves."""
    table = dicas.milestones(latest)
    events = latest.tables["events"]
    with_program = events[events.program.fillna("") != ""]
    assert len(with_program) > 0
    for row in with_program.itertuples():
        assert f"| {row.date} |" in table
    assert table.count("\n| ") == len(with_program)  # one line per milestone below the header


def test_other_partners_list_only_events_whose_parties_are_told():
    r = common.load(paths.ROOT / "tests" / "data" / "corpus", "latest", "en")
    events = r.tables["events"]
    table = str(overview.partners(r))
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| Date")]
    assert rows and all(line.split(" | ")[2].strip() for line in rows)  # the Parties column is never empty
    untold = events[~dicas.us_japan(events) & (events.kind != "publication") & (events.parties.fillna("") == "")]
    if len(untold):
        assert f"{len(untold)} more events whose parties the text does not tell" in table
