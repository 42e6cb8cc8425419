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
