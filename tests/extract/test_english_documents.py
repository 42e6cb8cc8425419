"""English documents read by the same engine as Japanese ones, and merged with them."""

import pytest

from jdib.extract.events import events_table
from jdib.extract.figures import figures_table
from jdib.extract.outcomes import closing_verb
from jdib.extract.programs import programs_table
from jdib.extract.sentences import split_sentences
from jdib.ingest.corpus import Corpus, parse_document
from jdib.ingest.text import language

READOUT = """U.S. Department of War
Readout

Secretary of War Hegseth Meets Japanese Defense Minister

Jan. 15, 2026

WASHINGTON — Secretary of War Pete Hegseth hosted Japanese Minister of Defense Koizumi Shinjiro at the Pentagon today.

The two agreed to accelerate co-production of AMRAAM. The talks lasted about 85 minutes.
"""
JAPANESE = """日米防衛相会談
2026年1月16日
小泉防衛大臣は15日(現地時間)、ワシントンの米国防総省でヘグセス米戦争長官と会談した。
"""


def _events(*docs):
    return events_table([parse_document(name, text) for name, text in docs])


def test_a_readout_gives_its_meeting_with_parties_participants_and_venue():
    row = _events(("readout", READOUT)).iloc[0]
    assert (row.event_id, row.date, row.status, row.parties) == ("ministerial-2026-01-15", "2026-01-15", "held", "JP;US")
    assert row.venue == "the Pentagon"
    assert "Pete Hegseth" in row.participants_en and "Koizumi Shinjiro" in row.participants_en


def test_an_english_and_a_japanese_report_of_one_meeting_are_one_row_citing_both():
    got = _events(("readout", READOUT), ("jp", JAPANESE))
    assert got[["event_id", "doc_ids"]].values.tolist() == [["ministerial-2026-01-15", "jp;readout"]]


def test_a_meeting_of_other_parties_told_in_the_same_words_is_not_us_japan():
    text = READOUT.replace("Japanese Minister of Defense Koizumi Shinjiro",
                           "Australian Deputy Prime Minister and Minister for Defence Richard Marles")
    row = _events(("readout", text)).iloc[0]
    assert (row.series, row.parties) == ("defence ministers", "AU;US")


@pytest.mark.parametrize("body, date, status", [
    ("TOKYO, Oct. 29 (Jiji Press) — Koizumi and Hegseth agreed on Wednesday, at their first defense ministers' "
     "meeting, to speed up missile co-production.", "2025-10-29", "held"),
    ("Defense Minister Shinjiro Koizumi is scheduled to meet U.S. Secretary of War Pete Hegseth at the Pentagon "
     "on Jan. 15.", "2026-01-15", "planned"),
])
def test_wire_forms_are_dated_against_the_dateline_and_the_tense(body, date, status):
    published = "October 29, 2025" if "Oct." in body else "December 20, 2025"
    row = _events(("wire", f"Headline\n\n{published}\n\n{body}\n")).iloc[0]
    assert (row.date, row.status) == (date, status)


@pytest.mark.parametrize("text, ordinal", [
    ("The two sides held the second U.S.-Japan Forum on Defense Industrial Cooperation, Acquisition and "
     "Sustainment (DICAS) in Honolulu on October 7, 2024.", 2),
    ("On April 14, 2026, the two sides met for the fourth time under DICAS.", 4),
    ("The 10th Security Cooperation Consultative Meeting was held on January 28, 2026.", 10),
])
def test_series_and_ordinals_in_english(text, ordinal):
    row = _events(("statement", f"Statement\n\n{text}\n")).iloc[0]
    assert int(row.ordinal) == ordinal


def test_english_sentences_split_at_full_stops_not_abbreviations():
    assert split_sentences("Dr. William LaPlante met Gen. Smith at 9 a.m. Tuesday. They agreed.") == [
        "Dr. William LaPlante met Gen. Smith at 9 a.m. Tuesday.", "They agreed."]


def test_language_of_a_text():
    assert [language(t) for t in ("日米はDICASを開催した", "Japan and the U.S. held DICAS", "")] == ["ja", "en", ""]


def test_outcomes_programs_and_figures_in_english():
    doc = parse_document("readout", READOUT)
    assert closing_verb("The two agreed to accelerate co-production of AMRAAM.") == ("agreed", "agreed")
    programs = programs_table(Corpus(doc.path.parent, (doc,)))
    assert programs[["program_id", "stage"]].values.tolist() == [["amraam", "agreed_to_accelerate"]]
    figures = figures_table(Corpus(doc.path.parent, (doc,)))
    assert figures[["value", "unit", "approx"]].values.tolist() == [[85.0, "minutes", True]]
