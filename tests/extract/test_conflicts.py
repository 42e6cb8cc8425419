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


# --- Disagreements beyond the merged fields: figures, and rows telling one story ----------

CORPUS = paths.ROOT / "tests" / "data" / "corpus"
RELEASE = "mod-20250330-ministerial.md"  # the ministry: 約85分間, on 30 March
AGGREGATOR = "f04e.txt"                  # a machine-made page: 約1時間半, on 29 March


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def conflicts_of(root: Path) -> pd.DataFrame:
    return tables.build(load_corpus(root))["conflicts"]


WIRE = ("日米防衛相が会談\n2025年3月30日\n"
        "中谷元防衛相は2025年3月30日、ヘグセス米国防長官と防衛省で会談した。会談は{length}行われた。（共同）\n")


@pytest.mark.parametrize("length, disputed", [
    ("約1時間半", "~1.5 hours"),  # 90 minutes is not 85
    ("約2時間", "~2 hours"),
    ("約85分間", None),           # the same figure
])
def test_figures_the_documents_of_one_meeting_state_differently_are_a_disagreement(tmp_path, length, disputed):
    shutil.copy(CORPUS / RELEASE, tmp_path)
    folder(tmp_path, {"wire.txt": WIRE.format(length=length)})
    built = tables.build(load_corpus(tmp_path))
    [event] = built["events"].query("series == 'ministerial'").itertuples()
    got = built["conflicts"].query("field == 'duration'")
    if disputed is None:
        assert got.empty
        return
    [row] = got.itertuples()
    assert (row.event_id, row.chosen_value, row.chosen_reliability) == (event.event_id, "~85 minutes", "official")
    assert (row.other_value, row.other_sources, row.other_reliability) == (disputed, "wire:p3", "established")
    assert row.other_event_id == ""


def test_one_meeting_told_on_two_days_is_two_rows_and_a_disagreement_with_both_values(tmp_path):
    for name in (RELEASE, AGGREGATOR):
        shutil.copy(CORPUS / name, tmp_path)
    built = tables.build(load_corpus(tmp_path))
    meetings = built["events"].query("series == 'ministerial'")
    assert sorted(meetings.date) == ["2025-03-29", "2025-03-30"]  # not merged: the days differ
    got = built["conflicts"].set_index("field")
    date, length = got.loc["date"], got.loc["duration"]
    assert (date.event_id, date.chosen_value, date.chosen_sources) == (
        "ministerial-2025-03-30", "2025-03-30", "mod-20250330-ministerial:p4")
    assert (date.other_value, date.other_sources, date.other_reliability, date.other_event_id) == (
        "2025-03-29", "f04e:p3", "other", "ministerial-2025-03-29")
    assert (length.chosen_value, length.other_value) == ("~85 minutes", "~1.5 hours")


def test_a_planned_and_a_held_row_of_one_summit_disagree_on_the_date(tmp_path):
    root = folder(tmp_path, {
        "preview.txt": "日米首脳会談へ調整\n2024年4月3日\n"
                       "岸田文雄首相は10日、ワシントンでバイデン米大統領と日米首脳会談を行う予定だ。（共同）\n",
        "report.txt": "日米首脳が会談\n2024年4月12日\n"
                      "岸田文雄首相は11日、ワシントンでバイデン米大統領と日米首脳会談を行った。（共同）\n"})
    built = tables.build(load_corpus(root))
    summits = built["events"].query("series == 'summit'").set_index("status")
    [row] = built["conflicts"].query("field == 'date'").itertuples()
    assert (row.event_id, row.chosen_value, row.chosen_sources) == (summits.loc["held", "event_id"], "2024-04-11",
                                                                     "report:p3")
    assert (row.other_value, row.other_event_id) == ("2024-04-10", summits.loc["planned", "event_id"])


