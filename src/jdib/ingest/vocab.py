"""Vocabularies read once from ``jdib/data``: names, aliases, keywords, glossary.

These files hold words, never facts: no dates, figures or statuses.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def _read_yaml(name: str):
    import yaml  # imported late to keep `import jdib` fast

    return yaml.safe_load(resources.files("jdib.data").joinpath(name).read_text("utf-8"))


@cache
def boilerplate() -> dict[str, list[str]]:
    """Patterns of web page furniture: where navigation starts, lines to drop."""
    return _read_yaml("boilerplate.yaml")


@cache
def publishers() -> frozenset[str]:
    """Names of publishers that head official documents."""
    return frozenset(_read_yaml("publishers.yaml"))


@cache
def glossary() -> dict[str, str]:
    """Japanese term to English, longest terms first so they win when replacing.

    The glossary is the union of every ``glossary*.csv`` (columns ``ja,en``).
    """
    rows: dict[str, str] = {}
    for path in sorted(resources.files("jdib.data").iterdir(), key=lambda p: p.name):
        if path.name.startswith("glossary") and path.name.endswith(".csv"):
            with path.open(encoding="utf-8", newline="") as fh:
                rows.update({r["ja"]: r["en"] for r in csv.DictReader(fh)})
    return dict(sorted(rows.items(), key=lambda kv: (-len(kv[0]), kv[0])))


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


def romanize(text: str) -> str:
    """Hepburn romanisation for a name the glossary lacks (``山田太郎`` -> ``Yamada Taro``).

    Long vowels are written plainly (``tarou`` -> ``taro``), as passports do.
    """
    words = [w["hepburn"] for w in _kakasi().convert(text.replace("・", " "))]
    joined = " ".join(w.strip() for w in words if w.strip())
    joined = joined.replace("ou ", "o ").replace("uu", "u")
    joined = joined[:-2] + "o" if joined.endswith("ou") else joined
    return " ".join(part.capitalize() for part in joined.split())
