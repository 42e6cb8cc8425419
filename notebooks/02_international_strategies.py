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
# This notebook is one of jdib's reports. Set the parameters in the next cell and run all cells; the analysis lives in `jdib.reports.strategies`.

# %% tags=["parameters"]
seeds_dir = "../seeds"  # folder of documents and catalog.csv, relative to this notebook
as_of = "latest"  # "latest", or an ISO date (YYYY-MM-DD): only documents published by then count
lang = "en"  # "en" or "ja": language of headings, narrative, tables and charts
countries = []  # English country or region names to compare (e.g. ["United States", "United Kingdom"]); [] = all

# %%
from jdib.reports import common, strategies

r = common.load(seeds_dir, as_of, lang)
r.header("strategies")

# %%
display(r.section("summary"), strategies.summary(r))

# %%
display(r.section("strategies"), strategies.table(r, countries))

# %%
chart = strategies.heatmap(r, countries)
display(r.section("heatmap"), chart, r.chart_data(chart))

# %%
chart = strategies.publication_chart(r, countries)
display(r.section("publication"), chart, r.chart_data(chart))

# %%
display(r.section("pathways"), strategies.pathways(r))

# %%
display(r.section("startups"), strategies.startups(r))

# %%
r.sources()
