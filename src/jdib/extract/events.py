"""The events table: everything that happened, and with whom.

Two readings meet here. Events of every kind (agreements signed, contracts awarded,
sales approved, deliveries, decisions, bodies set up, publications, operations and
meetings named by no series) are read by their triggers, one frame per clause
(:mod:`jdib.extract.frames`). Meetings of a named series are read from the name:
an event is read from a dated stretch of a sentence: the text from a date to the
next date names what happened then (``2026年4月14日、…第4回…(DICAS)を実施した``).
When that stretch names nothing but has an event verb, or the date closes a
headline in parentheses, the series named just before the date is meant
(``第10回安全保障協力協議会合を開催(1月28日)``). Mentions of one event in
several documents are merged into one row that cites them all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from jdib.ingest import dates, text, vocab
from jdib.ingest.corpus import Corpus, Document, Paragraph, parse_catalog_date
from jdib.extract.mentions import (Participant, dated, dateline_place, english_ordinal, find_participants, find_participants_en,
                                   find_series, find_venue, ordinal_after, ordinal_before, ordinal_number)
from jdib.extract.parties import find_cues, named_with, strongest
from jdib.extract import frames as framing
from jdib.extract.programs import find_programs
from jdib.extract.conflicts import Trust, conflicts_frame, resolve
from jdib.extract.sentences import split_sentences

COLUMNS = ["event_id", "date", "date_precision", "end_date", "kind", "status", "series", "program", "ordinal", "name_ja",
           "name_en", "parties", "parties_basis", "participants", "participants_en", "venue", "venue_en", "doc_ids",
           "sources", "languages", "quote", "confirmed", "n_sources"]

STATUSES = ("held", "planned", "announced", "sought")
#: The kinds read by their triggers; a mention of the series engine counts as one of them.
_FRAME_KIND = {"summit": "meeting"}


def _en(key: str) -> str:
    """The English words of ``event_words.yaml`` under ``key``, as a whole-word alternation."""
    words = sorted(vocab.load("event_words")["en"][key], key=len, reverse=True)
    return r"(?<![A-Za-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![A-Za-z])"


# Words saying a meeting is still to come, read in the clause that names it.
_HOLD = r"(?:開催|実施|開[くき]|行う)"
# The polite present (開きます, 開催します) tells of what is to come as the plain one does.
_PLANNED = re.compile(_en("planned") + r"|予定|見通し|方向で調整|調整中|(?:開催|実施|会談|協議)(?:する|します)$|開(?:く|きます)$|行(?:う|います)$|" + _HOLD + r"(?:する)?(?:ことで|ことに|よう)(?:合意|一致|調整|決め)"
                      r"|までに[^、。]{0,12}" + _HOLD + r"|" + _HOLD + r"に向け|" + _HOLD + r"(?:を|について)検討"
                      r"|" + _HOLD + r"する(?:計画|方針)|" + _HOLD + r"へ$|開く(?:方針|計画)|開かれる(?:見通し|予定)")
_ANNOUNCED = re.compile(r"(?:開催|実施|設立|設置)(?:する|される)?(?:こと|旨)?(?:が|を|と)?(?:発表|公表)")
_NEXT = re.compile(r"次回|次の|次期|" + _en("next"))
# Where the clause naming an event ends: the verb that says it happened, and what follows it.
_CLAUSE_VERB = re.compile(_en("event_verb") + r"|開催|実施|開[きかいくけ]|行[わいう]|会談|設立|設置|発表|公表|署名|締結")
_EVENT_VERB = re.compile(_en("event_verb") + r"|開催|実施|会談を行|会談し|会談す|行われ|開かれ|開いた|開き(?!ます)|初会合|設立|設置|新設|発足|締結|署名|発表")
_ESTABLISH = re.compile(_en("establish") + r"|設立|設置|新設|発足")
_MEETING = re.compile(_en("meeting") + r"|会談|会合|会議|協議")
# Decided at a meeting (首脳会談で設置が決まった): the meeting is held, not established.
_AT_MEETING = re.compile(r"(?:会談|会合|会議|協議)?\s?(?:\([^()]*\))?[」』]?\s?(?:で|において|にて|を受け)")
# The meeting's own number told after it: 2回目の会合, 初会合, 初めての会合.
_OWN_ORDINAL = re.compile(r"第?(?P<n>\d+|[一二三四五六七八九十]+)回目?の?(?:全体)?(?:会合|会議|協議)"
                          r"|(?P<first>初(?:会合|めての(?:全体)?会合|の(?:全体)?会合))")
# The meeting's number told as a count of meetings so far.
_COUNT_ORDINAL = re.compile(r"今回で(?P<n>\d+|[一二三四五六七八九十]+)回目|第?(?P<m>\d+|[一二三四五六七八九十]+)回目と(?:なる|なった)")
# A dated meeting named without its verb, before a comma: the sentence's verb comes later.
_SHARES_VERB = re.compile(r"(?:会合|会議|会談|協議)[)」』]?、\s*$")
# A date naming a numbered meeting of the series the sentence is about: (…は)20年1月の第4回会議で.
_NUMBERED = re.compile(r"の第(?:\d+|[一二三四五六七八九十]+)回目?の?(?:全体)?(?:会合|会議|協議)")
_JOINER = re.compile(r"^[)」』]*\s*(?:や|及び|と|、|並びに)\s*[「『]?$")
_AGREEMENT = re.compile(
    r"「(?P<quoted>[^」]{4,120}?(?:取極|取決め|覚書|交換公文|協定))」"
    r"|(?P<bare>[\u4E00-\u9FFF\u30A0-\u30FF・ー]{2,40}?(?:取極|取決め|覚書|交換公文|協定))"
)
_OPERATION = re.compile(
    r"(?P<name>[\u4E00-\u9FFF\u30A0-\u30FF・ー]*「[^」]+」)の(?P<noun>修理|整備|改修|訓練|演習)が"
    r"[^。]*?(?:行われ|実施され)")
# A named ship (艦「ミゲル・キース」, 駆逐艦「ミリウス」) and what is done to it in a yard.
_SHIP = re.compile(r"艦\s?[「『](?P<name>[^」』]{1,30})[」』]")
_SHIP_WORK = re.compile(r"修理|整備|改修|オーバーホール|ROH|工事")
_SHIP_CUE = re.compile(r"着岸|入渠|入港|入り|入った|受け|行われ|実施|最初|皮切り")
_OPERATION_NOUN = {"修理": "修理", "改修": "改修"}
_OPERATION_EN = {"修理": "repair", "整備": "maintenance", "改修": "modification",
                 "訓練": "training", "演習": "exercise"}
_PUBLICATION = re.compile(
    r"(?P<name>[\u4E00-\u9FFF\u30A0-\u30FF・ー]{2,30}?(?:戦略|計画|大綱|白書|ロードマップ))"
    r"\((?P<date>[^()\s]+)\s*[^()]*決定\)")
_REVISION = re.compile(r"(?P<name>[^()、。]{4,40}?(?:改正|改定|創設|導入))\((?P<dates>[^()]+)\)")
_ENACTMENT = re.compile(r"(?P<name>[\u4E00-\u9FFF\u30A0-\u30FF・ー]{2,30}?法)を施行")


@dataclass
class Mention:
    """One event as one paragraph states it."""

    date: dates.ParsedDate
    kind: str
    series: str
    name_ja: str
    doc: Document
    para: Paragraph
    quote: str
    ordinal: int | None = None
    participants: list[Participant] = field(default_factory=list)
    venue: str = ""
    status: str = "held"
    named: tuple[str, ...] = ()  # countries fused to the meeting's name (日豪 in 日豪防衛相会談)
    parties: tuple[str, ...] = ()
    parties_basis: str = ""
    program: str = ""  # the programme it concerns (programs.yaml id)


def _ordinal_en(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st..."""
    if n % 100 in (11, 12, 13) or n % 10 not in (1, 2, 3):
        return f"{n}th"
    return f"{n}{('st', 'nd', 'rd')[n % 10 - 1]}"


def _series_info(series: str) -> dict:
    return next(s for s in vocab.load("series") if s["id"] == series)


_OCCASION = re.compile(r"(?:sidelines|margins|fringes) of (?:the |this year['’]s |last year['’]s )?[\w .'’-]{0,40}$")


