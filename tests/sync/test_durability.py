"""Nothing lost, nothing doubled: crashes, repeats, gaps, cut connections and a bad op (sync.md §4: 1–4, 6, 10)."""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, edit, outbox_states, township_checksums, value
from zongzhi_county.admin import list_quarantine
from zongzhi_county.schema import change_log, records
from zongzhi_desktop import __version__
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.sync.answers import wire
from zongzhi_desktop.sync.engine import sync_now, transport_for
from zongzhi_desktop.sync.outbox import read_ops
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION, PushRequest, PushResponse


def _request(store, ops) -> PushRequest:  # type: ignore[no-untyped-def]
    return PushRequest(schema_ver=SCHEMA_VERSION, app_ver=__version__, device_id=store.state("device_id"),
                       first_seq=ops[0].local_seq, last_seq=ops[-1].local_seq, client_wall_ms=ops[-1].wall_ms,
                       client_hlc=ops[-1].hlc, ops=[wire(o) for o in ops])


def _pending(store):  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return read_ops(conn, state="pending")


def _log_rows(county: CountyServer, row_id: str) -> int:
    with county.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(change_log).where(change_log.c.row_id == row_id)).scalar_one()


def test_a_repeated_batch_is_applied_once(county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    person = add_resident(pc, "赵六")
    ops = _pending(pc)
    with transport_for(pc) as t:
        first = t.post("/push", _request(pc, ops), PushResponse)
        again = t.post("/push", _request(pc, ops), PushResponse)  # a double click, or a retry after a lost answer
    assert [r.model_dump() for r in again.results] == [r.model_dump() for r in first.results]
    assert _log_rows(county, person) == 1


def test_overlapping_ranges_and_a_gap(county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    for i in range(6):
        add_resident(pc, f"居民{i}")
    ops = _pending(pc)
    with transport_for(pc) as t:
        t.post("/push", _request(pc, ops[:3]), PushResponse)
        overlap = t.post("/push", _request(pc, ops[1:5]), PushResponse)  # 2–5 after 1–3
        assert overlap.acked_through == ops[4].local_seq
        with pytest.raises(SyncError) as info:  # the county has up to 5; sending 7 would leave a hole
            t.post("/push", _gap_request(pc, ops[5]), PushResponse)
        assert info.value.code == "sync.gap" and info.value.params["expected_from"] == ops[5].local_seq
    # the engine recovers by itself: everything ends acked, each row once in the log
    sync_now(pc)
    assert outbox_states(pc) == {"acked": len(ops)}
    with county.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(records).where(records.c.township_code == township)).scalar_one() == 6


def _gap_request(store, op) -> PushRequest:  # type: ignore[no-untyped-def]
    later = wire(op).model_copy(update={"local_seq": op.local_seq + 1})
    return PushRequest(schema_ver=SCHEMA_VERSION, app_ver=__version__, device_id=store.state("device_id"),
                       first_seq=later.local_seq, last_seq=later.local_seq, client_wall_ms=op.wall_ms,
                       client_hlc=op.hlc, ops=[later])


def test_a_truncated_upload_applies_nothing(county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    person = add_resident(pc, "钱七")
    body = gzip.compress(_request(pc, _pending(pc)).model_dump_json().encode())
    token = pc.state("token")
    answer = httpx.post(f"{county.url}/sync/v1/push", content=body[: len(body) // 2],
                        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                                 "Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["code"] == "sync.bad_response"
    assert _log_rows(county, person) == 0
    assert sync_now(pc).pushed == 1 and _log_rows(county, person) == 1


def test_one_bad_op_among_a_thousand_is_quarantined_alone(county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    people = [add_resident(pc, f"居民{i}") for i in range(1000)]
    # A data fix behind the app's back puts an impossible ID number in one row.
    edit(pc, "residents", people[500], id_number="360731199913320000")
    result = sync_now(pc)
    assert result.rejected == 1 and result.pushed == 1001
    assert outbox_states(pc) == {"acked": 1000, "rejected": 1}
    quarantined = [q for q in list_quarantine(county.engine) if q["township_code"] == township]
    assert len(quarantined) == 1 and quarantined[0]["payload"]["row_id"] == people[500]
    assert quarantined[0]["reason"][0] == "sync.op.invalid"
    # the queue is not blocked: the next edit goes through
    edit(pc, "residents", people[0], phone="13900000000")
    assert sync_now(pc).pushed == 1 and outbox_states(pc)["acked"] == 1001


@pytest.fixture
def crashing_county(fresh_county: CountyServer):  # type: ignore[no-untyped-def]
    yield fresh_county


@pytest.mark.parametrize("point", ["push_before_commit", "push_after_commit"])
def test_a_server_crash_mid_push_loses_and_doubles_nothing(crashing_county: CountyServer, tmp_path: Path,
                                                           point: str) -> None:
    county = crashing_county
    township = county.new_township()
    county.start()
    pc = join_new_pc(county, township, tmp_path / "pc")
    sync_now(pc)
    county.stop()
    people = [add_resident(pc, f"居民{i}") for i in range(50)]
    county.start(fault=f"{point}:1")
    with pytest.raises(SyncError) as info:
        sync_now(pc)
    assert info.value.retry  # the engine's timer will try again without anyone doing anything
    assert county.wait_dead() is not None
    assert outbox_states(pc) == {"pending": 50}
    county.start()
    result = sync_now(pc)
    assert result.pushed == 50 and outbox_states(pc) == {"acked": 50}
    assert all(_log_rows(county, p) == 1 for p in people)  # after the crash after commit: replayed, not re-applied
    other = join_new_pc(county, township, tmp_path / "other")
    sync_now(other)
    assert township_checksums(other) == township_checksums(pc)
    assert value(other, "residents", people[-1], "name") == "居民49"
    pc.close()
    other.close()
