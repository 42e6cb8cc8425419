"""The DICAS timeline, bounded: what a reader needs stays, what is left out is counted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jdib.ingest.corpus import Corpus
from jdib.reports import common, dicas
from jdib.reports.common import Report


def events(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """An events table of (date, series, kind) rows, oldest first."""
    frame = pd.DataFrame(rows, columns=["date", "series", "kind"])
    n = len(frame)
    return frame.assign(event_id=[f"e{i}" for i in range(n)], status="held", confirmed=True,
                        name_ja=frame.series + "会合", name_en=frame.series + " meeting",
                        participants="", participants_en="", venue="", venue_en="",
                        sources=[f"d{i}:p1" for i in range(n)], parties="JP;US")


def report(table: pd.DataFrame, max_rows: int) -> Report:
    return Report(Path("."), None, "en", Corpus(Path("."), ()), 0, {"events": table}, max_rows=max_rows)


# The 1983 arrangement, the first DICAS in 2006, 143 meetings from 2007 to 2023, three in 2024.
HISTORY = ([("1983", "agreement", "signing"), ("2006-05-01", "DICAS", "meeting")]
           + [(f"{2007 + i * 17 // 143}-{1 + i % 9:02d}-01", "DICAS", "meeting") for i in range(143)]
           + [(f"2024-0{m}-01", "DICAS", "meeting") for m in (1, 2, 3)])


def test_the_earliest_event_and_each_series_first_and_latest_meeting_are_pinned():
    assert dicas.pinned_events(["agreement", "DICAS", "SCCM", "DICAS", "SCCM", "DICAS"],
                               ["signing", "meeting", "meeting", "meeting", "meeting", "meeting"]) == [0, 1, 2, 4, 5]
    # A series of signings has no meetings to pin; the earliest event is pinned whatever it is.
    assert dicas.pinned_events(["agreement", "agreement"], ["signing", "signing"]) == [0]


def test_a_bounded_timeline_keeps_the_origin_and_counts_the_hidden_middle():
    r = report(events(HISTORY), max_rows=5)
    text = str(dicas.timeline_table(r))
    timeline = text.split("| Date |", 1)[1]
    dates = [line.split(" | ")[0].strip("| ") for line in timeline.splitlines() if line.startswith("| ")]
    assert dates == ["1983", "2006-05-01", "…", "2024-01-01", "2024-02-01", "2024-03-01"]
    assert "| … | … 143 events from 2007 to 2023 in the store |" in timeline
    assert "5 of 148 rows shown (the earliest, each series' first and latest meeting, and the latest)" in text
    # Only the rows shown are cited.
    assert {p for p, n in r.cited.items() if n > 0} == {"d0:p1", "d1:p1", "d145:p1", "d146:p1", "d147:p1"}


def test_the_bounded_chart_keeps_the_same_events_and_names_the_gap():
    r = report(events(HISTORY), max_rows=5)
    chart = dicas.timeline_chart(r)
    assert chart.data.date.tolist() == ["1983", "2006-05-01", "…", "2024-01-01", "2024-02-01", "2024-03-01"]
    assert chart.data.event.iloc[2] == "… 143 events from 2007 to 2023 in the store"
    assert "Timeline of 5 events from 1983 to 2024" in chart.alt


def test_forty_documents_show_the_first_event_and_the_latest_meeting_of_every_series(forty):
    r = common.load(forty, "latest", "en")
    table = str(dicas.timeline_table(r))
    chart = dicas.timeline_chart(r).data
    shown = dicas._events(r)
    assert len(shown) > r.max_rows
    for series in ("DICAS", "SCCM", "PIP IR", "ministerial", "2+2", "summit"):
        meetings = shown[(shown.series == series) & shown.kind.isin(["meeting", "summit"])]
        for row in (meetings.iloc[0], meetings.iloc[-1]):
            assert f"| {row.date} | {dicas._event_name(r, row)} |" in table, (series, row.date)
            assert row.date in set(chart.date), (series, row.date)
    first = min(shown.date)  # the 1951 security treaty of the development corpus; 1983 in the seeds alone
    assert f"| {first} |" in table and first in set(chart.date)
    assert "in the store |" in table and chart.date.tolist().count("…") >= 1


def test_a_japanese_gap_row_reads_japanese():
    r = report(events(HISTORY), max_rows=5)
    r.lang = "ja"
    assert "…（2007年〜2023年の143件はストアにある）" in str(dicas.timeline_table(r))


def test_a_bounded_timeline_opens_with_each_series_counted_from_its_first_to_its_latest_event():
    text = str(dicas.timeline_table(report(events(HISTORY), max_rows=5)))
    counts = text.split("\n\n")[0].splitlines()
    assert counts == ["| Series | Events | First | Latest |", "|---|---|---|---|",
                      "| agreement | 1 | 1983 | 1983 |", "| DICAS | 147 | 2006-05-01 | 2024-03-01 |"]
