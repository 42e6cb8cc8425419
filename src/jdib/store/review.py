"""The analyst's decisions: a file the user owns, applied to the tables on every build.

``review.yaml`` (in the store folder: ``data/review.yaml`` for the project's
seeds) is a YAML list, one entry per decision, each naming its row by the row's
key in its table (``event_id`` for events), who decided and why::

    - decision: correct
      table: events
      row: 2plus2-2025-03-30
      set: {venue_en: Tokyo}
      cite: mod-20250330-2plus2:p3
      quote: 東京で開催
      by: Kato
      why: The release names the city; the romanised venue was a guess.

Decisions are ``confirm``, ``reject``, ``correct`` (``set`` fields), ``merge``
(``rows`` folded into ``row``) and ``add`` (a row the documents tell and the
extraction missed). A corrected or added row cites a paragraph (``cite``) and
the words that say so (``quote``), and the quote must stand in that paragraph.

:func:`apply` runs after the extraction and before the tables are checked and
stored. It marks the rows it touches (``review``, ``review_note``) and lists
every decision in the ``decisions`` table, with ``stale`` and the reason for
one that no longer matches anything (its row vanished or changed, its quote
left the paragraph); each such decision is also one warning line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from jdib.errors import InputError
from jdib.store import schema

log = logging.getLogger(__name__)

FILE = "review.yaml"
KINDS = ("confirm", "reject", "correct", "merge", "add")
#: The tables decisions apply to, and the columns that cite a row's paragraph:
#: these follow from ``cite`` and ``quote``, never from ``set``.
TABLES: dict[str, tuple[str, ...]] = {
    "events": ("doc_ids", "sources", "languages", "quote", "confirmed", "n_sources"),
    "programs": ("doc_id", "para_id", "quote", "confirmed", "doc_date"),
    "figures": ("doc_id", "para_id", "quote"),
}
COLUMNS = ("review", "review_note")
#: What a decision makes of its row, in the ``review`` column; the stronger mark wins.
MARKS = {"confirm": "confirmed", "correct": "corrected", "merge": "corrected", "add": "added"}
_RANK = {"": 0, "confirmed": 1, "corrected": 2, "added": 3}
_KEYS = {"decision", "table", "row", "rows", "set", "was", "cite", "quote", "by", "why"}
_CITE = re.compile(r"^(?P<doc>.+):p(?P<n>[1-9][0-9]*)$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$|^FY(\d{4})$")
SPLIT_REFUSED = ("split is not a decision jdib applies: reject the row and add each event it holds, "
                 "each citing its own paragraph")


@dataclass(frozen=True)
class Decision:
    """One entry of ``review.yaml``.

    Attributes:
        n: Its position in the file, from 1.
        decision: One of :data:`KINDS`.
        table: One of :data:`TABLES`.
        row: The row's key (key columns joined with `` | `` when the key has several).
        by: Who decided.
        why: Why.
        set: ``(column, value as text)`` pairs a correction or an addition gives.
        rows: A merge's other rows, folded into :attr:`row`.
        cite: The paragraph a correction or an addition cites (``doc_id:pN``).
        quote: The words of that paragraph that say so.
        was: A correction's columns as they were when it was decided.
    """

    n: int
    decision: str
    table: str
    row: str
    by: str
    why: str
    set: tuple[tuple[str, str], ...] = ()
    rows: tuple[str, ...] = ()
    cite: str = ""
    quote: str = ""
    was: tuple[tuple[str, str], ...] = ()

    def label(self) -> str:
        """``entry 3 (reject events dicas-9)``: how errors and warnings name it."""
        return f"entry {self.n} ({self.decision} {self.table} {self.row})"

    def entry(self) -> dict:
        """The entry as written in ``review.yaml``."""
        out: dict = {"decision": self.decision, "table": self.table}
        key = schema.RESOURCES[self.table].key
        out["row"] = self.row if len(key) == 1 else dict(zip(key, self.row.split(" | ", len(key) - 1)))
        if self.rows:
            out["rows"] = list(self.rows)
        if self.set:
            out["set"] = dict(self.set)
        if self.was:
            out["was"] = dict(self.was)
        if self.cite:
            out |= {"cite": self.cite, "quote": self.quote}
        return out | {"by": self.by, "why": self.why}


# --- reading -----------------------------------------------------------------

def path_for(store: Path) -> Path:
    """The decisions file of a store folder."""
    return Path(store) / FILE


def digest(path: Path) -> str:
    """The SHA-256 of the decisions file ('' when there is none): part of what makes the store fresh."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err})") from None


