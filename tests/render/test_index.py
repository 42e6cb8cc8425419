"""The index page stays a page at any size: documents listed while few, grouped beyond, all in a CSV beside it."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from jdib.render.index import LISTED, render_index, write_index
from jdib import paths

REPORTS = [{"name": "00_overview", "title": "概要", "params": {"seeds_dir": "../seeds"}, "formats": ["html", "pdf"]}]
PUBLISHERS = [("official", "防衛省", "press_release"), ("established", "共同通信", "news_article"),
              ("established", "時事通信", "news_article"), ("other", "まとめサイト", "news_article")]


def documents(n: int) -> pd.DataFrame:
    """A documents table of ``n`` rows, as jdib's documents table has them."""
    rows = []
    for i in range(n):
        tier, publisher, kind = PUBLISHERS[i % len(PUBLISHERS)]
        rows.append({"doc_id": f"doc-{i:05d}", "file": f"doc-{i:05d}.txt", "title_ja": "第4回日米防衛産業協力定期協議の開催",
                     "publisher": publisher, "kind": kind, "reliability": tier,
                     "published": "" if i % 10 == 9 else f"{2016 + i % 10}-04-{1 + i % 28:02d}",
                     "url": f"https://example.org/news/{i}.html", "retrieved": "2026-05-01",
                     "url_source": "catalog", "sha256": f"{i:064x}"})
    return pd.DataFrame(rows)


def test_at_ten_thousand_documents_the_index_stays_under_a_megabyte_with_documents_grouped():
    page = render_index(REPORTS, documents(10_000), dt.date(2026, 5, 1))
    assert len(page.encode("utf-8")) < 1_000_000
    assert "doc-00042" not in page  # no document one by one
    # One row per tier, publisher and kind: how many, and the dates they span.
    assert "<tr><td>official</td><td>防衛省</td><td>press_release</td><td>2,500</td>" \
           "<td>2016-04-01</td><td>2024-04-25</td><td>0</td></tr>" in page
    assert "<td>まとめサイト</td><td>news_article</td><td>2,500</td><td>2017-04-04</td><td>2023-04-28</td><td>500</td>" in page
    assert page.index("<td>official</td>") < page.index("<td>established</td>") < page.index("<td>other</td>")
    assert 'href="sources.csv"' in page and "(10,000 rows)" in page


def test_a_few_documents_are_each_listed_with_their_sha256():
    docs = documents(LISTED)
    page = render_index(REPORTS, docs, dt.date(2026, 5, 1))
    assert all(f"<code>{d}</code>" in page for d in docs.doc_id) and f"<code>{docs.sha256[7]}</code>" in page


def test_the_full_list_is_a_csv_beside_the_index(tmp_path):
    write_index(tmp_path, REPORTS, str(paths.SEEDS), dt.date(2026, 5, 1))
    listed = pd.read_csv(tmp_path / "sources.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(listed.columns) == ["doc_id", "file", "title_ja", "published", "reliability", "url", "retrieved",
                                    "sha256"]
    assert len(listed) == len(list(paths.SEEDS.glob("*.txt")))
    assert "mod-20260417-dicas4" in set(listed.doc_id)
