"""Assembling every table from a corpus.

One document that cannot be read consistently never stops the others: its rows
are left out and a warning names it and, when known, the paragraph at fault.
"""

from __future__ import annotations

import logging

import pandas as pd

from jdib.errors import InconsistentDocument, InputError
from jdib.ingest.corpus import Corpus
from jdib.extract.documents import documents_table, paragraphs_table
from jdib.extract.conflicts import Trust
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
    try:
        return _build_all(corpus)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - any failure is narrowed down to the documents causing it
        pass
    kept = list(corpus.documents)
    for doc in corpus:
        reason = _failure(Corpus(corpus.root, (doc,)))
        if reason:
            _leave_out(doc.doc_id, reason)
            kept.remove(doc)
    if _failure(Corpus(corpus.root, tuple(kept))):
        # Documents that fail only together: add them one at a time, in order.
        ok: list = []
        for doc in kept:
            reason = _failure(Corpus(corpus.root, tuple(ok + [doc])))
            if reason:
                _leave_out(doc.doc_id, reason)
            else:
                ok.append(doc)
        kept = ok
    return _build_all(Corpus(corpus.root, tuple(kept)))


log = logging.getLogger(__name__)


def _failure(corpus: Corpus) -> str:
    """Why building these documents fails, or empty when it does not."""
    try:
        _build_all(corpus)
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
    trust = Trust.of(corpus)
    built: dict[str, pd.DataFrame] = {"strategies": strategies_table(corpus)}
    # Strategy publications are events (reuse that table); conflicts come with the events.
    built["events"], built["conflicts"] = events_and_conflicts(corpus, built["strategies"], trust)
    for name, builder in BUILDERS.items():
        if name not in built:
            built[name] = builder(corpus)
    for name in ("programs", "outcomes"):
        # A statement only the lowest tier makes is not taken as fact.
        frame = built[name]
        frame["confirmed"] = frame["doc_id"].map(trust.tier).ne("other").astype(bool)
    return {name: built[name] for name in BUILDERS}
