"""How far each source can be trusted, and which documents are reprints of one story.

Two questions every merged fact depends on. A ministry release outranks a wire
story, which outranks an aggregator page that restates it; and a wire story
carried by two outlets is one source, not two confirmations.

The tier comes, in this order, from the catalog's ``reliability`` column, from
phrases by which a page says it is machine-made, machine-translated or a machine
summary (``AIが作成``, ``機械翻訳``, an ``AI要約`` label), from a credit that
says the page carries another publisher's text (``出典：防衛省``: a ministry's text
on another site is a copy), from the publisher (the catalog's, the owner of the
URL's domain, or one standing on a line of its own at the top or end of the
text, or a byline such as ``(共同通信)``) or a government domain, and otherwise
defaults to ``established``: an unknown outlet is treated as press unless the
text says otherwise. The vocabulary lives in ``jdib/data/sources.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache

import pandas as pd

from jdib.ingest import vocab
from jdib.ingest.corpus import Corpus, Document, _english_dates
from jdib.ingest.dates import find_dates

from jdib.extract.sentences import split_sentences

TIERS = ("official", "established", "other")  # most reliable first
DEFAULT_TIER = "established"
#: A sentence shorter than this says too little to tell two stories apart.
MIN_SENTENCE_CHARS = 20
#: Shingles are runs of this many characters: long enough that two stories that
#: merely share names do not share many, short enough that an edit spoils few.
SHINGLE_CHARS = 8
#: A shingle starts at one character in about this many (see ``_anchors``),
#: enough to measure what two documents share at a fraction of the cost.
ANCHOR_EVERY = 8
#: Two documents are one story when this share of the shorter one's shingles is shared.
REPRINT_SHARE = 0.6
#: ... and at least this many: a few shared shingles say nothing.
MIN_SHARED = 4
#: The share of the numbers of one that the other must state too.
SAME_NUMBERS = 0.8
#: A shingle found in more documents than this is a formula (a standard closing
#: line, a series name), not evidence of copying; ignoring it also keeps the
#: comparison linear on large corpora of templated releases.
MAX_COPIES = 12

COLUMNS = ["doc_id", "reliability", "reliability_basis", "reprint_of"]


@dataclass(frozen=True)
class Reliability:
    """A document's tier and what it was read from.

    Attributes:
        tier: ``official``, ``established`` or ``other``.
        basis: ``catalog``, ``signal: <phrase>``, ``publisher: <name>`` or ``default``.
    """

    tier: str
    basis: str


_TIER_RANKS = {tier: n for n, tier in enumerate(TIERS)}


def tier_rank(tier: str) -> int:
    """0 for the most reliable tier; unknown tiers rank last."""
    return _TIER_RANKS.get(tier, len(TIERS))  # a lookup: merging asks once per mention per field


@dataclass(frozen=True)
class _Vocabulary:
    publishers: tuple[tuple[str, str], ...]  # (name, tier), longest name first
    credits: dict[str, str]  # short credit -> publisher
    signals: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    repost: re.Pattern[str]  # 出典：<name>
    official_domains: tuple[str, ...]


@cache
def _vocabulary() -> _Vocabulary:
    data = vocab.load("sources")
    publishers = [(name, tier) for tier in TIERS
                  for name in data["tiers"].get(tier, {}).get("publishers", [])]
    # Longest first, so 時事ドットコム is not read as some shorter name inside it.
    publishers.sort(key=lambda nt: -len(nt[0]))
    labels = "|".join(map(re.escape, data.get("repost_labels", [])))
    return _Vocabulary(tuple(publishers), dict(data.get("credits", {})),
                       tuple(data["other_signals"]),
                       tuple(re.compile(p) for p in data.get("other_patterns", [])),
                       re.compile(rf"(?i)^[(（【\[]?\s*(?:{labels})\s*[:：=]\s*(?P<name>[^()（）【】\[\]]{{1,30}}?)\s*[)）】\]]?$"),
                       tuple(data.get("official_domains", [])))


def _reposted(line: str) -> str | None:
    """The known publisher a line credits the page's text to (``出典：防衛省``), else None."""
    words = _vocabulary()
    m = words.repost.match(line)
    if not m:
        return None
    name = words.credits.get(m["name"], m["name"])
    return name if name in dict(words.publishers) else None


