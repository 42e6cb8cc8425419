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
# This notebook is one of jdib's reports. Set the parameters in the next cell and run all cells; the analysis lives in `jdib.reports.dicas`.

# %% tags=["parameters"]
seeds_dir = "../seeds"  # folder of documents and catalog.csv, relative to this notebook
as_of = "latest"  # "latest", or an ISO date (YYYY-MM-DD): only documents published by then count
lang = "en"  # "en" or "ja": language of headings, narrative, tables and charts
focus_program = "amraam"  # a program_id (data/tables/programs.csv) to follow statement by statement

# %%
from jdib.reports import common, dicas

r = common.load(seeds_dir, as_of, lang)
r.header("dicas")

# %%
display(r.section("summary"), dicas.summary(r))

# %%
display(r.section("timeline"), dicas.timeline_table(r))

# %%
chart = dicas.timeline_chart(r)
display(chart, r.chart_data(chart))

# %%
display(r.section("working_groups"), dicas.working_groups(r))

# %%
chart = dicas.tracker_chart(r)
display(r.section("tracker"), chart, r.chart_data(chart))

# %%
display(r.section("milestones"), dicas.milestones(r))

# %%
display(r.section("focus"), dicas.focus(r, focus_program))

# %%
display(r.section("pip_ir"), dicas.pip_ir(r))

# %%
display(r.section("sccm"), dicas.sccm_issues(r))

# %%
chart = dicas.verb_mix(r)
display(r.section("verbs"), chart, r.chart_data(chart))

# %%
display(r.section("changes"), dicas.changes(r))

# %%
display(r.section("disagreements"), dicas.disagreements(r))

# %%
r.sources()
