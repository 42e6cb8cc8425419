"""Loading a seeds folder: provenance, clean paragraphs, and clear errors on bad input."""

import datetime as dt
import re

import pytest

from jdib.ingest.corpus import load_corpus
from jdib.errors import InputError

PRESS_RELEASE = "(お知らせ)\n\n令和9年1月22日\n防 衛 省\n\n#### 第5回D I C A Sの開催\n\n- 本文である。\n"


def test_the_seeds_load_with_their_catalog_metadata(seeds_corpus):
    assert [d.doc_id for d in seeds_corpus] == [
        "atla-202602-dptb", "mod-20260417-dicas4", "news-20260120-ministerial",
        "news-20260202-sccm10", "wp-us-japan-base"]
    doc = seeds_corpus.get("mod-20260417-dicas4")
    assert (doc.published, doc.kind, doc.publisher) == (dt.date(2026, 4, 17), "press_release", "防衛省")
    assert seeds_corpus.get("atla-202602-dptb").published_iso == "2026-02"
    assert all(len(d.sha256) == 64 for d in seeds_corpus)


def test_paragraph_ids_are_stable_and_sequential(seeds_corpus):
    for doc in seeds_corpus:
        assert [p.para_id for p in doc.paragraphs] == [
            f"{doc.doc_id}:p{n}" for n in range(1, len(doc.paragraphs) + 1)]


def test_no_paragraph_carries_page_noise(seeds_corpus):
    texts = [p.text for d in seeds_corpus for p in d.paragraphs]
    assert not [t for t in texts if "Ranking" in t or "読まれている記事" in t or "人事発令" in t]
    assert not [t for t in texts if "^{" in t or "**" in t or "<li>" in t]
    assert not [t for t in texts if re.search(r"(?<![A-Za-z])[A-Z] [A-Z] [A-Z]", t)]
    assert any("AIM-120(AMRAAM)" in t for t in texts)


def test_a_document_without_catalog_row_gets_title_and_date_from_its_text(seeds_copy, caplog):
    (seeds_copy / "new.txt").write_text(PRESS_RELEASE, encoding="utf-8")
    doc = load_corpus(seeds_copy).get("new")
    assert (doc.title, doc.published, doc.publisher, doc.kind) == (
        "第5回DICASの開催", dt.date(2027, 1, 22), "防衛省", "press_release")
    assert "new.txt: not in catalog.csv" in caplog.text


def test_a_date_that_the_text_does_not_state_is_left_empty(tmp_path):
    (tmp_path / "a.txt").write_text("第4節 共同対処基盤の強化\n\n2023年1月の会合で一致した。\n", encoding="utf-8")
    assert load_corpus(tmp_path).get("a").published is None


def test_shift_jis_documents_are_read_and_say_so(tmp_path, caplog):
    (tmp_path / "sjis.txt").write_bytes(PRESS_RELEASE.encode("cp932"))
    doc = load_corpus(tmp_path).get("sjis")
    assert doc.encoding == "cp932" and doc.title == "第5回DICASの開催"
    assert "sjis.txt: decoded as cp932" in caplog.text


def test_a_bom_is_not_part_of_the_text(tmp_path):
    (tmp_path / "bom.txt").write_bytes(PRESS_RELEASE.encode("utf-8-sig"))
    doc = load_corpus(tmp_path).get("bom")
    assert doc.encoding == "utf-8" and not doc.paragraphs[0].text.startswith("\ufeff")


def test_as_of_keeps_documents_published_by_that_date(seeds_corpus):
    ids = [d.doc_id for d in seeds_corpus.as_of(dt.date(2026, 2, 1))]
    assert "mod-20260417-dicas4" not in ids and "news-20260120-ministerial" in ids


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\n", "the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ("latin.txt", "caf\u00e9 \u00e9\u00e9\u00e9 \u0081".encode("latin-1"), "cannot decode"),
])
def test_unreadable_documents_name_the_file_and_the_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError, match=re.escape(name) + ".*" + reason):
        load_corpus(tmp_path)


