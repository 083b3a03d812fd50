"""Backups: the rotation's promises, the daily backup on a moved clock, a snapshot taken while the app
writes, and a restore that refuses every bad file without touching anything and keeps the old store."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from sqlalchemy import text

from zongzhi_desktop.cli import main
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.domain.backup_rotation import (
    DAILY, MONTHLY, WEEKLY, backups_to_delete, day_of, month_of, week_of,
)
from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models import backup
from zongzhi_desktop.models.checksums import store_checksums
from zongzhi_desktop.models.restore import restore_backup
from zongzhi_desktop.models.store import Store, create_store, open_store
from zongzhi_desktop.paths import AppPaths, resolve_paths
from zongzhi_desktop.services import audit, backups
from reliability_support import REACHED
from tests_support import ADMIN, PASSWORD

# -- the rotation, as a pure function -----------------------------------------------------------

_times = st.lists(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)),
                  min_size=0, max_size=120, unique=True)
EXAMPLES = {"rotation": 0}  # reported at the end of the run (reliability_support.REACHED)


def _most_recent_periods(times: list[datetime], period_of: Callable[[datetime], tuple[int, ...]],
                         count: int) -> list[tuple[int, ...]]:
    periods: list[tuple[int, ...]] = []
    for when in sorted(times, reverse=True):
        if period_of(when) not in periods:
            periods.append(period_of(when))
    return periods[:count]


@settings(max_examples=400, deadline=None)
@given(_times)
def test_the_rotation_keeps_the_newest_at_most_23_and_one_of_every_recent_day_week_and_month(
        times: list[datetime]) -> None:
    EXAMPLES["rotation"] += 1
    REACHED["backup rotation"] = f"{EXAMPLES['rotation']} hypothesis examples"
    doomed = backups_to_delete((t, t) for t in times)
    kept = set(times) - doomed
    assert doomed <= set(times)
    if times:
        assert max(times) in kept
    assert len(kept) <= DAILY + WEEKLY + MONTHLY
    for period_of, count in ((day_of, DAILY), (week_of, WEEKLY), (month_of, MONTHLY)):
        for period in _most_recent_periods(times, period_of, count):
            assert any(period_of(t) == period for t in kept), (period_of.__name__, period)
    # run again tomorrow with no new backup: nothing more goes (the rotation does not erode itself)
    assert backups_to_delete((t, t) for t in kept) == set()


def test_a_year_of_daily_backups_leaves_7_daily_4_weekly_12_monthly() -> None:
    start = datetime(2026, 1, 1, 9, 0)
    times = [start + timedelta(days=n) for n in range(400)]
    kept = sorted(set(times) - backups_to_delete((t, t) for t in times), reverse=True)
    assert len(kept) == DAILY + WEEKLY + MONTHLY
    assert kept[:DAILY] == sorted(times, reverse=True)[:DAILY]
    assert len({month_of(t) for t in kept}) >= MONTHLY


# -- a township store and a movable clock ---------------------------------------------------------


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Store]:
    store = create_store(resolve_paths(tmp_path / "office"), township_code="360731100", township_name="贡江镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    build_demo(store, residents=150, seed=7, disputes=15)
    for i in range(3):
        audit.record_now(store, store.actor, "resident.open", "residents", f"r-{i}")
    yield store
    store.close()


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(datetime(2026, 3, 2, 8, 30, tzinfo=timezone.utc).astimezone())
    monkeypatch.setattr(backup, "utc_now", fake)
    return fake


def _kinds(paths: AppPaths) -> list[str]:
    return [b.kind for b in backups._readable(paths.backup_dir)]


def test_the_daily_backup_is_made_once_a_day(filled: Store, clock: Clock) -> None:
    made = backups.backup_if_due(filled)
    assert made is not None and made.kind == backups.AUTO and made.created_at == clock.now.replace(microsecond=0)
    clock.now += timedelta(hours=6)
    assert backups.backup_if_due(filled) is None  # the same day: nothing
    clock.now += timedelta(days=1)
    assert backups.backup_if_due(filled) is not None
    assert _kinds(filled.paths) == [backups.AUTO, backups.AUTO]
    header = backup.read_header(made.path)
    assert header.label == "daily" and header.schema_revision == made.revision


def test_the_rotation_spares_manual_usb_and_young_safety_backups(filled: Store, clock: Clock, tmp_path: Path) -> None:
    paths = filled.paths
    start = clock.now
    upgrade = filled.back_up(backup.backup_path(paths.backup_dir, paths.store_file, "before-0009"), label="before-0009")
    clock.now += timedelta(minutes=1)
    manual = backups.back_up_now(filled, filled.actor).path
    usb = backups.back_up_now(filled, filled.actor, tmp_path / "usb").path
    for day in range(60):
        clock.now = start + timedelta(days=day, hours=1)
        assert backups.backup_if_due(filled) is not None
        if day == 29:
            assert upgrade.exists()  # younger than 30 days: kept whatever the rotation says
    autos = [b for b in backups._readable(paths.backup_dir) if b.kind == backups.AUTO]
    assert len(autos) <= DAILY + WEEKLY + MONTHLY
    assert autos[0].created_at == clock.now.replace(microsecond=0)  # the newest is there
    assert manual.exists() and usb.exists()  # a person's backups are never deleted by the program
    assert not upgrade.exists()  # 30 days on, rotated with the automatic ones (not its month's newest)


def test_a_clock_set_back_still_leaves_todays_backup(filled: Store, clock: Clock) -> None:
    start = clock.now + timedelta(days=2)  # a Wednesday: 12 days fill this week and the next, within March
    for day in range(12):
        clock.now = start + timedelta(days=day)
        backups.backup_if_due(filled)
    clock.now = start - timedelta(days=1)  # the PC's clock set back a day: its backup is the newest of nothing
    made = backups.backup_if_due(filled)
    assert made is not None and made.path.exists()


def test_half_written_files_of_a_cut_backup_are_cleared_a_day_later(filled: Store, clock: Clock) -> None:
    paths = filled.paths
    paths.backup_dir.mkdir(exist_ok=True)
    leftover = paths.backup_dir / "zongzhi-daily-20260301-083000-000000.zzbak.db-part"
    tmp = paths.backup_dir / ".zongzhi-daily-20260301-083000-000000.zzbak.4242.tmp"
    for part in (leftover, tmp):
        part.write_bytes(b"x" * 100)
    backups.backup_if_due(filled)
    assert leftover.exists() and tmp.exists()  # may be a backup still running
    clock.now += timedelta(days=2)
    stale = (clock.now - timedelta(days=2)).timestamp()
    for part in (leftover, tmp):
        os.utime(part, (stale, stale))
    backups.backup_if_due(filled)
    assert not leftover.exists() and not tmp.exists()


def test_the_cli_makes_the_days_backup_at_login_but_not_for_check(filled: Store, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_USER", ADMIN)
    monkeypatch.setenv("ZONGZHI_PASSWORD", PASSWORD)
    home = str(filled.paths.data_dir)
    assert main(["--home", home, "check"]) == 0
    assert _kinds(filled.paths) == []  # check only reads
    assert main(["--home", home, "stats"]) == 0
    assert _kinds(filled.paths) == [backups.AUTO]
    assert main(["--home", home, "stats"]) == 0
    assert main(["--home", home, "backup"]) == 0
    assert sorted(_kinds(filled.paths)) == [backups.AUTO, backups.MANUAL]  # no second daily one
    capsys.readouterr()


def test_a_failed_daily_backup_does_not_stop_the_command(filled: Store, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_USER", ADMIN)
    monkeypatch.setenv("ZONGZHI_PASSWORD", PASSWORD)

    def full_disk(*args: object, **kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "wrap_database", full_disk)
    assert main(["--home", str(filled.paths.data_dir), "stats"]) == 0
    assert "今天的自动备份没有完成" in capsys.readouterr().err
    assert not [p for p in filled.paths.backup_dir.iterdir() if p.name.endswith((".db-part", ".tmp"))]


# -- a consistent snapshot while the app writes ---------------------------------------------------


def test_a_backup_taken_while_the_app_writes_holds_a_committed_prefix(filled: Store, tmp_path: Path) -> None:
    raw = filled.connect_raw()
    raw.execute("CREATE TABLE probe (n INTEGER PRIMARY KEY, pad BLOB)")
    raw.commit()
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        conn = filled.connect_raw()
        try:
            while not stop.is_set():
                conn.execute("INSERT INTO probe (n, pad) VALUES (?, randomblob(3000))", (written[0] + 1,))
                conn.commit()
                written[0] += 1
        finally:
            conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    seen = []
    try:
        while written[0] < 200:
            threading.Event().wait(0.01)
        for i in range(6):
            made = filled.back_up(tmp_path / f"b{i}.zzbak")
            copy = tmp_path / f"b{i}.db"
            backup.extract_database(made, copy)
            assert backup.verify_database(copy, filled._key) is not None  # opens, integrity ok
            conn = backup.raw_connect(copy, filled._key.raw)
            numbers = [r[0] for r in conn.execute("SELECT n FROM probe ORDER BY n")]
            conn.close()
            assert numbers == list(range(1, len(numbers) + 1))  # every commit up to one point, none after
            seen.append(len(numbers))
    finally:
        stop.set()
        thread.join()
        raw.close()
    assert seen == sorted(seen) and seen[-1] > seen[0] > 0  # the writer kept going between backups
    REACHED["backup while writing"] = f"{len(seen)} backups holding {seen} of {written[0]} committed rows"


# -- restore: refuse bad files, change nothing; keep the old store as a backup --------------------


def _snapshot(paths: AppPaths) -> dict[str, bytes]:
    return {str(p.relative_to(paths.data_dir)): p.read_bytes() for p in sorted(paths.data_dir.rglob("*"))
            if p.is_file() and "logs" not in p.parts}


def _refused(paths: AppPaths, file: Path) -> StoreError:
    before = _snapshot(paths)
    with pytest.raises(StoreError) as info:
        restore_backup(paths, file, username=ADMIN, password=PASSWORD)
    assert _snapshot(paths) == before  # nothing replaced, nothing added, no pre-restore backup
    return info.value


def _tampered_copy(store: Store, tmp_path: Path, trigger: str | None, sql: str) -> Path:
    """A backup of this store with one row changed behind the app's back (its guard trigger dropped)."""
    copy_home = tmp_path / "copy"
    store.close()
    shutil.copytree(store.paths.data_dir, copy_home)
    other = open_store(resolve_paths(copy_home), ADMIN, PASSWORD)
    raw = other.connect_raw()
    if trigger:
        raw.execute(f"DROP TRIGGER {trigger}")
    raw.execute(sql)
    raw.commit()
    raw.close()
    made = other.back_up(tmp_path / f"{trigger or 'edited'}.zzbak")
    other.close()
    return made


