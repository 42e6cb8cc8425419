"""Specification of merging disagreeing sources (jdib.extract.conflicts, via the events table).

The corpus in tests/data/sources is one meeting told four times: the agency's
release, a wire story agreeing with it, a regional paper's reprint of that
story, and a machine-generated page with the wrong day and attendees who had
long left office.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from jdib import paths
from jdib.ingest.corpus import load_corpus
from jdib.store import tables

SOURCES = paths.ROOT / "tests" / "data" / "sources"
FILES = {"atla-dicas3.txt": "atla", "jiji-dicas3.txt": "jiji",
         "regional-dicas3.txt": "regional", "aggregator-dicas3.txt": "aggregator"}


@pytest.fixture(scope="module")
def built():
    return tables.build(load_corpus(SOURCES))


def test_one_meeting_told_four_times_is_one_row_with_the_official_date_and_attendees(built):
    [event] = built["events"].itertuples()
    assert (event.event_id, event.date, event.status) == ("dicas-3", "2024-12-11", "held")
    assert "深澤雅貴" in event.participants and "ラプランテ" in event.participants
    assert "中山泰秀" not in event.participants and "ヒックス" not in event.participants
    assert event.confirmed


def test_the_reprint_counts_once(built):
    [event] = built["events"].itertuples()
    assert event.n_sources == 3  # release, wire story (with its reprint), machine-made page
    [date] = built["conflicts"].query("field == 'date'").itertuples()
    assert date.chosen_n_stories == 2 and "regional-dicas3:p" in date.chosen_sources


def test_the_machine_generated_claims_are_conflicts_not_facts_one_row_per_disputed_field(built):
    conflicts = built["conflicts"]
    got = conflicts[["event_id", "field", "chosen_value", "chosen_reliability", "other_value",
                     "other_sources", "other_reliability"]]
    people = conflicts.set_index("field").loc["participants"]
    expected = pd.DataFrame({
        "event_id": ["dicas-3", "dicas-3"],
        "field": ["date", "participants"],
        "chosen_value": ["2024-12-11", people.chosen_value],
        "chosen_reliability": ["official;established", "official"],
        "other_value": ["2024-12-12", people.other_value],
        "other_sources": ["aggregator-dicas3:p3", "aggregator-dicas3:p3"],
        "other_reliability": ["other", "other"],
    })
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    assert "深澤雅貴" in people.chosen_value and "ラプランテ" in people.chosen_value
    assert "中山泰秀" in people.other_value and "ヒックス" in people.other_value
    assert conflicts.reason.str.startswith("official source").all()


def test_renaming_files_so_the_machine_made_page_sorts_first_changes_nothing(tmp_path):
    def folder(name: str, rename) -> Path:
        root = tmp_path / name
        root.mkdir()
        rows = ["file,doc_id,title_ja,title_en,publisher,kind,published"]
        for file, doc_id in FILES.items():
            shutil.copy(SOURCES / file, root / rename(file))
            rows.append(f"{rename(file)},{doc_id},,,,,")
        (root / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        return root

    plain = tables.build(load_corpus(folder("plain", lambda f: f)))
    renamed = tables.build(load_corpus(folder("renamed", lambda f: ("0-" if "aggregator" in f else "z-") + f)))
    for name in plain:
        a, b = plain[name], renamed[name]
        if name == "documents":
            a, b = a.drop(columns="file"), b.drop(columns="file")
        pd.testing.assert_frame_equal(a, b, obj=name)


def test_a_meeting_only_a_machine_made_page_reports_is_unconfirmed(tmp_path):
    shutil.copy(SOURCES / "aggregator-dicas3.txt", tmp_path)
    built = tables.build(load_corpus(tmp_path))
    assert built["events"]["confirmed"].tolist() == [False]
    assert built["conflicts"].empty


def test_sources_that_agree_leave_no_conflict(tmp_path):
    for file in ("atla-dicas3.txt", "jiji-dicas3.txt"):
        shutil.copy(SOURCES / file, tmp_path)
    built = tables.build(load_corpus(tmp_path))
    assert built["conflicts"].empty
    assert built["events"][["event_id", "date", "n_sources"]].values.tolist() == [["dicas-3", "2024-12-11", 2]]
