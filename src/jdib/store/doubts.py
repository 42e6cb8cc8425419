"""The rows that need an analyst's eye, most doubtful first, and the sheet they are decided on.

A row is doubtful for what the tables themselves say of it: an event held only
on sources of the lowest tier, one the sources disagree on, one planned for a
date now past, a meeting of one party, a figure that does not say what it
measures, an event told by one document only. Rows already decided on
(``review`` filled) leave the queue.

The sheet is a CSV or Markdown table with one row per doubtful row and empty
columns for the decision; ``jdib review apply SHEET`` reads the filled rows back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd

#: Each doubt: its weight in the ordering, and how the sheet says it.
DOUBTS = {
    "other_only": (5, "only `other` sources tell it"),
    "conflict": (4, "sources disagree"),
    "planned_past": (3, "planned, and its date has passed"),
    "one_party": (3, "a meeting with one party"),
    "no_subject": (3, "a figure without subject"),
    "one_document": (1, "from one document only"),
}
#: The sheet's columns: what the queue says, then what the analyst fills in.
SHEET = ("table", "row", "doubts", "what", "sources", "decision", "set", "cite", "quote", "by", "why")
FILLED = ("decision", "set", "cite", "quote", "by", "why")


def queue(tables: dict[str, pd.DataFrame], today: dt.date) -> pd.DataFrame:
    """The doubtful rows of the reviewable tables, most doubtful first.

    Args:
        tables: Every table, decisions applied.
        today: What "past its date" is measured against.

    Returns:
        One row per doubtful row: ``table``, ``row``, ``score``, ``doubts`` (keys of
        :data:`DOUBTS`, ``;``-joined), ``what`` and ``sources``.

    Example:
        >>> queue(tables, dt.date(2026, 5, 1)).iloc[0][["row", "doubts"]].tolist()  # doctest: +SKIP
        ['ministerial-2025-03-29', 'other_only;one_document']
    """
    rows = _events(tables, today) + _figures(tables) + _programs(tables)
    frame = pd.DataFrame(rows, columns=["table", "row", "score", "doubts", "what", "sources"])
    order = {"events": 0, "programs": 1, "figures": 2}
    return (frame.assign(_t=frame["table"].map(order))
            .sort_values(["score", "_t", "row"], ascending=[False, True, True], kind="stable")
            .drop(columns="_t").reset_index(drop=True))


def _scored(table: str, row: str, found: list[str], what: str, sources: str) -> list[dict]:
    if not found:
        return []
    return [{"table": table, "row": row, "score": sum(DOUBTS[d][0] for d in found),
             "doubts": ";".join(found), "what": what, "sources": sources}]


def _past(date: str, today: dt.date) -> bool:
    """Whether the whole period a date names (a day, a month, a year) lies before ``today``."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date or ""):
        return False
    return date < today.isoformat()[:len(date)]


def _events(tables: dict[str, pd.DataFrame], today: dt.date) -> list[dict]:
    events, conflicts = tables["events"], tables["conflicts"]
    disputed = set(conflicts["event_id"]) | set(conflicts["other_event_id"].fillna(""))
    out = []
    for e in events[events["review"] == ""].itertuples(index=False):
        found = []
        if e.status == "held" and not e.confirmed:
            found.append("other_only")
        if e.event_id in disputed:
            found.append("conflict")
        if e.status in ("planned", "announced") and _past(e.date, today):
            found.append("planned_past")
        if e.kind in ("meeting", "summit") and len([p for p in str(e.parties).split(";") if p]) == 1:
            found.append("one_party")
        if len([d for d in e.doc_ids.split(";") if d]) == 1:
            found.append("one_document")
        name = e.name_en or e.name_ja or e.series
        what = f"{e.date} {e.kind} ({e.status}): {name}" + (f"; {e.parties}" if e.parties else "") + (
            f"; at {e.venue_en or e.venue}" if (e.venue_en or e.venue) else "")
        out += _scored("events", e.event_id, found, what, e.sources)
    return out


def _figures(tables: dict[str, pd.DataFrame]) -> list[dict]:
    figures = tables["figures"]
    out = []
    for f in figures[(figures["review"] == "") & figures["label_en"].fillna("").eq("")].itertuples(index=False):
        out += _scored("figures", f.figure_id, ["no_subject"], f"{f.value:g} {f.unit}: {f.label_ja}", f.para_id)
    return out


def _programs(tables: dict[str, pd.DataFrame]) -> list[dict]:
    programs = tables["programs"]
    out = []
    for p in programs[(programs["review"] == "") & ~programs["confirmed"].astype(bool)].itertuples(index=False):
        out += _scored("programs", f"{p.program_id} | {p.para_id} | {p.quote}", ["other_only"],
                       f"{p.program_id}: {p.stage}", p.para_id)
    return out


def sheet(doubtful: pd.DataFrame, markdown: bool) -> str:
    """The queue as a sheet to fill in: CSV, or a Markdown table."""
    rows = [[r.table, r.row, "; ".join(DOUBTS[d][1] for d in r.doubts.split(";")), r.what, r.sources]
            + [""] * len(FILLED) for r in doubtful.itertuples(index=False)]
    if not markdown:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(SHEET)
        writer.writerows(rows)
        return buf.getvalue()
    lines = ["| " + " | ".join(SHEET) + " |", "|" + "---|" * len(SHEET)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _md_cell(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).replace("\\", "\\\\").replace("|", "\\|").strip()


def read_sheet(text: str, markdown: bool) -> list[tuple[int, dict]]:
    """The rows of a filled sheet, each with its line number, as ``{column: text}``.

    Raises:
        ValueError: The sheet lacks a column of :data:`SHEET` (naming it).
    """
    if markdown:
        table = [(n, _md_row(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith("|")]
        if not table:
            raise ValueError("holds no Markdown table")
        head = table[0][1]
        body = [(n, cells) for n, cells in table[1:] if not all(re.fullmatch(r":?-+:?", c) for c in cells)]
        rows = [(n, dict(zip(head, cells))) for n, cells in body]
    else:
        reader = csv.DictReader(io.StringIO(text))
        head = reader.fieldnames or []
        rows = [(reader.line_num, row) for row in reader]
    missing = [c for c in SHEET if c not in head]
    if missing:
        raise ValueError(f"has no column {missing[0]!r}; a review sheet has {', '.join(SHEET)}")
    return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in rows]


def _md_row(line: str) -> list[str]:
    text = line.strip()[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = re.split(r"(?<!\\)\|", text)
    return [re.sub(r"\\([\\|])", r"\1", c).strip() for c in cells]
