"""The strategies table: which country issued which defence-industrial strategy, when, on what themes."""

from pathlib import Path

import pandas as pd
from pandas.testing import assert_frame_equal

from jdib.ingest.corpus import Corpus, parse_document
from jdib.extract.strategies import COLUMNS, countries_in, strategies_table

META = {"file": "t.txt", "doc_id": "t", "title_ja": "t", "title_en": "", "publisher": "防衛省",
        "kind": "slide_deck", "published": "2026-06"}


def corpus_of(raw: str, kind: str = "slide_deck") -> Corpus:
    return Corpus(Path("."), (parse_document("t", raw, {**META, "kind": kind}),))


def test_a_sentence_naming_its_country_gives_a_strategy_with_themes_from_what_follows():
    raw = ("#### 各国の動向\n"
           "- 2026年5月、カナダは「防衛産業戦略」を公表した。同戦略は国内サプライチェーンの強靱化を掲げる。\n"
           "- 装備品の輸出拡大とスタートアップの参入促進を重視。\n"
           "我が国の取組\n- 予算を増額。\n")
    quote = "2026年5月、カナダは「防衛産業戦略」を公表した。"
    assert_frame_equal(strategies_table(corpus_of(raw, "press_release")), pd.DataFrame([[
        "t:p2:s1", "Canada", "カナダ", "防衛産業戦略", "Defence Industrial Strategy", "2026-05",
        "exports;startups_innovation;supply_chain", "t", "t:p2", quote]], columns=COLUMNS))


def test_a_country_heading_owns_the_strategies_listed_under_it_until_the_section_ends():
    raw = ("国際的な潮流\n"
           "フランス\n- 2025年2月、「国防産業強化計画戦略」を策定・公表。\n- 弾薬の備蓄と迅速な増産を重視。\n"
           "インド\n\"Make in India\"\n2024年 国防調達ビジョン\n- 調達リードタイムの短縮。\n"
           "次の論点\n- 主要国は「防衛産業戦略」を策定し、サプライチェーン協力を推進。\n")
    df = strategies_table(corpus_of(raw))
    assert df[["country_or_region", "title_ja", "title_en", "published", "themes"]].values.tolist() == [
        ["France", "国防産業強化計画戦略", "", "2025-02", "rapid_mass_production;stockpiles"],
        ["India", "国防調達ビジョン", "", "2024", "acquisition_speed"],
    ]


def test_a_strategy_named_twice_is_one_row_with_the_finer_date_and_all_themes():
    raw = ("米国\n- 2024年1月、「国家防衛産業戦略」を初策定・公表。\n- 予備生産能力にインセンティブ付け。\n"
           "別の節\n米国\n2024年 国家防衛産業戦略(NIDS)\n- デュアルユース技術の開発が雇用創出に寄与\n")
    df = strategies_table(corpus_of(raw))
    assert df[["strategy_id", "published", "themes", "title_en"]].values.tolist() == [
        ["t:p2:s1", "2024-01", "dual_use;jobs_regional;spare_capacity", "National Defense Industrial Strategy"]]


def test_countries_are_read_longest_name_first():
    assert countries_in("欧州連合とEU、米国・アメリカ合衆国、EUROPA") == [
        ("欧州連合", "European Union"), ("EU", "European Union"), ("米国", "United States"),
        ("アメリカ合衆国", "United States")]


EXPECTED_SEEDS = [
    ["Australia", "豪州", "防衛産業発展戦略", "2024-02", "atla-202602-dptb:p51"],
    ["Europe", "欧州", "欧州防衛産業戦略", "2024-03", "atla-202602-dptb:p47"],
    ["European Union", "EU", "防衛産業変革ロードマップ", "2025", "atla-202602-dptb:p85"],
    ["South Korea", "韓国", "国防革新 4.0", "2023", "atla-202602-dptb:p97"],
    ["United Kingdom", "英国", "国防戦略見直し(SDR)", "2025", "atla-202602-dptb:p91"],
    ["United Kingdom", "英国", "防衛産業戦略", "2025-09", "atla-202602-dptb:p54"],
    ["United States", "米国", "国家防衛産業戦略", "2024-01", "atla-202602-dptb:p43"],
]


def test_the_seeds_give_the_strategies_of_the_slide_deck(seeds_corpus):
    df = strategies_table(seeds_corpus)
    assert list(df.columns) == COLUMNS
    assert df[["country_or_region", "country_ja", "title_ja", "published", "para_id"]].values.tolist() \
        == EXPECTED_SEEDS


def test_the_seed_strategies_carry_themes_from_their_bullets_and_glossary_titles(seeds_corpus):
    df = strategies_table(seeds_corpus).set_index("title_ja")
    themes = df["themes"].str.split(";")
    assert set(themes["国家防衛産業戦略"]) == {
        "dual_use", "exports", "jobs_regional", "rapid_mass_production", "spare_capacity", "supply_chain"}
    assert set(themes["欧州防衛産業戦略"]) == {"dual_use", "rapid_mass_production", "spare_capacity"}
    assert themes["防衛産業発展戦略"] == ["supply_chain"]
    assert {"stockpiles", "startups_innovation"} <= set(themes["防衛産業戦略"])
    assert {"infrastructure", "exports", "dual_use"} <= set(themes["国防戦略見直し(SDR)"])
    assert {"spin_off", "jobs_regional"} <= set(themes["国防革新 4.0"])
    assert df.loc["国防戦略見直し(SDR)", "title_en"] == "Strategic Defence Review (SDR)"
    assert df.loc["欧州防衛産業戦略", "quote"] == "2024年3月、「欧州防衛産業戦略」を初策定・公表。"


def test_every_seed_strategy_quotes_its_paragraph_and_no_page_furniture(seeds_corpus):
    paras = {p.para_id: p.text for d in seeds_corpus for p in d.paragraphs}
    for row in strategies_table(seeds_corpus).itertuples():
        assert row.quote in paras[row.para_id] and row.title_ja in row.quote
        assert "Ranking" not in paras[row.para_id] and "人事発令" not in paras[row.para_id]