def _host(url: str) -> str:
    from urllib.parse import urlsplit  # imported late: only documents with a URL need it

    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


_CREDIT = re.compile(r"[(（【\[]\s*(?P<name>[^()（）【】\[\]]{1,20}?)\s*[)）】\]]\s*$")


def _publisher_on(line: str) -> tuple[str, str] | None:
    """(publisher, how) when a line names its outlet: ``publisher`` for the outlet's
    own name standing alone or closing a date line, ``credited`` for a credit in
    brackets at the end, the mark of a story carried from another outlet."""
    words = _vocabulary()
    line = line.strip()
    credit = _CREDIT.search(line)
    if credit:
        name = credit["name"]
        name = words.credits.get(name, name)
        if name in dict(words.publishers):
            return name, "credited"
    for name, _tier in words.publishers:
        if line == name or line.endswith((" " + name, "\u3000" + name)):
            return name, "publisher"
    return None


def reliability(doc: Document) -> Reliability:
    """The tier of one document.

    Args:
        doc: A loaded document (its catalog row, publisher and raw text are read).

    Returns:
        The tier and its basis: ``catalog``, ``signal: <phrase>`` (a page
        saying it is machine-made, translated or summarised: ``AI要約``,
        ``機械翻訳``, ``この記事はAIが``), ``kind: white_paper_section``,
        ``copy of: <name>`` (an official text carried on another site),
        ``publisher: <name>``, ``domain: <host>`` (a government domain),
        ``credited: <name>``, ``banner: <line>`` (a government's banner above the
        page, ``sources.yaml``: ``official_banners``), ``form: <line>`` (a form only
        a government writes: ``official_forms``) or ``default``.

    Example:
        >>> from jdib.ingest.corpus import parse_document
        >>> reliability(parse_document("d", "防衛省\\n第1回会合の開催\\n本日開催した。")).tier
        'official'
    """
    if doc.reliability:
        return Reliability(doc.reliability, "catalog")
    words = _vocabulary()
    lowered = doc.raw.lower()
    for phrase in words.signals:
        if phrase.lower() in lowered:
            return Reliability("other", f"signal: {phrase}")
    # The raw text, not the cleaned paragraphs: cleaning drops the very furniture
    # (disclaimers, bylines, comment counters) that tells who published a page.
    lines = [unicodedata.normalize("NFKC", line).strip() for line in doc.raw.splitlines() if line.strip()]
    edges = lines[:12] + lines[-8:]
    for pattern in words.patterns:
        hit = next((m for line in edges if (m := pattern.search(line))), None)
        if hit:
            return Reliability("other", f"signal: {hit.group(0)}")
    if doc.kind == "forum_post":  # a member's post, whatever it reports
        return Reliability("other", "kind: forum_post")
    stale = _stale_source(doc, lines)
    if stale:
        return Reliability("other", stale)
    misspelt = _misspelt(doc.raw)
    if misspelt:
        return Reliability("other", f"misspelt: {misspelt[0]} (for {misspelt[1]})")
    tiers = dict(words.publishers)
    if doc.kind == "white_paper_section":  # the Defense White Paper is the ministry's own
        return Reliability("official", "kind: white_paper_section")
    # A page that credits its text to another publisher is not that publisher: a
    # ministry's release on another site is a copy (its own site is where it is
    # official), a wire story carried this way keeps the wire's tier.
    for line in edges:
        name = _reposted(line)
        if name:
            if tiers[name] == "official":
                return Reliability("other", f"copy of: {name}")
            return Reliability(tiers[name], f"credited: {name}")
    if doc.publisher:
        for name, tier in words.publishers:
            if name in doc.publisher:
                return Reliability(tier, f"publisher: {name}")
    host = _host(doc.url) if doc.url else ""
    if host and any(host == d or host.endswith("." + d) for d in words.official_domains):
        return Reliability("official", f"domain: {host}")
    for line in edges:
        found = _publisher_on(line)
        if found:
            return Reliability(tiers[found[0]], f"{found[1]}: {found[0]}")
    banners = [re.compile(p) for p in vocab.load("sources").get("official_banners", [])]
    banner = next((line for line in lines[:5] if any(p.match(line) for p in banners)), None)
    if banner:
        return Reliability("official", f"banner: {banner}")
    # A form only a government writes, near the top: a page that names no publisher
    # (a regional paper under its own masthead may date itself in the era too).
    forms = [re.compile(p) for p in vocab.load("sources").get("official_forms", [])]
    form = next((line for line in lines[:8] if any(p.search(line) for p in forms)), None)
    if form and not doc.publisher:
        return Reliability("official", f"form: {form}")
    return Reliability(DEFAULT_TIER, "default")


