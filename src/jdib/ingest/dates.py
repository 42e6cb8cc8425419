"""Parse the dates that Japanese official defence texts use.

Handles era dates (``令和8年4月17日``), Western dates (``2026年4月14日``,
``2026-02-02``, ``2026/4/14``), fiscal years (``令和7年度``), and — given a
reference date such as a press release's publication date — year-less and
relative expressions (``1月28日``, ``本年3月``, ``昨年度``, ``前日``).

Matched text never includes a trailing weekday marker such as ``(水)`` or a
time of day; those are simply left unmatched.

Example:
    >>> [d.iso() for d in find_dates("令和7年度及び2024年4月")]
    ['FY2025', '2024-04']
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Literal

__all__ = ["ParsedDate", "Precision", "find_dates", "parse_date", "to_western_year"]

Precision = Literal["day", "month", "year", "fiscal_year"]

_ERA_OFFSETS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_MIN_YEAR, _MAX_YEAR = 1868, 2199
# How far past the reference a year-less date may land before we assume the
# text means last year (a January release citing "12月8日" means December past).
_FUTURE_SLACK = dt.timedelta(days=31)
#: A reference date for callers that only need to know where date expressions stand
#: (to mask or bound them), not which day they name: any date resolves them.
ANY_REF = dt.date(2000, 1, 1)

# Only 1:1 character replacements, so offsets in the result match the input.
_FULLWIDTH = str.maketrans("０１２３４５６７８９（）～〜／－．", "0123456789()~~/-.")


@dataclass(frozen=True)
class ParsedDate:
    """One date expression found in a text.

    Attributes:
        value: The date; first day of the period for month/year precision,
            April 1 of the fiscal year for ``fiscal_year`` precision.
        precision: One of ``"day"``, ``"month"``, ``"year"``, ``"fiscal_year"``.
        text: The exact matched substring (``text[start:end]`` of the input).
        start: Start offset in the searched string.
        end: End offset (exclusive) in the searched string.
        relative: True when the value was resolved against a reference date.
        until: Last day of a stated range (``7、8の両日``, ``9~10日``), else None.

    Example:
        >>> ParsedDate(dt.date(2025, 4, 1), "fiscal_year", "令和7年度", 0, 5, False).iso()
        'FY2025'
    """

    value: dt.date
    precision: Precision
    text: str
    start: int
    end: int
    relative: bool
    until: dt.date | None = None

    def iso(self) -> str:
        """Render the date at its own precision.

        Returns:
            ``"2026-04-14"``, ``"2026-04"``, ``"2026"`` or ``"FY2026"``.

        Example:
            >>> parse_date("平成28年11月").iso()
            '2016-11'
        """
        v = self.value
        if self.precision == "day":
            return v.isoformat()
        if self.precision == "month":
            return f"{v.year:04d}-{v.month:02d}"
        if self.precision == "year":
            return f"{v.year:04d}"
        return f"FY{v.year}"


def to_western_year(era: str, year: int) -> int:
    """Convert a Japanese era year to a Western (Gregorian) year.

    The conversion is purely arithmetic, so years past an era's end (e.g. the
    hypothetical 平成35年 used in pre-2019 plans) still convert.

    Args:
        era: One of ``"明治"``, ``"大正"``, ``"昭和"``, ``"平成"``, ``"令和"``.
        year: Year within the era; 1 for 元年.

    Returns:
        The Western year.

    Raises:
        ValueError: If the era is unknown or the year is below 1.

    Example:
        >>> to_western_year("平成", 31), to_western_year("令和", 1)
        (2019, 2019)
    """
    if era not in _ERA_OFFSETS:
        raise ValueError(f"unknown era: {era!r}")
    if year < 1:
        raise ValueError(f"era year must be >= 1, got {year}")
    return _ERA_OFFSETS[era] + year


def _re(pattern: str) -> re.Pattern[str]:
    # A space in a template means "optional whitespace": PDF extraction often
    # yields "令和 8 年 4 月".
    return re.compile(pattern.replace(" ", r"\s?"))


_ERAS = "|".join(_ERA_OFFSETS)
_WD = r"(?:\([月火水木金土日]\))?"
# A day, or a range of days: 9日, 9日(日)~11日, 9~10日, 7、8の両日, 7日と8日の2日間
# (without 両日 or 2日間, 7日と8日 is two days).
_DAYS = (r"(?P<d>\d{1,2}) (?:日と ?(?P<d5>\d{1,2}) 日の(?:両日|2日間)|日(?:" + _WD + r" ?(?:~|から) ?(?:(?P<m2>\d{1,2}) 月 )?(?P<d2>\d{1,2}) 日)?"
         r"|~ ?(?P<d3>\d{1,2}) 日|、 ?(?P<d4>\d{1,2}) 日?の両日)")
_MD = r" (?P<m>\d{1,2}) 月(?: " + _DAYS + r")?"
# 年度 is a fiscal year; 年代 (a decade), 年間 (a duration) and 年齢 are not dates.
_YEAR_TAIL = r"年(?:(?P<fy>度)|" + _MD + r"|(?![代間齢]))"
_ERA_RE = _re(r"(?P<era>" + _ERAS + r") (?P<y>元|\d{1,2}) (?:\(\d{4}\) )?" + _YEAR_TAIL)
_WESTERN_RE = _re(r"(?<![\d.])(?P<y>\d{4}) (?:\((?:" + _ERAS + r")(?:元|\d{1,2})\) )?"
                  + _YEAR_TAIL)
_NUMERIC_RE = re.compile(
    r"(?<![\d./-])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/-]|\.\d)")
# 20年1月, and 20(令和2)年1月: two digits of the western year with its era beside them.
# 翌24年度: two digits of a fiscal year after 翌/前/同 (alone, 24年度 may be an era's year).
_SHORT_YEAR_RE = _re(r"(?<![\d.])(?<!" + _ERAS + r")(?P<y>\d{2}) (?:\((?:" + _ERAS + r")(?:元|\d{1,2})\) )?年" + _MD
                     + r"|(?<=[翌前同])(?P<y2>\d{2})年(?P<fy>度)")
# The look-arounds keep compounds such as 共同日米, 担当日, 事前日程 and 過去年度
# from being read as 同日, 当日, 前日 and 去年度.
_NO_COMPOUND = r"(?<![共合協混賛日従将到以過本])"
_REL_YEAR_RE = _re(_NO_COMPOUND + r"(?P<w>一昨|本|今|昨|去|来|前|翌|同)" + _YEAR_TAIL)
_REL_MONTH_RE = _re(_NO_COMPOUND + r"(?P<w>今|本|同|先|前|翌|来)月(?: " + _DAYS + r")?")
_REL_DAY_RE = re.compile(r"(?<![共合協混賛担相該正適妥日以事午直])(?P<w>一昨|本|同|当|前|翌|昨)日"
                         r"(?![本米韓豪印英仏独程])")
_MONTH_DAY_RE = _re(r"(?<![\d.])(?P<m>\d{1,2}) 月 " + _DAYS)
# A bare day, as news writes it (日米両政府は9日、…): the month is the document's,
# or the one before when the day is still to come. Durations (3日間, 30日以内,
# 9日前) and counts are not dates.
_DAY_RE = _re(r"(?<![\d.,月年第/~約])" + _DAYS
              + r"(?![間目前後]|以内|以上|以降|ぶり|連続|分|程度|あたり|当たり)")
_SPOKEN_DAY_RE = re.compile(r"(?P<w>おととい|きのう|きょう|あす|あした)")
_MONTH_RE = _re(r"(?<![\d.])(?P<m>\d{1,2}) 月")

_YEAR_SHIFT = {"一昨": -2, "本": 0, "今": 0, "同": 0, "昨": -1, "去": -1, "前": -1, "来": 1, "翌": 1}
_MONTH_SHIFT = {"今": 0, "本": 0, "同": 0, "先": -1, "前": -1, "翌": 1, "来": 1}
_SPOKEN_SHIFT = {"おととい": -2, "きのう": -1, "きょう": 0, "あす": 1, "あした": 1}
_DAY_SHIFT = {"一昨": -2, "本": 0, "同": 0, "当": 0, "前": -1, "翌": 1, "昨": -1}

_Resolved = tuple[dt.date, Precision, bool] | tuple[dt.date, Precision, bool, dt.date | None] | None


def _build(y: int, g: dict[str, str | None], relative: bool, m: int | None = None) -> _Resolved:
    """Turn a year plus the match's fy/m/d groups into (value, precision, relative), or None."""
    m = m if m is not None else int(g["m"]) if g.get("m") else None
    d = int(g["d"]) if g.get("d") else None
    try:
        if g.get("fy"):
            return dt.date(y, 4, 1), "fiscal_year", relative
        if m is None:
            return dt.date(y, 1, 1), "year", relative
        if d is None:
            return dt.date(y, m, 1), "month", relative
        return dt.date(y, m, d), "day", relative, _until(dt.date(y, m, d), g)
    except ValueError:
        return None


