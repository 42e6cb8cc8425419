"""Events read by what they are: a trigger of a kind, and the frame of its clause.

An event is an action with its actors (who did what to whom, when). It is found
by the kind of action, whatever the thing acted on is called: a contract is
awarded, a sale approved, an agreement signed, a body set up, whether or not the
programme or series it concerns is one jdib has seen before. The kinds and their
trigger words are data (``event_kinds.yaml``); this module states the idea:

- a **trigger** is a phrase that is a kind of event by itself (``閣議決定``,
  ``possible Foreign Military Sale``), or an act with an object of the kind near
  it (``契約…を締結``, ``signed … a contract``);
- triggers told in one breath are one event, of the most specific kind among them
  (``移転を決定`` is a transfer decided);
- its **frame** is filled from its clause: the date that modifies it (the date
  before it in Japanese, the nearest in English; ``同日`` or ``the same day`` take
  the date before; a present-perfect release or ``本日`` the document's), its
  status (held, planned, sought), its parties and participants, the programme
  it concerns and the figure it carries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from jdib.ingest import dates, text as texts, vocab
from jdib.extract.mentions import find_series

#: Characters of a Japanese noun phrase (a name of an agreement, a body, a contract).
_NOUN = r"[\u4E00-\u9FFF\u30A0-\u30FFA-Za-z0-9・ー\-－]"
# How far an act may stand from its object: Japanese puts the object right before
# the verb (LOAに署名, 協定を締結); English puts it after, or before in the passive.
_REACH = {"ja": 44, "en": 70}
# Triggers closer than this are one event told in one breath (輸出を決定, awarded … delivery).
_BREATH = {"ja": 10, "en": 30}


@dataclass(frozen=True)
class Trigger:
    """One trigger of a kind of event found in a sentence."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Frame:
    """One event a sentence tells: its kind, trigger, and the frame of its clause.

    ``date`` is None when the clause gives none; ``status`` is ``held``, ``planned``
    or ``sought``; ``clause`` is the stretch of the sentence the roles were read from.
    """

    kind: str
    trigger: Trigger
    date: dates.ParsedDate | None
    status: str
    clause: tuple[int, int]


@cache
def kinds() -> dict[str, dict]:
    """The event kinds of ``event_kinds.yaml``, most specific first."""
    found = vocab.load("event_kinds")["kinds"]
    return dict(sorted(found.items(), key=lambda kv: kv[1]["rank"]))


def _words(words, lang: str) -> str:
    """An alternation of words, whole words in English (and capitalised, as a sentence opens)."""
    if lang == "en":
        words = {*words, *(w[0].upper() + w[1:] for w in words if w[:1].islower())}
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])" if lang == "en" else f"(?:{body})"


@cache
def _patterns(lang: str) -> dict[str, tuple]:
    """Each kind's (phrases, acts, objects) patterns in one language."""
    out = {}
    for kind, info in kinds().items():
        words = info.get(lang) or {}
        out[kind] = tuple(re.compile(_words(words[key], lang)) if words.get(key) else None
                          for key in ("phrases", "acts", "objects"))
    return out


@cache
def _status_words(lang: str) -> dict[str, re.Pattern[str]]:
    info = vocab.load("event_kinds")
    out = {mode: re.compile(_words(words[lang], lang)) for mode, words in info["status"].items()}
    out["speech"] = re.compile(_words(info["speech"][lang], lang))
    return out


# A word inside a name or title is not the thing it names (維持整備担当, 整備計画, 契約課).
_NAME_TAIL = re.compile(r"担当|課|部|局|庁|室|計画|基盤|能力|体制|制度|官")


# An agreement on the transfer of equipment: the words of a kind naming what another is about.
_TOPIC_OF_A_NAME = re.compile(r"(?:[Aa]greement|[Pp]act|[Aa]ccord|[Aa]rrangement|[Tt]reaty|[Dd]eal|[Mm]emorandum)"
                              r"\s(?:on|concerning|regarding|for|covering)\s(?:the\s)?$")


