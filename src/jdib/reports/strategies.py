"""The international strategies report: who published what, when, about what."""

from __future__ import annotations

from functools import cache

import pandas as pd

from jdib.reports import charts
from jdib.ingest import vocab
from jdib.reports.common import Markdown, Report, esc, labels


def _title(r: Report, row) -> str:
    return esc(row.title_ja if r.lang == "ja" or not row.title_en else row.title_en)


def _country(r: Report, row) -> str:
    return esc(row.country_ja if r.lang == "ja" else row.country_or_region)


def _themes(r: Report, themes: str) -> str:
    return ", ".join(r.word("themes", t) for t in themes.split(";") if t)


def strategies(r: Report, countries: list[str] | None = None) -> pd.DataFrame:
    """The strategies table, optionally kept to some countries (English names).

    A bare name (``papermill -p countries Japan``) counts as a one-item list.
    """
    if isinstance(countries, str):
        countries = [countries]
    table = r.tables["strategies"]
    return table[table.country_or_region.isin(countries)] if countries else table


def table(r: Report, countries: list[str] | None = None) -> Markdown:
    """Each strategy with its country, title, date and themes, cited."""
    rows = [[_country(r, x), _title(r, x), x.published, esc(_themes(r, x.themes)), r.cite(x.para_id)]
            for x in strategies(r, countries).itertuples()]
    return r.table([r.col("country"), r.col("strategy"), r.col("published"), r.col("themes"),
                    r.col("source")], rows, store_table="strategies")


def heatmap(r: Report, countries: list[str] | None = None) -> charts.Chart | Markdown:
    """Countries by themes: which strategy stresses what."""
    table = strategies(r, countries)
    if table.empty:
        return Markdown(r.t("no_data") + "\n")
    theme_ids = list(labels()["themes"])
    country = table.country_ja if r.lang == "ja" else table.country_or_region
    long = pd.DataFrame([(c, t) for c, ts in zip(country, table.themes) for t in ts.split(";") if t],
                        columns=["country", "theme"])
    grid = (long.assign(n=1).pivot_table(index="country", columns="theme", values="n", aggfunc="sum")
            .reindex(columns=theme_ids).fillna(0).astype(int))
    grid = grid.loc[:, grid.sum() > 0]  # a theme no strategy stresses is an empty column
    theme_ids = list(grid.columns)
    fig, ax = charts.figure(10, 0.5 * len(grid) + 2.6)
    ax.imshow(grid.to_numpy(), cmap="Blues", vmin=0, vmax=max(2, int(grid.to_numpy().max())), aspect="auto")
    for (i, j), n in pd.DataFrame(grid.to_numpy()).stack().items():
        if n:
            ax.text(j, i, str(n), ha="center", va="center", fontsize=9, color="white" if n > 1 else "black")
    ax.set_xticks(range(len(theme_ids)), [r.word("themes", t) for t in theme_ids], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(grid)), grid.index)
    ax.spines[["left", "bottom"]].set_visible(False)
    title = "国・地域別の戦略のテーマ" if r.lang == "ja" else "Themes of each country's strategies"
    alt = ("国・地域ごとに、戦略が取り上げるテーマの数を色の濃さで示す。" if r.lang == "ja" else
           f"Heatmap of {len(grid)} countries or regions by {len(theme_ids)} themes; "
           "each cell counts the strategies that stress the theme.")
    data = long.groupby(["country", "theme"]).size().rename("strategies").reset_index()
    data["theme"] = [r.word("themes", t) for t in data.theme]
    return charts.render(fig, title, alt, data, r.t("chart_source", sources=", ".join(sorted(set(table.doc_id)))))