def _until(day: dt.date, g: dict[str, str | None]) -> dt.date | None:
    """The last day of a range starting on ``day`` (in the next month when it is smaller)."""
    last = g.get("d2") or g.get("d3") or g.get("d4") or g.get("d5")
    if not last:
        return None
    try:
        if g.get("m2"):
            m2 = int(g["m2"])
            nxt = dt.date(day.year + (m2 < day.month), m2, int(last))
            return nxt if 0 < (nxt - day).days <= 31 else None
        if int(last) > day.day:
            return day.replace(day=int(last))
        nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, int(last))
    except ValueError:
        return None
    return nxt if (nxt - day).days <= 14 else None


def _bare_day(mt: re.Match[str], ref: dt.date | None, ahead: bool = False) -> _Resolved:
    if ref is None:
        return None
    d = int(mt["d"])
    # 翌19日: the next day, named by its number, is still to come.
    ahead = ahead or bool(re.search(r"翌(?:日の?)?$", mt.string[max(0, mt.start() - 3):mt.start()]))
    # A reader takes a day after the document's own as last month's, and, in a
    # clause about what is still to come, a day before it as next month's.
    shift = (1 if d < ref.day else 0) if ahead else -(1 if d > ref.day else 0)
    months = ref.year * 12 + ref.month - 1 + shift
    return _build(months // 12, mt.groupdict(), True, m=months % 12 + 1)


def _spoken_day(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    return ref + dt.timedelta(days=_SPOKEN_SHIFT[mt["w"]]), "day", True


def _era(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    year = 1 if mt["y"] == "元" else int(mt["y"])
    if year < 1:  # 令和0年: an era starts at 元年, so this is no date (a typo, a template)
        return None
    return _build(to_western_year(mt["era"], year), mt.groupdict(), False)


def _western(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    y = int(mt["y"])
    return _build(y, mt.groupdict(), False) if _MIN_YEAR <= y <= _MAX_YEAR else None


def _short_year(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    return _build(2000 + int(mt["y"] or mt["y2"]), mt.groupdict(), False)


def _rel_year(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    # Japanese fiscal years start on April 1, so January 2026 is in FY2025.
    base = ref.year if not mt["fy"] or ref.month >= 4 else ref.year - 1
    return _build(base + _YEAR_SHIFT[mt["w"]], mt.groupdict(), True)


def _rel_month(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    months = ref.year * 12 + ref.month - 1 + _MONTH_SHIFT[mt["w"]]
    return _build(months // 12, mt.groupdict(), True, m=months % 12 + 1)


def _rel_day(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    return ref + dt.timedelta(days=_DAY_SHIFT[mt["w"]]), "day", True


def _yearless(mt: re.Match[str], ref: dt.date | None, ahead: bool = False) -> _Resolved:
    return _yearless_of(mt.groupdict(), ref, ahead)


def _yearless_of(groups: dict, ref: dt.date | None, ahead: bool = False) -> _Resolved:
    if ref is None:
        return None
    if ahead:  # what is still to come: this year, else next
        for year in (ref.year, ref.year + 1):
            built = _build(year, groups, True)
            if built is not None and built[0] >= ref.replace(day=1):
                return built
        return None
    # Prefer the reference year, unless that puts the date well into the future.
    for year in (ref.year, ref.year - 1):
        built = _build(year, groups, True)
        if built is not None and built[0] <= ref + _FUTURE_SLACK:
            return built
    return None


@lru_cache(maxsize=1)
def _en() -> dict:
    """English date words (``data/dates_en.yaml``) and the patterns built on them."""
    from jdib.ingest import vocab

    words = vocab.load("dates_en")
    months = {**words["months"], **words["abbreviations"]}
    mon = "|".join(sorted((re.escape(m) + (r"\.?" if m in words["abbreviations"] else "") for m in months),
                          key=len, reverse=True))
    full = "|".join(words["months"])
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s?[-–]\s?(?P<d3>\d{1,2})(?:st|nd|rd|th)?)?"  # 6-8 February
    no_year = r"(?!,?\s\d{4})"
    weekdays = "|".join(words["weekdays"])
    return {"words": words, "months": months, "patterns": (
        (re.compile(rf"\b(?P<mon>{mon})\s{day},?\s(?P<y>\d{{4}})\b"), _en_full),
        (re.compile(rf"\b{day}\s(?P<mon>{mon}),?\s(?P<y>\d{{4}})\b"), _en_full),
        (re.compile(rf"\b(?P<mon>{mon}),?\s(?P<y>\d{{4}})\b"), _en_full),
        # in July last year: the month of the year named by its shift.
        (re.compile(rf"\b(?:(?:in|since|by|until|from|during)\s)?(?P<mon>{full})\s(?P<shift>last|this|next)\syear\b"),
         _en_month_of_year),
        (re.compile(rf"\b(?P<mon>{mon})\s{day}\b{no_year}"), _en_yearless),
        (re.compile(rf"\b{day}\s(?P<mon>{mon})\b{no_year}"), _en_yearless),
        (re.compile(rf"\b(?P<lead>{'|'.join(words['month_leads'])})[\s-](?P<mon>{full})\b{no_year}(?!\s\d)", re.I),
         _en_yearless),
        (re.compile(rf"\b(?:(?P<shift>last|this|next)\s|on\s)?(?P<wd>{weekdays})\b"), _en_weekday),
        (re.compile(r"\b(?P<w>[Tt]oday|[Yy]esterday|[Tt]omorrow)\b"), _en_day),
        (re.compile(r"\b(?P<shift>last|this|next)\s(?P<unit>month|year)\b"), _en_shift),
        # the end of this year: its last month
        (re.compile(r"\bend\sof\s(?P<shift>last|this|next|the)\syear\b"), _en_year_end),
    )}


def _en_month(mt: re.Match[str]) -> int:
    months = _en()["months"]
    return months[mt["mon"].rstrip(".").capitalize()]


def _en_full(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    y = int(mt["y"])
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    return _build(y, {"m": str(_en_month(mt)), "d": mt.groupdict().get("d"), "d3": mt.groupdict().get("d3")}, False)


def _en_yearless(mt: re.Match[str], ref: dt.date | None, ahead: bool = False) -> _Resolved:
    g = {"m": str(_en_month(mt)), "d": mt.groupdict().get("d"), "d3": mt.groupdict().get("d3")}
    if mt.groupdict().get("lead") in ("last", "next", "this") and ref is not None:
        ahead = mt["lead"] == "next" or (ahead and mt["lead"] == "this")
    return _yearless_of(g, ref, ahead)


def _en_weekday(mt: re.Match[str], ref: dt.date | None, ahead: bool = False) -> _Resolved:
    if ref is None:
        return None
    target = _en()["words"]["weekdays"][mt["wd"]]
    shift = mt["shift"]
    if shift == "next" or (shift != "last" and ahead):
        days = (target - ref.weekday()) % 7 or (7 if shift == "next" else 0)
    else:
        days = -((ref.weekday() - target) % 7 or (7 if shift == "last" else 0))
    return ref + dt.timedelta(days=days), "day", True


def _en_day(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    return ref + dt.timedelta(days=_en()["words"]["days"][mt["w"].lower()]), "day", True


def _en_month_of_year(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    return _build(ref.year + _en()["words"]["shifts"][mt["shift"]], {}, True, m=_en_month(mt))


def _en_shift(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    n = _en()["words"]["shifts"][mt["shift"]]
    if mt["unit"] == "year":
        return _build(ref.year + n, {}, True)
    months = ref.year * 12 + ref.month - 1 + n
    return _build(months // 12, {}, True, m=months % 12 + 1)


def _en_year_end(mt: re.Match[str], ref: dt.date | None) -> _Resolved:
    if ref is None:
        return None
    n = _en()["words"]["shifts"].get(mt["shift"], 0)
    return _build(ref.year + n, {}, True, m=12)


_Rule = Callable[[re.Match[str], dt.date | None], _Resolved]
# Each rule with the characters one of which its pattern cannot match without:
# most sentences hold no date, and a substring test is far cheaper than a regex.
_RULES: tuple[tuple[re.Pattern[str], _Rule, str], ...] = (
    (_ERA_RE, _era, "年"), (_WESTERN_RE, _western, "年"), (_NUMERIC_RE, _western, "-/."),
    (_SHORT_YEAR_RE, _short_year, "年"), (_REL_YEAR_RE, _rel_year, "年"),
    (_REL_MONTH_RE, _rel_month, "月"), (_REL_DAY_RE, _rel_day, "日"),
    (_MONTH_DAY_RE, _yearless, "月"), (_MONTH_RE, _yearless, "月"),
    (_DAY_RE, _bare_day, "日"), (_SPOKEN_DAY_RE, _spoken_day, "おきあ"),
)


def find_dates(text: str, ref: dt.date | None = None, ahead: bool = False) -> list[ParsedDate]:
    """Find all date expressions in running text.

    Matches are returned in order and never overlap; where candidates
    overlap, the leftmost wins, then the longest. An expression that is
    matched but cannot be resolved (an impossible date such as ``2月30日``,
    or a relative one without ``ref``) is dropped without letting a shorter
    piece of it (``2月``) through.

    Args:
        text: NFKC-normalised text; full-width digits and brackets are accepted too.
        ref: Reference date (e.g. the document's publication date) used to
            resolve year-less and relative expressions; those are skipped when None.
        ahead: The text tells what is still to come: a bare day (``13日``) or a
            month and day is placed on or after ``ref``, not before it.

    Returns:
        The dates found, in text order.

    Example:
        >>> [d.iso() for d in find_dates("昨年12月及び前日", ref=dt.date(2026, 1, 20))]
        ['2025-12', '2026-01-19']
        >>> [d.iso() for d in find_dates("13日に会談する予定", ref=dt.date(2023, 1, 3), ahead=True)]
        ['2023-01-13']
    """
    if isinstance(ref, dt.datetime):
        ref = ref.date()
    if not _HINT.search(text):
        return []
    # Every extractor reads the same sentences; each is parsed once per reference date.
    return list(_find_dates(text, ref, ahead))


# The rules whose reading depends on the tense of the clause: a bare day or a
# month and day, which a reader places before the document's date or after it.
_TENSED = (_bare_day, _yearless, _en_yearless, _en_weekday)
_HINT = re.compile(r"[年月日\-/－／.．]|おととい|きのう|きょう|あす|あした|[A-Za-z]{3}")
# English date words start with a capital (months, weekdays) or are today/yesterday/tomorrow.
_LATIN = re.compile(r"[A-Z][a-z]|today|yesterday|tomorrow|month|year")
_WIDE = re.compile(r"[０-９（）～〜／－．]")


@lru_cache(maxsize=8192)
def _find_dates(text: str, ref: dt.date | None, ahead: bool = False) -> tuple[ParsedDate, ...]:
    norm = text.translate(_FULLWIDTH) if _WIDE.search(text) else text
    rules = [(pattern, rule) for pattern, rule, keys in _RULES if any(k in norm for k in keys)]
    if _LATIN.search(norm):
        rules += _en()["patterns"]
    candidates = [(mt.start(), mt.end(), rule(mt, ref, ahead) if rule in _TENSED else rule(mt, ref))
                  for pattern, rule in rules for mt in pattern.finditer(norm)]
    candidates.sort(key=lambda c: (c[0], -c[1]))
    found: list[ParsedDate] = []
    taken_until = 0
    for start, end, resolved in candidates:
        if start < taken_until:
            continue
        taken_until = end
        if resolved is not None:
            value, precision, relative, *until = resolved
            found.append(ParsedDate(value, precision, text[start:end], start, end, relative,
                                    until[0] if until else None))
    return tuple(found)


def parse_date(text: str, ref: dt.date | None = None) -> ParsedDate | None:
    """Return the first date expression in ``text``.

    Args:
        text: Text to search (see :func:`find_dates`).
        ref: Optional reference date for year-less and relative expressions.

    Returns:
        The first :class:`ParsedDate`, or None when there is none.

    Example:
        >>> parse_date("令和8(2026)年1月29日(木)16時00分").iso()
        '2026-01-29'
    """
    dates = find_dates(text, ref)
    return dates[0] if dates else None