def _series_mentions_in(span: str) -> list:
    """Series named in a stretch: the first, plus any joined to it by や/及び/と; not the
    gathering on whose sidelines a meeting was held (on the sidelines of the G7 summit)."""
    found = [m for m in find_series(span) if not _OCCASION.search(span[max(0, m.start - 50):m.start])]
    if not found:
        return []
    picked = [found[0]]
    for m in found[1:]:
        if m.series == picked[-1].series or m.start < picked[-1].end:
            continue
        if _JOINER.match(span[picked[-1].end:m.start]):
            picked.append(m)
    return list({m.series: m for m in reversed(picked)}.values())[::-1]


def _meeting_kind(series: str, after: str) -> str:
    """The kind of event a series' mention is, from what follows its name."""
    kind = _series_info(series)["kind"]
    m = _ESTABLISH.search(after)
    if m and kind != "summit" and not _AT_MEETING.match(after):
        return "establishment"
    return kind


def _unglossed(mentions: list, text: str) -> list:
    """A name glossed in brackets (安全保障協力協議会合(SCCM: Security …)) is one mention: the first."""
    kept: list = []
    for sm in mentions:
        between = text[kept[-1].end:sm.start] if kept else ""
        if kept and kept[-1].series == sm.series and between.count("(") > between.count(")"):
            continue
        kept.append(sm)
    return kept


def _topic(mentions: list, text: str):
    """Of the series named before a date, the one the sentence is about (``DICASは…``), else the last."""
    mentions = _unglossed(mentions, text)
    for sm in reversed(mentions):
        if re.match(r"[)」』]*\s?(?:\([^()]*\))?[」』]?\s?(?:は|が)", text[sm.end:]):
            return sm
    return mentions[-1]


def _series_by_cue(sentence: str) -> str:
    """The series whose cue words (``series.yaml``) a sentence reporting a meeting holds, else empty."""
    ruled = sorted((s for s in vocab.load("series") if s.get("cues")), key=lambda s: -len(s["cues"]))
    counterpart = re.search(r"(?<![A-Za-z])counterparts?(?![A-Za-z])|カウンターパート", sentence)
    # A vice or deputy minister, a state minister, is not the minister (副大臣, Vice-Minister of Defense).
    sentence = re.sub(r"(?:[Vv]ice|[Dd]eputy|State)[\s-](?:Minister|Secretary)[A-Za-z ]{0,20}|副大臣|副長官|政務官", " ", sentence)
    sentence = sentence.casefold()  # Japan's defence minister, as a title is written in running text
    for s in ruled:
        told = [any(w.casefold() in sentence for w in group) for group in s["cues"]]
        # A minister meeting "his Australian counterpart" meets one who holds the same office;
        # so does one meeting another Minister for Defence.
        office = "|".join(re.escape(w.casefold()) for w in s["cues"][0])
        # …or the office in the plural (the defence ministers of Japan and Korea, 両防衛相).
        same_office = len(told) == 2 and (len(re.findall(office, sentence)) >= 2 or bool(
            re.search(rf"(?:{office})s(?![a-z])|両(?:{office})", sentence)))
        if all(told) or (len(told) == 2 and told[0] and (counterpart or same_office)):
            return s["id"]
    return ""


def _title_series(doc: Document) -> str:
    found = find_series(doc.title)
    return found[0].series if found else ""


def paragraph_mentions(doc: Document, para: Paragraph, anchor: dt.date | None = None,
                       previous: dates.ParsedDate | None = None) -> list[Mention]:
    """Every event a paragraph states, one :class:`Mention` each.

    Args:
        doc: The document (its date resolves 本年, 昨年, 前日...).
        para: One of its paragraphs.
        anchor: For a document that states no date of its own, the last full date it
            stated before this paragraph: a reader takes 20日 after 2024年8月18日 as August 20th.
        previous: The date of the last event held the document told before this paragraph.

    Returns:
        The mentions in reading order.
    """
    out: list[Mention] = []
    offset = 0
    for sentence in split_sentences(para.text):
        told: list[Mention] = []
        start_in_para = para.text.find(sentence, offset)
        offset = start_in_para + len(sentence)
        english = text.language(sentence) == "en"
        found = _dated_in_paragraph(para.text, start_in_para, sentence, doc.published or anchor)
        if english:
            found = _past_dateline(found, sentence, doc.published)
        people = find_participants_en(sentence) if english else find_participants(sentence)
        # Every date-like expression bounds a stretch, even one the document's date
        # cannot resolve (29日 in a page whose date is unknown): it names its own event.
        bounds = [(x.start, x.end) for x in found]
        if found and doc.published is None:
            bounds += [(x.start, x.end) for x in dates.find_dates(sentence, ref=dates.ANY_REF) if x.relative]
        for i, d in enumerate(found):
            end = min((s for s, _ in bounds if s >= d.end), default=len(sentence))
            # Japanese names the event after its date (9日、…を開催); English around it
            # (Hegseth hosted Koizumi at the Pentagon today): the clause from the previous date.
            start = max((e for _, e in bounds if e <= d.start), default=0) if english else d.end
            span = sentence[start:end]
            before = para.text[:start_in_para + d.start]
            # 2016年11月に第1回会合、2017年12月に第2回会合を開催: one verb tells both.
            shared = bool(_SHARES_VERB.search(span)) and bool(_EVENT_VERB.search(sentence[end:]))
            for m in _read_span(doc, para, sentence, d, span, before, shared, start):
                if m.kind in ("meeting", "summit", "establishment"):
                    m.participants = people
                if m.kind in ("meeting", "summit", "operation"):
                    m.venue = find_venue(span) or _filed_from(m, para, doc)
                m.status = read_status(span, before, d, doc)
                if shared:
                    m.status = read_status(sentence[d.end:], before, d, doc)
                if m.status == "planned":
                    m.date = _ahead(d, doc.published)
                if m.ordinal is None and m.kind in ("meeting", "summit"):
                    m.ordinal = _ordinal_told(sentence)
                if m.kind in ("meeting", "summit", "establishment"):
                    take_parties(m, sentence, para.text, doc)
                elif not m.parties:  # an agreement or an operation named in the text: who acts in it
                    m.parties, m.parties_basis = _actors(span, sentence)
                    _other_side(m, para.text, doc)
                out.append(m)
                told.append(m)
        out += frame_mentions(doc, para, sentence, found, people, told, previous=_last_held(out) or previous)
    return out


def _last_held(mentions: list[Mention]) -> dates.ParsedDate | None:
    """The date of the last event held among mentions in reading order."""
    return next((m.date for m in reversed(mentions) if m.status == "held"), None)


_PLAN_EN = re.compile(r"(?<![A-Za-z])(?:will|would|shall|plans?|planned|planning|expected|scheduled|due|is to|are to|"
                      r"set to|aims?|hopes?|seeks?|wants?)(?![A-Za-z])")
_SAME_DAY_EN = re.compile(r"(?<![A-Za-z])(?:on the same day|the same day|that same day|later that day|that day)(?![A-Za-z])")


def _dated_in_paragraph(paragraph: str, at: int, sentence: str, published) -> list:
    """A sentence's dates, its 同日 / 前日 / the same day read against the paragraph's date
    before it (吉田氏は前日の17日、…会談した。同日にはブラウン氏とも懇談した; a past one only)."""
    own = dated(sentence, published)
    # Only what happened: "will meet … later that day" names no day of its own.
    same = _SAME_DAY_EN.search(sentence) if not own and not _PLAN_EN.search(sentence) else None
    if same:
        earlier = [d for d in dated(paragraph[:at], published) if d.precision == "day"] if at else []
        anchor = earlier[-1] if earlier else None
        if anchor is not None and (published is None or anchor.value <= published):
            return [dates.ParsedDate(anchor.value, "day", same.group(), same.start(), same.end(), True)]
        return own
    if not at or not own or not re.match(r"(?:同|前|翌|当)(?:日|月|年)", own[0].text):
        return own
    lead = paragraph[:at]
    together = [d for d in dated(lead + sentence, published) if d.start >= len(lead)]
    return [dataclasses.replace(d, start=d.start - len(lead), end=d.end - len(lead)) for d in together] or own


# A wire's dateline (TOKYO, March 5, 2025 (Reuters) -) dates the story, not what it tells:
# what happened "on Tuesday" is dated by its own words.
_DATELINE_BEFORE = re.compile(r"^\W*[A-Z][A-Za-z.'’-]*(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4},?\s*$")
_DATELINE_AFTER = re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^()]{1,30}\)\s*)?(?:[-–—]|/[A-Za-z]+/)")


