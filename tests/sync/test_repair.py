"""Integrity and repair (sync.md §3.7, §3.9): damaged rows found by checksum and fetched again alone;
purged tombstones re-baselined without losing pending changes or bringing a deleted row back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, count, edit, outbox_states, township_checksums, value
from zongzhi_county import admin, integrity
from zongzhi_county import cli as county_cli
from zongzhi_county.api import create_app
from zongzhi_county.schema import change_log, records
from zongzhi_county.store import make_engine
from zongzhi_desktop.domain.row_hash import bucket_of, row_hash
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.key_persons import KeyPersonService
from zongzhi_desktop.services.residents import ResidentService
from zongzhi_desktop.sync import repair, row_sums
from zongzhi_desktop.sync.engine import SyncResult, sync_now, transport_for
from zongzhi_desktop.sync.protocol import API, ErrorBody, PullResponse
from zongzhi_desktop.sync.transport import Transport


class Recorder:
    """The real transport, noting every request and how many rows the county sent for repair."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.paths: list[str] = []
        self.fetched: list[str] = []
        self.ranges: list[tuple[str, str | None]] = []  # the bucket ranges of the sums asked for

    def get(self, path: str, model: Any, params: dict | None = None) -> Any:
        self.paths.append(path)
        if path == "/integrity/tables":
            self.ranges.append(((params or {}).get("lo", ""), (params or {}).get("hi")))
        return self.inner.get(path, model, params)

    def post(self, path: str, body: Any, model: Any) -> Any:
        self.paths.append(path)
        answer = self.inner.post(path, body, model)
        if path == "/integrity/rows":
            self.fetched += [r.row_id for r in answer.rows]
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _sync(pc: Store) -> tuple[SyncResult, Recorder]:
    recorder = Recorder(transport_for(pc))
    try:
        return sync_now(pc, transport=recorder), recorder  # type: ignore[arg-type]
    finally:
        recorder.inner.close()


def _by_hand(pc: Store, sql: str, **params: Any) -> None:
    """A repair in the sqlite3 shell with capture switched off: nothing reaches the outbox."""
    db = pc.connect_raw()
    try:
        db.execute("UPDATE sync_ctx SET applying = 1 WHERE id = 1")
        db.execute(sql, params)
        db.execute("UPDATE sync_ctx SET applying = 0 WHERE id = 1")
        db.commit()
    finally:
        db.close()


def _bisected(recorder: Recorder) -> bool:
    return any(p in recorder.paths for p in ("/integrity/buckets", "/integrity/bucket-rows", "/integrity/rows"))


