"""Cleaning: each kind of noise in the sources, and what a careful reader keeps."""

import pytest

from jdib.ingest import text


@pytest.mark.parametrize("raw, clean", [
    ("A I M - 1 2 0（AMRAAM）", "AIM-120(AMRAAM)"),
    ("第4回（D I C A S）を実施", "第4回(DICAS)を実施"),
    ("「D I C A S 2.0」", "「DICAS 2.0」"),
    ("S M - 3 ブロックIIA", "SM-3 ブロックIIA"),
    ("P A C - 3 M S E", "PAC-3MSE"),
    ("F A C Oの可能性", "FACOの可能性"),
    ("防 衛 省", "防衛省"),
    ("A Defense of Taiwan with Ukrainian Characteristics", "A Defense of Taiwan with Ukrainian Characteristics"),
    ("Lessons from the war in Ukraine", "Lessons from the war in Ukraine"),
    ("ＤＩＣＡＳ　２．０", "DICAS 2.0"),
    ("**17.2兆円程度** ➔ **43.5兆円程度**", "17.2兆円程度 ➔ 43.5兆円程度"),
    ("武器技術^{とりきめ}を供与", "武器技術を供与"),
    ("定期協議^{ダイキヤス} (DICAS) ^{Forum on Defense}を開催", "定期協議 (DICAS) を開催"),
    ("<li>AI・自律システム</li>", "AI・自律システム"),
    ("①共同研究や②サプライチェーン", "(1)共同研究や(2)サプライチェーン"),
])
def test_clean_inline(raw, clean):
    assert text.clean_inline(raw) == clean


@pytest.mark.parametrize("raw, clean, refs", [
    ("対米武器技術供与取極¹を締結", "対米武器技術供与取極を締結", ("1",)),
    ("覚書⁴（RDP MOU）", "覚書（RDP MOU）", ("4",)),
    ("迅速化⁵や②枠組み⁶に署名", "迅速化や②枠組みに署名", ("5", "6")),
    ("約2千発/日消費※1", "約2千発/日消費", ("1",)),
    ("※1 24年3月時点", "※1 24年3月時点", ()),
    ("脚注のない文。", "脚注のない文。", ()),
])
def test_footnote_markers_are_detached_and_kept(raw, clean, refs):
    assert text.detach_footnote_refs(raw) == (clean, refs)


def test_footnote_bodies_stay_as_their_own_lines():
    lines = text.split_lines("取極¹を締結した。\n\n1 日本国との交換公文\n\n1 総論\n")
    assert [(l.text, l.role) for l in lines] == [
        ("取極を締結した。", "body"),
        ("1 日本国との交換公文", "footnote"),
        ("1 総論", "heading"),
    ]


def test_table_rows_keep_one_cell_per_line():
    raw = ' ANDURIL Anduril社\t<ul style="x"> ▶ AI・自律に強み ▶ UAVを開発</ul>'
    [line] = text.split_lines(raw)
    assert line.role == "table_row"
    assert line.text == "ANDURIL Anduril社\nAI・自律に強み\nUAVを開発"


def test_headline_lists_and_navigation_are_dropped():
    raw = ("本文である。\n- 日本の防衛\n(以上)\n◎下の[次の記事][前の記事]ボタンで、ご覧いただけます。\n"
           "Ranking読まれている記事\n- 24時間\n- 人事発令 令和7年8月1日付け\n")
    out = text.strip_boilerplate(raw, ["^Ranking\\s*読まれている記事"],
                                 ["◎下の\\[次の記事\\].*", "- 日本の防衛", "\\(以上\\)"])
    assert out == "本文である。"


@pytest.mark.parametrize("raw, expected", [
    # A PDF page break in the middle of a sentence.
    ("日本企業による米海軍艦船の維持整備に関して議論した結果として、米海軍艦船の\n\n維持整備が拡大した。",
     ["日本企業による米海軍艦船の維持整備に関して議論した結果として、米海軍艦船の維持整備が拡大した。"]),
    # The footnotes of the page sit between the two halves; they follow the sentence.
    ("相互主義に基づく措置(相手国企業への応札に必要な情報の提供、提出した企業情報の保全、相¹\n\n1 交換公文\n\n手国企業に対する参入規制の免除など)を促進する。",
     ["相互主義に基づく措置(相手国企業への応札に必要な情報の提供、提出した企業情報の保全、相手国企業に対する参入規制の免除など)を促進する。",
      "1 交換公文"]),
    # A finished sentence and a heading are not joined.
    ("本協議において、両者は、取組を更に加速させることで一致した。\n\n航空機整備について",
     ["本協議において、両者は、取組を更に加速させることで一致した。", "航空機整備について"]),
    # A bullet continued on the next line by its verb.
    ("・自衛官の処遇改善に向けて米国の俸給制度についても参考にしたい旨\nを述べた。",
     ["自衛官の処遇改善に向けて米国の俸給制度についても参考にしたい旨を述べた。"]),
])
def test_sentences_cut_by_page_breaks_are_rejoined(raw, expected):
    lines = text.rejoin_wrapped(text.split_lines(raw))
    assert [l.text for l in lines] == expected


def test_slide_decks_do_not_join_across_slides():
    raw = "- ▶ 防衛産業への投資が低調だった欧米諸国では、生産能力が逼迫し、脆弱性が露呈\n\n無人機を使った戦い方"
    lines = text.rejoin_wrapped(text.split_lines(raw), joins_page_breaks=False)
    assert len(lines) == 2


def test_radical_look_alikes_fold_to_the_ordinary_ideographs_in_every_format():
    from jdib.ingest.text import clean_inline, fold_radicals

    # Kangxi radicals (NFKC folds them) and the supplement (it does not: ⺠ ⻑).
    assert clean_inline("⽇⽶の官⺠、防衛⼤⾂と⻑官、⽉⼒") == "日米の官民、防衛大臣と長官、月力"
    assert fold_radicals("⻘⻝") == "青食"
    assert fold_radicals("DICAS") == "DICAS"


def test_form_feeds_give_each_line_its_page_and_stay_out_of_the_text():
    from jdib.ingest.text import split_lines, strip_boilerplate

    raw = strip_boilerplate("第1節 総論\n本文である。\n\f\n次の頁の本文である。\n", [], [])
    lines = split_lines(raw)
    assert [(ln.text, ln.page) for ln in lines] == [
        ("第1節 総論", 1), ("本文である。", 1), ("次の頁の本文である。", 2)]
    assert all(ln.page is None for ln in split_lines("本文である。\n次の文である。\n"))
    assert [ln.page for ln in split_lines("一頁だけの文書。", paged=True)] == [1]


def test_a_sentence_goes_on_over_one_page_break_and_never_past_it():
    pages = ["防衛装備品の共同生産について、両者はサプライチェーンの強化に向けた",
             "協力を続けることで一致し、部品の供給網を点検する作業を重ねてきたが、",
             "その成果を年内に取りまとめる方針を改めて確認し、関係企業との調整を",
             "進めることとした。"]
    lines = text.rejoin_wrapped(text.split_lines("\n\f\n".join(pages)))
    assert [(ln.page, ln.text) for ln in lines] == [(1, pages[0] + pages[1]), (3, pages[2] + pages[3])]
