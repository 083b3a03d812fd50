"""`check` finds what would break sync: edits that bypassed capture, stuck flags, broken order."""

from __future__ import annotations

from sqlalchemy import text

from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.registers import Grid
from zongzhi_desktop.models.store import Store


def _codes(store: Store, full: bool = False) -> set[str]:
    return {p.code for p in run_checks(store.engine, full=full)}


def _grid(store: Store) -> str:
    with store.write() as s:
        s.add(g := Grid(township_code="360731100", village_code="360731100001", code="001", name="一网格"))
    return g.id


def test_a_clean_store_passes_the_full_check(store: Store) -> None:
    _grid(store)
    assert run_checks(store.engine, full=True) == []


def test_an_edit_that_bypassed_capture_is_found(store: Store) -> None:
    grid_id = _grid(store)
    with store.engine.begin() as conn:  # someone flips the flag and edits behind sync's back
        conn.execute(text("UPDATE sync_ctx SET applying = 1"))
        conn.execute(text("UPDATE grids SET name = '偷改' WHERE id = :id"), {"id": grid_id})
        conn.execute(text("INSERT INTO grids (id, township_code, village_code, code, name, kind, created_at, updated_at) "
                          "VALUES ('ghost', '360731100', '360731100001', '002', '幽灵', 'admin', '2026-01-01', '2026-01-01')"))
        conn.execute(text("UPDATE sync_ctx SET applying = 0"))
    assert "check.untracked_row" in _codes(store)
    assert "check.outbox_mismatch" not in _codes(store)  # the quick check does not fold the outbox
    full = run_checks(store.engine, full=True)
    mismatch = [p for p in full if p.code == "check.outbox_mismatch"]
    assert mismatch and mismatch[0].params["field"] == "name" and "偷改" in mismatch[0].message


def test_a_stuck_applying_flag_and_a_clock_going_backwards_are_found(store: Store) -> None:
    _grid(store)
    _grid(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE sync_outbox SET hlc = 5 WHERE local_seq = (SELECT max(local_seq) FROM sync_outbox)"))
        conn.execute(text("UPDATE sync_ctx SET applying = 1"))
    assert {"check.ctx_applying", "check.outbox_order"} <= _codes(store)
