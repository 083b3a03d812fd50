"""KeyPersonService: type-specific details, one active record per type, ending, visits, due dates, scope."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from zongzhi_desktop.errors import InputError, NotFound, PermissionDenied
from zongzhi_desktop.models.registers import Grid, GridAssignment, GridWorker, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.key_persons import KeyPersonService

D = date(2025, 3, 1)  # a fixed, past "today" for the scenarios; every date below is explicit


@pytest.fixture
def svc(store: Store) -> KeyPersonService:
    return KeyPersonService(store)


@pytest.fixture
def admin(store: Store) -> Actor:
    return store.actor


def _grid(store: Store, name: str, village: str = "360731100001") -> str:
    with store.write() as s:
        s.add(grid := Grid(township_code="360731100", village_code=village, code=name, name=name))
    return grid.id


def _resident(store: Store, name: str, grid_id: str | None, id_number: str = "360102199001010018") -> str:
    with store.write() as s:
        s.add(r := Resident(name=name, id_number=id_number, grid_id=grid_id))
    return r.id


@pytest.fixture
def person(store: Store) -> str:
    return _resident(store, "张三", _grid(store, "长征网格"))


def test_add_stores_type_specific_details_as_json_and_defaults_the_interval(
    svc: KeyPersonService, admin: Actor, store: Store, person: str
) -> None:
    rec = svc.add(admin, person, "社区矫正人员", attention_level="重点关注", helper_name="李帮教",
                  helper_phone="0797-8123456", details={"accusation": "盗窃", "刑法执行类别": "缓刑"}, started_on=D)
    assert (rec.type_code, rec.attention_level, rec.visit_interval_days) == ("community_correction", "high", 7)
    assert rec.type_name == "社区矫正人员" and rec.attention_level_name == "重点关注"
    assert rec.details == {"accusation": "盗窃", "execute_type": "缓刑"}
    assert rec.detail_labels["execute_type"] == "刑法执行类别"
    assert rec.next_visit_due == D + timedelta(days=7) and rec.last_visit_on is None
    with store.read() as s:
        stored = s.execute(text("SELECT details FROM key_persons WHERE id = :id"), {"id": rec.id}).scalar()
    assert "盗窃" in stored and json.loads(stored)["execute_type"] == "缓刑"  # readable JSON, not \\u escapes
    assert svc.add(admin, person, "mental", started_on=D).visit_interval_days == 30


def test_unknown_detail_keys_are_named_and_allowed_labels_listed(svc: KeyPersonService, admin: Actor, person: str) -> None:
    with pytest.raises(InputError) as info:
        svc.add(admin, person, "drug", details={"drug_status": "停吸", "罪名": "x", "shoe_size": "42"})
    message = str(info.value)
    assert info.value.code == "keypersons.unknown_detail"
    assert "罪名" in message and "shoe_size" in message and "吸毒状态" in message and "查获日期" in message
    with pytest.raises(InputError, match="监护人电话"):
        svc.add(admin, person, "mental", details={"guardian_phone": "12345"})


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"type_code": "no_such"}, "input.invalid_choice"),
        ({"attention_level": "urgent"}, "input.invalid_choice"),
        ({"helper_phone": "1234567"}, "input.invalid_phone"),
        ({"helper_phone": "12812345678"}, "input.invalid_phone"),
        ({"visit_interval_days": 0}, "keypersons.out_of_range"),
        ({"started_on": "2025-02-30"}, "input.invalid_date"),
        ({"started_on": date.today() + timedelta(days=1)}, "keypersons.future_date"),
    ],
)
def test_bad_input_is_refused_with_a_field_message(
    svc: KeyPersonService, admin: Actor, person: str, kwargs: dict, code: str
) -> None:
    args = {"type_code": "released", **kwargs}
    with pytest.raises(InputError) as info:
        svc.add(admin, person, args.pop("type_code"), **args)
    assert info.value.code == code and "未知错误" not in str(info.value)


def test_valid_phones(svc: KeyPersonService, admin: Actor, person: str) -> None:
    assert svc.add(admin, person, "released", helper_phone="139 1234 5678").helper_phone == "13912345678"
    assert svc.add(admin, person, "drug", helper_phone="010-12345678").helper_phone == "010-12345678"


def test_second_active_record_of_a_type_is_refused_until_the_first_ends(
    svc: KeyPersonService, admin: Actor, person: str
) -> None:
    first = svc.add(admin, person, "released", started_on=D)
    svc.add(admin, person, "drug", started_on=D)  # another type is fine
    with pytest.raises(InputError) as info:
        svc.add(admin, person, "刑满释放人员")
    assert info.value.code == "keypersons.duplicate_active" and "张三" in str(info.value)
    ended = svc.end(admin, first.id, D + timedelta(days=10), "帮教期满")
    assert ended.ended_on == D + timedelta(days=10) and ended.end_reason == "帮教期满" and ended.next_visit_due is None
    assert svc.add(admin, person, "released").ended_on is None
    records = svc.list_for_resident(admin, person)
    assert [r.ended_on is None for r in records] == [True, True, False]


def test_end_needs_a_reason_and_a_date_not_before_the_start(svc: KeyPersonService, admin: Actor, person: str) -> None:
    rec = svc.add(admin, person, "petition", started_on=D)
    with pytest.raises(InputError, match="结束原因"):
        svc.end(admin, rec.id, D, "  ")
    with pytest.raises(InputError) as info:
        svc.end(admin, rec.id, D - timedelta(days=1), "息访")
    assert info.value.code == "keypersons.end_before_start"
    svc.end(admin, rec.id, D, "息访")
    with pytest.raises(InputError, match="已于"):
        svc.end(admin, rec.id, D, "息访")
    with pytest.raises(InputError, match="记录走访"):
        svc.record_visit(admin, rec.id, D, summary="x")


def test_update_merges_details_and_moves_the_default_interval_with_the_level(
    svc: KeyPersonService, admin: Actor, person: str
) -> None:
    rec = svc.add(admin, person, "youth", details={"guardian": "张父", "in_school": "是"}, started_on=D)
    changed = svc.update(admin, rec.id, attention_level="medium", details={"是否在校": "否", "support": "心理疏导"},
                         helper_name="王老师")
    assert changed.details == {"guardian": "张父", "in_school": "否", "support": "心理疏导"}
    assert changed.visit_interval_days == 15 and changed.helper_name == "王老师"
    hand_set = svc.update(admin, rec.id, visit_interval_days=10)
    assert svc.update(admin, hand_set.id, attention_level="high").visit_interval_days == 10  # set by hand: kept
    assert svc.update(admin, rec.id, details={"guardian": ""}).details == {"in_school": "否", "support": "心理疏导"}
    with pytest.raises(InputError) as info:
        svc.update(admin, rec.id, type_code="drug")
    assert info.value.code == "keypersons.unknown_change"
    with pytest.raises(NotFound):
        svc.update(admin, "no-such-id", notes="x")


def test_visits_newest_first_with_checks(svc: KeyPersonService, admin: Actor, person: str) -> None:
    rec = svc.add(admin, person, "released", started_on=D)
    svc.record_visit(admin, rec.id, D + timedelta(days=3), summary="在家，情绪稳定", method="电话回访")
    svc.record_visit(admin, rec.id, "2025-03-20", summary="已就业", findings="无", visitor="李网格")
    visits = svc.visits(admin, rec.id)
    assert [v.visited_on for v in visits] == [date(2025, 3, 20), date(2025, 3, 4)]
    assert visits[0].visitor == "李网格" and visits[0].method_name == "入户走访"
    assert visits[1].method == "phone" and visits[1].visitor == admin.display_name and visits[1].recorded_by == "admin"
    for kwargs, code in [
        ({"visited_on": D, "summary": " "}, "input.required"),
        ({"visited_on": date.today() + timedelta(days=1), "summary": "x"}, "keypersons.future_date"),
        ({"visited_on": D - timedelta(days=1), "summary": "x"}, "keypersons.visit_before_start"),
        ({"visited_on": D, "summary": "x", "method": "pigeon"}, "input.invalid_choice"),
    ]:
        with pytest.raises(InputError) as info:
            svc.record_visit(admin, rec.id, kwargs.pop("visited_on"), **kwargs)
        assert info.value.code == code
    assert svc.update(admin, rec.id, notes="x").last_visit_on == date(2025, 3, 20)


def test_visits_due_counts_from_the_last_visit_or_the_start(store: Store, svc: KeyPersonService, admin: Actor) -> None:
    grid = _grid(store, "一网格")
    high = svc.add(admin, _resident(store, "甲", grid), "mental", attention_level="high", started_on=D)  # due 03-08
    normal = svc.add(admin, _resident(store, "乙", grid), "released", started_on=D)  # due 03-31
    visited = svc.add(admin, _resident(store, "丙", grid), "drug", attention_level="medium", started_on=D)
    svc.record_visit(admin, visited.id, date(2025, 3, 10), summary="停吸")  # due 03-25
    ended = svc.add(admin, _resident(store, "丁", grid), "petition", attention_level="high", started_on=D)
    svc.end(admin, ended.id, D, "问题已解决")

    due = svc.visits_due(admin, date(2025, 3, 20), within_days=7)
    assert [(d.resident_name, d.next_visit_due, d.days_overdue) for d in due] == [
        ("甲", date(2025, 3, 8), 12), ("丙", date(2025, 3, 25), -5),
    ]
    assert due[1].last_visit_on == date(2025, 3, 10) and due[0].attention_level_name == "重点关注"
    assert [d.id for d in svc.visits_due(admin, date(2025, 3, 1), within_days=0)] == []
    later = svc.visits_due(admin, "2025-04-01", within_days=0)
    assert [d.id for d in later] == [high.id, visited.id, normal.id]
    svc.record_visit(admin, high.id, date(2025, 3, 30), summary="按时服药")
    assert [d.id for d in svc.visits_due(admin, date(2025, 4, 1), 0)] == [visited.id, normal.id]
    with pytest.raises(InputError):
        svc.visits_due(admin, D, within_days=-1)


def test_never_visited_without_a_start_date_counts_from_the_day_it_was_entered(
    svc: KeyPersonService, admin: Actor, person: str
) -> None:
    rec = svc.add(admin, person, "aids")
    assert rec.started_on is None and rec.next_visit_due == date.today() + timedelta(days=30)
    assert [d.days_overdue for d in svc.visits_due(admin, date.today(), within_days=30)] == [-30]


def test_list_pages_by_name_with_masked_id_and_filters(store: Store, svc: KeyPersonService, admin: Actor) -> None:
    g1, g2 = _grid(store, "东网格", "360731100001"), _grid(store, "西网格", "360731100002")
    ids = [svc.add(admin, _resident(store, f"居民{i}", g1 if i % 2 else g2), "released", started_on=D).id for i in range(5)]
    svc.add(admin, _resident(store, "居民9", g1), "drug", started_on=D)
    first = svc.list(admin, type_code="released", limit=3)
    assert [r.resident_name for r in first.rows] == ["居民0", "居民1", "居民2"] and first.next_after is not None
    rest = svc.list(admin, type_code="released", limit=3, after=first.next_after)
    assert [r.id for r in first.rows + rest.rows] == ids and rest.next_after is None
    row = first.rows[1]
    assert row.id_number_masked == "3601**********0018" and row.grid_name == "东网格" and row.type_name == "刑满释放人员"
    assert row.next_visit_due == D + timedelta(days=30) and row.attention_level_name == "日常管理"
    assert len(svc.list(admin, village_code="360731100002").rows) == 3
    svc.end(admin, ids[0], D, "迁出")
    assert len(svc.list(admin).rows) == 5 and len(svc.list(admin, active_only=False).rows) == 6


def test_grid_worker_sees_and_writes_only_their_grids_and_leader_only_reads(
    store: Store, svc: KeyPersonService, admin: Actor
) -> None:
    mine, other = _grid(store, "我的网格"), _grid(store, "别人的网格")
    with store.write() as s:
        s.add(worker := GridWorker(name="网格员小王"))
        s.flush()
        s.add(GridAssignment(grid_id=mine, worker_id=worker.id, role="fulltime", start_date=date(2020, 1, 1)))
    near, far = _resident(store, "近", mine), _resident(store, "远", other)
    kp_near = svc.add(admin, near, "released", started_on=D)
    kp_far = svc.add(admin, far, "released", started_on=D)
    gw = Actor("xiaowang", "grid_worker", worker_id=worker.id)

    assert [r.id for r in svc.list(gw).rows] == [kp_near.id]
    assert [d.id for d in svc.visits_due(gw, date(2025, 6, 1))] == [kp_near.id]
    assert svc.record_visit(gw, kp_near.id, date(2025, 3, 5), summary="正常").visitor == "xiaowang"
    with pytest.raises(NotFound):
        svc.record_visit(gw, kp_far.id, date(2025, 3, 5), summary="越界")
    with pytest.raises(NotFound):
        svc.visits(gw, kp_far.id)
    with pytest.raises(NotFound):
        svc.list_for_resident(gw, far)
    with pytest.raises(NotFound):
        svc.add(gw, far, "drug")
    assert svc.add(gw, near, "drug").resident_name == "近"
    assert svc.list(Actor("nobody", "grid_worker")).rows == ()  # no worker id: sees nothing

    leader = Actor("boss", "leader")
    assert len(svc.list(leader).rows) == 3
    with pytest.raises(PermissionDenied):
        svc.add(leader, near, "mental")
    with pytest.raises(PermissionDenied):
        svc.record_visit(leader, kp_near.id, D, summary="x")
    with pytest.raises(PermissionDenied):
        svc.end(leader, kp_near.id, D, "x")
