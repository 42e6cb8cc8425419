"""Property: whatever mix of real paragraphs a corpus holds, the tables build and hold together.

Corpora are made from the seeds' own paragraphs (and the development corpus's,
when present): shuffled, truncated, duplicated, recombined into new documents,
with site furniture mixed in. Building never raises, leaves no document out,
and the tables keep their invariants.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdib import paths
from jdib.ingest.corpus import Corpus, document_files, parse_document
from jdib.store import tables

CORPUS_DIR = paths.ROOT / "tests" / "data" / "corpus"
# Site furniture that must never become a row.
JUNK = ("ログイン", "会員登録はこちら", "ランキング", "ホーム > ニュース > 政治",
        "この記事は有料会員限定です。続きを読むには会員登録が必要です。",
        "無断転載を禁じます。", "Copyright © 2024 Example News. All rights reserved.",
        "記事の内容は配信時点のものです。")
DATE_LINES = ("2024.06.11", "date 2025-10-29", "2024-6-10 09:20", "令和6年10月8日", "2026年4月15日(水)")


def _pool() -> list[str]:
    files = document_files(paths.SEEDS)
    if CORPUS_DIR.is_dir():
        files += document_files(CORPUS_DIR)
    lines = []
    for path in files:
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return sorted(set(lines))


POOL = _pool()

line = st.one_of(
    st.sampled_from(POOL),
    st.tuples(st.sampled_from(POOL), st.floats(0.1, 1.0)).map(lambda t: t[0][:max(1, int(len(t[0]) * t[1]))]),
    st.sampled_from(JUNK),
)
document = st.tuples(
    st.one_of(st.none(), st.sampled_from(DATE_LINES)),
    st.lists(line, min_size=1, max_size=14),
    st.booleans(),
)


def _raw(date_line, body, duplicate) -> str:
    body = body + body[: len(body) // 2] if duplicate else body
    head = [body[0]] + ([date_line] if date_line else [])
    return "\n".join(head + body[1:]) + "\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(document, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_any_mix_of_paragraphs_builds_consistent_tables(docs, rnd):
    parsed = []
    for i, (date_line, body, duplicate) in enumerate(docs):
        body = list(body)
        rnd.shuffle(body)
        doc = parse_document(f"d{i}", _raw(date_line, body, duplicate))
        if doc.paragraphs:
            parsed.append(doc)
    corpus = Corpus(paths.ROOT, tuple(parsed))
    built = tables.build(corpus)

    assert set(built["documents"]["doc_id"]) == {d.doc_id for d in parsed}, "a document was left out"
    paras = built["paragraphs"].set_index("para_id")["text"]
    events = built["events"]
    assert events["event_id"].is_unique
    cited = [s for cell in events["sources"] for s in cell.split(";")]
    for name in ("programs", "outcomes", "figures", "strategies", "startups"):
        cited += list(built[name]["para_id"])
    assert set(cited) <= set(paras.index), "a row cites a paragraph that does not exist"
    assert not {paras[p] for p in cited} & set(JUNK), "a row comes from site furniture"
    for date, end in zip(events["date"], events["end_date"]):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?|FY\d{4}", date), date
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            dt.date.fromisoformat(date)
        if end:
            assert dt.date.fromisoformat(end) > dt.date.fromisoformat(date)
    assert set(events["status"]) <= {"held", "planned", "announced"}
    assert not pd.isna(events["date"]).any()
