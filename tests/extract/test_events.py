"""Events: what happened when, who took part, merged across the documents citing it."""

import shutil

import pandas as pd
import pytest

from jdib import paths
from jdib.ingest.corpus import load_corpus, parse_document
from jdib.extract.events import events_table
from jdib.extract.mentions import dated, find_participants, find_venue

TESTS = paths.ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def events(seeds_corpus):
    return events_table(seeds_corpus).set_index("event_id")


@pytest.mark.parametrize("event_id, date, precision, kind, series, ordinal", [
    ("dicas-4", "2026-04-14", "day", "meeting", "DICAS", 4),
    ("sccm-10", "2026-01-28", "day", "meeting", "SCCM", 10),
    ("sccm-1", "2016-11", "month", "meeting", "SCCM", 1),
    ("pip-ir-2", "2026-03-18", "day", "meeting", "PIP IR", 2),
    ("pip-ir-establishment-2024", "2024", "year", "establishment", "PIP IR", None),
    ("ministerial-2026-01-15", "2026-01-15", "day", "meeting", "ministerial", None),
    ("summit-2026-03", "2026-03", "month", "summit", "summit", None),
    ("summit-2024-04", "2024-04", "month", "summit", "summit", None),
    ("2plus2-2023-01", "2023-01", "month", "meeting", "2+2", None),
    ("ministerial-2016-06", "2016-06", "month", "meeting", "ministerial", None),
])
def test_meetings_on_the_seeds(events, event_id, date, precision, kind, series, ordinal):
    row = events.loc[event_id]
    assert (row.date, row.date_precision, row.kind, row.series) == (date, precision, kind, series)
    assert (None if pd.isna(row.ordinal) else row.ordinal) == ordinal


def test_the_fourth_dicas_has_its_two_heads_and_venue(events):
    row = events.loc["dicas-4"]
    assert row.participants == ("青柳肇 防衛装備庁長官 (JP); "
                                "マイケル・ダフィー 米戦争次官(取得・維持整備担当) (US)")
    assert row.participants_en == ("Aoyagi Hajime, Commissioner of ATLA (JP); Michael Duffey, "
                                   "US Under Secretary of War for Acquisition and Sustainment (US)")
    assert (row.venue, row.name_en) == ("米戦争省", "4th DICAS")


def test_relative_dates_resolve_against_the_citing_document(events):
    fitzgerald = events[events.name_ja.str.contains("フィッツジェラルド")].iloc[0]
    assert (fitzgerald.date, fitzgerald.kind, fitzgerald.venue) == ("2025-12", "operation", "舞鶴市")
    assert fitzgerald.name_en == "USS Fitzgerald repair"


def test_one_event_mentioned_by_several_documents_is_one_row(events):
    ministerial = events.loc["ministerial-2026-01-15"]
    assert ministerial.doc_ids == "mod-20260417-dicas4;news-20260120-ministerial"
    assert "mod-20260417-dicas4:p8" in ministerial.sources.split(";")
    assert ministerial.participants == "小泉 防衛大臣 (JP); ヘグセス 米戦争長官 (US)"


def test_signings_and_publications_are_dated_from_the_text(events):
    by_name = events.reset_index().set_index("name_ja")
    assert by_name.loc["対米武器技術供与取極", ["date", "kind"]].tolist() == ["1983", "agreement"]
    assert by_name.loc["国家防衛戦略", ["date", "kind"]].tolist() == ["2022-12-16", "publication"]


def test_no_event_comes_from_a_headline_list(seeds_corpus, events):
    texts = {p.para_id: p.text for d in seeds_corpus for p in d.paragraphs}
    cited = [s for sources in events.sources for s in sources.split(";")]
    assert all(s in texts for s in cited)
    assert not [s for s in cited if "人事発令" in texts[s] or "Ranking" in texts[s]]


def test_a_new_press_release_adds_its_meeting(seeds_copy):
    shutil.copy(TESTS / "new_dicas5.txt", seeds_copy / "new_dicas5.txt")
    events = events_table(load_corpus(seeds_copy)).set_index("event_id")
    row = events.loc["dicas-5"]
    assert (row.date, row.ordinal, row.venue) == ("2027-01-20", 5, "防衛装備庁")
    assert row.participants == ("山田太郎 防衛装備庁長官 (JP); "
                                "ジョン・スミス 米戦争次官(取得・維持整備担当) (US)")
    assert row.sources == "new_dicas5:p5"
    assert "dicas-4" in events.index


@pytest.mark.parametrize("text, ref, expected", [
    ("2016年6月に締結し、同月の日米防衛相会談において", None, ["2016-06", "2016-06"]),
    ("令和8(2026)年1月29日(木)16時00分、前日に開催された", "2026-02-02", ["2026-01-29", "2026-01-28"]),
    ("本年3月18日にオンラインで開催された", "2026-04-17", ["2026-03-18"]),
    ("昨年12月に修理が行われた", "2026-04-17", ["2025-12"]),
    # 同年 needs only a year before it, a fiscal year written in two digits after 翌 included.
    ("翌24年度も対象国となり、両国は同年12月5日に署名した", "2026-02-11", ["FY2024", "2024-12-05"]),
    ("2024年に合意し、同年7月に発効した", "2026-02-11", ["2024", "2024-07"]),
])
def test_dates_relative_to_the_previous_date(text, ref, expected):
    import datetime as dt
    found = dated(text, dt.date.fromisoformat(ref) if ref else None)
    assert [d.iso() for d in found] == expected


