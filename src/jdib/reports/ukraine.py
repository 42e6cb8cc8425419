"""The Ukraine-lessons report: what the war taught, in figures, and what Japan draws from it."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from jdib.reports import charts
from jdib.ingest import vocab
from jdib.reports.common import Markdown, Report, esc


@cache
def _vocab() -> dict:
    return vocab.load("lessons")


def lesson_paragraphs(r: Report) -> pd.DataFrame:
    """Paragraphs that state a lesson of the war: lesson_id, para_id, doc_id, text.

    A paragraph counts when it has a lesson's keyword and names the war or
    follows a paragraph that does within a few paragraphs.
    """
    v = _vocab()
    rows = []
    for doc in r.corpus:
        last_war = -10_000
        for i, para in enumerate(doc.paragraphs):
            if any(w in para.text for w in v["war_words"]):
                last_war = i
            if i - last_war > v["window"] or para.role in ("footnote", "heading", "table_row"):
                continue
            for lesson_id, lesson in v["lessons"].items():
                if any(k in para.text for k in lesson["keywords"]):
                    rows.append({"lesson_id": lesson_id, "para_id": para.para_id,
                                 "doc_id": doc.doc_id, "text": para.text})
    order = {lesson_id: i for i, lesson_id in enumerate(v["lessons"])}
    frame = pd.DataFrame(rows, columns=["lesson_id", "para_id", "doc_id", "text"])
    return (frame.assign(_order=frame.lesson_id.map(order)).sort_values("_order", kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def _lesson_name(r: Report, lesson_id: str) -> str:
    return _vocab()["lessons"][lesson_id][r.lang]


def number(value: float) -> str:
    """``2000.0`` -> ``2,000``; ``17.2`` stays ``17.2``."""
    return f"{value:,.0f}" if value >= 1000 and value == int(value) else f"{value:g}"


def _figure_text(r: Report, row) -> str:
    value = number(row.value) if pd.isna(row.value_high) else f"{number(row.value)}–{number(row.value_high)}"
    approx = ("約" if r.lang == "ja" else "about ") if row.approx else ""
    as_of = f" ({r.col('as_of')} {row.as_of})" if isinstance(row.as_of, str) and row.as_of else ""
    label = row.label_ja if r.lang == "ja" else row.label_en
    return f"{esc(label)}: {approx}{value} {esc(row.unit)}{as_of}"


def lessons(r: Report) -> Markdown:
    """Each lesson with what the document says, its figures and its citation."""
    paras = lesson_paragraphs(r)
    figures = r.tables["figures"]
    rows = []
    for row in paras.itertuples():
        figs = figures[figures.para_id == row.para_id]
        rows.append([esc(_lesson_name(r, row.lesson_id)), f"「{esc(row.text)}」",
                     "; ".join(_figure_text(r, f) for f in figs.itertuples()) or "—",
                     r.cite(row.para_id)])
    return r.table([r.col("lesson"), r.col("description"), r.col("figure"), r.col("source")], rows)


def budget_pairs(r: Report) -> pd.DataFrame:
    """Plan amounts in JPY trillion paired previous → current, with their ratio."""
    figures = r.tables["figures"]
    money = figures[(figures.unit == "JPY trillion") & figures.series.isin(["previous plan", "current plan"])]
    money = money.assign(item=money.label_en.str.replace(r"\s*\((?:previous|current) plan\)$", "", regex=True),
                         item_ja=money.label_ja)
    rows = []
    for item, group in money.groupby("item", sort=False):
        prev = group[group.series == "previous plan"]
        cur = group[group.series == "current plan"]
        if prev.empty or cur.empty:
            continue
        p, c = prev.iloc[0], cur.iloc[0]
        rows.append({"item": item, "item_ja": _item_ja(p.label_ja), "previous": p.value,
                     "current": c.value, "ratio": round(c.value / p.value, 2),
                     "sources": ";".join(dict.fromkeys([p.para_id, c.para_id]))})
    return pd.DataFrame(rows, columns=["item", "item_ja", "previous", "current", "ratio", "sources"])


def _item_ja(label_ja: str) -> str:
    return re.sub(r"[:：].*$", "", str(label_ja)).strip("()（） ") or str(label_ja)


def budget_text(r: Report) -> Markdown:
    """The step-up in the defence build-up budget, in words with ratios."""
    pairs = budget_pairs(r)
    if pairs.empty:
        return Markdown(r.t("no_data") + "\n")
    lines = []
    for p in pairs.itertuples():
        if r.lang == "ja":
            lines.append(f"- {esc(p.item_ja)}：約{p.previous:g}兆円から約{p.current:g}兆円へ（{p.ratio:g}倍）{r.cite(p.sources, limit=3)}")
        else:
            lines.append(f"- {esc(p.item.capitalize())}: from about {p.previous:g} to about {p.current:g} "
                         f"trillion yen (×{p.ratio:g}) {r.cite(p.sources, limit=3)}")
    return Markdown("\n".join(lines) + "\n")


def budget_chart(r: Report) -> charts.Chart | Markdown:
    """Previous plan against current plan, in JPY trillion, as grouped bars."""
    pairs = budget_pairs(r)
    if pairs.empty:
        return Markdown(r.t("no_data") + "\n")
    labels = pairs.item_ja if r.lang == "ja" else pairs.item.str.capitalize()
    prev_l, cur_l = (("前計画", "今計画") if r.lang == "ja" else ("Previous plan", "Current plan"))
    fig, ax = charts.figure(9, 4.2)
    y = range(len(pairs))
    ax.barh([i - 0.2 for i in y], pairs.previous, height=0.38, label=prev_l, color="#9db4cc")
    ax.barh([i + 0.2 for i in y], pairs.current, height=0.38, label=cur_l, color="#2f5d8a")
    for i, p in enumerate(pairs.itertuples()):
        ax.text(p.previous, i - 0.2, f" {p.previous:g}", va="center", fontsize=9)
        ax.text(p.current, i + 0.2, f" {p.current:g} (×{p.ratio:g})", va="center", fontsize=9)
    ax.set_yticks(list(y), list(labels))
    ax.invert_yaxis()
    ax.set_xlabel("兆円" if r.lang == "ja" else "JPY trillion")
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    title = "防衛力整備計画の規模：前計画と今計画" if r.lang == "ja" else "Japan's defence build-up plan: previous vs current"
    alt = ("前計画と今計画の事業費・維持整備費を兆円単位で比較する横棒グラフ。" if r.lang == "ja" else
           "Grouped bars comparing the previous and current plan amounts in trillion yen: "
           + "; ".join(f"{p.item} {p.previous:g} to {p.current:g}" for p in pairs.itertuples()) + ".")
    data = pairs.drop(columns=["item_ja"]) if r.lang == "en" else pairs.drop(columns=["item"])
    return charts.render(fig, title, alt, data,
                         r.t("chart_source", sources=", ".join(sorted({s for x in pairs.sources for s in x.split(";")}))))


def _section(r: Report, heading_word: str, stop_word: str | None) -> list:
    """Paragraphs from the one containing ``heading_word`` to the next containing ``stop_word``."""
    for doc in r.corpus:
        start = next((i for i, p in enumerate(doc.paragraphs)
                      if heading_word in p.text and len(p.text) < 40), None)
        if start is None:
            continue
        out = []
        for p in doc.paragraphs[start + 1:]:
            if stop_word and stop_word in p.text and len(p.text) < 40:
                break
            out.append(p)
        return out
    return []


def desired_state(r: Report) -> Markdown:
    """Each lesson mapped to the desired state it calls for and the approaches named."""
    v = _vocab()
    states = [p for p in _section(r, v["desired_state_heading"], v["approaches_heading"])
              if p.role == "bullet"]
    approaches = [p for p in _section(r, v["approaches_heading"], None)
                  if p.text.startswith(v["approach_marker"])]
    if not states and not approaches:
        return Markdown(r.t("no_data") + "\n")
    found = set(lesson_paragraphs(r).lesson_id)
    rows = []
    for lesson_id, lesson in v["lessons"].items():
        if lesson_id not in found:
            continue
        linked_states = [p for p in states if any(k in p.text for k in lesson["links"])]
        linked_approaches = [p for p in approaches if any(k in p.text for k in lesson["links"])]
        rows.append([esc(lesson[r.lang]),
                     "<br>".join(f"「{esc(p.text)}」 {r.cite(p.para_id)}" for p in linked_states) or "—",
                     "<br>".join(f"「{esc(p.text)}」 {r.cite(p.para_id)}" for p in linked_approaches) or "—"])
    heads = (["教訓", "望ましい姿", "アプローチ"] if r.lang == "ja"
             else [r.col("lesson"), "Desired state of Japan's base", "Approaches named"])
    return r.table(heads, rows)


def summary(r: Report) -> Markdown:
    """Two sentences: how many lessons, and the budget step-up."""
    paras = lesson_paragraphs(r)
    names = [esc(_lesson_name(r, x)) for x in dict.fromkeys(paras.lesson_id)]
    pairs = budget_pairs(r)
    if r.lang == "ja":
        text = f"文書はウクライナでの戦争から{len(names)}つの教訓を引き出している：" + "、".join(names) + "。" if names else r.t("no_data")
        if len(pairs):
            p = pairs.iloc[0]
            text += f" {esc(p['item_ja'])}は約{p.previous:g}兆円から約{p.current:g}兆円（{p.ratio:g}倍）に増える{r.cite(p.sources, limit=3)}。"
    else:
        text = (f"The documents draw {len(names)} lessons from the war in Ukraine: " + "; ".join(names) + "."
                if names else r.t("no_data"))
        if len(pairs):
            p = pairs.iloc[0]
            text += (f" Japan's {esc(p['item'])} rises from about {p.previous:g} to about {p.current:g} "
                     f"trillion yen (×{p.ratio:g}) {r.cite(p.sources, limit=3)}.")
    return Markdown(text + "\n")
