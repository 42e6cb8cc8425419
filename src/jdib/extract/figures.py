"""The figures table: every quantitative figure the documents state.

A figure is a number followed by a unit word (``約2千発/日``, ``2~3週間``). The unit
keeps model names (F-35, DICAS 2.0), list and footnote numbers out; dates are masked
first, and ordinals (第4回) and clock times (13:30) are told by their neighbours.

A footnote restating a figure (``※1 前計画...17.2兆円程度に対し、今計画...``) is not
counted again: it names the figure's series. A footnote that is a time point
(``※1 24年3月時点``) dates the sentence its marker closes, the paragraph's last.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from jdib.ingest import dates, vocab
from jdib.ingest.corpus import Corpus, Document, Paragraph
from jdib.ingest.text import language
from jdib.extract.sentences import split_sentences
from jdib.extract.strategies import countries_in

COLUMNS = ["figure_id", "doc_id", "para_id", "value", "value_high", "unit", "approx",
           "series", "label_en", "label_ja", "as_of", "quote"]
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_SCALES = ((10**12, " trillion"), (10**9, " billion"), (10**6, " million"), (1, ""))
# 数 ("several") counts as 1, so 数百万 reads as its lower bound, one million.
_TOKEN = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|(?<![複多少無])数(?=[十百千万億兆]))[十百千]*[万億兆]?"
_TOKEN_RE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?|数)([十百千]*)([万億兆]?)")
_MASK = "〓"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
#: A paragraph stating more figures than this is a data dump, not prose: only
#: the first ones are tabled, so one long line cannot swell a report to
#: hundreds of pages.
MAX_FIGURES_PER_PARAGRAPH = 100
#: A longer sentence is quoted as the part around the figure, marked with "…".
MAX_QUOTE_CHARS = 600
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Hit:
    value: float
    high: float | None
    unit: str
    approx: bool
    start: int
    end: int


@cache
def _units() -> dict[str, dict]:
    """Unit word -> its entry; a currency's entry carries its code."""
    v = vocab.load("units")
    return {**{w: e for e in v["units"] for w in e["ja"]},
            **{w: {"currency": code, "generic": "amount"} for w, code in v["currencies"].items()}}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A figure; a hedge ending the text before it; a hedge starting the text after it."""
    units = "|".join(map(re.escape, sorted(_units(), key=len, reverse=True)))
    hedges = vocab.load("units")["hedges"]
    # A one-kanji hedge must end the word: 4倍強 is a bound, 4倍強化 is not.
    after = [re.escape(w) + (rf"(?!{_CJK.pattern})" if len(w) == 1 else "") for w in hedges["after"]]
    return (re.compile(rf"(?<![A-Za-z0-9.\-/:+第{_MASK}])(?P<lo>(?:{_TOKEN})+)"
                       rf"(?:[~〜](?P<hi>(?:{_TOKEN})+))?(?P<unit>{units})"),
            re.compile("(?:" + "|".join(map(re.escape, hedges["before"])) + r")\s*$"),
            re.compile("|".join(after)))


def _amount(text: str) -> float:
    return sum((1.0 if base == "数" else float(base.replace(",", "")))
               * math.prod(_SMALL[c] for c in small) * _BIG.get(big, 1)
               for base, small, big in _TOKEN_RE.findall(text))


def _hits(sentence: str, ref: dt.date | None, limit: int | None = None) -> list[_Hit]:
    """The figures of one sentence (the first ``limit`` of them), with offsets into it."""
    masked = list(sentence)
    for d in dates.find_dates(sentence, ref=ref or dates.ANY_REF):
        masked[d.start:d.end] = _MASK * (d.end - d.start)
    text = "".join(masked)
    figure, before, after = _patterns()
    out = []
    for m in figure.finditer(text):
        entry = _units()[m["unit"]]
        if text[m.end():m.end() + 1] in entry.get("not_before", []):
            continue
        lo_text, hi_text = m["lo"], m["hi"] or ""
        big = re.search("[十百千万億兆]+$", hi_text)
        if big and not re.search("[十百千万億兆]", lo_text):
            lo_text += big[0]  # 2~3千 is 2000 to 3000
        lo, hi, scale = _amount(lo_text), _amount(hi_text) if hi_text else None, 1
        unit = entry.get("unit", "")
        if text[m.end():m.end() + 1] == "半" and entry.get("generic") == "duration":
            lo, hi = lo + 0.5, hi + 0.5 if hi is not None else None  # 1時間半 is an hour and a half
        if "currency" in entry:
            scale, name = next((s for s in _SCALES if max(lo, hi or 0) >= s[0]), _SCALES[-1])
            unit = entry["currency"] + name
        # A hedge is a short word just before the figure: a window, not the
        # whole prefix, keeps a sentence of thousands of figures linear.
        approx = bool(before.search(text[max(0, m.start() - 64):m.start()]) or after.match(text, m.end()) or "数" in m["lo"])
        # Rounding drops the float noise of 17.2 * 10**12 / 10**12.
        out.append(_Hit(round(lo / scale, 9), None if hi is None else round(hi / scale, 9),
                        unit, approx, m.start(), m.end()))
        if limit is not None and len(out) >= limit:
            break
    if language(sentence) == "en":
        out = sorted(out + _english_hits(text), key=lambda h: h.start)
    return out[:limit] if limit is not None else out


@cache
def _english_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict]:
    """An amount ($1.5 billion, 100 billion yen), a count with its unit (85 minutes), a multiplier (fourfold)."""
    v = vocab.load("units")["en"]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    number = r"\d+(?:,\d{3})*(?:\.\d+)?"
    scales = alt(v["scales"])
    money = re.compile(rf"(?<![A-Za-z0-9])(?:(?P<sign>{alt(v['currencies'])})\s?(?P<n>{number})(?:\s(?P<scale>{scales}))?"
                       rf"|(?P<n2>{number})(?:\s(?P<scale2>{scales}))?\s(?P<word>{alt(v['currency_words'])}))(?![A-Za-z])")
    counted = re.compile(rf"(?<![A-Za-z0-9.$])(?P<n>\d+(?:,\d{{3}})*(?:\.\d+)?)(?:\s|-)?(?P<unit>{alt(v['units'])})(?![A-Za-z])")
    fold = re.compile(rf"(?<![A-Za-z])(?:(?P<word>{alt(v['multipliers'])})|(?P<n>\d+)-fold)(?![A-Za-z])")
    return money, counted, fold, v


def _english_hits(text: str) -> list[_Hit]:
    money, counted, fold, v = _english_patterns()
    hedged = re.compile(r"(?:" + "|".join(map(re.escape, v["hedges"])) + r")\s$", re.I)
    out, taken = [], []
    for m in money.finditer(text):
        amount = float((m["n"] or m["n2"]).replace(",", "")) * v["scales"].get(m["scale"] or m["scale2"] or "", 1)
        code = v["currencies"].get(m["sign"]) if m["sign"] else v["currency_words"][m["word"]]
        size, name = next((s for s in _SCALES if amount >= s[0]), _SCALES[-1])
        out.append(_Hit(round(amount / size, 9), None, code + name, bool(hedged.search(text[:m.start()])),
                        m.start(), m.end()))
        taken.append(m.span())
    for m in counted.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(_Hit(float(m["n"].replace(",", "")), None, v["units"][m["unit"]],
                        bool(hedged.search(text[:m.start()])), m.start(), m.end()))
    for m in fold.finditer(text):
        n = float(v["multipliers"][m["word"]] if m["word"] else m["n"])
        out.append(_Hit(n, None, "multiplier", False, m.start(), m.end()))
    return out


def _clause(sentence: str, hit: _Hit) -> tuple[int, int]:
    """Where the stretch between commas around a figure starts and ends."""
    bounds = [m.start() for m in re.finditer("[、。]", sentence)] + [len(sentence)]
    start = max([b + 1 for b in bounds if b < hit.start], default=0)
    ends = [b for b in bounds if b >= hit.end]
    # "5年以内に" says too little on its own: the next clause comes with it.
    return start, ends[1] if len(ends) > 1 and ends[0] - start - (hit.end - hit.start) < 6 else ends[0]


def _trim(text: str) -> str:
    """A clause without the bracket that a comma split from its partner."""
    text = text.strip()
    if text.count("(") > text.count(")") and text.startswith("("):
        text = text[1:]
    if text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1]
    return text.strip()


def _series(text: str) -> str:
    """The series word nearest the end of ``text`` (前計画 -> previous plan)."""
    found = [(text.rfind(w), en) for w, en in vocab.load("units")["series"].items() if w in text]
    return max(found)[1] if found else ""


def _timepoint(text: str, ref: dt.date | None) -> str:
    for d in dates.find_dates(text, ref=ref):
        if re.match(r"末?(?:時点|現在)", text[d.end:]):
            return d.iso()
    return ""


def _label(unit: str, clause: str, before: str, sentence: str, series: str) -> str:
    base = next((e["en"] for text in (clause, sentence) for e in vocab.load("units")["labels"]
                 if unit.startswith(e.get("unit", ""))
                 and any(all(w in text for w in group.split()) for group in e["ja"])), None)
    base = base or next(e["generic"] for e in _units().values()
                        if e.get("unit") == unit or unit.startswith(e.get("currency", "-")))
    # "SM-3 ブロックIIAについて、...約4倍に" : the topic the sentence is about.
    subject = re.findall(r"([^、。]+?)について", before)
    subject_en = _english(subject[-1].strip()) if subject else ""
    countries = list(dict.fromkeys(en for _, en in countries_in(clause)))
    return (base + (f" ({subject_en})" if subject_en else "") + (f" ({series})" if series else "")
            + (", " + " and ".join(countries) if countries else ""))


_SINGULAR = {"minutes": "minute", "hours": "hour", "days": "day", "weeks": "week", "months": "month",
             "years": "year", "times": "time", "rounds": "round", "units": "unit", "persons": "person",
             "companies": "company", "countries": "country", "items": "item"}


def unit_text(value: float, unit: str, high: float | None = None) -> str:
    """A figure's unit as English reads after its number: ``1 hour``, ``1.5 hours``, ``2–3 weeks``.

    Example:
        >>> unit_text(1, "hours"), unit_text(1.5, "hours"), unit_text(1, "JPY trillion")
        ('hour', 'hours', 'JPY trillion')
    """
    single = value == 1 and (high is None or pd.isna(high))
    return _SINGULAR.get(unit, unit) if single else unit


def _english(ja: str) -> str:
    """The glossary's English for a phrase, or empty when any Japanese is left untranslated."""
    for term, en in vocab.glossary().items():
        ja = ja.replace(term, en)
    return "" if _CJK.search(ja) else ja.strip()


