"""The startups table: companies named in the startup case-study tables.

A slide lists the case studies of several countries side by side. Extracted as
text, the slide's headings (``【米国のスタートアップ活用事例】``,
``【ウクライナのスタートアップ活用事例】``) come first and the tables after
them, each table starting with a header row (``企業 / 主な分野・実績``). So the
n-th table belongs to the n-th heading not yet matched to a table.
"""

from __future__ import annotations

import re

import pandas as pd

from jdib.ingest import vocab
from jdib.ingest.corpus import Corpus, Document, Paragraph
from jdib.extract.strategies import countries_in

COLUMNS = ["name", "country", "field", "field_ja", "doc_id", "para_id", "quote"]


def _vocab() -> dict:
    return vocab.load("themes")["startups"]


def _heading_country(para: Paragraph) -> str | None:
    """The country of a heading that introduces startups (``【米国のスタートアップ活用事例】``)."""
    text = para.text
    looks_like_heading = para.role == "heading" or text.startswith("【") or (
        len(text) <= 30 and not re.search("[、。]", text))
    if para.role == "table_row" or not looks_like_heading:
        return None
    if not any(w in text for w in _vocab()["heading_words"]):
        return None
    found = countries_in(text)
    return found[0][1] if found else None


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] in _vocab()["header_cells"]


def _company_name(cell: str) -> str:
    """``ANDURIL Anduril社`` -> ``Anduril``: no logo text, no 社."""
    name = cell.strip()
    for prefix in _vocab()["company_prefixes"]:
        name = re.sub(rf"^{re.escape(prefix)}\s*", "", name)
    for suffix in _vocab()["company_suffixes"]:
        name = re.sub(rf"\s*{re.escape(suffix)}$", "", name)
    words = name.split()
    half = len(words) // 2
    # A logo set in capitals precedes the name: "ANDURIL Anduril", "SWARMER SWARMER".
    if len(words) % 2 == 0 and half and [w.lower() for w in words[:half]] == [w.lower() for w in words[half:]]:
        words = words[half:]
    return " ".join(words)


def _field(cells: list[str]) -> str:
    text = "\n".join(cells)
    for entry in _vocab()["fields"]:
        if any(w in text for w in entry["ja"]):
            return entry["en"]
    return ""


def _rows(doc: Document) -> list[dict]:
    pending: list[str] = []  # headings whose table has not started yet
    country, in_table = None, False
    rows = []
    for para in doc.paragraphs:
        heading = _heading_country(para)
        if heading:
            pending.append(heading)
            continue
        if para.role != "table_row":
            in_table = False
            continue
        cells = para.text.split("\n")
        if _is_header(cells) or not in_table:
            if not pending:
                # A table with no startup heading before it is some other table.
                in_table, country = False, None
                continue
            country, in_table = pending.pop(0), True
            if _is_header(cells):
                continue
        rows.append({"name": _company_name(cells[0]), "country": country,
                     "field": _field(cells[1:]), "field_ja": cells[1] if len(cells) > 1 else "",
                     "doc_id": doc.doc_id, "para_id": para.para_id, "quote": para.text})
    return rows


def startups_table(corpus: Corpus) -> pd.DataFrame:
    """One row per startup named in a startup case-study table.

    Args:
        corpus: The loaded corpus.

    Returns:
        A DataFrame with :data:`COLUMNS`, in document and reading order. ``field_ja``
        is the first cell after the company's name; ``field`` its English field
        from the keyword vocabulary (empty when no keyword fits).

    Example:
        >>> startups_table(load_corpus("seeds"))["name"].tolist()[:2]  # doctest: +SKIP
        ['Anduril', 'Epirus']
    """
    rows = [row for doc in corpus for row in _rows(doc)]
    return pd.DataFrame(rows, columns=COLUMNS)
