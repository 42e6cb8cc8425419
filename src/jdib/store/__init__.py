"""Storing the tables: assembling them from the extractors and writing them safely.

Stage 3 of the pipeline. :mod:`.tables` builds every table of a corpus,
:mod:`.writers` writes them as CSV, and :mod:`.atomic` gives every writer
(here and in the later stages) staged, all-or-nothing file replacement.
:mod:`.warehouse` keeps the store (``data/jdib.duckdb``, Parquet, CSV) of a seeds
folder up to date from a per-document cache (:mod:`.parts` splits the per-document
work from the cross-document steps), :mod:`.schema` defines and checks every
table, :mod:`.database` writes the files.

May import: :mod:`jdib.extract`, :mod:`jdib.ingest`.
"""


def load(seeds_dir, as_of=None, **options):
    """The corpus and tables of a seeds folder, from its store (refreshed when stale).

    See :func:`jdib.store.warehouse.load`; imported on use so that ``import jdib`` stays light.
    """
    from jdib.store import warehouse

    return warehouse.load(seeds_dir, as_of, **options)


def refresh(seeds_dir, **options) -> dict:
    """Bring the store of a seeds folder up to date; see :func:`jdib.store.warehouse.refresh`."""
    from jdib.store import warehouse

    return warehouse.refresh(seeds_dir, **options)
