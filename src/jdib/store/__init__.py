"""Storing the tables: assembling them from the extractors and writing them safely.

Stage 3 of the pipeline. :mod:`.tables` builds every table of a corpus,
:mod:`.writers` writes them as CSV, and :mod:`.atomic` gives every writer
(here and in the later stages) staged, all-or-nothing file replacement.

May import: :mod:`jdib.extract`, :mod:`jdib.ingest`.
"""