def test_a_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_two_documents_with_one_doc_id_are_refused(seeds_copy):
    (seeds_copy / "mod-20260417-dicas4.txt").write_text(PRESS_RELEASE, encoding="utf-8")
    with pytest.raises(InputError, match="doc_id 'mod-20260417-dicas4' is already used"):
        load_corpus(seeds_copy)


def test_a_catalog_row_for_a_missing_file_is_refused(seeds_copy):
    (seeds_copy / "000_2f15327de1485db2.txt").unlink()
    with pytest.raises(InputError, match=r"catalog.csv: lists '000_2f15327de1485db2.txt'"):
        load_corpus(seeds_copy)


def test_invisible_and_direction_characters_are_removed_from_titles_with_a_warning(tmp_path, caplog):
    (tmp_path / "bidi.txt").write_text(
        "令和9年1月22日\n防衛省\n#### 第5回\u202eSACID\u202c\u200bの開催\n\n本文である。\n", encoding="utf-8")
    doc = load_corpus(tmp_path).get("bidi")
    assert doc.title == "第5回SACIDの開催"
    assert "U+202E" in caplog.text and "U+200B" in caplog.text and "bidi.txt" in caplog.text


# (raw text, expected title, expected publication date)
LAYOUTS = [
    ("ニュース一覧 > 政治\n日米、防衛産業で初会合\n2024.06.11\n日米両政府は9日、防衛省で初会合を開いた。\n",
     "日米、防衛産業で初会合", "2024-06-11"),
    ("防衛ニュース\n日米DICASが初会合\ndate 2025-10-29\n本文です。29日に開催した。\n",
     "日米DICASが初会合", "2025-10-29"),
    ("日米防衛相会談、協力で一致\n2024-6-10 09:20\n共同通信\n本文。\n",
     "日米防衛相会談、協力で一致", "2024-06-10"),
    ("PAC3増産へ日米協力 2024年06月06日 11時09分\n日米両政府は、地対空誘導弾の生産拡大に向けて協力する。\n",
     "PAC3増産へ日米協力", "2024-06-06"),
    ("第2回日米防衛産業協力・取得・維持整備定期協議(DICAS)の開催について\n\n令和6年10月8日\n防衛省\n\n"
     "1 概要\n本文。\n",
     "第2回日米防衛産業協力・取得・維持整備定期協議(DICAS)の開催について", "2024-10-08"),
    ("防衛日報デジタル\n配信日 2025年3月30日(日) 18:05\n日米防衛相、東京で会談\n本文です。\n",
     "日米防衛相、東京で会談", "2025-03-30"),
    ("日米両政府は10日、東京都内で会合を開き、防衛装備品の共同生産について協議した。\n続き。\n",
     "日米両政府は10日、東京都内で会合を開き、防衛装備品の共同生産について協議した", ""),
]