def find_triggers(sentence: str, lang: str | None = None) -> list[Trigger]:
    """Every trigger of every kind in a sentence, in text order.

    Example:
        >>> [t.kind for t in find_triggers("防衛省は三菱重工業と契約を結んだ")]
        ['contract']
        >>> [t.kind for t in find_triggers("協定に署名した")]
        ['agreement']
        >>> find_triggers("契約の内容を説明した")
        []
    """
    lang = lang or texts.language(sentence) or "ja"
    reach = _REACH[lang]
    out: list[Trigger] = []
    # A series' name is a name (日米防衛産業協力・取得・維持整備定期協議): its words are not triggers.
    names = [(m.start, m.end) for m in find_series(sentence)]
    free = lambda m: not any(a <= m.start() < b for a, b in names)  # noqa: E731
    for kind, (phrases, acts, objects) in _patterns(lang).items():
        topic = None
        if lang == "ja" and objects:
            topic = next((o for o in objects.finditer(sentence, 0, 48)
                          if re.match(r"[)」』]?(?:\([^()]{0,20}\))?は", sentence[o.end():])), None)
        if phrases:
            out += [Trigger(kind, m.start(), m.end(), m.group()) for m in phrases.finditer(sentence)
                    if free(m) and not _TOPIC_OF_A_NAME.search(sentence[max(0, m.start() - 40):m.start()])]
        if acts and objects:
            for m in acts.finditer(sentence):
                lo, hi = max(0, m.start() - reach), m.end() + (reach if lang == "en" else 0)
                near = [o for o in objects.finditer(sentence, lo, min(hi, len(sentence)))
                        if (o.end() <= m.start() or o.start() >= m.end()) and free(o)
                        and not (lang == "ja" and _NAME_TAIL.match(sentence, o.end()))]
                if lang == "ja":
                    # The object comes before its verb, joined by a particle and perhaps a date or
                    # a place (LOAに署名した, 協定は、12日に発効した), never across another clause's verb.
                    near = [o for o in near if o.end() <= m.start() and re.fullmatch(
                        r"[)」』]?(?:[「『][^」』]{1,30}[」』])?(?:を|に|が|は|の|へ|も)?[^。、]{0,12}?(?:、[^。、]{0,24})?",
                        sentence[o.end():m.start()])
                        and not re.search(r"(?:した|され|して|する)", sentence[o.end():m.start()])]
                if not near and lang == "ja" and topic:
                    near = [topic]  # 本協定は、…に署名され、…国会の承認を得た: the topic is every act's object
                if near and free(m):
                    # The act is where the event is told; its object only says of what kind.
                    # (signed in January … and approved in April: two events, one object.)
                    o = min(near, key=lambda o: abs(o.start() - m.start()))
                    text = sentence[o.start():m.end()] if lang == "ja" and o.end() <= m.start() else m.group()
                    out.append(Trigger(kind, m.start(), m.end(), text))
    return _one_per_breath(sorted(out, key=lambda t: (t.start, -t.end)), lang, sentence)


def _one_per_breath(found: list[Trigger], lang: str, sentence: str) -> list[Trigger]:
    """Triggers that overlap or stand within a breath of each other are one event, of the
    most specific kind among them; a clause break between them (signed in July last year,
    entered into force on Thursday) makes two."""
    rank = {k: i["rank"] for k, i in kinds().items()}
    groups: list[list[Trigger]] = []
    for t in found:
        # A meeting is its own event: an agreement or a sale it discusses does not make it one.
        apart = t.kind == "meeting" or (groups and all(g.kind == "meeting" for g in groups[-1]))
        gap = sentence[max(g.end for g in groups[-1]):t.start] if groups else ""
        if groups and not apart and t.start - max(g.end for g in groups[-1]) <= _BREATH[lang] \
                and not (lang == "en" and "," in gap):
            groups[-1].append(t)
        else:
            groups.append([t])
    out = []
    for g in groups:
        best = min(g, key=lambda t: (rank[t.kind], -(t.end - t.start)))
        start, end = min(t.start for t in g), max(t.end for t in g)
        out.append(Trigger(best.kind, start, end, best.text))
    return out


