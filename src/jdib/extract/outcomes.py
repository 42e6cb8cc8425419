"""The outcomes table: what each meeting agreed, confirmed, welcomed or asked for.

A meeting document is one whose title names a meeting series. Each of its
sentences that reports a result is classed by its closing verb: the outcome cue
nearest the end of the sentence (``…を確認するとともに…で一致した`` is agreed).
Items of a list (``…を進めていくこと``) take the verb of the sentence that
introduced the list. Sentences without an outcome verb count only when they
report what someone stated (``…旨を述べた``); background is left out.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from jdib.ingest import vocab
from jdib.ingest.corpus import Corpus, Document
from jdib.ingest.text import language
from jdib.extract.mentions import find_series
from jdib.extract.programs import find_programs
from jdib.extract.sentences import split_sentences

COLUMNS = ["outcome_id", "doc_id", "para_id", "series", "verb_class", "verb_ja", "topic_en",
           "quote"]
CLASSES = ["agreed", "confirmed", "welcomed", "received_report", "requested", "evaluated",
           "emphasized", "discussed", "other"]

_NOT_OUTCOME = re.compile(r"公表した|発表した|お知らせ|以下のとおり|次のとおりである")
# A result is reported in the past tense; present-tense sentences explain background.
_PAST = re.compile(r"(?:た|ました)。$")
_STATED = re.compile(r"述べ|示し|表明|発言")
_WORKING_GROUP = re.compile(r"[^、。\s]+?(?:作業部会|分科会)")


@cache
def _cues() -> list[tuple[str, str]]:
    return [(cls, cue) for cls, cues in vocab.load("outcome_verbs").items() for cue in cues]


def closing_verb(sentence: str) -> tuple[str, str]:
    """The outcome class of a sentence and the cue that decided it.

    Example:
        >>> closing_verb("具体的方策を確認し、加速することで一致した。")
        ('agreed', '一致')
        >>> closing_verb("They agreed to accelerate co-production and welcomed progress.")
        ('agreed', 'agreed')
    """
    if language(sentence) == "en":
        found = [(m.start(), cls, cue) for cls, cue in _cues() if cue.isascii()
                 for m in re.finditer(rf"(?<![A-Za-z]){re.escape(cue)}(?![A-Za-z])", sentence)]
        return (min(found)[1], min(found)[2]) if found else ("other", "")
    best = ("other", "", -1)
    for cls, cue in _cues():
        pos = sentence.rfind(cue)
        if pos > best[2] or (pos == best[2] and pos >= 0 and len(cue) > len(best[1])):
            best = (cls, cue, pos)
    return best[0], best[1]


def topic(sentence: str) -> str:
    """What a sentence is about, in English: a program, a working group, a series."""
    programs = find_programs(sentence)
    if programs:
        return programs[0][0]["en"]
    wg = _WORKING_GROUP.search(sentence)
    if wg and vocab.translate(wg.group(0), default=""):
        return vocab.translate(wg.group(0))
    series = find_series(sentence)
    if series:
        return next(s["short_en"] for s in vocab.load("series") if s["id"] == series[0].series)
    return "general"


def document_outcomes(doc: Document) -> list[dict]:
    """The outcome sentences of one meeting document (none for other documents)."""
    title_series = find_series(doc.title)
    if not title_series:
        return []
    rows: list[dict] = []
    intro: tuple[str, str] = ("other", "")
    for para in doc.paragraphs:
        if para.role in ("heading", "footnote", "table_row"):
            continue
        for sentence in split_sentences(para.text):
            is_item = para.role == "bullet" and sentence.endswith("こと")
            english = language(sentence) == "en"
            if not (_PAST.search(sentence) or is_item or english) or _NOT_OUTCOME.search(sentence):
                continue
            cls, cue = intro if is_item else closing_verb(sentence)
            if cls == "other" and (english or not _STATED.search(sentence)):
                continue
            if not is_item:
                intro = (cls, cue)
            rows.append({"doc_id": doc.doc_id, "para_id": para.para_id,
                         "series": title_series[0].series, "verb_class": cls, "verb_ja": cue,
                         "topic_en": topic(sentence), "quote": sentence})
    return rows


def outcomes_table(corpus: Corpus) -> pd.DataFrame:
    """One row per outcome sentence of every meeting document.

    Args:
        corpus: The loaded corpus.

    Returns:
        A DataFrame with :data:`COLUMNS` in document and reading order;
        ``verb_class`` is one of :data:`CLASSES`.
    """
    rows = [row for doc in corpus for row in document_outcomes(doc)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if len(frame):
        frame["outcome_id"] = frame.groupby("doc_id").cumcount().add(1).astype(str).radd(frame["doc_id"] + ":o")
    return frame