def read(path: Path) -> list[Decision]:
    """The decisions of a ``review.yaml`` (none when the file does not exist)."""
    return load(path)[0]


def load(path: Path) -> tuple[list[Decision], str]:
    """The decisions of a ``review.yaml`` and the SHA-256 of the bytes they were read from
    (none and '' when the file does not exist).

    Raises:
        InputError: The file is not UTF-8 YAML, not a list, too large, uses an
            alias, or an entry is malformed: one line naming the entry and why.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return [], ""
    from jdib.ingest import limits
    from jdib.ingest.files import read_limited

    raw = read_limited(path, limits.REVIEW_BYTES, "the decisions file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text") from None
    return parse(text, path), hashlib.sha256(raw).hexdigest()


def parse(text: str, where: object) -> list[Decision]:
    """The decisions in the text of a ``review.yaml``; ``where`` names it in errors."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())
    except _AliasRefused as err:
        raise InputError(where, f"uses a YAML alias (line {err.line}); write each decision out") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(where, "is not valid YAML" + (f" (line {mark.line + 1})" if mark else "")) from None
    if data is None or data == "":
        return []
    if not isinstance(data, list):
        raise InputError(where, "must be a YAML list of decisions (each entry starting with `- decision:`)")
    return [decision(item, n, where) for n, item in enumerate(data, 1)]


def decision(item: object, n: int, where: object = FILE) -> Decision:
    """One entry, checked on its own (its row and quote are checked against the tables by :func:`apply`).

    Raises:
        InputError: Naming ``where``, the entry and the reason.
    """
    def bad(reason: str, label: str = "") -> InputError:
        return InputError(where, f"entry {n}{label}: {reason}")

    if not isinstance(item, dict):
        raise bad("is not a mapping (decision:, table:, row:, by:, why:)")
    kind, table = _text(item.get("decision")), _text(item.get("table"))
    named = " ".join(x for x in (kind, table, _row(table, item.get("row")) if table in TABLES else "") if x)
    label = f" ({named})" if named else ""
    if kind == "split":
        raise bad(SPLIT_REFUSED, label)
    if kind not in KINDS:
        raise bad(f"decision {kind!r} is not one of {', '.join(KINDS)}", label)
    unknown = sorted(set(map(str, item)) - _KEYS)
    if unknown:
        raise bad(f"unknown key(s) {', '.join(unknown)}; an entry has {', '.join(sorted(_KEYS))}", label)
    if table not in TABLES:
        raise bad(f"table {table!r} takes no decisions; these do: {', '.join(TABLES)}", label)
    res = schema.RESOURCES[table]
    by, why = _text(item.get("by")), _text(item.get("why"))
    if not by or not why:
        raise bad("says neither who decided (by:) nor why (why:)" if not (by or why)
                  else "does not say who decided (by:)" if not by else "does not say why (why:)", label)
    try:
        values = _fields(table, item.get("set"), "set", adding=kind == "add")
        was = _fields(table, item.get("was"), "was", check=False)
    except ValueError as err:
        raise bad(str(err), label) from None
    cite, quote = _text(item.get("cite")), _text(item.get("quote"))
    if kind in ("correct", "add"):
        if not cite or not quote:
            raise bad("a corrected or added row cites its paragraph (cite: DOC_ID:pN) and the words "
                      "that say so (quote:)", label)
    if cite and not _CITE.match(cite):
        raise bad(f"cite {cite!r} is not a paragraph id DOC_ID:pN", label)
    if kind == "correct" and not values:
        raise bad("a correction sets at least one field (set: {FIELD: VALUE})", label)
    if kind in ("confirm", "reject", "merge") and values:
        raise bad(f"a {kind} sets no fields; use decision: correct", label)
    row = _row(table, item.get("row"))
    if kind == "add":
        given = dict(values)
        row = row or _new_id(table, given, cite, quote)
        values = tuple((c, v) for c, v in values if c not in res.key)
        missing = [c for c in res.required if c not in TABLES[table] and c not in _derived(table)
                   and c not in dict(values) and c not in res.key]
        if missing:
            raise bad(f"an added {table} row needs {', '.join(missing)} (set: {{{missing[0]}: ...}})", label)
    if not row:
        raise bad(f"names no row (row: its {', '.join(res.key)})", label)
    rows = item.get("rows") or []
    if kind == "merge":
        if table != "events":
            raise bad("only events merge (rows of other tables are one statement each)", label)
        if not isinstance(rows, list) or not rows:
            raise bad("a merge names the rows folded into this one (rows: [EVENT_ID, ...])", label)
    elif rows:
        raise bad("only a merge names other rows (rows:)", label)
    rows = tuple(_text(r) for r in rows)
    if row in rows:
        raise bad("merges a row into itself", label)
    return Decision(n, kind, table, row, by, why, values, rows, cite, quote, was)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _row(table: str, value: object) -> str:
    """A row's key as text: the value, or the key columns' values joined with `` | ``."""
    key = schema.RESOURCES[table].key
    if isinstance(value, dict):
        return " | ".join(_text(value.get(k)) for k in key) if all(value.get(k) for k in key) else ""
    return _text(value)