def _stale_source(doc: Document, lines: list[str]) -> str:
    """``source dated <date>, before the page`` when a line crediting the page's source
    (``Source: …``, ``出典：…``) dates it more than ``stale_source_days`` before the page
    itself: a machine's rewrite of old news, told as new."""
    if doc.published is None or doc.published_precision != "day":
        return ""
    data = vocab.load("sources")
    labels = "|".join(map(re.escape, data.get("repost_labels", [])))
    credit = re.compile(rf"(?i)^[(（【\[]?\s*(?:{labels})\s*[:：=]")
    limit = dt.timedelta(days=data.get("stale_source_days", 365))
    for line in lines:
        if not credit.match(line):
            continue
        for when in find_dates(line) or _english_dates(line):
            if when.precision == "day" and not when.relative and doc.published - when.value > limit:
                return f"source dated {when.iso()}, before the page ({doc.published.isoformat()})"
    return ""


@cache
def _names() -> tuple[str, ...]:
    """Names a rewrite may misspell: publishers, the glossary's people, the companies of
    ``sources.yaml`` (long enough that one wrong letter is not another name)."""
    data = vocab.load("sources")
    names = {n for tier in data["tiers"].values() for n in tier.get("publishers", [])}
    names.update(vocab.glossary().values())
    # Japanese compounds differ by one character all the time (防衛装備品, 防衛装備庁):
    # only the companies' names are compared in Japanese.
    latin = {n for n in names | set(data.get("names", [])) if n.isascii() and len(n) >= 8}
    return tuple(sorted(latin | {n for n in data.get("names", []) if not n.isascii()}))


def _spelling(name: str) -> str:
    """A name as compared: British and American spellings of one name read alike."""
    return re.sub(r"ence\b", "ense", re.sub(r"is(e|ation)", r"iz\1", name.casefold()))


def _bare(name: str) -> str:
    """A name with its punctuation and spacing dropped: ``Vice Minister``, ``Vice-Minister``
    and ``vice minister`` are one name written three ways, not misspellings of each other."""
    return "".join(ch for ch in name if ch.isalnum())


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with one letter wrong, missing, added or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def _misspelt(raw: str) -> tuple[str, str] | None:
    """(as written, the name) when a page writes a known name with one letter wrong and
    never the name itself: a rewrite's misspelling (``Mitsubishi Heavy Industires``,
    ``三菱重行``), not a name of its own (a variant that is itself known is one)."""
    body = unicodedata.normalize("NFKC", raw)
    names = _names()
    known = {_bare(_spelling(n)) for n in names}
    folded = _spelling(body)
    for name in names:
        key = _spelling(name)
        if key in folded:
            continue
        for anchor, at_start in ((key[:3], True), (key[-3:], False)):
            start = folded.find(anchor)
            while start != -1:
                # A Japanese name one character short is a prefix of it, not a misspelling.
                for size in (len(key) - 1, len(key), len(key) + 1) if key.isascii() else (len(key),):
                    lo = start if at_start else start + 3 - size
                    seen = folded[max(lo, 0):max(lo, 0) + size]
                    if (_bare(seen) not in known and _one_edit(seen, key)
                            and _whole(folded, max(lo, 0), size)):
                        return body[max(lo, 0):max(lo, 0) + size], name
                start = folded.find(anchor, start + 1)
    return None


