"""HTML pages: the article, its title and date, without the site around it.

The page is parsed with lxml and cut with rules of our own: the article is the
``<article>`` (else ``<main>``, ``role=main``, ``#main``/``#content``, else the
body); inside it navigation, menus, breadcrumbs, forms, scripts, footers,
asides and related-link blocks are removed (by element, ARIA role, and
id/class words). Headings become headings (``#### ``), list items bullets, table
rows one cell per line, so the text cleaning treats them as in a ``.txt``.

Compared with trafilatura 2.3 on the saved press release
(``tests/data/formats/press_release.html``, 19 paragraphs in its ``.txt``) and
two variants of it (article in ``div#contents`` with a sidebar; every
semantic tag removed), median of 10 runs:

==========================  =====================  =====================
page                        trafilatura            lxml + these rules
==========================  =====================  =====================
saved page                  18/19 kept, ~9 ms      19/19 kept, ~1 ms
div#contents + sidebar      18/19 kept, ~14 ms     19/19 kept, ~1 ms
no semantic tags            18/19, menu and        19/19, no furniture,
                            footer text left in    ~1 ms
==========================  =====================  =====================

trafilatura dropped the date line above the title every time (and, with
``favor_recall``, one more paragraph), and would add a dependency tree
(courlan, htmldate, justext) for no gain on these pages.

The page's canonical URL (``<link rel=canonical>``, else ``og:url``), its
title, publication date, publisher and author (JSON-LD first, then Open Graph
and ``article:published_time``, other ``<meta>``, ``<title>``, and the
article's ``<time datetime>``) are returned as what the page states about itself.

Ruby readings (``<rt>``, ``<rp>``) are left out: ``防衛装備庁(ぼうえいそうびちょう)``
reads as the words printed. libxml2 stops at 256 nested elements (2,048 with
its "huge" option) and drops the rest of the page without an error; a page
nested deeper than :data:`jdib.ingest.limits.HTML_DEPTH` is read again with
the elements below that depth taken as text, so every word is kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from jdib.errors import InputError
from jdib.ingest import limits
from jdib.ingest.readers import Read, Skip

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "form",
              "button", "select", "input", "nav", "aside", "footer", "object", "embed", "dialog",
              "rt", "rp")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
# Words in ids and classes that mark site furniture rather than the article.
_FURNITURE = re.compile(
    r"^(?:g?nav(?:bar|igation)?|[a-z]*-?nav|menu|[a-z]*-menu|breadcrumbs?|topic-?path|pankuzu|"
    r"footer|site-?header|header|sidebar|side|related(?:-\w+)?|relation|share|sns|social|"
    r"page-?top|skip(?:-\w+)?|ranking|banner|ads?|advert\w*|cookie\w*|pager|pagination|"
    r"tags?|utility|logo|search)$", re.I)
_BLOCKS = {"p", "div", "section", "article", "main", "header", "blockquote", "pre", "address",
           "figure", "figcaption", "dl", "dt", "dd", "ul", "ol", "table", "caption", "center",
           "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "hr"}
_RELATED = re.compile(r"(関連(リンク|情報|記事|ページ|ニュース)|こちらもおすすめ|おすすめ記事|"
                      r"Related (links|articles|pages))", re.I)
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"


def _decode(data: bytes, path: Path) -> str:
    """The page's text: in the charset it declares (a byte order mark wins, as in
    browsers), else as a text document is decoded (:func:`jdib.ingest.readers.text.decode`)."""
    from jdib.ingest.readers.text import BOMS, decode

    m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    if m and not any(data.startswith(bom) for bom, _, _ in BOMS):
        try:
            return data.decode(m.group(1).decode("ascii").lower())
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return decode(data, path)[0]
    except InputError:  # binary bytes in a page: what can be read still is
        return data.decode("utf-8", errors="replace")


def _is_furniture(el) -> bool:
    if el.tag in _DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES or el.get("hidden") is not None:
        return True
    words = [w for w in re.split(r"\s+", (el.get("class") or "") + " " + (el.get("id") or "")) if w]
    return any(_FURNITURE.match(w) for w in words)


def _main(root):
    for xpath in ("//article", "//main", "//*[@role='main']", "//*[@id='main']",
                  "//*[@id='content']", "//*[@id='contents']"):
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    return root.find("body") if root.find("body") is not None else root


def _squash(text: str) -> str:
    """Collapse the page's source whitespace: none between Japanese characters, one elsewhere."""
    text = re.sub(r"[ \t\r\n\u00a0]+", " ", text)
    return re.sub(rf"(?<=[{_CJK}]) (?=[{_CJK}])", "", text).strip()