def read_mode(sentence: str, trigger: Trigger, lang: str) -> str:
    """Held, planned or sought, from the words of the trigger's clause and its verb's tense.

    Japanese tells the mode after the verb (``署名する予定``, ``会談を求めた``); English
    before it (``will sign``, ``is seeking to hold talks``).

    Example:
        >>> s = "The minister said he is seeking to hold talks with his counterpart."
        >>> read_mode(s, find_triggers(s)[0], "en")
        'sought'
        >>> s = "防衛省は契約を結ぶ方針だ"
        >>> read_mode(s, find_triggers(s)[0], "ja")
        'planned'
    """
    words = _status_words(lang)
    if lang == "ja":
        after = re.split(r"[。]", sentence[trigger.end:])[0][:24]
        clause = trigger.text + after
        # A verb joined to the next clause (署名し、) says it happened; a plain present
        # (署名する。) or a headline's へ that it is to come.
        head = re.match(r"[^、。]{0,14}", after).group()
        # A stem's own ending tells the tense: 結ぶ, 署名する are still to come; 結んだ, 署名し、 happened.
        ending = re.match(r"(?:を|に|が)?([ぁ-ゖ]{0,4})", after).group(1)
        rest = re.split(r"[、。]", after)[0]
        # …を引き渡す式典を行った: a plain verb before a noun tells the noun, whose verb is past.
        relative = re.match(r"(?:する|[うくぐすつぬぶむる])[\u4E00-\u9FFF\u30A0-\u30FF]", after) and \
            re.search(r"(?:た|だ)$|され$|した$", rest) and not words["planned"].search(rest)
        if re.fullmatch(r"(?:する|します|[うくぐすつぬぶむる]|られる|れる)", ending) and not relative and not re.match(
                r"(?:する|[うくぐすつぬぶむる])(?:こと(?:と|に)(?:した|なった)|とした)", after):
            return "sought" if words["sought"].search(clause[:len(trigger.text) + 16]) else "planned"
        if words["sought"].search(clause[:len(trigger.text) + 16]):
            return "sought"
        if words["planned"].search(head) or re.match(r"(?:を|に|が)?(?:する|します|へ$|へ[　\s])", after) \
                or re.match(r"(?:する|します|へ)$", after.strip()):
            return "planned"
        return "held"
    before = sentence[max(0, trigger.start - 60):trigger.start]
    lead = re.split(r"[.;:]|,\s(?:and|but)\s", before)[-1]
    if words["sought"].search(lead):
        return "sought"
    if words["planned"].search(lead) or re.search(r"(?<![A-Za-z])to\s(?:\w+\s)?$", lead) and not re.search(
            r"(?<![A-Za-z])(?:agreed|decided|approved|moved|began|started|voted)\s(?:\w+\s)?to\s(?:\w+\s)?$", lead):
        return "planned"
    return "held"


def sought(clause: str, lang: str) -> bool:
    """Whether a clause seeks, hopes for or proposes what it tells (会談を求めた, is seeking talks)."""
    return bool(_status_words(lang)["sought"].search(clause))


# A reaction to an event (発効を歓迎した, welcomed the signing) tells of one that happened
# before: it is dated by a date of its own, never by the reaction's.
_REACTION = re.compile(r"^[)」』]?(?:に至った|された|した)?(?:こと)?(?:を|について)(?:歓迎|評価|確認|祝|称賛|賞賛|期待|高く評価)")


