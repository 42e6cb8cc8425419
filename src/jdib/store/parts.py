"""Per-document extraction and the cross-document steps, split so results can be cached.

Each document is read once into :class:`Parts`: its own rows of every table, its
event mentions and its strategy mentions. :func:`assemble` then runs only what
needs every document at once (reliability and reprints, merging event mentions
into events and conflicts, merging strategies named twice, ``confirmed``,
numbering) and gives the same tables as
:func:`jdib.store.tables.build` on the same corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jdib.extract import events as ev
from jdib.extract import figures, outcomes, programs, sources, startups, strategies
from jdib.extract.conflicts import Trust
from jdib.extract.documents import documents_table, paragraphs_table
from jdib.ingest.corpus import Corpus, Document
from jdib.store import tables


@dataclass
class Parts:
    """What one document contributes to every table, before any cross-document step.

    Attributes:
        doc: The parsed document, without its raw text (its tier is in ``reliability``).
        outcomes: Its outcome rows (unnumbered), as tuples in ``outcomes.COLUMNS`` order.
        statements: Its program statements, as tuples in ``programs.COLUMNS`` order.
        figures: Its figure rows, as tuples in ``figures.COLUMNS`` order.
        startups: Its startup rows, as tuples in ``startups.COLUMNS`` order.
        strategies: The strategies it names, before merging across documents.
        mentions: Its event mentions from paragraphs and publications.
        forms: Its event mentions from ``日時 / 場所 / 参加者`` forms.
        reliability: Its tier, read from the document alone.
        sentences: Its body text as reprint detection compares it (:class:`jdib.extract.sources.Story`).
    """

    doc: Document
    outcomes: list[tuple] = field(default_factory=list)
    statements: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)
    startups: list[tuple] = field(default_factory=list)
    strategies: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    forms: list = field(default_factory=list)
    reliability: sources.Reliability | None = None
    sentences: sources.Story | None = None


def extract_document(doc: Document) -> Parts:
    """Run every per-document extractor on one document.

    Args:
        doc: A parsed document.

    Returns:
        Its :class:`Parts`.
    """
    mentions = ev.document_mentions(doc)  # as events.corpus_mentions reads each document
    parts = Parts(
        doc=doc,
        outcomes=_tuples(outcomes.document_outcomes(doc), outcomes.COLUMNS),
        statements=_tuples(programs.document_statements(doc), programs.COLUMNS),
        figures=_tuples(figures._doc_rows(doc), figures.COLUMNS),
        startups=_tuples(startups._rows(doc), startups.COLUMNS),
        strategies=strategies._scan(doc),
        mentions=mentions,
        forms=ev._form_mentions(Corpus(doc.path.parent, (doc,))),
        reliability=sources.reliability(doc),
        sentences=sources.story_sentences(doc),
    )
    # The raw text only decides the tier, read above; cached with the parts it would
    # be a second copy of every document (a sixth of the cache at 10,000 documents).
    object.__setattr__(doc, "raw", "")
    return parts


def _tuples(rows: list[dict], columns: list[str]) -> list[tuple]:
    # A dict per row repeats every column name: at 10,000 documents the rows held
    # as dicts took a fifth of the store's peak memory; tuples take a fraction.
    return [tuple(row.get(c) for c in columns) for row in rows]


def assemble(parts: list[Parts], root: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table from the parts of a corpus (the cross-document steps).

    Reliability tiers, reprints, event merging and conflicts, strategy merging
    and numbering compare documents, so they run here over every document. A
    document whose rows cannot be assembled with the others is left out with a
    warning, as :func:`jdib.store.tables.build` does.

    Args:
        parts: One :class:`Parts` per document.
        root: The seeds folder (only recorded on the corpus).

    Returns:
        Table name to DataFrame, as :func:`jdib.store.tables.build` returns them.
    """
    parts = sorted(parts, key=lambda p: p.doc.doc_id)
    return tables.narrowed(parts, lambda kept: _assemble(kept, root), doc_id=lambda p: p.doc.doc_id)


def _assemble(parts: list[Parts], root: Path | None) -> dict[str, pd.DataFrame]:
    corpus = Corpus(Path(root or "."), tuple(p.doc for p in parts))
    # Tiers and sentences are per document (cached); which documents reprint which is not.
    found = {p.doc.doc_id: p.reliability for p in parts}
    copies = sources.reprints(corpus, found, {p.doc.doc_id: p.sentences for p in parts})
    trust = Trust.of(corpus, found, copies)
    strategy_table = _strategies(parts)
    # The order of events.corpus_mentions: paragraphs, then forms, then strategies.
    mentions = [m for p in parts for m in p.mentions] + [m for p in parts for m in p.forms]
    mentions += ev._strategy_mentions(corpus, strategy_table)
    events, conflicts = ev.events_and_conflicts(corpus, strategy_table, trust, mentions)
    return tables.finish({
        "documents": documents_table(corpus, sources.sources_table(corpus, found, copies)),
        "paragraphs": paragraphs_table(corpus),
        "events": events,
        "conflicts": conflicts,
        "programs": _programs(parts),
        "outcomes": _outcomes(parts),
        "figures": _figures(parts),
        "strategies": strategy_table,
        "startups": pd.DataFrame([r for p in parts for r in p.startups], columns=startups.COLUMNS),
    }, trust)


def _outcomes(parts: list[Parts]) -> pd.DataFrame:
    frame = pd.DataFrame([r for p in parts for r in p.outcomes], columns=outcomes.COLUMNS)
    if len(frame):
        frame["outcome_id"] = (frame.groupby("doc_id").cumcount().add(1).astype(str)
                               .radd(frame["doc_id"] + ":o"))
    return frame


def _programs(parts: list[Parts]) -> pd.DataFrame:
    frame = pd.DataFrame([r for p in parts for r in p.statements], columns=programs.COLUMNS)
    order = frame["para_id"].str.extract(r":p(\d+)$")[0].astype(int) if len(frame) else []
    return (frame.assign(_n=order)
            .sort_values(["doc_date", "doc_id", "_n", "program_id"], kind="stable")
            .drop(columns="_n").reset_index(drop=True))


def _figures(parts: list[Parts]) -> pd.DataFrame:
    frame = pd.DataFrame([r for p in parts for r in p.figures], columns=figures.COLUMNS)
    return frame.astype({"value": float, "value_high": float, "approx": bool})


def _strategies(parts: list[Parts]) -> pd.DataFrame:
    # The merge of strategies.strategies_table, over cached scans.
    merged: dict = {}
    for p in parts:
        for s in p.strategies:
            key = (s.country[1], re.sub(r"\s", "", strategies._TRAILING_PAREN.sub("", s.title)))
            first, themes = merged.setdefault(key, (s, set()))
            themes |= strategies._themes(s.theme_text)
            if strategies._precision(s.date) > strategies._precision(first.date):
                first.date = s.date
    rows = [{
        "strategy_id": f"{s.para.para_id}:s{s.n}", "country_or_region": s.country[1],
        "country_ja": s.country[0], "title_ja": s.title, "title_en": strategies._title_en(s.title),
        "published": s.date.iso() if s.date else "", "themes": ";".join(sorted(themes)),
        "doc_id": s.para.doc_id, "para_id": s.para.para_id, "quote": s.quote,
    } for s, themes in merged.values()]
    frame = pd.DataFrame(rows, columns=strategies.COLUMNS)
    return frame.sort_values(["country_or_region", "published", "title_ja", "strategy_id"],
                             ignore_index=True)
