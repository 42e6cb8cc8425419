"""Scoring the tables against what a careful reader takes from a corpus (``facts.yaml``).

Matching: an event row is the fact's event when the series agrees (for a meeting
of other parties than Japan and the United States, the series of its kind, and
the parties too) and either both give the same ordinal or the row's date agrees
with the fact's at the row's precision. It is *exact* when the date is the same
day and the status agrees. The facts name some kinds of event with their own
words; ``SERIES`` says which series of the events table they are. Establishment
rows are outside what is scored.

Facts of other kinds than meetings (``kind: contract``, ``sale approval``...; the
earlier sets name them by a word in ``series``, which ``KINDS`` reads) match a row
of their kind whose date agrees; a meeting named by no series (``series: talks``)
matches a ``talks`` row of the same parties.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass


#: The facts' word for a meeting series -> the events table's series.
SERIES = {"deterrence": "extended deterrence", "committee": "talks", "negotiation": "talks", "ceremony": "talks"}

#: The kinds of event that are not meetings, and the words the earlier facts use for them.
KINDS = {"agreement": "agreement", "signing": "agreement", "exchange": "agreement", "ratification": "agreement",
         "contract": "contract", "sale approval": "sale approval", "transfer": "transfer", "decision": "decision",
         "establishment": "establishment", "launch": "establishment", "publication": "publication",
         "operation": "operation", "repair": "operation", "exercise": "operation"}
MEETING_KINDS = ("meeting", "summit")


def _kind(fact) -> str:
    """The kind of event a fact is: ``meeting`` or one of ``KINDS``' values."""
    kind = fact.get("kind")
    if kind and kind != "meeting":
        return KINDS.get(kind, kind)
    return "meeting" if kind == "meeting" else KINDS.get(fact.get("series"), "meeting")


