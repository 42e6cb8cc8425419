"""When the mentions of one event disagree: which value an event takes, and every claim kept.

An event merged from several documents takes each of its fields (date, ordinal,
participants, venue) from the most reliable source that states it. Ties go to
the value more independent stories state (a reprint is its original's story),
then to the more precise date, then to the earliest official text, then to the
value itself: never to file names or file order. Every value that lost is kept
as a row of the ``conflicts`` table, beside the value chosen, each with its
sources, their tiers and how many independent stories give it.

Disagreements are also looked for beyond the fields merged: between the
figures the documents of one event state (how long a meeting lasted, a
quantity, an amount), and between rows that tell one story but were not
merged (a planned and a held mention, or two documents' dates for one meeting
a few days apart): :func:`story_conflicts`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from jdib.extract.figures import unit_text
from jdib.extract.mentions import Participant, merge_participants
from jdib.extract.sources import TIERS, reprints, reliability, tier_rank
from jdib.ingest import vocab
from jdib.ingest.corpus import Corpus, Document

#: One row per disagreement: the value the events table uses, and one value another source gives.
COLUMNS = ["event_id", "field", "chosen_value", "chosen_sources", "chosen_reliability", "chosen_n_stories",
           "reason", "other_value", "other_sources", "other_reliability", "other_n_stories", "other_event_id"]
_PRECISION = {"day": 0, "month": 1, "year": 2, "fiscal_year": 3}


@dataclass(frozen=True)
class Trust:
    """What merging needs to know of each document: its tier and its story."""

    tier: dict[str, str]  # doc_id -> official | established | other
    story: dict[str, str]  # doc_id -> the doc_id of its story's original (itself when none)
    published: dict[str, dt.date | None]

    @classmethod
    def of(cls, corpus: Corpus, found: dict | None = None, copies: dict[str, str] | None = None) -> Trust:
        """Tiers and stories of every document of a corpus (``found`` and ``copies``:
        its :func:`reliability` and :func:`reprints`, when already known)."""
        found = found or {d.doc_id: reliability(d) for d in corpus}
        copies = reprints(corpus, found) if copies is None else copies
        return cls({k: v.tier for k, v in found.items()},
                   {d.doc_id: copies.get(d.doc_id, d.doc_id) for d in corpus},
                   {d.doc_id: d.published for d in corpus})

    def rank(self, doc: Document) -> int:
        """0 for the most reliable tier."""
        return tier_rank(self.tier.get(doc.doc_id, "established"))

    def confirmed(self, docs) -> bool:
        """Whether any of these documents is above the lowest tier."""
        return any(self.tier.get(d.doc_id) != TIERS[-1] for d in docs)


@dataclass
class Claim:
    """One value of one field, with the mentions that state it."""

    value: str
    mentions: list
    precision: int = 0  # lower is more precise: dates 0 (day) ... 3 (fiscal year); venues minus their length

    def best_rank(self, trust: Trust) -> int:
        """The tier rank of its most reliable source."""
        return min(trust.rank(m.doc) for m in self.mentions)

    def stories(self, trust: Trust) -> int:
        """How many independent stories state it (a reprint counts as its original)."""
        return len({trust.story.get(m.doc.doc_id, m.doc.doc_id) for m in self.mentions})

    def key(self, trust: Trust) -> tuple:
        """Sort key: most reliable, most stories, most precise, earliest official text."""
        official = [trust.published.get(m.doc.doc_id) for m in self.mentions
                    if trust.rank(m.doc) == 0 and trust.published.get(m.doc.doc_id)]
        return (self.best_rank(trust), -self.stories(trust), self.precision,
                min(official) if official else dt.date.max, self.value)

    def reason(self, trust: Trust) -> str:
        best, stories = self.best_rank(trust), self.stories(trust)
        return f"{TIERS[best] if best < len(TIERS) else 'unknown'} source; {stories} independent " \
               f"{'story' if stories == 1 else 'stories'}"


def _cites(mentions) -> str:
    return ";".join(sorted({f"{m.doc.doc_id}:p{m.para.n}" for m in mentions}))


def _tiers(mentions, trust: Trust) -> str:
    return ";".join(sorted({trust.tier.get(m.doc.doc_id, "established") for m in mentions}, key=tier_rank))


def _disagreement(field: str, chosen: Claim, other: Claim, trust: Trust) -> dict:
    """One row of the conflicts table (without its event_id)."""
    return {"field": field,
            "chosen_value": chosen.value, "chosen_sources": _cites(chosen.mentions),
            "chosen_reliability": _tiers(chosen.mentions, trust), "chosen_n_stories": chosen.stories(trust),
            "reason": chosen.reason(trust),
            "other_value": other.value, "other_sources": _cites(other.mentions),
            "other_reliability": _tiers(other.mentions, trust), "other_n_stories": other.stories(trust)}


def _claims(mentions, value) -> list[Claim]:
    by: dict[str, Claim] = {}
    for m in mentions:
        v = value(m)
        if v:
            by.setdefault(v, Claim(v, [])).mentions.append(m)
    return list(by.values())


def _compatible_dates(a: str, b: str) -> bool:
    """``2024-12`` and ``2024-12-11`` agree; ``2024-12-11`` and ``2024-12-12`` do not."""
    return a.startswith(b) or b.startswith(a)


def _compatible_venues(a: str, b: str) -> bool:
    """One place, told the same or more precisely, in either language (ハワイ, Honolulu, Hawaii)."""
    if a in b or b in a:
        return True
    if a.isascii() == b.isascii():
        return False
    words = lambda v: {w.lower() for w in re.findall(r"[A-Za-z]{4,}", vocab.english_name(v))} - {"romanised"}  # noqa: E731
    return bool(words(a) & words(b))


@dataclass
class Resolved:
    """The values one event takes, and the disagreements behind them."""

    date_mention: object
    ordinal: int | None
    participants: list[Participant]
    venue: str
    name_ja: str
    quote_mention: object
    confirmed: bool
    n_stories: int
    conflicts: list[dict]


def resolve(group: list, trust: Trust) -> Resolved:
    """Choose each field of one event from its mentions, keeping what disagrees.

    Args:
        group: The mentions of one event (see :func:`jdib.extract.events.group_mentions`),
            the best-status ones first.
        trust: Tiers and stories of the documents.

    Returns:
        The chosen values and one conflict dict per losing value (without event_id).
    """
    conflicts: list[dict] = []

    def choose(field: str, claims: list[Claim], compatible) -> Claim | None:
        if not claims:
            return None
        ordered = sorted(claims, key=lambda c: c.key(trust))
        chosen = ordered[0]
        own = {m.doc.doc_id for m in chosen.mentions}
        # A document giving two readings itself (a country, then the building) does
        # not contradict itself: a disagreement needs another document.
        rivals = [c for c in ordered[1:] if not compatible(chosen.value, c.value)
                  and {m.doc.doc_id for m in c.mentions} - own]
        for rival in rivals:
            conflicts.append(_disagreement(field, chosen, rival, trust))
        return chosen

    status = group[0].status
    dated = [m for m in group if m.status == status]
    date_claims = [Claim(c.value, c.mentions, _PRECISION[c.mentions[0].date.precision])
                   for c in _claims(dated, lambda m: m.date.iso())]
    chosen_date = choose("date", date_claims, _compatible_dates)
    # The reliable value may be coarser than a compatible one a trusted source gives.
    finer = [c for c in date_claims if _compatible_dates(c.value, chosen_date.value)
             and c.precision < chosen_date.precision and trust.confirmed(m.doc for m in c.mentions)]
    if finer:
        chosen_date = min(finer, key=lambda c: (c.precision, c.key(trust)))
    date_mention = min(chosen_date.mentions, key=lambda m: (trust.rank(m.doc), m.doc.sha256, m.para.n))

    chosen_ordinal = choose("ordinal", _claims(group, lambda m: "" if m.ordinal is None else str(m.ordinal)),
                            lambda a, b: a == b)
    # The more specific of two venues (米戦争省 over 米国) is the more precise one.
    venue_claims = [Claim(c.value, c.mentions, -len(c.value)) for c in _claims(group, lambda m: m.venue)]
    chosen_venue = choose("venue", venue_claims, _compatible_venues)

    with_people = [m for m in group if m.participants]
    people: list[Participant] = []
    if with_people:
        best = min(trust.rank(m.doc) for m in with_people)
        # Trusted tiers complete each other; the lowest tier counts only when it is all there is.
        ceiling = max(best, tier_rank("established"))
        kept = [m for m in with_people if trust.rank(m.doc) <= ceiling]
        people = merge_participants([p for m in kept for p in m.participants])
        names = {p.name for p in people}
        strays = [m for m in with_people if m not in kept
                  and not all(any(p.name in n or n in p.name for n in names) for p in m.participants)]
        if strays:
            def claim_of(ms) -> str:
                return "; ".join(p.label() for p in merge_participants([p for m in ms for p in m.participants]))

            chosen = Claim(claim_of(kept), kept)
            for rival in _claims(strays, lambda m: claim_of([m])):
                conflicts.append(_disagreement("participants", chosen, rival, trust))

    best_rank = min(trust.rank(m.doc) for m in group)
    trusted = [m for m in group if trust.rank(m.doc) == best_rank]
    name_ja = max((m.name_ja for m in trusted), key=lambda n: (len(n), n))
    quote = min(trusted, key=lambda m: (m.status != status, _PRECISION[m.date.precision],
                                        m.doc.sha256, m.para.n))
    return Resolved(
        date_mention=date_mention,
        ordinal=int(chosen_ordinal.value) if chosen_ordinal else None,
        participants=people,
        venue=chosen_venue.value if chosen_venue else "",
        name_ja=name_ja, quote_mention=quote,
        confirmed=trust.confirmed(m.doc for m in group),
        n_stories=Claim("", group).stories(trust),
        conflicts=conflicts,
    )


#: Kinds of event a story of one meeting is about.
_MEETINGS = ("meeting", "summit")
#: Two rows of one series, kind and parties this many days apart may be one meeting told twice.
STORY_DAYS = 7
#: Durations in minutes, so 85 minutes and 1.5 hours compare.
_MINUTES = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080, "months": 43830, "years": 525960}
_SCALE = {"": 1, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _cited(sources: str) -> list:
    """``doc:p3;doc2:p5`` as mentions (a document and a paragraph number) a :class:`Claim` can hold."""
    out = []
    for cite in filter(None, sources.split(";")):
        doc_id, _, n = cite.rpartition(":p")
        out.append(SimpleNamespace(doc=SimpleNamespace(doc_id=doc_id), para=SimpleNamespace(n=int(n))))
    return out


def _docs(sources: str) -> set[str]:
    return {c.rpartition(":p")[0] for c in filter(None, sources.split(";"))}


def _same_story(a, b) -> bool:
    """Whether two rows of one series, kind and parties may be one meeting:
    dated by day a few days apart, no two different numbers, no document
    stating both (a document telling of two meetings means two)."""
    if pd.notna(a.ordinal) and pd.notna(b.ordinal) and a.ordinal != b.ordinal:
        return False
    days = abs((dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)).days)
    return 0 < days <= STORY_DAYS and not _docs(a.sources) & _docs(b.sources)


def _stories(events: pd.DataFrame) -> list[list]:
    """Groups of events rows that tell one story: one row, or rows that were not merged."""
    rows = list(events.itertuples(index=False))
    groups: dict[str, list] = {r.event_id: [r] for r in rows}
    dated = [r for r in rows if r.kind in _MEETINGS and r.date_precision == "day"]
    by: dict[tuple, list] = defaultdict(list)
    for r in dated:
        by[r.series, r.kind, r.parties].append(r)
    for same in by.values():
        same.sort(key=lambda r: (r.date, r.event_id))
        for a, b in zip(same, same[1:]):
            if _same_story(a, b) and a.event_id in groups and b.event_id in groups:
                groups[a.event_id] += groups.pop(b.event_id)
    return list(groups.values())


def _row_key(row, trust: Trust) -> tuple:
    """Which of rows telling one story the others are measured against: the most
    reliable source, a meeting held before one planned, more stories, the earlier id."""
    claim = Claim(row.date, _cited(row.sources))
    key = claim.key(trust)
    return (key[0], row.status != "held", *key[1:], row.event_id)


def _people(text: str) -> set[str]:
    """The names of a participants cell (``中谷 防衛大臣 (JP); …`` -> ``{中谷}``)."""
    return {p.strip().split(" ")[0] for p in str(text or "").split(";") if p.strip()}


def _disjoint_people(chosen: str, other: str) -> bool:
    """Whether a row names someone the chosen row does not (``中谷`` and ``中谷元`` are one)."""
    mine = _people(chosen)
    return any(not any(n in m or m in n for m in mine) for n in _people(other)) and bool(mine)


def _measure(unit: str, value: float) -> tuple[str, float]:
    """A figure on a common scale: ``(time, minutes)``, ``(JPY, yen)``, else ``(unit, value)``."""
    if unit in _MINUTES:
        return "time", value * _MINUTES[unit]
    m = re.fullmatch(r"([A-Z]{3}) ?(thousand|million|billion|trillion)?", unit)
    if m:
        return m.group(1), value * _SCALE[m.group(2) or ""]
    return unit, value


def _figure_field(unit: str) -> str:
    dimension, _ = _measure(unit, 1)
    return "duration" if dimension == "time" else "amount" if re.fullmatch(r"[A-Z]{3}", dimension) else "quantity"


def _figure_text(f) -> str:
    """``~85 minutes``, ``2–3 weeks``: a figure as its document states it."""
    def number(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:g}"

    high = "" if pd.isna(f.value_high) else f"–{number(f.value_high)}"
    return f"{'~' if f.approx else ''}{number(f.value)}{high} {unit_text(f.value, f.unit, f.value_high)}"


def _figure_conflicts(event_id: str, figures: list, trust: Trust) -> list[dict]:
    """Disagreements between the figures of one story's documents, kind by kind."""
    rows: list[dict] = []
    by: dict[tuple, dict] = defaultdict(dict)
    for f in figures:
        dimension, low = _measure(f.unit, f.value)
        high = low if pd.isna(f.value_high) else _measure(f.unit, f.value_high)[1]
        by[f.label_en, dimension].setdefault(f.doc_id, set()).add((round(low, 6), round(high, 6), f))
    for (label, _), per_doc in sorted(by.items(), key=lambda kv: kv[0]):
        # A document stating two values of one kind (two durations) is not comparable figure by figure.
        if len(per_doc) < 2 or any(len({(lo, hi) for lo, hi, _ in v}) > 1 for v in per_doc.values()):
            continue
        claims: dict[tuple, Claim] = {}
        for doc_id, [(low, high, f)] in ((d, sorted(v, key=lambda x: x[2].para_id)[:1])
                                         for d, v in sorted(per_doc.items())):
            claim = claims.setdefault((low, high), Claim(_figure_text(f), []))
            claim.mentions += _cited(f.para_id)
        if len(claims) < 2:
            continue
        ordered = sorted(claims.values(), key=lambda c: c.key(trust))
        for other in ordered[1:]:
            rows.append({"event_id": event_id, **_disagreement(_figure_field(f.unit), ordered[0], other, trust)})
    return rows