@pytest.fixture
def pc(county: CountyServer, township: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = join_new_pc(county, township, tmp_path / "pc")
    for i in range(40):
        add_resident(store, f"居民{i}", phone=f"1380000{i:04d}")
    sync_now(store)
    yield store
    store.close()


def _someone(pc: Store, offset: int = 0) -> str:
    with pc.read() as s:
        return s.execute(text("SELECT id FROM residents ORDER BY id LIMIT 1 OFFSET :o"), {"o": offset}).scalar_one()


def test_nothing_is_asked_beyond_the_sums_when_all_agree(pc: Store) -> None:
    result, recorder = _sync(pc)
    assert result.repaired == 0
    assert recorder.paths.count("/integrity/tables") == 1 and not _bisected(recorder)


def test_a_row_damaged_by_hand_is_fetched_again_alone(pc: Store) -> None:
    person = _someone(pc, 7)
    before = township_checksums(pc)
    _by_hand(pc, "UPDATE residents SET phone = '00000000000', current_address = '乱改' WHERE id = :id", id=person)
    result, recorder = _sync(pc)
    assert recorder.fetched == [person] and result.repaired == 1
    assert value(pc, "residents", person, "phone") == "13800000007"
    assert township_checksums(pc) == before
    assert outbox_states(pc) == {"acked": 40}  # the repair was not captured as an edit
    again, recorder = _sync(pc)
    assert again.repaired == 0 and not _bisected(recorder)


def test_a_row_deleted_by_hand_comes_back(pc: Store) -> None:
    person = _someone(pc, 3)
    before = township_checksums(pc)
    _by_hand(pc, "DELETE FROM residents WHERE id = :id", id=person)
    assert count(pc, "SELECT count(*) FROM residents WHERE id = :id", id=person) == 0
    result, recorder = _sync(pc)
    assert recorder.fetched == [person] and result.repaired == 1
    assert township_checksums(pc) == before  # search keys and derived columns too
    assert outbox_states(pc) == {"acked": 40}


def test_a_row_added_by_hand_that_the_county_never_had_is_removed(pc: Store) -> None:
    stray = "019b0000-0000-7000-8000-0000000000ab"
    source = _someone(pc)
    before = township_checksums(pc)
    db = pc.connect_raw()
    db.executescript(f"""UPDATE sync_ctx SET applying = 1 WHERE id = 1;
        CREATE TEMP TABLE copy AS SELECT * FROM residents WHERE id = '{source}';
        UPDATE copy SET id = '{stray}', name = '凭空多出';
        INSERT INTO residents SELECT * FROM copy;
        UPDATE sync_ctx SET applying = 0 WHERE id = 1;""")
    db.close()
    result, recorder = _sync(pc)
    assert result.repaired == 1 and recorder.fetched == []
    assert count(pc, "SELECT count(*) FROM residents WHERE id = :id", id=stray) == 0
    assert township_checksums(pc) == before


def test_a_damaged_row_keeps_a_pending_local_edit(pc: Store) -> None:
    person = _someone(pc, 11)
    _by_hand(pc, "UPDATE residents SET phone = '00000000000' WHERE id = :id", id=person)
    edit(pc, "residents", person, current_address="新地址 3 号")  # made after the push, not yet sent
    recorder = Recorder(transport_for(pc))
    result = SyncResult()
    try:
        repair.check_and_repair(pc, recorder, result)  # type: ignore[arg-type]
    finally:
        recorder.inner.close()
    assert recorder.fetched == [person] and result.repaired == 1
    assert value(pc, "residents", person, "phone") == "13800000011"
    assert value(pc, "residents", person, "current_address") == "新地址 3 号"
    assert outbox_states(pc) == {"acked": 40, "pending": 1}
    result, _ = _sync(pc)
    assert result.pushed == 1 and result.repaired == 0
    assert outbox_states(pc) == {"acked": 41}


def test_a_check_after_another_pcs_push_waits_for_the_next_pull(county: CountyServer, township: str, pc: Store,
                                                                 tmp_path: Path) -> None:
    other = join_new_pc(county, township, tmp_path / "other")
    try:
        sync_now(other)
        edit(other, "residents", _someone(pc, 2), phone="13700000000")
        sync_now(other)
    finally:
        other.close()
    recorder, result = Recorder(transport_for(pc)), SyncResult()
    try:
        repair.check_and_repair(pc, recorder, result)  # type: ignore[arg-type]  # as if that push landed mid-sync
    finally:
        recorder.inner.close()
    assert recorder.paths == ["/integrity/tables"] and result.repaired == 0  # not mistaken for damage
    result, recorder = _sync(pc)
    assert result.pulled == 1 and result.repaired == 0 and not _bisected(recorder)


def test_the_integrity_endpoints_are_published_and_need_a_device(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    admin.init_county(engine, code="360731", name="于都县")
    client = TestClient(create_app(engine, tmp_path / "blobs"))
    paths = client.get("/openapi.json").json()["paths"]
    wanted = {f"{API}/integrity/{p}" for p in ("tables", "buckets", "bucket-rows", "rows")}
    assert wanted <= set(paths)
    assert "ids" in paths[f"{API}/integrity/rows"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    answer = client.get(f"{API}/integrity/tables", headers={"Authorization": "Bearer wrong"})
    assert answer.status_code == 401 and ErrorBody.model_validate(answer.json()).code == "sync.unauthorized"


def test_a_record_the_county_refused_stays_and_is_not_bisected_again(county: CountyServer, tmp_path: Path) -> None:
    owner = join_new_pc(county, county.new_township("甲镇"), tmp_path / "owner")
    other = join_new_pc(county, county.new_township("乙镇"), tmp_path / "other")
    try:
        person = add_resident(owner, "郑十")
        sync_now(owner)
        with other.write() as s:  # copied in by hand at another township: the county refuses it
            s.execute(text("INSERT INTO residents (id, name, registration_type, status, created_at, updated_at) "
                           "VALUES (:id, '郑十', 'huji', 'active', '2026-01-01', '2026-01-01')"), {"id": person})
        result, recorder = _sync(other)
        assert result.rejected == 1 and result.repaired == 0 and _bisected(recorder)
        assert count(other, "SELECT count(*) FROM residents WHERE id = :id", id=person) == 1  # what they typed stays
        result, recorder = _sync(other)
        assert result.repaired == 0 and not _bisected(recorder)
    finally:
        owner.close()
        other.close()


def test_a_big_township_is_checked_a_slice_per_sync(pc: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repair, "ROWS_PER_PASS", 8)  # 40 residents: several slices
    person = _someone(pc, 5)
    _by_hand(pc, "UPDATE residents SET phone = '00000000000' WHERE id = :id", id=person)
    checked: list[tuple[str, str | None]] = []
    for _ in range(row_sums.MAX_SLICES):
        result, recorder = _sync(pc)
        checked.append(recorder.ranges[0])
        if recorder.fetched:
            break
    assert recorder.fetched == [person] and value(pc, "residents", person, "phone") == "13800000005"
    lo, hi = checked[-1]
    assert _inside(bucket_of(person), lo, hi)  # found when its slice came round, not before
    assert len(set(checked)) == len(checked) and all(not _inside(bucket_of(person), *r) for r in checked[:-1])
    assert checked[0] != ("", None)  # not the whole table at once

    gone = _someone(pc, 6)  # a missing row shows in the counts at once, whatever the slice
    _by_hand(pc, "DELETE FROM residents WHERE id = :id", id=gone)
    result, recorder = _sync(pc)
    assert recorder.fetched == [gone] and result.repaired == 1


@pytest.mark.parametrize("slices", [1, 2, 4, 16, 64, 256])
def test_slices_cover_every_bucket_once(slices: int) -> None:
    buckets = [f"{i:02x}" for i in range(256)] + ["", "0", "zz", "ZZ", "-1", "é中", "\x00"]
    for b in buckets:
        holders = [i for i in range(slices) if _inside(b, *row_sums.slice_bounds(i, slices))]
        assert len(holders) == 1, (b, holders)


def _inside(b: str, lo: str, hi: str | None) -> bool:
    return b >= lo and (hi is None or b < hi)


def test_sql_row_hash_is_the_shared_row_hash() -> None:
    db = sqlite3.connect(":memory:")
    db.create_function(row_sums.HASH_FN, 1, row_sums.text_hash)
    db.execute('CREATE TABLE t (id TEXT, a TEXT, b INTEGER, "c_d" TEXT, z TEXT)')
    samples = [("1", 'say "hi" \\ now', 7, "行\n\t\x01\x1f\u2028é", None), ("2", None, None, None, None),
               ("3", "", 0, "{\"json\": [1]}", "-0"), ("4", "x" * 3000, -(2**62), "  ", "null")]
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", samples)
    sql = row_sums.hash_sql(["z", "a", "c_d", "b"])
    got = dict(db.execute(f"SELECT id, {sql} FROM t t"))
    for row in samples:
        assert got[row[0]] == row_hash(dict(zip(["a", "b", "c_d", "z"], row[1:]))), row


# --- tombstones purged at the county -------------------------------------------------------------------


def test_a_pc_behind_purged_tombstones_rebaselines_keeping_its_changes(fresh_county: CountyServer, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    county = fresh_county.start()
    township = county.new_township()
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    try:
        people = [add_resident(a, f"居民{i}") for i in range(12)]
        gone, kept = people[3], people[8]
        sync_now(a)
        sync_now(b)
        ResidentService(a).remove(a.actor, gone, "已死亡")
        sync_now(a)
        edit(b, "residents", kept, phone="13911112222")  # B is offline: a pending edit of its own
        with county.engine.connect() as conn:
            head = conn.execute(select(func.max(change_log.c.server_seq))).scalar_one()
        assert county_cli.main(["--db", county.db_url, "--home", str(county.home), "purge-tombstones",
                                "--before-seq", str(head + 1)]) == 0
        purged = json.loads(capsys.readouterr().out)
        assert purged["rows"] == 1 and purged["purged_before_seq"] == head + 1
        with pytest.raises(SyncError) as refused, transport_for(b) as t:
            t.get("/pull", PullResponse, {"cursor": 0})
        assert refused.value.code == "sync.rebaseline"

        result = sync_now(b)
        # repaired: the person B still held, and the audit entry of the deletion B had not pulled yet
        assert result.pushed == 1 and result.repaired == 2
        assert count(b, "SELECT count(*) FROM residents WHERE id = :id", id=gone) == 0
        assert int(b.state("pull_cursor") or 0) >= head
        sync_now(a)  # A still holds the tombstone; its next check drops it too
        assert count(a, "SELECT count(*) FROM residents WHERE id = :id", id=gone) == 0
        assert value(a, "residents", kept, "phone") == "13911112222"
        with county.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(records).where(records.c.row_id == gone)).scalar_one() == 0
            assert conn.execute(select(func.count()).select_from(change_log)
                                .where(change_log.c.row_id == gone)).scalar_one() == 0  # not resurrected
        assert township_checksums(a) == township_checksums(b)
        for pc in (a, b):
            again = sync_now(pc)
            assert again.repaired == 0 and outbox_states(pc).get("pending") is None
        c = join_new_pc(county, township, tmp_path / "c")  # a PC joining after the purge starts from a baseline
        try:
            first = sync_now(c)
            # 11 people and the audit entry of the deletion
            assert first.repaired == 12 and township_checksums(c) == township_checksums(a)
            assert sync_now(c).repaired == 0
        finally:
            c.close()
    finally:
        a.close()
        b.close()


def test_a_tombstone_something_still_points_at_is_not_purged(fresh_county: CountyServer, tmp_path: Path) -> None:
    county = fresh_county.start()
    a = join_new_pc(county, county.new_township(), tmp_path / "a")
    try:
        person, other = add_resident(a, "冯二"), add_resident(a, "陈三")
        KeyPersonService(a).add(a.actor, person, "released", details={"release_date": "2025-01-01"})
        sync_now(a)
        with a.write() as s:  # both removed by a data fix; the key-person file stays and still points at one
            s.execute(text("DELETE FROM residents WHERE id IN (:p, :o)"), {"p": person, "o": other})
        sync_now(a)
        with county.engine.connect() as conn:
            head = conn.execute(select(func.max(change_log.c.server_seq))).scalar_one()
        done = integrity.purge_tombstones(county.engine, head + 1)
        assert done["rows"] == 1  # only the person nothing refers to
        with county.engine.connect() as conn:
            left = {r for (r,) in conn.execute(select(records.c.row_id).where(records.c.row_id.in_([person, other])))}
        assert left == {person}
        result = sync_now(a)  # the PC follows: its tombstone of the purged one goes, the other stays
        assert result.repaired == 1
        assert count(a, "SELECT count(*) FROM residents WHERE id IN (:p, :o)", p=person, o=other) == 1
    finally:
        a.close()