def test_restore_refuses_a_backup_whose_case_trail_was_altered(filled: Store, tmp_path: Path) -> None:
    bad = _tampered_copy(filled, tmp_path, "zz_cap_dispute_events_upd",
                         "UPDATE dispute_events SET actor = 'someone-else' WHERE rowid = 2")
    error = _refused(filled.paths, bad)
    assert error.code == "backup.chains_broken" and "办理留痕被改动" in str(error)


def test_restore_refuses_a_backup_whose_audit_log_lost_an_entry(filled: Store, tmp_path: Path) -> None:
    bad = _tampered_copy(filled, tmp_path, "zz_tomb_audit_log_del", "DELETE FROM audit_log WHERE seq = 2")
    error = _refused(filled.paths, bad)
    assert error.code == "backup.chains_broken" and "审计日志" in str(error) and "断链" in str(error)


def test_restore_refuses_a_damaged_file_and_a_newer_schema(filled: Store, tmp_path: Path) -> None:
    good = filled.back_up(tmp_path / "good.zzbak")
    damaged = tmp_path / "damaged.zzbak"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.zzbak"
    truncated.write_bytes(good.read_bytes()[:-4096])
    newer = _tampered_copy(filled, tmp_path, None, "UPDATE alembic_version SET version_num = '9999_future'")
    assert _refused(filled.paths, damaged).code == "backup.damaged"
    assert _refused(filled.paths, truncated).code == "backup.damaged"
    error = _refused(filled.paths, newer)
    assert error.code == "backup.too_new" and "9999_future" in str(error)


