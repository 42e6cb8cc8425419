"""Assembling every table from a corpus."""

from __future__ import annotations

import pandas as pd

from jdib.ingest.corpus import Corpus
from jdib.extract.documents import documents_table, paragraphs_table
from jdib.extract.events import events_table
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
    built: dict[str, pd.DataFrame] = {"strategies": strategies_table(corpus)}
    for name, builder in BUILDERS.items():
        if name == "events":  # strategy publications are events: reuse that table
            built[name] = events_table(corpus, built["strategies"])
        elif name not in built:
            built[name] = builder(corpus)
    return {name: built[name] for name in BUILDERS}
