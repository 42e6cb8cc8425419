"""Specification tables for jdib.ingest.dates."""

from __future__ import annotations

import datetime as dt

import pytest

from jdib.ingest.dates import ParsedDate, find_dates, parse_date, to_western_year

REF = dt.date(2026, 1, 20)  # a press release published 2026-01-20
REF_SPRING = dt.date(2026, 4, 14)
NEWS = dt.date(2024, 6, 10)  # a wire story of 10 June 2024

# (text, ref, expected iso of the first date, expected precision)
DATES = [
    # Era dates
    ("令和8年4月17日", None, "2026-04-17", "day"),
    ("平成28年11月", None, "2016-11", "month"),
    ("昭和58年", None, "1983", "year"),
    ("令和8(2026)年1月29日(木)16時00分", None, "2026-01-29", "day"),
    ("令和 8 年 4 月 17 日", None, "2026-04-17", "day"),
    ("令和８年４月１７日", None, "2026-04-17", "day"),
    ("明治元年", None, "1868", "year"),
    ("大正15年", None, "1926", "year"),
    # Era boundaries
    ("平成31年4月30日", None, "2019-04-30", "day"),
    ("令和元年5月1日", None, "2019-05-01", "day"),
    ("昭和64年1月7日", None, "1989-01-07", "day"),
    ("平成元年1月8日", None, "1989-01-08", "day"),
    # Era fiscal years
    ("令和7年度", None, "FY2025", "fiscal_year"),
    ("平成31年度", None, "FY2019", "fiscal_year"),
    ("令和元年度", None, "FY2019", "fiscal_year"),
    ("令和5年度~", None, "FY2023", "fiscal_year"),
    ("令和5年4月~", None, "2023-04", "month"),
    # Western dates
    ("2026年4月14日", None, "2026-04-14", "day"),
    ("2024年4月", None, "2024-04", "month"),
    ("1983年", None, "1983", "year"),
    ("2025年度予算", None, "FY2025", "fiscal_year"),
    ("2026(令和8)年4月", None, "2026-04", "month"),
    ("２０２６年４月１４日", None, "2026-04-14", "day"),
    ("2026-2-2 11:43", None, "2026-02-02", "day"),
    ("2026-02-02", None, "2026-02-02", "day"),
    ("2026/4/14", None, "2026-04-14", "day"),
    ("24年3月時点", None, "2024-03", "month"),
    # Month-day and month without a year, resolved against the reference date
    ("1月28日", REF, "2026-01-28", "day"),
    ("(現地時間1月15日)", REF, "2026-01-15", "day"),
    ("12月8日", REF, "2025-12-08", "day"),
    ("2月10日", REF, "2026-02-10", "day"),
    ("1月の日米防衛相会談", REF, "2026-01", "month"),
    ("12月に", REF, "2025-12", "month"),
    ("2月29日", dt.date(2025, 3, 5), "2024-02-29", "day"),  # 2025 has no Feb 29
    # Relative expressions
    ("本年3月", REF, "2026-03", "month"),
    ("今年3月", REF, "2026-03", "month"),
    ("本年3月18日", REF, "2026-03-18", "day"),
    ("昨年12月", REF, "2025-12", "month"),
    ("昨年", REF, "2025", "year"),
    ("来年", REF, "2027", "year"),
    ("前日", REF, "2026-01-19", "day"),
    ("翌日", REF, "2026-01-21", "day"),
    ("同日", REF, "2026-01-20", "day"),
    ("当日", REF, "2026-01-20", "day"),
    ("同月", REF, "2026-01", "month"),
    ("同月15日", REF, "2026-01-15", "day"),
    ("一昨年", REF, "2024", "year"),
    ("今年度", REF, "FY2025", "fiscal_year"),
    ("本年度", REF_SPRING, "FY2026", "fiscal_year"),
    ("来年度", REF, "FY2026", "fiscal_year"),
    ("昨年度", REF, "FY2024", "fiscal_year"),
    ("前年度", REF_SPRING, "FY2025", "fiscal_year"),
    # Bare days as news writes them: this month, or last month when still to come
    ("日米両政府は9日、初会合を開いた", NEWS, "2024-06-09", "day"),
    ("9日(日)に開かれた", NEWS, "2024-06-09", "day"),
    ("２９日に", NEWS, "2024-05-29", "day"),
    ("翌29日に開く", NEWS, "2024-06-29", "day"),  # the next day, named by its number: still to come
    ("10日付で", NEWS, "2024-06-10", "day"),
    ("7、8の両日", NEWS, "2024-06-07", "day"),
    ("9〜10日", NEWS, "2024-06-09", "day"),
    ("今月2日", NEWS, "2024-06-02", "day"),
    ("先月", NEWS, "2024-05", "month"),
    ("先月28日", NEWS, "2024-05-28", "day"),
    ("おととい", NEWS, "2024-06-08", "day"),
    ("きのう", NEWS, "2024-06-09", "day"),
    ("きょう", NEWS, "2024-06-10", "day"),
    ("1日", dt.date(2024, 3, 5), "2024-03-01", "day"),
    ("31日", dt.date(2024, 1, 5), "2023-12-31", "day"),
    ("6月9日~11日", NEWS, "2024-06-09", "day"),
    # Date lines of news sites
    ("2024.06.11", None, "2024-06-11", "day"),
    ("date 2025-10-29", None, "2025-10-29", "day"),
    ("2024-6-10 09:20", None, "2024-06-10", "day"),
    ("防衛協力を強化へ 2024年06月06日 11時09分", None, "2024-06-06", "day"),
]


