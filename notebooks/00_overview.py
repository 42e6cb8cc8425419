# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python (jdib)
#     language: python
#     name: jdib
# ---

# %% [markdown] tags=["remove-cell"]
# This notebook is one of jdib's reports. Set the parameters in the next cell and run all cells; the analysis lives in `jdib.reports.overview`.

# %% tags=["parameters"]
seeds_dir = "../seeds"  # folder of documents and catalog.csv, relative to this notebook
as_of = "latest"  # "latest", or an ISO date (YYYY-MM-DD): only documents published by then count
lang = "en"  # "en" or "ja": language of headings, narrative, tables and charts

# %%
from jdib.reports import common, overview

r = common.load(seeds_dir, as_of, lang)
r.header("overview")

# %%
display(r.section("reports"), overview.reports(r))

# %%
display(r.section("corpus"), overview.corpus(r))

# %%
chart = overview.corpus_chart(r)
display(chart, r.chart_data(chart))

# %%
display(r.section("headlines"), overview.headline_figures(r))

# %%
chart = overview.happenings(r)
display(r.section("happenings"), chart, r.chart_data(chart))

# %%
display(r.section("partners"), overview.partners(r))

# %%
display(r.section("disagreements"), overview.disagreements(r))

# %%
display(r.section("review"), overview.decisions(r))

# %%
r.sources()
