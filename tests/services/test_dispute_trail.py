"""The trail is tamper-evident, and two PCs' concurrent steps on one case merge to one status."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.store import Store, create_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.dispute_queries import DisputeQueries
from zongzhi_desktop.sync.apply import apply_ops
from zongzhi_desktop.sync.outbox import read_ops
from test_disputes import ADMIN, _to_mediation, act, depts, new_case  # noqa: F401  (fixture)


def _codes(store: Store) -> set[str]:
    return {p.code for p in run_checks(store.engine)}


def test_the_app_cannot_edit_or_delete_trail_events(store: Store) -> None:
    new_case(store)
    for sql in ("UPDATE dispute_events SET note = '改'", "DELETE FROM dispute_events"):
        with pytest.raises(StoreError) as info:
            with store.write() as s:
                s.execute(text(sql))
        assert info.value.code == "store.append_only"


def test_check_detects_an_altered_event(store: Store) -> None:
    case_no = new_case(store)
    act(store, case_no, "accept")
    assert run_checks(store.engine) == []
    raw = store.connect_raw()  # someone edits the file behind the app's back
    raw.execute("DROP TRIGGER zz_cap_dispute_events_upd")
    raw.execute("UPDATE dispute_events SET actor = 'someone-else' WHERE action = 'accept'")
    raw.commit()
    raw.close()
    assert "check.trail_altered" in _codes(store)


def test_check_detects_a_removed_event(store: Store) -> None:
    case_no = new_case(store)
    act(store, case_no, "accept")
    act(store, case_no, "triage")
    raw = store.connect_raw()
    raw.execute("DROP TRIGGER zz_tomb_dispute_events_del")
    raw.execute("DELETE FROM dispute_events WHERE action = 'accept'")
    raw.commit()
    raw.close()
    assert "check.trail_gap" in _codes(store)
    raw = store.connect_raw()
    raw.execute("DELETE FROM dispute_events WHERE action = 'triage'")  # the newest one
    raw.commit()
    raw.close()
    assert "check.trail_head" in _codes(store)


def _replica(tmp_path: Path, name: str) -> Store:
    return create_store(resolve_paths(tmp_path / name), township_code="360731100", township_name="贡江镇",
                        admin_user="admin", admin_password="Test-2026")


def _exchange(a: Store, b: Store, a_from: int, b_from: int) -> tuple[int, int]:
    """Apply each store's ops after the given sequence numbers to the other; return the new marks."""
    with a.engine.begin() as conn:
        a_ops = [op for op in read_ops(conn, after_seq=a_from)]
    with b.engine.begin() as conn:
        b_ops = [op for op in read_ops(conn, after_seq=b_from)]
    with b.engine.begin() as conn:
        apply_ops(conn, a_ops)
    with a.engine.begin() as conn:
        apply_ops(conn, b_ops)
    return (a_ops[-1].local_seq if a_ops else a_from), (b_ops[-1].local_seq if b_ops else b_from)


def test_concurrent_steps_on_two_pcs_merge_to_the_same_status(store: Store, depts: dict[str, str], tmp_path: Path) -> None:
    case_no = new_case(store)
    _to_mediation(store, case_no)
    other = _replica(tmp_path, "pc2")
    mark_a, mark_b = _exchange(store, other, 0, 0)
    assert DisputeQueries(other).show(ADMIN, case_no).status == "in_mediation"
    # offline, at the same time: PC 1 records success, PC 2 records failure and supervises
    act(store, case_no, "resolve", agreement="双方和解")
    act(other, case_no, "fail", referral="诉讼")
    act(other, case_no, "supervise", level="普通督办")
    _exchange(store, other, mark_a, mark_b)
    mine, theirs = DisputeQueries(store).show(ADMIN, case_no), DisputeQueries(other).show(ADMIN, case_no)
    assert mine.status == theirs.status and mine.status in {"resolved", "failed"}
    assert mine.concurrent and theirs.concurrent  # flagged for a person to look at
    assert mine.supervision == theirs.supervision == "normal"
    assert [e.action for e in mine.events] == [e.action for e in theirs.events]
    assert len(mine.events) == 8
    for pc in (store, other):  # both PCs' chains intact on both PCs (rows exchanged without a server
        # carry no server version yet, which `check` rightly notes; only the trail matters here)
        assert not [p for p in run_checks(pc.engine) if p.code.startswith("check.trail")]
    other.close()


def test_concurrent_close_outranks_a_late_record(store: Store, depts: dict[str, str], tmp_path: Path) -> None:
    case_no = new_case(store)
    _to_mediation(store, case_no)
    act(store, case_no, "resolve", agreement="和解")
    other = _replica(tmp_path, "pc2")
    mark_a, mark_b = _exchange(store, other, 0, 0)
    act(store, case_no, "verify", followup="已全部履行", satisfaction="满意")
    act(store, case_no, "close", closure_kind="实质性办结")
    act(other, case_no, "verify", followup="部分履行", satisfaction="基本满意")
    _exchange(store, other, mark_a, mark_b)
    assert DisputeQueries(store).show(ADMIN, case_no).status == DisputeQueries(other).show(ADMIN, case_no).status == "closed"
    other.close()
