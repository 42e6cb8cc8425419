"""Events as wire stories, trade dailies and ministry releases state them."""

from __future__ import annotations

import pandas as pd
import pytest

from jdib.ingest.corpus import parse_document
from jdib.extract.events import events_table
from jdib.extract.mentions import ordinal_after, ordinal_before, ordinal_number

# Written for these tests: the four DICAS meetings as four kinds of source tell them.
WIRE_FIRST = """\
日米、防衛産業で初協議 装備品の共同生産探る
2024.06.11
日米両政府は9日、防衛産業協力・取得・維持整備定期協議(DICAS)の初会合を防衛省で開いた。
双方はミサイルの共同生産や米艦船の修理について協議した。
"""
RELEASE_SECOND = """\
第二回日米防衛産業協力・取得・維持整備定期協議(DICAS)の開催について

令和6年10月8日
防衛省

令和6年10月7日(現地時間)、ハワイにおいて、第二回日米防衛産業協力・取得・維持整備定期協議(DICAS)を実施しました。
"""
DAILY_THIRD = """\
防衛日報デジタル
配信日 2024年12月13日(金) 18:05
DICAS、第3回会合で作業部会の進捗確認
日米は11日、第三回のDICASを開催した。次のDICASを2025年6月までに実施することで合意した。
"""
TV_FOURTH = """\
日米 装備品の共同生産拡大へ 2026年04月15日 11時09分
日米両政府はきのう、ダイキャスと呼ばれる協議の4回目の会合を開いた。第4回DICASは14日、東京で開かれた。
"""


@pytest.fixture(scope="module")
def dicas():
    docs = [parse_document(name, text) for name, text in
            [("wire1", WIRE_FIRST), ("mod2", RELEASE_SECOND), ("daily3", DAILY_THIRD), ("tv4", TV_FOURTH)]]
    events = events_table(docs)
    return events[events["series"] == "DICAS"]


def test_four_dicas_meetings_are_four_rows_numbered_one_to_four(dicas):
    held = dicas[dicas["status"] == "held"].sort_values("date")
    assert list(held["ordinal"]) == [1, 2, 3, 4]
    assert list(held["date"]) == ["2024-06-09", "2024-10-07", "2024-12-11", "2026-04-14"]
    assert list(held["event_id"]) == ["dicas-1", "dicas-2", "dicas-3", "dicas-4"]


def test_a_meeting_agreed_for_later_is_planned_not_held(dicas):
    planned = dicas[dicas["status"] == "planned"]
    assert list(planned["date"]) == ["2025-06"]
    assert (dicas.loc[dicas["date"] == "2025-06", "status"] == "planned").all()


def test_the_venue_of_the_first_meeting_is_read(dicas):
    assert dicas.set_index("event_id").loc["dicas-1", "venue"] == "防衛省"


def test_a_two_day_meeting_has_its_last_day():
    doc = parse_document("d", "日米安保協議\n2024-6-10 09:20\n"
                              "日米両政府は7、8の両日、SCCMを東京で開催した。\n")
    row = events_table([doc]).iloc[0]
    assert (row.date, row.end_date, row.status) == ("2024-06-07", "2024-06-08", "held")


def test_a_bare_day_in_an_undated_document_gives_no_event():
    doc = parse_document("d", "日米協議\n日米両政府は9日、SCCMを東京で開催した。\n")
    assert doc.published is None
    assert events_table([doc]).empty


@pytest.mark.parametrize("text, status", [
    ("2025年3月30日、日米防衛相会談を東京で行った。", "held"),
    ("2025年3月30日に日米防衛相会談を行う予定だ。", "planned"),
    ("2025年6月までに次回のSCCMを開催する方向で調整している。", "planned"),
    ("2025年6月に次回DICASの開催に向けて準備を進める。", "planned"),
    ("2024年4月の日米首脳会談において、DICASを開催することが発表された。", "held"),
    ("2024年4月、DICASを開催することが発表された。", "announced"),
    ("日米両政府は9日にSCCMを開き、次回会合を年内に開催することで合意した。", "held"),
])
def test_held_planned_or_announced(text, status):
    doc = parse_document("d", f"見出し\n2025-12-20\n{text}\n")
    events = events_table([doc])
    assert events.iloc[0].status == status