def story_conflicts(events: pd.DataFrame, figures: pd.DataFrame, trust: Trust) -> list[dict]:
    """Disagreements the merging of one event's mentions cannot see.

    Rows that tell one story without being merged (:data:`STORY_DAYS`: one
    meeting of one series and parties, a planned and a held row, or two
    documents' days) disagree on their date, and on their participants when
    one names someone the other does not. The figures of one story's
    documents (a paragraph citing only that story) disagree when one kind of
    figure (its label, on one scale: 85 minutes against 1.5 hours) has two
    values in two documents.

    Args:
        events: The events table.
        figures: The figures table.
        trust: Tiers and stories of the documents.

    Returns:
        Rows of the conflicts table, each under the row of the most reliable
        account; ``other_event_id`` names the row of the other account when it
        is a row of its own.
    """
    rows: list[dict] = []
    if events.empty:
        return rows
    stories = _stories(events)
    story_of = {r.event_id: i for i, group in enumerate(stories) for r in group}
    paragraph_stories: dict[str, set[int]] = defaultdict(set)
    for r in events.itertuples(index=False):
        for cite in filter(None, r.sources.split(";")):
            paragraph_stories[cite].add(story_of[r.event_id])
    figures_of: dict[int, list] = defaultdict(list)
    for f in figures.itertuples(index=False):
        told = paragraph_stories.get(f.para_id, set())
        if len(told) == 1:  # a paragraph telling of several events: whose figure it is, is not known
            figures_of[next(iter(told))].append(f)
    for i, group in enumerate(stories):
        group = sorted(group, key=lambda r: _row_key(r, trust))
        chosen = group[0]
        for other in group[1:]:
            mine, theirs = Claim(chosen.date, _cited(chosen.sources)), Claim(other.date, _cited(other.sources))
            rows.append({"event_id": chosen.event_id, **_disagreement("date", mine, theirs, trust),
                         "other_event_id": other.event_id})
            if _disjoint_people(chosen.participants, other.participants):
                rows.append({"event_id": chosen.event_id, **_disagreement(
                    "participants", Claim(chosen.participants, _cited(chosen.sources)),
                    Claim(other.participants, _cited(other.sources)), trust),
                    "other_event_id": other.event_id})
        rows += _figure_conflicts(chosen.event_id, figures_of.get(i, []), trust)
    return rows


