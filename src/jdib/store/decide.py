"""Recording the analyst's decisions: from the command line or a filled sheet into ``review.yaml``.

Each decision is checked against the tables as they stand (decisions so far
applied) before anything is written: its row must be there (or, for an added
row, not yet), its quote must stand in the paragraph it cites, and the table
must still fit its schema once it applies. Then the entries are appended to
``review.yaml`` in one atomic write, the user's own text and comments kept;
a refused decision leaves the file as it was.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path

import pandas as pd

from jdib.errors import InputError
from jdib.store import atomic, doubts, review, schema

HEADER = ("# Analyst decisions, applied to the tables on every build (README: \"Reviewing the tables\").\n"
          "# One entry per decision; `jdib review` appends entries, and they may be edited by hand.\n")


def analyst() -> str:
    """Who decides, when ``--by`` does not say: ``JDIB_ANALYST``, else the login name."""
    return os.environ.get("JDIB_ANALYST") or getpass.getuser()


def current(seeds: Path, store: Path | None) -> tuple[Path, dict[str, pd.DataFrame], list[review.Decision]]:
    """The store folder, its tables (refreshed when stale, decisions applied) and its decisions."""
    from jdib.store import warehouse

    loaded = warehouse.load(seeds, store=store)
    return loaded.store, loaded.tables, review.read(review.path_for(loaded.store))


def find(tables: dict[str, pd.DataFrame], row: str, table: str | None = None) -> str:
    """The reviewable table holding a row.

    Raises:
        InputError: No table holds it, or several do and ``table`` does not say which.
    """
    names = [table] if table else list(review.TABLES)
    if table and table not in review.TABLES:
        raise InputError(f"--table {table}", f"takes no decisions; these do: {', '.join(review.TABLES)}")
    found = [n for n in names if (review.row_ids(n, tables[n]) == row).any()]
    if not found:
        raise InputError(f"ROW {row}", f"is not a row of {' or '.join(names)} (a row is named by its key, "
                                       "event_id for events)")
    if len(found) > 1:
        raise InputError(f"ROW {row}", f"is a row of {' and '.join(found)}; say which with --table")
    return found[0]


def assignments(given: list[str]) -> dict[str, str]:
    """``FIELD=VALUE`` arguments as a mapping.

    Raises:
        InputError: Naming the argument that is not ``FIELD=VALUE``.
    """
    out = {}
    for arg in given:
        name, eq, value = arg.partition("=")
        if not eq or not name.strip():
            raise InputError(f"argument {arg!r}", "is not FIELD=VALUE")
        out[name.strip()] = value.strip()
    return out


def _was(tables: dict[str, pd.DataFrame], table: str, row: str, fields: dict) -> dict[str, str]:
    """A correction's fields as the row holds them now: a later change to them makes it stale."""
    frame = tables[table]
    hit = frame[(review.row_ids(table, frame) == row).to_numpy()]
    if not len(hit):
        return {}
    return {c: review._shown(hit.iloc[0][c]) for c in fields if c in frame.columns}


def check(tables: dict[str, pd.DataFrame], new: list[review.Decision], where: object,
          names: dict[int, str] | None = None, blame=None) -> None:
    """Refuse decisions that would not apply to the tables as they stand, in order.

    Args:
        tables: The tables, decisions so far applied.
        new: The decisions to record.
        where: The file or argument the decisions come from, named in errors.
        names: How to name each decision in errors (a sheet's line), by its ``n``.
        blame: Names the argument at fault from the reason (the command line's ``--quote``).

    Raises:
        InputError: The first decision that does not apply, and why.
    """
    work = {name: frame.copy() for name, frame in tables.items()}
    state = review._State.of(work)
    for d in new:
        label = (names or {}).get(d.n) or d.label()
        reason = review.apply_one(state, d)
        if reason:
            raise InputError(blame(d, reason) if blame else where, f"{label}: {reason}; nothing was recorded")
        try:
            schema.validate(d.table, work[d.table])
        except InputError as err:
            raise InputError(where, f"{label}: the table would break its schema ({err.reason}); "
                                    "nothing was recorded") from None


def record(path: Path, new: list[review.Decision]) -> None:
    """Append decisions to ``review.yaml`` in one atomic write, keeping the file's own text.

    Raises:
        InputError: The file as it would be written does not read back as these decisions.
    """
    import yaml

    old = path.read_text(encoding="utf-8-sig") if path.exists() else HEADER
    known = review.parse(old, path)
    body = "".join(yaml.safe_dump([d.entry()], allow_unicode=True, sort_keys=False, width=100)
                   for d in new)
    text = old + ("" if old.endswith("\n") or not old else "\n") + body
    if len(review.parse(text, path)) != len(known) + len(new):  # a flow-style list (`[]`) cannot grow
        raise InputError(path, "cannot be appended to (write it as a block list, each entry starting "
                               "with `- decision:`); nothing was recorded")
    atomic.write_text(path, text)


