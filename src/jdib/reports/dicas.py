"""The DICAS progress report: meetings, working groups, programs and what changed."""

from __future__ import annotations

import re

import pandas as pd

from jdib.reports import charts, review
from jdib.ingest import vocab
from jdib.extract.programs import stage_ladder
from jdib.extract.sources import tier_rank
from jdib.reports.common import Markdown, Report, esc, kept_positions


def other_partners() -> set[str]:
    """The series of meetings between other parties than Japan and the United States alone."""
    return {s["id"] for s in vocab.load("series") if s.get("generic")}


def us_japan_milestones(events: pd.DataFrame) -> pd.Series:
    """Which rows are milestones between Japan and the United States: an event of a kind
    read by its trigger (a contract, a sale approved, an agreement, a transfer...) whose
    parties are Japan, the United States or both. Meetings keep their series' rule."""
    from jdib.extract.frames import kinds  # the kinds read by their triggers

    parties = events.parties.fillna("").map(lambda p: set(p.split(";")) - {""})
    framed = events.series.isin(list(kinds()) + ["agreement", "operation"])
    # Japan's or the US's own milestones (a rule revised, a US ship repaired in Japan) are part
    # of the US-Japan story; one with a third country is another partnership's, and one whose
    # parties the text does not tell is not known to be of either.
    return ~framed | parties.map(lambda p: bool(p) and p <= {"JP", "US"})


def _events(r: Report) -> pd.DataFrame:
    """The events of the US-Japan relationship, meetings and milestones: those of other
    parties are the overview's."""
    events = r.tables["events"]
    return events[(events.kind != "publication") & us_japan(events)]


def us_japan(events: pd.DataFrame) -> pd.Series:
    """Which rows are of the US-Japan relationship: meetings of its series (talks between
    Japan and the United States alone among them) and its milestones."""
    between = events.parties.fillna("") == "JP;US"
    generic = events.series.isin(other_partners())
    return (~generic | (events.series.eq("talks") & between)) & us_japan_milestones(events)


def _event_name(r: Report, row) -> str:
    if r.lang == "ja":
        return esc(_series_name_ja(row.series, row.name_ja))
    return esc(r.name(row.name_ja, row.name_en))


def _series_name_ja(series: str, name: str) -> str:
    """One name per series: a meeting named only by its series' words (「2+2」,
    日米安全保障協議委員会(「2+2」)) takes the series' own Japanese name."""
    for entry in vocab.load("series"):
        if entry["id"] != series or "ja" not in entry:
            continue
        rest = name
        for alias in sorted(entry["aliases"], key=len, reverse=True):
            rest = rest.replace(alias, "")
        if not re.sub(r"[\s()（）「」・]", "", rest):
            return entry["ja"]
    return name


_SIDE = re.compile(r"\s*\((JP|US)\)\s*$")


def _participants(r: Report, row) -> str:
    text = row.participants if r.lang == "ja" else row.participants_en
    if r.lang != "ja" or not isinstance(text, str):
        return esc(text)
    # "小泉 防衛大臣 (JP); ヘグセス 米戦争長官 (US)" -> "日本側：小泉 防衛大臣、米側：ヘグセス 米戦争長官"
    parts = []
    for person in text.split(";"):
        side = _SIDE.search(person)
        label = r.word("sides", side.group(1)) + "：" if side else ""
        parts.append(label + esc(_SIDE.sub("", person).strip()))
    return "、".join(parts)


def _venue(r: Report, row) -> str:
    return esc(row.venue if r.lang == "ja" else row.venue_en)


def _kind(r: Report, row, short: bool = False) -> str:
    """The kind of event, with its status when it has not been held, and a mark
    when only a low-reliability source reports it (``short``: a chart legend's word)."""
    kind = r.word("event_kinds", row.kind)
    status = getattr(row, "status", "held")
    kind = kind if status == "held" else f"{kind} ({r.word('event_statuses', status)})"
    decided = "" if short else review.mark(r, row)  # the legend stays the extraction's words
    if getattr(row, "confirmed", True):
        return kind + decided
    return f"{kind} ({r.t('unconfirmed_short')})" if short else f"{kind} ⚠ {r.t('unconfirmed')}{decided}"


