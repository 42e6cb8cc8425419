"""Assembling every table from a corpus.

One document that cannot be read consistently never stops the others: its rows
are left out and a warning names it and, when known, the paragraph at fault.
"""

from __future__ import annotations

import dataclasses
import logging

import pandas as pd

from jdib.errors import InconsistentDocument, InputError
from jdib.extract import sources
from jdib.ingest.corpus import Corpus
from jdib.store import review
from jdib.extract.documents import documents_table, paragraphs_table
from jdib.extract.conflicts import Trust, conflicts_frame, contradicted, story_conflicts
from jdib.extract.events import events_and_conflicts, events_table
from jdib.extract.figures import figures_table
from jdib.extract.outcomes import outcomes_table
from jdib.extract.programs import programs_table
from jdib.extract.startups import startups_table
from jdib.extract.strategies import strategies_table

#: Table name to the function that builds it, in the order they are written.
BUILDERS = {
    "documents": documents_table,
    "paragraphs": paragraphs_table,
    "events": events_table,
    "conflicts": lambda corpus: events_and_conflicts(corpus)[1],
    "programs": programs_table,
    "outcomes": outcomes_table,
    "figures": figures_table,
    "strategies": strategies_table,
    "startups": startups_table,
}


def build(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Build every table from a corpus.

    Args:
        corpus: The loaded corpus.

    Returns:
        Table name to DataFrame, each sorted deterministically.

    Example:
        >>> tables = build(load_corpus("seeds"))  # doctest: +SKIP
        >>> sorted(tables)[:2]
        ['documents', 'events']
    """
    return narrowed(list(corpus.documents), lambda docs: _build_all(Corpus(corpus.root, tuple(docs))),
                    doc_id=lambda doc: doc.doc_id)


def narrowed(items: list, build, doc_id) -> dict[str, pd.DataFrame]:
    """``build(items)``, or, when it fails, ``build`` of the items that do not make it fail.

    Each item left out gets a warning naming its document and the reason.

    Args:
        items: One item per document (a document, or what the store cached of one).
        build: Builds every table from a list of items.
        doc_id: The doc_id of an item.

    Returns:
        What ``build`` returns for the items kept.
    """
    try:
        return build(items)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - any failure is narrowed down to the documents causing it
        pass
    kept = list(items)
    for item in items:
        reason = _failure(build, [item])
        if reason:
            _leave_out(doc_id(item), reason)
            kept.remove(item)
    if _failure(build, kept):
        # Documents that fail only together: add them one at a time, in order.
        ok: list = []
        for item in kept:
            reason = _failure(build, ok + [item])
            if reason:
                _leave_out(doc_id(item), reason)
            else:
                ok.append(item)
        kept = ok
    return build(kept)


log = logging.getLogger(__name__)


def _rank_contradicted(built: dict[str, pd.DataFrame], trust: Trust) -> Trust:
    """Put a document every event of which a more reliable source contradicts in the
    lowest tier, its basis naming the facts (the catalog's tier stands)."""
    docs = built["documents"]
    wrong = contradicted(built["events"], built["conflicts"])
    mask = (docs["doc_id"].isin(list(wrong)) & docs["reliability"].ne("other")
            & docs["reliability_basis"].ne("catalog"))
    if not mask.any():
        return trust
    docs.loc[mask, "reliability_basis"] = docs.loc[mask, "doc_id"].map(wrong)
    docs.loc[mask, "reliability"] = "other"
    return dataclasses.replace(trust, tier={**trust.tier, **dict.fromkeys(docs.loc[mask, "doc_id"], "other")})


def _failure(build, items: list) -> str:
    """Why building these documents fails, or empty when it does not."""
    try:
        build(items)
    except InputError:
        raise
    except InconsistentDocument as exc:
        return f"{exc.para_id or exc.doc_id}: {exc.reason}"
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return ""


def _leave_out(doc_id: str, reason: str) -> None:
    log.warning("%s: left out of the tables (%s)", doc_id, reason)


def _build_all(corpus: Corpus) -> dict[str, pd.DataFrame]:
    # Tiers and reprints feed both the documents table and event merging: read them once.
    found = {d.doc_id: sources.reliability(d) for d in corpus}
    copies = sources.reprints(corpus, found)
    trust = Trust.of(corpus, found, copies)
    built: dict[str, pd.DataFrame] = {
        "strategies": strategies_table(corpus),
        "documents": documents_table(corpus, sources.sources_table(corpus, found, copies)),
    }
    # Strategy publications are events (reuse that table); conflicts come with the events.
    built["events"], built["conflicts"] = events_and_conflicts(corpus, built["strategies"], trust)
    for name, builder in BUILDERS.items():
        if name not in built:
            built[name] = builder(corpus)
    return finish(built, trust)


def finish(built: dict[str, pd.DataFrame], trust: Trust) -> dict[str, pd.DataFrame]:
    """The tables in :data:`BUILDERS` order, programs and outcomes marked ``confirmed``,
    and the disagreements of :func:`jdib.extract.conflicts.story_conflicts` added.

    Args:
        built: Every table, as the extractors made them.
        trust: Tiers of the corpus's documents.

    Returns:
        Table name to DataFrame, the ``decisions`` table (empty) last.
    """
    # Disagreements across rows and tables: one story's unmerged rows, its documents' figures.
    found = story_conflicts(built["events"], built["figures"], trust)
    if found:
        built["conflicts"] = conflicts_frame(built["conflicts"].to_dict("records") + found)
    trust = _rank_contradicted(built, trust)
    for name in ("programs", "outcomes"):
        # A statement only the lowest tier makes is not taken as fact.
        frame = built[name]
        frame["confirmed"] = frame["doc_id"].map(trust.tier).ne("other").astype(bool)
    # Every table as the store holds it: the review columns and the decisions table, empty
    # until the store applies the analyst's decisions (jdib.store.review).
    return review.apply({name: built[name] for name in BUILDERS})
