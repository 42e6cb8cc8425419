"""The analyst's decisions in the reports: the marks on reviewed rows, the appendix, the stale ones."""

from __future__ import annotations

import pandas as pd

from jdib.reports.common import Markdown, Report, esc


def mark(r: Report, row, short: bool = False) -> str:
    """The mark of a row an analyst decided on (confirmed, corrected, added), or ''."""
    done = getattr(row, "review", "") or ""
    if not done:
        return ""
    word = r.word("review_marks", done)
    return f" ✎ {word}" if short else f" ✎ {word} ({r.t('review_see_appendix')})"


def _decisions(r: Report) -> pd.DataFrame:
    frame = r.tables.get("decisions")
    return frame if frame is not None else pd.DataFrame(columns=["status"])


def appendix(r: Report) -> str:
    """Every decision of ``review.yaml`` as a list, in Markdown; '' when there are none."""
    frame = _decisions(r)
    if frame.empty:
        return ""
    lines = [f"### {r.t('review_appendix')}", "", r.t("review_appendix_intro"), ""]
    for d in frame.itertuples(index=False):
        what = f"**{esc(r.word('review_decisions', d.decision))}** {esc(d.target_table)} {esc(d.row_id)}"
        if d.rows_merged:
            what += f" ← {esc(d.rows_merged)}"
        if d.fields:
            what += f": {esc(d.fields)}"
        cite = f" {r.cite(d.cite)} 「{esc(d.quote)}」" if d.cite else ""
        state = f" ⚠ {r.t('review_stale')}: {esc(d.status_reason)}" if d.status == "stale" else ""
        lines.append(f"{d.decision_n}. {what} — {esc(d.decided_by)}: {esc(d.why)}{cite}{state}")
    return "\n".join(lines) + "\n"


def stale(r: Report) -> Markdown:
    """The decisions that no longer match anything, each with the reason (overview section)."""
    frame = _decisions(r)
    gone = frame[frame["status"] == "stale"]
    if frame.empty:
        return Markdown(r.t("review_none"))
    if gone.empty:
        return Markdown(r.t("review_all_apply", n=f"{len(frame):,}"))
    lines = [r.t("review_stale_intro", n=f"{len(gone):,}", total=f"{len(frame):,}"), ""]
    lines += [f"- {d.decision_n}. {esc(r.word('review_decisions', d.decision))} {esc(d.target_table)} "
              f"{esc(d.row_id)} ({esc(d.decided_by)}): {esc(d.status_reason)}" for d in gone.itertuples()]
    return Markdown("\n".join(lines) + "\n")