def latest_meeting(r: Report, series: str = "DICAS"):
    """The most recent meeting of a series that was held (not one planned) and that a
    source above the lowest tier reports, or None."""
    events = r.tables["events"]
    meetings = events[(events.series == series) & (events.kind == "meeting") & (events.status == "held")
                      & events.get("confirmed", True)]
    return meetings.iloc[-1] if len(meetings) else None


def disagreements(r: Report) -> Markdown:
    """Where sources disagree: each disputed field of an event, the value this report
    uses and why, and what the other sources say, every value cited."""
    conflicts = r.tables.get("conflicts")
    events = r.tables["events"].set_index("event_id")
    if conflicts is None or conflicts.empty:
        return Markdown(r.t("no_disagreements") + "\n")

    def claim(field: str, value: str, sources: str, tiers: str) -> str:
        words = ", ".join(r.word("reliability", t) for t in tiers.split(";"))
        # A value a thousand reprints repeat: the first few sources and a count.
        return f"«{_claimed(r, field, value)}» {r.cite(sources, limit=3)} ({words})"

    lines = []
    comma = "、" if r.lang == "ja" else ", "
    disputes = [(key, rows) for key, rows in conflicts.groupby(["event_id", "field"], sort=True)
                if key[0] in events.index]
    # In date order, so that beyond max_rows the latest disputes are the ones shown.
    dates = events["date"].astype(str).to_dict()
    disputes.sort(key=lambda d: (dates[d[0][0]], d[0]))
    hidden = disputes[:-r.max_rows] if len(disputes) > r.max_rows else []
    for (event_id, field), rows in disputes[len(hidden):]:
        first = rows.iloc[0]
        parts = [f"{r.t('disagreement_uses')} "
                 + claim(field, first.chosen_value, first.chosen_sources, first.chosen_reliability)]
        parts += [f"{r.t('disagreement_other')} "
                  + claim(field, x.other_value, x.other_sources, x.other_reliability)
                  + (f" {r.t('disagreement_own_row', event_id=x.other_event_id)}"
                     if getattr(x, "other_event_id", "") else "")
                  for x in rows.itertuples()]
        lines.append(f"- **{_event_name(r, events.loc[event_id])}**{comma}"
                     f"{r.word('disagreement_fields', field)}: " + "; ".join(parts))
    return r.bullets(lines, store_table="conflicts", left_out=len(hidden))


def summary(r: Report) -> Markdown:
    """The executive summary: the latest DICAS, and where each program stands."""
    latest = latest_meeting(r)
    programs = r.tables["programs"]
    lines = []
    if latest is None:
        lines.append(r.t("no_meeting", series="DICAS"))
    elif r.lang == "ja":
        lines.append(f"直近のDICASは{latest.date}の{_event_name(r, latest)}{r.cite(latest.sources, limit=3)}で、"
                     f"参加者は{_participants(r, latest) or '不明'}、場所は{_venue(r, latest) or '不明'}。")
    else:
        lines.append(f"The latest DICAS meeting is the {_event_name(r, latest)}, held on {latest.date} "
                     f"{r.cite(latest.sources, limit=3)}"
                     + (f" at {_venue(r, latest)}" if latest.venue else "")
                     + (f", between {_participants(r, latest)}." if latest.participants else "."))
    current = current_stages(r)
    if len(current):
        counts = current.stage.value_counts()
        parts = [f"{r.stage(s)}: {counts[s]}" for s in reversed(stage_ladder()) if s in counts]
        lead = ("事業ごとの最新の段階（件数）" if r.lang == "ja"
                else f"{len(current)} programs are tracked; their latest stages are")
        lines.append(f"{lead}: " + "; ".join(parts) + ".")
    return Markdown("\n\n".join(lines) + "\n")