def _lines(el, out: list[str]) -> None:
    """Append the text of ``el`` as lines: one per block, headings and bullets marked."""
    buf: list[str] = []

    def flush(prefix: str = "") -> None:
        text = _squash("".join(buf))
        buf.clear()
        if text:
            out.append(prefix + text)

    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "tr":
        cells = [_squash(c.text_content()) for c in el if isinstance(c.tag, str) and c.tag in ("td", "th")]
        cells = [c for c in cells if c]
        if cells:
            out.append("\t".join(cells) if len(cells) > 1 else cells[0])
        return
    prefix = ""
    if re.fullmatch(r"h[1-6]", tag):
        prefix = "#### "
    elif tag == "li":
        prefix = "- "
    if el.text:
        buf.append(el.text)
    for child in el:
        ctag = child.tag if isinstance(child.tag, str) else ""
        if ctag == "br":
            flush(prefix)
            prefix = "" if prefix.endswith("- ") else prefix
        elif ctag in _BLOCKS:
            flush(prefix)
            if prefix.endswith("- "):
                prefix = ""  # the rest of a list item after a nested block is its own line
            _lines(child, out)
        elif ctag:
            buf.append(child.text_content())
        if child.tail:
            buf.append(child.tail)
    flush(prefix)


def _meta(root, article) -> dict[str, str]:
    """What the page states about itself, in the order sites are most careful with:
    JSON-LD (``headline``, ``datePublished``, ``publisher``, ``author``), then Open
    Graph and ``article:`` properties, then plain ``<meta>`` and ``<title>``, then
    the article's ``<time datetime>``."""
    def first(xpaths) -> str:
        for xp in xpaths:
            for v in root.xpath(xp):
                v = str(v).strip()
                if v:
                    return v
        return ""

    ld = _json_ld(root)
    url = first(["//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"])
    when = ld.get("datePublished", "") or first([
        "//meta[@property='article:published_time']/@content", "//meta[@name='date']/@content",
        "//meta[@itemprop='datePublished']/@content", "//meta[@name='DC.date.issued']/@content",
        "//meta[@name='dcterms.created']/@content"])
    if not when:
        times = article.xpath(".//time/@datetime")
        when = str(times[0]) if times else ""
    m = re.match(r"(\d{4}-\d{2}-\d{2}|\d{4}-\d{2})", when)
    title = ld.get("headline", "") or first(["//meta[@property='og:title']/@content", "//title/text()"])
    publisher = ld.get("publisher", "") or first(["//meta[@property='og:site_name']/@content",
                                                  "//meta[@name='publisher']/@content"])
    author = ld.get("author", "") or first(["//meta[@name='author']/@content"])
    page_title = first(["//title/text()"])  # its ending names the site: … | Ministry of Defence
    return {k: v for k, v in {"url": url if url.startswith(("http://", "https://")) else "",
                              "published": m.group(1) if m else "", "title": _squash(title),
                              "page_title": _squash(page_title),
                              "publisher": _squash(publisher), "author": _squash(author)}.items() if v}


_LD_TYPES = re.compile(r"(?i)Article|Posting|Report|Release|WebPage")


def _json_ld(root) -> dict[str, str]:
    """The article's headline, date, publisher and author from its JSON-LD blocks."""
    import json

    found: dict[str, str] = {}
    for block in root.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict) or not _LD_TYPES.search(str(item.get("@type", ""))):
                continue
            for key in ("headline", "datePublished"):
                if isinstance(item.get(key), str):
                    found.setdefault(key, item[key])
            for key in ("publisher", "author"):
                value = item.get(key)
                value = value[0] if isinstance(value, list) and value else value
                name = value.get("name") if isinstance(value, dict) else value
                if isinstance(name, str):
                    found.setdefault(key, name)
    return found


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}


class _Flattener(HTMLParser):
    """Re-writes a page with the elements below ``depth`` dropped and their text kept.

    A block element dropped leaves a line break, so its paragraphs stay apart.
    """

    def __init__(self, depth: int):
        super().__init__(convert_charrefs=False)  # entities pass through as written
        self.depth, self.open, self.out = depth, [], []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self.out.append(self.get_starttag_text())
            return
        self.open.append(tag)
        if len(self.open) <= self.depth:
            self.out.append(self.get_starttag_text())
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag not in self.open:
            return  # a stray end tag closes nothing
        while self.open:
            closed = self.open.pop()
            if len(self.open) < self.depth:
                self.out.append(f"</{closed}>")
            elif closed in _BLOCKS:
                self._break()
            if closed == tag:
                break

    def _break(self):
        # One break for a run of them: 200,000 nested blocks are one line break, not 400,000.
        if not self.out or self.out[-1] != "<br>":
            self.out.append("<br>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def flatten(page: str, depth: int) -> str:
    """The page with elements nested deeper than ``depth`` taken as text (see :class:`_Flattener`).

    Example:
        >>> flatten("<div><div><p>a</p><b>b</b></div></div>", 2)
        '<div><div><br>a<br>b</div></div>'
    """
    parser = _Flattener(depth)
    parser.feed(page)
    parser.close()
    return "".join(parser.out)


def _depth(root) -> int:
    from lxml import etree

    deepest = level = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


def _parse(page: str):
    """The page's tree, and whether it had to be flattened to be read whole."""
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True)
    root = lxml.html.document_fromstring(page, parser=parser)
    cut = any("depth" in e.message.lower() for e in parser.error_log)
    if not cut and _depth(root) <= limits.HTML_DEPTH:
        return root, False
    # Reading below this depth would also outrun Python's recursion in :func:`_lines`.
    return lxml.html.document_fromstring(flatten(page, limits.HTML_DEPTH - 2),
                                         parser=lxml.html.HTMLParser(huge_tree=True)), True


