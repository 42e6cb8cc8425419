"""Dates of saved HTML pages without date metadata (``tests/data/html-dates/``), in the forms
sites print them: the page's metadata first, then its own date lines, then htmldate's quick
reading of its markup and address; never a comment's, a related story's or a copyright year."""

from __future__ import annotations

import pytest
import yaml

from jdib import paths
from jdib.ingest.corpus import load_corpus

FOLDER = paths.ROOT / "tests" / "data" / "html-dates"
FACTS = yaml.safe_load((FOLDER / "facts.yaml").read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="module")
def dated() -> dict[str, str | None]:
    return {d.path.name: d.published.isoformat() if d.published else None for d in load_corpus(FOLDER)}


@pytest.mark.parametrize("name", sorted(FACTS))
def test_a_page_is_dated_by_its_own_date_or_not_at_all(dated, name):
    expected = FACTS[name]["published"]
    assert dated[name] in ((str(expected), None) if expected else (None,))


def test_the_pages_dates_found(dated, capsys):
    stated = [n for n, f in FACTS.items() if f["published"]]
    found = [n for n in stated if dated[n] == str(FACTS[n]["published"])]
    with capsys.disabled():
        print(f"\nhtml-dates: published recall {len(found) / len(stated):.3f} ({len(found)}/{len(stated)})")
    # Measured: the page's own lines find 11 of 14; htmldate's markup reading adds the
    # blog's entry-meta date and the date in the page's address.
    assert len(found) >= 13