def test_a_date_after_the_document_is_a_plan():
    doc = parse_document("d", "見出し\n2024-06-01\n2024年6月20日、SCCMを東京で開催する。\n")
    assert events_table([doc]).iloc[0].status == "planned"


@pytest.mark.parametrize("numeral, n", [("1", 1), ("二", 2), ("三", 3), ("十", 10), ("十二", 12), ("二十一", 21)])
def test_ordinal_numbers(numeral, n):
    assert ordinal_number(numeral) == n


@pytest.mark.parametrize("text, n", [
    ("第二回DICAS", 2), ("第三回「DICAS", 3), ("第1回目のDICAS", 1), ("初のDICAS", 1), ("DICAS", None),
])
def test_ordinal_before_a_series(text, n):
    assert ordinal_before(text, text.index("DICAS")) == n


@pytest.mark.parametrize("text, n", [
    ("DICASの初会合", 1), ("DICAS(日米防衛産業協議)の初めての会合", 1), ("DICASの第二回会合", 2), ("DICASが初会合", 1),
    ("DICASの作業部会", None),
])
def test_ordinal_after_a_series(text, n):
    assert ordinal_after(text, text.index("DICAS") + len("DICAS")) == n


@pytest.mark.parametrize("spelling, series", [
    ("2プラス2", "2+2"), ("two-plus-two", "2+2"), ("PIPIR", "PIP IR"), ("ダイキャス", "DICAS"), ("PIP-IR", "PIP IR"),
])
def test_series_spellings(spelling, series):
    doc = parse_document("d", f"見出し\n2025-01-10\n2024年10月7日、日米は{spelling}を開催した。\n")
    assert list(events_table([doc])["series"]) == [series]


@pytest.mark.parametrize("spelling", ["PAC3", "PAC-3(MSE)", "PAC-3 MSE", "PAC-3MSE"])
def test_program_spellings(spelling):
    from jdib.extract.programs import find_programs

    assert [p["id"] for p, _ in find_programs(f"地対空誘導弾{spelling}の生産")] == ["pac3_mse"]


def test_sm3_block_2a_is_block_iia():
    from jdib.extract.programs import find_programs

    assert [p["id"] for p, _ in find_programs("SM-3ブロック2Aの共同生産")] == ["sm3_block2a"]


def test_known_officials_get_english_names_and_unknown_ones_a_marked_guess():
    doc = parse_document("d", "見出し\n2024-06-10\n"
                              "2024年6月9日、深沢雅貴防衛装備庁長官とラプランテ米国防次官は、横須賀市において、"
                              "第1回DICASを実施した。山田太郎審議官も出席した。\n")
    row = events_table([doc]).iloc[0]
    assert "Fukasawa Masaki" in row.participants_en
    assert "William LaPlante" in row.participants_en
    assert "Rapurante" not in row.participants_en
    assert row.venue_en == "Yokosuka"
    unknown = parse_document("d", "見出し\n2024-06-10\n2024年6月9日、ボブ・スミス米国防次官は、岩国市において、"
                                  "第1回DICASを実施した。\n")
    row = events_table([unknown]).iloc[0]
    assert "(romanised)" in row.participants_en and row.venue_en.endswith("(romanised)")


def test_ship_work_is_read_around_its_date_and_merged_by_ship():
    arrival = parse_document("a", "米艦、横浜の工場に\n令和6年12月13日\n"
                                  "米海軍の遠征洋上基地艦「ミゲル・キース」が12日、横浜市の造船所に着岸した。"
                                  "中間整備を受ける。\n")
    history = parse_document("b", "メモ\n2026年5月12日\n2019年の駆逐艦「ミリウス」の横浜での整備を皮切りに、"
                                  "民間造船所での米艦修理が定着した。\n")
    events = events_table([arrival, history])
    ops = events[events["kind"] == "operation"].set_index("date")["name_ja"].to_dict()
    assert ops == {"2024-12-12": "「ミゲル・キース」の整備", "2019": "「ミリウス」の整備"}


def test_a_transfer_contract_is_a_contract_named_by_its_program():
    wire = parse_document("a", "見出し\n2024-7-28 20:00\n防衛省は28日、パトリオット(PAC3)を米国に移転する契約を結んだと発表した。\n")
    tv = parse_document("b", "ニュース\n2024-7-29 07:10\n防衛省はきのう、迎撃ミサイル「PAC3」をアメリカに移転する契約を結びました。\n")
    events = events_table([wire, tv])
    signing = events[events["kind"] == "contract"]
    assert list(signing["date"]) == ["2024-07-28"]
    assert signing.iloc[0]["doc_ids"] == "a;b" and signing.iloc[0]["program"] == "pac3_mse"