def decide(seeds: Path, store: Path | None, entry: dict,
           where: str = "command line") -> tuple[review.Decision, Path]:
    """Check one decision given on the command line and record it.

    Args:
        seeds: The documents folder.
        store: The store folder (default: the seeds folder's).
        entry: The decision as ``review.yaml`` holds it; ``table`` may be left
            out for a row whose table is found, and ``was`` is filled in.
        where: Names the source in errors.

    Returns:
        The decision recorded, and the file it was recorded in.
    """
    store, tables, decisions = current(seeds, store)
    if entry["decision"] != "add" and not entry.get("table"):
        entry = {**entry, "table": find(tables, entry["row"])}
    elif entry["decision"] != "add":
        find(tables, entry["row"], entry["table"])
    if entry["decision"] == "correct":
        entry = {**entry, "was": _was(tables, entry["table"], entry["row"], entry.get("set") or {})}
    d = review.decision(entry, len(decisions) + 1, where)
    check(tables, [d], where, blame=_argument)
    record(review.path_for(store), [d])
    return d, review.path_for(store)


def _argument(d: review.Decision, reason: str) -> str:
    """The command-line argument a refused decision is blamed on."""
    if "quote" in reason:
        return f"--quote {d.quote!r}"
    if "paragraph" in reason:
        return f"--cite {d.cite}"
    return f"ROW {d.row}" if d.decision != "add" else f"{d.table} {d.row}"


def write_queue(seeds: Path, store: Path | None, out: Path | None, today: dt.date | None = None,
                limit: int | None = None) -> tuple[pd.DataFrame, str]:
    """The queue of doubtful rows, and the sheet: written to ``out`` (``.csv`` or ``.md``), else returned.

    Raises:
        InputError: ``out`` is neither ``.csv`` nor ``.md``, or is a file jdib did not write.
    """
    if out is not None:
        _sheet_kind(out, "--out")
        if out.exists() and not _is_sheet(out):
            raise InputError(out, "exists and is not a review sheet jdib wrote; jdib will not replace it")
    _, tables, _ = current(seeds, store)
    found = doubts.queue(tables, today or dt.date.today())
    if limit is not None:
        found = found.head(limit)
    text = doubts.sheet(found, markdown=out is None or _sheet_kind(out, "--out"))
    if out is not None:
        atomic.write_text(out, text)
    return found, text


def _sheet_kind(path: Path, what: str) -> bool:
    """True for a Markdown sheet, False for CSV."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".md"):
        raise InputError(f"{what} {path}", "a review sheet is a .csv or .md file")
    return suffix == ".md"


def _is_sheet(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8-sig").lstrip().splitlines()[:1]
    except (OSError, UnicodeDecodeError):
        return False
    return bool(head) and all(c in head[0] for c in doubts.SHEET)


def apply_sheet(seeds: Path, store: Path | None, sheet: Path, by: str) -> list[review.Decision]:
    """Record the decisions of a filled sheet: all of them, or none.

    Rows whose ``decision`` is empty are skipped. A row's ``set`` is
    ``FIELD=VALUE`` pairs separated by ``;``.

    Raises:
        InputError: Naming the sheet, the line and the reason.
    """
    markdown = _sheet_kind(sheet, "SHEET")
    try:
        text = Path(sheet).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(sheet, "does not exist") from None
    except UnicodeDecodeError:
        raise InputError(sheet, "is not UTF-8 text") from None
    try:
        rows = doubts.read_sheet(text, markdown)
    except ValueError as err:
        raise InputError(sheet, str(err)) from None
    store, tables, decisions = current(seeds, store)
    new, names = [], {}
    for line, row in rows:
        if not row.get("decision"):
            continue
        label = f"line {line} ({row['decision']} {row.get('table', '')} {row.get('row', '')})"
        try:
            fields = assignments([x for x in row.get("set", "").split(";") if x.strip()])
        except InputError as err:
            raise InputError(sheet, f"{label}: set {err.path}: {err.reason}") from None
        entry = {"decision": row["decision"], "table": row.get("table") or None, "row": row.get("row"),
                 "set": fields or None, "cite": row.get("cite"), "quote": row.get("quote"),
                 "by": row.get("by") or by, "why": row.get("why")}
        if entry["decision"] == "correct" and entry["table"] in review.TABLES:
            entry["was"] = _was(tables, entry["table"] or "", entry["row"] or "", fields)
        entry = {k: v for k, v in entry.items() if v}
        n = len(decisions) + len(new) + 1
        try:
            d = review.decision(entry, n, sheet)
        except InputError as err:
            raise InputError(sheet, f"{label}: {err.reason.split(': ', 1)[-1]}") from None
        new.append(d)
        names[n] = label
    if new:
        check(tables, new, sheet, names)
        record(review.path_for(store), new)
    return new

