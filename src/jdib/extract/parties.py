"""Which countries take part in a meeting: read from the words that name them.

A meeting's parties are told in several ways, from strongest to weakest:

1. **named with the meeting**: the country word fused to its name (``日豪防衛相会談``,
   ``日米首脳会談``, ``the U.S.-Japan Defense Ministers' Meeting``);
2. **officials**: a title with its country (``豪国防相``, ``米国防長官``, ``オーストラリアの
   国防相``, ``Australian Deputy Prime Minister``), a person the glossary knows
   (``マールズ``), an agency (``国防総省``, ``the Pentagon``), or a Japanese title with no
   country before it, which is Japan's own (``小泉防衛大臣``, ``首相``);
3. **country words**: ``日米``, ``日米豪比`` anywhere in the text;
4. **country names**: ``オーストラリア``, ``Australia`` (CLDR's names, through Babel).

A text's parties are those of its strongest kind of cue; a country named only in
passing (``中国の軍事活動``) is not a party when officials are named. Each cue
says which kind it is (``basis``), so a row can say why it has its parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from jdib.ingest import vocab

BASES = ("named", "official", "country word", "country name", "company")
_NAME_CHARS = "\u4E00-\u9FFF\u30A0-\u30FF・ー"
_NOT_COUNTRIES = ("インド太平洋", "インド洋", "Indo-Pacific", "South China Sea", "East China Sea", "中南米", "南米", "北米", "中米", "中東", "中国地方")
# Babel's English names that are also ordinary words or people's names.
_AMBIGUOUS_EN = {"Chad", "Jordan", "Georgia", "Jersey", "Guernsey", "Man", "Niger", "Turkey", "Mali", "Oman",
                 "Guinea", "Dominica", "Micronesia", "World", "Europe"}


@dataclass(frozen=True)
class Cue:
    """One country named in a text, and how."""

    code: str
    start: int
    end: int
    text: str
    basis: str


@cache
def _vocab() -> dict:
    return vocab.load("parties")


@cache
def country_names() -> dict[str, str]:
    """Country names in Japanese and English to ISO 3166 codes, from CLDR and ``countries.yaml``."""
    from babel import Locale  # CLDR's territory names: maintained, in both languages

    names: dict[str, str] = {}
    en = Locale("en").territories
    for lang in ("ja", "en"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha() and name not in _AMBIGUOUS_EN:
                names[name] = code
    by_english = {name: code for code, name in en.items() if len(code) == 2}
    by_english.update({"United States": "US", "United Kingdom": "GB", "South Korea": "KR"})
    for english, aliases in vocab.load("countries").items():
        code = by_english.get(english)
        for alias in aliases if code else ():
            names[alias] = code
    names.update({"U.S.": "US", "America": "US", "Britain": "GB", "Korea": "KR", "UK": "GB"})
    return names


@cache
def _people() -> dict[str, str]:
    """Names of people, places and agencies the glossary gives a country."""
    rows = [r for r in _glossary_rows() if r.get("type") in ("person", "agency")]
    names = {r["ja"]: r["country"] for r in rows}
    for r in rows:  # English spellings too, given name first or last (Shinjiro Koizumi, Koizumi Shinjiro)
        words = r["en"].split()
        if r["type"] == "person" and len(words) == 1 and len(r["en"]) >= 5:
            names[r["en"]] = r["country"]  # a surname the glossary gives alone (Nakatani, Hegseth)
        if r["type"] == "person" and len(words) >= 2 and re.fullmatch("[ァ-ヺー]+", r["ja"]) and len(words[-1]) >= 5:
            names[words[-1]] = r["country"]  # ピストリウス: the surname alone, as stories name a person again
        if r["type"] == "person" and len(words) >= 2:
            names[r["en"]] = names[" ".join(words[::-1])] = r["country"]
    return names


@cache
def _glossary_rows() -> list[dict]:
    import csv
    from importlib import resources

    path = resources.files("jdib.data").joinpath("glossary_people.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("country")]


@cache
def _companies() -> dict[str, str]:
    """Companies by their names in both languages, with their country: the weakest cue,
    read when nothing else names a side (三菱重工業と英BAEシステムズが合弁会社を設立)."""
    rows = [r for r in _glossary_rows() if r.get("type") == "company"]
    return {**{r["ja"]: r["country"] for r in rows}, **{r["en"]: r["country"] for r in rows}}


def _english_names(names) -> str:
    """English names, a middle initial allowed between their words (Donald J. Trump)."""
    return "|".join(r"\s(?:[A-Z]\.\s)?".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    v = _vocab()
    abbr = "".join(v["abbreviations"])
    titles = _alternation(v["titles"])
    ja_names = {n: c for n, c in country_names().items() if re.search(f"[{_NAME_CHARS}]", n)}
    en_names = {n: c for n, c in country_names().items() if n not in ja_names}
    return {
        # 日米, 日米豪比: not after a digit or most kanji (5日米国防総省は, 在日米軍).
        # 日米, 日米豪比: not after a digit or a kanji (5日米国防総省は, 在日米軍), but 第2回日米.
        "run": re.compile(rf"(?<![0-9０-９])(?:(?<=[回初対新全])|(?<![\u4E00-\u9FFF]))[{abbr}]{{2,}}"),
        # 豪国防相 (the abbreviation right before the title), オーストラリアのマールズ国防相.
        "titled": re.compile(rf"(?P<who>[{abbr}])(?P<title>{titles})"
                             rf"|(?<![ァ-ヺー・])(?P<country>{_alternation(ja_names)})"
                             rf"(?:の[{_NAME_CHARS}]{{0,10}}?)?(?P<title2>{titles})"),
        # English names in any case: the Japanese government writes ISHIBA Shigeru.
        "person": re.compile(rf"(?<![A-Za-z])(?:{_alternation(n for n in _people() if not n.isascii())}"
                             rf"|(?i:{_english_names(n for n in _people() if n.isascii())}))(?![A-Za-z])"),
        # 防衛相会談 names a meeting, not an official.
        "home": re.compile(rf"(?:{_alternation(v['home_titles'])})(?!会談|会合|会議|協議|級)"),
        # Not inside a longer katakana word (アルバ in アルバニージー).
        "ja_name": re.compile(rf"(?<![ァ-ヺー・])(?:{_alternation(ja_names)})(?![ァ-ヺー])"),
        "en_name": re.compile(rf"(?<![A-Za-z])(?:{_alternation(en_names)})(?![A-Za-z])"),
        # Prime Minister of Japan, President of the United States.
        "en_titled": re.compile(rf"(?:{_alternation(v['titles_en'])}) of (?:the )?(?P<country>{_alternation(en_names)})"
                                rf"(?![A-Za-z])"),
        "demonym": re.compile(rf"(?<![A-Za-z])(?:{_alternation(v['demonyms'])})(?![A-Za-z])"),
        "agency_en": re.compile(_alternation(v["agencies_en"])),
        "blocked": re.compile(_alternation(_NOT_COUNTRIES)),
        "group": re.compile(rf"(?<![A-Za-z0-9])(?:{_alternation(v['groups'])})(?![A-Za-z0-9])"),
        "joined": re.compile(rf"(?<![0-9０-９\u4E00-\u9FFF])(?P<abbr>[{abbr}])・(?P<name>{_alternation(ja_names)})"),
        "company": re.compile(rf"(?<![A-Za-zァ-ヺー・])(?:{_alternation(_companies())})(?![A-Za-zァ-ヺー])"),
        "en_possessive": re.compile(rf"(?<![A-Za-z])(?P<country>{_alternation(en_names)})['’]s\s(?:new\s|top\s|then[- ])?"
                                    rf"(?i:{_alternation(v['participant_titles_en'])})(?![A-Za-z])"),
        "topic_before_en": re.compile(rf"(?<![A-Za-z])(?:{_alternation(v['topic_before_en'])})\s(?:the\s)?$"),
        "agents_en": frozenset(v["agents_en"]),
        "topic_after_ja": re.compile(rf"^(?:{_alternation(v['topic_after_ja'])})"),
    }


def find_cues(text: str) -> list[Cue]:
    """Every country a text names, with the kind of cue it is (``basis``).

    Example:
        >>> [(c.text, c.code) for c in find_cues("小泉防衛大臣はマールズ豪副首相兼国防相と会談した")]
        [('小泉', 'JP'), ('防衛大臣', 'JP'), ('マールズ', 'AU'), ('豪副首相', 'AU')]
    """
    p, v = _patterns(), _vocab()
    abbr, names = v["abbreviations"], country_names()
    blocked = [(m.start(), m.end()) for m in p["blocked"].finditer(text)]
    free = lambda s, e: not any(b <= s < be or b < e <= be for b, be in blocked)  # noqa: E731
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for m in p["run"].finditer(text):
        cues += [Cue(abbr[ch], m.start() + i, m.start() + i + 1, ch, "country word") for i, ch in enumerate(m.group())]
        taken.append(m.span())
    # 日・フィリピン首脳会談: an abbreviation joined to a country's full name.
    for m in p["joined"].finditer(text):
        cues += [Cue(abbr[m.group("abbr")], m.start(), m.start() + 1, m.group("abbr"), "country word"),
                 Cue(names[m.group("name")], m.start("name"), m.end(), m.group("name"), "country word")]
        taken.append(m.span())
    for m in p["group"].finditer(text):
        cues += [Cue(code, m.start(), m.end(), m.group(), "country word") for code in v["groups"][m.group()]]
        taken.append(m.span())
    # 対米, 対豪: toward one country, in a name (対米武器技術供与取極).
    for m in re.finditer(rf"(?<=対)[{''.join(abbr)}](?=[\u4E00-\u9FFF])", text):
        cues.append(Cue(abbr[m.group()], m.start(), m.end(), m.group(), "country word"))
        taken.append(m.span())
    inside = lambda s: any(a <= s < b for a, b in taken)  # noqa: E731
    for m in p["titled"].finditer(text):
        who = m.group("who") or m.group("country")
        if inside(m.start()) or not free(m.start(), m.start() + len(who)):
            continue
        cues.append(Cue(abbr.get(who) or names[who], m.start(), m.end(), m.group(), "official"))
        taken.append(m.span())
    people = _people()
    lower = {n.lower(): c for n, c in people.items()}
    for m in p["person"].finditer(text):
        name = people.get(m.group()) or lower.get(re.sub(r"\s[A-Z]\.\s", " ", m.group()).lower())
        cues.append(Cue(name, m.start(), m.end(), m.group(), "official"))
    for m in p["home"].finditer(text):
        if inside(m.start()) or _foreign_before(cues, m.start(), text):
            continue
        run = re.search(rf"([{''.join(abbr)}]{{2,}})の?$", text[:m.start()])
        if run:  # 日英伊の防衛相: the ministers of every country of the run
            cues += [Cue(abbr[ch], m.start(), m.end(), run.group(1) + m.group(), "official") for ch in run.group(1)]
            continue
        cues.append(Cue("JP", m.start(), m.end(), m.group(), "official"))
    for m in p["en_titled"].finditer(text):
        cues.append(Cue(names[m.group("country")], m.start(), m.end(), m.group(), "official"))
        taken.append(m.span())
    for m in p["demonym"].finditer(text):
        # U.S. Defense Secretary, Australian Prime Minister: an official; U.S., Japan, South Korea
        # leaders, a list of countries: a country named.
        official = re.match(r"\s[A-Z]", text[m.end():m.end() + 2])
        cues.append(Cue(v["demonyms"][m.group()], m.start(), m.end(), m.group(),
                        "official" if official else "country name"))
    for m in p["agency_en"].finditer(text):
        cues.append(Cue(v["agencies_en"][m.group()], m.start(), m.end(), m.group(), "official"))
    for m in p["company"].finditer(text):
        cues.append(Cue(_companies()[m.group()], m.start(), m.end(), m.group(), "company"))
    for m in p["en_possessive"].finditer(text):  # Japan's defence minister
        if not inside(m.start()):
            cues.append(Cue(names[m.group("country")], m.start(), m.end(), m.group(), "official"))
            taken.append(m.span())
    topic_end = -1
    for pattern in (p["ja_name"], p["en_name"]):
        for m in pattern.finditer(text):
            if inside(m.start()) or not free(*m.span()) or _place(text, m.start(), m.end()):
                continue
            # …discussed China and North Korea: a country joined to a topic is a topic too.
            if _topic(text, m.start(), m.end()) or (
                    topic_end >= 0 and re.fullmatch(r"\s*(?:,|and|or|、|や|と|,\s(?:and|or))\s*", text[topic_end:m.start()])):
                topic_end = m.end()
                continue
            cues.append(Cue(names[m.group()], m.start(), m.end(), m.group(), "country name"))
    return sorted(cues, key=lambda c: (c.start, c.end))


def _topic(text: str, start: int, end: int) -> bool:
    """Whether a country is named as what is talked about (discussed China's activities,
    concerns about North Korea, 中国の海洋進出について), not as one who takes part."""
    p = _patterns()
    if text[start:end].isascii():
        if re.match(r"\s?[-–‐/]\s?[A-Z]", text[end:end + 3]) or re.search(r"[A-Za-z.]\s?[-–‐/]\s?$", text[max(0, start - 3):start]):
            return False  # the Japan-U.S. alliance: a pair of countries names who act together
        if p["topic_before_en"].search(text[max(0, start - 30):start]):
            return True
        # China's activities, but not Japan's Kihara nor Japan's defence minister.
        owner = re.match(r"['’]s\s+([a-z][A-Za-z-]*)", text[end:])
        return bool(owner) and owner.group(1) not in p["agents_en"]
    return bool(p["topic_after_ja"].match(text[end:end + 20]))


# A country named as where something happens (in Laos, ラオスで) is a place, not a party.
# (A thing delivered from Japan comes from a party: "from" is not a place's word.)
_IN_BEFORE = re.compile(r"(?<![A-Za-z])(?:in|at|to|near|off|visiting|visit)\s(?:the\s)?$")
# ラオス・ビエンチャンで, フィリピンの首都マニラにおいて: a country named with its city, as a place.
_IN_AFTER = re.compile(r"^(?:(?:・|の首都|の)[ァ-ヺー]{2,10})?(?:で|において|にて|を訪|に到着|入り|から帰国|から帰)")


def _place(text: str, start: int, end: int) -> bool:
    return bool(_IN_BEFORE.search(text[max(0, start - 12):start]) or _IN_AFTER.match(text[end:end + 18]))


def _foreign_before(cues: list[Cue], at: int, text: str) -> bool:
    """Whether the name just before a Japanese title is a foreign official's (アルバニージー首相)."""
    lead = re.search(rf"[{_NAME_CHARS}]{{0,12}}$", text[:at])
    start = lead.start() if lead else at
    return any(c.code != "JP" and c.end > start - 1 and c.start < at for c in cues)