def test_a_meeting_held_right_after_another_takes_its_date():
    doc = parse_document("d", "「2+2」の開催\n令和6年7月28日\n外務省\n"
                              "1 本28日、東京において、日米安全保障協議委員会(「2+2」)を開催した。\n"
                              "2 「2+2」に引き続き、四閣僚は、初めてとなる日米拡大抑止に関する閣僚会合を開催した。\n")
    events = events_table([doc]).set_index("series")
    assert events.loc["extended deterrence", "date"] == "2024-07-28"
    assert events.loc["extended deterrence", "ordinal"] == 1


def test_an_aggregator_a_day_late_is_outvoted():
    docs = [parse_document(n, t) for n, t in [
        ("agg", "まとめ\n2024-12-13\n2024年12月12日、第3回DICASが開催された。\n"),
        ("mod", "第3回DICASの開催\n令和6年12月12日\n令和6年12月11日、第3回DICASを実施した。\n"),
        ("wire", "DICAS第3回\n2024-12-11 18:00\n日米両政府は11日、第3回DICASを開いた。\n"),
    ]]
    row = events_table(docs).set_index("event_id").loc["dicas-3"]
    assert row.date == "2024-12-11"


def test_ids_that_would_collide_get_a_suffix():
    import pandas as pd
    from jdib.extract.events import _unique_ids

    frame = pd.DataFrame({"event_id": ["x-2024", "x-2024", "x-2024-b"], "date": ["2024"] * 3,
                          "kind": ["meeting", "summit", "meeting"], "name_ja": ["a", "b", "c"],
                          "sources": ["d:p1", "d:p2", "d:p3"]})
    assert _unique_ids(frame)["event_id"].is_unique


@pytest.mark.parametrize("text, venue", [
    ("中谷防衛大臣はヘグセス米国防長官を防衛省に迎え、会談した", "防衛省"),
    ("石破首相はホワイトハウスを訪れ、トランプ大統領と会談した", "ホワイトハウス"),
    ("両氏は東京都内で会談を行った", "東京都内"),
])
def test_venues_as_stories_write_them(text, venue):
    from jdib.extract.mentions import find_venue

    assert find_venue(text) == venue


def test_a_wire_storys_dateline_places_the_meeting_of_its_lead():
    doc = parse_document("d", "見出し\n2025-02-08\n【ワシントン共同】石破茂首相は7日、トランプ米大統領と首脳会談を行った。\n")
    assert events_table([doc])[["venue", "venue_en"]].values.tolist() == [["ワシントン", "Washington"]]


def test_a_dateline_city_the_glossary_does_not_know_is_no_venue():
    doc = parse_document("d", "見出し\n2025-02-08\n【北京共同】日中は7日、首脳会談を行った。\n")
    assert events_table([doc])["venue"].tolist() == [""]


def test_a_meeting_the_lead_recalls_is_not_placed_in_the_dateline_city():
    doc = parse_document("d", "見出し\n2024-06-02\n【シンガポール共同】日米両政府は2日、4月10日の首脳会談で合意した協議の初会合を調整した。\n")
    summit = events_table([doc]).query("series == 'summit'")
    assert summit["venue"].tolist() == [""]


@pytest.mark.parametrize("lead, date", [
    # The dateline dates the story; the weekday dates the meeting, read against it.
    ("OTTAWA, Sept 12, 2024 (Wire) - Canada's defence minister Bill Blair met Japan's defence minister "
     "Minoru Kihara on Tuesday in Ottawa.", "2024-09-10"),
    ("OTTAWA, Sept 12, 2024 /Wire/ -- Canada's defence minister Bill Blair met Japan's defence minister "
     "Minoru Kihara on Wednesday.", "2024-09-11"),
    # Near-miss: a lead with no day of its own keeps the dateline's.
    ("OTTAWA, Sept 12, 2024 (Wire) - Canada's defence minister Bill Blair met Japan's defence minister "
     "Minoru Kihara in Ottawa.", "2024-09-12"),
])
def test_a_wire_dateline_dates_the_story_not_the_meeting(lead, date):
    doc = parse_document("w", f"Canada and Japan talk defence\n{lead}\n")
    got = events_table([doc])
    assert got[["date", "series", "parties"]].values.tolist() == [[date, "defence ministers", "CA;JP"]]