def current_stages(r: Report) -> pd.DataFrame:
    """Each program's most recent statement (the last in document order)."""
    programs = r.tables["programs"]
    if programs.empty:
        return programs
    return programs.groupby("program_id", sort=True).tail(1).sort_values("program_id")


def timeline_table(r: Report) -> Markdown:
    """Every US-Japan defence-industrial event, oldest first, each cited.

    Bounded, it keeps what the story needs: the earliest event (where the
    relationship starts), the first and latest meeting of each series, then
    the latest events; each stretch left out is a row counting it.
    """
    events = _events(r)
    limit = 3 if len(events) > r.max_rows else None  # at scale an event may cite hundreds of paragraphs
    rows = [[row.date, _event_name(r, row), _kind(r, row),
             _participants(r, row), _venue(r, row), r.cite(row.sources, limit)]
            for row in events.itertuples()]
    dates = events["date"].tolist()

    def gap(hidden: list[int]) -> list[str]:
        return ["…", _gap_text(r, [dates[i] for i in hidden]), "", "", "", ""]

    table = r.table([r.col("date"), r.col("event"), r.col("kind"), r.col("participants"),
                     r.col("venue"), r.col("source")], rows, store_table="events", keep="latest",
                    pinned=pinned_events(events.series.tolist(), events.kind.tolist()), gap=gap)
    return Markdown.blocks(_per_series(r), table) if len(rows) > r.max_rows else table


#: Kinds of event that make up a series of meetings.
_MEETINGS = ("meeting", "summit")


def pinned_events(series: list[str], kinds: list[str]) -> list[int]:
    """Positions of the events a bounded timeline always shows: the earliest
    event, and the first and latest meeting of each series.

    Args:
        series: Each event's series, in the order the events are shown (oldest first).
        kinds: Each event's kind, in the same order.

    Returns:
        Row positions, in order.

    Example:
        >>> pinned_events(["agreement", "DICAS", "SCCM", "DICAS", "DICAS"],
        ...               ["signing", "meeting", "meeting", "meeting", "meeting"])
        [0, 1, 2, 4]
    """
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for i, (one, kind) in enumerate(zip(series, kinds)):
        if kind in _MEETINGS:
            first.setdefault(one, i)
            last[one] = i
    return sorted({0, *first.values(), *last.values()}) if len(series) else []


def _gap_text(r: Report, dates: list[str]) -> str:
    """``… 143 events from 2007 to 2023 in the store``: what a bounded timeline leaves out."""
    years = sorted(d.removeprefix("FY")[:4] for d in dates)
    if len(dates) == 1:
        return r.t("timeline_gap_one", first=dates[0])
    key = "timeline_gap" if years[0] != years[-1] else "timeline_gap_year"
    return r.t(key, n=f"{len(dates):,}", first=years[0], last=years[-1])


def _per_series(r: Report) -> str:
    """Events counted per series, with the first and latest date of each: the whole
    story in a dozen rows when there are too many events to list."""
    events = _events(r)
    rows = [[esc(series), f"{len(group):,}", group["date"].iloc[0], group["date"].iloc[-1]]
            for series, group in sorted(events.groupby("series"), key=lambda g: (g[1]["date"].iloc[0], g[0]))]
    return r.table([r.col("series"), r.col("n_events"), r.col("first"), r.col("latest")], rows,
                   store_table="events")