def _reacted_to(sentence: str, trigger: Trigger, found: list, lang: str) -> bool:
    if lang != "ja" or not _REACTION.match(sentence[trigger.end:]):
        return False
    return not any(0 <= trigger.start - d.end <= 3 for d in found)  # 1日の発効を歓迎: its own date


def negated(sentence: str, trigger: Trigger, lang: str) -> bool:
    """Whether the clause says the event did not happen (署名しなかった, was not signed)."""
    words = _status_words(lang)["negated"]
    if lang == "ja":
        return bool(words.search(sentence[trigger.end:trigger.end + 10]))
    # …does not mean a contract has been signed: within the trigger's clause.
    clause = re.split(r"[,;:]", sentence[max(0, trigger.start - 40):trigger.start])[-1]
    return bool(words.search(clause))


def clause_date(found: list[dates.ParsedDate], sentence: str, trigger: Trigger,
                lang: str) -> dates.ParsedDate | None:
    """The date of a trigger's clause among the sentence's dates.

    Japanese puts the date before what happened (``18日、…契約を結んだ``): the last date
    before the trigger. English puts it before or after (``On Jan. 18, Japan signed``,
    ``signed … on Thursday``): the nearest, a date before the trigger preferred when it
    is in the same clause.
    """
    # 2022年版防衛白書: an edition's year names the book, it does not date the event.
    found = [d for d in found if not sentence[d.end:d.end + 1] == "版"]
    inside = [d for d in found if trigger.start <= d.start and d.end <= trigger.end]
    if inside:  # launched on Thursday a new agency: the date stands inside the trigger
        return inside[0]
    before = [d for d in found if d.end <= trigger.start]
    if lang == "ja":
        if before:
            return before[-1]
        # 署名式は18日に行われた: the date right after the trigger, in its clause.
        after = [d for d in found if d.start >= trigger.end and "、" not in sentence[trigger.end:d.start]
                 and d.start - trigger.end <= 12]
        return after[0] if after else None
    after = [d for d in found if d.start >= trigger.end]
    near_before = before[-1] if before and not re.search(r"[;:]", sentence[before[-1].end:trigger.start]) else None
    near_after = after[0] if after and not re.search(r"[;:]", sentence[trigger.end:after[0].start]) else None
    if near_before and (offset := _OFFSET.search(sentence[near_before.end:trigger.start])):
        return _offset(near_before, offset)
    if near_before and near_after:
        # The agreement, signed in July last year, entered into force on Thursday: a date a
        # comma sets off before the trigger belongs to another clause than one right after it.
        if "," in sentence[near_before.end:trigger.start] and "," not in sentence[trigger.end:near_after.start]:
            return near_after
        return min((near_before, near_after), key=lambda d: min(abs(d.end - trigger.start), abs(d.start - trigger.end)))
    return near_before or near_after


# met on Tuesday, two days before the agreement took effect: the event N days from the date.
_OFFSET = re.compile(r"(?<![A-Za-z])(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s(?P<unit>days?|weeks?)\s"
                     r"(?P<dir>before|after)(?![A-Za-z])")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "三": 3, "四": 4, "五": 5}


def number(word: str) -> int:
    """A small count as a text writes it: ``two``, ``三``, ``3``."""
    return _NUMBER_WORDS.get(word.lower()) or int(word)


def _offset(d: dates.ParsedDate, m: re.Match) -> dates.ParsedDate:
    """The day of the event an offset names: N days after the date for "before", before it for "after"."""
    if d.precision != "day":
        return d
    n = number(m["n"])
    days = n * (7 if m["unit"].startswith("week") else 1) * (1 if m["dir"] == "before" else -1)
    return dates.ParsedDate(d.value + dt.timedelta(days=days), "day", d.text, d.start, d.end, True)


#: An English verb in the present perfect or a Japanese 本日: what a release tells of its own day.
_TODAY = re.compile(r"(?<![A-Za-z])(?:has|have)\s(?:\w+\s)?(?:been\s)?(?:made|approved|signed|awarded|delivered|"
                    r"concluded|established|launched|published|released|selected|decided|completed|formed|set up|"
                    r"created|cleared|won)(?![A-Za-z])|本日")