def _fields(table: str, given: object, name: str, check: bool = True,
            adding: bool = False) -> tuple[tuple[str, str], ...]:
    if given is None:
        return ()
    if not isinstance(given, dict):
        raise ValueError(f"{name}: is not a mapping of fields to values")
    res = schema.RESOURCES[table]
    out = []
    for column, value in given.items():
        column = str(column)
        if column not in res.columns:
            raise ValueError(f"{name}: {table} has no field {column!r}")
        named = column in res.key and not adding  # an added row may give its own key
        if check and (named or column in TABLES[table]):
            raise ValueError(f"{name}: {column} is not set by hand ({'it names the row' if column in res.key else 'it follows from cite and quote'})")
        out.append((column, coerce(table, column, value) if check else _text(value)))
    return tuple(out)


def coerce(table: str, column: str, value: object) -> str:
    """A value given for a column, as text, checked against the column's schema.

    Raises:
        ValueError: The value does not fit (naming the column and what it takes).
    """
    f = schema.RESOURCES[table].field(column)
    if f.type == "list":
        items = value if isinstance(value, list) else re.split(r"\s*;\s*", _text(value))
        text = f.sep.join(_text(v) for v in items if _text(v))
    else:
        text = _text(value)
    if not text:
        return ""
    if f.allowed and text not in f.allowed:
        raise ValueError(f"{column} {text!r} is not one of {', '.join(a for a in f.allowed if a)}")
    try:
        if f.type == "integer":
            text = str(int(text))
        elif f.type == "number":
            text = repr(float(text))
        elif f.type == "boolean":
            text = {"true": "True", "yes": "True", "false": "False", "no": "False"}[text.lower()]
        elif f.type == "date":
            _precision(text)
    except (ValueError, KeyError):
        what = {"integer": "a whole number", "number": "a number", "boolean": "true or false",
                "date": "an ISO date (2026-04-17, 2026-04, 2026 or FY2026)"}[f.type]
        raise ValueError(f"{column} {text!r} is not {what}") from None
    return text


def _precision(date: str) -> str:
    m = _DATE.match(date)
    if not m:
        raise ValueError(date)
    if m.group(4):
        return "fiscal_year"
    year, month, day = m.group(1), m.group(2), m.group(3)
    dt.date(int(year), int(month or 1), int(day or 1))  # a month 13 or a 30 February is refused
    return "day" if day else "month" if month else "year"


def _derived(table: str) -> tuple[str, ...]:
    """Required columns an added row gets without being told."""
    return {"events": ("date_precision",), "programs": ("stage_rank",), "figures": ()}[table]


def _new_id(table: str, values: dict, cite: str, quote: str) -> str:
    """The key of an added row that does not give one."""
    if values.get(schema.RESOURCES[table].key[0]) and len(schema.RESOURCES[table].key) == 1:
        return values[schema.RESOURCES[table].key[0]]
    if table == "events":
        series = re.sub(r"[^0-9a-z]+", "-", (values.get("series") or values.get("kind") or "").lower()).strip("-")
        return f"{series}-{values['date']}" if series and values.get("date") else ""
    if table == "programs":
        return " | ".join((values["program_id"], cite, quote)) if values.get("program_id") else ""
    # A figure's id: its paragraph, and a hash of what it says there.
    said = hashlib.sha256(f"{quote}\0{values.get('value', '')}\0{values.get('unit', '')}".encode())
    return f"{cite}:a{said.hexdigest()[:6]}"