@pytest.mark.parametrize("lead, series", [
    ("British Defence Secretary John Healey met Japan's defence minister Gen Nakatani in London on Monday.",
     "defence ministers"),  # titles in running text, and a Defence Secretary
    ("British Defence Secretary John Healey met Japan's foreign minister in London on Monday.", "talks"),
])
def test_a_meeting_takes_the_series_its_officials_make(lead, series):
    doc = parse_document("w", f"Britain and Japan\n2025-03-05\n{lead}\n")
    got = events_table([doc])
    assert got[["date", "series", "parties"]].values.tolist() == [["2025-03-03", series, "GB;JP"]]


@pytest.mark.parametrize("second, rows", [
    # The lead dates the story's occasion; the next paragraph tells the meeting without a date (the two
    # defence ministers of the lead make it their meeting).
    ("Pistorius and Kihara met for an hour at the defence ministry.", [["2024-07-18", "DE;JP"]]),
    # Near-miss: a meeting the second paragraph only recalls, dated in its own words.
    ("Pistorius and Kihara last met in March 2023.", [["2023-03", "DE;JP"]]),
])
def test_a_meeting_told_after_a_dated_lead_takes_the_leads_day(second, rows):
    doc = parse_document("w", "Germany and Japan\nJuly 19, 2024\nTOKYO (Wire) - The defence ministers of Germany "
                              f"and Japan agreed on Thursday to deepen ties.\n{second}\n")
    got = events_table([doc])
    assert got[["date", "parties"]].values.tolist() == rows
    if second.endswith("ministry."):
        assert got.series.tolist() == ["defence ministers"]


@pytest.mark.parametrize("body, rows", [
    # 日時・場所: a label of two fields dates the release's text from the line under it.
    ("1 日時・場所\n令和6年10月18日(金)18時30分から\nイタリア共和国・ナポリ\n2 概要\n"
     "(1) 中谷防衛大臣は、クロセット国防大臣と会談を行いました。",
     [["2024-10-18", "defence ministers", "held"]]),
    # 翌19日: the next day, named by its number; G7: every member a side.
    ("中谷大臣は18日、クロセット国防大臣と会談した。両大臣は翌19日にナポリで開催されるG7国防相会合の成功に向けて連携する。",
     [["2024-10-18", "defence ministers", "held"], ["2024-10-19", "defence ministers", "planned"]]),
])
def test_release_blocks_and_the_next_day(body, rows):
    doc = parse_document("r", f"日伊防衛相会談について\n令和6年10月18日\n{body}\n")
    got = events_table([doc]).sort_values("date")
    assert got[["date", "series", "status"]].values.tolist() == rows


def test_the_same_day_of_an_earlier_sentence():
    doc = parse_document("s", "日韓制服組が会談\n2024年7月19日\n吉田統合幕僚長は前日の17日、韓国の金合同参謀本部議長と会談した。"
                              "同日には米国のブラウン統合参謀本部議長とも懇談した。\n")
    got = events_table([doc])
    assert sorted(got.date) == ["2024-07-17", "2024-07-17"]


@pytest.mark.parametrize("body, rows", [
    # What has been the case so far is no event of the story's day.
    ("It is the first such pact Canada has signed since 2010.", []),
    ("The ministry has signed an agreement with Canada.", [["2025-03-05", "agreement", "CA;JP"]]),
    # An agreement with Japan alone named takes the one foreign side of its title.
    ("The deal was agreed in principle when Ishiba visited in May 2024.", [["2024-05", "agreement", "CA;JP"]]),
])
def test_what_a_sentence_tells_of_the_storys_day(body, rows):
    doc = parse_document("t", f"Japan and Canada sign a logistics deal\n2025-03-05\n{body}\n")
    got = events_table([doc])
    assert got[["date", "kind", "parties"]].values.tolist() == rows


