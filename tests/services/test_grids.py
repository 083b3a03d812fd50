"""Grids, grid workers and assignments: validation, code generation, 定人定岗定责 rules, scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.errors import InputError, NotFound, PermissionDenied
from zongzhi_desktop.models.registers import Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.regions import RegionService

ADMIN = Actor("admin", "admin")
LEADER = Actor("boss", "leader")
NORTH, SOUTH = "360731100001", "360731100002"  # 北门社区, 南门社区 of 贡江镇
TODAY = date.today()
MONTH_AGO, WEEK_AGO, YESTERDAY = (TODAY - timedelta(days=n) for n in (30, 7, 1))  # "current" depends on today


@pytest.fixture
def grids(store: Store) -> GridService:
    return GridService(store)


def test_grid_codes_are_generated_per_village_and_unique(grids: GridService) -> None:
    a = grids.create_grid(ADMIN, NORTH, "一网格")
    b = grids.create_grid(ADMIN, NORTH, "二网格", kind="专属网格")
    c = grids.create_grid(ADMIN, SOUTH, "南一网格")
    assert (a.code, b.code, c.code) == (NORTH + "001", NORTH + "002", SOUTH + "001")
    assert (a.kind, a.kind_name, b.kind) == ("admin", "行政区域网格", "special")
    assert a.village_name == "北门社区" and a.township_code == "360731100"
    grids.delete_grid(ADMIN, b.id)
    # a deleted grid's number is not handed out again while higher numbers are free
    assert grids.create_grid(ADMIN, NORTH, "三网格").code == NORTH + "003"


def test_given_codes_must_be_unique_among_live_grids(grids: GridService) -> None:
    first = grids.create_grid(ADMIN, NORTH, "一网格", code="BM-01")
    with pytest.raises(InputError) as err:
        grids.create_grid(ADMIN, SOUTH, "另一个", code="BM-01")
    assert err.value.code == "grids.code_taken" and "BM-01" in str(err.value)
    grids.delete_grid(ADMIN, first.id)
    assert grids.create_grid(ADMIN, SOUTH, "另一个", code="BM-01").code == "BM-01"


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"village_code": "360731100999", "name": "x"}, "grids.village_unknown", "360731100999"),
        ({"village_code": "360731101001", "name": "x"}, "grids.village_unknown", "本乡镇"),
        ({"village_code": "360731100", "name": "x"}, "grids.village_unknown", "村"),
        ({"village_code": NORTH, "name": "  "}, "input.required", "网格名称"),
        ({"village_code": NORTH, "name": "x", "kind": "nope"}, "input.invalid_choice", "行政区域网格"),
    ],
)
def test_create_grid_rejects_bad_input(grids: GridService, kwargs: dict, code: str, words: str) -> None:
    with pytest.raises(InputError) as err:
        grids.create_grid(ADMIN, **kwargs)
    assert err.value.code == code and words in str(err.value)
    assert grids.list_grids(ADMIN) == ()


def test_update_and_get_grid(grids: GridService) -> None:
    grid = grids.create_grid(ADMIN, NORTH, "一网格")
    updated = grids.update_grid(ADMIN, grid.id, name="北门一网格", kind="other", area_desc="北门路1-20号")
    assert (updated.name, updated.kind, updated.code) == ("北门一网格", "other", grid.code)
    assert grids.get_grid(ADMIN, grid.id) == updated
    with pytest.raises(InputError):
        grids.update_grid(ADMIN, grid.id, name="")
    with pytest.raises(NotFound) as err:
        grids.get_grid(ADMIN, "no-such-id")
    assert "网格" in str(err.value)


def test_list_grids_per_village_excludes_deleted(grids: GridService) -> None:
    a = grids.create_grid(ADMIN, NORTH, "一网格")
    grids.create_grid(ADMIN, SOUTH, "南一网格")
    assert [g.name for g in grids.list_grids(ADMIN, village_code=NORTH)] == ["一网格"]
    grids.delete_grid(ADMIN, a.id)
    assert [g.name for g in grids.list_grids(ADMIN)] == ["南一网格"]
    with pytest.raises(NotFound):
        grids.get_grid(ADMIN, a.id)


def test_delete_is_refused_while_residents_or_posts_remain(store: Store, grids: GridService) -> None:
    grid = grids.create_grid(ADMIN, NORTH, "一网格")
    with store.write() as s:
        s.add(Resident(name="张三", grid_id=grid.id))
    worker = grids.create_worker(ADMIN, "李四")
    post = grids.assign(ADMIN, worker.id, grid.id, "fulltime", MONTH_AGO)
    with pytest.raises(InputError) as err:
        grids.delete_grid(ADMIN, grid.id)
    assert err.value.code == "grids.delete_in_use"
    assert err.value.params == {"name": "一网格", "residents": 1, "assignments": 1}
    assert "1 名居民" in str(err.value)
    with store.write() as s:
        s.execute(text("UPDATE residents SET deleted_at = '2026-01-02 00:00:00'"))
    grids.unassign(ADMIN, post.id, YESTERDAY)
    grids.delete_grid(ADMIN, grid.id)
    with store.read() as s:
        assert s.execute(text("SELECT deleted_at IS NOT NULL FROM grids WHERE id = :id"), {"id": grid.id}).scalar() == 1


def test_worker_fields_are_validated_and_stored_canonical(grids: GridService) -> None:
    number = make_number("360731", date(1985, 5, 1), 17)
    worker = grids.create_worker(ADMIN, " 王五 ", phone="138 0000 0001", id_number=f" {number[:9]} {number[9:]}", employment="兼职")
    assert (worker.name, worker.phone, worker.id_number, worker.employment) == ("王五", "13800000001", number, "parttime")
    assert grids.create_worker(ADMIN, "赵六", phone="0797-1234567").phone == "0797-1234567"
    for phone in ("1280000000", "12800000001", "138000000011", "1234567"):
        with pytest.raises(InputError) as err:
            grids.create_worker(ADMIN, "x", phone=phone)
        assert err.value.code == "input.invalid_phone"
    with pytest.raises(InputError) as err:
        grids.create_worker(ADMIN, "x", id_number=number[:17] + ("0" if number[17] != "0" else "1"))
    assert err.value.code == "id.checksum" and "身份证号" in str(err.value) and "校验位" in str(err.value)
    with pytest.raises(InputError) as err:
        grids.create_worker(ADMIN, "")
    assert "网格员姓名" in str(err.value)


def test_update_delete_and_list_workers(grids: GridService) -> None:
    worker = grids.create_worker(ADMIN, "王五", phone="13800000001")
    changed = grids.update_worker(ADMIN, worker.id, name="王武", phone="", employment="parttime")
    assert (changed.name, changed.phone, changed.employment_name) == ("王武", None, "兼职")
    grids.delete_worker(ADMIN, worker.id)
    assert grids.list_workers(ADMIN) == ()
    with pytest.raises(NotFound):
        grids.update_worker(ADMIN, worker.id, name="x")


def test_assignment_rules(grids: GridService) -> None:
    grid = grids.create_grid(ADMIN, NORTH, "一网格")
    a, b = grids.create_worker(ADMIN, "甲"), grids.create_worker(ADMIN, "乙")
    lead = grids.assign(ADMIN, a.id, grid.id, "网格长", MONTH_AGO.isoformat(), duty="全面负责")
    assert (lead.role, lead.role_name, lead.start_date, lead.current) == ("leader", "网格长", MONTH_AGO, True)
    with pytest.raises(InputError) as err:
        grids.assign(ADMIN, a.id, grid.id, "helper", WEEK_AGO)
    assert err.value.code == "grids.already_assigned"
    with pytest.raises(InputError) as err:
        grids.assign(ADMIN, b.id, grid.id, "leader", WEEK_AGO)
    assert err.value.code == "grids.leader_taken" and "甲" in str(err.value)
    grids.assign(ADMIN, b.id, grid.id, "fulltime", WEEK_AGO)
    assert [w.assignments[0].grid_name for w in grids.list_workers(ADMIN)] == ["一网格", "一网格"]
    # the leader hands over: the old post ends the day before the new one starts
    with pytest.raises(InputError) as err:
        grids.unassign(ADMIN, lead.id, MONTH_AGO - timedelta(days=1))
    assert err.value.code == "grids.end_before_start"
    ended = grids.unassign(ADMIN, lead.id, YESTERDAY)
    assert ended.current is False
    with pytest.raises(InputError) as err:
        grids.unassign(ADMIN, lead.id)
    assert err.value.code == "grids.assignment_ended"
    grids.assign(ADMIN, grids.create_worker(ADMIN, "丙").id, grid.id, "leader", TODAY)  # the new 网格长
    grids.assign(ADMIN, a.id, grid.id, "helper", TODAY)
    assert len(grids.list_assignments(ADMIN, grid.id)) == 3
    assert len(grids.list_assignments(ADMIN, grid.id, history=True)) == 4


@pytest.mark.parametrize(
    ("role", "start", "code"), [("boss", None, "input.invalid_choice"), ("leader", "2026-13-01", "input.invalid_date")]
)
def test_assign_rejects_bad_role_and_date(grids: GridService, role: str, start: str | None, code: str) -> None:
    grid = grids.create_grid(ADMIN, NORTH, "一网格")
    worker = grids.create_worker(ADMIN, "甲")
    with pytest.raises(InputError) as err:
        grids.assign(ADMIN, worker.id, grid.id, role, start)
    assert err.value.code == code


def test_worker_with_a_post_cannot_be_deleted(grids: GridService) -> None:
    grid = grids.create_grid(ADMIN, NORTH, "一网格")
    worker = grids.create_worker(ADMIN, "甲")
    grids.assign(ADMIN, worker.id, grid.id, "fulltime")
    with pytest.raises(InputError) as err:
        grids.delete_worker(ADMIN, worker.id)
    assert err.value.code == "grids.worker_assigned"


def test_leader_may_read_but_not_write(grids: GridService) -> None:
    grid = grids.create_grid(ADMIN, NORTH, "一网格")
    assert grids.list_grids(LEADER) == (grid,)
    for call in (
        lambda: grids.create_grid(LEADER, NORTH, "x"),
        lambda: grids.delete_grid(LEADER, grid.id),
        lambda: grids.create_worker(LEADER, "x"),
    ):
        with pytest.raises(PermissionDenied) as err:
            call()
        assert "领导" in str(err.value)


def test_grid_worker_sees_only_their_grids(store: Store, grids: GridService) -> None:
    mine = grids.create_grid(ADMIN, NORTH, "一网格")
    other = grids.create_grid(ADMIN, SOUTH, "南一网格")
    worker = grids.create_worker(ADMIN, "甲")
    grids.assign(ADMIN, worker.id, mine.id, "fulltime", date.today())
    with store.write() as s:
        s.add_all([Resident(name="张三", grid_id=mine.id), Resident(name="李四", grid_id=other.id)])
    me = Actor("jia", "grid_worker", worker_id=worker.id)
    assert grids.list_grids(me) == (mine,)
    with pytest.raises(NotFound):
        grids.get_grid(me, other.id)
    tree = RegionService(store).region_tree(me)
    assert [(v.code, [(g.name, g.workers, g.residents) for g in v.grids]) for v in tree.villages] == [
        (NORTH, [("一网格", 1, 1)])
    ]
    assert grids.list_grids(Actor("nobody", "grid_worker")) == ()
    with pytest.raises(PermissionDenied):
        grids.create_grid(me, NORTH, "x")


def test_region_tree_and_villages_for_staff(store: Store, grids: GridService) -> None:
    regions = RegionService(store)
    grids.create_grid(ADMIN, NORTH, "一网格")
    info = regions.township(ADMIN)
    assert (info.code, info.name, info.county_code) == ("360731100", "贡江镇", "360731")
    villages = regions.list_villages(ADMIN)
    assert villages[0].code == NORTH and all(v.parent_code == "360731100" and v.level == "village" for v in villages)
    tree = regions.region_tree(ADMIN)
    assert len(tree.villages) == len(villages)
    assert [(g.name, g.workers, g.residents) for g in tree.villages[0].grids] == [("一网格", 0, 0)]
    assert regions.get_region(ADMIN, "360731100").name == "贡江镇"
    with pytest.raises(NotFound):
        regions.get_region(ADMIN, "999")