#: The fields on which a less reliable source contradicting a more reliable one tells
#: against it: an event's date, its number, and the figures of its story.
CONTRADICTING_FIELDS = ("date", "ordinal", "amount", "quantity", "duration")


def _best_rank(tiers: str) -> int:
    return min((tier_rank(t) for t in tiers.split(";") if t), default=len(TIERS))


def contradicted(events: pd.DataFrame, conflicts: pd.DataFrame) -> dict[str, str]:
    """Documents every event of which a more reliable source contradicts.

    A document whose value of an event (:data:`CONTRADICTING_FIELDS`) lost to the
    value of a source of a higher tier, and which tells no event that such a
    source does not contradict, is a page that got its story wrong: its other
    facts are not trusted either. A document that also tells an event no one
    contradicts, whose rival is of its own tier, or whose figure is approximate
    (``~1.5 hours`` against ``~85 minutes``), is not one.

    Args:
        events: The events table (``doc_ids`` of each row).
        conflicts: The conflicts table.

    Returns:
        doc_id to ``contradicts: <event_id> <field>[, <event_id> <field>…]``.

    Example:
        >>> ev = pd.DataFrame({"event_id": ["m-0728", "m-0729"], "doc_ids": ["a;c", "b"]})
        >>> cf = pd.DataFrame([{"event_id": "m-0728", "field": "date", "chosen_value": "2024-07-28",
        ...     "other_value": "2024-07-29", "chosen_sources": "a:p4",
        ...     "chosen_reliability": "official", "other_sources": "b:p4",
        ...     "other_reliability": "established", "other_event_id": "m-0729"}])
        >>> contradicted(ev, cf)
        {'b': 'contradicts: m-0728 date'}
    """
    if events.empty or conflicts.empty:
        return {}
    told: dict[str, set[str]] = defaultdict(set)
    for r in events.itertuples(index=False):
        for doc_id in filter(None, str(r.doc_ids).split(";")):
            told[doc_id].add(r.event_id)
    against: dict[str, dict[str, list[str]]] = defaultdict(dict)  # doc -> its event row -> what it contradicts
    for c in conflicts.itertuples(index=False):
        if c.field not in CONTRADICTING_FIELDS or _best_rank(c.chosen_reliability) >= _best_rank(c.other_reliability):
            continue
        if str(c.chosen_value).startswith("~") or str(c.other_value).startswith("~"):
            continue  # about 85 minutes and about an hour and a half may both be right
        row = c.other_event_id or c.event_id  # the contradicted account's own row, or the merged one
        for doc_id in _docs(c.other_sources) - _docs(c.chosen_sources):
            against[doc_id].setdefault(row, []).append(f"{c.event_id} {c.field}")
    return {doc_id: "contradicts: " + ", ".join(sorted({f for fs in rows.values() for f in fs}))
            for doc_id, rows in sorted(against.items()) if told[doc_id] and told[doc_id] <= set(rows)}


def conflicts_frame(rows: list[dict]) -> pd.DataFrame:
    """The conflicts table from rows carrying ``event_id``, in a stable order
    (one row per event, field and other value)."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    # Rows of merged fields carry no other row: an empty id, typed as text like the others.
    frame["other_event_id"] = frame["other_event_id"].astype(object).fillna("").astype(str)
    for column in ("chosen_n_stories", "other_n_stories"):
        frame[column] = frame[column].astype("int64")
    frame = frame.drop_duplicates(["event_id", "field", "other_value"])
    return frame.sort_values(["event_id", "field", "other_value"], kind="stable").reset_index(drop=True)