def _footnotes(doc: Document, para: Paragraph) -> list[Paragraph]:
    """The bodies of the footnotes a paragraph refers to: the first ``※n`` after it."""
    out = []
    for ref in para.footnote_refs:
        body = re.compile(rf"(?:※\s*)?{ref}(?!\d)")
        out += [q for q in doc.paragraphs[para.n:] if q.role == "footnote" and body.match(q.text)][:1]
    return out


def _from_notes(hit: _Hit, closes_marker: bool, notes: list, restated: set,
                ref: dt.date | None) -> tuple[str, str]:
    """Series and time point a paragraph's footnotes give one of its figures."""
    series, as_of = "", ""
    for note, j, sentence, note_hits in notes:
        same = next((g for g in note_hits if (g.value, g.high, g.unit) == (hit.value, hit.high, hit.unit)
                     and (note.para_id, j, g.start) not in restated), None)
        if same:
            restated.add((note.para_id, j, same.start))
            series = series or _series(sentence[:same.start])
            as_of = as_of or _timepoint(sentence, ref)
        elif closes_marker and not note_hits:
            as_of = as_of or _timepoint(sentence, ref)
    return series, as_of


def _doc_rows(doc: Document) -> list[dict]:
    restated: set[tuple[str, int, int]] = set()  # footnote figures already cited by their paragraph
    rows = []
    for para in doc.paragraphs:
        notes = [(f, j, s, _hits(s, doc.published)) for f in _footnotes(doc, para)
                 for j, s in enumerate(split_sentences(f.text))]
        sentences = split_sentences(para.text)
        hits = [(i, s, h) for i, s in enumerate(sentences)
                for h in _hits(s, doc.published, MAX_FIGURES_PER_PARAGRAPH + 1)
                if (para.para_id, i, h.start) not in restated]
        if len(hits) > MAX_FIGURES_PER_PARAGRAPH:
            log.warning("%s: %s states more than %d figures; only the first %d are tabled",
                        doc.path, para.para_id, MAX_FIGURES_PER_PARAGRAPH, MAX_FIGURES_PER_PARAGRAPH)
            hits = hits[:MAX_FIGURES_PER_PARAGRAPH]
        for k, (i, sentence, hit) in enumerate(hits, start=1):
            a, b = _clause(sentence, hit)
            note_series, note_as_of = _from_notes(hit, i == len(sentences) - 1, notes, restated, doc.published)
            series = _series(sentence[a:hit.start]) or note_series
            clause = _trim(sentence[a:b])
            rows.append({
                "figure_id": f"{para.para_id}:f{k}", "doc_id": doc.doc_id, "para_id": para.para_id,
                "value": hit.value, "value_high": hit.high, "unit": hit.unit, "approx": hit.approx,
                "series": series, "label_en": _label(hit.unit, clause, sentence[:hit.start], sentence, series),
                "label_ja": clause, "as_of": _timepoint(sentence, doc.published) or note_as_of,
                "quote": _excerpt(sentence, hit)})
    return rows