@pytest.mark.parametrize(("text", "ref", "iso", "precision"), DATES)
def test_parse_date(text: str, ref: dt.date | None, iso: str, precision: str) -> None:
    parsed = parse_date(text, ref)
    assert parsed is not None
    assert (parsed.iso(), parsed.precision) == (iso, precision)
    assert text[parsed.start : parsed.end] == parsed.text


# (text, ref) pairs that contain no date at all
NOT_DATES = [
    ("24時間体制", REF),
    ("1週間以内", REF),
    ("1ヶ月", REF),
    ("3か月", REF),
    ("3ヶ月", REF),
    ("3カ月", REF),
    ("毎月", REF),
    ("4年近く", REF),
    ("5年以内", REF),
    ("2~3週間", REF),
    ("3日間", REF),
    ("第4回", REF),
    ("17.2兆円", REF),
    ("20件", REF),
    ("F-35", REF),
    ("約4倍", REF),
    ("13:30~16:30", REF),
    ("4度", REF),
    ("1990年代", REF),
    ("1200年", REF),
    ("2月30日", REF),
    ("2026年2月30日", REF),
    # An era has no year 0 (its first is 元年): a bad date, and no piece of it is one
    ("令和0年", REF),
    ("令和0年4月1日", REF),
    ("平成00年度", REF),
    ("日米共同訓練の合同日程", REF),
    ("過去年度の実績", REF),
    # Year-less and relative dates need a reference date
    ("1月28日", None),
    ("1月の会談", None),
    ("本年3月", None),
    ("前日", None),
    ("今年度", None),
    ("日米両政府は9日、", None),
    ("7、8の両日", None),
    ("きのう", None),
    ("9日間", NEWS),
    ("30日以内", NEWS),
    ("3日前", NEWS),
    ("第1回目", NEWS),
    ("約10日", NEWS),
    ("v1.2.3", NEWS),
]


@pytest.mark.parametrize(("text", "ref"), NOT_DATES)
def test_not_dates(text: str, ref: dt.date | None) -> None:
    assert find_dates(text, ref) == []


# (text, ref, expected iso of every date in order)
SEVERAL = [
    ("2023年1月の「2+2」や、2024年4月に行われた日米首脳会談", None, ["2023-01", "2024-04"]),
    ("平成31年度~平成35年度", None, ["FY2019", "FY2023"]),
    ("令和8年1月29日(木)13:30~16:30、同日午後に", REF, ["2026-01-29", "2026-01-20"]),
    ("昨年12月8日及び本年1月15日に、24時間体制で", REF, ["2025-12-08", "2026-01-15"]),
]