# Pages whose furniture comes first: the headline is the line the story goes on to
# tell, the date wherever the page puts its date line. (raw, title, published)
PAGE_LAYOUTS = [
    # the site's name and tagline share no words with the lead; the headline does
    ("WING\n航空・宇宙・防衛の専門ニュースサイト\nトップ ＞ 防衛\nWING｜2024年10月9日（水）\n"
     "ホノルルで2回目のDICAS　作業部会が報告\n"
     "　防衛装備庁と米国防総省は7日、ホノルルで2回目の定期協議（DICAS）を開き、作業部会が報告した。\n",
     "ホノルルで2回目のDICAS 作業部会が報告", "2024-10-09"),
    # a photo caption, its picture links and a gallery counter come before the headline;
    # the date is the 配信 line at the end
    ("小泉防衛大臣（左）とヘグセス国防長官\n【映像】栄誉礼を受ける両氏\nこの記事の写真をみる（4枚）\n"
     "日米防衛相が会談　抑止力強化で一致\n"
     "　小泉防衛大臣は29日、ヘグセス国防長官と防衛省で会談し、抑止力の強化で一致しました。\n"
     "この記事の画像一覧\n配信日時：2025年10月29日 13:52\n",
     "日米防衛相が会談 抑止力強化で一致", "2025-10-29"),
    # a caption written 人物＝日付、場所
    ("会談に臨む小泉防衛相＝29日、防衛省\n日米防衛相が会談\n小泉防衛相は29日、防衛省で米国防長官と会談した。\n",
     "日米防衛相が会談", ""),
    # a label naming the kind of page (AI要約, 報道発表) is not its title; an 更新 line dates it
    ("防衛ニュースまとめナビ\nAI要約\n日米がSCCMで協議　FMS改善で進展\n2026年1月29日 更新\n"
     "・日米は28日、第10回SCCMを開き、FMSの改善について進展を確認した。\n",
     "日米がSCCMで協議 FMS改善で進展", "2026-01-29"),
    ("防衛・安全保障ニュースポータル\n報道発表\n日米防衛相会談について\n"
     "小泉防衛大臣は、ヘグセス米国防長官と防衛省において会談を行いました。\n日米同盟の強化で一致しました。\n",
     "日米防衛相会談について", ""),
    # a comment counter before the headline
    ("ニュース一覧 ＞ 政治\nコメント 3件\n日米が初の定期協議\n日米両政府は9日、初の定期協議を防衛省で開きました。\n",
     "日米が初の定期協議", ""),
    # an English page: the site's name first, a date with the month's name
    ("JAPAN DEFENSE REVIEW\nIndependent reporting on Asia-Pacific security\nHome | Industry\n"
     "US, Japan upgrade defense industrial forum at fourth meeting\nApril 15, 2026\n"
     "WASHINGTON -- Japanese and U.S. officials agreed on April 14 to upgrade their defense industrial forum "
     "after the fourth meeting.\n",
     "US, Japan upgrade defense industrial forum at fourth meeting", "2026-04-15"),
    # first publication wins over the last update, wherever they stand at the end
    ("日米が会談\n両氏は29日に会談した。\n最終更新 2025年10月30日\n配信 2025年10月29日 13:52\n",
     "日米が会談", "2025-10-29"),
    # near-misses: a date in a closing sentence, and an unlabelled date at the end
    # (a related story's), are not the page's date
    ("日米が会談\n両氏は会談した。\n会談は2025年10月29日に防衛省で行われた。\n", "日米が会談", ""),
    ("日米が会談\n両氏は会談した。\n関連：日米首脳が初会談\n2025年10月28日\n", "日米が会談", ""),
    # a digest: each story has its own heading (a bullet); the page's title stands above them
    ("けさのニュースダイジェスト　2024.06.11\n■日米、防衛装備品で作業部会\n"
     "防衛装備品を日米で話し合う協議の会合が開かれました。\n■関東で雨\n雨が降る見込みです。\n",
     "けさのニュースダイジェスト", "2024-06-11"),
    # a column whose headline shares no words with its lead is still its first line
    ("防衛日報デジタル\n同盟の実行力が問われる\n日米両政府は首脳会談で協力の拡大を打ち出した。\n",
     "同盟の実行力が問われる", ""),
]


def test_a_fiscal_year_heading_is_not_a_publication_date():
    from jdib.ingest.corpus import parse_document

    doc = parse_document("d", "防衛力整備の概要\n令和7年度\n本文。\n")
    assert doc.published is None and doc.published_iso == ""


@pytest.mark.parametrize(("raw", "title", "published"), LAYOUTS)
def test_title_and_date_line_layouts_of_news_and_releases(tmp_path, raw, title, published):
    from jdib.ingest.corpus import parse_document

    doc = parse_document("d", raw)
    assert (doc.title, doc.published_iso) == (title, published)


@pytest.mark.parametrize(("raw", "title", "published"), PAGE_LAYOUTS)
def test_title_and_date_of_pages_read_from_their_structure(raw, title, published):
    from jdib.ingest.corpus import parse_document

    doc = parse_document("d", raw)
    assert (doc.title, doc.published_iso) == (title, published)


