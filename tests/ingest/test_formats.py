"""A seeds folder as analysts fill it: published formats, stray files, links and mislabelled files."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from jdib import paths
from jdib.errors import InputError
from jdib.ingest.corpus import load_corpus
from jdib.store import tables

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
SEED = next(paths.SEEDS.glob("000_*.txt"))
COMPARED = ("events", "programs", "outcomes")


def _tables_of(folder: Path, name: str, content: bytes) -> dict:
    folder.mkdir()
    (folder / name).write_bytes(content)
    return tables.build(load_corpus(folder))


@pytest.fixture(scope="module")
def as_published(tmp_path_factory):
    """The ministry press release as .txt, as the saved .html page and as the printed two-page .pdf."""
    root = tmp_path_factory.mktemp("published")
    return {fmt: _tables_of(root / fmt, f"pr.{fmt}", data) for fmt, data in [
        ("txt", SEED.read_bytes()),
        ("html", (FORMATS / "press_release.html").read_bytes()),
        ("pdf", (FORMATS / "press_release.pdf").read_bytes()),
        ("docx", (FORMATS / "press_release.docx").read_bytes()),
    ]}


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
@pytest.mark.parametrize("table", COMPARED)
def test_the_press_release_gives_the_same_rows_as_its_txt_within_one(as_published, fmt, table):
    txt, other = as_published["txt"][table], as_published[fmt][table]
    assert len(txt) > 0
    assert abs(len(other) - len(txt)) <= 1
    # Not only as many rows: the same facts, quoted from the same sentences.
    key = {"events": ["date", "kind", "quote"], "programs": ["program_id", "stage", "quote"],
           "outcomes": ["verb_class", "quote"]}[table]
    same = txt[key].astype(str).agg("|".join, axis=1).value_counts()
    got = other[key].astype(str).agg("|".join, axis=1).value_counts()
    assert (same.subtract(got, fill_value=0).abs().sum()) <= 1


def test_the_pdf_events_cite_paragraphs_with_their_page(as_published):
    paras = as_published["pdf"]["paragraphs"].set_index("para_id")
    events = as_published["pdf"]["events"]
    cited = [s for v in events["sources"] for s in str(v).split(";") if s]
    assert cited and all(paras.loc[c, "page"] in (1, 2) for c in cited)


def test_a_mixed_folder_says_what_it_read_and_what_it_skipped(tmp_path, caplog):
    shutil.copy(FORMATS / "press_release.pdf", tmp_path / "a.pdf")
    shutil.copy(FORMATS / "press_release.html", tmp_path / "b.html")
    shutil.copy(FORMATS / "press_release.docx", tmp_path / "c.docx")
    (tmp_path / "d.xlsx").write_bytes(_zip({"xl/workbook.xml": "<workbook/>"}))
    (tmp_path / "e.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["a", "b", "c"]
    assert [n for n, _ in corpus.skipped] == ["d.xlsx", "e.png"]
    assert "d.xlsx: skipped: a spreadsheet" in caplog.text
    assert "e.png: skipped: an image" in caplog.text
    assert "read 3 document(s): a.pdf (pdf, 2 pages), b.html (html), c.docx (docx); skipped 2 file(s): d.xlsx, e.png" in caplog.text
    with pytest.raises(InputError, match="d.xlsx: skipped: a spreadsheet"):
        load_corpus(tmp_path, strict=True)


def _zip(files: dict[str, str]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_suffixes_are_read_in_any_case(tmp_path):
    shutil.copy(SEED, tmp_path / "UP.TXT")
    shutil.copy(FORMATS / "press_release.html", tmp_path / "Page.HTM")
    assert [d.doc_id for d in load_corpus(tmp_path)] == ["Page", "UP"]


def test_html_saved_as_txt_is_read_as_html_with_a_warning(tmp_path, caplog):
    shutil.copy(FORMATS / "press_release.html", tmp_path / "page.txt")
    doc = load_corpus(tmp_path).get("page")
    assert "page.txt: has the suffix .txt but holds HTML; read as HTML" in caplog.text
    assert doc.fmt == "html" and doc.title.startswith("第4回日米防衛産業協力")
    texts = [p.text for p in doc.paragraphs]
    assert not [t for t in texts if "<" in t or "dataLayer" in t or "&gt;" in t or "&copy;" in t]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_leaving_the_folder_is_never_read(tmp_path, caplog):
    outside = tmp_path / "private.txt"
    outside.write_text("令和8年1月1日\n社外秘の本文である。\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "pr.txt")
    (seeds / "leak.txt").symlink_to(outside)
    (seeds / "alias.txt").symlink_to(seeds / "pr.txt")
    corpus = load_corpus(seeds)
    assert [d.doc_id for d in corpus] != [] and "leak" not in [d.doc_id for d in corpus]
    assert "alias" in [d.doc_id for d in corpus]  # a link inside the folder is a document like any other
    assert "leak.txt: is a link to" in caplog.text and "outside the seeds folder" in caplog.text
    with pytest.raises(InputError, match="leak.txt"):
        load_corpus(seeds, strict=True)


def test_catalog_url_and_retrieval_date_reach_the_documents_table(tmp_path):
    shutil.copy(FORMATS / "press_release.pdf", tmp_path / "pr.pdf")
    (tmp_path / "catalog.csv").write_text(
        "file,doc_id,title_ja,title_en,publisher,kind,published,url,retrieved\n"
        "pr.pdf,mod-dicas4,,,防衛省,press_release,2026-04-17,"
        "https://www.mod.go.jp/j/press/news/2026/04/17a.pdf,2026-04-20\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    doc = corpus.get("mod-dicas4")
    assert (doc.url_source, doc.retrieved, doc.pages) == ("catalog", "2026-04-20", 2)
    assert doc.link(2) == "https://www.mod.go.jp/j/press/news/2026/04/17a.pdf#page=2"
    row = tables.build(corpus)["documents"].iloc[0]
    assert (row["format"], row["url"], row["retrieved"]) == (
        "pdf", "https://www.mod.go.jp/j/press/news/2026/04/17a.pdf", "2026-04-20")


def test_a_catalog_without_the_new_columns_still_reads(seeds_corpus):
    assert all(d.url == "" and d.retrieved == "" and d.fmt == "text" for d in seeds_corpus)
    assert all(p.page is None for d in seeds_corpus for p in d.paragraphs)


def test_a_bad_retrieval_date_is_named(tmp_path):
    shutil.copy(SEED, tmp_path / "pr.txt")
    (tmp_path / "catalog.csv").write_text(
        "file,doc_id,title_ja,title_en,publisher,kind,published,url,retrieved\n"
        "pr.txt,pr,,,,,,,last week\n", encoding="utf-8")
    with pytest.raises(InputError, match="'last week' is not an ISO date"):
        load_corpus(tmp_path)


def test_the_white_paper_section_printed_with_indents_and_footnotes_reads_as_its_txt(tmp_path):
    txt, pdf = tmp_path / "txt", tmp_path / "pdf"
    txt.mkdir(), pdf.mkdir()
    shutil.copy(next(paths.SEEDS.glob("001_*.txt")), txt / "wp.txt")
    shutil.copy(FORMATS / "white_paper.pdf", pdf / "wp.pdf")
    want, got = load_corpus(txt).get("wp"), load_corpus(pdf).get("wp")
    # Paragraphs opening indented, footnote markers as raised digits, notes at the foot:
    # the same paragraphs, roles and footnote references as the text.
    assert [(p.text, p.role, p.footnote_refs) for p in got.paragraphs] == [
        (p.text, p.role, p.footnote_refs) for p in want.paragraphs]
    assert {p.page for p in got.paragraphs} == {1, 2}
    for table in ("events", "figures"):
        a, b = tables.build(load_corpus(txt))[table], tables.build(load_corpus(pdf))[table]
        assert len(a) > 0 and a["quote"].tolist() == b["quote"].tolist()


def _bounded(*args: str, cwd: Path | None = None) -> "subprocess.CompletedProcess":
    """Run Python with at most 2 GB of memory and a minute: a hang or a blow-up fails, not the machine."""
    import resource
    import subprocess
    import sys

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60,
                          preexec_fn=cap, cwd=cwd)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_links_to_a_pipe_a_device_or_a_folder_are_refused_before_anything_reads_them(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "pr.txt")
    os.mkfifo(tmp_path / "pipe")
    os.mkfifo(seeds / "inner-pipe.txt")  # a pipe in the folder itself
    (seeds / "pipe.txt").symlink_to(tmp_path / "pipe")
    (seeds / "inner-link.txt").symlink_to(seeds / "inner-pipe.txt")
    (seeds / "zero.txt").symlink_to("/dev/zero")
    (seeds / "folder.txt").symlink_to(tmp_path)
    (seeds / "inner-folder.txt").symlink_to(seeds)
    (seeds / "nothing.txt").symlink_to(tmp_path / "missing")
    result = _bounded("-m", "jdib", "tables", "--seeds", str(seeds), "--out", str(tmp_path / "t"),
                      "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stderr
    for line in ("pipe.txt: is a link to " + str(tmp_path / "pipe") + ", outside the seeds folder; not read",
                 "inner-pipe.txt: is a named pipe, not a file; not read",
                 "inner-link.txt: is a link to a named pipe, not a file; not read",
                 "zero.txt: is a link to /dev/zero, outside the seeds folder; not read",
                 "inner-folder.txt: is a link to a folder, not a file; not read",
                 "nothing.txt: is a link to nothing readable; not read"):
        assert line in result.stderr
    assert "skipped 7 file(s)" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "t" / "documents.csv").read_text(encoding="utf-8-sig").count("\n") == 2
    # The loader and the build's cache key take the same care.
    probe = _bounded("-c", "import sys; from jdib.ingest.corpus import load_corpus; "
                           "from jdib.render.runner import seeds_fingerprint; "
                           "print(len(load_corpus(sys.argv[1])), len(seeds_fingerprint(sys.argv[1])))", str(seeds))
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["1", "64"]


@pytest.mark.parametrize("name, content, reason", [
    pytest.param("huge.txt", "本文。\n" * 2_000_000,
                 "is 20 MB, more than jdib reads from one document (16 MB)", id="file size"),
    pytest.param("huge.html", "<html><body><article><p>" + "text " * 1_000_000 + "</p></article></body></html>",
                 "characters of text, more than jdib reads from one document (4,000,000)", id="text"),
])
def test_a_document_past_the_size_limit_is_skipped_with_the_limit_and_the_others_are_read(
        tmp_path, caplog, name, content, reason):
    shutil.copy(SEED, tmp_path / "pr.txt")
    (tmp_path / name).write_text(content, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["pr"]
    assert re.search(rf"{name}: [^\n]*{re.escape(reason)}; split it or leave it out", caplog.text)
    with pytest.raises(InputError, match=re.escape(reason)):
        load_corpus(tmp_path, strict=True)


def test_a_file_whose_name_is_not_utf8_is_skipped_with_its_name_shown_and_the_others_are_read(tmp_path, caplog):
    shutil.copy(SEED, tmp_path / "pr.txt")
    (Path(os.fsdecode(bytes(tmp_path)) + "/" + os.fsdecode(b"\xff\xfe.txt"))).write_text("本文。\n", encoding="utf-8")
    assert [d.doc_id for d in load_corpus(tmp_path)] == ["pr"]
    assert "\\xff\\xfe.txt: the file name is not valid UTF-8; rename the file to read it" in caplog.text


def test_a_small_file_is_read_without_setting_aside_the_size_limit(tmp_path):
    # read(n) allocates n bytes first: reading up to the 256 MB limit ran out of memory under `ulimit -v`.
    import tracemalloc

    from jdib.ingest import files, limits

    (tmp_path / "a.txt").write_bytes(b"x" * 1000)
    tracemalloc.start()
    try:
        data = files.read(tmp_path / "a.txt", tmp_path, max(limits.DOCUMENT_BYTES.values()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == b"x" * 1000 and peak < 1 << 20
