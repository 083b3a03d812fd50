"""A PC clock a year off still syncs, with a warning; its stamps neither win forever nor drag others (§4: 19, 20)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, edit, value
from zongzhi_county.store import read_meta
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import answers, inbox
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.sync.protocol import hlc_ms

YEAR_MS = 365 * 24 * 3600 * 1000


def _set_clock(store: Store, monkeypatch: pytest.MonkeyPatch, skew_ms: int) -> None:
    """Make the PC's pending edits and its next requests look as stamped by a clock `skew_ms` off."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE sync_outbox SET hlc = hlc + :h, wall_ms = wall_ms + :w WHERE state = 'pending'"),
                     {"h": skew_ms << 16, "w": skew_ms})
    monkeypatch.setattr(answers, "now_ms", lambda: int(time.time() * 1000) + skew_ms)


@pytest.fixture
def pcs(county: CountyServer, township: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    person = add_resident(a, "吴九", phone="13800000000")
    sync_now(a)
    sync_now(b)
    yield a, b, person
    a.close()
    b.close()


@pytest.mark.parametrize("skew", [-YEAR_MS, YEAR_MS], ids=["behind", "ahead"])
def test_the_later_real_edit_wins_whatever_the_clocks_say(pcs, monkeypatch: pytest.MonkeyPatch, skew: int) -> None:  # type: ignore[no-untyped-def]
    a, b, person = pcs
    edit(a, "residents", person, phone="13911111111")  # A first (its clock is off) ...
    time.sleep(0.05)
    edit(b, "residents", person, phone="13922222222")  # ... B later, with a right clock
    with monkeypatch.context() as m:
        _set_clock(a, m, skew)
        result = sync_now(a)
        assert "sync.clock_skew" in result.warnings and abs(result.clock_offset_ms + skew) < 60_000
    sync_now(b)
    sync_now(a)
    assert value(a, "residents", person, "phone") == value(b, "residents", person, "phone") == "13922222222"
    [c] = inbox.conflicts(b, b.actor)
    assert c.winner == "13922222222" and c.loser == "13911111111"


def test_a_pc_behind_still_wins_when_its_edit_really_was_later(pcs, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    a, b, person = pcs
    edit(b, "residents", person, phone="13933333333")
    sync_now(b)
    time.sleep(0.05)
    edit(a, "residents", person, phone="13944444444")  # A never saw B's edit; its clock is a year behind
    with monkeypatch.context() as m:
        _set_clock(a, m, -YEAR_MS)
        sync_now(a)
    sync_now(b)
    assert value(a, "residents", person, "phone") == value(b, "residents", person, "phone") == "13944444444"


def test_a_pc_ahead_drags_no_other_clock(county: CountyServer, pcs, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    a, b, person = pcs
    edit(a, "residents", person, current_address="东门路3号")
    with monkeypatch.context() as m:
        _set_clock(a, m, YEAR_MS)
        sync_now(a)
    sync_now(b)
    now_ms = time.time() * 1000
    with b.engine.connect() as conn:
        b_clock = hlc_ms(conn.execute(text("SELECT hlc FROM sync_ctx")).scalar_one())
    with county.engine.connect() as conn:
        county_clock = hlc_ms(read_meta(conn)["hlc"])
    assert b_clock < now_ms + 60_000 and county_clock < now_ms + 60_000
    assert value(b, "residents", person, "current_address") == "东门路3号"  # its edit is accepted all the same
