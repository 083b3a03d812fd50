"""Two PCs of one township editing the same record offline (sync.md §4: 11–13, 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, edit, township_checksums, value
from zongzhi_county.admin import list_conflicts
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import inbox
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.sync import state


@pytest.fixture
def two_pcs(county: CountyServer, township: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    person = add_resident(a, "孙八", phone="13800000000", current_address="北门路1号")
    sync_now(a)
    sync_now(b)
    yield a, b, person
    a.close()
    b.close()


def _converge(*pcs: Store) -> None:
    for pc in pcs + pcs:
        sync_now(pc)


def test_different_fields_both_kept_without_conflict(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b, person = two_pcs
    edit(a, "residents", person, phone="13911111111")
    edit(b, "residents", person, current_address="南门路2号")
    _converge(a, b)
    for pc in (a, b):
        assert value(pc, "residents", person, "phone") == "13911111111"
        assert value(pc, "residents", person, "current_address") == "南门路2号"
        assert inbox.conflicts(pc, pc.actor) == []
    assert township_checksums(a) == township_checksums(b)


def test_same_value_is_agreement(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b, person = two_pcs
    edit(a, "residents", person, phone="13922222222")
    edit(b, "residents", person, phone="13922222222")
    _converge(a, b)
    assert inbox.conflicts(a, a.actor) == [] and inbox.conflicts(b, b.actor) == []


def _pending_stamp(store: Store, row_id: str) -> tuple[int, str]:
    """(hlc, device) of the PC's pending edit of the row: the order the county decides by."""
    with store.read() as s:
        hlc = s.execute(text("SELECT max(hlc) FROM sync_outbox WHERE row_id = :r AND state = 'pending'"),
                        {"r": row_id}).scalar_one()
        return int(hlc), state.load(s.connection()).device_id


def test_same_field_has_one_winner_everywhere_and_the_loser_is_restorable(county: CountyServer, township: str,
                                                                          two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b, person = two_pcs
    edit(a, "residents", person, phone="13933333333")
    edit(b, "residents", person, phone="13944444444")
    # Two edits can fall in one millisecond, so the later one is read from the stamps, not assumed.
    (win_pc, win), (lose_pc, lose) = sorted(
        [(a, "13933333333"), (b, "13944444444")], key=lambda pv: _pending_stamp(pv[0], person), reverse=True)
    _converge(a, b)
    assert value(a, "residents", person, "phone") == value(b, "residents", person, "phone") == win
    for pc in (a, b):
        [c] = inbox.conflicts(pc, pc.actor)
        assert (c.field, c.winner, c.loser, c.status) == ("phone", win, lose, "open")
        assert c.winner_origin.user == c.loser_origin.user == "admin" and c.winner_origin.at and c.loser_origin.at
        assert c.winner_origin.device != c.loser_origin.device
    county_side = [c for c in list_conflicts(county.engine, township=township)]
    assert len(county_side) == 1 and county_side[0]["loser_val"] == lose
    # one action on the losing PC restores its value; it is an ordinary change that reaches the other
    [c] = inbox.conflicts(lose_pc, lose_pc.actor)
    inbox.restore_other(lose_pc, lose_pc.actor, c.id)
    assert value(lose_pc, "residents", person, "phone") == lose
    _converge(a, b)
    assert value(win_pc, "residents", person, "phone") == lose
    assert township_checksums(a) == township_checksums(b)


def test_identity_fields_are_held_for_review(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b, person = two_pcs
    edit(a, "residents", person, name="孙捌")
    edit(b, "residents", person, name="孙巴")
    _converge(a, b)
    assert value(a, "residents", person, "name") == value(b, "residents", person, "name") == "孙捌"  # first stands
    [c] = inbox.conflicts(b, b.actor)
    assert (c.status, c.winner, c.loser) == ("needs_review", "孙捌", "孙巴")
    assert township_checksums(a) == township_checksums(b)


def test_concurrent_case_steps_end_in_one_legal_state_with_a_flag(two_pcs) -> None:  # type: ignore[no-untyped-def]
    from zongzhi_desktop.services.dispute_queries import DisputeQueries
    from zongzhi_desktop.services.disputes import ActInput, DisputeService, IntakeInput, PartyInput

    a, b, _ = two_pcs
    case_no = DisputeService(a).register(a.actor, IntakeInput(
        title="邻里噪音纠纷", category="邻里纠纷", channel="来访", parties=(PartyInput("周一", "申请人"),),
        description="楼上楼下噪音。", people_involved=2)).case_no
    DisputeService(a).act(a.actor, case_no, "accept", ActInput())
    _converge(a, b)
    # offline on both: A rejects nothing, triages; B escalates
    DisputeService(a).act(a.actor, case_no, "triage", ActInput())
    DisputeService(b).act(b.actor, case_no, "escalate", ActInput(note="涉及多户，上报县级"))
    _converge(a, b)
    case_a, case_b = DisputeQueries(a).show(a.actor, case_no), DisputeQueries(b).show(b.actor, case_no)
    assert case_a.status == case_b.status
    assert [e.action for e in case_a.events] == [e.action for e in case_b.events]
    assert {"triage", "escalate"} <= {e.action for e in case_a.events}
    assert township_checksums(a) == township_checksums(b)
    assert value(a, "disputes", case_a.id, "concurrent") == 1


def test_the_county_closes_a_reviewed_conflict_and_the_township_sees_it(county: CountyServer, township: str,
                                                                        two_pcs) -> None:  # type: ignore[no-untyped-def]
    from zongzhi_county.admin import resolve_conflict

    a, b, person = two_pcs
    edit(a, "residents", person, name="孙捌")
    edit(b, "residents", person, name="孙巴")
    _converge(a, b)
    [held] = [c for c in list_conflicts(county.engine, township=township) if c["status"] == "needs_review"]
    resolve_conflict(county.engine, held["id"], note="核对户籍：孙捌")
    _converge(a, b)
    assert inbox.conflicts(a, a.actor) == [] and inbox.conflicts(b, b.actor) == []
    assert [c.status for c in inbox.conflicts(b, b.actor, include_done=True)] == ["resolved"]
