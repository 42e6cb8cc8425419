"""Rendering the reports: parameters, running notebooks, HTML and PDF, the index page.

Stage 5 of the pipeline. :mod:`.params` checks parameters before any kernel
starts, :mod:`.runner` executes the notebooks with papermill and caches them,
:mod:`.export` turns them into HTML and PDF, :mod:`.index` writes the index.
Kernels, subprocesses and browsers live here.

May import: :mod:`jdib.reports` and the stages before it.
"""