def timeline_chart(r: Report) -> charts.Chart | Markdown:
    """The events on a time axis, one row per kind of event.

    Bounded like :func:`timeline_table`: the earliest event and each series'
    first and latest meeting stay, and a labelled empty row stands for each
    stretch left out.
    """
    events = _events(r)
    if events.empty:
        return Markdown(r.t("no_data") + "\n")
    data = pd.DataFrame({
        "when": pd.to_datetime(events.date.map(_first_day)),
        "date": events.date,
        "kind": [_kind(r, row, short=True) for row in events.itertuples()],
        "event": [r.name(a, b) for a, b in zip(events.name_ja, events.name_en)],
        "source": events.sources.str.split(";").str[0],
        "_series": events.series, "_kind": events.kind,
    })
    data = data.sort_values(["when", "event"], kind="stable").reset_index(drop=True)
    if len(data) > r.max_rows:  # the counts per series show what is left out
        at = kept_positions(len(data), pinned_events(data["_series"].tolist(), data["_kind"].tolist()), r.max_rows)
        parts, run = [], []
        for i in range(len(data)):
            if i not in at:
                run.append(i)
                continue
            if run:
                parts.append(_gap_row(r, data.date.iloc[run].tolist()))
                run = []
            parts.append(data.iloc[[i]])
        if run:
            parts.append(_gap_row(r, data.date.iloc[run].tolist()))
        data = pd.concat(parts, ignore_index=True)
    data = data.drop(columns=["_series", "_kind"])
    fig, ax = charts.figure(10, 0.32 * len(data) + 1.6)
    points = data[data.when.notna()]
    for kind in dict.fromkeys(points.kind):
        sub = points[points.kind == kind]
        ax.scatter(sub.when, sub.index, s=40, zorder=3, label=kind)
    labels = [f"{_short(e, 48)}  {d}" if pd.notna(w) else e for e, d, w in zip(data.event, data.date, data.when)]
    ax.set_yticks(range(len(data)), labels, fontsize=7.5)
    for tick, when in zip(ax.get_yticklabels(), data.when):
        if pd.isna(when):
            tick.set_fontstyle("italic")
            tick.set_color("0.4")
    ax.invert_yaxis()
    ax.legend(fontsize=8, loc="lower left", frameon=False)
    ax.set_xlabel(r.col("date"))
    ax.grid(axis="x", alpha=0.3)
    title = "日米防衛産業協力の歩み" if r.lang == "ja" else "US–Japan defence-industrial cooperation over time"
    n = len(points)
    alt = (f"{n}件の出来事（{points.when.min():%Y}年〜{points.when.max():%Y}年）を1行に1件、種類別の色で時系列に示す。"
           if r.lang == "ja" else
           f"Timeline of {n} events from {points.when.min():%Y} to {points.when.max():%Y}, one row per event, coloured by kind.")
    shown = points.source.str.split(":").str[0]
    return charts.render(fig, title, alt, data.drop(columns="when"),
                         r.t("chart_source", sources=_few(sorted(set(shown)))))


def _gap_row(r: Report, dates: list[str]) -> pd.DataFrame:
    """A chart row without a point, naming the events left out there."""
    return pd.DataFrame({"when": [pd.NaT], "date": ["…"], "kind": [""], "event": [_gap_text(r, dates)],
                         "source": [""], "_series": [""], "_kind": [""]})