def strongest(cues: list[Cue]) -> tuple[tuple[str, ...], str]:
    """The parties the strongest kind of cue gives, sorted, and that kind; ``((), "")`` for none."""
    for basis in BASES:
        codes = {c.code for c in cues if c.basis == basis}
        if codes:
            return tuple(sorted(codes)), basis
    return (), ""


def parties_of(text: str) -> tuple[str, ...]:
    """The countries a text says take part, by its strongest cues.

    Example:
        >>> parties_of("日豪防衛相会談で、中国の動向について意見を交わした")
        ('AU', 'JP')
    """
    return strongest(find_cues(text))[0]


def named_with(text: str, start: int, end: int) -> tuple[str, ...]:
    """The countries fused to a meeting's name at ``text[start:end]``: ``日豪`` in ``日豪防衛相会談``.

    Example:
        >>> text = "日米首脳会談に先立ち、日豪首脳会談を開いた"
        >>> named_with(text, 13, 17)
        ('AU', 'JP')
    """
    cues = [c for c in find_cues(text) if c.basis in ("country word", "country name")]
    codes = {c.code for c in cues if start <= c.start < end}
    at = start
    for c in sorted((c for c in cues if c.end <= start), key=lambda c: c.end, reverse=True):
        if not re.fullmatch(r"[・\-–‐ ]?", text[c.end:at]):
            break
        codes.add(c.code)
        at = c.start
    return tuple(sorted(codes))