@pytest.mark.parametrize("encoding, data", [
    # 7-bit: valid UTF-8 too, mojibake if read so
    pytest.param("iso2022_jp", PRESS_RELEASE.encode("iso2022_jp"), id="iso-2022-jp"),
    pytest.param("euc_jp", PRESS_RELEASE.encode("euc_jp"), id="euc-jp"),
    # with its byte order mark, as Notepad saves "Unicode"
    pytest.param("utf-16", PRESS_RELEASE.encode("utf-16"), id="utf-16"),
    pytest.param("utf-16", b"\xfe\xff" + PRESS_RELEASE.encode("utf-16-be"), id="utf-16-be"),
])
def test_documents_in_other_japanese_encodings_are_read_as_their_text_and_say_so(tmp_path, caplog, encoding, data):
    (tmp_path / "other.txt").write_bytes(data)
    doc = load_corpus(tmp_path).get("other")
    assert (doc.title, doc.published) == ("第5回DICASの開催", dt.date(2027, 1, 22))
    assert doc.encoding == encoding
    assert f"other.txt: decoded as {encoding}" in caplog.text


def test_a_page_without_a_declared_charset_in_euc_jp_reads_as_its_text(tmp_path):
    page = ("<html><body><article><h1>第5回DICASの開催</h1>"
            "<p>防衛装備庁は、第5回の定期協議を開催したと発表した。</p></article></body></html>")
    (tmp_path / "page.html").write_bytes(page.encode("euc_jp"))
    doc = load_corpus(tmp_path).get("page")
    assert doc.title == "第5回DICASの開催"


@pytest.mark.parametrize("closing, published", [
    ("(2025/10/29-18:40)", "2025-10-29"),
    ("（2025/10/29）", "2025-10-29"),
    ("関連記事：日米が初会合(6月10日)", None),  # a related story's date, not the page's
])
def test_a_wire_storys_closing_timestamp_dates_it(closing, published):
    from jdib.ingest.corpus import parse_document

    doc = parse_document("d", f"Japan, U.S. agree\n\nTOKYO, Oct. 29 (Jiji Press) — The two agreed on Wednesday.\n\n{closing}\n")
    assert doc.published_iso == (published or "")


@pytest.mark.parametrize("header, named", [
    ("file,doc_id,title_ja,title_en,publisher,kind,published,title_ja", "'title_ja'"),
    ("file,doc_id,doc_id,title_ja,title_en,publisher,kind,published", "'doc_id'"),
    ("file,file,doc_id,doc_id,title_ja,title_en,publisher,kind,published", "'doc_id', 'file'"),
])
def test_a_catalog_naming_a_column_twice_is_refused_in_one_line(seeds_copy, header, named):
    (seeds_copy / "catalog.csv").write_text(header + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_corpus(seeds_copy)
    assert str(err.value) == (f"{seeds_copy / 'catalog.csv'}: the header names column(s) {named} "
                              "more than once; keep one of each")


def test_a_document_of_nothing_but_page_furniture_is_skipped_and_the_others_are_tabled(tmp_path, caplog):
    import pandas as pd

    from jdib.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "furniture.txt").write_text("(以上)\n", encoding="utf-8")
    (seeds / "pr.txt").write_text(PRESS_RELEASE, encoding="utf-8")
    corpus = load_corpus(seeds)
    assert [d.doc_id for d in corpus] == ["pr"]
    assert corpus.skipped == (("furniture.txt", "no text remains after removing page furniture; not read"),)
    with pytest.raises(InputError, match="furniture.txt: no text remains"):
        load_corpus(seeds, strict=True)
    out = tmp_path / "tables"
    assert main(["tables", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--out", str(out)]) == 0
    assert pd.read_csv(out / "documents.csv")["doc_id"].tolist() == ["pr"]
    assert main(["tables", "--seeds", str(seeds), "--store", str(tmp_path / "strict"), "--out",
                 str(tmp_path / "strict-tables"), "--strict"]) == 2
