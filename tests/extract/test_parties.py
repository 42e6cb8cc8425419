"""Who meets: the parties of a meeting, read from the words that name them."""

import pytest

from jdib.extract.parties import find_cues, named_with, parties_of, strongest
from jdib.ingest.corpus import parse_document
from jdib.extract.events import events_table


@pytest.mark.parametrize("text, parties", [
    ("小泉防衛大臣は、来日したマールズ豪副首相兼国防相と会談した", ("AU", "JP")),
    ("中谷防衛大臣はヘグセス米国防長官と会談し、中国の動向に懸念を示した", ("JP", "US")),  # China in passing
    ("日英伊の防衛相がローマで会談", ("GB", "IT", "JP")),
    ("英国のヒーリー国防相と会談した", ("GB",)),
    ("フィリピンのテオドロ国防相", ("PH",)),
    ("アルバニージー首相と石破首相が会談した", ("AU", "JP")),  # not Aruba inside a katakana name
    ("Secretary of Defense Pete Hegseth hosted Japanese Minister of Defense Gen Nakatani", ("JP", "US")),
    ("Australian Deputy Prime Minister Richard Marles met his counterpart", ("AU",)),
    ("インド太平洋地域の産業強靱化", ()),  # not India
    ("在日米軍の司令部で", ()),
    ("5日米国防総省は声明を出した", ("US",)),  # the 5th, then the Pentagon: not Japan-US
])
def test_parties_are_read_from_officials_and_country_words(text, parties):
    assert parties_of(text) == parties


def test_a_country_named_in_passing_is_weaker_than_the_officials():
    cues = find_cues("小泉防衛大臣はヘグセス長官と会談し、北朝鮮の核問題を話し合った")
    assert strongest(cues) == (("JP", "US"), "official")


def test_the_country_word_fused_to_a_meeting_names_its_parties():
    text = "日米首脳会談に先立ち、日豪首脳会談を開いた"
    assert named_with(text, text.index("首脳会談", 5), text.index("首脳会談", 5) + 4) == ("AU", "JP")
    assert named_with(text, 2, 6) == ("JP", "US")


def _events(body: str, published: str = "2025-09-10"):
    return events_table([parse_document("d", f"見出し\n{published}\n{body}\n")])


@pytest.mark.parametrize("body, series, parties", [
    ("小泉防衛大臣は5日、マールズ豪国防相と防衛相会談を行った。", "defence ministers", "AU;JP"),
    ("小泉防衛大臣は5日、ヘグセス米国防長官と防衛相会談を行った。", "ministerial", "JP;US"),
    ("日豪両政府は5日、東京で「2+2」を開催した。", "foreign and defence ministers", "AU;JP"),
    ("日米両政府は5日、東京で「2+2」を開催した。", "2+2", "JP;US"),
    ("日米豪の防衛相は5日、防衛相会談を開いた。", "defence ministers", "AU;JP;US"),
    ("石破首相は5日、アルバニージー首相と首脳会談を行った。", "leaders", "AU;JP"),
])
def test_a_us_japan_series_takes_a_meeting_only_of_japan_and_the_united_states(body, series, parties):
    got = _events(body)
    assert got[["series", "parties"]].values.tolist() == [[series, parties]]


def test_a_meeting_of_other_parties_is_named_with_them_in_english():
    got = _events("小泉防衛大臣は5日、マールズ豪国防相と防衛相会談を行った。")
    assert got.loc[0, "name_en"] == "Japan–Australia Defence Ministers' Meeting"
    assert got.loc[0, "event_id"] == "defence-ministers-au-jp-2025-09-05"


@pytest.mark.parametrize("published, body, date", [
    ("2025-10-06", "政府は6日、高市首相とトランプ米大統領が28日に首脳会談を行う方向で調整に入った。", "2025-10-28"),
    ("2023-01-03", "岸田首相とバイデン米大統領は13日に首脳会談を行う予定だ。", "2023-01-13"),
    ("2024-11-28", "中谷防衛大臣とオースティン米国防長官は3日に東京で会談する。", "2024-12-03"),
])
def test_a_meeting_still_to_come_is_dated_forward(published, body, date):
    got = _events(body, published)
    assert got[["date", "status"]].values.tolist() == [[date, "planned"]]


def test_the_preview_and_the_report_of_one_meeting_are_one_held_row():
    preview = parse_document("p", "首脳会談へ\n2025-10-06\n高市首相とトランプ米大統領は28日に首脳会談を行う方向で調整している。\n")
    report = parse_document("r", "首脳会談\n2025-10-28\n高市首相は28日、トランプ米大統領と首脳会談を行った。\n")
    got = events_table([preview, report])
    assert got[["date", "status", "doc_ids"]].values.tolist() == [["2025-10-28", "held", "p;r"]]