def _first_day(iso: str) -> str:
    """``2026-03`` plots at 2026-03-01; ``1983`` at 1983-01-01; ``FY2025`` at 2025-04-01."""
    if iso.startswith("FY"):
        return f"{iso[2:]}-04-01"
    parts = iso.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def _short(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def working_groups(r: Report) -> Markdown:
    """Each working group or sub-committee with its programs and their latest status."""
    programs = r.tables["programs"]
    rows = []
    for row in programs[programs.working_group != ""].itertuples():
        wg = row.working_group if r.lang == "ja" else row.working_group_en
        name = row.name_ja if r.lang == "ja" else row.name_en
        status = r.stage(row.stage) if r.lang == "ja" else row.status_en
        rows.append([esc(wg), esc(name), r.stage(row.stage), esc(status), row.doc_date, r.cite(row.para_id)])
    return r.table([r.col("working_group"), r.col("program"), r.col("stage"), r.col("status"),
                    r.col("published"), r.col("source")], rows, store_table="programs")


def tracker_chart(r: Report) -> charts.Chart | Markdown:
    """Each program's stage at each document date: the program tracker."""
    programs = r.tables["programs"]
    if programs.empty:
        return Markdown(r.t("no_data") + "\n")
    best = (programs.sort_values("stage_rank").groupby(["program_id", "doc_date"], sort=True).tail(1)
            .sort_values(["program_id", "doc_date"]))
    dates = sorted(set(best.doc_date))
    if len(dates) > _TRACKER_DATES:  # the latest document dates; the store holds every statement
        best = best[best.doc_date.isin(dates[-_TRACKER_DATES:])]
    names = {p["id"]: (p["ja"] if r.lang == "ja" else p["en"]) for p in vocab.load("programs")}
    data = pd.DataFrame({"program": best.program_id.map(names), "doc_date": best.doc_date,
                         "stage": [r.stage(s) for s in best.stage], "stage_rank": best.stage_rank,
                         "source": best.para_id})
    ladder = stage_ladder()
    grid = data.pivot_table(index="program", columns="doc_date", values="stage_rank", aggfunc="max", sort=True)
    fig, ax = charts.figure(10, 0.42 * len(grid) + 2.0)
    ax.imshow(grid.to_numpy(dtype=float), cmap="YlGnBu", vmin=-1, vmax=len(ladder), aspect="auto")
    for (i, j), rank in pd.DataFrame(grid.to_numpy(dtype=float)).stack().dropna().items():
        ax.text(j, i, r.stage(ladder[int(rank)]), ha="center", va="center", fontsize=7.5,
                color="white" if rank >= len(ladder) - 2 else "black")
    ax.set_xticks(range(len(grid.columns)), grid.columns)
    ax.set_yticks(range(len(grid.index)), grid.index, fontsize=8)
    ax.set_xlabel("文書の公表日" if r.lang == "ja" else "Document date")
    ax.spines[["left", "bottom"]].set_visible(False)
    title = "事業の段階の推移" if r.lang == "ja" else "Program tracker: stage at each document date"
    alt = ("各事業が文書ごとにどの段階にあるかを色と文字で示す表形式の図。" if r.lang == "ja" else
           f"Grid of {grid.shape[0]} programs by {grid.shape[1]} document dates; each cell names "
           "the stage the document gives, darker for later stages.")
    docs = sorted(set(best.doc_id))
    return charts.render(fig, title, alt, data, r.t("chart_source", sources=_few(docs)))


_TRACKER_DATES = 12


def milestones(r: Report) -> Markdown:
    """Each program's milestones, dated by the events themselves (a sale approved, a
    contract signed, a first delivery), beside the tracker's document dates."""
    events = r.tables["events"]
    rows = events[events.program.fillna("") != ""].sort_values(["program", "date"], kind="stable")
    if rows.empty:
        return Markdown(r.t("no_data") + "\n")
    names = {p["id"]: (p["ja"] if r.lang == "ja" else p["en"]) for p in vocab.load("programs")}
    rows = rows.assign(name=rows.program.map(lambda p: names.get(p, p))).sort_values(["name", "date"], kind="stable")
    body = [[esc(row.name), row.date, _kind(r, row), esc((row.parties or "").replace(";", "–")),
             r.cite(row.sources, 3)] for row in rows.itertuples()]
    return r.table([r.col("program"), r.col("date"), r.col("kind"), r.col("parties"), r.col("source")],
                   body, store_table="events", keep="first")


def focus(r: Report, program_id: str) -> Markdown:
    """One program's history, statement by statement."""
    programs = r.tables["programs"]
    rows = programs[programs.program_id == program_id]
    if rows.empty:
        return Markdown(r.t("no_data") + "\n")
    name = rows.iloc[0].name_ja if r.lang == "ja" else rows.iloc[0].name_en
    lines = [f"**{esc(name)}**", ""]
    total = len(rows)
    rows = rows.tail(r.max_rows)  # statements are in date order: the latest
    for row in rows.itertuples():
        status = r.stage(row.stage) if r.lang == "ja" else f"{r.stage(row.stage)} ({row.status_en})"
        lines.append(f"- {row.doc_date}: {esc(status)} {r.cite(row.para_id)}")
    if total > len(rows):
        lines += ["", r.t("more_rows", shown=f"{len(rows):,}", total=f"{total:,}", table="programs",
                          which=r.t("rows_latest"))]
    return Markdown("\n".join(lines) + "\n")


def pip_ir(r: Report) -> Markdown:
    """The PIP IR meetings and what each sub-committee is to do."""
    events = r.tables["events"]
    lines = []
    for row in events[events.series == "PIP IR"].tail(r.max_rows).itertuples():
        lines.append(f"- {row.date}: {_event_name(r, row)} ({_kind(r, row)}) {r.cite(row.sources, limit=3)}")
    programs = r.tables["programs"]
    subs = programs[programs.working_group.str.endswith("分科会")]
    body = r.table([r.col("working_group"), r.col("program"), r.col("stage"), r.col("source")],
                   [[esc(x.working_group if r.lang == "ja" else x.working_group_en),
                     esc(x.name_ja if r.lang == "ja" else x.name_en), r.stage(x.stage), r.cite(x.para_id)]
                    for x in subs.itertuples()], store_table="programs", keep="latest")
    return Markdown.blocks("\n".join(lines), body)


def sccm_issues(r: Report) -> Markdown:
    """The FMS issues the SCCM worked on, with what was agreed on each."""
    outcomes = r.tables["outcomes"]
    rows = [[r.word("verb_classes", x.verb_class), esc(x.topic_en if r.lang == "en" else x.verb_ja),
             f"「{esc(x.quote)}」", r.cite(x.para_id)]
            for x in outcomes[outcomes.series == "SCCM"].itertuples()]
    return r.table([r.col("verb"), r.col("program") if r.lang == "en" else "動詞",
                    r.col("description"), r.col("source")], rows, store_table="outcomes", keep="latest")


def verb_mix(r: Report) -> charts.Chart | Markdown:
    """How often each meeting agreed, confirmed, welcomed... as stacked bars."""
    outcomes = r.tables["outcomes"]
    if outcomes.empty:
        return Markdown(r.t("no_data") + "\n")
    published = r.tables["documents"].set_index("doc_id")["published"]
    meeting = outcomes.doc_id.map(published).fillna("") + " " + outcomes.doc_id
    data = (outcomes.assign(meeting=meeting, verb=[r.word("verb_classes", v) for v in outcomes.verb_class])
            .groupby(["meeting", "verb"], sort=True).size().rename("sentences").reset_index())
    latest = sorted(set(data.meeting))[-r.max_rows:]  # one bar a meeting: the latest when there are many
    data = data[data.meeting.isin(latest)].reset_index(drop=True)
    outcomes = outcomes[meeting.isin(latest)]
    title = "会合ごとの成果の動詞" if r.lang == "ja" else "Outcome verbs per meeting document"
    alt = ("会合文書ごとに、一致・確認・歓迎などの成果文の数を積み上げ棒で示す。" if r.lang == "ja" else
           f"Stacked bars of outcome sentences by closing verb for {data.meeting.nunique()} meeting documents.")
    return charts.barh(data, "meeting", "sentences", stacked_by="verb", title=title,
                       xlabel=r.col("count"), alt=alt,
                       source=r.t("chart_source", sources=_few(sorted(set(outcomes.doc_id)))))


def _few(names: list[str], n: int = 12) -> str:
    """A source line naming at most ``n`` documents."""
    return ", ".join(names[:n]) + (f" (+{len(names) - n:,})" if len(names) > n else "")


def _claimed(r: Report, field: str, value: str) -> str:
    """One value sources give for an event's field, as the report shows it.

    A date is the report's own ISO text (a Japanese report writes it the Japanese
    way); names and venues are the documents' words.
    """
    if field == "date":
        return value
    if field == "participants" and r.lang == "ja":
        return _participants(r, pd.Series({"participants": value}))
    return esc(value)


def _documents_of(sources: str) -> set[str]:
    return {s.rsplit(":", 1)[0] for s in sources.split(";")}


def _best_tier(tiers: str) -> int:
    return min(tier_rank(t) for t in tiers.split(";"))


def _corrections(r: Report, latest, published: dict[str, str]) -> list[str]:
    """Claims of earlier, less reliable documents that the latest document corrects."""
    conflicts = r.tables.get("conflicts")
    if conflicts is None or conflicts.empty:
        return []
    events = r.tables["events"].set_index("event_id")
    lines = []
    for x in conflicts.itertuples():
        earlier = all(published.get(d, "") and published[d] < latest.published
                      for d in _documents_of(x.other_sources))
        if (earlier and latest.doc_id in _documents_of(x.chosen_sources) and x.event_id in events.index
                and _best_tier(x.chosen_reliability) < _best_tier(x.other_reliability)):
            lines.append(f"- {_event_name(r, events.loc[x.event_id])}, "
                         f"{r.word('disagreement_fields', x.field)}: «{_claimed(r, x.field, x.other_value)}» "
                         f"{r.cite(x.other_sources, limit=3)} → «{_claimed(r, x.field, x.chosen_value)}» "
                         f"{r.cite(x.chosen_sources, limit=3)}")
    if not lines:
        return []
    head = "より信頼できる情報源による訂正：" if r.lang == "ja" else "Corrected by a more reliable source:"
    return ["", head, *lines]


def changes(r: Report) -> Markdown:
    """What the latest document changed: program stages against their previous statement,
    earlier claims it corrects as a more reliable source, and events first reported by it."""
    docs = r.tables["documents"]
    dated = docs[docs.published != ""].sort_values(["published", "doc_id"])
    if len(dated) < 2:
        return Markdown(r.t("no_data") + "\n")
    latest, previous = dated.iloc[-1], dated.iloc[-2]
    programs = r.tables["programs"]
    lines = [("最新の文書" if r.lang == "ja" else "Latest document")
             + f": {esc(latest.doc_id)} ({latest.published}); "
             + ("その前" if r.lang == "ja" else "previous") + f": {esc(previous.doc_id)} ({previous.published}).", ""]
    for pid, rows in programs.groupby("program_id", sort=True):
        now = rows[rows.doc_id == latest.doc_id]
        before = rows[rows.doc_date < latest.published]
        if now.empty:
            continue
        new = now.sort_values("stage_rank").iloc[-1]
        name = new.name_ja if r.lang == "ja" else new.name_en
        if before.empty:
            lines.append(f"- {esc(name)}: {r.stage(new.stage)} {r.cite(new.para_id)}"
                         + ("（初出）" if r.lang == "ja" else " (first mention)"))
            continue
        old = before.sort_values(["doc_date", "stage_rank"]).iloc[-1]
        lines.append(f"- {esc(name)}: {r.stage(old.stage)} ({old.doc_date}) {r.cite(old.para_id)} → "
                     f"{r.stage(new.stage)} ({new.doc_date}) {r.cite(new.para_id)}")
    lines += _corrections(r, latest, dict(zip(docs.doc_id, docs.published)))
    events = r.tables["events"]
    fresh = events[events.doc_ids == latest.doc_id]
    if len(fresh):
        lines += ["", "新たに報告された出来事：" if r.lang == "ja" else "Events first reported in it:"]
        lines += [f"- {x.date}: {_event_name(r, x)}"
                  + ("" if x.status == "held" else f" ({r.word('event_statuses', x.status)})")
                  + f" {r.cite(x.sources, limit=3)}" for x in fresh.itertuples()]
    return Markdown("\n".join(lines) + "\n")
