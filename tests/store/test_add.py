"""`jdib add`: documents saved as published, catalogued once, and nothing written on failure."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import http.server
import shutil
import threading
import time
import zlib
from pathlib import Path

import pytest

from jdib.cli import main
from jdib.ingest import corpus, limits

DATA = Path(__file__).parents[1] / "data" / "formats"
PAGE = ("<!DOCTYPE html><html><head><title>防衛装備移転に関する発表</title></head><body><article>"
        "<h1>防衛装備移転に関する発表</h1><p>2026年4月17日</p>"
        "<p>防衛省は本日、日米間の防衛装備品の共同生産について協議を行ったと発表した。</p>"
        "<p>協議では、ミサイルの共同生産と維持整備の拡大について意見を交換した。</p>"
        "</article></body></html>").encode("utf-8")
PDF = (DATA / "press_release.pdf").read_bytes()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class _Site(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/news/2026/press.html": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
        "/files/release.pdf": (200, {"Content-Type": "application/pdf"}, PDF),
        "/download": (200, {"Content-Type": "application/octet-stream"}, PDF),
        "/old": (301, {"Location": "/news/2026/press.html"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/huge.txt": (200, {"Content-Type": "text/plain"}, b"a" * (limits.DOCUMENT_BYTES["text"] + 1)),
        "/photo": (200, {"Content-Type": "image/png"}, PNG),
        "/blob": (200, {"Content-Type": "application/octet-stream"}, PNG),
        "/missing": (404, {"Content-Type": "text/html"}, b"not found"),
        "/gzipped.html": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(PAGE)),
        "/deflated.html": (200, {"Content-Type": "text/html", "Content-Encoding": "deflate"}, zlib.compress(PAGE)),
        "/bomb.txt": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
                      gzip.compress(b"a" * (limits.DOCUMENT_BYTES["text"] + 1))),
        "/brotli.html": (200, {"Content-Type": "text/html", "Content-Encoding": "br"}, b"\x1b\x00"),
        "/cut.html": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(PAGE)[:40]),
        "/trickle.html": (200, {"Content-Type": "text/html"}, PAGE),
    }

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/trickle.html":  # one byte every half second: each read gets something
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.handle_error = lambda request, address: None  # a client that stops reading is expected
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def catalog(folder: Path) -> list[dict[str, str]]:
    with open(folder / "catalog.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


TODAY = dt.date.today().isoformat()


@pytest.mark.parametrize("path, file, body", [
    ("/news/2026/press.html", "127.0.0.1-news-2026-press.html", PAGE),
    ("/files/release.pdf", "127.0.0.1-files-release.pdf", PDF),
    ("/download", "127.0.0.1-download.pdf", PDF),  # octet-stream, a PDF by its bytes
])
def test_a_url_is_saved_byte_for_byte_and_catalogued(site, seeds, capsys, path, file, body):
    assert main(["add", site + path, "--seeds", str(seeds)]) == 0
    assert (seeds / file).read_bytes() == body
    doc_id = Path(file).stem
    assert capsys.readouterr().out == f"added {file} as {doc_id}\n"
    [row] = catalog(seeds)
    assert row == {"file": file, "doc_id": doc_id, "title_ja": "", "title_en": "", "publisher": "",
                   "kind": "", "published": "", "url": site + path, "retrieved": TODAY}
    assert corpus.load_corpus(seeds).get(doc_id).url == site + path


def test_a_redirect_is_followed_and_the_url_given_is_recorded(site, seeds):
    assert main(["add", site + "/old", "--seeds", str(seeds)]) == 0
    [row] = catalog(seeds)
    assert (seeds / row["file"]).read_bytes() == PAGE
    assert row["url"] == site + "/old" and row["retrieved"] == TODAY


def test_a_local_file_is_copied_and_a_row_appended_to_the_catalog_as_it_is(seeds, tmp_path, capsys):
    cat = "file,doc_id,title_ja,title_en,publisher,kind,published,url,retrieved\r\n" \
          "a.txt,発表-1,発表,,防衛省,,2026-04-17,,\r\n"
    (seeds / "a.txt").write_bytes("防衛省は日米の協議について発表した。".encode("cp932"))
    (seeds / "catalog.csv").write_bytes(cat.encode("cp932"))
    src = tmp_path / "release.docx"
    shutil.copy(DATA / "press_release.docx", src)
    assert main(["add", str(src), "--seeds", str(seeds)]) == 0
    assert (seeds / "release.docx").read_bytes() == src.read_bytes()
    assert capsys.readouterr().out == "added release.docx as release\n"
    assert (seeds / "catalog.csv").read_bytes() == (cat + f"release.docx,release,,,,,,,{TODAY}\r\n").encode("cp932")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)",
                                 "data:text/html,<p>x</p>", "ftp://example.org/a.pdf"])
def test_other_schemes_are_refused_in_one_line(seeds, capsys, url):
    assert main(["add", url, "--seeds", str(seeds)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jdib: error: {url}: jdib fetches only http and https") and err.count("\n") == 1
    assert snapshot(seeds) == {}


@pytest.mark.parametrize("path, reason", [
    ("/huge.txt", "more than jdib reads from one document (16 MB)"),
    ("/photo", "the content type image/png is not a document"),
    ("/blob", "application/octet-stream whose bytes are not a PDF or DOCX"),
    ("/to-file", "redirects to file:///etc/passwd; jdib fetches only http and https"),
    ("/loop", "redirected more than 5 times"),
    ("/missing", "HTTP 404"),
])
def test_what_is_not_a_document_is_refused_and_nothing_written(site, seeds, capsys, path, reason):
    (seeds / "catalog.csv").write_bytes(b"file,doc_id,title_ja,title_en,publisher,kind,published\n")
    before = snapshot(seeds)
    assert main(["add", site + "/news/2026/press.html", site + path, "--seeds", str(seeds)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jdib: error: {site + path}: ") and reason in err and err.count("\n") == 1
    assert snapshot(seeds) == before  # the first, good URL is not added either


def test_a_local_file_no_reader_takes_is_refused(seeds, tmp_path, capsys):
    image = tmp_path / "photo.png"
    image.write_bytes(PNG)
    assert main(["add", str(image), "--seeds", str(seeds)]) == 2
    err = capsys.readouterr().err
    assert err == f"jdib: error: {image}: an image: jdib reads text, not pictures\n"
    assert snapshot(seeds) == {}


def test_the_same_document_is_not_added_twice(site, seeds, tmp_path, capsys):
    url = site + "/news/2026/press.html"
    assert main(["add", url, "--seeds", str(seeds)]) == 0
    before = snapshot(seeds)
    capsys.readouterr()
    copy = tmp_path / "saved.html"
    copy.write_bytes(PAGE)
    assert main(["add", url, str(copy), site + "/old", "--seeds", str(seeds)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{src}: already there as 127.0.0.1-news-2026-press.html (127.0.0.1-news-2026-press)"
                   for src in (url, str(copy), site + "/old")]
    assert snapshot(seeds) == before


def test_doc_ids_and_file_names_stay_unique(seeds, tmp_path):
    (seeds / "release.txt").write_text("防衛省は日米の協議について発表した。", encoding="utf-8")
    src = tmp_path / "release.txt"
    src.write_text("防衛省は日豪の協議について発表した。", encoding="utf-8")
    assert main(["add", str(src), "--seeds", str(seeds)]) == 0
    [row] = catalog(seeds)
    assert row["file"] == "release-2.txt" and row["doc_id"] == "release-2"
    assert len(corpus.load_corpus(seeds).documents) == 2


@pytest.mark.parametrize("path", ["/gzipped.html", "/deflated.html"])
def test_a_compressed_response_is_saved_as_the_document_it_carries(site, seeds, path):
    assert main(["add", site + path, "--seeds", str(seeds)]) == 0
    [row] = catalog(seeds)
    assert (seeds / row["file"]).read_bytes() == PAGE
    assert corpus.load_corpus(seeds).get(row["doc_id"]).title == "防衛装備移転に関する発表"


@pytest.mark.parametrize("path, reason", [
    ("/bomb.txt", "more than jdib reads from one document (16 MB)"),
    ("/brotli.html", "encoded as 'br', which jdib does not decode (it decodes gzip and deflate)"),
    ("/cut.html", "its compressed body ends before it is complete"),
])
def test_a_compressed_response_past_a_limit_or_undecodable_is_refused(site, seeds, capsys, path, reason):
    assert main(["add", site + path, "--seeds", str(seeds)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jdib: error: {site + path}: ") and reason in err and err.count("\n") == 1
    assert snapshot(seeds) == {}


def test_the_time_limit_is_on_the_whole_transfer_not_on_each_read(site, seeds):
    from jdib.errors import InputError
    from jdib.ingest import fetch

    start = time.monotonic()
    with pytest.raises(InputError, match="was not received within 2 s"):
        fetch.fetch(site + "/trickle.html", timeout=2)
    assert time.monotonic() - start < 3.5  # not len(PAGE) / 2 seconds


@pytest.mark.parametrize("url, shown", [
    ("http://user:s3cr3t@127.0.0.1:9/a.pdf", "http://user:***@127.0.0.1:9/a.pdf"),
    ("https://user:s3cr3t@example.org/a.pdf", "https://user:***@example.org/a.pdf"),
    ("http://user:s3cr3t@host:port/a.pdf", "http://user:***@host:port/a.pdf"),
    ("http://us@er:s3cr3t@example.org/", "http://us@er:***@example.org/"),
    ("ftp://user:s3cr3t@example.org/a.pdf", "ftp://user:***@example.org/a.pdf"),
    ("http://token@example.org/a.pdf", "http://token@example.org/a.pdf"),
])
def test_a_password_in_a_url_is_never_printed(seeds, capsys, url, shown):
    assert main(["add", url, "--seeds", str(seeds)]) == 2
    captured = capsys.readouterr()
    assert "s3cr3t" not in captured.err + captured.out
    assert captured.err.startswith(f"jdib: error: {shown}: ") and captured.err.count("\n") == 1
    assert snapshot(seeds) == {}