@pytest.mark.parametrize("body, rows", [
    # The G7's summit is its members' meeting, not a US-Japan summit.
    ("The three leaders met on the sidelines of the G7 summit in Hiroshima on May 21.",
     [["2023-05-21", "CA;DE;FR;GB;IT;JP;US"]]),
    # A past day the paragraph named earlier dates "the same day"; a plan's does not.
    ("Yoon Suk Yeol and Fumio Kishida met on May 7. Kishida also met Joe Biden in Tokyo on the same day.",
     [["2023-05-07", "JP;KR"], ["2023-05-07", "JP;US"]]),
])
def test_groups_and_the_same_day(body, rows):
    doc = parse_document("t", f"U.S., Japan, South Korea leaders meet\n2023-05-25\n{body}\n")
    got = events_table([doc]).sort_values(["date", "parties"])
    assert got[["date", "parties"]].values.tolist() == rows


@pytest.mark.parametrize("body, parties", [
    # The text says how many sides met: find them where it names them all.
    ("3カ国の首脳は18日、キャンプデービッドで会談した。", "JP;KR;US"),
    ("The three leaders met at Camp David on Friday.", "JP;KR;US"),
])
def test_a_count_of_sides_finds_them_all(body, parties):
    doc = parse_document("t", f"日米韓首脳会談 / U.S., Japan, South Korea leaders meet\n2023-08-19\n{body}\n")
    got = events_table([doc])
    assert got.parties.tolist() == [parties]


def test_a_release_form_with_its_attendees_is_a_meeting_of_their_countries():
    doc = parse_document("f", "防衛省\n日英伊防衛相会合の開催について\n令和5年12月14日\n1 日時\n令和5年12月14日(木)\n2 場所\n東京\n"
                              "3 出席者\n木原防衛大臣\nシャップス英国国防大臣\nクロセット伊国防大臣\n4 概要\n"
                              "3大臣は、次期戦闘機の共同開発について協議した。\n")
    got = events_table([doc])
    assert [["2023-12-14", "defence ministers", "GB;IT;JP"]] == \
        got[got.kind == "meeting"][["date", "series", "parties"]].values.tolist()


@pytest.mark.parametrize("body, series", [
    ("両外相は8日、マルコス大統領を表敬した。", "talks"),  # a courtesy call beside a 2+2 is talks of its own
    ("両国は2023年11月29日、東京で正式交渉を行った。", "talks"),
])
def test_calls_and_negotiations_are_talks_of_their_own(body, series):
    doc = parse_document("c", f"日比「2+2」を開催\n2024年7月9日\n{body}\n")
    got = events_table([doc])
    assert set(got.series) == {series} and set(got.parties) == {"JP;PH"}


@pytest.mark.parametrize("second, rows", [
    # The two leaders met after the lead's signing: their talks are of the lead's day.
    ("The two leaders put their names to the pact after talks there.",
     [["2023-01-11", "agreement"], ["2023-01-11", "summit"]]),
    # A near-miss: an agreement the release welcomes as reached before is no event of its day.
    ("", [["2023-01-11", "agreement"]]),
])
def test_the_leads_day_and_what_it_goes_on_to_tell(second, rows):
    doc = parse_document("l", "Japan and Britain sign access pact\nJanuary 11, 2023\nLONDON (Wire) - Japanese Prime Minister "
                              f"Fumio Kishida and his British counterpart Rishi Sunak signed an access agreement on Wednesday.\n{second}\n")
    got = events_table([doc]).sort_values("kind")
    assert got[["date", "kind"]].values.tolist() == rows


def test_an_agreement_welcomed_as_reached_is_not_dated_by_the_release():
    doc = parse_document("w", "日伊防衛相会談について\n令和6年10月18日\n1 日時・場所\n令和6年10月18日(金)\nナポリ\n2 概要\n"
                              "両大臣は、日伊ACSAが先般実質合意に至ったことを歓迎した。\n")
    assert events_table([doc]).query("kind == 'agreement'").empty


def test_a_meeting_on_the_sidelines_of_a_gathering_is_the_meeting_not_the_gathering():
    doc = parse_document("s", "Japan and Canada\nJuly 9, 2025\nPrime Minister Shigeru Ishiba met Canadian Prime Minister "
                              "Mark Carney on June 16 on the sidelines of the Group of Seven summit in Kananaskis.\n")
    got = events_table([doc])
    assert got[["date", "series", "parties"]].values.tolist() == [["2025-06-16", "leaders", "CA;JP"]]


