"""Write the small published-format fixtures under tests/data/formats/ (run once, commit the output).

The press release of ``seeds/000_*.txt`` is written as it is published:

- ``press_release.html``: the page as a browser saves it, with site header,
  global menu, breadcrumbs, a related-links block, footer, scripts and entities;
- ``press_release.pdf``: the same text printed by headless Chromium on two A4
  pages, hard-wrapped, with a running header and page numbers;
- ``radicals.pdf``: a short notice whose text layer uses the Kangxi-radical
  look-alikes (``⽉ ⽇ ⽶ ⼒ ⺠ ⻑``) that PDF printers emit for CJK text;
- ``white_paper.pdf``: the White Paper section of ``seeds/001_*.txt`` printed
  with indented paragraphs, superscript footnote markers and notes;
- ``press_release.docx``: the same text as a Word file.

Usage: ``.venv/bin/python tests/data/formats/make_fixtures.py`` (needs chromium
and python-docx; the tests only read the files written here).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = next((ROOT / "seeds").glob("000_*.txt"))
sys.path.insert(0, str(ROOT / "src"))
from jdib.ingest.text import collapse_letter_spacing  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--no-pdf-header-footer"]


def blocks() -> list[tuple[str, str]]:
    """The seed's blocks as (kind, text): notice, date, publisher, title, item, subitem, note."""
    raw = SEED.read_text(encoding="utf-8")
    raw = re.sub(r"(?<=[\u3040-\u9fff])\n\n(?=[\u3040-\u9fff])", "", raw)  # the page break inside one item
    out = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        text = line.strip()
        text = collapse_letter_spacing(text)
        if text.startswith("####"):
            out.append(("title", text.lstrip("# ")))
        elif line.startswith("  - "):
            out.append(("subitem", text[2:]))
        elif text.startswith("- "):
            out.append(("item", text[2:]))
        elif text.startswith("※"):
            out.append(("note", text))
        elif text.startswith("令和"):
            out.append(("date", text))
        elif text.replace(" ", "") == "防衛省":
            out.append(("publisher", "防衛省"))
        else:
            out.append(("notice", text))
    return out


def article_html() -> str:
    parts = []
    for kind, text in blocks():
        t = html.escape(text)
        if kind == "title":
            parts.append(f'<h1 class="article-title">{t}</h1>')
        elif kind == "date":
            parts.append(f'<p class="date"><time datetime="2026-04-17">{t}</time></p>')
        elif kind == "item":
            parts.append(f"<li>{t}</li>")
        elif kind == "subitem":
            parts.append(f'<li class="sub">{t}</li>')
        else:
            parts.append(f'<p class="{kind}">{t}</p>')
    body = "\n".join(parts)
    body = re.sub(r"((?:<li[^>]*>.*</li>\n?)+)", lambda m: "<ul>\n" + m.group(1) + "</ul>\n", body)
    return body


def write_html() -> None:
    page = f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>第4回日米防衛産業協力・取得・維持整備定期協議(「DICAS 2.0」)の開催 | 防衛省</title>
<link rel="canonical" href="https://www.mod.go.jp/j/press/news/2026/04/17a.html">
<meta property="og:url" content="https://www.mod.go.jp/j/press/news/2026/04/17a.html">
<meta property="article:published_time" content="2026-04-17T17:00:00+09:00">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: sans-serif; }}</style>
</head>
<body>
<a class="skip" href="#main">本文へスキップ</a>
<header id="header">
  <div class="logo"><a href="/">防衛省・自衛隊</a></div>
  <form class="search"><input type="text" name="q"><button>検索</button></form>
  <ul class="utility"><li><a href="/e/">English</a></li><li><a href="/sitemap/">サイトマップ</a></li></ul>
</header>
<nav id="gnav" class="global-menu">
  <ul><li><a href="/j/about/">防衛省について</a></li><li><a href="/j/policy/">防衛政策</a></li>
  <li><a href="/j/press/">報道・会見</a></li><li><a href="/j/publication/">広報・イベント</a></li></ul>
</nav>
<div class="breadcrumb"><a href="/">ホーム</a> &gt; <a href="/j/press/">報道・会見</a> &gt; <a href="/j/press/news/">報道資料</a> &gt; 2026年</div>
<main id="main">
<article>
{article_html()}
</article>
<aside class="related">
  <h2>関連リンク</h2>
  <ul><li><a href="/j/press/news/2025/12/">第3回DICASの開催について</a></li>
  <li><a href="/j/policy/equipment/">防衛装備・技術協力</a></li></ul>
</aside>
</main>
<div id="pagetop"><a href="#header">ページの先頭へ戻る</a></div>
<footer id="footer">
  <ul><li><a href="/j/link/">リンク・著作権について</a></li><li><a href="/j/privacy/">プライバシーポリシー</a></li></ul>
  <p class="address">〒162-8801 東京都新宿区市谷本村町5-1 電話番号 03-3268-3111(代表)</p>
  <p class="copyright">&copy; Ministry of Defense. All Rights Reserved.</p>
