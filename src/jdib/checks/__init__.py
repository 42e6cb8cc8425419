"""Checking the project: regression against the accepted baseline, and the benchmark.

:mod:`.regress` (``jdib check`` / ``jdib accept``), :mod:`.bench`
(``jdib bench``) and the synthetic corpora it measures on (:mod:`.synth`).

May import: every stage (:mod:`jdib.render` and before).
"""