def _excerpt(sentence: str, hit: _Hit) -> str:
    """The sentence, or for a very long one the stretch around the figure, marked "…"."""
    if len(sentence) <= MAX_QUOTE_CHARS:
        return sentence
    start = max(0, min(hit.start - MAX_QUOTE_CHARS // 2, len(sentence) - MAX_QUOTE_CHARS))
    end = start + MAX_QUOTE_CHARS
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")


def figures_table(corpus: Corpus) -> pd.DataFrame:
    """One row per quantitative figure stated in the documents.

    ``value`` is the number in ``unit`` with kanji multipliers applied (2千 is
    2000); amounts of money are scaled to trillions, billions or millions
    (``JPY trillion``). A range fills ``value_high``. 数百万 ("several million")
    is recorded as its lower bound, 1,000,000, with ``approx`` True, as is every
    figure the text hedges or bounds (約, 程度, 少なくとも, 近く, 規模, 以内).

    Args:
        corpus: The loaded corpus.

    Returns:
        A DataFrame with :data:`COLUMNS`, in document and reading order.

    Example:
        >>> figures_table(load_corpus("seeds")).loc[0, ["value", "unit"]].tolist()  # doctest: +SKIP
        [17.2, 'JPY trillion']
    """
    rows = [row for doc in corpus for row in _doc_rows(doc)]
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({"value": float, "value_high": float, "approx": bool})
