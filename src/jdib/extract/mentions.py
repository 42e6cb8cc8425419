"""Finding the things tables are about inside a sentence: dates, series, people, places.

These readers are shared by the events, programs and outcomes tables. Each takes
plain text and returns what it found with offsets, so callers can tell what
stands near what.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from jdib.ingest import dates, text as texts, vocab

# Words whose date is the previous date in the same text, not the document's.
_ANCHORED = re.compile(r"^(?:同|前|翌|当)(?:日|月|年)")
_ORDINAL = re.compile(r"第(\d+|[一二三四五六七八九十]+)回目?")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
# 初会合, 初めての会合, 初の会合 right after a series name: its first meeting.
_FIRST_AFTER = re.compile(r"\)?(?:\([^()]{0,40}\))?[」』]?\s?(?:の|が|は)?\s?"
                          r"(?:初(?:会合|会議|協議|開催|めての(?:会合|会議|協議)|の(?:会合|会議|協議))"
                          r"|第(?P<n>\d+|[一二三四五六七八九十]+)回目?(?:会合|会議|協議)?)")
_FIRST_BEFORE = re.compile(r"(?:初|初めて)(?:の|となる|めての)?[「『]?\s?$")
_NAME_CHARS = r"[\u4E00-\u9FFF\u30A0-\u30FF・ー]"


@dataclass(frozen=True)
class SeriesMention:
    """A meeting series named in a text."""

    series: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Participant:
    """A named official: name, title as printed, and side (``JP`` or ``US``)."""

    name: str
    title: str
    side: str

    def label(self) -> str:
        """``青柳肇 防衛装備庁長官 (JP)``."""
        return f"{self.name} {self.title} ({self.side})"

    def label_en(self) -> str:
        """``Aoyagi Hajime, Commissioner of ATLA (JP)``, from the glossary.

        A name the glossary lacks is romanised and marked so; a title it lacks is put
        together from its organisation and rank.
        """
        name = vocab.english_name(self.name)
        return f"{name}, {translate_title(self.title)} ({self.side})"


def translate_title(title: str) -> str:
    """English for an official's title: the glossary's, else rank plus organisation.

    Example:
        >>> translate_title("防衛装備庁局長")
        'Director-General, Acquisition, Technology & Logistics Agency (ATLA)'
    """
    if title.isascii():  # an English document's own words
        return title
    known = vocab.translate(title, default="")
    if known:
        return known
    titles = vocab.load("titles")
    for rank in sorted(titles["ranks"], key=len, reverse=True):
        head, sep, _ = title.partition(rank)
        if sep:
            rank_en = vocab.translate(rank)
            return f"{rank_en}, {vocab.translate(head)}" if head else rank_en
    return vocab.romanize(title)


def dated(text: str, ref: dt.date | None) -> list[dates.ParsedDate]:
    """Dates in a text, with 同日/前日/同月... resolved against the date before them.

    A relative date with no earlier date in the text falls back to ``ref``
    (the document's date), as the dates module does.

    Args:
        text: A sentence or paragraph.
        ref: The document's publication date, or None.

    Returns:
        The dates in order.

    Example:
        >>> [d.iso() for d in dated("2016年6月に締結し、同月の会談で", None)]
        ['2016-06', '2016-06']
    """
    found = dates.find_dates(text, ref=ref)
    if ref is None:
        # Without a document date the dates module skips 同月 and the like; find
        # them here so they can still take the date before them.
        for m in re.finditer(r"(?:同|前|翌|当)(?:日|月|年)(?:\s?\d{1,2}\s?月)?(?:\s?\d{1,2}\s?日)?", text):
            if not any(d.start <= m.start() < d.end for d in found):
                found.append(dates.ParsedDate(dt.date(1, 1, 1), "day", m.group(0),
                                              m.start(), m.end(), True))
        found.sort(key=lambda d: d.start)
    out: list[dates.ParsedDate] = []
    for d in found:
        if out and (re.search(r"[(（](?:日本時間|現地時間)\s?$", text[:d.start])
                    or re.match(r",?\s*(?:Japan|Tokyo|local|Washington|Eastern) time", text[d.end:])):
            continue  # 10日(日本時間11日), on February 8, Japan time: the same moment in another time zone
        if _ANCHORED.match(d.text):
            prev = out[-1] if out else None
            # 同日 needs a day before it, 同月 a month, 同年 (同年12月5日) only a year.
            unit = _ANCHORED.match(d.text).group()[-1]
            needs = {"日": ("day",), "月": ("day", "month")}.get(unit)
            if prev is not None and (needs is None or prev.precision in needs):
                again = dates.parse_date(d.text, ref=prev.value)
                if again:
                    # 同月 after 2024年 says no more than 2024; 同年12月 names its month.
                    own = d.text.endswith("日") or bool(re.search(r"\d", d.text))
                    d = dates.ParsedDate(again.value, again.precision if own
                                         else _coarser(again.precision, prev.precision),
                                         d.text, d.start, d.end, True)
            elif ref is None:
                continue
        out.append(d)
    return out


def _coarser(a: str, b: str) -> str:
    order = ["day", "month", "year", "fiscal_year"]
    return max(a, b, key=order.index)


@cache
def _series_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    by_alias = {alias: s["id"] for s in vocab.load("series") for alias in s["aliases"]}
    aliases = sorted(by_alias, key=len, reverse=True)
    # An English name is a whole word (the summit, not summitry), in any case (Defense Ministers' Meeting).
    def edge(a: str) -> str:
        body = f"(?i:{re.escape(a)})" if a.isascii() and len(a) > 5 else re.escape(a)
        return ((r"(?<![A-Za-z])" if a[0].isascii() and a[0].isalpha() else "") + body
                + (r"(?![A-Za-z])" if a[-1].isascii() and a[-1].isalpha() else ""))
    return re.compile("|".join(edge(a) for a in aliases)), by_alias


@cache
def _by_lower() -> dict[str, str]:
    return {alias.lower(): s["id"] for s in vocab.load("series") for alias in s["aliases"]}


def find_series(text: str) -> list[SeriesMention]:
    """Every mention of a known meeting series, longest alias first.

    Example:
        >>> [m.series for m in find_series("第4回日米防衛産業協力・取得・維持整備定期協議(DICAS)")]
        ['DICAS', 'DICAS']
    """
    pattern, by_alias = _series_pattern()
    return [SeriesMention(by_alias.get(m.group(0)) or _by_lower()[m.group(0).lower()], m.start(), m.end(), m.group(0))
            for m in pattern.finditer(text)]


def ordinal_number(numeral: str) -> int:
    """``4`` -> 4, ``二`` -> 2, ``十二`` -> 12, ``二十`` -> 20.

    Example:
        >>> [ordinal_number(n) for n in ("3", "三", "十", "十一", "二十一")]
        [3, 3, 10, 11, 21]
    """
    if numeral.isdigit():
        return int(numeral)
    tens, _, ones = numeral.rpartition("十")
    if "十" not in numeral:
        return _KANJI_DIGITS[numeral[-1]]
    return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)


def english_ordinal(word: str) -> int | None:
    """``second`` -> 2, ``4th`` -> 4, ``inaugural`` -> 1; None for any other word."""
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", word):
        return int(word[:-2])
    return vocab.load("event_words")["en"]["ordinals"].get(word.lower())


# the second U.S.-Japan Forum…, the fourth meeting of the …, the 10th SCCM
_EN_ORDINAL_BEFORE = re.compile(r"(?P<w>[A-Za-z]+|\d+(?:st|nd|rd|th))\s+(?:meeting\s+of\s+the\s+|session\s+of\s+the\s+)?"
                                r"(?:(?:U\.S\.|[A-Z][A-Za-z.]*)[-–](?:[A-Z][A-Za-z.]*)\s+|[A-Z][A-Za-z.]*\s+){0,2}$")


def ordinal_before(text: str, pos: int, floor: int = 0) -> int | None:
    """The number of a ``第N回`` (``第二回``, ``第1回目``) standing just before ``pos``
    (within 3 characters, allowing an opening quote), not earlier than ``floor``;
    1 for ``初の``; in English, ``the second`` or ``the 10th`` before the name."""
    english = _EN_ORDINAL_BEFORE.search(text[max(floor, pos - 60):pos])
    if english and english_ordinal(english.group("w")):
        return english_ordinal(english.group("w"))
    best = None
    for m in _ORDINAL.finditer(text, floor, pos):
        if pos - m.end() <= 3 and re.fullmatch(r"の?[「『(]?\s*", text[m.end():pos]):
            best = ordinal_number(m.group(1))
    if best is None and _FIRST_BEFORE.search(text[max(floor, pos - 6):pos]):
        best = 1
    return best


def ordinal_after(text: str, pos: int) -> int | None:
    """The ordinal a series name is followed by: ``(DICAS)の初会合`` -> 1,
    ``DICASの第二回会合`` -> 2; None when there is none."""
    m = _FIRST_AFTER.match(text, pos)
    if not m:
        return None
    return ordinal_number(m.group("n")) if m.group("n") else 1


@cache
def _participant_pattern() -> re.Pattern[str]:
    titles = vocab.load("titles")
    orgs = "|".join(re.escape(o) for o in sorted(titles["organisations"], key=len, reverse=True))
    ranks = "|".join(re.escape(r) for r in titles["ranks"])
    return re.compile(
        rf"(?:(?<=[、とはもが:\s(「])|(?<=及び)|(?<=および)|(?<=並びに)|^)(?P<name>{_NAME_CHARS}{{1,12}}?)"
        rf"(?P<title>(?:{orgs})?(?:{ranks})(?:\([^()]*\))?)(?=[はとがの、\s:)]|から|ほか|及び|および|並びに|$)"
    )


def find_participants(text: str) -> list[Participant]:
    """Officials named as ``<name><organisation><rank>`` in a text.

    The side is ``US`` when the title starts with 米 or the text introduces the
    person as the US side (``米国側:``, ``米国からは``).

    Example:
        >>> [p.label() for p in find_participants("青柳肇防衛装備庁長官とマイケル・ダフィー米戦争次官(取得・維持整備担当)は")]
        ['青柳肇 防衛装備庁長官 (JP)', 'マイケル・ダフィー 米戦争次官(取得・維持整備担当) (US)']
    """
    orgs = set(vocab.load("titles")["organisations"])
    out: list[Participant] = []
    for m in _participant_pattern().finditer(text):
        name, title = m.group("name"), m.group("title")
        if name in orgs or name.endswith(("庁", "省", "局", "国", "側", "両")):
            continue
        lead = text[max(0, m.start() - 8):m.start()]
        us = title.startswith("米") or bool(re.search(r"米国?(?:側:|からは|側)", lead))
        out.append(Participant(name, title, "US" if us else "JP"))
    return out


@cache
def _english_participant() -> re.Pattern[str]:
    titles = vocab.load("parties")["participant_titles_en"]
    alternation = "|".join(re.escape(w) for w in sorted(titles, key=len, reverse=True))
    name = r"[A-Z][A-Za-z'’-]+(?:\s[A-Z]\.)?(?:\s(?:[A-Z][A-Za-z'’-]+|[A-Z]{2,}))+"
    return re.compile(rf"(?P<title>(?:(?:Japanese|U\.S\.|American|Australian|British|Philippine)\s)?(?:{alternation}))"
                      rf"(?:\s(?:for|of)\s[A-Z][A-Za-z,&\s]+?)?\s(?:Dr\.\s|Mr\.\s|Ms\.\s|the Honorable\s)?(?P<name>{name})")


@cache
def _japanese_of() -> dict[str, str]:
    """An English name to the glossary's Japanese spelling: one person in both languages."""
    out: dict[str, str] = {}
    for ja, en in sorted(vocab.glossary().items(), key=lambda kv: len(kv[0])):
        if en and en.isascii() and not ja.isascii():
            words = en.split()
            for key in {en, " ".join(words[::-1])} if len(words) >= 2 else ():
                out[key.lower()] = ja
    return out


def find_participants_en(text: str) -> list[Participant]:
    """Officials named as an English document names them, title first:
    ``Secretary of War Pete Hegseth``, ``Japanese Minister of Defense Koizumi Shinjiro``.

    A person the glossary knows is named in its Japanese spelling, so the same
    person read from a Japanese and an English report is one participant.

    Example:
        >>> [p.label() for p in find_participants_en("Secretary of War Pete Hegseth hosted Japanese Minister of Defense Koizumi Shinjiro")]
        ['ピート・ヘグセス Secretary of War (US)', '小泉進次郎 Japanese Minister of Defense (JP)']
    """
    from jdib.extract.parties import find_cues, strongest  # parties read the same vocabularies

    out = []
    for m in _english_participant().finditer(text):
        name = m.group("name")
        codes, _ = strongest(find_cues(m.group(0)))
        side = codes[0] if len(codes) == 1 else ""
        out.append(Participant(_japanese_of().get(name.lower(), name), m.group("title"), side))
    return out


def merge_participants(people: list[Participant]) -> list[Participant]:
    """One entry per person: 青柳 and 青柳肇 on the same side are one, the fuller kept."""
    kept: list[Participant] = []
    for p in people:
        for i, q in enumerate(kept):
            if p.side == q.side and (p.name.startswith(q.name) or q.name.startswith(p.name)
                                     or p.name.endswith(q.name) or q.name.endswith(p.name)):
                kept[i] = Participant(max(p.name, q.name, key=len), max(p.title, q.title, key=len), p.side)
                break
        else:
            kept.append(p)
    return kept


_VENUE = re.compile(rf"(?P<venue>{_NAME_CHARS}[\u4E00-\u9FFF\u30A0-\u30FF・ー()A-Za-z]{{1,20}}?)"
                    r"(?:において|にて|で(?:(?:会合|会談|協議|初会合)を)?(?:開[いかきく]|行[わっい]|実施|開催)"
                    # 防衛省に迎え, ホワイトハウスを訪れ: the host's place
                    r"|に迎え|を訪れ|を訪問し|を訪問した)")


# at the Pentagon, in Honolulu, Hawaii, at the Defense Ministry in Tokyo
_VENUE_EN = re.compile(r"(?<![A-Za-z])(?:at|in)\s(?P<venue>(?:the\s)?[A-Z][A-Za-z.'’-]*(?:\s(?:of\s)?[A-Z][A-Za-z.'’-]*)*"
                       r"(?:,\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=[\s,.;]|$))?)")
_NOT_VENUE_EN = re.compile(r"^(?:the\s)?(?:January|February|March|April|May|June|July|August|September|October|"
                           r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                           r"Indo-Pacific|Japan-U\.S\.|U\.S\.-Japan|Alliance|DICAS)\b")


_DATELINE = re.compile(r"^[【\[](?P<city>[^\s【】\[\]]{1,10}?)(?:共同|時事|ロイター|AFP|発)[】\]]")


def dateline_place(text: str) -> str:
    """The city a wire story is filed from (``【ワシントン共同】``), when the glossary knows it as a place."""
    m = _DATELINE.match(text)
    return m.group("city") if m and vocab.translate(m.group("city"), default="") else ""


def find_venue(text: str) -> str:
    """Where a meeting took place, as printed (``米戦争省``, ``舞鶴市``, ``オンライン``, ``the Pentagon``)."""
    if re.search(r"オンライン|\(VTC\)|テレビ会議|(?<![A-Za-z])(?:virtually|videoconference|online)(?![A-Za-z])", text):
        return "オンライン"
    if texts.language(text) == "en":
        for m in _VENUE_EN.finditer(text):
            venue = m.group("venue").rstrip(".,")
            if not _NOT_VENUE_EN.match(venue) and not find_series(venue):
                return venue
        return ""
    for m in _VENUE.finditer(text):
        venue = m.group("venue")
        if find_series(venue) or venue.startswith(("本", "同", "この", "両")) or "会談" in venue or "協議" in venue:
            continue
        return venue
    return ""