def test_two_meetings_in_one_sentence_are_two_rows():
    got = _events("日米のSCCMは、2016年11月に第1回会合、2017年12月に第2回会合を開催した。", "2024-01-10")
    assert got[["event_id", "date"]].values.tolist() == [["sccm-1", "2016-11"], ["sccm-2", "2017-12"]]


@pytest.mark.parametrize("body, ordinal", [
    ("日米のSCCMは、20(令和2)年1月の第4回会議で、FMSの課題を協議した。", 4),
    ("日米は10日、SCCMを開催した。今回で5回目の会合となった。", None),  # the count is in another sentence
    ("日米は10日、SCCMを開催し、今回で5回目となった。", 5),
])
def test_ordinals_as_people_write_them(body, ordinal):
    got = _events(body, "2025-03-01")
    assert [None if o is None or str(o) == "<NA>" else int(o) for o in got.ordinal] == [ordinal]


@pytest.mark.parametrize("text, parties", [
    # What the two sides talked about is a topic, not a party.
    ("Officials of Japan and Canada met and talked about Russia's war and North Korea's launches", ("CA", "JP")),
    ("Japan and the Philippines voiced concern over China and North Korea", ("JP", "PH")),
    ("日本とインドは北朝鮮情勢や中国の海洋進出について協議した", ("IN", "JP")),
    ("日本と英国はロシアによる侵略を非難した", ("GB", "JP")),
    ("Tensions in the East China Sea were raised by Japan and Italy", ("IT", "JP")),  # a sea, not China
    # Near-misses: a country that acts, however it is written.
    ("Japan's defence minister and Germany's defence minister met", ("DE", "JP")),
    ("talks on the Japan-U.S. alliance", ("JP", "US")),  # a pair of countries is never a topic
    ("Japan's Hayashi and France's Barrot met in Paris", ("FR", "JP")),  # a name after the possessive
    ("日本と韓国の両政府は協議した", ("JP", "KR")),
])
def test_a_country_talked_about_is_not_a_party(text, parties):
    assert tuple(sorted({c.code for c in find_cues(text)})) == parties


@pytest.mark.parametrize("text, parties, basis", [
    ("Canada's defence minister greeted the visitors", ("CA",), "official"),
    ("Canada's budget grew", (), ""),  # a possessive before a thing: a topic
])
def test_a_title_after_a_possessive_is_an_official(text, parties, basis):
    assert strongest(find_cues(text)) == (parties, basis)


@pytest.mark.parametrize("text, parties", [
    # A company names its country's side when nothing stronger does.
    ("三菱重工業と英BAEシステムズは合弁会社を設立した", ("GB", "JP")),
    ("Mitsubishi Heavy Industries and Leonardo formed a joint venture", ("IT", "JP")),
    # Near-misses: officials outrank the companies they talk about; a longer word is not a company.
    ("木原防衛大臣はマールズ豪国防相とロッキード・マーチンの工場を視察した", ("AU", "JP")),
    ("サーブルの試合", ()),
    # The armed services are their country's.
    ("The Japan Ground Self-Defense Force and the U.S. Marine Corps began an exercise", ("JP", "US")),
    ("陸上自衛隊と米海兵隊は共同訓練を開始した", ("JP", "US")),
])
def test_companies_and_armed_services_name_their_countries(text, parties):
    assert parties_of(text) == parties


@pytest.mark.parametrize("text, parties", [
    ("日・フィリピン首脳会談が行われた", ("JP", "PH")),  # an abbreviation joined to a full name
    ("日・インドネシア外相会談", ("ID", "JP")),
    ("毎日・フランス通信の記事", ()),  # near-miss: 日 ending another word names no pair
])
def test_an_abbreviation_joined_to_a_countrys_name_is_a_pair(text, parties):
    assert parties_of(text) == parties


@pytest.mark.parametrize("text, parties", [
    ("G7国防相会合", ("CA", "DE", "FR", "GB", "IT", "JP", "US")),
    ("the Quad leaders", ("AU", "IN", "JP", "US")),
    ("G70の会合", ()),  # near-miss: not the group
])
def test_a_group_of_countries_names_every_member(text, parties):
    assert parties_of(text) == parties


@pytest.mark.parametrize("text, parties", [
    ("中谷防衛大臣はラオス・ビエンチャンでシン印国防相と会談した", ("IN", "JP")),  # the host named with its city
    ("フィリピンの首都マニラにおいて署名した", ()),
    ("ラオスのトンルン首相と会談した", ("LA",)),  # near-miss: a country's official, not its city
])
def test_a_country_named_with_its_city_is_a_place(text, parties):
    assert parties_of(text) == parties
