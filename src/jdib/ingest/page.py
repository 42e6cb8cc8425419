"""What a web page puts around its story, and what its form says about it.

A page read without a catalog has to tell its own title, date, publisher and
kind. Around the story every site puts furniture (skip links, cookie and
government banners, breadcrumbs, share counters, captions, speaker labels,
member profiles, page markers, advertising, related lists), and the same
furniture on every page of the site: a line that is furniture is never a title,
a lead, a publication date or a publisher. What each kind of furniture looks
like is data (``jdib/data/page_furniture.yaml``); this module says what a line
is, in which order a page writes numeric dates, who the page says published it
and what kind of page it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from jdib.ingest import dates, text, vocab


@cache
def _data() -> dict:
    return vocab.load("page_furniture")


@cache
def _kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = _data()
    found = [(kind, re.compile(p)) for kind, patterns in data["kinds"].items() for p in patterns]
    # The older families: labels heading a box, captions, counters, disclaimers.
    found += [("caption", re.compile(p)) for p in data["captions"]]
    found += [("counter", re.compile(p)) for p in data["counters"]]
    found += [("disclaimer", re.compile(p)) for p in data["disclaimers"]]
    return tuple(found)


@cache
def _labels() -> frozenset[str]:
    return frozenset(label.casefold() for label in _data()["labels"])


def furniture(line: str) -> str | None:
    """What a line of page furniture is (``skip link``, ``breadcrumb``, ``profile``, …),
    or None for a line of the page's own.

    Example:
        >>> furniture("Skip to main content"), furniture("Joined: Mar 2011")
        ('skip link', 'profile')
        >>> furniture("Japan and Australia to study joint production of missiles") is None
        True
    """
    t = unicodedata.normalize("NFKC", line).strip()
    if t.casefold() in _labels():
        return "label"
    return next((kind for kind, pattern in _kinds() if pattern.search(t)), None)


@cache
def _title_marks() -> re.Pattern[str]:
    data = _data()
    return re.compile("|".join(f"(?:{p})" for p in data["title_prefixes"] + data["title_suffixes"]))


def bare_title(title: str) -> str:
    """A headline without the labels a page puts before it (a forum's ``Topic:``) or the
    marks after it (a board's thread number ``[123456789]``).

    Example:
        >>> bare_title("Topic: Frigates for Australia"), bare_title("護衛艦の輸出が決定 [987654321]")
        ('Frigates for Australia', '護衛艦の輸出が決定')
    """
    return _title_marks().sub("", title).strip() or title


def own_lines(lines: list[text.Line]) -> list[text.Line]:
    """The page's own lines: its furniture left out, and everything from the start of a
    list of other stories (``Related``, ``Most Read``, ``関連記事``) once the story has begun."""
    out: list[text.Line] = []
    started = False
    for line in lines:
        kind = furniture(line.text)
        if kind in _data()["related_starts"] and started:
            break
        if kind is None:
            out.append(line)
            started = started or len(line.text) > 60
    return out


# Numeric dates written with the day and month as numbers before the year.
_DAY_MONTH_YEAR = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/])")


def date_order(lines: list[text.Line]) -> str | None:
    """``dmy`` or ``mdy``: the order the page writes numeric dates in, when it tells.

    An unambiguous date of the page (``18/01/2024``: no month 18) tells it; else
    the banner of the site it stands on (``page_furniture.yaml``: ``date_order``).
    """
    orders = set()
    for line in lines:
        for m in _DAY_MONTH_YEAR.finditer(line.text):
            a, b = int(m["a"]), int(m["b"])
            if a > 12 >= b:
                orders.add("dmy")
            elif b > 12 >= a:
                orders.add("mdy")
    if len(orders) == 1:
        return orders.pop()
    if orders:
        return None
    for order, key in (("mdy", "month_first"), ("dmy", "day_first")):
        if any(re.search(p, line.text) for p in _data()["date_order"][key] for line in lines[:15]):
            return order
    return None


def numeric_dates(line: str, order: str | None) -> list[dates.ParsedDate]:
    """The day-month-year or month-day-year dates of a line, each read by the day's value
    (``18/01/2024``: no month 18) or else by the page's ``order``; one that neither
    tells is left out."""
    import datetime as dt

    found = []
    for m in _DAY_MONTH_YEAR.finditer(line):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if a > 12 or (a != b and b <= 12 and order == "dmy"):
            day, month = a, b
        elif b > 12 or (a != b and order == "mdy"):
            day, month = b, a
        elif a == b:
            day = month = a
        else:
            continue
        try:
            found.append(dates.ParsedDate(dt.date(y, month, day), "day", m.group(0), m.start(), m.end(), False))
        except ValueError:
            continue
    return found


def header_date(line: str) -> str | None:
    """The date inside a record's header or a board's post header, as written."""
    data = _data()
    for pattern in data["record_dates"] + data["post_headers"]:
        m = re.search(pattern, line)
        if m:
            return m["date"]
    return None


def is_post(lines: list[text.Line]) -> bool:
    """Whether the page is a forum, question-site or social post: it shows a member's
    profile, a board's post header, or a post's share counters."""
    return any(furniture(line.text) == "profile" or header_date(line.text) and re.search(r"ID:", line.text)
               for line in lines) or _social(lines)


def _social(lines: list[text.Line]) -> bool:
    return any(re.search(r"(?i)\b(?:reposts?|retweets?)\b|件のリポスト|件のいいね", line.text)
               and furniture(line.text) == "counter" for line in lines)


@cache
def _page_kinds() -> tuple[tuple[str, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]], ...]:
    return tuple((kind, tuple(re.compile(p) for p in spec.get("labels", [])),
                  tuple(re.compile(p) for p in spec.get("titles", [])))
                 for kind, spec in _data()["page_kinds"].items())


def page_kind(lines: list[text.Line], title: str, official: bool) -> str | None:
    """The kind of page its form tells, or None.

    A member's profile or a post's counters make a forum post; a record series'
    header (``page_furniture.yaml``: ``series_headers``) its kind; two speakers'
    lines a transcript; else a label standing on a line of its own near the top
    (``Readout``, ``社説``, ``Press release``) or the words of the title (``Joint
    Statement``, ``FACT SHEET``, ``記者会見``), in the order of
    ``page_furniture.yaml``. A page that tells none of these is a press release
    when its publisher is an official one, else a news article when a story
    follows its title.
    """
    if is_post(lines):
        return "forum_post"
    in_series = series([unicodedata.normalize("NFKC", line.text).strip() for line in lines[:HEAD_LINES]], {})[1]
    if in_series:
        return in_series
    speakers = [re.compile(p) for p in _data()["speakers"]]
    said = {m.group(0) for line in lines for p in speakers if (m := p.match(line.text))}
    head = [unicodedata.normalize("NFKC", line.text).strip() for line in lines[:15]]
    title = unicodedata.normalize("NFKC", title).strip()
    for kind, labels, titles in _page_kinds():
        if kind == "transcript" and len(said) >= 2:
            return kind
        if any(p.search(t) for p in labels for t in head if len(t) <= 40) or any(p.search(title) for p in titles):
            return kind
    if official:
        return "press_release"
    return None


@cache
def _masthead() -> re.Pattern[str]:
    endings = "|".join(map(re.escape, _data()["masthead_endings"]))
    return re.compile(rf"^(?:(?:The\s)?(?:[A-Z][\w&.'-]*\s){{0,4}}[A-Z]?[\w&.'-]*\s?(?:{endings})(?:\d+|\sAI)?"
                      rf"|[^\s、。「」:：]{{0,14}}(?:{endings})[A-ZＱQ]?)$")


def masthead(line: str) -> bool:
    """Whether a line is an outlet's name as its masthead prints it: a few capitalised
    words or a short Japanese name ending as outlets' names do (``The Harbor Ledger``,
    ``やまと新報デジタル``), never a sentence.

    Example:
        >>> masthead("The Harbor Ledger"), masthead("Japan picks US shipyard partner")
        (True, False)
    """
    return bool(_masthead().match(unicodedata.normalize("NFKC", line).strip()))


_COPYRIGHT = re.compile(r"(?i)^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s?[-–]\s?\d{4})?\s*)?"
                        r"(?P<name>[^.,©]{3,40}?)\.?\s*(?:all rights reserved\.?)?$")


def page_publisher(lines: list[text.Line], title: str, known: dict[str, str]) -> str:
    """Who the page says published it, or empty.

    First the issuing office's own line, wherever the menus above it push it
    (``From: Ministry of Defence``, ``Prepared by the …``, ``発表元：防衛装備庁``),
    or the header of the record or report series the page belongs to
    (``[Congressional Record Volume …]``, ``CRS Insight IN…``, ``第211回国会
    参議院 …``); then a known publisher (``known``: name to tier, longest first)
    standing on a line of its own near the top or the end of the page: a banner
    or letterhead (``U.S. Department of Defense``, ``防衛省・自衛隊``) or a
    sign-off (``防衛装備庁 装備政策部 国際装備課``); else an outlet's own masthead
    at the top (a few words ending as outlets' names do: ``… Ledger``, ``…新報``,
    ``…テレビ``), alone or heading the site's breadcrumb, or its copyright line at the end.
    """
    norm = [unicodedata.normalize("NFKC", line.text).strip() for line in lines]
    title = unicodedata.normalize("NFKC", title).strip()
    found = issuer(norm[:HEAD_LINES] + norm[-8:], known) or series(norm[:HEAD_LINES], known)[0]
    if found:
        return found
    # Banners and letterheads count; a breadcrumb or a related story naming a ministry does not.
    edges = [t for t in norm[:12] + norm[-8:] if t and t != title and not title.startswith(t + " ")
             and furniture(t) in (None, "government banner", "label")]
    for t in edges:
        name = named_on(t, known)
        if name:
            return name
    for t in norm[:6]:
        if t == title:
            break
        if masthead(t) and not furniture(t):
            return t
        # A site's name heads its own breadcrumb: 港町タイムズ | 地域 | 横浜.
        first = re.split(r"\s*\|\s*", t)[0]
        if first != t and masthead(first):
            return first
    for t in reversed(norm[-6:]):
        m = _COPYRIGHT.match(t)
        if m:
            return m["name"].strip()
    return ""


#: How far down a page its issuing line or series header may stand: below a
#: consent box, skip links and a site's menus.
HEAD_LINES = 30


@cache
def _issuer_label() -> re.Pattern[str]:
    labels = "|".join(map(re.escape, _data()["issuer_labels"]))
    return re.compile(rf"(?i)^(?:{labels})(?:\s*[:：]\s*|\s+(?:the\s+)?|$)")


def issuer(lines: list[str], known: dict[str, str]) -> str:
    """The known publisher an issuing line names (``From: Ministry of Defence``,
    ``Prepared by the Congressional Research Service``, ``発表元：防衛装備庁``), its
    label beside the name or on the line before it; of several issuers
    (``… and …``, ``、``), the first known one. Empty when no line is one."""
    label = _issuer_label()
    for n, line in enumerate(lines):
        m = label.match(line)
        if not m:
            continue
        rest = line[m.end():].strip() or (lines[n + 1] if n + 1 < len(lines) else "")
        for part in re.split(r"\s+and\s+|,\s*|、|;\s*", rest):
            name = named_on(part.strip(), known)
            if name:
                return name
    return ""


@cache
def _series() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    return tuple((re.compile(s["pattern"]), s.get("publisher", ""), s.get("kind", ""))
                 for s in _data()["series_headers"])


def series(lines: list[str], known: dict[str, str]) -> tuple[str, str]:
    """(publisher, kind) of the record or report series whose header a page carries
    (``[Congressional Record Volume 169, Number 50 (…)]``, ``CRS Insight IN12345``,
    ``第211回国会 参議院 外交防衛委員会 第5号``), each as ``page_furniture.yaml`` gives
    it; ("", "") for a page of none."""
    for line in lines:
        for pattern, publisher, kind in _series():
            m = pattern.match(line)
            if m:
                name = publisher or m.groupdict().get("name") or ""
                return (name if name in known else "", kind)
    return "", ""


# NFKC has made a full-width bar (｜) a bar, which needs no spaces around it.
_SITE_SEPARATOR = re.compile(r"\s+([\-–—])\s+|\s*(\|)\s*")


def title_site(page_title: str, known: dict[str, str]) -> tuple[str, bool]:
    """The site an HTML ``<title>`` ends with after a separator (``… ｜防衛省・自衛隊``,
    ``… | The Pier Ledger``, ``… - U.S. Department of State``), and whether it is a
    known publisher; ("", False) when the title ends with no site's name.

    A known publisher counts after any separator; an unknown name only after a
    bar and when it is written as a name (an outlet's masthead), not a phrase
    (``Japan-India talks - what comes next``).
    """
    t = unicodedata.normalize("NFKC", page_title).strip()
    parts = _SITE_SEPARATOR.split(t)
    if len(parts) < 4:
        return "", False
    separator, last = parts[-3] or parts[-2], parts[-1].strip()
    name = named_on(last, known)
    if name:
        return name, True
    if separator == "|" and masthead(last):
        return last, False
    return "", False


_PREFIX = re.compile(r"^(?:from|issued by|published by|発行|発信|提供|問い合わせ先|お問い合わせ先?)\s*[:：]?\s*", re.I)


def named_on(line: str, known) -> str | None:
    """The known publisher a line stands for: the name alone, or with only its
    divisions, its other names or a corporate suffix beside it (no sentence)."""
    # A label in brackets before the name (（問い合わせ先）防衛装備庁) is set aside; a name
    # in brackets alone, (共同通信), is a credit to the story's source, not a publisher.
    t = _PREFIX.sub("", re.sub(r"^[(（【\[]([^)）】\]]{1,12})[)）】\]]\s*(?=\S)", r"\1 ", line)).strip()
    t = _PREFIX.sub("", t)
    for name in known:
        if name not in t:
            continue
        rest = t.replace(name, " ").strip()
        if not rest:
            return name
        if len(rest) > 40 or re.search(r"[、。,!?！？「」()（）【】\[\]>＞»›:：#＃]|[\u3040-\u309f]", rest):
            continue
        # Beside the name, its other names or divisions: capitalised words after a
        # separator (Japan Ministry of Defense / Japan Self-Defense Forces), one or two
        # words (Japan, Inc.), or Japanese without a particle; a headline runs on.
        words = re.findall(r"[A-Za-z][\w'.-]*", rest)
        named = all(w[0].isupper() or w in ("of", "and", "the", "for", "in") for w in words)
        if named and (len(words) <= 2 or re.search(r"\s[/|・-]\s", rest) or not words):
            return name
    return None
