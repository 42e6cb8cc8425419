"""Scores of the tables against what a careful reader takes from the development corpus.

``tests/data/corpus/`` holds documents written in the forms real sources take
(press releases, wire stories, trade dailies, TV digests, White Paper passages)
and ``facts.yaml``, the facts a reader takes from each. The tables of that
corpus plus ``seeds/`` are scored against them; the figures are printed
(``pytest -s``) and held to a bar.

Matching: an event row is the fact's event when the series agrees and either
both give the same ordinal or the row's date agrees with the fact's at the
row's precision. It is *exact* when the date is the same day and the status
agrees. The facts name some kinds of event with their own words; ``SERIES``
says which series of the events table they are. The facts list no
establishments, so establishment rows are outside what is scored.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import pytest
import yaml

from jdib import paths
from jdib.ingest.corpus import Corpus, load_corpus
from jdib.store import tables

CORPUS = paths.ROOT / "tests" / "data" / "corpus"
FACTS = CORPUS / "facts.yaml"

#: The facts' word for a kind of event -> the events table's series.
SERIES = {"repair": "operation", "transfer": "agreement", "deterrence": "extended deterrence"}

pytestmark = pytest.mark.skipif(not FACTS.exists(), reason="no development corpus")


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


@pytest.fixture(scope="module")
def facts():
    return yaml.safe_load(FACTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built():
    dev, seeds = load_corpus(CORPUS), load_corpus(paths.SEEDS)
    corpus = Corpus(CORPUS, tuple(sorted(dev.documents + seeds.documents, key=lambda d: d.doc_id)))
    return corpus, tables.build(corpus)


def _doc_ids(corpus: Corpus) -> dict[str, str]:
    """File name (as facts.yaml names documents) to doc_id."""
    return {d.path.name: d.doc_id for d in corpus}


def _date_agrees(row_date: str, fact_date: str) -> bool:
    return bool(row_date) and fact_date.startswith(row_date)


def _series(fact) -> str:
    return SERIES.get(fact["series"], fact["series"])


def _matches(row, fact) -> bool:
    if row.series != _series(fact) or row.kind == "establishment":
        return False
    ordinal = fact.get("ordinal")
    if ordinal is not None and row.ordinal is not None and str(row.ordinal) != "<NA>":
        return int(row.ordinal) == int(ordinal)
    return _date_agrees(row.date, _iso(fact["date"]))


def _exact(row, fact) -> bool:
    return row.date == _iso(fact["date"]) and row.status == fact.get("status", "held")


def score_events(corpus, built, facts):
    """The event scores, the rows matching each fact, and the problems found."""
    events = built["events"]
    fact_events = facts.get("events") or []
    series = {_series(f) for f in fact_events}
    ids = _doc_ids(corpus)
    dev_docs = {ids[f] for f in (facts.get("documents") or {}) if f in ids}
    other = {ids[f] for f, d in (facts.get("documents") or {}).items()
             if f in ids and (d or {}).get("reliability") == "other"}
    rows = [r for r in events.itertuples() if r.series in series and r.kind != "establishment"
            and set(r.doc_ids.split(";")) & dev_docs]
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
        "split": [f for i, f in enumerate(fact_events) if len(matched[i]) > 1],
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


def test_the_tables_meet_the_bar_on_the_development_corpus(built, facts, capsys):
    corpus, tbl = built
    events, problems = score_events(corpus, tbl, facts)
    published, titles, wrong_dates, wrong_titles = score_documents(corpus, tbl, facts)
    with capsys.disabled():
        print("\n" + "\n".join(s.line() for s in (events, published, titles)))
        for f in problems["missed"]:
            print(f"  missed: {f['series']} {f.get('ordinal') or ''} {_iso(f['date'])} {f.get('status')}")
        for r in problems["wrong rows"]:
            print(f"  not a stated event: {r.event_id} {r.status} ({r.sources})")
        for f in problems["split"]:
            print(f"  split over several rows: {f['series']} {f.get('ordinal') or ''} {_iso(f['date'])}")
        for f, (got, want) in wrong_dates.items():
            print(f"  published of {f}: {got or '(none)'} instead of {want or '(none)'}")
        for f, (got, want) in wrong_titles.items():
            print(f"  title of {f}: {got!r} instead of {want!r}")
    assert events.recall >= 0.9
    assert events.precision >= 0.95
    assert not problems["split"], "one real event came out as several rows"
    assert not problems["planned shown as held"]


def test_the_four_dicas_meetings_are_four_rows_numbered_one_to_four(built):
    _, tbl = built
    events = tbl["events"]
    dicas = events[(events.series == "DICAS") & (events.status == "held") & (events.kind == "meeting")]
    assert sorted(int(o) for o in dicas.ordinal.dropna()) == [1, 2, 3, 4]
    assert dicas.ordinal.notna().all()
