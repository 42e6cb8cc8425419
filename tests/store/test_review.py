"""The analyst's decisions (review.yaml) on the development corpus of 60 documents.

Each decision is recorded with ``jdib review`` on a store built without two
documents, then the two are added and the store rebuilt: the decision must
still hold. A decision whose row vanished is reported, a quote that is not in
its paragraph is refused, and a bad entry stops the build with one line.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jdib import paths
from jdib.cli import main
from jdib.store import database, doubts, generation, review

CORPUS = paths.ROOT / "tests" / "data" / "corpus"
#: Documents the first build lacks; they arrive before the rebuild.
LATER = ("dod-20250207-readout-marles.txt", "trade-kaiji-20250508-miguelkeith.txt")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A seeds folder (the corpus less LATER) and its store, built once."""
    root = tmp_path_factory.mktemp("review")
    shutil.copytree(CORPUS, root / "seeds", ignore=shutil.ignore_patterns(*LATER, "*.yaml", "README.md"))
    assert main(["tables", "--seeds", str(root / "seeds"), "--store", str(root / "data"), "-q"]) == 0
    return root


@pytest.fixture
def work(built_once, tmp_path) -> Path:
    """A copy of the built seeds and store (the store's cache makes rebuilds quick)."""
    shutil.copytree(built_once, tmp_path / "w", symlinks=True)
    return tmp_path / "w"


def jdib(work: Path, *args: str) -> int:
    return main([*args, "--seeds", str(work / "seeds"), "--store", str(work / "data")])


def review_cmd(work: Path, *args: str) -> int:
    return jdib(work, "review", *args, "--by", "Kato")


def rebuild_with_new_documents(work: Path) -> dict[str, pd.DataFrame]:
    for name in LATER:
        shutil.copy(CORPUS / name, work / "seeds" / name)
    assert jdib(work, "tables", "-q") == 0
    return database.read_parquet(generation.current(work / "data") / generation.PARQUET)


def row(tables: dict[str, pd.DataFrame], event_id: str) -> pd.Series:
    found = tables["events"][tables["events"]["event_id"] == event_id]
    assert len(found) == 1, event_id
    return found.iloc[0]


# --- one test per decision, each surviving a rebuild with new documents ---------------------

def test_confirm_marks_the_row(work):
    assert review_cmd(work, "confirm", "dicas-4", "--why", "three documents agree") == 0
    tables = rebuild_with_new_documents(work)
    got = row(tables, "dicas-4")
    assert (got["review"], got["review_note"]) == ("confirmed", "Kato: three documents agree")
    assert tables["events"]["review"].eq("").sum() == len(tables["events"]) - 1  # no other row marked


def test_reject_takes_the_row_and_its_conflicts_out(work):
    assert review_cmd(work, "reject", "ministerial-2025-03-29", "--why", "a content farm's summary") == 0
    tables = rebuild_with_new_documents(work)
    assert "ministerial-2025-03-29" not in set(tables["events"]["event_id"])
    assert "ministerial-2025-03-29" not in set(tables["conflicts"]["event_id"])
    assert "ministerial-2025-03-30" in set(tables["events"]["event_id"])  # its near-miss stays
    assert tables["decisions"][["decision", "row_id", "status"]].values.tolist() == [
        ["reject", "ministerial-2025-03-29", "applied"]]


def test_correct_sets_the_field_and_cites_its_paragraph(work):
    before = row(rebuild_with_new_documents(work), "ministerial-2025-03-30")
    assert before["venue_en"] == "Ministry of Defense (Japan)"
    for name in LATER:
        (work / "seeds" / name).unlink()
    assert review_cmd(work, "correct", "ministerial-2025-03-30", "venue_en=Ministry of Defense, Tokyo",
                      "--cite", "mod-20250330-ministerial:p4", "--quote", "防衛省において会談を行った",
                      "--why", "the ministry's own release") == 0
    got = row(rebuild_with_new_documents(work), "ministerial-2025-03-30")
    assert got["venue_en"] == "Ministry of Defense, Tokyo" and got["venue"] == before["venue"]
    assert got["review"] == "corrected"
    assert got["review_note"] == ("Kato: the ministry's own release (venue_en: Ministry of Defense (Japan) → "
                                  "Ministry of Defense, Tokyo) [mod-20250330-ministerial:p4]")
    assert "mod-20250330-ministerial:p4" in got["sources"]


