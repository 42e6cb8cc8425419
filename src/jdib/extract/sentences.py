"""Sentences of a paragraph: the unit that extractors read and quote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from jdib.ingest.corpus import Corpus, Document, Paragraph

_END = re.compile(r"(?<=。)|\n")
# English: a full stop, ? or ! and a space before a capital, unless the stop ends an
# abbreviation (U.S., Dr., Jan., No.) or an initial (Donald J. Trump).
_EN_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z\"“(])")
_ABBREVIATION = re.compile(r"(?:\b(?:U\.S|U\.K|Mr|Mrs|Ms|Dr|Gen|Adm|Lt|Col|Sgt|Rep|Sen|Gov|St|No|Nos|Vol|pp|"
                           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs|etc|approx|a\.m|p\.m)"
                           r"|\b[A-Z])\.$")


@dataclass(frozen=True)
class Sentence:
    """One sentence with the paragraph and document it came from.

    Attributes:
        text: The sentence, stripped.
        doc: Its document (for the reference date of relative dates).
        para: Its paragraph (for the citation).
    """

    text: str
    doc: Document
    para: Paragraph

    @property
    def cite(self) -> dict[str, str]:
        """The citation columns every table row carries."""
        return {"doc_id": self.doc.doc_id, "para_id": self.para.para_id, "quote": self.text}


def split_sentences(text: str) -> list[str]:
    """Split Japanese text after each 。, English text after each full stop that ends a
    sentence, and both at line breaks (table cells).

    Example:
        >>> split_sentences("一致した。確認した。\\n次の行")
        ['一致した。', '確認した。', '次の行']
        >>> split_sentences("The U.S. and Japan met. Dr. LaPlante spoke.")
        ['The U.S. and Japan met.', 'Dr. LaPlante spoke.']
    """
    return list(_split(text))


# Every extractor splits the same paragraphs: split each once while a document is read.
@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in (s.strip() for s in _END.split(text) if s and s.strip()):
        if "。" in part or not re.search(r"[.!?]\s", part):
            out.append(part)
            continue
        pieces: list[str] = []
        for piece in _EN_END.split(part):
            if pieces and _ABBREVIATION.search(pieces[-1]):
                pieces[-1] += " " + piece
            else:
                pieces.append(piece)
        out.extend(pieces)
    return tuple(out)


def sentences(doc: Document) -> Iterator[Sentence]:
    """Every sentence of a document, in reading order."""
    for para in doc.paragraphs:
        for s in split_sentences(para.text):
            yield Sentence(s, doc, para)


def corpus_sentences(corpus: Corpus) -> Iterator[Sentence]:
    """Every sentence of every document, in doc_id then reading order."""
    for doc in corpus:
        yield from sentences(doc)
