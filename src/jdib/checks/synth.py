"""Synthetic corpora for the benchmark: the seed documents, varied.

Document ``k`` of a synthetic corpus is seed ``k mod S`` (``S`` seeds) in
variant ``v = k // S``: its Reiwa and western years move by ``v mod 10``, its
day numbers by ``v // 10`` (kept within 1-28, so every date stays valid), its
ordinals (第4回) by ``v`` and its figures (17.2兆円, 20件) by ``v`` tenths or
units. No two documents are the same text, so the extractors do real work on
each, and a generated ``catalog.csv`` gives every file its row (with its date
moved the same way), so loading takes the catalog path without a warning per file.

Only the seeds are read; the corpus is written to a folder the caller owns.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from jdib.ingest import corpus

# Years from the Reiwa era on (2019-) move; history (平成28年, 1983年) stays put.
_REIWA = re.compile(r"令和(\d+)年")
_WESTERN_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=年|-\d{1,2}-\d{1,2})")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
_ISO_DAY = re.compile(r"(?<!\d)(20\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")
_ORDINAL = re.compile(r"第(\d+)回")
# A figure: a number directly before a unit word that figures.py counts.
_FIGURE = re.compile(r"(?<![\d.A-Za-z第])(\d+)(?:\.(\d+))?(?=兆|億|万|件|隻|機|社|人|%|％)")


def _day(day: int, shift: int) -> int:
    return (day - 1 + shift) % 28 + 1


def vary(text: str, v: int) -> str:
    """Variant ``v`` of a document's text (``v = 0`` leaves it as it is).

    Example:
        >>> vary("令和8年4月17日 第4回協議 17.2兆円", 12)
        '令和10年4月18日 第16回協議 18.4兆円'
    """
    if v == 0:
        return text
    years, days = v % 10, v // 10
    text = _REIWA.sub(lambda m: f"令和{int(m[1]) + years}年", text)
    text = _ISO_DAY.sub(lambda m: f"{m[1]}-{m[2]}-{_day(int(m[3]), days)}", text)
    text = _WESTERN_YEAR.sub(lambda m: str(int(m[1]) + years), text)
    text = _MONTH_DAY.sub(lambda m: f"{m[1]}月{_day(int(m[2]), days)}日", text)
    text = _ORDINAL.sub(lambda m: f"第{int(m[1]) + v}回", text)

    def figure(m: re.Match) -> str:
        if m[2] is None:
            return str(int(m[1]) + v)
        places = len(m[2])
        return f"{float(m[0]) + v * 10 ** -places:.{places}f}"

    return _FIGURE.sub(figure, text)


def _vary_published(value: str, v: int) -> str:
    """A catalog date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or empty) moved like the text."""
    if not value or v == 0:
        return value
    parts = value.split("-")
    parts[0] = str(int(parts[0]) + v % 10)
    if len(parts) == 3:
        parts[2] = f"{_day(int(parts[2]), v // 10):02d}"
    return "-".join(parts)


def make_corpus(seeds_dir: str | Path, out_dir: str | Path, n: int) -> Path:
    """Write a synthetic corpus of ``n`` documents and its ``catalog.csv``.

    Args:
        seeds_dir: The seeds folder to vary (documents and ``catalog.csv``).
        out_dir: The folder to write into; created when missing.
        n: How many documents.

    Returns:
        ``out_dir``.

    Example:
        >>> make_corpus("seeds", "/tmp/synth-100", 100)  # doctest: +SKIP
        PosixPath('/tmp/synth-100')
    """
    seeds_dir, out_dir = Path(seeds_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog = corpus.read_catalog(seeds_dir)
    seeds = [(path, path.read_bytes().decode("utf-8-sig"), catalog.get(path.name) or {})
             for path in corpus.document_files(seeds_dir)]
    width = len(str(max(n - 1, 0)))
    rows = []
    for k in range(n):
        path, raw, meta = seeds[k % len(seeds)]
        v = k // len(seeds)
        name = f"{k:0{width}d}_{path.stem}{path.suffix}"
        (out_dir / name).write_text(vary(raw, v), encoding="utf-8")
        rows.append({
            "file": name,
            "doc_id": f"{meta.get('doc_id') or path.stem}-v{v}",
            "title_ja": vary(meta.get("title_ja", ""), v),
            "title_en": meta.get("title_en", ""),
            "publisher": meta.get("publisher", ""),
            "kind": meta.get("kind", ""),
            "published": _vary_published(meta.get("published", ""), v),
        })
    with (out_dir / "catalog.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=corpus.CATALOG_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return out_dir
