"""PDF: paragraphs rebuilt from hard-wrapped lines, furniture dropped, pages kept."""

from __future__ import annotations

from pathlib import Path

import io

import pypdf
import pytest

from jdib.ingest.corpus import load_corpus
from jdib.ingest.readers import Skip, read
from jdib.ingest.readers.pdf import paragraphs, _Line
from jdib.store import tables

FORMATS = Path(__file__).resolve().parents[2] / "data" / "formats"

PDF = FORMATS / "press_release.pdf"


def test_the_two_page_press_release_reads_as_the_paragraphs_a_reader_would_cut(tmp_path):
    got = read(PDF, PDF.read_bytes())
    assert (got.fmt, got.pages) == ("pdf", 2)
    pages = got.text.split("\f")
    first = [line for line in pages[0].splitlines() if line]
    assert first[:4] == ["(お知らせ)", "令和8年4月17日", "防衛省",
                         "第4回日米防衛産業協力・取得・維持整備定期協議（「DICAS 2.0」）の開催"]
    # The item cut by the page break is whole, on the page it starts on.
    assert first[-1].startswith("・艦船整備作業部会について") and first[-1].endswith(
        "日本企業による米海軍艦船の維持整備が拡大・深化するよう、契約形態の改善やサプライチェーン"
        "協力について引き続き議論していくことで一致した。")
    # A sentence ending at a line's end inside a list item does not split the item.
    assert any(p.startswith("・ミサイル共同生産作業部会") and "SM-3 ブロックIIA" in p for p in first)
    # The running header and the page numbers are gone.
    assert not any("報道資料" in line or line.strip("- ").isdigit() for line in got.text.splitlines())


def test_pdf_paragraphs_carry_their_page_and_the_tables_the_same_events(tmp_path):
    (tmp_path / "pr.pdf").write_bytes(PDF.read_bytes())
    doc = load_corpus(tmp_path).get("pr")
    assert len(doc.paragraphs) == 19
    pages = [p.page for p in doc.paragraphs]
    assert pages == sorted(pages) and set(pages) == {1, 2}
    assert next(p for p in doc.paragraphs if p.text.startswith("航空機整備作業部会")).page == 2
    built = tables.build(load_corpus(tmp_path))
    assert set(built["paragraphs"]["page"].dropna()) == {1, 2}
    assert "2026-04-14" in set(built["events"]["date"])


def test_radical_look_alikes_become_the_ordinary_characters(tmp_path):
    (tmp_path / "r.pdf").write_bytes((FORMATS / "radicals.pdf").read_bytes())
    doc = load_corpus(tmp_path).get("r")
    texts = [p.text for p in doc.paragraphs]
    assert "日米防衛相会談の開催" in texts
    assert "本日、防衛大臣は米国防長官と会談し、防衛装備品の共同生産で協力することで一致した。" in texts
    assert "両者は、官民の防衛産業基盤を強化する方針を確認した。" in texts
    assert not any(0x2E80 <= ord(c) <= 0x2FDF for t in texts for c in t)
    assert str(doc.published) == "2026-04-17"
    assert all(p.page == 1 for p in doc.paragraphs)


def test_hard_wrapped_lines_join_without_spaces_and_stop_at_short_lines():
    def line(text, left=70.0, right=520.0, bottom=700.0):
        return _Line(text, left, right, bottom + 10, bottom)

    got = paragraphs([[line("防衛装備品の共同生産について、両者は議論を", bottom=700),
                       line("進めることで一致した。", right=240, bottom=682),
                       line("1 総論", right=120, bottom=664),
                       line("The parties agreed to work", right=500, bottom=646),
                       line("together.", right=150, bottom=628)]])
    assert got == [(1, "防衛装備品の共同生産について、両者は議論を進めることで一致した。"),
                   (1, "1 総論"), (1, "The parties agreed to work together.")]