def _whole(text: str, start: int, size: int) -> bool:
    """Whether text[start:start+size] stands as a word of its own (Latin names only)."""
    end = start + size
    if not text[start:end].isascii():
        return True
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


def _originality(basis: str) -> int:
    """How likely a document is a story's first printing, by what its tier rests on:
    an outlet's own name before a credit to another, before nothing, before a copier."""
    for rank, prefix in enumerate(("catalog", "publisher", "kind", "credited", "default")):
        if basis.startswith(prefix):
            return rank
    return 5


@dataclass(frozen=True, slots=True)
class Story:
    """What reprint detection compares of one document's body text.

    Attributes:
        shingles: A content-defined sample of the character shingles of its body
            sentences, once their endings are normalised (see :func:`story_sentences`),
            as CRC-32 checksums.
        numbers: The numbers its body states (dates, counts, amounts).
    """

    shingles: frozenset[int]
    numbers: frozenset[str]


# A sentence's closing inflection: 開いた, 開きました, 実施した, 実施しました, …とのことです
# all end in a run of kana (and perhaps a full stop) that a retelling changes freely.
_ENDING = re.compile(r"[\u3041-\u309f]+[。．.！!]?$|[。．.！!]$")
_NUMBER = re.compile(r"\d+")


@cache
def _anchors() -> re.Pattern[str]:
    # Shingles start at anchors chosen by the character itself (one code point in
    # ANCHOR_EVERY of the digits, Latin letters, katakana and kanji): two documents
    # sharing a passage share its anchors wherever it stands, and kana, where
    # endings and particles change, never anchor one.
    ranges = ((0x30, 0x7A), (0x30A1, 0x30FA), (0x4E00, 0x9FFF))
    chars = "".join(chr(c) for lo, hi in ranges for c in range(lo, hi + 1) if c % ANCHOR_EVERY == 0)
    return re.compile("[" + re.escape(chars) + "]")


def _shingle_hashes(sentence: str):
    for m in _anchors().finditer(sentence):
        shingle = sentence[m.start():m.start() + SHINGLE_CHARS]
        if len(shingle) == SHINGLE_CHARS:
            yield zlib.crc32(shingle.encode())


def story_sentences(doc: Document) -> Story:
    """The body text of a document that reprint detection compares.

    Each body sentence is normalised as a retelling would leave it comparable
    (NFKC, no whitespace, its closing inflection dropped, so ``発表しました`` and
    ``発表した`` read alike), and cut into shingles of :data:`SHINGLE_CHARS`
    characters, each starting at an anchor: a character the text itself
    chooses (about one in :data:`ANCHOR_EVERY`), so two documents keep the same
    sample of the text they share wherever it stands. The store caches this for
    every document.

    Example:
        >>> from jdib.ingest.corpus import parse_document
        >>> a = parse_document("a", "見出し\\n日米両政府は9日、防衛装備品の共同生産を話し合う定期協議の初会合を防衛省で開いた。")
        >>> b = parse_document("b", "見出し\\n日米両政府は9日、防衛装備品の共同生産を話し合う定期協議の初会合を防衛省で開きました。")
        >>> story_sentences(a) == story_sentences(b)
        True
    """
    shingles: set[int] = set()
    numbers: set[str] = set()
    for para in doc.paragraphs:
        if para.role not in ("body", "bullet"):
            continue
        for sentence in split_sentences(para.text):
            key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", sentence))
            if len(key) < MIN_SENTENCE_CHARS:
                continue
            key = _ENDING.sub("", key)
            numbers.update(_NUMBER.findall(key))
            shingles.update(_shingle_hashes(key))
    return Story(frozenset(shingles), frozenset(numbers))


