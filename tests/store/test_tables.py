"""Building every table: no document, however it reads, stops the others."""

from __future__ import annotations

import logging
import shutil

from jdib import paths
from jdib.ingest.corpus import load_corpus
from jdib.store import tables

# A wire story that reads the April 2024 summit as the moment a forum was set up,
# while the White Paper seed reads it as the summit itself.
WIRE_PAC3 = """\
パトリオット増産で日米協力 2024年06月06日 11時09分
日米両政府は、地対空誘導弾パトリオット(PAC3)の生産拡大に向けて協力する。
2024年4月の日米首脳会談を受けて設置された協議の場で、部品の供給網を点検する。
"""


def test_a_summit_read_as_an_establishment_does_not_crash_the_build(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(paths.SEEDS / "001_50ca88d8bf83d251.txt", seeds)
    (seeds / "wire_pac3.txt").write_text(WIRE_PAC3, encoding="utf-8")
    built = tables.build(load_corpus(seeds))
    events = built["events"]
    assert events["event_id"].is_unique
    summits = events[events["series"] == "summit"]
    assert "2024-04" in set(summits["date"])
    assert set(summits.loc[summits["date"] == "2024-04", "kind"]) >= {"summit"}


def test_a_document_whose_extraction_fails_is_left_out_with_a_warning(tmp_path, monkeypatch, caplog):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(paths.SEEDS / "000_2f15327de1485db2.txt", seeds)
    (seeds / "bad.txt").write_text("壊れた文書\n本文は2024年6月9日に開催された。\n", encoding="utf-8")
    corpus = load_corpus(seeds)
    real = tables.BUILDERS["figures"]

    def fragile(c):
        if any(d.doc_id == "bad" for d in c):
            raise tables.InconsistentDocument("bad", "bad:p2", "two readings of one event")
        return real(c)

    monkeypatch.setitem(tables.BUILDERS, "figures", fragile)
    with caplog.at_level(logging.WARNING):
        built = tables.build(corpus)
    assert "bad" not in set(built["documents"]["doc_id"])
    assert set(built["documents"]["doc_id"]) == {d.doc_id for d in corpus if d.doc_id != "bad"}
    assert any("bad:p2" in r.getMessage() and "two readings" in r.getMessage() for r in caplog.records)


RELEASE = "令和9年1月22日\n防衛省\n#### 第5回DICASの開催\n- 防衛装備庁は、第5回の定期協議を開催したと発表した。\n"


def test_documents_in_every_encoding_jdib_decodes_are_tabled(tmp_path):
    import pandas as pd

    from jdib.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    saved = {"utf-8": RELEASE.encode("utf-8"), "cp932": RELEASE.encode("cp932"),
             "euc_jp": RELEASE.encode("euc_jp"), "iso2022_jp": RELEASE.encode("iso2022_jp"),
             "utf-16": RELEASE.encode("utf-16"), "utf-32": RELEASE.encode("utf-32")}
    for encoding, data in saved.items():
        (seeds / f"{encoding}.txt").write_bytes(data)
    out = tmp_path / "tables"
    assert main(["tables", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--out", str(out)]) == 0
    docs = pd.read_csv(out / "documents.csv").set_index("doc_id")
    assert dict(zip(docs.index, docs["encoding"])) == {
        "utf-8": "utf-8", "cp932": "cp932", "euc_jp": "euc_jp", "iso2022_jp": "iso2022_jp",
        "utf-16": "utf-16", "utf-32": "utf-32"}
    assert set(docs["title_ja"]) == {"第5回DICASの開催"}


def test_the_documents_table_allows_every_encoding_the_text_reader_reports():
    from jdib.ingest.readers.text import DECODED
    from jdib.store import schema

    assert set(DECODED) <= set(schema.FIELDS["encoding"].allowed)
