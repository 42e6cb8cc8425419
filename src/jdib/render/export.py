"""Turning an executed notebook into a report: safe HTML, then an A4 PDF.

HTML: nbconvert's ``HTMLExporter`` with jdib's template (``templates/report.html.j2``):
no code, no prompts, images embedded, a table of contents, print CSS, no scripts.
Every piece of HTML or Markdown a notebook shows goes through :func:`sanitize`,
because it may quote document text; the notebooks escape too, this is the
second line of defence.

PDF: headless Chromium's own ``--print-to-pdf``. Chromium 131+ draws CSS
``@page`` margin boxes, so ``counter(page) " / " counter(pages)`` in the CSS
gives real page numbers without the DevTools protocol or a driver package
(Playwright, pyppeteer), and ``--no-pdf-header-footer`` drops Chromium's own
footer, which would print the temporary file's path and the date.
Printing makes no network request: Chromium's network features are off and
every host resolves to nothing (:data:`CHROMIUM_OFFLINE`), and where the
machine allows it Chromium runs in an empty network namespace
(:func:`offline_prefix`).
"""

from __future__ import annotations

import functools
import html
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from jdib import __version__

TEMPLATES = Path(__file__).parent / "templates"
CSS = TEMPLATES / "report.css"

# What a report may contain. Anything else is escaped, so it shows as text.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
_ANY_TAG_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
_TAG_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"}, "col": {"span"}, "colgroup": {"span"},
}
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.I | re.S)
_HEADING = re.compile(r"<h([1-3])\b([^>]*)>(.*?)</h\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIMEOUT_S = 180
#: Chromium's own network switched off: no background services, updates or sync,
#: and every host, name or address, resolving to nothing, so no lookup
#: (accounts.google.com, clients2.google.com, update.googleapis.com) and no
#: connection to any host is made, even for an address written in the page.
CHROMIUM_OFFLINE = ("--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                    "--no-pings", "--dns-prefetch-disable", "--host-resolver-rules=MAP * ~NOTFOUND")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name in _ANY_TAG_ATTRIBUTES or name in _TAG_ATTRIBUTES.get(tag, ()):
        if tag == "img" and name == "src":
            return value.startswith("data:image/")  # embedded images only: no tracking pixels
        if name == "href":
            return not value.lower().startswith("data:")
        return True
    return False


# A tag, its attributes quoted or not, up to its ">" (or the end of the fragment).
_TAG_TOKEN = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*(?:>|\Z)""")
_ATTRIBUTES = {"*": set(_ANY_TAG_ATTRIBUTES), **{tag: set(names) for tag, names in _TAG_ATTRIBUTES.items()}}


def _escape_unknown_tags(fragment: str) -> str:
    """Write every tag outside :data:`ALLOWED_TAGS` as text: quoted markup reads as typed."""
    def visit(m: re.Match) -> str:
        return m.group(0) if m.group(2).lower() in ALLOWED_TAGS else html.escape(m.group(0), quote=False)

    return _TAG_TOKEN.sub(visit, fragment)


def sanitize(fragment: str) -> str:
    """Make HTML from a notebook output safe to show.

    ``<style>`` blocks (pandas adds one to every DataFrame) are dropped: the
    report's CSS styles tables. Tags outside :data:`ALLOWED_TAGS` are escaped,
    so ``<script>alert(1)</script>`` quoted from a document reads as text and
    never runs; then nh3 (the Rust sanitiser ammonia) keeps only the allowed
    tags and attributes and web, mail and embedded-image addresses.

    Compared with bleach (archived upstream) with the same allowlist: the
    report pages of the seeds and of 1,000 synthetic documents, English and
    Japanese, come out byte for byte the same, and a 10,000-row table (2.3 MB
    of HTML) is sanitised in 0.28 s instead of 8.8 s (1,000 rows: 21 ms
    instead of 267 ms).

    Example:
        >>> sanitize("<p>注意</p><script>alert(1)</script>")
        '<p>注意</p>&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    import nh3

    fragment = _escape_unknown_tags(_STYLE_BLOCK.sub("", str(fragment)))
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=_ATTRIBUTES,
                     attribute_filter=lambda tag, name, value: value if _allowed_attribute(tag, name, value) else None,
                     url_schemes={"http", "https", "mailto", "data"}, link_rel=None, strip_comments=True)


def _exporter(lang: str):
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.HTMLExporter.extra_template_paths = [str(TEMPLATES)]
    c.HTMLExporter.template_name = "lab"
    c.HTMLExporter.template_file = "report.html.j2"
    c.HTMLExporter.exclude_input = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.HTMLExporter.exclude_anchor_links = True
    # Figures are outputs, already base64 PNG; images pasted into Markdown cells
    # are attachments, embedded too. nbconvert's `embed_images` is left off: it
    # re-parses every inline HTML fragment, which scrambles quoted markup
    # ("<script>x</script>" would read "<script></script>x").
    c.HTMLExporter.embed_images = False
    # With sanitize_html the template passes HTML and Markdown through the
    # `clean_html` filter, which is replaced below by jdib's allowlist.
    c.HTMLExporter.sanitize_html = True
    c.HTMLExporter.language_code = lang
    # Jupyter Book's tags hide a cell or its output from the report.
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    c.NbConvertBase.display_data_priority = [
        "text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg",
        "text/latex", "text/plain",
    ]
    exporter = HTMLExporter(config=c)
    exporter.register_filter("clean_html", sanitize)
    return exporter


def bar_label(name: str, lang: str) -> str:
    """A report's short name for the bar: its number and the head of its title.

    The title comes from the report vocabulary when one of its keys is part of
    the notebook's name; otherwise the name itself reads as the label.

    Example:
        >>> bar_label("03_dicas_progress", "en"), bar_label("09_extra_notes", "en")
        ('03 DICAS progress', '09 extra notes')
    """
    from jdib.ingest import vocab

    number, _, rest = name.partition("_")
    titles = vocab.load("labels").get("report_title", {})
    key = next((k for k in titles if k in rest), None)
    if key is None:
        return f"{number} {rest.replace('_', ' ')}"
    title = titles[key].get(lang) or titles[key]["en"]
    return f"{number} {re.split(r'[:：]', title)[0].strip()}"


def report_bar(name: str, siblings: list[str], lang: str = "en") -> str:
    """The bar atop a report: a link to the index and one to each report (this one marked).

    Args:
        name: This report's name (``01_ukraine_lessons``).
        siblings: Every report's name, in order; their pages sit in the same folder.
        lang: The label language.
    """
    index = "一覧" if lang == "ja" else "All reports"
    items = [f'<a href="index.html">{index}</a>']
    for other in siblings:
        text = html.escape(bar_label(other, lang))
        items.append(f'<strong aria-current="page">{text}</strong>' if other == name
                     else f'<a href="{html.escape(other)}.html">{text}</a>')
    label = "報告書" if lang == "ja" else "Reports"
    return f'<nav class="reports-bar" aria-label="{label}">' + " ".join(items) + "</nav>"


def report_html(nb, name: str, lang: str = "en", notebook_dir: Path | None = None,
                siblings: list[str] | None = None) -> tuple[str, str]:
    """Export an executed notebook as one self-contained HTML page.

    Args:
        nb: The executed notebook (``nbformat.NotebookNode``).
        name: The report's name, the title when the notebook has no ``#`` heading.
        lang: ``<html lang>``; also picks the table of contents' label.
        notebook_dir: Folder that relative image links in Markdown cells start from.
        siblings: The reports built alongside, linked from a bar atop the page.

    Returns:
        The page and its title (the first level-1 heading).
    """
    resources = {"metadata": {"name": name, "path": str(notebook_dir or ".")},
                 "jdib_css": CSS.read_text(encoding="utf-8"), "jdib_version": __version__,
                 "jdib_title": "@@jdib-title@@", "jdib_image_alt": "図" if lang == "ja" else "Figure",
                 "jdib_bar": report_bar(name, siblings, lang) if siblings else ""}
    page, _ = _exporter(lang).from_notebook_node(nb, resources=resources)
    page, title = add_contents(page, lang)
    title = title or name
    return page.replace("@@jdib-title@@", html.escape(title), 1), title


def heading_text(inner_html: str) -> str:
    """The plain text of a heading's inner HTML."""
    return " ".join(html.unescape(_TAG.sub("", inner_html)).split())


def add_contents(page: str, lang: str = "en") -> tuple[str, str]:
    """Give every h2 and h3 an id and list them in a ``<nav>`` after the title.

    Ids are the heading's own words (``概要``, ``概要-2`` for a repeat), so a
    link to a section reads well and survives a rebuild.

    Returns:
        The page and the text of its first h1 (empty when there is none).
    """
    title, entries, used = "", [], set()

    def visit(m: re.Match) -> str:
        nonlocal title
        level, attrs, inner = m.group(1), m.group(2), m.group(3)
        text = heading_text(inner)
        if level == "1":
            title = title or text
            return m.group(0)
        base = re.sub(r"\s+", "-", text) or "section"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        entries.append((level, anchor, text))
        attrs = re.sub(r"""\s+id\s*=\s*("[^"]*"|'[^']*'|\S+)""", "", attrs)
        return f'<h{level}{attrs} id="{html.escape(anchor)}">{inner}</h{level}>'

    page = _HEADING.sub(visit, page)
    if len(entries) < 2:
        return page, title
    label = "目次" if lang == "ja" else "Contents"
    items = "\n".join(f'<li class="toc-h{level}"><a href="#{html.escape(anchor)}">'
                      f"{html.escape(text)}</a></li>" for level, anchor, text in entries)
    nav = (f'<nav class="toc" aria-label="{label}"><p class="toc-title">{label}</p>\n'
           f"<ol>\n{items}\n</ol></nav>")
    h1_end = re.search(r"</h1\s*>", page, re.I)
    at = h1_end.end() if h1_end else page.find('<main class="report">') + len('<main class="report">')
    return page[:at] + "\n" + nav + page[at:], title


@functools.cache
def offline_prefix() -> tuple[str, ...]:
    """A command prefix that runs a program in a new, empty network namespace, when this machine allows it.

    Chromium probes whether IPv6 works by connecting a UDP socket to a public
    DNS address (no packet is sent, and no switch turns it off). In a network
    namespace of its own there is no network at all, so nothing can leave
    whatever Chromium tries. Root gets one directly; another user through a
    user namespace, where the system allows those. Elsewhere the switches of
    :data:`CHROMIUM_OFFLINE` alone keep Chromium off the network.
    """
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    for prefix in ((unshare, "--net"), (unshare, "--net", "--map-root-user")):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
        except (OSError, subprocess.SubprocessError):
            continue
    return ()


def find_chromium() -> str | None:
    """The Chromium to print with: ``$JDIB_CHROMIUM``, else the first on PATH."""
    if os.environ.get("JDIB_CHROMIUM"):
        return os.environ["JDIB_CHROMIUM"]
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


def _print_font_css() -> str:
    # Chromium writes CFF-outline fonts, which is every Noto CJK face Debian
    # ships, as unnamed Type 3 fonts. IPAexGothic has TrueType outlines and
    # embeds as a named, subset CID font; it ships inside matplotlib-fontja,
    # so the charts and the text share one typeface. It has a single weight:
    # declaring it for every weight stops Chromium faking bold, which would
    # fall back to Type 3 again.
    spec = importlib.util.find_spec("matplotlib_fontja")
    font = Path(spec.origin).parent / "fonts" / "ipaexg.ttf" if spec and spec.origin else None
    if not font or not font.is_file():
        return ""
    return ('@font-face { font-family: "IPAexGothic"; font-weight: 100 900; '
            f'src: url("{font.as_uri()}") format("truetype"); }}\n'
            'html { font-family: "IPAexGothic", "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }\n'
            'code, pre { font-family: "DejaVu Sans Mono", "IPAexGothic", monospace; }\n')


_RELATIVE_LINK = re.compile(r"""<a\b([^>]*?)\shref\s*=\s*("(?!#|https?:|mailto:)[^"]*"|'(?!#|https?:|mailto:)[^']*')""",
                            re.I)
CHROMIUM_TMP_PREFIX = "jdib-chromium-"


def print_copy(page: str) -> str:
    """The page as Chromium prints it: jdib's print fonts, and no link to a sibling file.

    Chromium turns a relative link (``01_ukraine_lessons.html``) into an
    absolute ``file://`` link to the temporary folder it printed from, dead
    as soon as printing ends; such links keep their text and lose the link.
    Links inside the page (``#src-…``) and to the web stay.
    """
    page = _RELATIVE_LINK.sub(r"<a\1", page)
    return page.replace("</head>", f"<style>\n{_print_font_css()}</style>\n</head>", 1)


_PRINTING: set[subprocess.Popen] = set()
_PRINTING_LOCK = threading.Lock()


def stop_printing() -> None:
    """Kill every Chromium still printing (an interrupted build calls this from its main thread)."""
    with _PRINTING_LOCK:
        running = list(_PRINTING)
    for process in running:
        _stop(process, wait=False)


def _stop(process: subprocess.Popen, wait: bool = True) -> None:
    """Kill a process and everything it started (its own process group)."""
    try:
        os.killpg(process.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass
    if not wait:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def check_temporary_folder() -> Path:
    """The temporary folder printing writes to, refused when there is none to write.

    Raises:
        InputError: Neither ``TMPDIR`` nor the system's temporary folders can be written.
    """
    from jdib.errors import InputError

    try:
        return Path(tempfile.gettempdir())
    except (OSError, FileNotFoundError):
        raise InputError(f"TMPDIR={os.environ.get('TMPDIR', '')}",
                         "no temporary folder can be written (TMPDIR, /tmp, /var/tmp); PDF printing "
                         "needs one: set TMPDIR to a writable folder, or build with --formats html") from None


def print_pdf(page: str, pdf: Path, chromium: str | None = None) -> None:
    """Print an HTML page to an A4 PDF with headless Chromium.

    Chromium runs in a process group of its own; whatever ends the print
    (success, a timeout, Ctrl-C or SIGTERM reaching jdib) kills the group, so
    no browser process outlives jdib, and its temporary folder is removed.

    Args:
        page: The report's HTML.
        pdf: Where to write the PDF.
        chromium: The browser to run (default: :func:`find_chromium`).

    Raises:
        RuntimeError: Chromium is missing, fails or writes no PDF.
    """
    from jdib.store.atomic import remove_stale

    chromium = chromium or find_chromium()
    if not chromium:
        raise RuntimeError("Chromium is not installed (run `make system`, or use --formats html)")
    remove_stale(Path(tempfile.gettempdir()), CHROMIUM_TMP_PREFIX)
    with tempfile.TemporaryDirectory(prefix=f"{CHROMIUM_TMP_PREFIX}{os.getpid()}-") as tmp:
        source = Path(tmp) / "print.html"
        source.write_text(print_copy(page), encoding="utf-8")
        out = Path(tmp) / "print.pdf"
        # --no-sandbox: Chromium refuses to start as root (containers, CI)
        # without it; the page is jdib's own sanitized HTML, and its
        # Content-Security-Policy forbids scripts.
        cmd = [*offline_prefix(), chromium, *CHROMIUM_OFFLINE, "--headless", "--no-sandbox",
               "--disable-gpu", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={Path(tmp) / 'profile'}",
               # the h1-h3 headings become the PDF's bookmarks (its outline)
               "--generate-pdf-document-outline",
               "--no-pdf-header-footer", f"--print-to-pdf={out}", source.as_uri()]
        # Chromium keeps its own scratch files in TMPDIR, which may name a folder
        # Python passed over as unusable: it gets the folder just made instead.
        env = {**os.environ, "TMPDIR": tmp}
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        with _PRINTING_LOCK:
            _PRINTING.add(process)
        try:
            _, stderr = process.communicate(timeout=PDF_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise RuntimeError(f"Chromium did not finish printing within {PDF_TIMEOUT_S} s") from None
        except BaseException:
            _stop(process)
            raise
        finally:
            _stop(process)  # helpers Chromium started may outlive its main process
            with _PRINTING_LOCK:
                _PRINTING.discard(process)
        if process.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            last = ((stderr or "").strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"Chromium could not print the PDF (exit {process.returncode}): {last}")
        shutil.move(out, pdf)