@pytest.mark.parametrize("files", [
    # Two meetings of one series more than a week apart are two meetings.
    {"a.txt": "日米防衛相が会談\n2025年3月30日\n中谷元防衛相は3月30日、ヘグセス米国防長官と会談した。（共同）\n",
     "b.txt": "日米防衛相が再び会談\n2025年4月12日\n中谷元防衛相は4月12日、ヘグセス米国防長官と会談した。（共同）\n"},
    # One document telling of two meetings days apart means two meetings.
    {"a.txt": "日米防衛相が相次ぎ会談\n2025年4月6日\n"
              "中谷元防衛相は4月2日にヘグセス米国防長官と会談し、4月5日にも日米防衛相会談を行った。（共同）\n"},
    # Numbered meetings with different numbers are different meetings.
    {"a.txt": "第3回DICAS\n2024年12月11日\n2024年12月11日、第3回日米防衛産業協力・取得・維持整備定期協議(DICAS)を開催した。（共同）\n",
     "b.txt": "第4回DICAS\n2024年12月14日\n2024年12月14日、第4回日米防衛産業協力・取得・維持整備定期協議(DICAS)を開催した。（共同）\n"},
])
def test_separate_meetings_are_no_disagreement(tmp_path, files):
    assert conflicts_of(folder(tmp_path, files)).empty


def test_a_figure_of_a_paragraph_about_several_events_is_nobodys(tmp_path):
    root = folder(tmp_path, {
        "a.txt": "日米防衛相が会談\n2025年3月30日\n"
                 "中谷元防衛相は2025年3月30日、ヘグセス米国防長官と会談し、同日の日米首脳会談にも同席した。会談は約1時間半だった。（共同）\n",
        "b.txt": "日米防衛相が会談\n2025年3月30日\n"
                 "中谷元防衛相は2025年3月30日、ヘグセス米国防長官と会談した。会談は約85分間行われた。（時事）\n"})
    assert conflicts_of(root).query("field == 'duration'").empty


# --- A page that contradicts more reliable sources ranks below them ----------------------

RELEASE_0728 = ("防衛省\n日米防衛相会談の結果について\n令和6年7月28日\n"
                "中谷防衛大臣は、7月28日、東京においてオースティン米国防長官と日米防衛相会談を行いました。\n")


def _wire(day: str, more: str = "") -> str:
    return (f"港町新報\n日米防衛相が会談\n2024年7月30日\n"
            f"中谷防衛相は{day}、東京でオースティン米国防長官と日米防衛相会談を行った。\n{more}")


@pytest.mark.parametrize("files, tier, basis", [
    # Its only event on another day than the ministry's: the lowest tier, saying why.
    ({"release.txt": RELEASE_0728, "wire.txt": _wire("29日")}, "other", "contradicts: ministerial-2024-07-28 date"),
    # near-misses: the same day; no more reliable source; another event it tells that no one contradicts
    ({"release.txt": RELEASE_0728, "wire.txt": _wire("28日")}, "established", "default"),
    ({"other.txt": _wire("28日").replace("港町新報", "北浜タイムス"), "wire.txt": _wire("29日")},
     "established", "default"),
    ({"release.txt": RELEASE_0728,
      "wire.txt": _wire("29日", "また、両氏は8月10日に日米豪防衛相会談を行う予定だ。\n")}, "established", "default"),
])
def test_a_page_every_event_of_which_a_more_reliable_source_contradicts_is_other(tmp_path, files, tier, basis):
    docs = tables.build(load_corpus(folder(tmp_path, files)))["documents"].set_index("doc_id")
    assert (docs.loc["wire", "reliability"], docs.loc["wire", "reliability_basis"]) == (tier, basis)


def test_the_catalogs_tier_stands_against_a_contradiction(tmp_path):
    root = folder(tmp_path, {"release.txt": RELEASE_0728, "wire.txt": _wire("29日"),
                             "catalog.csv": "file,doc_id,title_ja,title_en,publisher,kind,published,reliability\n"
                                            "wire.txt,wire,日米防衛相が会談,,港町新報,news_article,2024-07-30,established\n"})
    docs = tables.build(load_corpus(root))["documents"].set_index("doc_id")
    assert (docs.loc["wire", "reliability"], docs.loc["wire", "reliability_basis"]) == ("established", "catalog")