@pytest.mark.parametrize("text, expected", [
    ("青柳肇防衛装備庁長官とマイケル・ダフィー米戦争次官(取得・維持整備担当)は",
     ["青柳肇 防衛装備庁長官 (JP)", "マイケル・ダフィー 米戦争次官(取得・維持整備担当) (US)"]),
    ("日本側:青柳防衛装備庁長官 ほか", ["青柳 防衛装備庁長官 (JP)"]),
    ("米国側:ミラー米国防安全保障協力庁(DSCA)長官 ほか", ["ミラー 米国防安全保障協力庁(DSCA)長官 (US)"]),
    ("小泉防衛大臣とヘグセス米戦争長官は", ["小泉 防衛大臣 (JP)", "ヘグセス 米戦争長官 (US)"]),
    ("両庁の長官は、確認した。", []),
    # Officials joined by 及び, as a government release lists the four of a 2+2.
    ("茂木外務大臣及び岩屋防衛大臣は、ルビオ米国務長官及びヘグセス米国防長官との間で",
     ["茂木 外務大臣 (JP)", "岩屋 防衛大臣 (JP)", "ルビオ 米国務長官 (US)", "ヘグセス 米国防長官 (US)"]),
    ("両国及び関係機関は", []),
])
def test_participants(text, expected):
    assert [p.label() for p in find_participants(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("米戦争省において、第4回…を実施した", "米戦争省"),
    ("本年3月18日にオンラインで開催された", "オンライン"),
    ("修理が舞鶴市において行われた", "舞鶴市"),
    ("本協議において、両者は", ""),
])
def test_venues(text, expected):
    assert find_venue(text) == expected


def test_a_three_line_document_gives_one_exact_row():
    doc = parse_document("d", "令和9年5月1日\n防衛省\n#### 第3回SCCMの開催\n"
                              "令和9年4月30日、田中長官とブラウン米国防安全保障協力庁長官は、市ヶ谷において、第3回SCCMを実施した。\n")
    got = events_table([doc])
    expected = pd.DataFrame([{
        "event_id": "sccm-3", "date": "2027-04-30", "date_precision": "day", "end_date": "",
        "kind": "meeting", "status": "held",
        "series": "SCCM", "program": "", "ordinal": 3, "name_ja": "第3回SCCM",
        "name_en": "3rd SCCM", "parties": "JP;US", "parties_basis": "series", "participants": "田中 長官 (JP); ブラウン 米国防安全保障協力庁長官 (US)",
        "participants_en": "Tanaka (romanised), Commissioner (JP); Buraun (romanised), Director of DSCA (US)",
        "venue": "市ヶ谷", "venue_en": "Ichigaya",
        "doc_ids": "d", "sources": "d:p4", "languages": "ja",
        "quote": "令和9年4月30日、田中長官とブラウン米国防安全保障協力庁長官は、市ヶ谷において、第3回SCCMを実施した。",
        "confirmed": True, "n_sources": 1,
    }])
    expected["ordinal"] = expected["ordinal"].astype("Int64")
    pd.testing.assert_frame_equal(got, expected)


def test_policy_changes_headed_with_their_dates(events):
    revisions = events[events.series == "revision"]
    assert revisions[["date", "kind"]].values.tolist() == [["2023-12", "other"], ["2024-03", "other"]]
    assert set(revisions.name_ja) == {"防衛装備移転三原則 運用指針の改正"}


@pytest.mark.parametrize("ending", ["開く。", "開きます。"])
def test_the_polite_present_tells_of_what_is_to_come_as_the_plain_one_does(ending):
    # 開きます is 開く made polite: no meeting held on the 11th, and none for the summit
    # the sentence before names.
    doc = parse_document("d", "日米が初会合\n2024年6月9日 21:40\n日米両政府は9日、DICASの初会合を防衛省で開いた。\n"
                              "DICASは4月の日米首脳会談で新設が決まった枠組みだ。最終日の11日には艦艇整備の作業部会を"
                              + ending + "\n")
    got = events_table([doc])
    assert sorted(got.event_id) == ["dicas-1", "summit-2024-04"]
    assert set(got.status) == {"held"}


@pytest.mark.parametrize("published, precision, date, after", [
    # A page dated only by its month: a day in that month is not after it, the next month is.
    ("2024-11-01", "month", "2024年11月17日", False),
    ("2024-11-01", "month", "2024年12月1日", True),
    ("2024-11-16", "day", "2024年11月17日", True),
    ("2024-01-01", "year", "2024年12月31日", False),
])
def test_a_date_is_after_the_document_only_at_the_documents_own_precision(published, precision, date, after):
    import datetime as dt
    from types import SimpleNamespace

    from jdib.extract.events import after_document
    from jdib.ingest import dates as ingest_dates

    doc = SimpleNamespace(published=dt.date.fromisoformat(published), published_precision=precision)
    assert after_document(ingest_dates.parse_date(date), doc) is after


@pytest.mark.parametrize("sentence, status", [
    # A sentence ending in a plain non-past verb tells what is to come; the past what happened.
    ("首相は13日、ワシントンで日米首脳会談に臨む。", "planned"),
    ("首相は13日、ワシントンで日米首脳会談に臨んだ。", "held"),
    ("日米防衛相会談は13日、防衛省で開かれる。", "planned"),
    ("日米防衛相会談は13日、防衛省で開かれた。", "held"),
])
def test_the_tense_of_a_japanese_sentence_tells_held_from_planned(sentence, status):
    doc = parse_document("d", f"見出し\n2023年1月12日\n{sentence}\n")
    events = events_table([doc])
    assert events["status"].tolist() == [status]
