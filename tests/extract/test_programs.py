"""Programs: each statement about a program, with the stage its words give."""

import shutil

import pytest

from jdib import paths
from jdib.ingest.corpus import load_corpus, parse_document
from jdib.extract.programs import programs_table, read_stage, stage_ladder


@pytest.fixture(scope="module")
def programs(seeds_corpus):
    return programs_table(seeds_corpus)


def stages(programs, program_id):
    rows = programs[programs.program_id == program_id]
    return list(zip(rows.doc_date, rows.stage))


@pytest.mark.parametrize("program_id, expected", [
    # January ministerial meeting, then the fourth DICAS.
    ("amraam", [("2026-01-20", "agreed_to_accelerate"), ("2026-04-17", "scope_identified")]),
    ("pac3_mse", [("2026-01-20", "agreed_to_accelerate"), ("2026-04-17", "agreed_to_accelerate")]),
    ("sm3_block2a", [("2026-01-20", "under_discussion"), ("2026-04-17", "agreed_to_accelerate")]),
    ("ship_maintenance", [("2026-01-20", "agreed_to_accelerate"), ("2026-04-17", "in_execution"),
                          ("2026-04-17", "under_discussion")]),
    ("engine_maintenance", [("2026-04-17", "under_discussion"), ("2026-04-17", "feasibility")]),
])
def test_program_stages_on_the_seeds(programs, program_id, expected):
    assert stages(programs, program_id) == expected


def test_working_groups_are_read_from_the_paragraph(programs):
    wg = programs.set_index(["program_id", "para_id"])["working_group"]
    assert wg["amraam", "mod-20260417-dicas4:p8"] == "ミサイル共同生産作業部会"
    assert wg["engine_maintenance", "mod-20260417-dicas4:p15"] == "維持整備分科会"
    assert programs.query("working_group != ''").working_group_en.ne("").all()


def test_every_row_quotes_its_paragraph(seeds_corpus, programs):
    texts = {p.para_id: p.text for d in seeds_corpus for p in d.paragraphs}
    assert all(q in texts[p] for p, q in zip(programs.para_id, programs.quote))


@pytest.mark.parametrize("text, stage", [
    ("CCAの製造を特定するとともに、議論を更に進めることで一致した。", "scope_identified"),
    ("検討を加速することで一致した。", "agreed_to_accelerate"),
    ("修理が舞鶴市において行われたことを歓迎した。", "in_execution"),
    ("修理拠点設置の実現可能性について、検討を進めていくこと", "feasibility"),
    ("共同生産に係る契約の締結を完了したことを確認した。", "completed"),
    ("大幅な増産に係る議論を進展させることで一致した。", "under_discussion"),
    ("取組を加速し、強化に取り組むことで一致した。", "agreed_to_accelerate"),
])
def test_stage_cues(text, stage):
    assert read_stage(text)[0] == stage


def test_the_ladder_runs_from_proposal_to_completion():
    assert stage_ladder()[0] == "proposed" and stage_ladder()[-1] == "completed"


def test_verbless_bullets_take_the_verb_that_closes_their_list():
    doc = parse_document("d", "#### 日米防衛相会談\n- AMRAAMの共同生産の進展\n- 重要鉱物に係る取組を加速することで一致した。\n")
    table = programs_table([doc])
    assert table[["program_id", "stage"]].values.tolist() == [
        ["amraam", "agreed_to_accelerate"], ["supply_chain", "agreed_to_accelerate"]]


def test_a_new_press_release_moves_programs_forward(seeds_copy):
    shutil.copy(paths.ROOT / "tests" / "data" / "new_dicas5.txt", seeds_copy)
    table = programs_table(load_corpus(seeds_copy))
    new = table[table.doc_id == "new_dicas5"]
    assert new[["program_id", "doc_date", "stage"]].values.tolist() == [
        ["amraam", "2027-01-22", "in_execution"],
        ["pac3_mse", "2027-01-22", "completed"],
        ["ship_maintenance", "2027-01-22", "under_discussion"],
    ]


@pytest.mark.parametrize("text, program", [
    ("日本製パトリオットの米国への移転", "pac3_mse"),
    ("米海軍の水上艦の整備を民間造船所で", "ship_maintenance"),
    ("アメリカ海軍艦艇の修理を受注", "ship_maintenance"),
    ("滑空段階迎撃用誘導弾の日米共同開発", "gpi"),
    ("豪海軍が能力向上型もがみ型護衛艦を選定", "upgraded_mogami"),
    ("日英伊のGCAPに関する共同声明", "gcap"),
    ("あぶくま型護衛艦のフィリピンへの移転", "abukuma_transfer"),
])
def test_programs_by_the_names_the_stream_uses(text, program):
    from jdib.extract.programs import find_programs

    assert program in [p["id"] for p, _ in find_programs(text)]
