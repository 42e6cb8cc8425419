"""Extracting tables from documents: one module per table family.

Stage 2 of the pipeline. Each module turns a :class:`~jdib.ingest.corpus.Corpus`
into one DataFrame (``events``, ``programs``, ``outcomes``, ``figures``,
``strategies``, ``startups``, ``documents``/``paragraphs``); :mod:`.sentences`
and :mod:`.mentions` hold what they share. Pure functions, no files.

May import: :mod:`jdib.ingest` (and :mod:`jdib.errors`, :mod:`jdib.paths`).
"""