</footer>
<script src="/common/js/analytics.js"></script>
<script>gtag('config', 'G-XXXX'); if (a &gt; b) {{ }}</script>
</body>
</html>
"""
    (HERE / "press_release.html").write_text(page, encoding="utf-8")


PRINT_CSS = """
@page { size: A4; margin: 24mm 22mm 34mm 22mm;
  @top-left { content: "防衛省 報道資料"; font-size: 9pt; }
  @top-right { content: "令和8年4月17日"; font-size: 9pt; }
  @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; } }
body { font-family: "Noto Serif CJK JP", "Noto Sans CJK JP", serif; font-size: 11pt; line-height: 1.6; }
p, li { margin: 0 0 .6em 0; }
h1 { font-size: 13pt; text-align: center; margin: 1em 2em; }
ul { list-style: none; padding: 0; margin: 0; }
li { padding-left: 1em; text-indent: -1em; }
li.sub { padding-left: 2em; }
p.date, p.publisher, p.notice { text-align: right; margin: 0; }
p.notice { text-align: left; }
p.note { padding-left: 1em; text-indent: -1em; font-size: 10.5pt; }
"""


def print_pdf(page: str, out: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("chromium is needed to print the PDF fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(page, encoding="utf-8")
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                        f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)


def write_pdf() -> None:
    items = []
    for kind, text in blocks():
        t = html.escape(text)
        if kind == "title":
            items.append(f"<h1>{t}</h1>")
        elif kind == "item":
            items.append(f"<ul><li>○{t}</li></ul>")
        elif kind == "subitem":
            items.append(f'<ul><li class="sub">・{t}</li></ul>')
        else:
            items.append(f'<p class="{kind}">{t}</p>')
    page = (f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>{PRINT_CSS}</style>'
            f"</head><body>{''.join(items)}</body></html>")
    print_pdf(page, HERE / "press_release.pdf")


def write_radicals_pdf() -> None:
    # The look-alikes as a PDF's text layer holds them: 月 日 米 力 民 長 and others.
    body = ("<p>令和8年4⽉17⽇</p><h1>⽇⽶防衛相会談の開催</h1>"
            "<p>本⽇、防衛⼤⾂は⽶国防⻑官と会談し、防衛装備品の共同⽣産で協⼒することで⼀致した。</p>"
            "<p>両者は、官⺠の防衛産業基盤を強化する⽅針を確認した。</p>")
    page = (f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>{PRINT_CSS}</style>'
            f"</head><body>{body}</body></html>")
    print_pdf(page, HERE / "radicals.pdf")


def write_white_paper_pdf() -> None:
    """The White Paper section of ``seeds/001_*.txt`` printed as a white paper is:
    paragraphs opening with an indent, footnote markers as superscripts, notes at the end."""
    from jdib.ingest.corpus import load_corpus

    doc = next(d for d in load_corpus(ROOT / "seeds") if d.path.name.startswith("001_"))
    # Footnote markers where the seed prints them: after the words before each superscript.
    marks = [(unicodedata.normalize("NFKC", m.group(1)), m.group(2).translate(
        str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))) for m in re.finditer(
        r"([^\s⁰¹²³⁴⁵⁶⁷⁸⁹]{10})([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", doc.raw)]
    items = []
    for p in doc.paragraphs:
        t = p.text
        for context, number in marks:
            if number in p.footnote_refs and context in t:
                t = t.replace(context, context + "\x00" + number + "\x01", 1)
        t = html.escape(t).replace("\x00", "<sup>").replace("\x01", "</sup>")
        if p.role == "heading":
            items.append(f"<h2>{t}</h2>")
        elif p.role == "footnote":
            items.append(f'<p class="note">{t}</p>')
        elif p.role == "bullet":
            items.append(f"<ul><li>□ {t}</li></ul>")
        else:
            items.append(f'<p class="body">{t}</p>')
    css = PRINT_CSS.replace("防衛省 報道資料", "令和7年版 防衛白書").replace("令和8年4月17日", "第III部")
    css += "h2 { font-size: 12pt; margin: .8em 0 .4em; } p.body { text-indent: 1em; margin: 0; }"
    page = (f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>{css}</style>'
            f"</head><body>{''.join(items)}</body></html>")
    print_pdf(page, HERE / "white_paper.pdf")


def write_docx() -> None:
    import docx

    d = docx.Document()
    for kind, text in blocks():
        if kind == "title":
            d.add_heading(text, level=1)
        elif kind == "item":
            d.add_paragraph(text, style="List Bullet")
        elif kind == "subitem":
            d.add_paragraph(text, style="List Bullet 2")
        else:
            d.add_paragraph(text)
    d.core_properties.created = dt.datetime(2026, 4, 17)
    d.save(HERE / "press_release.docx")


if __name__ == "__main__":
    write_html()
    write_pdf()
    write_radicals_pdf()
    write_white_paper_pdf()
    write_docx()
    for p in sorted(HERE.iterdir()):
        print(f"{p.stat().st_size:>8}  {p.name}")