def _past_dateline(found: list, sentence: str, published) -> list:
    """A sentence's dates without its dateline's, when the sentence dates its events itself;
    its weekdays read against the dateline when the page states no date of its own."""
    if not found or not _DATELINE_BEFORE.match(sentence[:found[0].start]) \
            or not _DATELINE_AFTER.match(sentence[found[0].end:]) or found[0].precision != "day":
        return found
    line = found[0]
    rest = [d for d in dated(sentence, published or line.value) if d.start >= line.end]
    return rest or found


_DATE_LABEL = re.compile(r"^(?:(?:\d+|[(（]\d+[)）])[.．、\s]\s*)?(?:日\s?時|日\s?付|開催日|実施日|期日|Date and [Tt]ime|"
                         r"Date/[Tt]ime|Date|When)\s*[:：]?\s*")
_NUMBERED_HEADING = re.compile(r"^(?:\d+|[一二三四五六七八九十]+|[(（]\d+[)）])[.．、\s]\s*\S")


@dataclass(frozen=True)
class Section:
    """What the structure around a paragraph tells of the events in it: the date of
    its ``日時`` line, and the series its heading names (``2. 日越防衛相会談``)."""

    date: dates.ParsedDate | None = None
    heading: str = ""


def section_of(doc: Document, para: Paragraph) -> Section:
    """The labelled date line (``日時`` / ``Date``) and the nearest heading before a paragraph.

    A date line dates the text under it; a numbered or short heading names the event
    its paragraphs tell. Only the paragraphs before this one are read.
    """
    date, heading = None, ""
    before = [p for p in doc.paragraphs if p.n < para.n]
    for i in range(len(before) - 1, max(-1, len(before) - 16), -1):
        p = before[i]
        label = _DATE_LABEL.match(p.text)
        if date is None and label:
            # 日時・場所 / Date and Venue: a label of two fields, their values on the next line.
            rest = p.text[label.end():]
            value = rest if re.search(r"[0-9０-９]", rest) else (before[i + 1].text if i + 1 < len(before) else "")
            found = dated(value, doc.published)
            if found:
                date = found[0]
        if not heading and len(p.text) <= 40 and (_NUMBERED_HEADING.match(p.text) or p.role == "heading") \
                and not label:
            heading = p.text
    return Section(date, heading)


def frame_mentions(doc: Document, para: Paragraph, sentence: str, found: list, people: list,
                   told: list[Mention], previous: dates.ParsedDate | None = None) -> list[Mention]:
    """The events a sentence tells by their triggers, beside those its named series told.

    A kind the series reading already gave for the sentence is not read twice; a
    meeting named by no series is kept when two countries meet in it, and takes
    the series its officials make (Japan's defence minister meeting the US
    Secretary of Defense is the defence ministers' meeting) or ``talks``.
    """
    lang = "en" if text.language(sentence) == "en" else "ja"
    done = {_FRAME_KIND.get(m.kind, m.kind) for m in told}
    out: list[Mention] = []
    section = None
    lead = ""  # the lead paragraph a meeting told without a date goes on from
    for f in framing.frames(sentence, found, doc.published, lang):
        if f.kind in done or (f.kind == "decision" and (_PUBLICATION.search(sentence) or _REVISION.fullmatch(sentence))):
            continue  # a strategy with its decision date in brackets is its publication, read below
        if f.date is None:
            section = section or section_of(doc, para)
            # A sentence going on from the event told before (Earlier in the day, …) takes its day.
            date = section.date or ((previous or _date_before(doc, para)) if _RECALLS.search(sentence) else None)
            if date is None and f.kind == "meeting" and f.status == "held":
                date = _lead_date(doc, para)
                lead = " ".join(p.text for p in doc.paragraphs if p.n == para.n - 1) if date else ""
            # A date line dates what the text reports; a plan it mentions (協定の早期締結に向け) has
            # a date of its own or none. A meeting announced under its 日時 line is dated by it.
            if date is None or (f.status != "held" and f.kind != "meeting"):
                continue
            f = framing.Frame(f.kind, f.trigger, date, f.status, f.clause)
        if f.status == "planned" and f.kind != "meeting" and f.date.text and _MEETING_DATED.search(
                sentence[max(0, f.date.start - 30):f.date.start]):
            continue  # At their talks on Wednesday they agreed to set up a forum: the day is the talks'
        clause = sentence[f.clause[0]:f.clause[1]]
        told = framing.arguments(sentence, f.trigger, lang)
        programs = find_programs(told)
        program = programs[0][0] if programs else None
        if f.kind == "meeting":
            section = section or section_of(doc, para)
            headed = find_series(section.heading)
            # …定期協議を新たに設置し、第1回次官級会議を開催した: the meeting of the series the sentence names.
            before = [sm for sm in find_series(sentence[:f.trigger.start]) if _series_info(sm.series)["kind"] != "summit"]
            own_talks = any(w in f.trigger.text for w in framing.kinds()["meeting"].get("own_talks", ()))
            series = "talks" if own_talks else (headed[0].series if headed else "") or (before[-1].series if before else "") \
                or _series_by_cue(clause) or _series_by_cue(sentence) or _title_series(doc) \
                or (_series_by_cue(lead) if lead else "") or "talks"
            # G7国防相会合, 日米韓防衛相会談: the countries fused to the meeting's own noun name it.
            fused = named_with(sentence, f.trigger.start, f.trigger.end) if lang == "ja" else ()
            m = Mention(f.date, _series_info(series)["kind"], series, f.trigger.text, doc, para, sentence,
                        participants=people, status=f.status,
                        named=named_with(section.heading, headed[0].start, headed[0].end) if headed
                        else fused if len(fused) >= 2 else ())
            m.venue = find_venue(clause) or find_venue(sentence)
            take_parties(m, told, sentence, doc)
            if len(m.parties) == 1 and m.parties != ("JP",) and "JP" in _named_again(para.text, doc):
                m.parties = tuple(sorted({*m.parties, "JP"}))  # the subject the sentence leaves out (吉田氏は…。同日には…)
            if len(m.parties) < 2:
                continue  # a body meeting on its own (防衛省は会議を開催) is not talks between countries
            if lead and m.parties_basis not in ("official", "named") and not _PEOPLE_MEET.search(sentence):
                continue  # the lead's day goes on to people meeting, not to countries "holding talks"
        else:
            m = Mention(f.date, f.kind, f.kind, _frame_name(clause, f, program), doc, para, sentence,
                        status=f.status, program=program["id"] if program else "")
            m.parties, m.parties_basis = _actors(told, clause)
            _other_side(m, para.text, doc)
            if f.kind == "establishment":
                _what_was_set_up(m, sentence, f.trigger)
                m.name_ja = m.name_ja if m.series != f.kind else _frame_name(clause, f, None)
            if f.kind in ("establishment", "operation"):
                m.venue = find_venue(clause)
        if m.status == "planned":
            m.date = _ahead(m.date, doc.published)
        elif after_document(m.date, doc):
            m.status = "planned"
        if any(o.kind == m.kind and o.date == m.date for o in out):
            continue  # one event told twice in a sentence
        out.append(m)
    return out


_MEETING_DATED = re.compile(r"(?:talks|meeting|summit|call|会談|会合|協議)\s?(?:held\s)?(?:on|in|of)?\s?(?:the\s)?$")


def _what_was_set_up(m: Mention, sentence: str, trigger) -> None:
    """A body set up is the series named right at its trigger (設置された協議体「…(DICAS)」,
    DICASを設置); one set up *at* a meeting (established at the first DICAS) is not that
    meeting, and a body concerns no programme unless named with it."""
    m.program = ""
    for sm in find_series(sentence):
        gap = sentence[trigger.end:sm.start] if sm.start >= trigger.end else sentence[sm.end:trigger.start]
        if len(gap) <= 12 and not re.search(r"(?<![A-Za-z])(?:at|in|during)(?![A-Za-z])|で|において", gap):
            m.series, m.name_ja = sm.series, sm.text
            return


# A sentence that goes on from the event told before it: Following the meeting, …; 会談に続き、….
_RECALLS = re.compile(r"(?<![A-Za-z])(?:[Ff]ollowing|[Aa]fter|[Bb]efore|[Aa]head of)\s(?:the|their|this)\s"
                      r"(?:meeting|talks|summit|signing|ceremony)"
                      # Earlier in the day, Austin met …; the three then convened …: the day told before.
                      r"|(?<![A-Za-z])(?:[Ee]arlier|[Ll]ater)\s(?:in the day|that day|on the same day)"
                      r"|(?<![A-Za-z])(?:then|were then|was then)\s(?:convened|joined|met|held|signed|hosted)"
                      r"|(?:会談|会合|協議|署名|式典)(?:に(?:引き)?続き|の後|後|に先立ち|の前に)")