def test_after_a_restore_the_replaced_store_is_a_backup_that_restores(filled: Store, tmp_path: Path) -> None:
    paths = filled.paths
    old = filled.back_up(tmp_path / "old.zzbak")
    with filled.write() as s:
        s.execute(text("DELETE FROM visits"))
    with filled.engine.connect() as conn:
        today = store_checksums(conn)
    filled.close()
    result = restore_backup(paths, old, username=ADMIN, password=PASSWORD)
    assert result.pre_restore is not None and result.pre_restore in result.set_aside
    assert backups.describe(result.pre_restore).kind == backups.PRE_RESTORE
    assert not list(paths.backup_dir.glob("*-replaced-*.db*"))  # the backup file holds it; no raw copy
    assert not list(paths.data_dir.glob("*.restoring*"))
    again = restore_backup(paths, result.pre_restore, username=ADMIN, password=PASSWORD)
    store = open_store(paths, ADMIN, PASSWORD)
    with store.engine.connect() as conn:
        assert store_checksums(conn) == today  # what was replaced is back, exactly
    store.close()
    assert again.pre_restore is not None


def test_an_unreadable_store_is_moved_aside_raw(filled: Store, tmp_path: Path) -> None:
    paths = filled.paths
    good = filled.back_up(tmp_path / "good.zzbak")
    filled.close()
    paths.store_file.write_bytes(b"\0" * 8192)  # the store itself is what broke
    result = restore_backup(paths, good, username=ADMIN, password=PASSWORD)
    assert result.pre_restore is None
    assert [p.suffix for p in result.set_aside] == [".json", ".db"] and result.set_aside[1].read_bytes() == b"\0" * 8192
    open_store(paths, ADMIN, PASSWORD).close()


def test_an_administrator_restores_with_todays_password_after_changing_it(filled: Store, tmp_path: Path) -> None:
    from zongzhi_desktop.services.settings import change_password

    old = filled.back_up(tmp_path / "old.zzbak")  # the header knows the old password only
    change_password(filled.paths, filled.actor, PASSWORD, "Changed-2027", "Changed-2027")
    filled.close()
    result = restore_backup(filled.paths, old, username=ADMIN, password="Changed-2027")
    assert result.pre_restore is not None
    open_store(filled.paths, ADMIN, "Changed-2027").close()  # today's accounts stay: same key


def test_cancel_after_the_checks_stops_the_restore_with_nothing_changed(filled: Store, tmp_path: Path) -> None:
    good = filled.back_up(tmp_path / "good.zzbak")
    filled.close()

    class Cancelled(Exception):
        pass

    def cancel() -> None:
        raise Cancelled()

    before = _snapshot(filled.paths)
    with pytest.raises(Cancelled):
        restore_backup(filled.paths, good, username=ADMIN, password=PASSWORD, before_replace=cancel)
    assert _snapshot(filled.paths) == before