def _encrypted(data: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("make, reason", [
    (lambda: _encrypted(PDF.read_bytes()), "encrypted"),
    (lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated", "damaged"),
    (_scanned, "no text layer"),
])
def test_unreadable_pdfs_are_skipped_with_one_line_naming_file_and_reason(tmp_path, caplog, make, reason):
    (tmp_path / "bad.pdf").write_bytes(make())
    (tmp_path / "good.pdf").write_bytes(PDF.read_bytes())
    with pytest.raises(Skip, match=reason):
        read(tmp_path / "bad.pdf", (tmp_path / "bad.pdf").read_bytes())
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["good"]
    assert corpus.skipped[0][0] == "bad.pdf" and reason in corpus.skipped[0][1]
    assert f"bad.pdf: " in caplog.text and reason in caplog.text
    with pytest.raises(Skip, match=f"bad.pdf: .*{reason}"):
        load_corpus(tmp_path, strict=True)


def _serialised(objects: list[bytes]) -> bytes:
    """A PDF file of numbered objects (1 the catalog), with its cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf(contents: list[bytes], filters: str = "") -> bytes:
    """A minimal PDF: one page per content stream (already encoded with ``filters``)."""
    n = len(contents)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
               + b"] /Count %d >>" % n]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (4 + 2 * i))
        objects.append(b"<< /Length %d %s>>\nstream\n" % (len(content), filters.encode()) + content
                       + b"\nendstream")
    return _serialised(objects)


def _deflated(size: int) -> bytes:
    """``size`` bytes of spaces, deflated a slice at a time (a few hundred kB)."""
    import zlib

    z, chunk, out = zlib.compressobj(9), b" " * (1 << 20), []
    for _ in range(size >> 20):
        out.append(z.compress(chunk))
    return b"".join(out) + z.flush()


def test_a_small_pdf_whose_streams_inflate_to_gigabytes_is_skipped_and_the_others_are_read(tmp_path, caplog):
    import resource

    bomb = _pdf([_deflated(1536 << 20)], "/Filter /FlateDecode ")  # 1.5 GiB of page content
    assert len(bomb) < 2_000_000
    (tmp_path / "bomb.pdf").write_bytes(bomb)
    (tmp_path / "pr.pdf").write_bytes(PDF.read_bytes())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    corpus = load_corpus(tmp_path)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # kB: nothing inflated whole
    assert [d.doc_id for d in corpus] == ["pr"]
    assert ("bomb.pdf: the PDF's compressed streams inflate to more than jdib reads (256 MB); not read"
            in caplog.text)


def test_a_pdf_with_more_pages_than_the_limit_is_skipped_naming_it(tmp_path, caplog):
    (tmp_path / "long.pdf").write_bytes(_pdf([b"BT ET"] * 2001))
    (tmp_path / "pr.pdf").write_bytes(PDF.read_bytes())
    assert [d.doc_id for d in load_corpus(tmp_path)] == ["pr"]
    assert "long.pdf: the PDF has 2,001 pages, more than jdib reads from one document (2,000)" in caplog.text


def _text_pdf(pages: list[list[tuple[int, str]]]) -> bytes:
    """A PDF of Helvetica lines: per page, each line's baseline (points from the bottom) and text."""
    n = len(pages)
    font = 3 + 2 * n
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
               + b"] /Count %d >>" % n]
    for i, lines in enumerate(pages):
        ops = b"".join(b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (y, text.encode("latin-1")) for y, text in lines)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _serialised(objects)


def test_a_page_break_ends_a_paragraph_and_each_paragraph_cites_its_page(tmp_path):
    slides = [[(700, f"Slide {n}: SM-3 Block IIA"), (680, f"Production of the interceptor rose {n}-fold in 2025.")]
              for n in (1, 2, 3)]
    (tmp_path / "deck.pdf").write_bytes(_text_pdf(slides))
    review = [[(700, f"Page {n} of the programme review lists the work done and the work still to come")]
              for n in range(1, 2000)]
    (tmp_path / "review.pdf").write_bytes(_text_pdf(review))
    corpus = load_corpus(tmp_path)
    assert [(p.page, p.text) for p in corpus.get("deck").paragraphs] == [
        (n, text) for n in (1, 2, 3)
        for text in (f"Slide {n}: SM-3 Block IIA", f"Production of the interceptor rose {n}-fold in 2025.")]
    paras = corpus.get("review").paragraphs
    assert [p.page for p in paras] == list(range(1, 2000))
    assert all(p.text == f"Page {p.page} of the programme review lists the work done and the work still to come"
               for p in paras)


def test_a_sentence_cut_by_a_page_break_goes_on_over_that_break_and_never_past_it():
    def page(*texts):  # a line's width: full, or short when it ends its paragraph
        return [_Line(text, 70.0, 520.0 if full else 300.0, 710.0 - 18 * i, 700.0 - 18 * i)
                for i, (text, full) in enumerate(texts)]

    got = paragraphs([page(("防衛装備品の共同生産について、両者はサプライチェーンの強化に向けた", True)),
                      page(("協力を続けることで一致し、部品の供給網を点検する作業を重ねてきたが、", True)),
                      page(("その成果を年内に取りまとめる。", False)),
                      page(("The parties agreed to keep working on the supply chain of the", True)),
                      page(("interceptor and on its parts.", False),
                           ("Slide 5: SM-3 Block IIA, the interceptor the two build together", True)),
                      page(("Production rose fourfold in 2025.", True))])
    assert got == [(1, "防衛装備品の共同生産について、両者はサプライチェーンの強化に向けた"
                       "協力を続けることで一致し、部品の供給網を点検する作業を重ねてきたが、"),
                   (3, "その成果を年内に取りまとめる。"),
                   (4, "The parties agreed to keep working on the supply chain of the interceptor and on its parts."),
                   (5, "Slide 5: SM-3 Block IIA, the interceptor the two build together"),
                   (6, "Production rose fourfold in 2025.")]


def test_a_pdf_whose_every_line_repeats_on_every_page_is_skipped_and_the_others_are_read(tmp_path, caplog):
    import pandas as pd

    from jdib.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    furniture = [(800, "Ministry of Defense - Confidential draft"), (40, "Printed copy, not for release")]
    (seeds / "furniture.pdf").write_bytes(_text_pdf([furniture] * 4))
    (seeds / "pr.pdf").write_bytes(PDF.read_bytes())
    assert [d.doc_id for d in load_corpus(seeds)] == ["pr"]
    reason = ("furniture.pdf: every line of the PDF's 4 page(s) repeats at the top or bottom of the pages "
              "(running headers, footers, page numbers): no text is left to read")
    assert reason in caplog.text
    out = tmp_path / "tables"
    assert main(["tables", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--out", str(out)]) == 0
    assert pd.read_csv(out / "documents.csv")["doc_id"].tolist() == ["pr"]