def _date_before(doc: Document, para: Paragraph) -> dates.ParsedDate | None:
    """The last date the document states before a paragraph (within the three before it)."""
    for p in reversed([p for p in doc.paragraphs if para.n - 3 <= p.n < para.n]):
        found = dated(p.text, doc.published)
        if found:
            return found[-1]
    return None


# People who meet, named by their number and office (the two leaders, 両首脳).
_PEOPLE_MEET = re.compile(r"(?<![A-Za-z])(?:[Tt]he|[Bb]oth|[Tt]heir) (?:two|three|four) (?:leaders|ministers|prime ministers|"
                          r"presidents|defen[cs]e ministers|foreign ministers|chiefs)|両(?:首脳|大臣|防衛相|国防相|外相|閣僚)")


def _lead_date(doc: Document, para: Paragraph) -> dates.ParsedDate | None:
    """The day a story's lead tells, for the meeting its next paragraph goes on to tell
    without a date (… agreed on Saturday. / Kihara and Shin met for half an hour …):
    the lead's day within three days before the story, from the paragraph just before."""
    if doc.published is None or para.n > 6:
        return None
    before = [p for p in doc.paragraphs if p.n == para.n - 1]
    if any(t.kind == "meeting" for p in before for t in framing.find_triggers(p.text)) \
            or any(find_series(p.text) for p in before):
        return None  # the lead told the meeting itself: the next paragraph only goes on about it
    days = [d for p in before for d in dated(p.text, doc.published)
            if d.precision == "day" and 0 <= (doc.published - d.value).days <= 3]
    return days[-1] if len(days) == 1 or len({d.value for d in days}) == 1 else None


def _frame_name(clause: str, f, program: dict | None) -> str:
    """What an event is called as printed: a name in brackets (「日豪物品役務相互提供協定」),
    else the noun phrase its trigger ends (…防衛装備品・技術移転協定に署名), else the
    programme and the kind."""
    quoted = re.search(r"[「『]([^」』]{3,60})[」』]", clause)
    if quoted:
        return quoted.group(1)
    phrase = re.search(r"[\u4E00-\u9FFF\u30A0-\u30FFA-Za-z0-9・ー]{3,40}?(?:協定|取極|取決め|覚書|契約|条約|議定書|白書|戦略|報告書)",
                       f.trigger.text if len(f.trigger.text) > 4 else clause)
    if phrase:
        return phrase.group(0)
    # English: the capitalised name of what the event is of (the Reciprocal Access Agreement).
    named = re.findall(r"(?:[A-Z][\w.'’-]*\s(?:(?:of|on|for|and|the|to|in|concerning)\s)*){1,9}"
                       r"(?:Agreement|Arrangement|Memorandum|Treaty|Accord|Pact|Strategy|Paper|Council|Agency|"
                       r"Organisation|Organization|Framework|Partnership|Guidelines|Principles|Act)(?![A-Za-z])", clause)
    if named:
        return max(named, key=len).strip()
    label = framing.kinds()[f.kind]["label"]
    return f"{program['ja']}の{label['ja']}" if program else f.trigger.text


def _actors(clause: str, sentence: str) -> tuple[tuple[str, ...], str]:
    """The countries acting in a clause, by its strongest cues; else in its sentence."""
    for told in (clause, sentence):
        codes, basis = strongest(find_cues(told))
        if codes:
            return codes, basis
    return (), ""


#: Kinds of event with two sides by nature: an agreement, a contract, a sale, a transfer.
_TWO_SIDED = ("agreement", "contract", "sale approval", "transfer")


def _other_side(m: Mention, paragraph: str, doc: Document) -> None:
    """An agreement, contract, sale or transfer with one foreign side named has Japan on the
    other when the page is about Japan (米国との相互防衛調達取極を締結, 対米武器技術供与取極);
    one with Japan alone named has the one foreign side its paragraph, else its title, names
    (the deal Kishida agreed in principle in London, in a story headed Japan and Britain sign…)."""
    if m.kind in _TWO_SIDED and m.parties == ("JP",):
        for told in (paragraph, doc.title or ""):
            foreign = {c.code for c in find_cues(told)} - {"JP"}
            if len(foreign) == 1:
                m.parties = tuple(sorted({"JP", *foreign}))
                return
    if m.kind in _TWO_SIDED and not m.parties:
        # A treaty signed with no side in its sentence: the sides its paragraph, else its title, names
        # (日英伊防衛相会合の開催及びGCAP政府間機関設立条約への署名について).
        for told in (paragraph, doc.title or ""):
            codes = strongest(find_cues(told))[0]
            if len(codes) >= 2:
                m.parties = codes
                return
    if m.kind in _TWO_SIDED and len(m.parties) == 1 and m.parties != ("JP",) and (
            text.language(paragraph) == "ja" or any(c.code == "JP" for t in (paragraph, doc.title or "")
                                                    for c in find_cues(t))):
        m.parties = tuple(sorted({*m.parties, "JP"}))


def _filed_from(m: Mention, para: Paragraph, doc: Document) -> str:
    """The dateline's city for the meeting a wire story's lead tells on its own day:
    ``【ワシントン共同】…7日、…首脳会談を行った``. A meeting the lead recalls (4月の首脳会談)
    took place elsewhere."""
    if para.n > 3 or doc.published is None or m.date.precision != "day":
        return ""
    return dateline_place(para.text) if abs((doc.published - m.date.value).days) <= 2 else ""


def _ahead(d: dates.ParsedDate, published) -> dates.ParsedDate:
    """A date of a clause about what is still to come, read forward from the document's date:
    ``28日に首脳会談を行う方向で調整`` in a story of October 6th is October 28th."""
    if published is None or not d.relative or d.value >= published:
        return d
    again = dates.find_dates(d.text, ref=published, ahead=True)
    if not again or again[0].text != d.text:
        return d
    return dates.ParsedDate(again[0].value, again[0].precision, d.text, d.start, d.end, True, again[0].until)


_SIDES = re.compile(r"(?<![A-Za-z0-9])(three|four|five)\s(?:countries|nations|leaders|ministers|governments|sides)"
                    r"(?:['’]\s(?:leaders|ministers|defen[cs]e ministers))?"
                    r"|(?<![0-9])([三四五345])(?:カ国|か国|ヶ国|ケ国)")


def _sides_told(sentence: str) -> int:
    """How many sides a sentence says meet (the three leaders, 3カ国の首脳), else 0."""
    m = _SIDES.search(sentence)
    return framing.number(m.group(1) or m.group(2)) if m else 0


_INTRODUCED = re.compile(r"(?P<where>[\u30A0-\u30FF\u4E00-\u9FFF]{1,8}?)(?:軍|政府|側)?の(?P<name>[\u4E00-\u9FFF\u30A0-\u30FF]{2,8}?)"
                         r"(?:[\u4E00-\u9FFF]{0,8}?)(?:大臣|長官|議長|総長|司令官|国防相|防衛相|外相|首相|大統領|大使|幕僚長)")
_AGAIN = re.compile(r"(?P<stem>[\u4E00-\u9FFF\u30A0-\u30FF]{1,6})氏")


def _introduced(doc: Document) -> dict[str, str]:
    """The people a page introduces with their country (韓国軍の金明秀合同参謀本部議長,
    米軍のブラウン統合参謀本部議長): their names to the country."""
    return _introduced_in(tuple(p.text for p in doc.paragraphs))


@lru_cache(maxsize=64)  # a document's sentences ask again and again
def _introduced_in(paragraphs: tuple[str, ...]) -> dict[str, str]:
    abbr = vocab.load("parties")["abbreviations"]
    found: dict[str, str] = {}
    for text_ in paragraphs:
        for m in _INTRODUCED.finditer(text_):
            where = m.group("where")
            codes = {c.code for c in find_cues(where + "の")} or ({abbr[where]} if where in abbr else set())
            if not codes and re.search("自衛隊|防衛省|政府", where):
                codes = {"JP"}
            if len(codes) == 1:
                found[m.group("name")] = codes.pop()
    return found


