"""An event is an action of a kind, found by its trigger whatever it is called; its frame
holds the date of its clause and its mode. Each kind with hits and near-misses, in both
languages."""

import datetime as dt

import pytest

from jdib.extract.frames import find_triggers, frames, negated, read_mode
from jdib.ingest import dates

DAY = dt.date(2025, 6, 20)


def _kinds(sentence: str) -> list[str]:
    return [t.kind for t in find_triggers(sentence)]


@pytest.mark.parametrize("sentence, kinds", [
    # sale approval
    ("The State Department approved a possible sale of 16 radars to Japan.", ["sale approval"]),
    ("米国務省は日本への迎撃ミサイルの売却を承認した。", ["sale approval"]),
    # contract
    ("The agency awarded Kawasaki a contract for two submarines.", ["contract"]),
    ("防衛装備庁は三菱電機と契約を結んだ。", ["contract"]),
    # agreement
    ("Japan and Canada signed an information security agreement.", ["agreement"]),
    ("日加は情報保護協定に署名した。", ["agreement"]),
    ("両国は協定について実質合意した。", ["agreement"]),
    # transfer
    ("The navy took delivery of the first of six patrol boats.", ["transfer"]),
    ("初号機がフィリピン空軍に引き渡された。", ["transfer"]),
    # establishment
    ("The two governments set up a working group on shipbuilding.", ["establishment"]),
    # publication
    ("防衛省は令和7年版防衛白書を公表した。", ["publication"]),
    # meeting
    ("The ministers held talks by telephone.", ["meeting"]),
    ("両大臣はテレビ会談を行った。", ["meeting"]),
    ("両国は締結交渉を開始した。", ["meeting"]),
    # decision
    ("政府は運用指針の改正を閣議決定した。", ["decision"]),
    # Near-misses: the words of a kind without its act.
    ("契約の内容を説明した。", []),
    ("The agreement's text runs to forty pages.", []),
    ("白書の読者アンケートを実施した。", []),
])
def test_each_kind_is_found_by_its_trigger(sentence, kinds):
    assert _kinds(sentence) == kinds


@pytest.mark.parametrize("sentence, mode", [
    ("The two sides will sign the agreement next month.", "planned"),
    ("The minister said he is seeking to hold talks with his counterpart.", "sought"),
    ("Japan signed the agreement.", "held"),
    ("両国は協定に署名する予定だ。", "planned"),
    ("防衛相は会談を求めた。", "sought"),
    ("両国は協定に署名した。", "held"),
])
def test_held_planned_or_sought(sentence, mode):
    assert read_mode(sentence, find_triggers(sentence)[0], "en" if sentence.isascii() else "ja") == mode


@pytest.mark.parametrize("sentence, is_negated", [
    ("A notification does not mean a contract has been signed.", True),
    ("The two sides have yet to sign the agreement.", True),
    ("Japan, which did not attend last year, signed the agreement.", False),  # another clause's not
    ("協定には署名しなかった。", True),
    ("協定に署名した。", False),
])
def test_an_event_said_not_to_have_happened_is_negated(sentence, is_negated):
    lang = "en" if sentence.isascii() else "ja"
    trigger = find_triggers(sentence, lang)[-1]
    assert negated(sentence, trigger, lang) is is_negated


@pytest.mark.parametrize("sentence, date", [
    # A release's present perfect tells of its own day; what has been so far does not.
    ("The ministry has signed an agreement with Canada.", "2025-06-20"),
    ("It is the first pact Japan has signed since 1960.", None),
    ("It is the only agreement Japan has signed with a European country.", None),
])
def test_a_release_tells_of_its_own_day(sentence, date):
    got = frames(sentence, dates.find_dates(sentence, ref=DAY), DAY, "en")
    assert [f.date.iso() if f.date else None for f in got][:1] == [date]


@pytest.mark.parametrize("sentence, kinds", [
    # The words of a kind naming what an agreement is about are not that kind's event.
    ("They agreed to conclude an agreement on the transfer of defence equipment.", []),
    ("Japan transferred two destroyers to the Philippines.", ["transfer"]),
])
def test_what_an_agreement_is_about_is_not_an_event(sentence, kinds):
    assert [t.kind for t in find_triggers(sentence) if t.kind != "agreement"] == kinds
