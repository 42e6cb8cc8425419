"""Scores on the blind set: documents no rule was written from (``tests/data/blind/``).

The figures are printed (``pytest -s``) as a measure of how the rules hold on
forms they were not written from; what is held to a bar is the promise that
holds everywhere: a US-Japan series never takes a meeting of other parties.
"""

from __future__ import annotations

import pytest
import yaml

from jdib import paths
from jdib.ingest.corpus import load_corpus
from jdib.store import tables
from scoring import print_scores

BLIND = paths.ROOT / "tests" / "data" / "blind"
FACTS = BLIND / "facts.yaml"

pytestmark = pytest.mark.skipif(not FACTS.exists(), reason="no blind set")


@pytest.fixture(scope="module")
def scored(capsys_module=None):
    corpus = load_corpus(BLIND)
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    return corpus, tables.build(corpus), facts


def test_no_us_japan_row_holds_a_meeting_of_other_parties(scored, capsys):
    corpus, built, facts = scored
    with capsys.disabled():
        events, published, titles, problems, other = print_scores(corpus, built, facts)
    assert other == [], "a US-Japan series holds a meeting of other parties"
    assert not problems["planned shown as held"]