def extract(page: str) -> tuple[list[str], dict[str, str]]:
    """The article's lines and what the page states about itself.

    Args:
        page: The decoded HTML.

    Returns:
        The lines (headings ``#### ``, list items ``- ``, table cells tab-separated)
        and a dict with ``url``, ``published``, ``title``, ``publisher``, ``author`` and ``page_title``
        where the page gives them, and ``published_markup`` (:func:`markup_date`) when
        its metadata gives no date.
    """
    lines, meta, _, _ = _extract(page)
    return lines, meta


def _extract(page: str) -> tuple[list[str], dict[str, str], bool, bool]:
    """The article's lines, what the page states, whether it was flattened, and
    whether the article held any text before its furniture was removed."""
    page = re.sub(r"^\s*<\?xml[^>]*>", "", page)
    root, flattened = _parse(page)
    article = _main(root)
    meta = _meta(root, article)
    if "published" not in meta:
        marked = markup_date(page)
        if marked:
            meta["published_markup"] = marked
    had_text = bool(_squash(article.text_content()))
    for el in list(article.iter()):
        if isinstance(el.tag, str) and el is not article and _is_furniture(el):
            el.drop_tree()
    for heading in article.xpath(".//h2|.//h3|.//h4|.//h5|.//h6|.//p[strong]|.//div[@class][not(*)]"):
        # A "related links" block without a telling class: its heading and what follows it.
        if heading.getparent() is not None and _RELATED.fullmatch(_squash(heading.text_content())):
            for sibling in list(heading.itersiblings()):
                sibling.drop_tree()
            heading.drop_tree()
    for menu in article.xpath(".//ul|.//ol"):
        # A list whose every item is nothing but a link is a menu, not the article's text.
        items = menu.xpath("./li")
        if len(items) >= 3 and all(_squash(li.text_content()) == _squash(
                "".join(a.text_content() for a in li.xpath(".//a"))) for li in items):
            menu.drop_tree()
    for el in list(article.iter()):  # comments and processing instructions
        if not isinstance(el.tag, str):
            el.drop_tree()
    out: list[str] = []
    _lines(article, out)
    return out, meta, flattened, had_text


def markup_date(page: str) -> str:
    """The publication date htmldate reads from a page's markup and address (its URL's
    ``/2024/06/11/``, an element whose class says it holds the date), ``YYYY-MM-DD``,
    or empty.

    Its quick search only: the extensive one reads any date of the text, and on saved
    pages without metadata dated a page by its readers' comments or its copyright
    year. It is the last resort, after the page's metadata and its own date lines
    (:func:`jdib.ingest.corpus.infer_published`).
    """
    from htmldate import find_date  # imported late: most documents are not HTML

    try:
        return find_date(page, extensive_search=False, original_date=True) or ""
    except (ValueError, TypeError):  # a page htmldate cannot parse has no date it can tell
        return ""


#: A page none of whose lines is longer than this holds no article, only labels.
ARTICLE_LINE = 20


def _why_no_article(lines: list[str], had_text: bool) -> str:
    """Why a page holds no article, as it is: no text, only furniture, or only short lines."""
    if not had_text:
        return "the HTML page has no text"
    if not lines:
        return "the HTML page has no article text (only menus, links or scripts)"
    longest = max(len(line) for line in lines)
    return (f"the HTML page has no article text: none of its {len(lines):,} line(s) is longer than "
            f"{ARTICLE_LINE} characters (the longest has {longest})")


def read(path: Path, data: bytes) -> Read:
    """Read an HTML page's article.

    Raises:
        Skip: The page holds no article text (a menu page, a redirect, a script shell).
    """
    try:
        lines, meta, flattened, had_text = _extract(_decode(data, path))
    except Exception as err:  # lxml raises several types on broken markup
        raise Skip(path, f"the HTML cannot be parsed ({err})") from None
    nested = (f"; its elements nested deeper than {limits.HTML_DEPTH} levels were read as text "
              "at that depth") if flattened else ""
    if not any(len(line) > ARTICLE_LINE for line in lines):
        raise Skip(path, _why_no_article(lines, had_text) + nested)
    notes = [f"{path.name}: elements nested deeper than {limits.HTML_DEPTH} levels were read as "
             "text at that depth"] if flattened else []
    return Read("\n".join(lines), "html", "html", meta=meta, notes=notes)
