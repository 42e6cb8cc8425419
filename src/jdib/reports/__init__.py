"""The reports: narrative, tables and charts computed from the stored tables.

Stage 4 of the pipeline. One module per notebook (:mod:`.overview`,
:mod:`.ukraine`, :mod:`.strategies`, :mod:`.dicas`), what they share
(:mod:`.common`, :mod:`.charts`) and the meaning of the shared parameters
(:mod:`.params`). Notebooks import this package and nothing else of jdib's.

May import: :mod:`jdib.store` and the stages before it.
"""
