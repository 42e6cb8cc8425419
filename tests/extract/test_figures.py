"""The figures table: every number with a unit, its context, and nothing that only looks like one."""

import math
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from jdib.ingest.corpus import Corpus, parse_document
from jdib.extract.figures import COLUMNS, figures_table

META = {"file": "t.txt", "doc_id": "t", "title_ja": "t", "title_en": "", "publisher": "防衛省",
        "kind": "press_release", "published": "2027-03-01"}
NAN = math.nan


def corpus_of(raw: str, doc_id: str = "t") -> Corpus:
    return Corpus(Path("."), (parse_document(doc_id, raw, {**META, "doc_id": doc_id}),))


def figures_in(line: str) -> list[tuple]:
    df = figures_table(corpus_of(f"#### 見出し\n- {line}\n"))
    return [(r.value, None if math.isnan(r.value_high) else r.value_high, r.unit, r.approx)
            for r in df.itertuples()]


def expected(rows: list[list]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({"value": float, "value_high": float, "approx": bool})


NEW_PRESS_RELEASE = """(お知らせ)
令和9年3月1日
防衛省
#### 弾薬生産基盤の強化について
- 防衛省は、弾薬の生産能力強化のため、今後3~5年で約1.5兆円を投資する。
- 国内の砲弾生産は少なくとも約300発/日(25年6月時点)に達した。
- 第2回会合は13:30から開催し、F-35やPAC-3、DICAS 2.0についても議論した。
"""


def test_a_new_press_release_gives_each_figure_with_unit_hedge_label_and_date():
    s1 = "防衛省は、弾薬の生産能力強化のため、今後3~5年で約1.5兆円を投資する。"
    s2 = "国内の砲弾生産は少なくとも約300発/日(25年6月時点)に達した。"
    clause1 = "今後3~5年で約1.5兆円を投資する"
    assert_frame_equal(figures_table(corpus_of(NEW_PRESS_RELEASE)), expected([
        ["t:p5:f1", "t", "t:p5", 3.0, 5.0, "years", False, "", "", "duration", clause1, "", s1],
        ["t:p5:f2", "t", "t:p5", 1.5, NAN, "JPY trillion", True, "", "", "investment", clause1, "", s1],
        ["t:p6:f1", "t", "t:p6", 300.0, NAN, "rounds/day", True, "", "", "artillery shell production",
         "国内の砲弾生産は少なくとも約300発/日(25年6月時点)に達した", "2025-06", s2],
    ]))


@pytest.mark.parametrize("line, figures", [
    ("ウクライナは砲弾を少なくとも約2千発/日消費", [(2000.0, None, "rounds/day", True)]),
    ("極めて短期間(2~3週間)で取込み", [(2.0, 3.0, "weeks", False)]),
    ("数百万機規模の安価なドローンを投入", [(1_000_000.0, None, "units", True)]),
    ("戦闘は4年近く継続", [(4.0, None, "years", True)]),
    ("生産量を約4倍に増加させる", [(4.0, None, "multiplier", True)]),
    ("約50分間、会談を行った", [(50.0, None, "minutes", True)]),
    ("20件の武器技術の供与を決定", [(20.0, None, "count", False)]),
    ("事業費は17.2兆円程度", [(17.2, None, "JPY trillion", True)]),
    ("総額5千億円の契約", [(500.0, None, "JPY billion", False)]),
    ("1,200億円を計上", [(120.0, None, "JPY billion", False)]),
    ("月産2~3千発に増やす", [(2000.0, 3000.0, "rounds", False)]),
    ("1万2千人が参加", [(12000.0, None, "persons", False)]),
    ("5年以内に実戦配備", [(5.0, None, "years", True)]),
    ("直近3か月で会談を4度開催", [(3.0, None, "months", False), (4.0, None, "times", False)]),
    ("会談は約1時間半に及んだ", [(1.5, None, "hours", True)]),
    ("契約額は約100億豪ドルとなる見通し", [(10.0, None, "AUD billion", True)]),
    ("総額20億ポンドを投じる", [(2.0, None, "GBP billion", False)]),
])
def test_numbers_with_units_are_figures(line, figures):
    assert figures_in(line) == figures


B, M, T = "JPY billion", "JPY million", "JPY trillion"


@pytest.mark.parametrize("line, figure", [
    # 万, 億 and 兆 chains: a larger multiplier multiplies all that stands before it
    ("1万2345億円を計上", (1.2345, None, T, False)),
    ("1兆2,000億円の予算", (1.2, None, T, False)),
    ("1兆2000億円の予算", (1.2, None, T, False)),
    ("3億5千万円の契約", (350.0, None, M, False)),
    ("3億5,000万円の契約", (350.0, None, M, False)),
    ("5,000億円を投資", (500.0, None, B, False)),
    ("1億円の事業", (100.0, None, M, False)),
    # 千, 百 and 十 inside a group multiply the digits before them
    ("2千3百万円の契約", (23.0, None, M, False)),
    ("1千5百億円の事業", (150.0, None, B, False)),
    ("約1万2千人が参加", (12000.0, None, "persons", True)),
    # kanji numerals, alone or with multipliers; place by place without them
    ("二千三百万円の契約", (23.0, None, M, False)),
    ("一兆二千億円の予算", (1.2, None, T, False)),
    ("三億円を計上", (300.0, None, M, False)),
    ("百二十億円を計上", (12.0, None, B, False)),
    ("千二百億円を計上", (120.0, None, B, False)),
    ("十五万人が参加", (150000.0, None, "persons", False)),
    ("二百機を調達", (200.0, None, "units", False)),
    ("三カ国が参加", (3.0, None, "countries", False)),
    ("一〇〇億円の契約", (10.0, None, B, False)),
    # full-width digits, commas and points
    ("１２３億円を計上", (12.3, None, B, False)),
    ("１，２００億円を計上", (120.0, None, B, False)),
    ("１．５兆円を投資", (1.5, None, T, False)),
    ("約５億円の事業", (500.0, None, M, True)),
    ("３０％の増加", (30.0, None, "percent", False)),
    # negatives: the accounting triangles, a minus sign, a hyphen, the word
    ("△5億円の減額", (-500.0, None, M, False)),
    ("▲5億円の減額", (-500.0, None, M, False)),
    ("▲ 12億円の減額", (-1.2, None, B, False)),
    ("前年度比△1,234億円", (-123.4, None, B, False)),
    ("−5億円の減額", (-500.0, None, M, False)),
    ("前年比-3%の減少", (-3.0, None, "percent", False)),
    ("前年比▲2.5%の減少", (-2.5, None, "percent", False)),
    ("マイナス2%となった", (-2.0, None, "percent", False)),
    # ranges: a multiplier written once, after the high end, is the low end's too
    ("3〜5億円を投じる", (300.0, 500.0, M, False)),
    ("3～5億円を投じる", (300.0, 500.0, M, False)),
    ("3千〜5千万円の契約", (30.0, 50.0, M, False)),
    ("5千〜1万円の謝金", (5000.0, 10000.0, "JPY", False)),
    ("1〜2千億円の事業", (100.0, 200.0, B, False)),
    # hedges and bounds: the number as written, marked approximate
    ("約5億円の事業", (500.0, None, M, True)),
    ("1兆円超の予算", (1.0, None, T, True)),
    ("1兆円を超える予算、1兆円超えの予算", (1.0, None, T, True)),
    ("5億円以上を投資", (500.0, None, M, True)),
    ("5億円弱の費用", (500.0, None, M, True)),
    ("5億円強の費用", (500.0, None, M, True)),
    ("43.5兆円程度", (43.5, None, T, True)),
    # 数 ("several") is its lower bound, 1
    ("数十億円の事業", (1.0, None, B, True)),
    ("数千億円規模", (100.0, None, B, True)),
    ("十数年にわたり", (11.0, None, "years", True)),
    # near-misses: a number is not the unit's when the word goes on
    ("生産量は2倍強化された", (2.0, None, "multiplier", False)),
    ("防御力は2倍強い", (2.0, None, "multiplier", False)),
])
def test_japanese_numbers_read_as_their_value(line, figure):
    assert figures_in(line)[-1:] == [figure]


@pytest.mark.parametrize("line", [
    "二〇二五年に策定", "唯一の同盟国", "同一人物が出席", "一両日中に公表", "今一度確認する",
    "十分な予算", "一部の国", "万一の事態", "第十一回会合", "F−35機の調達",
])
def test_words_written_with_numerals_are_not_figures(line):
    assert figures_in(line) == []


@pytest.mark.parametrize("line", [
    "第4回日米防衛産業協力・取得・維持整備定期協議(「DICAS 2.0」)の開催",
    "令和8年1月28日(水)13:30~16:30",
    "令和8年1月15日14時00分頃(現地時間)",
    "F-35戦闘機、PAC-3MSE、SM-3、F100及びF110戦闘機用エンジン、AIM-120",
    "2023年 国防革新 4.0",
    "2024年1月、「国家防衛産業戦略」を初策定・公表。令和7年度予算。",
    "(1)共同研究 資料29 (日米共同研究) IV部1章3節3項",
    "本年3月18日に実施された会合、2+2",
    "複数回の協議と3回目の会合、機能の強化",
])
def test_dates_times_models_ordinals_and_list_numbers_are_not_figures(line):
    assert figures_in(line) == []


def test_a_footnote_restating_figures_names_their_series_and_is_not_counted_twice():
    raw = ("#### 予算\n- 防衛予算は大幅増\n(事業費※1: 10兆円 ➔ 20兆円)\n"
           "※1 前計画の計画額10兆円に対し、今計画の計画額20兆円\n")
    df = figures_table(corpus_of(raw))
    assert df[["para_id", "value", "series"]].values.tolist() == [
        ["t:p3", 10.0, "previous plan"], ["t:p3", 20.0, "current plan"]]


def test_a_time_point_footnote_dates_the_sentence_its_marker_closes():
    raw = "#### 教訓\n- 戦闘は3年継続。砲弾を約1万発/日消費※1\n\n※1 25年6月時点\n"
    df = figures_table(corpus_of(raw))
    assert df[["value", "unit", "as_of"]].values.tolist() == [
        [3.0, "years", ""], [10000.0, "rounds/day", "2025-06"]]


SEED_FIGURES = {
    ("atla-202602-dptb:p18", 17.2, None, "JPY trillion", True),
    ("atla-202602-dptb:p18", 43.5, None, "JPY trillion", True),
    ("atla-202602-dptb:p18", 4.0, None, "JPY trillion", True),
    ("atla-202602-dptb:p18", 9.0, None, "JPY trillion", True),
    ("atla-202602-dptb:p29", 4.0, None, "years", True),
    ("atla-202602-dptb:p29", 2000.0, None, "rounds/day", True),
    ("atla-202602-dptb:p32", 1_000_000.0, None, "units", True),
    ("atla-202602-dptb:p34", 2.0, 3.0, "weeks", False),
    ("atla-202602-dptb:p67", 5.0, None, "years", True),
    ("mod-20260417-dicas4:p6", 3.0, None, "times", False),
    ("mod-20260417-dicas4:p8", 4.0, None, "multiplier", True),
    ("news-20260120-ministerial:p5", 50.0, None, "minutes", True),
    ("news-20260120-ministerial:p7", 3.0, None, "months", False),
    ("news-20260120-ministerial:p7", 4.0, None, "times", False),
    ("wp-us-japan-base:p7", 20.0, None, "count", False),
}


def test_the_seeds_give_exactly_the_figures_a_careful_reader_lists(seeds_corpus):
    df = figures_table(seeds_corpus)
    assert list(df.columns) == COLUMNS
    got = {(r.para_id, r.value, None if math.isnan(r.value_high) else r.value_high, r.unit, r.approx)
           for r in df.itertuples()}
    assert got == SEED_FIGURES
    assert df["figure_id"].is_unique


def test_the_seed_figures_carry_series_labels_and_time_points(seeds_corpus):
    df = figures_table(seeds_corpus).set_index("figure_id")
    assert df.loc["atla-202602-dptb:p18:f1", "label_en"] == "defence build-up plan programme cost (previous plan)"
    assert df.loc["atla-202602-dptb:p18:f2", "label_en"] == "defence build-up plan programme cost (current plan)"
    assert df.loc[["atla-202602-dptb:p18:f3", "atla-202602-dptb:p18:f4"], "series"].tolist() == [
        "previous plan", "current plan"]
    assert df.loc["atla-202602-dptb:p18:f3", "label_en"].startswith("maintenance cost")
    shells = df.loc["atla-202602-dptb:p29:f2"]
    assert (shells["label_en"], shells["as_of"]) == ("artillery shell consumption, Ukraine", "2024-03")
    assert df.loc["atla-202602-dptb:p29:f1", ["label_en", "as_of"]].tolist() == ["duration of fighting", ""]
    assert df.loc["atla-202602-dptb:p32:f1", "label_en"].startswith("drones fielded")
    assert df.loc["atla-202602-dptb:p34:f1", "label_en"] == "front-line update cycle"
    assert df.loc["mod-20260417-dicas4:p8:f1", "label_en"] == "production increase (SM-3 Block IIA)"
    assert df.loc["wp-us-japan-base:p7:f1", "quote"].startswith("こうした枠組みのもと")


def test_every_seed_figure_quotes_its_paragraph_and_no_page_furniture(seeds_corpus):
    paras = {p.para_id: p for d in seeds_corpus for p in d.paragraphs}
    for row in figures_table(seeds_corpus).itertuples():
        text = paras[row.para_id].text
        assert row.quote in text and row.label_ja in text
        assert "Ranking" not in text and "人事発令" not in text
        assert paras[row.para_id].role != "footnote", "footnotes restate figures already counted"


def test_a_document_dropped_into_the_seeds_folder_shows_up(seeds_copy):
    from jdib.ingest.corpus import load_corpus

    (seeds_copy / "new.txt").write_text(NEW_PRESS_RELEASE, encoding="utf-8")
    df = figures_table(load_corpus(seeds_copy))
    assert df.loc[df["doc_id"] == "new", "value"].tolist() == [3.0, 1.5, 300.0]


def test_a_line_of_thousands_of_figures_tables_a_bounded_number_with_short_quotes(caplog):
    from jdib.extract.figures import MAX_FIGURES_PER_PARAGRAPH, MAX_QUOTE_CHARS

    line = "、".join(f"{i}億円" for i in range(1, 3001)) + "。"
    table = figures_table(corpus_of("2027年3月1日\n#### 予算\n\n" + line + "\n"))
    assert len(table) == MAX_FIGURES_PER_PARAGRAPH
    assert table["quote"].str.len().max() <= MAX_QUOTE_CHARS + 2
    assert table["figure_id"].is_unique
    assert "only the first" in caplog.text


@pytest.mark.parametrize("sentence, figure, subject", [
    # The programme and the event the figure's sentence tells of.
    ("米国務省は、トマホーク最大400発の対日売却を承認した。", "400", "Tomahawk cruise missile acquisition: sale approved"),
    ("The State Department approved a possible $3.64 billion sale of AMRAAM missiles to Japan.", "3.64",
     "AMRAAM (AIM-120) co-production: sale approved"),
    ("防衛装備庁は三菱重工業と約335億円の契約を結んだ。", "335", "contract"),
    ("第10回SCCMは約1時間行われた。", "1時間", "SCCM"),
    # Near-misses: a figure of nothing the vocabularies name says so by saying nothing.
    ("国内の砲弾生産は約300発/日に達した。", "300", ""),
    ("The budget rose by 16 percent.", "16", ""),
])
def test_a_figure_names_what_it_is_a_figure_of(sentence, figure, subject):
    from jdib.extract.figures import subject_of

    assert subject_of(sentence, sentence.index(figure)) == subject