def _same_facts(a: Story, b: Story) -> bool:
    """Whether the numbers of the document with fewer state those of the other: a
    retelling keeps its story's dates and figures, while templated releases of
    different meetings differ in just these."""
    small, large = (a, b) if len(a.numbers) <= len(b.numbers) else (b, a)
    return not small.numbers or len(small.numbers & large.numbers) >= SAME_NUMBERS * len(small.numbers)


def reprints(corpus: Corpus, found: dict[str, Reliability] | None = None,
             sentences: dict[str, Story] | None = None) -> dict[str, str]:
    """Which documents reprint another's story.

    Two documents are one story when the shingles they share (see
    :func:`story_sentences`) make up at least :data:`REPRINT_SHARE` of the
    shorter one's, and they state the same numbers: a copy, a copy with its
    endings made polite or plain, a copy with small edits. Within a story the
    original is the earliest published, then the most reliable, then the one
    that names itself rather than crediting another outlet, then the one whose
    bytes hash lowest, so file names never decide.

    Args:
        corpus: The loaded corpus.
        found: doc_id to its :func:`reliability` (computed when None).
        sentences: doc_id to its :func:`story_sentences` (computed when None).

    Returns:
        doc_id of each reprint to the doc_id of its story's original; originals
        and documents that are nobody's copy are absent.
    """
    found = found or {d.doc_id: reliability(d) for d in corpus}
    sentences = sentences or {d.doc_id: story_sentences(d) for d in corpus}
    size = {doc_id: len(s.shingles) for doc_id, s in sentences.items()}
    holders: dict[int, list[str]] = {}
    for doc_id, story in sentences.items():
        for key in story.shingles:
            holders.setdefault(key, []).append(doc_id)
    shared: dict[tuple[str, str], int] = {}
    for docs in holders.values():
        if 1 < len(docs) <= MAX_COPIES:
            for i, a in enumerate(docs):
                for b in docs[i + 1:]:
                    pair = (a, b) if a < b else (b, a)
                    shared[pair] = shared.get(pair, 0) + 1
    parent = {d.doc_id: d.doc_id for d in corpus}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), count in shared.items():
        if (count >= max(MIN_SHARED, REPRINT_SHARE * min(size[a], size[b]))
                and _same_facts(sentences[a], sentences[b])):
            parent[root(a)] = root(b)
    stories: dict[str, list[Document]] = {}
    for doc in corpus:
        stories.setdefault(root(doc.doc_id), []).append(doc)
    copies: dict[str, str] = {}
    for docs in stories.values():
        if len(docs) < 2:
            continue
        original = min(docs, key=lambda d: (
            d.published is None, d.published or dt.date.min, tier_rank(found[d.doc_id].tier),
            _originality(found[d.doc_id].basis), d.sha256))
        copies.update({d.doc_id: original.doc_id for d in docs if d is not original})
    return copies


def sources_table(corpus: Corpus, found: dict[str, Reliability] | None = None,
                  copies: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per document: its tier, what the tier was read from, the story it reprints.

    Args:
        corpus: The loaded corpus.
        found: doc_id to its :func:`reliability`, when known (computed when None).
        copies: :func:`reprints` of the corpus, when known (computed when None).

    Returns:
        A DataFrame with :data:`COLUMNS`, ordered by doc_id.
    """
    found = found or {d.doc_id: reliability(d) for d in corpus}
    copies = reprints(corpus, found) if copies is None else copies
    rows = [{"doc_id": d.doc_id, "reliability": found[d.doc_id].tier,
             "reliability_basis": found[d.doc_id].basis,
             "reprint_of": copies.get(d.doc_id, "")} for d in corpus]
    return pd.DataFrame(rows, columns=COLUMNS)