def _named_again(sentence: str, doc: Document) -> set[str]:
    """The countries of people a sentence names again by surname (金氏, ブラウン氏)."""
    people = _introduced(doc)
    codes = set()
    for m in _AGAIN.finditer(sentence):
        stem = m.group("stem")
        # the longest tail of what precedes 氏 that begins an introduced name
        for i in range(len(stem)):
            hits = {c for name, c in people.items() if name.startswith(stem[i:])}
            if len(hits) == 1:
                codes |= hits
                break
    return codes


def take_parties(m: Mention, sentence: str, paragraph: str, doc: Document) -> None:
    """Give a meeting its parties, and the series they make it.

    A series whose name says who meets (DICAS, SCCM) has its parties. Otherwise
    the countries fused to the meeting's name decide; else the officials and
    country words of its sentence, then of its paragraph, then of the title,
    until a country other than Japan is found. A US–Japan series (the defence
    ministers', the summit, the 2+2) keeps a meeting only when Japan and the
    United States are its parties, and no one else: a meeting of other
    countries, told in the same words, goes to the series of its kind.
    """
    info = _series_info(m.series) if m.series in _known_series() else {}
    if info.get("fixed"):
        m.parties, m.parties_basis = tuple(info["parties"]), "series"
        return
    if set(m.named) - {"JP"}:
        m.parties, m.parties_basis = m.named, "named"
    else:
        home = {c.code for c in find_cues(sentence) if c.code == "JP" and c.basis == "official"}
        named_again = _named_again(sentence, doc)
        home |= named_again & {"JP"}
        m.parties, m.parties_basis = (), ""
        if named_again - {"JP"} and not set(strongest(find_cues(sentence))[0]) - {"JP"}:
            # 吉田氏は金氏と会談した: people the page introduced with their country, named again.
            m.parties, m.parties_basis = tuple(sorted(named_again | home | set(m.named))), "official"
        for told in (sentence, paragraph, doc.title or "") if not m.parties else ():
            codes, basis = strongest(find_cues(told))
            if set(codes) - {"JP"}:
                m.parties, m.parties_basis = tuple(sorted(set(codes) | home | set(m.named))), basis
                break
        else:
            # The page around it last: a readout naming the other side's country only in its
            # next paragraph (the Canada-Japan agreement), however Japan is named there.
            page = " ".join(p.text for p in doc.paragraphs[:12]) if not m.parties else ""
            codes, basis = strongest([c for c in find_cues(page) if c.code != "JP"])
            if len(codes) == 1:
                m.parties, m.parties_basis = tuple(sorted(set(codes) | home | set(m.named))), basis
        if not m.parties and (home or m.named):
            m.parties, m.parties_basis = tuple(sorted(home | set(m.named))), "official" if home else "named"
        if len(m.parties) == 1 and m.parties != ("JP",) and (any(
                c.code == "JP" for told in (paragraph, doc.title or "") for c in find_cues(told))
                or "JP" in _named_again(paragraph, doc)):
            # A meeting has two sides: with one foreign side named, the other is the Japan the
            # page is about (Prime Minister Abe … held a summit meeting with Prime Minister Modi of India).
            m.parties = tuple(sorted({*m.parties, "JP"}))
    told = _sides_told(sentence)
    if told and len(m.parties) < told:
        # 3カ国の首脳, the three leaders: the text says how many sides; find them where it names them.
        for text_ in (paragraph, doc.title or "", " ".join(p.text for p in doc.paragraphs[:6])):
            codes = {c.code for c in find_cues(text_)}
            if len(codes) == told and set(m.parties) <= codes:
                m.parties, m.parties_basis = tuple(sorted(codes)), m.parties_basis or "country name"
                break
    if info.get("others") and set(m.parties) != set(info["parties"]):
        m.series = info["others"]
        m.name_ja = m.name_ja or "会談"
    elif info.get("generic"):
        home = next((s for s in vocab.load("series") if s.get("others") == m.series), None)
        if home and set(m.parties) == set(home["parties"]):
            m.series = home["id"]


def _known_series() -> set[str]:
    return {s["id"] for s in vocab.load("series")}


def read_status(span: str, before: str, date: dates.ParsedDate, doc: Document) -> str:
    """Whether the event a dated stretch names was held, is planned, or was announced.

    Only the clause that names the event is read (up to its verb and the few
    words after it), so ``9日に初会合を開き、次回を年内に開催することで合意`` is
    a meeting held on the 9th. An event dated after the document was not held yet.

    Example:
        >>> d = dates.parse_date("2025年6月")
        >>> read_status("までに実施することで合意した", "次のDICASを", d, None)
        'planned'
    """
    verb = _CLAUSE_VERB.search(span)
    clause = span
    if verb:
        cut = re.search(r"[、。]", span[verb.end():])
        clause = span[:verb.end() + min(cut.start() if cut else len(span), 14)]
    if _ANNOUNCED.search(clause):
        return "announced"
    lang = "en" if text.language(span) == "en" else "ja"
    if framing.sought(clause, lang) or (lang == "en" and framing.sought(re.split(r"[.;]", before)[-1][-60:], lang)):
        return "sought"
    lead = re.split(r"[、。]", before)[-1]
    if _PLANNED.search(clause) or _NEXT.search(lead) or _NEXT.search(clause[:verb.start()] if verb else clause):
        return "planned"
    if lang == "ja" and _NON_PAST.search(span):
        return "planned"
    if doc is not None and after_document(date, doc):
        return "planned"
    return "held"


# A Japanese sentence that ends in a plain non-past verb tells what is to come
# (首脳会談に臨む, 会談が開かれる); one in the past (臨んだ, 開かれた) what happened.
_NON_PAST = re.compile(r"[\u4E00-\u9FFF](?:[かさたなまらわがばえけせてねめれげべ]?(?:れる|られる|せる)|[うくぐすつぬぶむる])"
                       r"(?:予定|見通し|方針|方向)?(?:だ|です)?。?\s*$")


def after_document(date: dates.ParsedDate, doc) -> bool:
    """Whether a date is after the document's own, at the coarser of their precisions: the
    17th of a month is not after a page dated only by that month."""
    published = getattr(doc, "published", None)
    if published is None:
        return False
    precision = getattr(doc, "published_precision", "") or "day"
    if precision == "month":
        return (date.value.year, date.value.month) > (published.year, published.month)
    if precision == "year":
        return date.value.year > published.year
    return date.value > published


def _ordinal_told(sentence: str) -> int | None:
    """The meeting's number told as a count: 今回で4回目, 5回目となる, for the fourth time."""
    m = _COUNT_ORDINAL.search(sentence)
    if m:
        return ordinal_number(m.group("n") or m.group("m"))
    m = re.search(r"for the (?P<w>[a-z]+|\d+(?:st|nd|rd|th)) time", sentence)
    return english_ordinal(m.group("w")) if m else None