def test_talks_another_document_names_as_a_series_meeting_are_that_meeting():
    release = parse_document("r", "日米防衛相会談について\n令和8年1月15日\n小泉防衛大臣は、15日、ヘグセス米戦争長官と日米防衛相会談を行いました。\n")
    story = parse_document("s", "Koizumi and Hegseth\nMarch 10, 2026\nKoizumi and Hegseth, who held talks in Washington on "
                                "January 15, spoke again by phone on Monday.\n")
    got = events_table([release, story])
    jan = got[got.date == "2026-01-15"]
    assert jan.series.tolist() == ["ministerial"] and set(jan.sources.iloc[0].split(";")) >= {"r:p3", "s:p3"}


@pytest.mark.parametrize("body, dates_", [
    # A page without a date of its own: its bare days read against the full date it stated last.
    ("中谷防衛大臣は2024年8月18日、シン印国防相と会談した。\n中谷防衛大臣は20日、東京でマールズ豪国防相と会談した。",
     ["2024-08-18", "2024-08-20"]),
    # Near-miss: with nothing stated before, a bare day stays undated.
    ("中谷防衛大臣は20日、東京でマールズ豪国防相と会談した。", []),
])
def test_an_undated_page_reads_its_days_against_the_date_it_stated(body, dates_):
    doc = parse_document("u", f"日印の会談\n{body}\n")
    assert doc.published is None
    assert sorted(events_table([doc]).date) == dates_


def test_a_readouts_later_paragraphs_go_on_from_its_day():
    doc = parse_document("r", "Readout of the Secretary's meetings in Canberra\nAugust 6, 2025\n"
                              "Secretary of Defense Pete Hegseth met today in Canberra with Japanese Minister of Defense "
                              "Gen Nakatani. They reviewed the plans agreed in March.\n"
                              "Earlier in the day, Secretary Hegseth met Australian Deputy Prime Minister Richard Marles.\n"
                              "Secretary Hegseth, Deputy Prime Minister Marles and Minister Nakatani then convened a "
                              "trilateral meeting.\n")
    got = events_table([doc])
    assert sorted(got.date) == ["2025-08-06"] * 3  # not the March of the plans told in between
    assert sorted(got.parties) == ["AU;JP;US", "AU;US", "JP;US"]


@pytest.mark.parametrize("sentence, kinds", [
    ("The meeting followed talks between Prime Minister Ishiba and President Xi in Lima on Nov. 15.", ["meeting"]),
])
def test_talks_between_two_leaders_are_a_meeting(sentence, kinds):
    from jdib.extract.frames import find_triggers
    assert [t.kind for t in find_triggers(sentence)][-1:] == kinds


@pytest.mark.parametrize("body, rows", [
    # An offset from a date dates the event it names.
    ("Teodoro and Nakatani met in Seoul on Tuesday, two days before the Japan-Philippines access agreement took effect.",
     [["2025-09-09", "meeting"], ["2025-09-11", "agreement"]]),
    # Two acts in two clauses are two events, each with its own date.
    ("The Japan-Philippines agreement, signed in Manila in July last year, entered into force on Thursday.",
     [["2024-07", "agreement"], ["2025-09-11", "agreement"]]),
    # What two agreed at talks is of the talks' day (agreed to set up: held, not moved forward).
    ("At their talks on Tuesday Teodoro and Nakatani agreed to set up a forum on shipbuilding.",
     [["2025-09-09", "establishment"], ["2025-09-09", "meeting"]]),
    ("At their talks on Tuesday Teodoro and Nakatani said they would set up a forum on shipbuilding.",
     [["2025-09-09", "meeting"]]),
])
def test_each_event_takes_its_own_day(body, rows):
    doc = parse_document("d", f"Japan, Philippines defence chiefs meet\nSeptember 11, 2025\n{body}\n")
    got = events_table([doc])
    assert sorted(got[["date", "kind"]].values.tolist()) == rows


def test_people_named_again_keep_their_country():
    # People the page introduced with their country, named again by surname.
    doc = parse_document("c", "制服組トップが会談\n2024年7月19日\n自衛隊トップの吉田圭秀統合幕僚長は18日、米軍のブラウン統合参謀本部議長、"
                              "韓国軍の金明秀合同参謀本部議長と会談した。\n"
                              "吉田氏は前日の17日、金氏と個別に会談した。同日にはブラウン氏とも懇談した。\n")
    got = events_table([doc])
    assert sorted(got[got.date == "2024-07-17"].parties) == ["JP;KR", "JP;US"]
