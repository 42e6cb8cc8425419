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


def _squash(text: str) -> tuple[str, list[int]]:
    """Text as spellings are compared, with each kept character's offset in ``text``.

    Hyphens, spaces and brackets are dropped, letters upper-cased and Roman
    numerals II/III read as 2/3, so ``PAC-3(MSE)``, ``PAC3 MSE`` and ``PAC-3MSE``
    or ``SM-3ブロック2A`` and ``SM-3ブロックIIA`` are one spelling.
    """
    out, where = [], []
    i = 0
    while i < len(text):
        c = text[i]
        if c in "-‐－ ・()（）":
            i += 1
            continue
        for roman, digit in (("III", "3"), ("II", "2")):
            if text.startswith(roman, i) and (i + len(roman) >= len(text) or not text[i + len(roman)].isupper()
                                              or text[i + len(roman)] == "A"):
                out.append(digit)
                where.append(i)
                i += len(roman)
                break
        else:
            out.append(c.upper())
            where.append(i)
            i += 1
    return "".join(out), where


@cache
def _squashed_aliases() -> list[tuple[dict, tuple[str, ...]]]:
    return [(p, tuple(_squash(a)[0] for a in p["aliases"])) for p in _programs()]


def find_programs(text: str) -> list[tuple[dict, int]]:
    """Programs named in a text with the offset of their first name, in text order.

    Names are compared as spellings (see :func:`_squash`), so ``PAC3``,
    ``PAC-3(MSE)`` and ``SM-3ブロック2A`` find their programs.
    """
    squashed, where = _squash(text)
    found = []
    for program, aliases in _squashed_aliases():
        hits = [squashed.find(a) for a in aliases if a and a in squashed]
        if hits:
            found.append((program, where[min(hits)]))
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
            for program, pos in find_programs(sentence):
                stage = read_stage(sentence[pos:])
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
