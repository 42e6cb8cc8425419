"""The programs table: each statement a document makes about a program's progress.

A statement is a sentence naming a program (AMRAAM, PAC-3 MSE, SM-3 Block IIA,
ship and engine maintenance, supply chain...). Its stage is read from the words
after the program's name (``特定`` scope identified, ``加速`` agreed to accelerate,
``行われた`` in execution...). A bullet that names programs without a verb takes
the verb that closes its list (``…の進展 / …の共同維持整備 / …取組を加速し…一致した``).
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from jdib.ingest import vocab
from jdib.ingest.corpus import Corpus, Document, Paragraph
from jdib.ingest.text import language
from jdib.extract.sentences import split_sentences

COLUMNS = ["program_id", "name_en", "name_ja", "category", "working_group", "working_group_en",
           "doc_id", "doc_date", "para_id", "stage", "stage_rank", "status_en", "cue_ja", "quote"]

_WORKING_GROUP = re.compile(r"^(?P<wg>[^、。\s]+?(?:作業部会|分科会))(?:について|については)")
_LOOKAHEAD = 4


@cache
def _programs() -> list[dict]:
    return vocab.load("programs")


@cache
def _stage_cues() -> list[tuple[str, str, str]]:
    """(stage, cue, English) in the order they are tried."""
    return [(entry["stage"], cue, en) for entry in vocab.load("stages")["cues"]
            for cue, en in entry["cues"].items()]


def stage_ladder() -> list[str]:
    """Stages from the earliest to the most advanced, as charts order them."""
    return list(vocab.load("stages")["ladder"])


def read_stage(text: str) -> tuple[str, str, str] | None:
    """The stage a statement gives, as (stage, cue, English status), or None.

    Example:
        >>> read_stage("CCAの製造を特定するとともに、議論を更に進めることで一致した。")
        ('scope_identified', '特定する', 'identified the scope')
    """
    for stage, cue, en in _stage_cues():
        if cue in text:
            return stage, cue, en
    return None


_SEPARATORS = r"[-‐－\s・()（）]*"
_ROMAN = {"2": "(?:2|II|Ⅱ)", "3": "(?:3|III|Ⅲ)"}


def _spelling_pattern(alias: str) -> str:
    """A pattern matching every spelling of a name: hyphens, spaces and brackets may
    come and go, letters in either case, 2 and 3 also as Roman numerals, so
    ``PAC-3 MSE`` finds ``PAC3MSE`` and ``PAC-3(MSE)``, and ``SM-3ブロックIIA`` finds
    ``SM-3ブロック2A``."""
    chars = [c for c in alias if not re.fullmatch(_SEPARATORS, c)]
    chars = "".join(chars).replace("III", "3").replace("II", "2")
    return _SEPARATORS.join(_ROMAN.get(c, re.escape(c)) for c in chars)


@cache
def _spellings() -> list[tuple[dict, re.Pattern[str]]]:
    return [(p, re.compile("|".join(_spelling_pattern(a) for a in sorted(p["aliases"], key=len, reverse=True)),
                           re.IGNORECASE))
            for p in _programs()]


def find_programs(text: str) -> list[tuple[dict, int]]:
    """Programs named in a text with the offset of their first name, in text order.

    Names are compared as spellings (see :func:`_spelling_pattern`), so ``PAC3``,
    ``PAC-3(MSE)`` and ``SM-3ブロック2A`` find their programs.
    """
    found = []
    for program, pattern in _spellings():
        m = pattern.search(text)
        if m:
            found.append((program, m.start()))
    return sorted(found, key=lambda pair: pair[1])


def _working_group(para: Paragraph) -> str:
    m = _WORKING_GROUP.match(para.text)
    return m.group("wg") if m else ""


def document_statements(doc: Document) -> list[dict]:
    """Every program statement of one document, as table rows.

    Args:
        doc: A cleaned document.

    Returns:
        One dict per (sentence, program) with a stage.
    """
    rows: list[dict] = []
    paras = doc.paragraphs
    for i, para in enumerate(paras):
        for sentence in split_sentences(para.text):
            english = language(sentence) == "en"
            for program, pos in find_programs(sentence):
                # Japanese tells the stage after the program (AMRAAMの共同生産を加速),
                # English before it (agreed to accelerate co-production of AMRAAM).
                stage = read_stage(sentence if english else sentence[pos:])
                if stage is None and para.role == "bullet" and not sentence.endswith("。"):
                    stage = _closing_stage(paras[i + 1:i + 1 + _LOOKAHEAD])
                if stage is None:
                    continue
                rows.append(_row(doc, para, program, sentence, stage))
    return rows


def _closing_stage(following: tuple[Paragraph, ...]) -> tuple[str, str, str] | None:
    """The stage given by the bullet that closes a list of verbless bullets."""
    for para in following:
        if para.role != "bullet":
            return None
        stage = read_stage(para.text)
        if stage:
            return stage
    return None


def _row(doc: Document, para: Paragraph, program: dict, sentence: str, stage) -> dict:
    wg = _working_group(para)
    name, cue, status = stage
    return {
        "program_id": program["id"], "name_en": program["en"], "name_ja": program["ja"],
        "category": program["category"], "working_group": wg,
        "working_group_en": vocab.translate(wg, default="") if wg else "",
        "doc_id": doc.doc_id, "doc_date": doc.published_iso, "para_id": para.para_id,
        "stage": name, "stage_rank": stage_ladder().index(name), "status_en": status,
        "cue_ja": cue, "quote": sentence,
    }


def programs_table(corpus: Corpus) -> pd.DataFrame:
    """One row per statement about a program, in document date order.

    Args:
        corpus: The loaded corpus.

    Returns:
        A DataFrame with :data:`COLUMNS`; ``stage_rank`` orders stages along
        :func:`stage_ladder`.

    Example:
        >>> programs = programs_table(load_corpus("seeds"))  # doctest: +SKIP
        >>> programs.query("program_id == 'amraam'")[["doc_date", "stage"]].values.tolist()
        [['2026-01-20', 'agreed_to_accelerate'], ['2026-04-17', 'scope_identified']]
    """
    rows = [row for doc in corpus for row in document_statements(doc)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = frame["para_id"].str.extract(r":p(\d+)$")[0].astype(int) if len(frame) else []
    return (frame.assign(_n=order)
            .sort_values(["doc_date", "doc_id", "_n", "program_id"], kind="stable")
            .drop(columns="_n").reset_index(drop=True))
