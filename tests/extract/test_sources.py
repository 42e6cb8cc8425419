"""Specification of source reliability and reprint detection (jdib.extract.sources)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jdib.errors import InputError
from jdib.extract.sources import reliability, reprints, sources_table
from jdib.ingest.corpus import Corpus, load_corpus, parse_document

STORY = ("日米両政府は9日、防衛装備品の共同生産や維持整備を話し合う定期協議の初会合を防衛省で開いた。"
         "\n会合には防衛装備庁長官と米国防次官が出席し、ミサイルの共同生産など四つの作業部会の設置を確認した。"
         "\n10日は両国の防衛関連企業十数社を交えて意見交換する予定だ。")


@pytest.mark.parametrize("raw, meta, tier, basis", [
    ("防衛省\n会合の開催について\n本日、会合を開催した。", None, "official", "publisher: 防衛省"),
    # A credit in brackets marks a story carried from that outlet.
    ("会合が開かれた\n両政府は会合を開いた。\n(共同通信)", None, "established", "credited: 共同通信"),
    ("会合が開かれた\n2024/06/09 19:20 (共同)\n両政府は会合を開いた。", None, "established", "credited: 共同通信"),
    ("会合が開かれた\n2024年6月9日 19時05分\u3000共同通信\n両政府は会合を開いた。", None,
     "established", "publisher: 共同通信"),
    ("第IV部 第2章 第3節 日米協力\n2024年、会合が開かれた。", {"kind": "white_paper_section"},
     "official", "kind: white_paper_section"),
    ("米艦の修理メモ\n造船所の話を整理した。\nコメント(3) | この記事を共有する", None,
     "other", "signal: コメント(3)"),
    ("会合が開かれた\n両政府は会合を開いた。\n時事通信", None, "established", "publisher: 時事通信"),
    ("会合が開かれた\n両政府は会合を開いた。\nこの記事はAIが作成しました。", None, "other", "signal: AIが作成"),
    ("会合が開かれた\n両政府は会合を開いた。\n鄭重声明:本文の著作権は原作者に帰属します。", None,
     "other", "signal: 本文の著作権は原作者に帰属"),
    ("会合が開かれた\n両政府は会合を開いた。", None, "established", "default"),
    ("会合が開かれた\n両政府は会合を開いた。", {"publisher": "防衛装備庁", "kind": "press_release"},
     "official", "publisher: 防衛装備庁"),
    # Machine summaries and translations say so: the label heading the box, or a sentence of the page.
    ("防衛ニュースまとめナビ\nAI要約\n日米がSCCMで協議\n・日米は28日、SCCMを開いた。", None, "other", "signal: AI要約"),
    ("会談について\n両者は会談を行いました。\n※この記事はAIが英語の原文を翻訳したものです。", None,
     "other", "signal: この記事はAIが"),
    ("Talks held\nThe two ministers met on Tuesday.\nThis article was machine translated from Japanese.", None,
     "other", "signal: machine translated"),
    ("会談について\n両者は会談した。\n(本ページは機械翻訳です)", None, "other", "signal: 機械翻訳"),
    # near-misses: a story about a summarising tool, a translator's credit
    ("防衛省がAI導入\n防衛省は、文書のAI要約機能を試験的に導入した。\n時事通信", None,
     "established", "publisher: 時事通信"),
    ("会談について\n両者は会談した。\n翻訳：編集部", None, "established", "default"),
    # A ministry's text carried on another site is a copy; a wire story carried so keeps its tier.
    ("ニュースポータル\n報道発表\n日米防衛相会談について\n出典：防衛省\n両閣僚は会談を行いました。", None,
     "other", "copy of: 防衛省"),
    ("防衛省\n日米防衛相会談について\n両閣僚は会談を行った。", None, "official", "publisher: 防衛省"),
    ("ニュースポータル\n日米が会談\n両氏は会談した。\n出典：共同通信", None, "established", "credited: 共同通信"),
    # The domain of the catalog's URL tells the publisher, and a government domain is official.
    ("会合の開催について\n本日、会合を開催した。", {"url": "https://www.mod.go.jp/j/press/news/2024/a.html"},
     "official", "publisher: 防衛省"),
    ("会合の開催について\n本日、会合を開催した。", {"url": "https://www.mlit.go.jp/report/press/a.html"},
     "official", "domain: mlit.go.jp"),
    ("会合の開催について\n本日、会合を開催した。", {"url": "https://news.example.com/a/1"}, "established", "default"),
    # A government's banner above every page of its sites makes the page official...
    ("An official website of the United States government\nHere's how you know\nOffice opens in Tokyo\n"
     "The office opened on Monday to support co-production.", None,
     "official", "banner: An official website of the United States government"),
    # ... the banner, not a sentence quoting it or a line of it further down
    ("Fake notices spread\nScammers copy the line An official website of the United States government onto pages.",
     None, "established", "default"),
    ("Fake notices spread\nScammers copy the banner.\nOne line\nTwo line\nThree line\nFour line\n"
     "An official website of the United States government\nThey did so on Monday.", None, "established", "default"),
    # The catalog has the last word, whatever the text says.
    ("防衛省\n会合の開催\nこの記事はAIが作成しました。", {"reliability": "established"},
     "established", "catalog"),
])
def test_reliability_tier_and_its_basis(raw, meta, tier, basis):
    found = reliability(parse_document("d", raw, meta))
    assert (found.tier, found.basis) == (tier, basis)


@pytest.mark.parametrize("raw, basis", [
    # A rewrite writes a name with a letter wrong, and never the name itself.
    ("Shipyards to build more\nMitsubishi Heavy Industires will build more missiles for the US.",
     "misspelt: Mitsubishi Heavy Industires (for Mitsubishi Heavy Industries)"),
    ("増産へ\n三菱重行が米国向けのミサイルを増産する。", "misspelt: 三菱重行 (for 三菱重工)"),
    # near-misses: the same name with other punctuation, spacing or case is the name
    ("Talks held\nThe Vice Minister met the Under Secretary on Tuesday.", ""),
    ("Talks held\nThe vice-minister met the Under Secretary on Tuesday.", ""),
    ("Shipyards to build more\nMitsubishi Heavy-Industries will build more missiles for the US.", ""),
    ("Shipyards to build more\nMITSUBISHI HEAVY INDUSTRIES will build more missiles for the US.", ""),
    # ... and British and American spellings of one name are one name
    ("Talks held\nThe Ministry of Defence of Japan said so on Tuesday.", ""),
])
def test_a_name_misspelt_against_the_known_one_makes_a_page_other(raw, basis):
    found = reliability(parse_document("d", raw))
    assert (found.basis if found.tier == "other" else "") == basis


def _corpus(texts: dict[str, str]) -> Corpus:
    docs = tuple(parse_document(k, v, sha256=k) for k, v in sorted(texts.items()))
    return Corpus(Path("."), docs)


def test_a_story_carried_by_two_outlets_is_one_source():
    corpus = _corpus({
        "wire": "防衛装備品で日米協議\n2024年6月9日\n" + STORY + "\n(共同通信)",
        "reprint": "ホーム > 政治\n日米が防衛装備品で協議 初会合\n2024年6月10日\n" + STORY + "\n関連記事はこちら",
        "other": "別の会合\n2024年7月28日\n日米両政府は28日、外務・防衛担当閣僚による協議を東京で開き、同盟の抑止力強化で一致した。",
    })
    assert reprints(corpus) == {"reprint": "wire"}


def test_templated_releases_of_different_meetings_are_not_reprints():
    template = ("防衛装備庁\n第{n}回会合の開催\n令和6年{m}月{d}日\n"
                "防衛装備庁は、令和6年{m}月{d}日、米国防総省との間で第{n}回定期協議を開催しました。"
                "\n本協議では、共同生産、共同維持整備及びサプライチェーンの強靱化について議論を行いました。")
    corpus = _corpus({f"r{n}": template.format(n=n, m=n + 3, d=n + 7) for n in range(1, 5)})
    # The shared closing sentence is a formula; the sentences that differ carry the facts.
    assert reprints(corpus) == {}


RETOLD = ("日米両政府は9日、防衛装備品の共同生産や維持整備を話し合う定期協議の初会合を防衛省で開きました。"
          "\n会合には防衛装備庁長官と米国防次官が出席し、ミサイルの共同生産など四つの作業部会を設けることを確認しました。"
          "\n10日は両国の防衛関連企業十数社を交えて意見交換する予定です。")


def test_a_story_retold_with_polite_endings_and_small_edits_is_a_reprint():
    corpus = _corpus({
        "wire": "防衛装備品で日米協議\n2024年6月9日\n" + STORY + "\n(共同通信)",
        "portal": "ポータル\n日米が初会合\n2024年6月10日\n" + RETOLD,
    })
    assert reprints(corpus) == {"portal": "wire"}


def test_two_stories_of_one_meeting_in_their_own_words_are_two_sources():
    corpus = _corpus({
        "wire": "防衛装備品で日米協議\n2024年6月9日\n" + STORY,
        "paper": "日米、装備品協力で作業部会\n2024年6月10日\n"
                 "防衛省で9日に開かれた日米の定期協議の初会合で、両政府はミサイルなど4分野の作業部会を置くと決めた。"
                 "\n米国防次官は会見で、日本の生産力が同盟の抑止力を高めると強調した。",
    })
    assert reprints(corpus) == {}


def test_a_retelling_with_other_dates_and_numbers_is_another_story():
    later = STORY.replace("9日", "12日").replace("四つ", "五つ").replace("10日", "13日")
    corpus = _corpus({"first": "初会合\n2024年6月9日\n" + STORY, "second": "第2回会合\n2024年9月12日\n" + later})
    assert reprints(corpus) == {}


def test_the_original_is_the_earliest_not_the_first_file_name():
    corpus = _corpus({
        "a-late-copy": "再掲\n2024年6月12日\n" + STORY,
        "z-first-run": "初出\n2024年6月9日\n" + STORY,
    })
    assert reprints(corpus) == {"a-late-copy": "z-first-run"}


def test_sources_table_has_one_row_per_document(tmp_path: Path):
    (tmp_path / "a.txt").write_text("防衛省\n会合の開催\n" + STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("速報\nこの記事はAIが作成しました。\n" + STORY, encoding="utf-8")
    table = sources_table(load_corpus(tmp_path))
    expected = pd.DataFrame({"doc_id": ["a", "b"], "reliability": ["official", "other"],
                             "reliability_basis": ["publisher: 防衛省", "signal: AIが作成"],
                             "reprint_of": ["", "a"]})
    pd.testing.assert_frame_equal(table, expected)


def test_catalog_reliability_must_be_a_known_tier(tmp_path: Path):
    (tmp_path / "a.txt").write_text("会合の開催\n本日開催した。", encoding="utf-8")
    (tmp_path / "catalog.csv").write_text(
        "file,doc_id,title_ja,title_en,publisher,kind,published,reliability\n"
        "a.txt,a,会合,,,press_release,2024-06-09,trusted\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown reliability 'trusted'"):
        load_corpus(tmp_path)


def test_tiers_and_reprints_match_what_a_careful_reader_says_of_the_development_corpus():
    from jdib import paths
    import yaml

    folder = paths.ROOT / "tests" / "data" / "corpus"
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))["documents"]
    table = sources_table(load_corpus(folder)).set_index("doc_id")
    expected = {Path(f).stem: (d["reliability"], Path(d["reprint_of"]).stem if d["reprint_of"] else "")
                for f, d in facts.items()}
    got = {doc_id: (row.reliability, row.reprint_of) for doc_id, row in table.iterrows()}
    wrong = {k: (got[k], v) for k, v in expected.items() if got[k] != v}
    assert wrong == {}, f"(got, expected) per document: {wrong}"