class _AliasRefused(Exception):
    def __init__(self, line: int):
        self.line = line
        super().__init__(f"alias at line {line}")


def _loader():
    """YAML with every value as text (dates and numbers are checked per column) and no aliases."""
    import yaml

    class Loader(yaml.BaseLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise _AliasRefused(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)

    return Loader


# --- applying ------------------------------------------------------------------

def row_ids(table: str, frame: pd.DataFrame) -> pd.Series:
    """Each row's key as decisions name it (key columns joined with `` | ``)."""
    key = list(schema.RESOURCES[table].key)
    if len(key) == 1:
        return frame[key[0]].astype(str)
    if not len(frame):
        return pd.Series([], dtype=str, index=frame.index)
    return frame[key].astype(str).agg(" | ".join, axis=1)


def quote_in(text: str, quote: str) -> bool:
    """Whether a quote stands in a paragraph, up to Unicode width forms and runs of spaces."""
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()

    return bool(norm(quote)) and norm(quote) in norm(text)


@dataclass
class _State:
    """The tables being reviewed, and what a decision needs to look up."""

    tables: dict[str, pd.DataFrame]
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # para_id -> (text, lang)
    tiers: dict[str, str] = field(default_factory=dict)
    published: dict[str, str] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, tables: dict[str, pd.DataFrame]) -> "_State":
        p, d = tables["paragraphs"], tables["documents"]
        return cls(tables, dict(zip(p["para_id"], zip(p["text"], p["lang"]))),
                   dict(zip(d["doc_id"], d["reliability"])), dict(zip(d["doc_id"], d["published"])))


def apply(tables: dict[str, pd.DataFrame], decisions: list[Decision] = (),
          where: object = FILE, quiet: bool = False) -> dict[str, pd.DataFrame]:
    """The tables with the analyst's decisions applied, and the ``decisions`` table.

    Every reviewable table gets the :data:`COLUMNS` (empty without a decision).
    A decision that no longer matches anything is left out of the tables with
    one warning line naming ``where`` and the entry, and listed as ``stale``.

    Args:
        tables: Every table as the extraction made it.
        decisions: From :func:`read`, in file order.
        where: The decisions file, named in warnings.
        quiet: No warnings (the ``decisions`` table still lists every stale decision).

    Returns:
        Table name to DataFrame, in :data:`jdib.store.schema.RESOURCES` order.
    """
    out = dict(tables)
    for name in TABLES:
        out[name] = out[name].assign(review="", review_note="")
    records = []
    state = _State.of(out) if decisions else None
    for d in decisions:
        reason = apply_one(state, d)
        if reason and not quiet:
            log.warning("%s", warning(where, d, reason))
        records.append(_record(d, reason))
    if state and "events" in state.added:
        out["events"] = out["events"].sort_values(["date", "event_id"], kind="stable", ignore_index=True)
    out["decisions"] = pd.DataFrame(records, columns=list(schema.RESOURCES["decisions"].columns)).astype(
        {"decision_n": "int64"})
    return {name: out[name] for name in schema.RESOURCES if name in out}


def warning(where: object, d: Decision, reason: str) -> str:
    """The line saying a decision no longer applies."""
    return f"{where}: {d.label()} no longer applies: {reason}"