@pytest.mark.parametrize(("text", "ref", "isos"), SEVERAL)
def test_find_dates_in_order_with_offsets(text: str, ref: dt.date | None, isos: list[str]) -> None:
    found = find_dates(text, ref)
    assert [d.iso() for d in found] == isos
    assert all(text[d.start : d.end] == d.text for d in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_parsed_date_fields() -> None:
    text = "発表は令和8年4月17日(金)"
    assert find_dates(text) == [
        ParsedDate(dt.date(2026, 4, 17), "day", "令和8年4月17日", 3, 12, relative=False)
    ]


@pytest.mark.parametrize(("text", "start", "until"), [
    ("7、8の両日", "2024-06-07", "2024-06-08"),
    ("9〜10日", "2024-06-09", "2024-06-10"),
    ("今月7日と8日の2日間", "2024-06-07", "2024-06-08"),
    ("6月9日~11日", "2024-06-09", "2024-06-11"),
    ("10月7日(月)から8日(火)", "2023-10-07", "2023-10-08"),
    ("5月30日~6月1日", "2024-05-30", "2024-06-01"),
    ("9日", "2024-06-09", None),
])
def test_ranges_keep_their_last_day(text: str, start: str, until: str | None) -> None:
    (found,) = find_dates(text, NEWS)
    assert found.value.isoformat() == start
    assert (found.until.isoformat() if found.until else None) == until


def test_relative_flag() -> None:
    assert parse_date("1月28日", REF).relative
    assert not parse_date("2026年1月28日", REF).relative


def test_full_width_offsets_match_original_text() -> None:
    text = "（令和８年４月）"
    (date,) = find_dates(text)
    assert (date.text, date.start, date.end, date.iso()) == ("令和８年４月", 1, 7, "2026-04")


@pytest.mark.parametrize(
    ("era", "year", "western"),
    [("明治", 1, 1868), ("大正", 1, 1912), ("昭和", 64, 1989), ("平成", 1, 1989),
     ("平成", 31, 2019), ("平成", 35, 2023), ("令和", 1, 2019), ("令和", 8, 2026)],
)
def test_to_western_year(era: str, year: int, western: int) -> None:
    assert to_western_year(era, year) == western


@pytest.mark.parametrize(("era", "year"), [("天平", 1), ("令和", 0)])
def test_to_western_year_rejects_bad_input(era: str, year: int) -> None:
    with pytest.raises(ValueError):
        to_western_year(era, year)


@pytest.mark.parametrize("text, ref, ahead, expected", [
    ("Jan. 15, 2026", None, False, ["2026-01-15"]),
    ("February 8, 2025", None, False, ["2025-02-08"]),
    ("7 February 2025", None, False, ["2025-02-07"]),
    ("in October 2024", None, False, ["2024-10"]),
    ("TOKYO, Oct. 28 (Jiji Press) — agreed on Tuesday", dt.date(2025, 10, 28), False, ["2025-10-28", "2025-10-28"]),
    ("hosted the minister at the Pentagon today", dt.date(2026, 1, 15), False, ["2026-01-15"]),
    ("met yesterday", dt.date(2026, 1, 16), False, ["2026-01-15"]),
    ("will meet on Friday", dt.date(2025, 10, 29), True, ["2025-10-31"]),
    ("met on Friday", dt.date(2025, 10, 29), False, ["2025-10-24"]),
    ("last month", dt.date(2025, 10, 29), False, ["2025-09"]),
    ("is scheduled to meet on Jan. 15", dt.date(2025, 12, 20), True, ["2026-01-15"]),
    ("we may meet again", dt.date(2025, 10, 29), False, []),  # may is not May
    ("Marching orders", None, False, []),
])
def test_english_dates_are_read_against_the_dateline_and_the_tense(text, ref, ahead, expected):
    assert [d.iso() for d in find_dates(text, ref=ref, ahead=ahead)] == expected


def test_a_document_with_an_era_year_0_is_tabled_undated_beside_the_others(tmp_path):
    import pandas as pd

    from jdib.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bad.txt").write_text("令和0年4月1日\n防衛省\n#### 日米協議の開催\n"
                                   "- 令和0年度の事業について、日米が協議した。\n", encoding="utf-8")
    (seeds / "good.txt").write_text("令和8年4月1日\n防衛省\n#### 日米協議の開催\n"
                                    "- 本日、日米が協議した。\n", encoding="utf-8")
    out = tmp_path / "tables"
    assert main(["tables", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--out", str(out)]) == 0
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert docs.loc[["bad", "good"], "published"].tolist() == ["", "2026-04-01"]
