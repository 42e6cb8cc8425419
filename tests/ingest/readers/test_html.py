"""HTML: the article with its title and date; the site's furniture dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdib.ingest.corpus import load_corpus
from jdib.ingest.readers import Skip, read
from jdib.ingest.readers.html import extract

FORMATS = Path(__file__).resolve().parents[2] / "data" / "formats"

HTML = FORMATS / "press_release.html"


def test_the_saved_page_reads_as_its_article_only():
    got = read(HTML, HTML.read_bytes())
    lines = got.text.splitlines()
    assert lines[:4] == ["(お知らせ)", "令和8年4月17日", "防衛省",
                         "#### 第4回日米防衛産業協力・取得・維持整備定期協議（「DICAS 2.0」）の開催"]
    assert lines[4].startswith("- 2026年4月14日、青柳肇防衛装備庁長官")
    assert lines[-1].startswith("※2 本年3月18日に実施されたPIP IR全体会合")
    for furniture in ("本文へスキップ", "サイトマップ", "防衛政策", "ホーム", "関連リンク",
                      "第3回DICASの開催について", "ページの先頭へ", "プライバシー", "Rights",
                      "dataLayer", "gtag", "&gt;", "&copy;"):
        assert furniture not in got.text, furniture


def test_the_page_states_its_canonical_url_and_date():
    got = read(HTML, HTML.read_bytes())
    assert got.meta["url"] == "https://www.mod.go.jp/j/press/news/2026/04/17a.html"
    assert got.meta["published"] == "2026-04-17"


def test_without_a_catalog_row_the_page_fills_url_and_date_marked_as_from_the_page(tmp_path):
    (tmp_path / "pr.html").write_bytes(HTML.read_bytes())
    doc = load_corpus(tmp_path).get("pr")
    assert (doc.url, doc.url_source, str(doc.published)) == (
        "https://www.mod.go.jp/j/press/news/2026/04/17a.html", "page", "2026-04-17")
    assert not doc.from_catalog and doc.fmt == "html"
    assert all(p.page is None for p in doc.paragraphs)


def test_entities_are_decoded_and_source_line_breaks_inside_japanese_vanish():
    lines, meta = extract("<html><head><link rel='canonical' href='javascript:x'></head><body>"
                          "<main><p>防衛装備品の\n  共同生産 &gt; 取得 &amp; 維持&nbsp;整備</p>"
                          "<p><time datetime='2026-02-02T11:43'>2月2日</time></p></main></body></html>")
    assert lines == ["防衛装備品の共同生産 > 取得 & 維持整備", "2月2日"]
    assert meta == {"published": "2026-02-02"}


def test_a_page_without_article_text_is_skipped_with_its_reason(tmp_path, caplog):
    (tmp_path / "menu.html").write_text(
        "<!DOCTYPE html><html><body><nav><a href='/'>ホーム</a></nav>"
        "<script>var a = 1;</script></body></html>", encoding="utf-8")
    (tmp_path / "pr.html").write_bytes(HTML.read_bytes())
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["pr"]
    assert "menu.html: the HTML page has no article text" in caplog.text


@pytest.mark.parametrize("body, reason", [
    ("<nav><a href='/'>ホーム</a></nav><script>var a = 1;</script>",
     "has no article text (only menus, links or scripts)"),
    ("<div>   </div>", "has no text"),
    ("<p>お知らせ</p><p>2026年4月17日</p>",
     "has no article text: none of its 2 line(s) is longer than 20 characters (the longest has 10)"),
    ("<div>" * 200_000 + "本文は短い" + "</div>" * 200_000,
     "has no article text: none of its 1 line(s) is longer than 20 characters (the longest has 5); its "
     "elements nested deeper than 400 levels were read as text at that depth"),
    ("<div>一語" * 20_000 + "</div>" * 20_000,
     "has no article text: none of its 20,000 line(s) is longer than 20 characters (the longest has 2); "
     "its elements nested deeper than 400 levels were read as text at that depth"),
])
def test_a_page_skipped_for_want_of_an_article_says_what_it_holds(tmp_path, body, reason):
    with pytest.raises(Skip) as skip:
        read(tmp_path / "p.html", f"<html><body>{body}</body></html>".encode())
    assert str(skip.value) == f"{tmp_path / 'p.html'}: the HTML page {reason}"


DEEP = "防衛装備庁は、深い入れ子の中に置かれた本文を公表したと発表した。"
AFTER = "入れ子の後に続く本文も、同じように読まれなければならない。"


@pytest.mark.parametrize("depth", [256, 1000, 3000])
def test_text_nested_deeper_than_the_parser_goes_is_read_with_everything_after_it(tmp_path, caplog, depth):
    page = ("<html><body><article><h1>第5回DICASの開催</h1>" + "<div>" * depth
            + f"<p>{DEEP}</p><p>次の段落である。</p>" + "</div>" * depth
            + f"<p>{AFTER}</p></article></body></html>")
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    doc = load_corpus(tmp_path).get("deep")
    assert [p.text for p in doc.paragraphs] == ["第5回DICASの開催", DEEP, "次の段落である。", AFTER]
    flattened = "deep.html: elements nested deeper than 400 levels were read as text at that depth"
    assert (flattened in caplog.text) == (depth > 400)


def test_ruby_readings_are_left_out_of_the_text():
    lines, _ = extract("<html><body><main><p><ruby>防衛装備庁<rp>(</rp><rt>ぼうえいそうびちょう</rt><rp>)</rp>"
                       "</ruby>は<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>で発表した。</p></main></body></html>")
    assert lines == ["防衛装備庁は漢字で発表した。"]
