"""Scores on the blind sets: documents no rule was written from (``tests/data/blind/``,
``tests/data/blind-final/``, written last and scored once, ``tests/data/blind-events/``, events of
every kind, and ``tests/data/blind-pages/``, pages in the layouts of any site, scored for their
titles, dates, publishers, kinds and tiers).

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
from scoring import print_page_scores, print_scores

#: Events precision and recall (exact date) of each set when last measured.
FLOORS = {"blind": (0.67, 0.61), "blind-final": (0.57, 0.45), "blind-events": (0.82, 0.70)}
SETS = [paths.ROOT / "tests" / "data" / name for name in ("blind", "blind-final", "blind-events", "blind-pages")]


@pytest.fixture(scope="module", params=[s for s in SETS if (s / "facts.yaml").exists()], ids=lambda s: s.name)
def scored(request):
    corpus = load_corpus(request.param)
    facts = yaml.safe_load((request.param / "facts.yaml").read_text(encoding="utf-8"))
    return corpus, tables.build(corpus), facts


def test_no_us_japan_row_holds_a_meeting_of_other_parties(scored, capsys):
    corpus, built, facts = scored
    with capsys.disabled():
        events, published, titles, problems, other = print_scores(corpus, built, facts)
        print_page_scores(corpus, built, facts)
    assert other == [], "a US-Japan series holds a meeting of other parties"
    assert not problems["planned shown as held"]
    # The scores as last measured: a rule that loses ground on documents it was not
    # written from shows here.
    floor = FLOORS.get(corpus.root.name)
    if floor:
        assert events.precision >= floor[0] and events.recall >= floor[1], (events.precision, events.recall)
