"""Scope (§4: 27, 28) and schema versions (§4: 25, 26): a township sees only its own, old clients still push."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, edit, outbox_states, value
from zongzhi_county.admin import list_quarantine
from zongzhi_county.schema import records
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.sync import answers
from zongzhi_desktop.sync.answers import wire
from zongzhi_desktop.sync.engine import sync_now, transport_for
from zongzhi_desktop.sync.outbox import read_ops
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION, PullResponse, PushRequest, PushResponse


def test_a_change_to_another_townships_record_is_quarantined(county: CountyServer, tmp_path: Path) -> None:
    t1, t2 = county.new_township("甲镇"), county.new_township("乙镇")
    mine = join_new_pc(county, t1, tmp_path / "t1")
    theirs = join_new_pc(county, t2, tmp_path / "t2")
    person = add_resident(mine, "郑十", phone="13800000000")
    sync_now(mine)
    # Someone on the other township's PC copies the row in by hand and edits it.
    with theirs.write() as s:
        s.execute(text("INSERT INTO residents (id, name, registration_type, status, phone, created_at, updated_at) "
                       "VALUES (:id, '郑十', 'huji', 'active', '13999999999', '2026-01-01', '2026-01-01')"), {"id": person})
    edit(theirs, "residents", person, phone="13988888888")
    result = sync_now(theirs)
    assert result.rejected == 2 and outbox_states(theirs) == {"rejected": 2}
    items = [q for q in list_quarantine(county.engine) if q["payload"]["row_id"] == person]
    # visible to the county, filed under the township that owns the record (it decides what to keep)
    assert {q["reason"][0] for q in items} == {"sync.op.out_of_scope"} and {q["township_code"] for q in items} == {t1}
    assert {q["device_id"] for q in items} == {theirs.state("device_id")}
    sync_now(mine)
    assert value(mine, "residents", person, "phone") == "13800000000"  # the owner's record is untouched
    mine.close()
    theirs.close()


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 4)), min_size=1, max_size=6))
def test_pull_never_returns_another_townships_rows(county: CountyServer, tmp_path_factory: pytest.TempPathFactory,
                                                   plan: list[tuple[int, int]]) -> None:
    folder = tmp_path_factory.mktemp("scope")
    towns = [county.new_township(f"镇{i}") for i in range(3)]
    pcs = [join_new_pc(county, t, folder / f"pc{i}") for i, t in enumerate(towns)]
    try:
        for who, n in plan:
            for k in range(n):
                add_resident(pcs[who], f"人{who}{k}")
            sync_now(pcs[who])
        with county.engine.connect() as conn:
            owner = {r: t for r, t in conn.execute(select(records.c.row_id, records.c.township_code))}
        for pc, town in zip(pcs, towns):
            with transport_for(pc) as t:
                page = t.get("/pull", PullResponse, {"cursor": 0, "limit": 5000})
            assert all(owner.get(c.row_id, town) in (town, None) for c in page.changes if c.tbl != "conflicts")
            with pc.read() as s:
                local = {r[0] for r in s.execute(text("SELECT id FROM residents"))}
            assert all(owner[r] == town for r in local)
    finally:
        for pc in pcs:
            pc.close()


def test_an_older_client_still_pushes_and_a_client_below_minimum_cannot_pull(county: CountyServer, township: str,
                                                                             tmp_path: Path) -> None:
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    person = add_resident(a, "冯一", phone="13800000000", current_address="西门路4号")
    sync_now(a)
    sync_now(b)
    edit(b, "residents", person, phone="13977777777")
    with b.engine.connect() as conn:
        ops = read_ops(conn, state="pending")
    old = [wire(o).model_copy(update={"schema_ver": SCHEMA_VERSION - 1}) for o in ops]
    request = PushRequest(schema_ver=SCHEMA_VERSION - 1, app_ver="0.0.9", device_id=b.state("device_id"),
                          first_seq=old[0].local_seq, last_seq=old[-1].local_seq, client_wall_ms=old[0].wall_ms,
                          client_hlc=old[0].hlc, ops=old)
    with transport_for(b) as t:
        answer = t.post("/push", request, PushResponse)
        assert [r.status for r in answer.results] == ["applied"]
        with pytest.raises(SyncError) as info:
            t.get("/pull", PullResponse, {"cursor": 0, "schema_ver": 0})
        assert info.value.code == "sync.client_outdated"
    sync_now(a)
    assert value(a, "residents", person, "phone") == "13977777777"
    assert value(a, "residents", person, "current_address") == "西门路4号"  # what the old client did not send stays
    a.close()
    b.close()


def test_a_client_newer_than_the_county_holds_its_changes(county: CountyServer, township: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    add_resident(pc, "陈二")
    monkeypatch.setattr(answers, "SCHEMA_VERSION", SCHEMA_VERSION + 1)  # what its pushes claim
    with pytest.raises(SyncError) as info:
        sync_now(pc)
    assert info.value.code == "sync.server_outdated" and "升级" in str(info.value)
    assert outbox_states(pc) == {"pending": 1}
    monkeypatch.setattr(answers, "SCHEMA_VERSION", SCHEMA_VERSION)
    assert sync_now(pc).pushed == 1
    pc.close()
