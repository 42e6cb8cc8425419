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
        ["t:p5:f1", "t", "t:p5", 3.0, 5.0, "years", False, "", "duration", clause1, "", s1],
        ["t:p5:f2", "t", "t:p5", 1.5, NAN, "JPY trillion", True, "", "investment", clause1, "", s1],
        ["t:p6:f1", "t", "t:p6", 300.0, NAN, "rounds/day", True, "", "artillery shell production",
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
