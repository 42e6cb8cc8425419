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
           "series", "subject", "label_en", "label_ja", "as_of", "quote"]
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_KANJI_DIGITS = "〇一二三四五六七八九"
_SCALES = ((10**12, " trillion"), (10**9, " billion"), (10**6, " million"), (1, ""))
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# 数 ("several") counts as 1, so 数百万 reads as its lower bound, one million, and 十数 as 11.
_SEVERAL = r"(?<![複多少無])数(?=[十百千万億兆])|(?<=[十百千])数"
# A number as Japanese writes it: Arabic or kanji digits and the multipliers
# 十百千 and 万億兆, in any mix (1万2345億, 2千3百万, 二千三百万, 3億5,000万).
_NUMBER = rf"(?:{_ARABIC}|[{_KANJI_DIGITS}]+|{_SEVERAL}|[十百千])(?:{_ARABIC}|[{_KANJI_DIGITS}]+|{_SEVERAL}|[十百千万億兆])*"
_PART = re.compile(rf"{_ARABIC}|[{_KANJI_DIGITS}]+|[十百千万億兆数]")
# A minus: the accounting triangles (△, ▲ stand before the number, a space may
# follow), a minus sign or hyphen written against the digit, or the word マイナス.
_SIGN = r"(?:[▲△]\s?|[-−](?=\d)|マイナス)"
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
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A figure; a hedge ending the text before it; a hedge starting the text after it;
    a word written with a numeral that is not a number (唯一, 一両日)."""
    units = "|".join(map(re.escape, sorted(_units(), key=len, reverse=True)))
    hedges = vocab.load("units")["hedges"]
    # A one-kanji hedge must end the word: 4倍強 and 1兆円超え are bounds, 4倍強化
    # and 2倍強い are not.
    after = [re.escape(w) + (r"(?![\u3400-\u9fffいくめま])" if len(w) == 1 else "") for w in hedges["after"]]
    # Nothing that continues a word or another number may stand before a figure:
    # F-35, 2+2, 第4回, 13:30, and a date masked to 〓.
    return (re.compile(rf"(?<![A-Za-z0-9.\-−/:+第{_MASK}{_KANJI_DIGITS}十百千万億兆▲△])"
                       rf"(?P<lo_sign>{_SIGN})?(?P<lo>{_NUMBER})"
                       rf"(?:[~〜](?P<hi_sign>{_SIGN})?(?P<hi>{_NUMBER}))?(?P<unit>{units})"),
            re.compile("(?:" + "|".join(map(re.escape, hedges["before"])) + r")\s*$"),
            re.compile("|".join(after)),
            re.compile("|".join(map(re.escape, vocab.load("units")["not_numbers"])) or "(?!)"))


def amount(text: str) -> float | None:
    """The value of a number as Japanese writes it, or None when it is not one.

    A 万, 億 or 兆 multiplies the group before it; one larger than every
    multiplier before it multiplies all of the number so far, so 1万2345億 is
    12,345 億 (1万2345 times 億). 千, 百 and 十 multiply the digits before them,
    or 1 (千二百 is 1,200). Kanji digits without 十百千 are read place by place
    (一〇〇 is 100). 数 ("several") counts as 1.

    Example:
        >>> amount("1万2345億"), amount("2千3百万"), amount("二千三百万"), amount("3億5千万")
        (1234500000000.0, 23000000.0, 23000000.0, 350000000.0)
    """
    total = group = 0.0
    digits: float | None = None
    biggest = small = 0  # the largest 万億兆 so far; the last 十百千 of the group
    for part in _PART.findall(text):
        if part in _BIG:
            value, scale = group + (digits or 0), _BIG[part]
            if not value:
                return None  # 万万, or a multiplier with nothing before it
            total = (total + value) * scale if scale > biggest else total + value * scale
            biggest, group, digits, small = max(biggest, scale), 0.0, None, 0
        elif part in _SMALL:
            if small and _SMALL[part] >= small:
                return None  # 百千: not how a number is written
            group += (1 if digits is None else digits) * _SMALL[part]
            digits, small = None, _SMALL[part]
        elif digits is not None:
            return None  # two runs of digits side by side (1一)
        elif part == "数":
            digits = 1.0
        elif part[0] in _KANJI_DIGITS:
            digits = float("".join(str(_KANJI_DIGITS.index(c)) for c in part))
        else:
            digits = float(part.replace(",", ""))
    return total + group + (digits or 0)


_ORDER = "十百千万億兆"


def _low_end(lo_text: str, hi_text: str, hi: float) -> float | None:
    """The low end of a range whose multiplier is written once, after its high end.

    3〜5億 is 3億 to 5億 and 3千〜5千万 is 3千万 to 5千万; 5千〜1万 is 5,000 to
    10,000: the low end takes the longest tail of the high end's multipliers,
    larger than its own last one, that keeps it at or below the high end.
    """
    tail = re.search(f"[{_ORDER}]+$", hi_text)
    own = re.search(f"[{_ORDER}]$", lo_text)
    for i in range(len(tail[0]) if tail else 0):
        suffix = tail[0][i:]
        if own and _ORDER.index(suffix[0]) <= _ORDER.index(own[0]):
            continue
        low = amount(lo_text + suffix)
        if low is not None and low <= hi:
            return low
    return amount(lo_text)


def _hits(sentence: str, ref: dt.date | None, limit: int | None = None) -> list[_Hit]:
    """The figures of one sentence (the first ``limit`` of them), with offsets into it."""
    masked = list(sentence)
    for d in dates.find_dates(sentence, ref=ref or dates.ANY_REF):
        masked[d.start:d.end] = _MASK * (d.end - d.start)
    figure, before, after, words = _patterns()
    for w in words.finditer(sentence):
        masked[w.start():w.end()] = _MASK * (w.end() - w.start())
    text = "".join(masked)
    out = []
    for m in figure.finditer(text):
        entry = _units()[m["unit"]]
        if text[m.end():m.end() + 1] in entry.get("not_before", []):
            continue
        if m["unit"] == "年" and re.fullmatch(f"[{_KANJI_DIGITS}]{{4}}", m["lo"]):
            continue  # 二〇二五年 is a year, as 2025年 is
        hi = amount(m["hi"]) if m["hi"] else None
        lo = _low_end(m["lo"], m["hi"], hi) if hi is not None else amount(m["lo"])
        if lo is None or (m["hi"] and hi is None):
            continue
        lo, hi = -lo if m["lo_sign"] else lo, (-hi if m["hi_sign"] else hi) if hi is not None else None
        scale = 1
        unit = entry.get("unit", "")
        if text[m.end():m.end() + 1] == "半" and entry.get("generic") == "duration":
            lo, hi = lo + 0.5, hi + 0.5 if hi is not None else None  # 1時間半 is an hour and a half
        if "currency" in entry:
            scale, name = next((s for s in _SCALES if max(abs(lo), abs(hi or 0)) >= s[0]), _SCALES[-1])
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
                "series": series, "subject": subject_of(sentence, hit.start),
                "label_en": _label(hit.unit, clause, sentence[:hit.start], sentence, series),
                "label_ja": clause, "as_of": _timepoint(sentence, doc.published) or note_as_of,
                "quote": _excerpt(sentence, hit)})
    return rows


def subject_of(sentence: str, at: int) -> str:
    """What a figure at ``at`` is a figure of: the programme or meeting series its sentence
    names nearest to it, and the kind of event told nearest to it (``Tomahawk cruise missile acquisition: sale approved``,
    ``SCCM: meeting``); empty when the sentence names neither.

    Example:
        >>> s = "米国務省は、トマホーク最大400発の売却を承認した。"
        >>> subject_of(s, s.index("400"))
        'Tomahawk cruise missile acquisition: sale approved'
    """
    from jdib.extract.frames import find_triggers, kinds  # events' triggers say what happened
    from jdib.extract.mentions import find_series
    from jdib.extract.programs import find_programs

    named = [(abs(start - at), p["en"]) for p, start in find_programs(sentence)]
    named += [(abs(m.start - at), _series_short(m.series)) for m in find_series(sentence)]
    told = [(abs(t.start - at), kinds()[t.kind]["label"]["en"].lower()) for t in find_triggers(sentence)]
    parts = [min(named)[1]] if named else []
    parts += [min(told)[1]] if told else []
    return ": ".join(parts)


def _series_short(series: str) -> str:
    return next((s["short_en"] for s in vocab.load("series") if s["id"] == series), series)


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