def test_merge_folds_the_other_row_into_the_first(work):
    assert review_cmd(work, "merge", "ministerial-2025-03-30", "ministerial-2025-03-29",
                      "--why", "one meeting, misdated by a summary site") == 0
    tables = rebuild_with_new_documents(work)
    got = row(tables, "ministerial-2025-03-30")
    assert "ministerial-2025-03-29" not in set(tables["events"]["event_id"])
    assert got["doc_ids"].split(";") == ["mod-20250330-ministerial", "news-en-20250330-ministerial", "f04e"]
    assert (got["review"], got["n_sources"], got["date"]) == ("corrected", 3, "2025-03-30")
    conflicts = tables["conflicts"]
    assert "ministerial-2025-03-29" not in set(conflicts["event_id"]) | set(conflicts["other_event_id"])


def test_add_puts_a_missed_row_in_with_its_citation(work):
    assert review_cmd(work, "add", "events", "date=2024-06-09", "kind=agreement", "status=held", "series=DICAS",
                      "name_en=DICAS terms of reference signed", "parties=JP;US",
                      "--cite", "news-jdef-20240610-dicas1:p5", "--quote", "設置要綱に署名した",
                      "--why", "the forum was founded by signing its terms") == 0
    tables = rebuild_with_new_documents(work)
    got = row(tables, "dicas-2024-06-09")
    assert got[["date", "date_precision", "kind", "status", "parties", "sources", "quote", "review"]].tolist() == [
        "2024-06-09", "day", "agreement", "held", "JP;US", "news-jdef-20240610-dicas1:p5", "設置要綱に署名した", "added"]
    assert bool(got["confirmed"]) and got["n_sources"] == 1
    dates = tables["events"]["date"].tolist()
    assert dates == sorted(dates)  # in its place on the timeline


def test_split_is_refused_with_what_to_do_instead(work, capsys):
    path = review.path_for(work / "data")
    path.write_text("- decision: split\n  table: events\n  row: dicas-1\n  by: Kato\n  why: two meetings\n",
                    encoding="utf-8")
    assert jdib(work, "tables", "-q") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"jdib: error: {path}: entry 1 (split events dicas-1): {review.SPLIT_REFUSED}"]


# --- what no longer applies, and what is refused ------------------------------------------------

def test_a_decision_whose_row_vanished_is_reported_and_listed(work, caplog):
    from jdib.reports import review as report
    from jdib.reports.common import esc

    assert review_cmd(work, "confirm", "operation-2024-12-12-09f7c8", "--why", "the port call happened") == 0
    (work / "seeds" / "news-regional-20241213-miguelkeith.txt").unlink()
    with caplog.at_level(logging.WARNING):
        tables = rebuild_with_new_documents(work)
    path = review.path_for(work / "data")
    lines = [r.getMessage() for r in caplog.records if "no longer applies" in r.getMessage()]
    assert lines == [f"{path}: entry 1 (confirm events operation-2024-12-12-09f7c8) no longer applies: "
                     "its row is not in events"]
    assert tables["decisions"][["status", "status_reason"]].values.tolist() == [["stale", "its row is not in events"]]
    caplog.clear()
    with caplog.at_level(logging.WARNING):  # said again on a run with nothing else to do
        assert jdib(work, "tables", "-q") == 0
    assert [r.getMessage() for r in caplog.records if "no longer applies" in r.getMessage()] == lines
    shown = report.stale(_report(work, tables))  # the overview's section
    assert shown.endswith(f"- 1. confirmed events {esc('operation-2024-12-12-09f7c8')} (Kato): its row is not in events\n")


def _report(work: Path, tables: dict[str, pd.DataFrame]):
    from jdib.reports.common import Report
    from jdib.store.warehouse import corpus_from_tables

    corpus = corpus_from_tables(work / "seeds", tables)
    return Report(work / "seeds", None, "en", corpus, len(corpus), tables)


@pytest.mark.parametrize("cite, quote, argument, reason", [
    ("mod-20250330-ministerial:p4", "大阪において会談", "--quote '大阪において会談'",
     "its quote is not in paragraph mod-20250330-ministerial:p4"),
    # the words are in the document, but in another paragraph
    ("mod-20250330-ministerial:p5", "防衛省において会談", "--quote '防衛省において会談'",
     "its quote is not in paragraph mod-20250330-ministerial:p5"),
    ("mod-20250330-ministerial:p999", "防衛省において会談", "--cite mod-20250330-ministerial:p999",
     "its paragraph mod-20250330-ministerial:p999 is not in the documents"),
])
def test_a_quote_not_in_its_paragraph_is_refused_and_nothing_written(work, capsys, cite, quote, argument, reason):
    code = review_cmd(work, "correct", "ministerial-2025-03-30", "venue_en=Tokyo", "--cite", cite,
                      "--quote", quote, "--why", "x")
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"jdib: error: {argument}: entry 1 (correct events ministerial-2025-03-30): {reason}; nothing was recorded")
    assert not review.path_for(work / "data").exists()


