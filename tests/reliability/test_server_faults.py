"""The county fails under the PCs: killed mid-batch, its PostgreSQL connections cut, restored from a backup."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from reliability_support import REACHED
from county_support import CountyServer, backends, free_port, join_new_pc, new_database
from zongzhi_county.cli import main as county_cli
from zongzhi_county.schema import change_log, server_meta
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.sync import engine
from zongzhi_desktop.sync.engine import sync_now

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # the sync tests' helpers
from sync_support import add_resident, edit, outbox_states, township_checksums, value  # noqa: E402


@pytest.fixture(params=backends())
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyServer]:
    server = CountyServer(new_database(request.param, tmp_path), tmp_path / "county")
    yield server
    server.close()


def _no_double_ops(county: CountyServer) -> None:
    with county.engine.connect() as conn:
        origins = conn.execute(select(change_log.c.origin_device, change_log.c.origin_local_seq)
                               .where(change_log.c.origin_device.is_not(None))).all()
    assert len(origins) == len(set(origins)), "an op was applied twice"


def test_killed_mid_batch_then_its_postgresql_connections_cut(county: CountyServer, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PUSH_BATCH", 100)
    monkeypatch.setattr(engine, "PAUSES", (0.02, 0.05))
    township = county.new_township()
    county.start()
    pc = join_new_pc(county, township, tmp_path / "pc")
    sync_now(pc)
    people = [add_resident(pc, f"居民{i}") for i in range(150)]  # two batches: the crash hits the second
    county.stop()
    county.start(fault="push_before_commit:2")
    with pytest.raises(SyncError) as info:
        sync_now(pc)
    assert info.value.retry and county.wait_dead() is not None
    assert outbox_states(pc)["pending"] == 50  # the first batch stands, the second rolled back
    county.start()
    assert sync_now(pc).pushed == 50
    if county.db_url.startswith("postgresql"):
        # Not a restart of the shared PostgreSQL cluster (other tests use it): every connection of
        # the county server is terminated under it, as a restart would; the pool must recover.
        with create_engine(county.db_url.replace("postgresql://", "postgresql+psycopg://"),
                           isolation_level="AUTOCOMMIT").connect() as admin:
            cut = admin.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                     "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
        county.engine.dispose()
        assert cut >= 1
        edit(pc, "residents", people[0], phone="13900000001")
        try:
            sync_now(pc)  # a stale pooled connection may fail once (pre-ping usually catches it)
        except SyncError as exc:
            assert exc.retry
        sync_now(pc)
        assert "pending" not in outbox_states(pc)
    _no_double_ops(county)
    other = join_new_pc(county, township, tmp_path / "other")
    sync_now(other)
    assert township_checksums(other) == township_checksums(pc)
    pc.close()
    other.close()


def _backup(county: CountyServer, target: Path) -> None:
    """SQLite: a consistent copy; PostgreSQL: the rows of every table, to be put back the same way."""
    if county.db_url.startswith("sqlite"):
        source = sqlite3.connect(county.db_url.removeprefix("sqlite:///"))
        source.execute(f"VACUUM INTO '{target}'")
        source.close()
        return
    from zongzhi_county.schema import metadata
    with county.engine.connect() as conn:
        target.write_text(repr({t.name: [dict(r) for r in conn.execute(select(t)).mappings()]
                                for t in metadata.sorted_tables}), encoding="utf-8")


def _restore_behind_its_back(county: CountyServer, source: Path) -> None:
    """What pg_restore (or a file copied in by hand) does: the database as it was, nothing else told."""
    from zongzhi_county.schema import metadata
    if county.db_url.startswith("sqlite"):
        county.engine.dispose()
        db = Path(county.db_url.removeprefix("sqlite:///"))
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, db)
        return
    rows = eval(source.read_text(encoding="utf-8"))  # noqa: S307 - our own file, written above
    with county.engine.begin() as conn:
        for t in reversed(metadata.sorted_tables):
            conn.execute(t.delete())
        for t in metadata.sorted_tables:
            if rows.get(t.name):
                conn.execute(t.insert(), rows[t.name])


@pytest.mark.parametrize("how", ["behind_its_back", "restore_command", "mark_lost_too"])
def test_a_county_restored_from_a_backup_loses_nothing(county: CountyServer, tmp_path: Path, how: str) -> None:
    if how == "restore_command" and not county.db_url.startswith("sqlite"):
        how = "new_epoch_command"  # PostgreSQL: pg_restore, then `zongzhi-county new-epoch`
    township = county.new_township()
    county.start()
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    early = [add_resident(a, f"早{i}") for i in range(5)]
    sync_now(a)
    sync_now(b)
    county.stop()
    backup = tmp_path / "county-backup.db"
    _backup(county, backup)
    county.start()
    late_a = [add_resident(a, f"晚甲{i}") for i in range(4)]
    edit(a, "residents", early[0], phone="13800000000")
    sync_now(a)
    late_b = [add_resident(b, f"晚乙{i}") for i in range(3)]
    sync_now(b)
    sync_now(a)
    with county.engine.connect() as conn:
        head_before = int(conn.execute(select(server_meta.c.next_seq)).scalar_one()) - 1
        epoch_before = conn.execute(select(server_meta.c.server_epoch)).scalar_one()
    county.stop()  # a clean stop writes the exact head as the high-water mark
    if how == "restore_command":
        county.engine.dispose()
        assert county_cli(["--db", county.db_url, "--home", str(county.home), "restore", str(backup)]) == 0
    else:
        _restore_behind_its_back(county, backup)
        if how == "mark_lost_too":  # the mark file went with the disk: only the PCs can notice
            for name in ("high_water.json", "high_water.bak"):
                (county.home / name).unlink()
        if how == "new_epoch_command":
            assert county_cli(["--db", county.db_url, "--home", str(county.home), "new-epoch"]) == 0
    county.start()  # behind its back: the server sees its head below the mark and changes the epoch itself
    with county.engine.connect() as conn:
        meta = conn.execute(select(server_meta.c.next_seq, server_meta.c.server_epoch)).one()
    if how == "mark_lost_too":  # same epoch, numbers reused: the PCs see their acked ops missing and the head behind
        assert meta[1] == epoch_before and meta[0] <= head_before
    else:
        assert meta[1] != epoch_before and meta[0] > head_before, "numbers must jump past everything handed out"
    pending_a = add_resident(a, "恢复后甲")
    results = [sync_now(a), sync_now(b), sync_now(a), sync_now(b)]
    assert "sync.server_restored" in results[0].warnings and results[0].repushed >= 5
    assert township_checksums(a) == township_checksums(b)
    for person in early + late_a + late_b + [pending_a]:
        assert value(b, "residents", person, "id") == person
    assert value(b, "residents", early[0], "phone") == "13800000000"
    with county.engine.connect() as conn:
        mine = conn.execute(select(func.count()).select_from(change_log)
                            .where(change_log.c.row_id.in_(late_a + late_b + [pending_a]))).scalar_one()
    assert mine == len(late_a + late_b) + 1
    assert outbox_states(a).get("pending", 0) == 0 and outbox_states(b).get("pending", 0) == 0
    _no_double_ops(county)
    REACHED[f"server restored ({how}, {county.db_url.split(':')[0]})"] = (f"head {head_before} -> next {meta[0]}, "
          f"re-pushed {results[0].repushed} + {results[1].repushed}")
    a.close()
    b.close()


def test_the_high_water_mark_catches_a_database_gone_back(tmp_path: Path) -> None:
    """In-process: a normal restart keeps the epoch; a head below the mark changes it and jumps."""
    from zongzhi_county import admin, high_water
    from zongzhi_county.changelog import take_numbers
    from zongzhi_county.store import make_engine

    db = tmp_path / "county.db"
    engine = make_engine(f"sqlite:///{db}")
    admin.init_county(engine, code="360731", name="于都县")
    mark = tmp_path / "hw.json"
    assert high_water.check_at_start(engine, mark) is None
    high_water.watch(engine, mark)
    try:
        with engine.begin() as conn:
            take_numbers(conn, high_water.MARGIN - 1, 0)
        high_water.flush()
        assert high_water.read_mark(mark)["mark"] == 0  # below the margin: no write (one fsync per MARGIN)
        source = sqlite3.connect(db)
        source.execute(f"VACUUM INTO '{tmp_path / 'old.db'}'")  # yesterday's backup
        source.close()
        with engine.begin() as conn:
            take_numbers(conn, 5, 0)
        high_water.flush()
        assert high_water.read_mark(mark)["mark"] == high_water.MARGIN + 4
    finally:
        high_water.unwatch()
    assert high_water.check_at_start(engine, mark) is None  # a plain restart: nothing changes
    engine.dispose()
    shutil.copyfile(tmp_path / "old.db", db)  # restored behind its back
    Path(f"{db}-wal").unlink(missing_ok=True)
    changed = high_water.check_at_start(engine, mark)
    assert changed is not None and changed["head"] == high_water.MARGIN - 1
    assert changed["next_seq"] > high_water.MARGIN + 4 + high_water.JUMP
    assert high_water.read_mark(mark)["epoch"] == changed["server_epoch"]
    engine.dispose()


def test_restore_refuses_a_file_that_is_not_a_whole_county_database(tmp_path: Path) -> None:
    from zongzhi_county import admin
    from zongzhi_county.store import make_engine

    db = tmp_path / "county.db"
    engine = make_engine(f"sqlite:///{db}")
    admin.init_county(engine, code="360731", name="于都县")
    with engine.connect() as conn:
        epoch = conn.execute(select(server_meta.c.server_epoch)).scalar_one()
    engine.dispose()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert county_cli(["--db", f"sqlite:///{db}", "--home", str(tmp_path), "restore", str(junk)]) != 0
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:  # untouched: same database, same epoch
        assert conn.execute(select(server_meta.c.server_epoch)).scalar_one() == epoch
    engine.dispose()


@pytest.fixture
def own_postgresql() -> Iterator[str]:
    """A PostgreSQL cluster of this test's own, on another port, that it may restart (never the shared one)."""
    if "postgresql" not in backends():
        pytest.skip("PostgreSQL runs only with ZONGZHI_TEST_PG_URL (CI sets it)")
    folder = Path(f"/tmp/zz-pg-restart-{uuid.uuid4().hex[:8]}")  # the postgres user must reach it
    env = {**os.environ, "ZONGZHI_PG_PORT": str(free_port()), "ZONGZHI_PG_DIR": str(folder)}
    script = Path(__file__).resolve().parents[2] / "tools" / "pg_test_server.sh"

    def run(action: str) -> str:
        return subprocess.run([str(script), action], env=env, check=True, capture_output=True, text=True).stdout.strip()

    url = run("start")
    try:
        yield url, run  # type: ignore[misc]
    finally:
        subprocess.run([str(script), "stop"], env=env, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_restarted_under_the_county(own_postgresql, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PAUSES", (0.2, 0.5))
    url, run = own_postgresql
    county = CountyServer(url, tmp_path / "county").start()
    try:
        township = county.new_township()
        pc = join_new_pc(county, township, tmp_path / "pc")
        sync_now(pc)
        failed = 0
        for round_no in range(3):
            people = [add_resident(pc, f"第{round_no}轮{i}") for i in range(20)]
            run("stop")
            run("start")  # the county server keeps running; every pooled connection is now dead
            try:
                sync_now(pc)
            except SyncError as exc:  # at most a retryable failure; the next attempt goes through
                assert exc.retry
                failed += 1
                sync_now(pc)
            assert value(pc, "residents", people[-1], "id") == people[-1]
        assert "pending" not in outbox_states(pc)
        county.engine.dispose()
        _no_double_ops(county)
        other = join_new_pc(county, township, tmp_path / "other")
        sync_now(other)
        assert township_checksums(other) == township_checksums(pc)
        REACHED["postgresql restarted under the county"] = f"3 restarts, {failed} sync attempts failed and were retried"
        pc.close()
        other.close()
    finally:
        county.close()
