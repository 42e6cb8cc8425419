"""Word documents: headings, list items and paragraphs in order."""

from __future__ import annotations

from pathlib import Path

from jdib.ingest.corpus import load_corpus
from jdib.store import tables

FORMATS = Path(__file__).resolve().parents[2] / "data" / "formats"


def test_the_press_release_as_docx_reads_as_its_txt(tmp_path):
    (tmp_path / "pr.docx").write_bytes((FORMATS / "press_release.docx").read_bytes())
    doc = load_corpus(tmp_path).get("pr")
    assert doc.fmt == "docx" and len(doc.paragraphs) == 19
    heading = next(p for p in doc.paragraphs if p.role == "heading")
    assert heading.text == "第4回日米防衛産業協力・取得・維持整備定期協議(「DICAS 2.0」)の開催"
    assert sum(p.role == "bullet" for p in doc.paragraphs) == 13
    assert "2026-04-14" in set(tables.build(load_corpus(tmp_path))["events"]["date"])


def test_a_small_word_file_whose_parts_inflate_to_gigabytes_is_skipped_and_the_others_are_read(tmp_path, caplog):
    import zipfile

    source = zipfile.ZipFile(FORMATS / "press_release.docx")
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
        xml = source.read("word/document.xml")
        head, tail = xml.split(b"<w:body>", 1)
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head + b"<w:body>")
            for _ in range(1024):  # 1 GiB of spaces between the elements
                part.write(b" " * (1 << 20))
            part.write(tail)
    assert (tmp_path / "bomb.docx").stat().st_size < 2_000_000
    (tmp_path / "pr.docx").write_bytes((FORMATS / "press_release.docx").read_bytes())
    assert [d.doc_id for d in load_corpus(tmp_path)] == ["pr"]
    assert ("bomb.docx: the Word file's parts inflate to 1.1 GB, more than jdib reads (256 MB); not read"
            in caplog.text)


def test_a_table_row_keeps_every_column_and_a_merged_cell_once(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("日米共同生産の対象装備品について、防衛装備庁が進捗をまとめた。")
    table = document.add_table(rows=3, cols=3)
    for i, row in enumerate([("装備品", "共同生産", "維持整備"), ("AMRAAM", "○", "○"), ("PAC-3", "", "")]):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    table.cell(2, 1).merge(table.cell(2, 2)).text = "○（合意済み）"
    document.save(tmp_path / "table.docx")
    rows = [p.text for p in load_corpus(tmp_path).get("table").paragraphs if p.role == "table_row"]
    assert rows == ["装備品\n共同生産\n維持整備", "AMRAAM\n○\n○", "PAC-3\n○(合意済み)"]  # brackets folded as in every format