def _today(sentence: str) -> bool:
    """Whether a sentence tells what happened on the document's own day (has approved, 本日),
    not what has been the case so far (the first of its kind Japan has signed since 1960)."""
    m = _TODAY.search(sentence)
    return bool(m) and not re.match(r"\s(?:since|before|so far|to date|in (?:the past|recent years))(?![A-Za-z])",
                                    sentence[m.end():]) \
        and not re.search(r"(?<![A-Za-z])(?:first|only|ever)(?![A-Za-z])[^.;]*$", sentence[:m.start()])


# Where an English clause's arguments end: a clause that says why or what else (…, as the
# two nations look to counter China; …, which…; …, while…).
_EN_CLAUSE_END = re.compile(r",\s(?:as|while|which|who|amid|after|before|following|despite|where|when)\s|;\s|\s—\s"
                            r"|,\s(?:and|but)\s|\s(?:following|amid|in the wake of|in response to|over|regarding|"
                            r"concerning|after)\s")
_EN_CLAUSE_START = re.compile(r";\s|,\s(?:and|but|while|as)\s|\s—\s")


def arguments(sentence: str, trigger: Trigger, lang: str) -> str:
    """The stretch of a sentence that holds a trigger's actors: its subject and objects,
    without the clauses that say why (``…, as the two nations look to counter China``).

    Example:
        >>> s = "Japan and Vietnam signed an agreement on Saturday, as the two look to counter China."
        >>> arguments(s, find_triggers(s)[0], "en")
        'Japan and Vietnam signed an agreement on Saturday'
    """
    if lang == "ja":
        # 中国を念頭に、日比は…協定に署名した: a clause ending in 念頭に or 対抗し says why.
        lead = sentence[:trigger.start]
        cut = max((m.end() for m in re.finditer(r"(?:念頭に|背景に|対抗し|受け|踏まえ)[、,]", lead)), default=0)
        return sentence[cut:trigger.end + 12]
    starts = [m.end() for m in _EN_CLAUSE_START.finditer(sentence, 0, trigger.start)]
    end = _EN_CLAUSE_END.search(sentence, trigger.end)
    return sentence[max(starts, default=0):end.start() if end else len(sentence)]


def frames(sentence: str, found: list[dates.ParsedDate], published=None, lang: str | None = None) -> list[Frame]:
    """The events a sentence tells, one :class:`Frame` each.

    Args:
        sentence: One sentence.
        found: Its dates (``同日`` already resolved), as :func:`jdib.extract.mentions.dated` gives them.
        published: The document's date: a release's present perfect (``has approved``)
            and ``本日`` tell of that day.
        lang: ``ja`` or ``en`` (read from the sentence when None).

    Example:
        >>> import datetime as dt
        >>> s = "防衛省は18日、米政府とトマホークのLOAに署名した。"
        >>> f = frames(s, dates.find_dates(s, ref=dt.date(2024, 1, 19)))[0]
        >>> f.kind, f.date.iso(), f.status
        ('contract', '2024-01-18', 'held')
    """
    lang = lang or texts.language(sentence) or "ja"
    out = []
    triggers = find_triggers(sentence, lang)
    for i, t in enumerate(triggers):
        if negated(sentence, t, lang) or _reacted_to(sentence, t, found, lang):
            continue
        date = clause_date(found, sentence, t, lang)
        if date is None and published is not None and _today(sentence):
            date = dates.ParsedDate(published, "day", "", 0, 0, True)
        start = triggers[i - 1].end if i else 0
        end = triggers[i + 1].start if i + 1 < len(triggers) else len(sentence)
        out.append(Frame(t.kind, t, date, read_mode(sentence, t, lang), (start, end)))
    return out
