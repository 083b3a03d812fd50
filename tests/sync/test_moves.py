"""Issue 8 at a real county: edit against delete, duplicates and merges, transfers, clocks set back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, count, edit, outbox_states, township_checksums, value
from zongzhi_county import moves
from zongzhi_county.admin import list_quarantine
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.key_persons import KeyPersonService
from zongzhi_desktop.services.residents import ResidentService
from zongzhi_desktop.sync import inbox, requests
from zongzhi_desktop.sync.engine import sync_now


def _converge(*pcs: Store) -> None:
    for pc in pcs + pcs:
        sync_now(pc)


@pytest.fixture
def two_pcs(county: CountyServer, township: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    yield a, b
    a.close()
    b.close()


@pytest.mark.parametrize("deleter_first", [True, False])
def test_a_delete_against_an_edit_is_a_review_item(two_pcs, deleter_first: bool) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    person = add_resident(a, "褚一", phone="13800000000")
    _converge(a, b)
    ResidentService(a).remove(a.actor, person, "已迁出")
    edit(b, "residents", person, phone="13912345678")
    for pc in ((a, b) if deleter_first else (b, a)):
        sync_now(pc)
    _converge(a, b)
    for pc in (a, b):
        assert value(pc, "residents", person, "deleted_at") is not None  # not silently resurrected
        assert value(pc, "residents", person, "phone") == "13912345678"  # the edit is not lost
        [item] = [c for c in inbox.conflicts(pc, pc.actor) if c.field == "deleted_at"]
        assert item.status == "needs_review" and item.loser is None
    assert township_checksums(a) == township_checksums(b)
    [item] = [c for c in inbox.conflicts(b, b.actor) if c.field == "deleted_at"]
    inbox.restore_other(b, b.actor, item.id)  # the reviewer decides the person is still here
    _converge(a, b)
    assert value(a, "residents", person, "deleted_at") is None
    assert township_checksums(a) == township_checksums(b)


def test_the_same_person_entered_at_two_pcs_is_merged_with_every_value_and_link(county: CountyServer, township: str,
                                                                                 two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    first = add_resident(a, "卫二", id_number="360731199001010012", phone="13800000001")
    second = add_resident(b, "卫二", id_number="360731199001010012", current_address="城南路5号")
    kp = KeyPersonService(b).add(b.actor, second, "released", details={"release_date": "2025-01-01"})
    _converge(a, b)
    for pc in (a, b):
        [dup] = inbox.duplicates(pc, pc.actor)
        assert {dup.row_a, dup.row_b} == {first, second} and dup.township_a == dup.township_b == township
    requests.ask_merge(a, a.actor, first, second)
    _converge(a, b)
    for pc in (a, b):
        assert value(pc, "residents", first, "current_address") == "城南路5号"  # filled from the other record
        assert value(pc, "residents", first, "phone") == "13800000001"
        assert value(pc, "residents", second, "merged_into") == first
        assert value(pc, "key_persons", kp.id, "resident_id") == first  # the link follows the survivor
        assert ResidentService(pc).get(pc.actor, second).id == first  # readers follow the redirect
        assert inbox.duplicates(pc, pc.actor) == []
        [done] = inbox.duplicates(pc, pc.actor, include_done=True)
        assert done.status == "merged" and done.resolution["filled"] == ["current_address"]
    assert township_checksums(a) == township_checksums(b)


def test_a_person_in_two_townships_is_flagged_to_both_and_merged_by_the_county(county: CountyServer,
                                                                                 tmp_path: Path) -> None:
    t1, t2 = county.new_township("甲镇"), county.new_township("乙镇")
    one, two = join_new_pc(county, t1, tmp_path / "one"), join_new_pc(county, t2, tmp_path / "two")
    kept = add_resident(one, "蒋三", id_number="36073119850202002X")
    dropped = add_resident(two, "蒋三", id_number="36073119850202002X", phone="13700000000")
    kp = KeyPersonService(two).add(two.actor, dropped, "released", details={"release_date": "2024-05-01"})
    _converge(one, two)
    assert len(inbox.duplicates(one, one.actor)) == len(inbox.duplicates(two, two.actor)) == 1
    [dup] = moves.list_duplicates(county.engine, status="open", township=t1)
    assert {dup["township_a"], dup["township_b"]} == {t1, t2}
    moves.merge_residents(county.engine, keep=kept, drop=dropped)
    _converge(one, two)
    assert value(one, "residents", kept, "phone") == "13700000000"
    assert value(one, "key_persons", kp.id, "resident_id") == kept  # the file moved to where the person is
    assert count(two, "SELECT count(*) FROM key_persons WHERE id = :id", id=kp.id) == 0
    assert value(two, "residents", dropped, "merged_into") == kept
    assert run_checks(one.engine) == [] and run_checks(two.engine) == []
    one.close()
    two.close()


def test_a_transfer_moves_the_whole_record_and_late_edits_wait_for_the_new_owner(county: CountyServer,
                                                                                  tmp_path: Path) -> None:
    old, new = county.new_township("旧镇"), county.new_township("新镇")
    clerk, late = join_new_pc(county, old, tmp_path / "clerk"), join_new_pc(county, old, tmp_path / "late")
    receiver = join_new_pc(county, new, tmp_path / "receiver")
    person = add_resident(clerk, "沈四", phone="13600000000")
    kp = KeyPersonService(clerk).add(clerk.actor, person, "released", details={"release_date": "2023-03-01"})
    KeyPersonService(clerk).record_visit(clerk.actor, kp.id, "2026-11-01", summary="在家，情况稳定")
    _converge(clerk, late)
    task = requests.ask_transfer(clerk, clerk.actor, person, new, "户籍迁入新镇")
    edit(late, "residents", person, phone="13611111111")  # offline on another PC of the old township
    moves.decide_transfer(county.engine, task.id, approve=True)
    _converge(clerk, late, receiver)
    for pc in (clerk, late):
        assert count(pc, "SELECT count(*) FROM residents WHERE id = :id", id=person) == 0
        assert count(pc, "SELECT count(*) FROM sync_evictions WHERE row_id = :id", id=person) == 1
        assert run_checks(pc.engine) == []
    assert value(receiver, "residents", person, "name") == "沈四"
    assert value(receiver, "residents", person, "grid_id") is None  # the new township assigns its own grid
    assert count(receiver, "SELECT count(*) FROM visits WHERE key_person_id = :id", id=kp.id) == 1
    assert outbox_states(late).get("rejected") == 1
    [held] = [q for q in list_quarantine(county.engine) if q["payload"]["row_id"] == person]
    assert held["township_code"] == new and held["reason"][0] == "sync.op.out_of_scope"
    for pc in (clerk, late, receiver):
        pc.close()


def test_a_clock_set_back_mid_session_keeps_each_pcs_order(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    person = add_resident(a, "韩五", phone="13800000000")
    with a.engine.begin() as conn:  # the clock ran an hour fast, then was corrected
        conn.execute(text("UPDATE sync_ctx SET hlc = hlc + (3600000 << 16)"))
    edit(a, "residents", person, phone="13900000001")
    edit(a, "residents", person, phone="13900000002")
    with a.read() as s:
        stamps = [r[0] for r in s.execute(text("SELECT hlc FROM sync_outbox ORDER BY local_seq"))]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    _converge(a, b)
    assert value(b, "residents", person, "phone") == "13900000002"


def test_a_time_zone_change_mid_session_keeps_each_pcs_order(two_pcs, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Stamps come from UTC, so a PC moved from UTC+8 to UTC-8 mid-session (its local clock jumping 16
    hours back) keeps its changes in order, and the later edit wins on the other PC."""
    import time

    a, b = two_pcs
    person = add_resident(a, "时区", phone="13800000000")
    for zone, phone in (("Asia/Shanghai", "13900000001"), ("America/Los_Angeles", "13900000002"),
                        ("Asia/Shanghai", "13900000003")):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        edit(a, "residents", person, phone=phone)
    monkeypatch.delenv("TZ")
    time.tzset()
    with a.read() as s:
        stamps = [r[0] for r in s.execute(text("SELECT hlc FROM sync_outbox ORDER BY local_seq"))]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    _converge(a, b)
    assert value(b, "residents", person, "phone") == "13900000003"
    assert township_checksums(a) == township_checksums(b)