def _iso(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass
class Score:
    """Precision and recall of one table."""

    table: str
    found: int
    correct: int
    expected: int
    hit: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hit / self.expected if self.expected else 1.0

    def line(self) -> str:
        return (f"{self.table:<22} precision {self.precision:5.3f} ({self.correct}/{self.found})"
                f"   recall {self.recall:5.3f} ({self.hit}/{self.expected})")


def _doc_ids(corpus: Corpus) -> dict[str, str]:
    """File name (as facts.yaml names documents) to doc_id."""
    return {d.path.name: d.doc_id for d in corpus}


def _date_agrees(row_date: str, fact_date: str) -> bool:
    return bool(row_date) and fact_date.startswith(row_date)


#: The US-Japan series, and the series a meeting of other parties told in their words is in.
OTHERS = {"ministerial": "defence ministers", "summit": "leaders", "2+2": "foreign and defence ministers"}


def _parties(fact) -> str:
    return ";".join(sorted(fact.get("parties") or ["JP", "US"]))


def _series(fact) -> str:
    """The events table's series of a meeting fact; a non-meeting fact's kind."""
    if _kind(fact) != "meeting":
        return _kind(fact)
    series = SERIES.get(fact.get("series") or "talks", fact.get("series") or "talks")
    if series in OTHERS and _parties(fact) != "JP;US":
        return OTHERS[series]
    return series


def _row_series(row) -> str:
    """What a row is scored as: its series for a meeting, else its kind."""
    return row.series if row.kind in MEETING_KINDS else KINDS.get(row.kind, row.kind)


def _matches(row, fact) -> bool:
    if _row_series(row) != _series(fact):
        return False
    if _kind(fact) == "meeting" and row.kind not in MEETING_KINDS:
        return False
    if (row.series in OTHERS.values() or row.series == "talks") and (row.parties or "") != _parties(fact):
        return False
    ordinal = fact.get("ordinal")
    if ordinal is not None and row.ordinal is not None and str(row.ordinal) != "<NA>":
        return int(row.ordinal) == int(ordinal)
    return _date_agrees(row.date, _iso(fact["date"]))


def _exact(row, fact) -> bool:
    return row.date == _iso(fact["date"]) and row.status == fact.get("status", "held")


def us_japan_rows_of_other_parties(corpus, built, facts) -> list:
    """Rows of a US-Japan series (both parties required) that are meetings of other parties:
    they match a fact of other parties by kind and date, and no US-Japan fact."""
    events = built["events"]
    facts_ = facts.get("events") or []
    others = [f for f in facts_ if f.get("series") in OTHERS and _parties(f) != "JP;US"]
    ids = _doc_ids(corpus)
    dev_docs = {ids[f] for f in (facts.get("documents") or {}) if f in ids}
    out = []
    for r in events.itertuples():
        if r.series not in OTHERS or r.kind not in MEETING_KINDS or not set(r.doc_ids.split(";")) & dev_docs:
            continue
        if any(_matches(r, f) for f in facts_):
            continue
        if any(f.get("series") == r.series and _date_agrees(r.date, _iso(f["date"])) for f in others) \
                or set((r.parties or "").split(";")) != {"JP", "US"}:
            out.append(r)
    return out


def score_events(corpus, built, facts):
    """The event scores, the rows matching each fact, and the problems found."""
    events = built["events"]
    fact_events = facts.get("events") or []
    series = {_series(f) for f in fact_events}
    ids = _doc_ids(corpus)
    dev_docs = {ids[f] for f in (facts.get("documents") or {}) if f in ids}
    other = {ids[f] for f, d in (facts.get("documents") or {}).items()
             if f in ids and (d or {}).get("reliability") == "other"}
    rows = [r for r in events.itertuples() if _row_series(r) in series and set(r.doc_ids.split(";")) & dev_docs]
    matched = {i: [r for r in rows if _matches(r, f)] for i, f in enumerate(fact_events)}
    exact = [i for i, f in enumerate(fact_events) if any(_exact(r, f) for r in matched[i])]
    correct, counted, wrong = 0, 0, []
    for r in rows:
        if any(r in m for m in matched.values()):
            correct += 1
            counted += 1
        elif set(r.doc_ids.split(";")) <= other:
            continue  # an unreliable source restating an event with its own date
        else:
            counted += 1
            wrong.append(r)
    problems = {
        "missed": [f for i, f in enumerate(fact_events) if i not in exact],
        "wrong rows": wrong,
        # One event in two rows of its own date (a coarser row, 2024, may match several facts).
        "split": [f for i, f in enumerate(fact_events) if len([r for r in matched[i] if r.date == _iso(f["date"])]) > 1],
        "planned shown as held": [f for i, f in enumerate(fact_events) if f.get("status") == "planned"
                                  and any(r.status == "held" for r in matched[i])],
    }
    return Score("events (exact date)", counted, correct, len(fact_events), len(exact)), problems


def score_documents(corpus, built, facts):
    docs = built["documents"].set_index("doc_id")
    ids = _doc_ids(corpus)
    expected = {f: d for f, d in (facts.get("documents") or {}).items() if f in ids}
    dated = [f for f, d in expected.items() if d.get("published")]
    given = [f for f in expected if docs.loc[ids[f], "published"]]
    right_date = [f for f in given if docs.loc[ids[f], "published"] == _iso(expected[f].get("published"))]
    titled = [f for f, d in expected.items() if d.get("title")]
    right_title = [f for f in titled if _norm(docs.loc[ids[f], "title_ja"]) == _norm(expected[f]["title"])]
    wrong = {f: (docs.loc[ids[f], "published"], _iso(expected[f].get("published")))
             for f in expected if docs.loc[ids[f], "published"] != _iso(expected[f].get("published"))}
    wrong_titles = {f: (docs.loc[ids[f], "title_ja"], expected[f]["title"])
                    for f in titled if f not in right_title}
    return (Score("documents.published", len(given), len(right_date), len(dated),
                  len([f for f in right_date if f in dated])),
            Score("documents.title", len(titled), len(right_title), len(titled), len(right_title)),
            wrong, wrong_titles)


def print_scores(corpus, built, facts) -> tuple:
    """Print every figure and every miss; return the scores and problems."""
    events, problems = score_events(corpus, built, facts)
    published, titles, wrong_dates, wrong_titles = score_documents(corpus, built, facts)
    other = us_japan_rows_of_other_parties(corpus, built, facts)
    print("\n" + "\n".join(s.line() for s in (events, published, titles)))
    print(f"US-Japan rows of meetings without both parties: {len(other)}")
    for r in other:
        print(f"  US-Japan row of other parties: {r.event_id} [{r.parties}] ({r.sources})")
    for f in problems["missed"]:
        print(f"  missed: {_series(f)} {f.get('ordinal') or ''} {_iso(f['date'])} {f.get('status')}"
              f" [{_parties(f)}] {f.get('what') or ''}".rstrip())
    for r in problems["wrong rows"]:
        print(f"  not a stated event: {r.event_id} {r.status} [{r.parties}] ({r.sources})")
    for f in problems["split"]:
        print(f"  split over several rows: {_series(f)} {f.get('ordinal') or ''} {_iso(f['date'])}")
    for f, (got, want) in wrong_dates.items():
        print(f"  published of {f}: {got or '(none)'} instead of {want or '(none)'}")
    for f, (got, want) in wrong_titles.items():
        print(f"  title of {f}: {got!r} instead of {want!r}")
    return events, published, titles, problems, other


def by_language(corpus, built, facts) -> dict:
    """The event scores of each language's documents alone (``documents.lang``), and the
    facts told in both languages that did not come out as one row citing both."""
    lang = dict(zip(built["documents"].doc_id, built["documents"].lang))
    ids = _doc_ids(corpus)
    of = {f: lang.get(ids.get(f, ""), "") for f in (facts.get("documents") or {})}
    scores = {}
    for code in ("en", "ja"):
        docs = {f: d for f, d in facts["documents"].items() if of.get(f) == code}
        events = [e for e in facts.get("events") or [] if any(of.get(s) == code for s in e.get("sources", []))]
        scores[code] = score_events(corpus, built, {"documents": docs, "events": events})[0]
    split = []
    for f in facts.get("events") or []:
        langs = {of.get(s) for s in f.get("sources", [])}
        if {"en", "ja"} <= langs:
            english = {ids[s] for s in f["sources"] if of.get(s) == "en" and s in ids}
            rows = [r for r in built["events"].itertuples() if _matches(r, f)]
            rows = [r for r in rows if r.date == _iso(f["date"])] or rows  # not a coarser row of another event
            if len(rows) != 1 or not english & set(rows[0].doc_ids.split(";")):
                split.append(f)
    return {"scores": scores, "not merged": split}


def _same_publisher(found: str, expected: str) -> bool:
    """A publisher is named right when one name holds the other (``Ministry of Defense``
    and ``Ministry of Defense of Japan``, ``三菱電機`` and ``三菱電機株式会社``)."""
    a, b = _norm(found).casefold(), _norm(expected).casefold()
    return bool(a and b) and (a in b or b in a)


def score_pages(corpus, built, facts) -> dict:
    """What a reader takes from each page's layout, by language: the title, the stated
    publication date, the publisher, the kind, and the tier (official pages that are
    ``official``; pages that are ``other`` because they declare themselves machine-made,
    are forum or social posts, or are machine-made without saying so).

    Returns:
        Name of the measure to (right, out of) counts, plus ``misses``: lines to print.
    """
    docs = built["documents"].set_index("doc_id")
    ids = _doc_ids(corpus)
    expected = {f: d for f, d in (facts.get("documents") or {}).items() if f in ids}
    out: dict = {}
    misses: list[str] = []

    def count(name: str, hits: list[bool]) -> None:
        out[name] = (sum(hits), len(hits))

    for code in ("en", "ja"):
        mine = {f: d for f, d in expected.items() if d.get("lang") == code}
        titled = {f: d for f, d in mine.items() if d.get("title")}
        count(f"title {code}", [_norm(docs.loc[ids[f], "title_ja"]) == _norm(d["title"]) for f, d in titled.items()])
        dated = {f: d for f, d in mine.items() if d.get("published")}
        given = [f for f in mine if docs.loc[ids[f], "published"]]
        count(f"published precision {code}",
              [docs.loc[ids[f], "published"] == _iso(mine[f].get("published")) for f in given])
        count(f"published recall {code}",
              [docs.loc[ids[f], "published"] == _iso(d["published"]) for f, d in dated.items()])
        named = {f: d for f, d in mine.items() if d.get("publisher")}
        count(f"publisher {code}", [_same_publisher(docs.loc[ids[f], "publisher"], d["publisher"])
                                    for f, d in named.items()])
        count(f"kind {code}", [docs.loc[ids[f], "kind"] == d["kind"] for f, d in mine.items()])
    official = [f for f, d in expected.items() if d.get("reliability") == "official"]
    count("official pages official", [docs.loc[ids[f], "reliability"] == "official" for f in official])
    count("official pages not other", [docs.loc[ids[f], "reliability"] != "other" for f in official])
    for why in ("declared", "forum", "machine"):
        pages = [f for f, d in expected.items() if d.get("other_because") == why]
        count(f"other ({why})", [docs.loc[ids[f], "reliability"] == "other" for f in pages])
    for f, d in expected.items():
        row = docs.loc[ids[f]]
        if d.get("title") and _norm(row.title_ja) != _norm(d["title"]):
            misses.append(f"  title of {f}: {row.title_ja!r} instead of {d['title']!r}")
        if row.published != _iso(d.get("published")):
            misses.append(f"  published of {f}: {row.published or '(none)'} instead of "
                          f"{_iso(d.get('published')) or '(none)'}")
        if d.get("publisher") and not _same_publisher(row.publisher, d["publisher"]):
            misses.append(f"  publisher of {f}: {row.publisher or '(none)'!s} instead of {d['publisher']}")
        if row.kind != d["kind"]:
            misses.append(f"  kind of {f}: {row.kind} instead of {d['kind']}")
        if row.reliability != d["reliability"]:
            misses.append(f"  tier of {f}: {row.reliability} ({row.reliability_basis}) instead of {d['reliability']}")
    out["misses"] = misses
    return out


def print_page_scores(corpus, built, facts) -> dict:
    """Print :func:`score_pages` and every miss; return the scores."""
    scores = score_pages(corpus, built, facts)
    for name, value in scores.items():
        if name != "misses":
            right, of = value
            print(f"{name:<28} {right / of if of else 1.0:5.3f} ({right}/{of})")
    print("\n".join(scores["misses"]))
    return scores