@pytest.mark.parametrize("args, message", [
    (["confirm", "dicas-99", "--why", "x"],
     "ROW dicas-99: is not a row of events or programs or figures (a row is named by its key, event_id for events)"),
    (["correct", "dicas-1", "venue_en", "--cite", "a:p1", "--quote", "q", "--why", "x"],
     "argument 'venue_en': is not FIELD=VALUE"),
    (["correct", "dicas-1", "status=finished", "--cite", "a:p1", "--quote", "q", "--why", "x"],
     "command line: entry 1 (correct events dicas-1): status 'finished' is not one of held, planned, announced, "
     "sought"),
    (["correct", "dicas-1", "sources=x:p1", "--cite", "a:p1", "--quote", "q", "--why", "x"],
     "command line: entry 1 (correct events dicas-1): set: sources is not set by hand (it follows from cite and quote)"),
    (["add", "events", "kind=agreement", "--cite", "news-jdef-20240610-dicas1:p5", "--quote", "署名", "--why", "x"],
     "command line: entry 1 (add events): an added events row needs date, status (set: {date: ...})"),
    (["add", "figures", "value=3", "unit=JPY trillion", "--cite", "news-jdef-20240610-dicas1", "--quote", "署名",
      "--why", "x"],
     "command line: entry 1 (add figures): cite 'news-jdef-20240610-dicas1' is not "
     "a paragraph id DOC_ID:pN"),
])
def test_bad_commands_are_one_line_and_write_nothing(work, capsys, args, message):
    assert review_cmd(work, *args) == 2
    assert capsys.readouterr().err.strip() == f"jdib: error: {message}"
    assert not review.path_for(work / "data").exists()


@pytest.mark.parametrize("entry, reason", [
    ("- decision: confirm\n  table: events\n  row: dicas-1\n  by: Kato\n", "entry 1 (confirm events dicas-1): does not say why (why:)"),
    ("- decision: confirm\n  table: outcomes\n  row: x\n  by: K\n  why: y\n",
     "entry 1 (confirm outcomes): table 'outcomes' takes no decisions; these do: events, programs, figures"),
    ("- decision: correct\n  table: events\n  row: dicas-1\n  set: {venue_en: Tokyo}\n  by: K\n  why: y\n",
     "entry 1 (correct events dicas-1): a corrected or added row cites its paragraph (cite: DOC_ID:pN) and the words that say so (quote:)"),
    ("- decision: confirm\n  table: events\n  row: dicas-1\n  wyh: typo\n  by: K\n  why: y\n",
     "entry 1 (confirm events dicas-1): unknown key(s) wyh; an entry has by, cite, decision, quote, row, rows, set, table, was, why"),
    ("decision: confirm\n", "must be a YAML list of decisions (each entry starting with `- decision:`)"),
    ("- a: &x [1]\n- b: *x\n", "uses a YAML alias (line 2); write each decision out"),
])
def test_a_bad_entry_stops_the_build_and_leaves_the_store(work, capsys, entry, reason):
    current = generation.current(work / "data")
    path = review.path_for(work / "data")
    path.write_text(entry, encoding="utf-8")
    assert jdib(work, "tables", "-q") == 2
    assert capsys.readouterr().err.strip() == f"jdib: error: {path}: {reason}"
    assert generation.current(work / "data") == current


def test_a_correction_whose_row_changed_since_is_stale(work):
    path = review.path_for(work / "data")
    path.write_text("- decision: correct\n  table: events\n  row: dicas-1\n  set: {venue_en: Tokyo}\n"
                    "  was: {venue_en: Ichigaya}\n  cite: news-jdef-20240610-dicas1:p5\n  quote: 設置要綱\n"
                    "  by: K\n  why: y\n", encoding="utf-8")
    tables = rebuild_with_new_documents(work)
    assert row(tables, "dicas-1")["venue_en"] == "the Ministry of Defense"
    assert tables["decisions"]["status_reason"].tolist() == [
        "its row changed: venue_en is now 'the Ministry of Defense', it was 'Ichigaya' when decided"]


def test_the_decisions_file_is_part_of_what_makes_the_store_fresh(work, capsys):
    assert jdib(work, "tables") == 0  # the copy's seeds folder is another: its tables are made again
    capsys.readouterr()
    assert jdib(work, "tables") == 0
    assert "up to date" in capsys.readouterr().out
    assert review_cmd(work, "confirm", "dicas-4", "--why", "agreed") == 0
    capsys.readouterr()
    assert jdib(work, "tables") == 0
    n = len([p for p in (work / "seeds").iterdir() if p.suffix in (".txt", ".md")])
    told = capsys.readouterr()
    assert f"0 of {n} documents read" in told.out + told.err  # tables rewritten, no document read again