def publication_chart(r: Report, countries: list[str] | None = None) -> charts.Chart | Markdown:
    """When each strategy was published, on a time axis."""
    table = strategies(r, countries)
    table = table[table.published != ""]
    if table.empty:
        return Markdown(r.t("no_data") + "\n")
    when = pd.to_datetime(table.published.map(lambda d: d + "-01" if len(d) == 7 else d + "-07-01"))
    data = pd.DataFrame({"published": table.published, "country": [_country(r, x) for x in table.itertuples()],
                         "strategy": [_title(r, x) for x in table.itertuples()], "date": when})
    data = data.sort_values(["date", "country"], kind="stable").reset_index(drop=True)
    fig, ax = charts.figure(9, 0.38 * len(data) + 1.8)
    ax.scatter(data.date, range(len(data)), s=45, color="#2f5d8a", zorder=3)
    ax.set_yticks(range(len(data)), [f"{c}: {s}  {p}" for c, s, p in zip(data.country, data.strategy, data.published)],
                  fontsize=8)
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    import matplotlib.dates as mdates

    ax.set_xlim(pd.Timestamp(data.date.min().year, 1, 1), pd.Timestamp(data.date.max().year, 12, 31))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel(r.col("published"))
    title = "戦略の策定・公表時期" if r.lang == "ja" else "When the strategies were published"
    alt = (f"{len(data)}件の戦略の公表時期を時系列で示す。年のみの場合は年央に置く。" if r.lang == "ja" else
           f"Dot timeline of {len(data)} strategies from {data.published.min()} to {data.published.max()}; "
           "a year-only date is placed mid-year.")
    return charts.render(fig, title, alt, data.drop(columns="date"),
                         r.t("chart_source", sources=", ".join(sorted(set(table.doc_id)))))


@cache
def _pathways() -> list[dict]:
    return vocab.load("pathways")


def pathways(r: Report) -> Markdown:
    """The US acquisition pathways as the documents describe them."""
    names = {p["name"].lower(): p for p in _pathways()}
    rows = []
    for doc in r.corpus:
        paras = doc.paragraphs
        for i, para in enumerate(paras):
            key = next((n for n in names if para.text.lower().startswith(n)), None)
            if key is None:
                continue
            desc = [para.text[len(key):].strip(" の")] if len(para.text) > len(key) + 2 else []
            cited = [para.para_id]
            for j, nxt in enumerate(paras[i + 1:i + 5], start=i + 1):
                # A slide title (a line that introduces bullets) ends the description.
                opens_slide = j + 1 < len(paras) and paras[j + 1].role == "bullet"
                if (any(nxt.text.lower().startswith(n) for n in names) or nxt.text.startswith("➔")
                        or nxt.role == "bullet" or opens_slide):
                    break
                desc.append(nxt.text)
                cited.append(nxt.para_id)
            p = names[key]
            rows.append([esc(p["name"]), esc(p["acronym"]), "「" + esc(" / ".join(d for d in desc if d)) + "」",
                         r.cite(cited)])
    return r.table([r.col("pathway"), "略称" if r.lang == "ja" else "Acronym", r.col("description"),
                    r.col("source")], rows)


def startups(r: Report) -> Markdown:
    """The startups the documents name, by country."""
    table = r.tables["startups"]
    rows = [[esc(x.name), esc(x.country if r.lang == "en" else _country_ja(x.country)),
             esc(x.field_ja if r.lang == "ja" else x.field), r.cite(x.para_id)] for x in table.itertuples()]
    return r.table([r.col("startup"), r.col("country"), r.col("field"), r.col("source")], rows,
                   store_table="startups")


def _country_ja(country_en: str) -> str:
    return (vocab.load("countries").get(country_en) or [country_en])[0]


def summary(r: Report) -> Markdown:
    """How many strategies, from where, when, and the most common themes."""
    table = r.tables["strategies"]
    if table.empty:
        return Markdown(r.t("no_data") + "\n")
    dated = table[table.published != ""].sort_values("published")
    counts = pd.Series([t for ts in table.themes for t in ts.split(";") if t]).value_counts()
    top = [r.word("themes", t) for t in counts.index[:3]]
    first, last = dated.iloc[0], dated.iloc[-1]
    n_c = table.country_or_region.nunique()
    if r.lang == "ja":
        text = (f"文書は{n_c}の国・地域の{len(table)}件の戦略を取り上げ、公表時期は{first.published}"
                f"{r.cite(first.para_id)}から{last.published}{r.cite(last.para_id)}まで。"
                f"最も多いテーマは{'、'.join(top)}。")
    else:
        text = (f"The documents name {len(table)} strategies from {n_c} countries or regions, published between "
                f"{first.published} {r.cite(first.para_id)} and {last.published} {r.cite(last.para_id)}. "
                f"The themes they stress most are {', '.join(top)}.")
    return Markdown(text + "\n")