def _read_span(doc, para, sentence, d, span, before, shared: bool = False,
               base: int | None = None) -> list[Mention]:
    quote = sentence
    mentions: list[Mention] = []
    base = d.end if base is None else base  # where the span starts in the sentence
    for sm in _series_mentions_in(span):
        ordinal = ordinal_before(sentence, base + sm.start, base)
        if ordinal is None:
            ordinal = ordinal_after(span, sm.end)
        name = _name_around(span, sm)
        mentions.append(Mention(d, _meeting_kind(sm.series, span[sm.end:]), sm.series, name,
                                doc, para, quote, ordinal, named=named_with(span, sm.start, sm.end)))
    verb = _EVENT_VERB.search(span)
    if re.search(r"締結|署名", span):
        for m in _AGREEMENT.finditer(span):
            name = m.group("quoted") or m.group("bare")
            mentions.append(Mention(d, "agreement", "agreement", name, doc, para, quote))
    for m in _OPERATION.finditer(span):
        mentions.append(Mention(d, "operation", "operation", m.group("name") + "の" + m.group("noun"),
                                doc, para, quote))
    if not any(m.kind == "operation" for m in mentions):
        mentions += _ship_work(doc, para, sentence, d, span)
    if re.search(r"契約(?:を|が)(?:結|締結|交わ)", span) and not any(m.kind == "agreement" for m in mentions):
        programs = find_programs(sentence)
        if programs:
            what = programs[0][0]["ja"] + ("の移転契約" if "移転" in span else "の契約")
            mentions.append(Mention(d, "contract", "contract", what, doc, para, quote,
                                    program=programs[0][0]["id"]))
    for m in _ENACTMENT.finditer(span):
        mentions.append(Mention(d, "other", "enactment", m.group("name"), doc, para, quote))
    if mentions:
        return mentions
    in_parens = re.fullmatch(r"[)\s]*", span) and before.rstrip().endswith(("(", "(現地時間"))
    generic = _MEETING.search(span) and verb
    # Without a series named after it, a date with nothing but 発表 is when news was
    # released (「…は10日、会合を開いたと発表した」 is not a meeting on the 10th).
    verb = _EVENT_VERB.search(re.sub(r"発表|公表", "", span)) or shared or _NUMBERED.match(span)
    if verb or in_parens:
        # The series the sentence is about, else the last one named in the paragraph.
        context = sentence[:d.start]
        prior = find_series(context)
        if not prior and text.language(sentence) != "en":
            # A Japanese sentence may name its meeting only by the series of the sentence
            # before (…を開催した。会合では…); an English one names it where it tells it.
            context = before
            prior = find_series(before)
        series, name, ordinal = "", "", None
        if prior:
            topic = _topic(prior, context) if context is not before else _unglossed(prior, context)[-1]
            series, name = topic.series, topic.text
            ordinal = ordinal_before(context, topic.start)
            if ordinal is None:
                ordinal = ordinal_after(context, topic.end)
            own = _OWN_ORDINAL.search(span)
            if own and ordinal is None:
                ordinal = ordinal_number(own.group("n")) if own.group("n") else 1
                name = name + own.group(0)
        elif generic and _series_by_cue(sentence):
            series, name = _series_by_cue(sentence), _MEETING.search(span).group(0)
        elif generic and _title_series(doc):
            series, name = _title_series(doc), _MEETING.search(span).group(0)
        if series:
            named = named_with(context, topic.start, topic.end) if prior else ()
            return [Mention(d, _meeting_kind(series, span), series, name, doc, para, quote, ordinal, named=named)]
    return []


def _ship_work(doc, para, sentence, d, span) -> list[Mention]:
    """Work on a named ship told around a date: 艦「ミゲル・キース」が12日、…工場に着岸した
    (with 整備 in the sentence or paragraph), or 2019年の駆逐艦「ミリウス」の横浜での整備."""
    ship = _SHIP.search(span)
    if not ship:
        ship = _SHIP.search(sentence[:d.start])
        if not ship or not re.match(r"^[がは]?[、\s]*$", sentence[ship.end():d.start]):
            return []
    work = _SHIP_WORK.search(sentence) or _SHIP_WORK.search(para.text)
    arrived = _SHIP_CUE.search(span)
    told = re.match(r"^[^、。]{0,12}の(?:[^、。]{0,12}での)?(?P<noun>修理|整備|改修)", span[ship.end():])
    if not work or not (arrived or told):
        return []
    noun = told.group("noun") if told else _OPERATION_NOUN.get(work.group(0), "整備")
    return [Mention(d, "operation", "operation", f"「{ship.group('name')}」の{noun}", doc, para, sentence)]


def _name_around(span: str, sm) -> str:
    """The meeting's name as printed: the series mention with its ordinal and suffix."""
    start = sm.start
    m = re.search(r"第(?:\d+|[一二三四五六七八九十]+)回目?[「『]?$", span[:start])
    if m:
        start = m.start()
    end = sm.end
    tail = re.match(r"(?:\([^)]*\))?[」』]?(?:全体会合|会合|会議)?(?:\([^)]*\))?", span[end:])
    return (span[start:end] + tail.group(0)).strip()


_FOLLOWING = re.compile(r"に引き続き|に続いて|に続き")


def following_mentions(doc: Document, para: Paragraph, earlier: list[Mention]) -> list[Mention]:
    """A meeting held right after another, told without a date:
    ``「2+2」に引き続き、四閣僚は、…拡大抑止に関する閣僚会合を開催した`` is on the 2+2's day.

    Args:
        doc: The document.
        para: A paragraph that states no dated event.
        earlier: The events the document stated before it.
    """
    out = []
    for sentence in split_sentences(para.text):
        cue = _FOLLOWING.search(sentence)
        if not cue or dated(sentence, doc.published):
            continue
        first = [m for m in find_series(sentence[:cue.start()])]
        then = [m for m in find_series(sentence[cue.end():])]
        if not first or not then or not re.search(_HOLD, sentence[cue.end():]):
            continue
        anchor = next((m for m in reversed(earlier) if m.series == first[-1].series and m.status == "held"), None)
        if anchor is None or then[0].series == anchor.series:
            continue
        rest = sentence[cue.end():]
        ordinal = ordinal_before(rest, then[0].start)
        m = Mention(anchor.date, _series_info(then[0].series)["kind"], then[0].series, then[0].text,
                    doc, para, sentence, ordinal, named=named_with(rest, then[0].start, then[0].end))
        m.venue = anchor.venue
        take_parties(m, sentence, para.text, doc)
        out.append(m)
    return out


def publication_mentions(doc: Document, para: Paragraph) -> list[Mention]:
    """Strategies and plans decided on a stated date: ``国家防衛戦略(令和4年12月16日 閣議決定)``,
    and policy changes headed with their dates: ``運用指針の改正(令和5年12月・令和6年3月)``."""
    out = []
    revision = _REVISION.fullmatch(para.text)
    if revision:
        for found in dates.find_dates(revision.group("dates"), ref=doc.published):
            out.append(Mention(found, "other", "revision", revision.group("name"), doc, para, para.text))
    for m in _PUBLICATION.finditer(para.text):
        found = dates.find_dates(m.group("date"), ref=doc.published)
        if found:
            out.append(Mention(found[0], "publication", "strategy", m.group("name"), doc, para, para.text))
    for m in _ENACTMENT.finditer(para.text):
        found = dates.find_dates(para.text[m.end():], ref=doc.published)
        if found and not dated(para.text[:m.start()], doc.published):
            out.append(Mention(found[0], "other", "enactment", m.group("name"), doc, para, para.text))
    return out


def corpus_mentions(corpus: Corpus, strategies: pd.DataFrame | None = None) -> list[Mention]:
    """Every event mention in the corpus, in document and reading order.

    ``strategies`` is the corpus's strategies table when the caller has it already.
    """
    out: list[Mention] = []
    for doc in corpus:
        out.extend(document_mentions(doc))
    return out + _form_mentions(corpus) + _strategy_mentions(corpus, strategies)


def document_mentions(doc: Document) -> list[Mention]:
    """Every event one document states, paragraph by paragraph, in reading order."""
    mine: list[Mention] = []
    anchor = None  # the last full date stated, for a document without a date of its own
    for para in doc.paragraphs:
        found = paragraph_mentions(doc, para, anchor, _last_held(mine))
        if doc.published is None:
            stated = [d for d in dates.find_dates(para.text) if not d.relative and d.precision == "day"]
            # A later day is read nearest it, either side (20日 after the 18th is the 20th).
            anchor = stated[-1].value + dt.timedelta(days=15) if stated else anchor
        if not found:
            found = publication_mentions(doc, para)
        if not found:
            found = following_mentions(doc, para, mine)
        mine.extend(found)
    _talks_of_a_series(mine)
    return _once_per_paragraph(mine)


def _once_per_paragraph(mentions: list[Mention]) -> list[Mention]:
    """One event a paragraph tells twice (a notice's determination approving a sale, and the
    sale it names) is one mention: the one naming its programme."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: not m.program):
        if m.kind in framing.kinds() and m.kind != "meeting" and any(
                o.para.n == m.para.n and o.kind == m.kind and o.date.iso() == m.date.iso() and o.status == m.status
                and (not m.program or o.program == m.program) for o in kept):
            continue
        kept.append(m)
    order = {id(m): i for i, m in enumerate(mentions)}
    return sorted(kept, key=lambda m: order[id(m)])


def _talks_of_a_series(mentions: list[Mention]) -> None:
    """Talks told by the names of people the page has already met as a series' officials
    are that series' (Kishi … wants to hold talks with Austin again, after a defence
    ministers' meeting of the two): same parties, and a person of the glossary in both."""
    from jdib.extract.parties import _people  # the glossary's people, with their countries

    # A person is named by a surname alone once introduced: every word of an English name.
    people = {w for n in _people() for w in (n.split() if n.isascii() else [n]) if len(w) >= (4 if n.isascii() else 2)}
    named = [m for m in mentions if m.kind in ("meeting", "summit") and m.series in _known_series()
             and not _series_info(m.series).get("generic")]
    meetings = [m for m in mentions if m.kind in ("meeting", "summit") and m.series != "talks"]
    for m in mentions:
        if m.series != "talks":
            continue
        # Talks of the same day and the same parties as a meeting the page names are that meeting
        # (the lead's defence ministers' meeting, and "the two met for an hour" after it).
        same = {(o.kind, o.series) for o in meetings if o.date == m.date and m.date.precision == "day"
                and set(o.parties) == set(m.parties) and o.status == m.status}
        if len(same) == 1:
            m.kind, m.series = same.pop()
            continue
        for earlier in named:
            if set(earlier.parties) == set(m.parties) and any(
                    p in m.quote and p in earlier.quote for p in people):
                m.kind, m.series = _series_info(earlier.series)["kind"], earlier.series
                break


