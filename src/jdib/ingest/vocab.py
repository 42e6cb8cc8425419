"""Vocabularies read once from ``jdib/data``: names, aliases, keywords, glossary.

These files hold words, never facts: no dates, figures or statuses.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from functools import cache
from importlib import resources
from pathlib import Path

from jdib.errors import InputError
from jdib.ingest import limits


def _read_yaml(name: str):
    import yaml  # imported late to keep `import jdib` fast

    return yaml.safe_load(resources.files("jdib.data").joinpath(name).read_text("utf-8"))


@cache
def boilerplate() -> dict[str, list[str]]:
    """Patterns of web page furniture: where navigation starts, lines to drop."""
    return _read_yaml("boilerplate.yaml")


@cache
def publishers() -> frozenset[str]:
    """Names of publishers that head documents: those of ``publishers.yaml`` and every
    outlet ``sources.yaml`` gives a tier (an outlet's name is never a headline)."""
    tiers = _read_yaml("sources.yaml")["tiers"]
    outlets = {name for tier in tiers.values() for name in tier.get("publishers", []) if len(name) > 3}
    return frozenset(_read_yaml("publishers.yaml")) | outlets


@cache
def glossary() -> dict[str, str]:
    """Japanese term to English, longest terms first so they win when replacing.

    The glossary is the union of every ``glossary*.csv`` (columns ``ja,en``),
    then of the user's own CSV files named in ``JDIB_GLOSSARY`` (separated like
    ``PATH``), whose entries win.
    """
    rows: dict[str, str] = {}
    texts = [p.read_text("utf-8-sig") for p in sorted(resources.files("jdib.data").iterdir(), key=lambda p: p.name)
             if p.name.startswith("glossary") and p.name.endswith(".csv")]
    users = [_user_glossary(Path(p)) for p in os.environ.get("JDIB_GLOSSARY", "").split(os.pathsep) if p]
    for text in texts + users:
        rows.update({(r.get("ja") or "").strip(): (r.get("en") or "").strip()
                     for r in csv.DictReader(io.StringIO(text, newline="")) if r.get("ja") and r.get("en")})
        if len(rows) > limits.GLOSSARY_ENTRIES:
            raise InputError("JDIB_GLOSSARY", f"the glossaries hold more than {limits.GLOSSARY_ENTRIES:,} "
                                              "entries, more than jdib reads")
    return dict(sorted(rows.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def _user_glossary(path: Path) -> str:
    """The text of a glossary named in ``JDIB_GLOSSARY``, read up to its size limit."""
    import stat

    from jdib.ingest.files import read_limited

    what = "the glossary named in JDIB_GLOSSARY"
    with contextlib.suppress(OSError):  # a missing file: read_limited names it
        mode = os.stat(path).st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):  # opening one waits for a writer, maybe forever
            kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket"
            raise InputError(path, f"{what} is {kind}, not a file; not read")
    data = read_limited(path, limits.GLOSSARY_BYTES, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, f"{what} is not UTF-8 text") from None
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    if not {"ja", "en"} <= {c.strip() for c in header}:  # else every row would be passed over in silence
        found = f"the columns {','.join(header)}" if header else "no header line"
        raise InputError(path, f"{what} has {found}; expected the columns ja,en (Japanese, English)")
    return text


@cache
def load(name: str):
    """A YAML vocabulary from ``jdib/data`` by file stem (``series``, ``programs``...)."""
    return _read_yaml(f"{name}.yaml")


def translate(term: str, default: str | None = None) -> str:
    """The English for a Japanese term: exact glossary entry, else ``default``.

    Args:
        term: A Japanese name as printed in a document.
        default: What to return when the glossary has no entry (the term itself
            when None, so callers can see what is missing).

    Example:
        >>> translate("防衛装備庁長官")
        'Commissioner of ATLA'
    """
    return glossary().get(term, term if default is None else default)


@cache
def _kakasi():
    import pykakasi  # imported late: its dictionary takes a moment to load

    return pykakasi.kakasi()


def english_name(ja: str) -> str:
    """A person's or place's name in English: the glossary's, else a romanisation
    marked as a guess (``Rapurante (romanised)``), never presented as the English name.

    Example:
        >>> english_name("横須賀市"), english_name("山田太郎")
        ('Yokosuka', 'Yamada Taro (romanised)')
    """
    if ja.isascii():  # already English
        return ja
    known = translate(ja, default="")
    if not known and "・" in ja:
        known = translate(ja.rsplit("・", 1)[1], default="")
    if not known:
        # A place named with its country or state first: 米ハワイ州ホノルル is Honolulu.
        known = next((en for term, en in glossary().items() if len(term) >= 2 and ja.endswith(term)
                      and len(term) < len(ja)), "")
    return known or f"{romanize(ja)} (romanised)"


def romanize(text: str) -> str:
    """Hepburn romanisation for a name the glossary lacks (``山田太郎`` -> ``Yamada Taro``).

    Long vowels are written plainly (``tarou`` -> ``taro``), as passports do.
    """
    words = [w["hepburn"] for w in _kakasi().convert(text.replace("・", " "))]
    joined = " ".join(w.strip() for w in words if w.strip())
    joined = joined.replace("ou ", "o ").replace("uu", "u")
    joined = joined[:-2] + "o" if joined.endswith("ou") else joined
    return " ".join(part.capitalize() for part in joined.split())


def user_glossaries() -> list[list[str]]:
    """Each glossary named in ``JDIB_GLOSSARY`` with the SHA-256 of its bytes.

    Caches of results (the store's, the build's) take this into their keys, so
    an edited glossary makes them stale. Something that is not a regular file
    (a device, a pipe) is named, never read: :func:`glossary` says what is wrong.
    """
    import hashlib

    out = []
    for name in os.environ.get("JDIB_GLOSSARY", "").split(os.pathsep):
        if name:
            path = Path(name)
            if path.is_file():
                with path.open("rb") as fh:
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
            else:
                digest = "not a file"
            out.append([str(path.resolve()), digest])
    return out