# --- the queue and the sheet ------------------------------------------------------------------

def test_the_queue_puts_the_most_doubtful_rows_first(work):
    from jdib.store import decide

    found, _ = decide.write_queue(work / "seeds", work / "data", None, today=dt.date(2026, 5, 1))
    top = found.iloc[0]
    assert (top["row"], top["doubts"]) == ("ministerial-2025-03-29", "other_only;conflict;one_document")
    assert found["score"].is_monotonic_decreasing
    planned = found[found["row"] == "dicas-2025-06"].iloc[0]
    assert "planned_past" in planned["doubts"]
    near_miss, _ = decide.write_queue(work / "seeds", work / "data", None, today=dt.date(2025, 6, 15))
    assert "dicas-2025-06" not in set(near_miss["row"])  # June not over: nothing else doubtful about it


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_a_filled_sheet_is_read_back_into_review_yaml(work, suffix, capsys):
    sheet = work / f"queue{suffix}"
    assert jdib(work, "review", "--out", str(sheet), "--limit", "3") == 0
    text = sheet.read_text(encoding="utf-8")
    rows = doubts.read_sheet(text, suffix == ".md")
    assert [r["row"] for _, r in rows][0] == "ministerial-2025-03-29" and len(rows) == 3
    first = rows[0][0]
    lines = text.splitlines()
    if suffix == ".csv":
        lines[first - 1] = lines[first - 1].rstrip(",") + ",reject,,,,,a content farm's summary"
    else:
        cells = lines[first - 1].split(" | ")
        cells[5] = "reject"
        cells[10] = "a content farm's summary |"
        lines[first - 1] = " | ".join(cells[:11])
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert review_cmd(work, "apply", str(sheet)) == 0
    decided = review.read(review.path_for(work / "data"))
    assert [(d.decision, d.row, d.by, d.why) for d in decided] == [
        ("reject", "ministerial-2025-03-29", "Kato", "a content farm's summary")]


def test_a_sheet_row_that_does_not_apply_records_nothing(work, capsys):
    sheet = work / "queue.csv"
    assert jdib(work, "review", "--out", str(sheet)) == 0
    sheet.write_text("table,row,doubts,what,sources,decision,set,cite,quote,by,why\n"
                     "events,dicas-4,,,,confirm,,,,,fine\n"
                     "events,dicas-99,,,,reject,,,,,gone\n", encoding="utf-8")
    assert review_cmd(work, "apply", str(sheet)) == 2
    assert capsys.readouterr().err.strip() == (
        f"jdib: error: {sheet}: line 3 (reject events dicas-99): its row is not in events; nothing was recorded")
    assert not review.path_for(work / "data").exists()


def test_check_tells_the_decisions_changes_from_the_extractions():
    from jdib.checks import regress

    old = pd.DataFrame({"event_id": ["a", "b"], "venue": ["x", "y"], "review": ["", ""]})
    extracted = pd.DataFrame({"event_id": ["a", "b"], "venue": ["x", "z"], "review": ["", ""]})
    reviewed = pd.DataFrame({"event_id": ["a", "b"], "venue": ["w", "z"], "review": ["corrected", ""]})
    d = regress.diff_tables("events", old, reviewed)
    d.decided = {k for k, _ in regress.diff_tables("events", extracted, reviewed).changed}
    text = regress.describe([d], [])
    assert text.splitlines() == [
        "table events: 0 added, 0 removed, 1 changed", "  ~ b", "      venue: y -> z",
        "table events by the analyst's decisions (review.yaml): 0 added, 0 removed, 1 changed", "  ~ a",
        "      review:  -> corrected", "      venue: x -> w"]


def test_the_command_line_offers_the_tables_decisions_apply_to():
    from jdib import cli

    assert cli.REVIEWED == tuple(review.TABLES)


def test_a_row_is_rejected_from_a_corpus_whose_sources_never_disagree(tmp_path):
    # No conflicts at all: the decision still applies, and nothing is left half-written.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("日米防衛相会談\n2026年1月16日\n小泉防衛大臣は15日、ヘグセス米戦争長官と会談した。\n",
                                 encoding="utf-8")
    store = tmp_path / "store"
    assert main(["tables", "--seeds", str(seeds), "--store", str(store), "-q"]) == 0
    events = pd.read_csv(store / "tables" / "events.csv")
    row = events["event_id"].iloc[0]
    assert main(["review", "reject", row, "--seeds", str(seeds), "--store", str(store), "--why", "a test"]) == 0
    assert main(["tables", "--seeds", str(seeds), "--store", str(store), "-q"]) == 0
    assert row not in pd.read_csv(store / "tables" / "events.csv")["event_id"].tolist()
