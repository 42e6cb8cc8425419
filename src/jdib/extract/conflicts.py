"""When the mentions of one event disagree: which value an event takes, and every claim kept.

An event merged from several documents takes each of its fields (date, ordinal,
participants, venue) from the most reliable source that states it. Ties go to
the value more independent stories state (a reprint is its original's story),
then to the more precise date, then to the earliest official text, then to the
value itself: never to file names or file order. Every value that lost is kept
as a row of the ``conflicts`` table, beside the value chosen, each with its
sources, their tiers and how many independent stories give it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from jdib.extract.mentions import Participant, merge_participants
from jdib.extract.sources import TIERS, reprints, reliability, tier_rank
from jdib.ingest import vocab
from jdib.ingest.corpus import Corpus, Document

#: One row per disagreement: the value the events table uses, and one value another source gives.
COLUMNS = ["event_id", "field", "chosen_value", "chosen_sources", "chosen_reliability", "chosen_n_stories",
           "reason", "other_value", "other_sources", "other_reliability", "other_n_stories"]
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


def conflicts_frame(rows: list[dict]) -> pd.DataFrame:
    """The conflicts table from rows carrying ``event_id``, in a stable order."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    for column in ("chosen_n_stories", "other_n_stories"):
        frame[column] = frame[column].astype("int64")
    return frame.sort_values(["event_id", "field", "other_value"], kind="stable").reset_index(drop=True)
