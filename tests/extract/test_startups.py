"""The startups table: companies of the case-study tables, their country and field."""

from pathlib import Path

import pandas as pd
from pandas.testing import assert_frame_equal

from jdib.ingest.corpus import Corpus, parse_document
from jdib.extract.startups import COLUMNS, startups_table

META = {"file": "t.txt", "doc_id": "t", "title_ja": "t", "title_en": "", "publisher": "防衛装備庁",
        "kind": "slide_deck", "published": "2026-06"}


def corpus_of(raw: str) -> Corpus:
    return Corpus(Path("."), (parse_document("t", raw, META),))


def test_tables_after_their_headings_take_the_headings_countries_in_order():
    raw = ("各国でスタートアップの活用が進む、特に米国で\n"
           "【英国のスタートアップ事例】\n【イスラエルのスタートアップ事例】\n"
           "企業\t主な分野・実績\n"
           "ACME Acme社\t対ドローン用レーザーを開発\n"
           "企業\t主な分野・実績\n"
           "Orbit Works株式会社\t小型衛星による監視サービス\n"
           "Nimbus社\t物流の最適化\n")
    assert_frame_equal(startups_table(corpus_of(raw)), pd.DataFrame([
        ["Acme", "United Kingdom", "counter-UAS", "対ドローン用レーザーを開発", "t", "t:p5",
         "ACME Acme社\n対ドローン用レーザーを開発"],
        ["Orbit Works", "Israel", "space", "小型衛星による監視サービス", "t", "t:p7",
         "Orbit Works株式会社\n小型衛星による監視サービス"],
        ["Nimbus", "Israel", "", "物流の最適化", "t", "t:p8", "Nimbus社\n物流の最適化"],
    ], columns=COLUMNS))


def test_a_table_without_a_startup_heading_is_not_read():
    raw = "#### 参加企業\n企業\t役割\nFoo社\t対UAVシステム\n"
    assert startups_table(corpus_of(raw)).empty


def test_the_seeds_give_the_us_and_ukrainian_startups(seeds_corpus):
    df = startups_table(seeds_corpus)
    assert list(df.columns) == COLUMNS
    assert df[["name", "country", "field"]].values.tolist() == [
        ["Anduril", "United States", "AI / autonomy / C2"],
        ["Epirus", "United States", "counter-UAS"],
        ["Palantir", "United States", "data analytics"],
        ["Dwarf Engineering LLC", "Ukraine", "drone EW resilience"],
        ["LifesaverSIM", "Ukraine", "medical training"],
        ["SWARMER", "Ukraine", "drone swarms"],
    ]
    assert df.loc[0, "field_ja"] == "AI・自律システム・センサー統合に強み"
    assert df["para_id"].tolist() == [f"atla-202602-dptb:p{n}" for n in (107, 108, 109, 111, 112, 113)]


def test_every_seed_startup_quotes_its_row_and_no_page_furniture(seeds_corpus):
    paras = {p.para_id: p.text for d in seeds_corpus for p in d.paragraphs}
    for row in startups_table(seeds_corpus).itertuples():
        assert row.quote == paras[row.para_id] and row.field_ja in row.quote
        assert "Ranking" not in row.quote and "人事発令" not in row.quote
