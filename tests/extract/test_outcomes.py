"""Outcomes: each result a meeting reports, classed by its closing verb."""

import pandas as pd
import pytest

from jdib.ingest.corpus import parse_document
from jdib.extract.outcomes import CLASSES, closing_verb, outcomes_table


@pytest.mark.parametrize("sentence, cls", [
    ("両者は、取組を加速させることで一致した。", "agreed"),
    ("両者は、具体的方策を確認し、可能性を見積もることで一致した。", "agreed"),
    ("重要であることを重ねて確認した。", "confirmed"),
    ("修理が行われたことを歓迎した。", "welcomed"),
    ("進捗状況の報告を受けた。", "received_report"),
    ("より詳細な情報を提供するよう引き続き要請した。", "requested"),
    ("減少の傾向にあることを評価した。", "evaluated"),
    ("重要性を強調した。", "emphasized"),
    ("必要性について議論した。", "discussed"),
    ("具体的方策について率直な意見交換を行った。", "discussed"),
    ("評価するとともに、取り組むことについて確認した。", "confirmed"),
    ("参考にしたい旨を述べた。", "other"),
])
def test_closing_verbs(sentence, cls):
    assert closing_verb(sentence)[0] == cls


def test_the_seed_meetings_have_their_outcomes(seed_tables):
    outcomes = seed_tables["outcomes"]
    assert set(outcomes.verb_class) <= set(CLASSES)
    dicas = outcomes[outcomes.doc_id == "mod-20260417-dicas4"]
    assert dicas.verb_class.value_counts()["agreed"] >= 7
    sccm = outcomes[outcomes.doc_id == "news-20260202-sccm10"]
    assert "requested" in set(sccm.verb_class)
    assert set(outcomes.series) == {"DICAS", "SCCM", "ministerial"}


def test_list_items_take_the_verb_of_their_introduction():
    doc = parse_document("d", "#### 第2回PIP IR全体会合\n両者は、次の合意事項を確認した。\n"
                              "- 生産分科会については、議論を進めていくこと\n")
    got = outcomes_table([doc])
    expected = pd.DataFrame({
        "outcome_id": ["d:o1", "d:o2"], "doc_id": ["d", "d"], "para_id": ["d:p2", "d:p3"],
        "series": ["PIP IR", "PIP IR"], "verb_class": ["confirmed", "confirmed"],
        "verb_ja": ["確認", "確認"], "topic_en": ["general", "Production Sub-committee"],
        "quote": ["両者は、次の合意事項を確認した。", "生産分科会については、議論を進めていくこと"],
    })
    pd.testing.assert_frame_equal(got, expected)


def test_documents_that_are_not_about_a_meeting_have_no_outcomes():
    doc = parse_document("d", "防衛生産・技術基盤\n令和8年2月\n防衛装備庁\n両者は一致した。\n")
    assert outcomes_table([doc]).empty