def _talks_named_elsewhere(mentions: list[Mention]) -> None:
    """Talks that another document names as a series' meeting of the same day and the same
    parties are that meeting (a story recalling "the talks on January 15" beside the
    ministry's release of its defence ministers' meeting)."""
    named: dict[tuple, set] = {}
    for m in mentions:
        if m.kind in ("meeting", "summit") and m.series != "talks" and m.date.precision == "day":
            named.setdefault((m.date.value, frozenset(m.parties), m.status), set()).add((m.kind, m.series))
    own = framing.kinds()["meeting"].get("own_talks", ())
    for m in mentions:
        if m.series == "talks" and m.date.precision == "day" and not any(w in m.name_ja for w in own):
            found = named.get((m.date.value, frozenset(m.parties), m.status), set())
            if len(found) == 1:
                m.kind, m.series = next(iter(found))


def _strategy_mentions(corpus: Corpus, strategies: pd.DataFrame | None) -> list[Mention]:
    """The publication of each defence-industrial strategy the strategies table found."""
    if strategies is None:
        from jdib.extract.strategies import strategies_table  # the strategies table reads its own cues

        strategies = strategies_table(corpus)
    docs = {d.doc_id: d for d in corpus}
    out = []
    for row in strategies.itertuples():
        if not row.published:
            continue
        doc = docs[row.doc_id]
        para = next(p for p in doc.paragraphs if p.para_id == row.para_id)
        date = parse_catalog_date(row.published)  # the table writes YYYY-MM or YYYY
        out.append(Mention(date, "publication", "strategy", row.title_ja, doc, para, row.quote))
    return out


def _form_mentions(corpus: Corpus) -> list[Mention]:
    """Meetings announced as a form: ``1. 日時`` / ``2. 場所`` / ``3. 参加者`` (出席者) lines."""
    out = []
    for doc in corpus:
        paras = doc.paragraphs
        labels = {re.sub(r"^\d+[.．]?\s*", "", p.text).replace("出席者", "参加者"): i for i, p in enumerate(paras)
                  if re.fullmatch(r"(?:\d+[.．]?\s*)?(?:日時|場所|参加者|出席者)", p.text)}
        series = _title_series(doc)
        if "日時" not in labels or not series or labels["日時"] + 1 >= len(paras):
            continue
        when = paras[labels["日時"] + 1]
        found = dated(when.text, doc.published)
        if not found:
            continue
        m = Mention(found[0], _series_info(series)["kind"], series, "", doc, when, when.text)
        if after_document(found[0], doc):
            m.status = "planned"
        if "場所" in labels:
            m.venue = paras[labels["場所"] + 1].text
        if "参加者" in labels:
            for p in paras[labels["参加者"] + 1:labels["参加者"] + 6]:
                if re.match(r"\d+[.．]?\s|\d+$", p.text) or p.text in ("概要", "内容"):
                    break  # the form's next field
                m.participants += find_participants(p.text)
        told = " ".join(p.text for p in paras[labels.get("参加者", labels["日時"]):labels.get("参加者", labels["日時"]) + 5])
        take_parties(m, told, told, doc)
        out.append(m)
    return out


_PRECISIONS = ("day", "month", "year", "fiscal_year")
_NAMED_SERIES = ("agreement", "operation", "strategy", "enactment", "revision")


def _date_key(date: dates.ParsedDate, precision: int) -> tuple[int, ...]:
    """The date as far as a precision reads it (a fiscal year by its first year)."""
    v = date.value
    return (v.year, v.month, v.day)[:max(3 - precision, 1)]


def _index_keys(m: Mention) -> list[tuple]:
    """What a mention offers to later ones, under :func:`group_mentions`' rule."""
    p = _PRECISIONS.index(m.date.precision)
    keys: list[tuple] = [("ordinal", m.ordinal)] if m.ordinal is not None else []
    for coarse in range(p, len(_PRECISIONS)):
        key = (p, coarse, _date_key(m.date, coarse))
        keys.append(("any", *key))
        if m.ordinal is None:
            keys.append(("no ordinal", *key))
    return keys


def _query_keys(m: Mention) -> list[tuple]:
    """What a mention looks for: the keys of the mentions it is the same event as."""
    p = _PRECISIONS.index(m.date.precision)
    own = [("ordinal", m.ordinal)] if m.ordinal is not None else []
    among = "no ordinal" if m.ordinal is not None else "any"
    return own + [(among, other, max(p, other), _date_key(m.date, max(p, other)))
                  for other in range(len(_PRECISIONS))]


def _generic_series() -> set[str]:
    return {s["id"] for s in vocab.load("series") if s.get("generic")}


def _group_name(m: Mention) -> str:
    """What names one operation or agreement across documents: the ship or program named
    in brackets (``「フィッツジェラルド」の修理``), else the whole name."""
    if m.series == "operation":
        named = re.search(r"「([^」]+)」", m.name_ja)
        if named:
            return named.group(1)
    return m.name_ja


def group_mentions(mentions: list[Mention], trust: Trust | None = None) -> list[list[Mention]]:
    """Group mentions of one event, the most precisely dated first in each group.

    Two mentions are of one event when their kind and series agree (and their
    name, for agreements, operations, strategies and enactments), and their
    ordinals agree when both have one, else their dates at the coarser of the
    two precisions. A mention joins the first group that holds such a mention.
    Groups are found through an index of what their members offer, not by
    comparing every pair, so grouping takes time linear in the mentions.
    The more reliable a document (``trust``), the earlier its mentions found
    groups; the content's checksum, not the file name, orders the rest.
    """
    rank = {"day": 0, "month": 1, "year": 2, "fiscal_year": 3}
    # What was held outranks what was planned: a plan's date may have moved.
    # A document with no date of its own (a blog, a copied page) is the weaker witness.
    ordered = sorted(mentions, key=lambda m: (STATUSES.index(m.status) > 0, m.doc.published is None
                                              and m.doc.from_catalog is False, rank[m.date.precision],
                                              m.ordinal is None, trust.rank(m.doc) if trust else 0,
                                              m.doc.sha256, m.doc.doc_id, m.para.n))
    groups: list[list[Mention]] = []
    index: dict[tuple, int] = {}  # key -> the first group (in list order) offering it
    for m in ordered:
        named = m.series in _NAMED_SERIES and not (m.kind in framing.kinds() and m.series == m.kind)
        bucket = (m.kind, m.series, _group_name(m) if named else m.program or None,
                  m.parties if m.series in _generic_series() else None)
        # An event of a kind named by no series or programme (a decision, an agreement) joins
        # only those of its own date at its own precision: one year holds many decisions.
        # A meeting only sought ("wants to hold talks again later this year") is another than
        # the one held: it joins only mentions of its own date, as does an event of no name.
        loose = (m.kind in framing.kinds() and m.series == m.kind and not m.program) or m.status == "sought"
        own = ("any", _PRECISIONS.index(m.date.precision), _PRECISIONS.index(m.date.precision),
               _date_key(m.date, _PRECISIONS.index(m.date.precision)))
        hits = [index[bucket, key] for key in ([own] if loose else _query_keys(m)) if (bucket, key) in index]
        if hits:
            at = min(hits)
            groups[at].append(m)
        else:
            at = len(groups)
            groups.append([m])
        for key in ([own] if loose else _index_keys(m)):
            index[bucket, key] = min(index.get((bucket, key), at), at)
    return groups