def stale(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The decisions that no longer match anything, with the reason."""
    frame = tables.get("decisions")
    if frame is None:
        return pd.DataFrame(columns=list(schema.RESOURCES["decisions"].columns))
    return frame[frame["status"] == "stale"]


def _record(d: Decision, reason: str) -> dict:
    return {"decision_n": d.n, "decision": d.decision, "target_table": d.table, "row_id": d.row,
            "rows_merged": ";".join(d.rows), "fields": "; ".join(f"{c}={v}" for c, v in d.set),
            "cite": d.cite, "quote": d.quote, "decided_by": d.by, "why": d.why,
            "status": "stale" if reason else "applied", "status_reason": reason}


def apply_one(state: _State, d: Decision) -> str:
    """Apply one decision to ``state.tables`` in place; the reason it cannot, or ''."""
    tables = state.tables
    frame = tables[d.table]
    ids = row_ids(d.table, frame)
    if d.cite:
        para = state.texts.get(d.cite)
        if para is None:
            return f"its paragraph {d.cite} is not in the documents"
        if not quote_in(para[0], d.quote):
            return f"its quote is not in paragraph {d.cite}"
    if d.decision == "add":
        if (ids == d.row).any():
            return f"{d.table} now holds a row {d.row} of its own; confirm or correct that row instead"
        tables[d.table] = _added(state, d, frame)
        state.added.add(d.table)
        return ""
    hit = (ids == d.row).to_numpy()
    if not hit.any():
        return f"its row is not in {d.table}"
    if d.decision == "reject":
        tables[d.table] = frame[~hit].reset_index(drop=True)
        if d.table == "events":
            _conflicts_follow(tables, {d.row: ""})
        return ""
    if d.decision == "confirm":
        _mark(frame, hit, "confirmed", _note(d))
        return ""
    if d.decision == "correct":
        return _correct(state, d, frame, hit)
    return _merge(tables, d, frame, ids, hit)


def _note(d: Decision, what: str = "") -> str:
    return f"{d.by}: {d.why}" + (f" ({what})" if what else "") + (f" [{d.cite}]" if d.cite else "")


def _mark(frame: pd.DataFrame, hit, mark: str, note: str) -> None:
    for i in frame.index[hit]:
        old = frame.at[i, "review"]
        frame.at[i, "review"] = max(old, mark, key=_RANK.__getitem__)
        frame.at[i, "review_note"] = " / ".join(x for x in (frame.at[i, "review_note"], note) if x)


def _shown(value: object) -> str:
    if value is None or (not isinstance(value, (list, str)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _typed(table: str, column: str, text: str):
    """A value as text turned into what the column holds in memory."""
    kind = schema.RESOURCES[table].field(column).type
    if kind == "integer":
        return pd.NA if text == "" else int(text)
    if kind == "number":
        return float("nan") if text == "" else float(text)
    if kind == "boolean":
        return text == "True"
    return text


def _set(frame: pd.DataFrame, hit, table: str, column: str, text: str) -> None:
    value = _typed(table, column, text)
    for i in frame.index[hit]:
        frame.at[i, column] = value


def _consequences(table: str, values: dict[str, str]) -> dict[str, str]:
    """Columns that follow from the ones set: a date's precision, a stage's rank and words."""
    out = dict(values)
    if table == "events" and out.get("date") and "date_precision" not in out:
        out["date_precision"] = _precision(out["date"])
    if table == "programs" and out.get("stage"):
        from jdib.ingest import vocab

        stages = vocab.load("stages")
        out.setdefault("stage_rank", str(stages["ladder"].index(out["stage"]))
                       if out["stage"] in stages["ladder"] else "")
        out.setdefault("status_en", stages["labels_en"].get(out["stage"], ""))
    return out


def _correct(state: _State, d: Decision, frame: pd.DataFrame, hit) -> str:
    values = dict(d.set)
    row = frame[hit].iloc[0]
    for column, before in d.was:
        now = _shown(row[column])
        if now != before and now != values.get(column):
            return f"its row changed: {column} is now {now!r}, it was {before!r} when decided"
    changes = []
    for column, text in _consequences(d.table, values).items():
        old = _shown(row[column])
        if old != text:
            changes.append(f"{column}: {old or '—'} → {text or '—'}")
        _set(frame, hit, d.table, column, text)
    if d.table == "events":
        _cite_event(state, frame, hit, d.cite)
    _mark(frame, hit, "corrected", _note(d, "; ".join(changes)))
    return ""


def _cite_event(state: _State, frame: pd.DataFrame, hit, cite: str) -> None:
    """An event corrected on a paragraph's word lists that paragraph among its sources."""
    doc = cite.rsplit(":p", 1)[0]
    lang = state.texts[cite][1]
    for i in frame.index[hit]:
        sources = [s for s in frame.at[i, "sources"].split(";") if s]
        if cite in sources:
            continue
        docs = [s for s in frame.at[i, "doc_ids"].split(";") if s]
        frame.at[i, "sources"] = ";".join(sources + [cite])
        if doc not in docs:
            frame.at[i, "doc_ids"] = ";".join(docs + [doc])
            frame.at[i, "n_sources"] = int(frame.at[i, "n_sources"]) + 1
            frame.at[i, "confirmed"] = bool(frame.at[i, "confirmed"]) or state.tiers.get(doc) != "other"
        langs = [x for x in frame.at[i, "languages"].split(";") if x]
        if lang and lang not in langs:
            frame.at[i, "languages"] = ";".join(sorted(langs + [lang]))


def _merge(tables: dict[str, pd.DataFrame], d: Decision, frame: pd.DataFrame, ids: pd.Series, hit) -> str:
    missing = [r for r in d.rows if not (ids == r).any()]
    if missing:
        return f"row(s) {', '.join(missing)} to merge are not in events"
    i = frame.index[hit][0]
    others = frame[ids.isin(d.rows).to_numpy()]
    for column in ("doc_ids", "sources", "languages"):
        values = [v for text in [frame.at[i, column], *others[column]] for v in str(text).split(";") if v]
        values = list(dict.fromkeys(values))
        frame.at[i, column] = ";".join(sorted(values) if column == "languages" else values)
    # Independent stories: never more than the documents, never fewer than either row had.
    stories = int(frame.at[i, "n_sources"]) + int(others["n_sources"].sum())
    frame.at[i, "n_sources"] = max(int(frame.at[i, "n_sources"]),
                                   min(stories, len(frame.at[i, "doc_ids"].split(";"))))
    frame.at[i, "confirmed"] = bool(frame.at[i, "confirmed"]) or bool(others["confirmed"].any())
    _mark(frame, hit, "corrected", _note(d, "merged " + ", ".join(d.rows)))
    tables["events"] = frame[~ids.isin(d.rows).to_numpy()].reset_index(drop=True)
    _conflicts_follow(tables, {r: d.row for r in d.rows})
    return ""


def _conflicts_follow(tables: dict[str, pd.DataFrame], moved: dict[str, str]) -> None:
    """Conflicts of a rejected event go with it; those of a merged one follow it."""
    frame = tables["conflicts"].copy()
    if frame.empty:  # nothing disputed: nothing follows (an empty mask would select columns)
        return
    gone = frame["event_id"].map(lambda e: moved.get(e, None) == "").astype(bool)
    frame = frame[~gone]
    frame["event_id"] = frame["event_id"].map(lambda e: moved.get(e) or e)
    other = frame["other_event_id"].fillna("").map(lambda e: moved.get(e, e))
    frame["other_event_id"] = other.where(other != frame["event_id"], "")
    key = list(schema.RESOURCES["conflicts"].key)
    tables["conflicts"] = frame.drop_duplicates(key).reset_index(drop=True)


def _added(state: _State, d: Decision, frame: pd.DataFrame) -> pd.DataFrame:
    """The table with the row an ``add`` decision gives."""
    doc = d.cite.rsplit(":p", 1)[0]
    values = _consequences(d.table, dict(d.set))
    res = schema.RESOURCES[d.table]
    row: dict = {c: "" for c in res.columns}
    if d.table == "events":
        row |= {"event_id": d.row, "doc_ids": doc, "sources": d.cite, "languages": state.texts[d.cite][1],
                "quote": d.quote, "confirmed": state.tiers.get(doc) != "other", "n_sources": 1}
    elif d.table == "programs":
        program_id, _, _ = d.row.split(" | ", 2)
        known = _program(program_id)
        row |= {"program_id": program_id, "name_en": known.get("en", ""), "name_ja": known.get("ja", ""),
                "category": known.get("category", ""), "doc_id": doc, "doc_date": state.published.get(doc, ""),
                "para_id": d.cite, "quote": d.quote, "confirmed": state.tiers.get(doc) != "other"}
    else:
        row |= {"figure_id": d.row, "doc_id": doc, "para_id": d.cite, "quote": d.quote, "approx": "False"}
    row |= values
    row |= {"review": "added", "review_note": _note(d)}
    typed = {c: (_typed(d.table, c, v) if isinstance(v, str) and c in res.columns else v) for c, v in row.items()}
    new = pd.DataFrame([typed], columns=list(frame.columns)).astype(frame.dtypes.to_dict())
    return pd.concat([frame, new], ignore_index=True)


def _program(program_id: str) -> dict:
    from jdib.ingest import vocab

    return next((p for p in vocab.load("programs") if p.get("id") == program_id), {})


def with_decision(decisions: list[Decision], d: Decision) -> list[Decision]:
    """The decisions with ``d`` appended, numbered after them."""
    return [*decisions, replace(d, n=len(decisions) + 1)]
