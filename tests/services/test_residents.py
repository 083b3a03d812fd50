"""The resident register: validation with clear messages, derived fields, duplicates, scope."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from zongzhi_desktop.errors import InputError, NotFound, PermissionDenied
from zongzhi_desktop.models.registers import Grid, GridAssignment, GridWorker
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.residents import ResidentInput, ResidentService

ADMIN = Actor("admin", "admin")


def make_grids(store: Store) -> tuple[str, str, str]:
    """Two grids and a worker assigned to the first; returns (grid_a, grid_b, worker_id)."""
    with store.write() as s:
        a = Grid(township_code="360731100", village_code="360731100001", code="360731100001001", name="长征一网格")
        b = Grid(township_code="360731100", village_code="360731100002", code="360731100002001", name="红旗一网格")
        w = GridWorker(name="曾小芳", phone="13907970001")
        s.add_all([a, b, w])
        s.flush()
        s.add(GridAssignment(grid_id=a.id, worker_id=w.id, role="fulltime", start_date=date(2024, 1, 1)))
    return a.id, b.id, w.id


def _outbox_count(store: Store) -> int:
    with store.read() as s:
        return s.execute(text("SELECT count(*) FROM sync_outbox")).scalar_one()


def test_register_derives_sex_birth_date_and_pinyin(store: Store) -> None:
    grid, _, _ = make_grids(store)
    svc = ResidentService(store)
    result = svc.register(ADMIN, ResidentInput(name=" 单雄信 ", id_number="３６０１０２１９９００１０１００１８", grid_id=grid,
                                               phone="138 0000 0001"))
    detail = svc.get(ADMIN, result.id, reveal=True)
    assert detail.name == "单雄信" and detail.id_number == "360102199001010018"
    assert (detail.sex, detail.birth_date) == ("1", date(1990, 1, 1))
    assert detail.phone == "13800000001"
    masked = svc.get(ADMIN, result.id)
    assert masked.id_number == "3601**********0018" and masked.phone == "138****0001"
    assert result.notices == () and result.duplicates == ()


@pytest.mark.parametrize(
    ("raw", "code"),
    [("36010219900101001", "id.length"), ("360102199001010019", "id.checksum"),
     ("360102199002300015", "id.checksum"), ("3601021990A101001X", "id.chars")],
)
def test_invalid_id_numbers_say_which_check_failed_and_write_nothing(store: Store, raw: str, code: str) -> None:
    grid, _, _ = make_grids(store)
    before = _outbox_count(store)
    with pytest.raises(InputError) as info:
        ResidentService(store).register(ADMIN, ResidentInput(name="张三", id_number=raw, grid_id=grid))
    assert info.value.code == code
    assert "身份证" in str(info.value)
    assert _outbox_count(store) == before


def test_bad_phone_and_missing_name_are_refused(store: Store) -> None:
    svc = ResidentService(store)
    with pytest.raises(InputError, match="联系电话"):
        svc.register(ADMIN, ResidentInput(name="张三", id_number="360102199001010018", phone="12345"))
    with pytest.raises(InputError, match="姓名不能为空"):
        svc.register(ADMIN, ResidentInput(name="  ", id_number="360102199001010018"))
    with pytest.raises(InputError, match="公民身份号码不能为空"):
        svc.register(ADMIN, ResidentInput(name="张三", registration_type="流动人口"))
    ok = svc.register(ADMIN, ResidentInput(name="John Smith", registration_type="境外人员"))
    assert svc.get(ADMIN, ok.id).registration_type == "overseas"


def test_unknown_area_code_is_accepted_with_a_warning(store: Store) -> None:
    body = "36999919900101001"  # Jiangxi has no county 369999
    from zongzhi_desktop.domain.idnumber import check_char

    result = ResidentService(store).register(ADMIN, ResidentInput(name="李四", id_number=body + check_char(body)))
    assert [n.code for n in result.notices] == ["id.area_unknown"]
    assert "369999" in result.notices[0].message


def test_a_duplicate_inside_the_township_is_flagged_not_refused(store: Store) -> None:
    svc = ResidentService(store)
    first = svc.register(ADMIN, ResidentInput(name="王五", id_number="36020319850515002X"))
    second = svc.register(ADMIN, ResidentInput(name="王五", id_number="36020319850515002x"))
    assert second.duplicates == (first.id,)
    assert [n.code for n in second.notices] == ["residents.duplicate_id"]
    assert svc.duplicates(ADMIN) == [("3602**********002X", tuple(sorted([first.id, second.id])))]


def test_update_changes_only_given_fields_and_remove_keeps_a_tombstone(store: Store) -> None:
    svc = ResidentService(store)
    rid = svc.register(ADMIN, ResidentInput(name="赵六", id_number="360502197808080036", phone="13800000002")).id
    svc.update(ADMIN, rid, phone="0797-8123456")
    with store.read() as s:
        last = s.execute(text("SELECT fields FROM sync_outbox ORDER BY local_seq DESC LIMIT 1")).scalar_one()
    assert '"phone"' in last and '"name"' not in last
    with pytest.raises(InputError):
        svc.update(ADMIN, rid, shoe_size="42")
    svc.remove(ADMIN, rid, reason="重复登记")
    with pytest.raises(NotFound):
        svc.get(ADMIN, rid)
    with store.read() as s:
        assert s.execute(text("SELECT deleted_at IS NOT NULL FROM residents WHERE id = :i"), {"i": rid}).scalar()


def test_grid_worker_sees_and_writes_only_their_grids(store: Store) -> None:
    grid_a, grid_b, worker = make_grids(store)
    svc = ResidentService(store)
    mine = svc.register(ADMIN, ResidentInput(name="甲", id_number="360102199001010018", grid_id=grid_a)).id
    theirs = svc.register(ADMIN, ResidentInput(name="乙", id_number="36020319850515002X", grid_id=grid_b)).id
    gw = Actor("gw", "grid_worker", worker_id=worker)
    assert svc.get(gw, mine).name == "甲"
    with pytest.raises(NotFound):
        svc.get(gw, theirs)
    with pytest.raises(InputError) as info:
        svc.register(gw, ResidentInput(name="丙", id_number="360502197808080036", grid_id=grid_b))
    assert info.value.code == "residents.grid_unknown"
    with pytest.raises(InputError):
        svc.register(gw, ResidentInput(name="丙", id_number="360502197808080036"))
    assert svc.register(gw, ResidentInput(name="丙", id_number="360502197808080036", grid_id=grid_a)).id
    with pytest.raises(PermissionDenied):
        svc.remove(gw, mine, reason="x")
    with pytest.raises(PermissionDenied, match="领导"):
        svc.register(Actor("boss", "leader"), ResidentInput(name="丁", id_number="36070219951231004X"))


def test_households_group_residents_with_their_relation_to_the_head(store: Store) -> None:
    from zongzhi_desktop.services.households import HouseholdService

    grid, other, worker = make_grids(store)
    homes = HouseholdService(store)
    house = homes.create(ADMIN, grid_id=grid, address="长征大道12号")
    assert house.household_no == "00000001" and homes.create(ADMIN, grid_id=grid, address="x").household_no == "00000002"
    svc = ResidentService(store)
    svc.register(ADMIN, ResidentInput(name="曾国华", id_number="360102199001010018", grid_id=grid,
                                      household_id=house.id, relation_to_head="户主"))
    svc.register(ADMIN, ResidentInput(name="刘秀英", id_number="36020319850515002X", grid_id=grid,
                                      household_id=house.id, relation_to_head="配偶"))
    members = homes.get(ADMIN, house.id).members
    assert [(m.name, m.relation) for m in members] == [("曾国华", "户主"), ("刘秀英", "配偶")]
    with pytest.raises(InputError):
        homes.create(Actor("gw", "grid_worker", worker_id=worker), grid_id=other, address="y")