def _name_en(kind: str, series: str, ordinal: int | None, name_ja: str, parties: tuple[str, ...] = (),
             program: str = "") -> str:
    if series in {s["id"] for s in vocab.load("series")}:
        info = _series_info(series)
        label = info["en"] if ordinal is None else f"{_ordinal_en(ordinal)} {info['short_en']}"
        if info.get("generic"):
            label = f"{_countries_en(parties)} {label}".strip()
        if "全体会合" in name_ja:
            label += " plenary"
        if kind == "establishment":
            label = f"Establishment of the {info['en']}"
        return label
    if series == "operation":
        m = re.match(r"(?P<pre>.*)「(?P<name>[^」]+)」の(?P<noun>.+)", name_ja)
        if m:
            return f"{vocab.translate(m.group('name'))} {_OPERATION_EN.get(m.group('noun'), '')}".strip()
    english = vocab.translate(name_ja, default="") or vocab.translate(re.sub(r"\(.*\)$", "", name_ja), default="")
    if not english and kind in framing.kinds():
        label = framing.kinds()[kind]["label"]["en"]
        program_en = next((p["en"] for p in vocab.load("programs") if p["id"] == program), "")
        if program_en:
            return f"{program_en}: {label}"
        if name_ja.isascii() and name_ja[:1].isupper():
            return name_ja
        # Named in Japanese only, or by its verb: the kind and who took part (Japan–Germany Agreement).
        return f"{_countries_en(parties)} {label}".strip()
    return english or {"agreement": "Agreement signed", "publication": "Strategy published",
                       "other": "Policy change" if series == "revision" else "Law enacted"}.get(kind, "Event")


def _countries_en(parties: tuple[str, ...]) -> str:
    """``Japan–Australia``: Japan first, then the others in CLDR's English names."""
    from babel import Locale

    names = Locale("en").territories
    ordered = sorted(parties, key=lambda c: (c != "JP", c))
    return "–".join(names.get(c, c) for c in ordered)


def _event_id(date: dates.ParsedDate, series: str, ordinal: int | None, name_ja: str,
              kind: str = "", parties: tuple[str, ...] = (), program: str = "") -> str:
    slug = series.lower().replace("+", "plus").replace("&", "and")
    if program:
        slug += "-" + program
    if parties and series in _known_series() and _series_info(series).get("generic"):
        slug += "-" + "-".join(c.lower() for c in parties)
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    known = {s["id"]: s["kind"] for s in vocab.load("series")}
    if series in known and kind and kind != known[series]:
        # A series' establishment and its meetings are different events.
        slug = f"{slug}-{kind}"
    if ordinal is not None:
        return f"{slug}-{ordinal}"
    digest = hashlib.sha1(name_ja.encode("utf-8")).hexdigest()[:6]
    tail = "" if series in {s["id"] for s in vocab.load("series")} else f"-{digest}"
    return f"{slug}-{date.iso().lower()}{tail}"


def _row(group: list[Mention], trust: Trust) -> tuple[dict, list[dict]]:
    """One event's row from its mentions, and the disagreements among them."""
    got = resolve(group, trust)
    best = got.date_mention
    ordinal, name_ja, people = got.ordinal, got.name_ja, got.participants
    sources = sorted({(m.doc.doc_id, m.para.n) for m in group})
    until = next((m.date.until for m in group if m.date.until and m.date.value == best.date.value), None)
    status = min((m.status for m in group), key=STATUSES.index)
    return {
        "event_id": _event_id(best.date, best.series, ordinal, name_ja, best.kind, best.parties,
                              next((m.program for m in group if m.program), "")),
        "date": best.date.iso(), "date_precision": best.date.precision,
        "end_date": until.isoformat() if until else "",
        "kind": best.kind, "status": status, "series": best.series, "ordinal": ordinal,
        "program": next((m.program for m in group if m.program), ""),
        "name_ja": name_ja, "name_en": _name_en(best.kind, best.series, ordinal, name_ja, best.parties,
                                                next((m.program for m in group if m.program), "")),
        "parties": ";".join(best.parties), "parties_basis": best.parties_basis,
        "participants": "; ".join(p.label() for p in people),
        "participants_en": "; ".join(p.label_en() for p in people),
        "venue": got.venue, "venue_en": vocab.english_name(got.venue) if got.venue else "",
        "doc_ids": ";".join(sorted({m.doc.doc_id for m in group})),
        "sources": ";".join(f"{d}:p{n}" for d, n in sources),
        # Which side's documents tell it: Japanese reports, English ones, or both.
        "languages": ";".join(sorted({text.language(m.para.text) for m in group} - {""})),
        "quote": got.quote_mention.quote, "confirmed": got.confirmed, "n_sources": got.n_stories,
    }, got.conflicts


def _unique_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Give events that would share an id a suffix (``-b``, ``-c``...), in a stable order.

    Two rows get one id when they agree on series, date and ordinal but were
    kept apart (a different kind or name): both are real readings, so both stay.
    """
    if frame["event_id"].is_unique:
        return frame
    frame = frame.sort_values(["event_id", "date", "kind", "name_ja", "sources"], kind="stable")
    nth = frame.groupby("event_id").cumcount()
    suffix = nth.map(lambda i: "" if i == 0 else "-" + _letters(i))
    frame["event_id"] = frame["event_id"] + suffix
    while not frame["event_id"].is_unique:  # a suffixed id may equal an existing one
        dup = frame["event_id"].duplicated()
        frame.loc[dup, "event_id"] = frame.loc[dup, "event_id"] + "-x"
    return frame


def _letters(i: int) -> str:
    """1 -> b, 2 -> c, ..., 25 -> z, 26 -> ba."""
    out = ""
    i += 1
    while True:
        out = "abcdefghijklmnopqrstuvwxyz"[i % 26] + out
        i //= 26
        if not i:
            return out


def events_and_conflicts(corpus: Corpus, strategies: pd.DataFrame | None = None,
                         trust: Trust | None = None,
                         mentions: list[Mention] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events table and the conflicts table of a corpus.

    Args:
        corpus: The loaded corpus.
        strategies: Its strategies table, when already built (their publication
            is an event); built here when None.
        trust: Tiers and stories of its documents (read from the corpus when None).
        mentions: Its event mentions in the order of :func:`corpus_mentions`, when
            already found (the store caches them per document); found here when None.

    Returns:
        ``events`` (:data:`COLUMNS`, ordered by date then event_id; ``ordinal`` a
        nullable integer; ``sources`` every ``doc_id:p<n>`` citing it; ``confirmed``
        false when only the lowest tier states it; ``n_sources`` its independent
        stories) and ``conflicts`` (:data:`jdib.extract.conflicts.COLUMNS`).
    """
    trust = trust or Trust.of(corpus)
    rows, disputes = [], []
    if mentions is None:
        mentions = corpus_mentions(corpus, strategies)
    # A strategy's publication is read from the strategies table, with its name: the same
    # paragraph's publication read by its trigger alone is that one.
    told = {(m.doc.doc_id, m.para.n) for m in mentions if m.series == "strategy"}
    mentions = [m for m in mentions if not (m.series == "publication" and (m.doc.doc_id, m.para.n) in told)]
    _talks_named_elsewhere(mentions)
    for n, group in enumerate(group_mentions(mentions, trust)):
        row, found = _row(group, trust)
        rows.append(row | {"_group": n})
        disputes += [c | {"_group": n} for c in found]
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "_group"])
    frame["ordinal"] = frame["ordinal"].astype("Int64")
    frame["confirmed"] = frame["confirmed"].astype(bool)
    frame["n_sources"] = frame["n_sources"].astype("int64")
    frame = _unique_ids(frame)
    ids = dict(zip(frame["_group"], frame["event_id"]))
    conflicts = conflicts_frame([{"event_id": ids[c.pop("_group")], **c} for c in disputes])
    events = frame.drop(columns="_group").sort_values(["date", "event_id"], kind="stable")
    return events.reset_index(drop=True), conflicts


def events_table(corpus: Corpus, strategies: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per event, merged across every document that mentions it.

    Each field comes from the most reliable source stating it
    (:mod:`jdib.extract.conflicts`); :func:`events_and_conflicts` also returns
    what the other sources said.

    Args:
        corpus: The loaded corpus.
        strategies: Its strategies table, when already built (their publication
            is an event); built here when None.

    Returns:
        A DataFrame with :data:`COLUMNS`, ordered by date then event_id.

    Example:
        >>> events = events_table(load_corpus("seeds"))  # doctest: +SKIP
        >>> events.set_index("event_id").loc["dicas-4", "date"]
        '2026-04-14'
    """
    return events_and_conflicts(corpus, strategies)[0]
