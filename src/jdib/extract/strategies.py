"""The strategies table: national and regional defence-industrial strategies and reviews.

Two layouts are read. A slide deck puts a country's name on a line of its own and
lists its strategy under it (``2024年1月、「国家防衛産業戦略」を初策定・公表。`` or
``2025年 国防戦略見直し(SDR)``); running text names the country in the sentence
(``2026年5月、カナダは「防衛産業戦略」を公表した。``). The bullets that follow a
strategy, up to the next country or section, give its themes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from jdib.ingest import dates, vocab
from jdib.ingest.corpus import Corpus, Document, Paragraph
from jdib.extract.sentences import split_sentences

COLUMNS = ["strategy_id", "country_or_region", "country_ja", "title_ja", "title_en",
           "published", "themes", "doc_id", "para_id", "quote"]
_PRECISION = {"day": 3, "month": 2, "year": 1, "fiscal_year": 1, "": 0}
_TRAILING_PAREN = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*$")


@cache
def _aliases() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every country name, longest first, and name -> English."""
    pairs = {alias: en for en, names in vocab.load("countries").items() for alias in names}
    names = sorted(pairs, key=lambda a: (-len(a), a))
    # Latin aliases must stand alone: "EU" is not the EU inside "EUROPA".
    alternatives = [rf"(?<![A-Za-z]){re.escape(a)}(?![A-Za-z])" if a.isascii() else re.escape(a)
                    for a in names]
    return re.compile("|".join(alternatives)), pairs


def countries_in(text: str) -> list[tuple[str, str]]:
    """The countries and regions a text names, in text order.

    Args:
        text: Any Japanese text.

    Returns:
        ``(name as written, English name)`` pairs. A longer name hides the
        shorter names inside it (欧州連合 is the EU, not Europe).

    Example:
        >>> countries_in("2026年5月、カナダは「防衛産業戦略」を公表した。")
        [('カナダ', 'Canada')]
    """
    pattern, english = _aliases()
    # One scan, longest name first at each position: 欧州連合 is read before 欧州 can be.
    return [(m.group(0), english[m.group(0)]) for m in pattern.finditer(text)]


@dataclass
class _Strategy:
    country: tuple[str, str]
    title: str
    date: dates.ParsedDate | None
    para: Paragraph
    n: int
    quote: str
    theme_text: list[str] = field(default_factory=list)


def _country_heading(text: str) -> tuple[str, str] | None:
    """The country a paragraph names when it is nothing but that name (米国, 【EU】)."""
    bare = re.sub(r"[\s【】\[\]「」]", "", text)
    found = countries_in(bare)
    return found[0] if len(found) == 1 and found[0][0] == bare else None


def _is_strategy_title(title: str) -> bool:
    return any(w in title for w in vocab.load("themes")["strategy_words"]) and not re.search("[、。]", title)


def _in_sentence(sentence: str, doc: Document, heading: tuple[str, str] | None):
    """Country, title and date of a strategy a sentence or a 'date title' line names."""
    found = dates.find_dates(sentence, ref=doc.published)
    verbs = "|".join(vocab.load("themes")["publish_verbs"])
    quoted = re.search(rf"「([^「」]+)」を(?:初)?(?:{verbs})", sentence)
    if quoted:
        title, before, after = quoted[1], sentence[:quoted.start()], sentence[quoted.end():]
    elif found and found[0].start == 0 and sentence[found[0].end:found[0].end + 1].isspace() \
            and len(sentence) < 40:  # a slide's "2025年 国防戦略見直し(SDR)" line
        title, before, after = sentence[found[0].end:].strip(), "", ""
    else:
        return None
    if not title or not _is_strategy_title(title):
        return None
    # The country nearest before the title names its owner, then one after it, then the
    # heading it stands under, and last a country inside the title itself.
    candidates = countries_in(before)[-1:] + countries_in(after)[:1] + [heading] + countries_in(title)[:1]
    country = next((c for c in candidates if c), None)
    return (country, title, found[0] if found else None) if country else None


def _scan(doc: Document) -> list[_Strategy]:
    """Every strategy a document names, with the text its themes are read from."""
    out: list[_Strategy] = []
    heading, current = None, None
    for para in doc.paragraphs:
        country = _country_heading(para.text)
        if country:
            heading, current = country, None
            continue
        hits = []
        for sentence in split_sentences(para.text):
            hit = _in_sentence(sentence, doc, heading)
            if hit:
                hits.append(_Strategy(hit[0], hit[1], hit[2], para, len(hits) + 1, sentence))
            elif hits:
                hits[-1].theme_text.append(sentence)
        if hits:
            out.extend(hits)
            current = hits[-1]
        elif current is not None and para.role == "bullet":
            current.theme_text.append(para.text)
        elif current is not None or para.role == "heading":
            # The bullets of a strategy ended, and with them its country's section.
            heading, current = None, None
    return out


def _themes(texts: list[str]) -> set[str]:
    return set(_themes_in("\n".join(texts).lower()))


@functools.lru_cache(maxsize=4096)
def _themes_in(joined: str) -> frozenset[str]:
    # A strategy's passage recurs in every reprint and White Paper edition: read it once.
    return frozenset(theme for theme, words in vocab.load("themes")["themes"].items()
                     if any(w.lower() in joined for w in words))


def _title_en(title: str) -> str:
    """The glossary's English title; empty rather than a guess when it has none."""
    glossary = vocab.glossary()
    if title in glossary:
        return glossary[title]
    paren = _TRAILING_PAREN.search(title)
    base = _TRAILING_PAREN.sub("", title)
    if base not in glossary:
        return ""
    acronym = paren[1] if paren and re.fullmatch(r"[A-Za-z0-9&\- ]+", paren[1]) else ""
    return f"{glossary[base]} ({acronym})" if acronym else glossary[base]


def strategies_table(corpus: Corpus) -> pd.DataFrame:
    """One row per defence-industrial strategy or review the documents name.

    A strategy named twice (same country, same title up to a trailing acronym such
    as ``(NIDS)``) is one row: it cites the first mention, keeps the most precise
    date and the union of the themes.

    Args:
        corpus: The loaded corpus.

    Returns:
        A DataFrame with :data:`COLUMNS`, ordered by country, date and title.

    Example:
        >>> strategies_table(load_corpus("seeds")).loc[0, "title_ja"]  # doctest: +SKIP
        '防衛産業発展戦略'
    """
    merged: dict[tuple[str, str], tuple[_Strategy, set[str]]] = {}
    for doc in corpus:
        for s in _scan(doc):
            key = (s.country[1], re.sub(r"\s", "", _TRAILING_PAREN.sub("", s.title)))
            first, themes = merged.setdefault(key, (s, set()))
            themes |= _themes(s.theme_text)
            if _precision(s.date) > _precision(first.date):
                first.date = s.date
    rows = [{
        "strategy_id": f"{s.para.para_id}:s{s.n}", "country_or_region": s.country[1],
        "country_ja": s.country[0], "title_ja": s.title, "title_en": _title_en(s.title),
        "published": s.date.iso() if s.date else "", "themes": ";".join(sorted(themes)),
        "doc_id": s.para.doc_id, "para_id": s.para.para_id, "quote": s.quote,
    } for s, themes in merged.values()]
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.sort_values(["country_or_region", "published", "title_ja", "strategy_id"],
                          ignore_index=True)


def _precision(date: dates.ParsedDate | None) -> int:
    return _PRECISION[date.precision] if date else 0
