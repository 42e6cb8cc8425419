"""Reading a seeds folder: the catalog, the documents, their cleaned text and dates.

Stage 1 of the pipeline. Holds the corpus loader (:mod:`.corpus`), text
cleaning (:mod:`.text`), the Japanese date parser (:mod:`.dates`) and the
vocabularies read from ``jdib/data`` (:mod:`.vocab`).

May import: :mod:`jdib.errors` and :mod:`jdib.paths` only.
"""
