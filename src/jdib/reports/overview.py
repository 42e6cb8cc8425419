"""The overview report: the corpus, the headline figures, and each report in brief."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from jdib.ingest import vocab
from jdib.ingest.text import language
from jdib.extract.sources import TIERS

from jdib.reports import charts
from jdib.reports import dicas, review, strategies, ukraine
from jdib.reports.common import Markdown, Report, esc, labels

#: The other reports, by the file name their HTML is rendered to.
REPORTS = {"01_ukraine_lessons": ("ukraine", ukraine.summary),
           "02_international_strategies": ("strategies", strategies.summary),
           "03_dicas_progress": ("dicas", dicas.summary)}


def corpus(r: Report) -> Markdown:
    """The documents that count: id, title, publisher, kind, date, size."""
    docs = r.tables["documents"]
    rows = [[esc(d.doc_id), esc(d.title_ja if r.lang == "ja" or language(d.title_ja) == "en"
                                else d.title_en or f"「{d.title_ja}」"),
             esc(d.publisher if r.lang == "ja" else r.name(d.publisher) if d.publisher else ""),
             r.word("kinds", d.kind), d.published or "—", str(d.n_paragraphs), f"{d.n_chars:,}"]
            for d in docs.sort_values(["published", "doc_id"]).itertuples()]
    return r.table([r.col(c) for c in ("doc_id", "title", "publisher", "kind", "published",
                                       "n_paragraphs", "n_chars")], rows,
                   store_table="documents", keep="latest")


def corpus_chart(r: Report) -> charts.Chart | Markdown:
    """Paragraphs per document, coloured by kind: how much each source weighs."""
    docs = r.tables["documents"]
    if docs.empty:
        return Markdown(r.t("no_data") + "\n")
    data = pd.DataFrame({"document": docs.doc_id, "kind": [r.word("kinds", k) for k in docs.kind],
                         "paragraphs": docs.n_paragraphs}).sort_values("paragraphs", ascending=False)
    if len(data) > r.max_rows:  # one bar per document stops being readable: one per kind
        data = (data.groupby("kind", as_index=False)["paragraphs"].sum()
                .sort_values("paragraphs", ascending=False, ignore_index=True))
        title = "種別ごとの段落数" if r.lang == "ja" else "Paragraphs per kind of document"
        alt = (f"{len(docs)}件の文書の段落数を種別ごとに合計した横棒グラフ。" if r.lang == "ja" else
               f"Bar chart of the paragraphs of {len(docs)} documents, summed by kind.")
        return charts.barh(data, "kind", "paragraphs", title=title, xlabel=r.col("n_paragraphs"), alt=alt,
                           source=r.t("chart_source", sources="documents.csv"))
    title = "文書ごとの段落数" if r.lang == "ja" else "Paragraphs per document"
    alt = (f"{len(data)}件の文書の段落数を種別ごとに色分けした横棒グラフ。" if r.lang == "ja" else
           f"Bar chart of the number of paragraphs in each of {len(data)} documents, coloured by kind.")
    return charts.barh(data, "document", "paragraphs", stacked_by="kind", title=title,
                       xlabel=r.col("n_paragraphs"), alt=alt,
                       source=r.t("chart_source", sources="documents.csv"))


def is_headline(unit: str, label_en: str) -> bool:
    """Whether a figure is of a kind an analyst quotes (``headline`` in units.yaml).

    Money, quantities of equipment and munitions, production rates and the
    durations of what is analysed are; a share or a count only when its label
    says what it measures; counts of countries, companies or meetings and the
    length of a meeting never are.

    Example:
        >>> is_headline("JPY trillion", "defence budget"), is_headline("minutes", "meeting duration")
        (True, False)
        >>> is_headline("percent", "share"), is_headline("percent", "share of GDP")
        (False, True)
    """
    spec = vocab.load("units")["headline"]
    unit, label = str(unit), str(label_en)
    if any(label.startswith(lab) for lab in spec["never"]):
        return False
    if any(label.startswith(lab) for lab in spec["labels"]) or any(unit.startswith(u) for u in spec["units"]):
        return True
    return any(unit.startswith(u) for u in spec["with_label"]) and _base(label) not in _generic_labels()


@cache
def _generic_labels() -> frozenset[str]:
    """The words a figure is labelled with when its context names nothing (``share``, ``count``)."""
    return frozenset(e["generic"] for e in vocab.load("units")["units"]) | {"amount"}


def _base(label: str) -> str:
    """``number of countries, South Korea`` -> ``number of countries``; ``share (x)`` -> ``share``."""
    return re.split(r" \(|, ", label, maxsplit=1)[0]


def headline_figures(r: Report) -> Markdown:
    """The figures an analyst would quote, each naming what it is a figure of, with unit,
    time point and every document that states it.

    A figure is a headline when its kind is one an analyst quotes and it says what it
    measures: the programme or series and the event of its sentence (``subject``), or a
    label its sentence gave it; meeting lengths, look-back periods, counts of countries and
    amounts of nothing named stay in the figures table. One figure stated by several documents is one row citing them all.
    A figure only low-reliability sources state is marked.
    """
    all_figures = r.tables["figures"]
    # A figure says what it measures by its subject (the programme and event of its sentence)
    # or by a label its sentence gave it (defence build-up plan programme cost), not by its unit.
    keep = [is_headline(u, lab) and (bool(subj) or _base(lab) not in _generic_labels()) for u, lab, subj in
            zip(all_figures.unit, all_figures.label_en, all_figures.get("subject", all_figures.label_en))]
    figures = all_figures[keep] if len(all_figures) else all_figures
    rest = len(all_figures) - len(figures)
    docs = r.tables.get("documents")
    tiers = dict(zip(docs.doc_id, docs.reliability)) if docs is not None and "reliability" in docs else {}
    low = f" ⚠ {r.word('reliability', TIERS[-1])}"
    rows = []
    key = ["subject", "label_en", "value", "value_high", "unit"]
    for _, same in figures.fillna({"value_high": -1.0}).groupby(key, sort=False, dropna=False):
        f = next(same.itertuples())
        label = f.label_ja if r.lang == "ja" else f.label_en
        weak = all(tiers.get(d) == TIERS[-1] for d in same.doc_id)
        value = figures.loc[same.index[0]]
        rows.append([f"{esc(f.subject)} — {esc(label)}" if f.subject else esc(label),
                     ("約" if r.lang == "ja" else "~") * bool(f.approx) + _value(value) + (low if weak else ""),
                     esc(f.unit), f.as_of if isinstance(f.as_of, str) else "",
                     r.cite(";".join(dict.fromkeys(same.para_id)), limit=3)])
    table = r.table([r.col(c) for c in ("figure", "value", "unit", "as_of", "source")], rows,
                    store_table="figures")
    return Markdown.blocks(table, r.t("headline_rest", n=rest) if rest else "")


def _value(f) -> str:
    low = ukraine.number(f.value)
    return low if pd.isna(f.value_high) else f"{low}–{ukraine.number(f.value_high)}"


def reports(r: Report) -> Markdown:
    """A short summary of each report, with a link to it."""
    parts = []
    for name, (key, summarise) in REPORTS.items():
        title = labels()["report_title"][key][r.lang]
        parts.append(f"### [{esc(title)}]({name}.html)\n\n{summarise(r)}")
    return Markdown("\n".join(parts))


def partners(r: Report) -> Markdown:
    """Defence meetings and milestones of Japan with other partners (and of the US with them),
    with their parties: the network around the US-Japan relationship, each row cited."""
    events = r.tables["events"]
    rows = events[~dicas.us_japan(events) & (events.kind != "publication")]
    # An event whose sides the text does not tell is no partner's: it is counted, not listed.
    untold = rows[rows.parties.fillna("") == ""]
    rows = rows[rows.parties.fillna("") != ""]
    note = r.t("partners_untold", n=len(untold)) if len(untold) else ""
    if rows.empty:
        return Markdown(r.t("no_data") + "\n" + (f"\n{note}\n" if note else ""))
    limit = 3 if len(rows) > r.max_rows else None
    body = [[x.date, esc(r.name(x.name_ja, x.name_en)), esc(x.parties.replace(";", "–")),
             dicas._kind(r, x), dicas._venue(r, x), r.cite(x.sources, limit)] for x in rows.itertuples()]
    table = r.table([r.col("date"), r.col("event"), r.col("parties"), r.col("kind"), r.col("venue"),
                     r.col("source")], body, store_table="events", keep="latest")
    return Markdown.blocks(table, note) if note else table


def happenings(r: Report) -> charts.Chart | Markdown:
    """What happened, by kind and partner: the events held, counted per partner country
    (the countries besides Japan among their parties; ``Japan`` for Japan's own) and
    stacked by kind, the partners with most events first."""
    events = r.tables["events"]
    held = events[(events.status == "held") & (events.parties.fillna("") != "")]
    if held.empty:
        return Markdown(r.t("no_data") + "\n")
    from babel import Locale  # CLDR's country names, in the report's language

    names = Locale(r.lang).territories
    rows = []
    for x in held.itertuples():
        codes = [c for c in x.parties.split(";") if c != "JP"] or ["JP"]
        rows += [{"partner": names.get(c, c), "kind": r.word("event_kinds", x.kind), "events": 1} for c in codes]
    data = pd.DataFrame(rows).groupby(["partner", "kind"], as_index=False)["events"].sum()
    order = data.groupby("partner")["events"].sum().sort_values(ascending=False, kind="stable")
    data = data.set_index("partner").loc[order.index[:r.max_rows]].reset_index()
    return charts.barh(data, "partner", "events", stacked_by="kind", title=r.t("happenings_title"),
                       xlabel=r.col("n_events"), alt=r.t("happenings_alt", n=len(held)),
                       source=r.t("chart_source", sources="events.csv"))


def decisions(r: Report) -> Markdown:
    """The analyst's decisions that no longer match anything, each with the reason."""
    return review.stale(r)


def disagreements(r: Report) -> Markdown:
    """Where the documents contradict each other on an event, and which value the reports use."""
    return dicas.disagreements(r)
