"""The crash scenarios: each sets up a PC, names the command to crash, checks what a crash left and recovers."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select, text

from county_support import CountyServer, join_new_pc
from tests_support import ADMIN, PASSWORD
from zongzhi_county import files as county_files
from zongzhi_county.schema import change_log
from zongzhi_desktop.cli import main
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.domain.catalogue import township_tables
from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.models.checksums import table_checksum
from zongzhi_desktop.models.restore import restore_backup
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.resident_import import ResidentImport
from zongzhi_desktop.sync import file_sync
from zongzhi_desktop.sync.engine import sync_now

IMPORT_ROWS = 300
PUSH_ROWS = 1200  # more than one push batch (PUSH_BATCH = 1000): a crash between batches is reachable
PULL_ROWS = 200
OLD_REPORT = b"last month's report, still wanted"
# Every trial's people are new to the county: the same ID number in two townships would make the
# county open duplicate tasks in both, changes neither PC asked for, at moments no test controls.
PEOPLE_PER_TRIAL = 10_000


@dataclass
class Trial:
    """One PC of its own township, and what its scenario's checks need to know."""

    county: CountyServer
    folder: Path
    township: str
    home: Path
    argv: list[str]
    data: dict[str, Any] = field(default_factory=dict)

    def open(self) -> Store:
        return open_store(resolve_paths(self.home), ADMIN, PASSWORD)

    def rerun(self) -> None:
        """The crashed command once more, to its end (in this process: the crash was the child's)."""
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--home", str(self.home), *self.argv])
        assert code == 0, err.getvalue()


def new_pc(county: CountyServer, folder: Path) -> tuple[Store, str]:
    """A PC of a new township of its own, joined and synced once (so crash trials never share server data)."""
    township = county.new_township()
    pc = join_new_pc(county, township, folder / "pc")
    sync_now(pc)
    return pc, township


def register_sheet(path: Path, rows: int, serial: int, first: int = 0) -> tuple[Path, list[str]]:
    """An .xlsx register of `rows` people with ID numbers no other trial (`serial`) uses."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "联系电话"])
    ids = []
    assert first + rows <= PEOPLE_PER_TRIAL
    for n in range(serial * PEOPLE_PER_TRIAL + first, serial * PEOPLE_PER_TRIAL + first + rows):
        number = make_number("360731", date(1950, 1, 1) + timedelta(days=n // 900), n % 900)
        ids.append(number)
        ws.append([f"居民{n}", number, f"139{n:08d}"])
    wb.save(path)
    return path, ids


def import_register(pc: Store, path: Path, rows: int, serial: int, first: int = 0) -> list[str]:
    path, ids = register_sheet(path, rows, serial, first)
    result = ResidentImport(pc).run(pc.actor, path)
    assert result.imported == rows, result.as_json()
    return ids


def count_ids(store: Store, ids: list[str]) -> int:
    with store.read() as s:
        found = s.execute(text("SELECT id_number FROM residents WHERE deleted_at IS NULL")).scalars()
        return len(set(found) & set(ids))


def township_checksums(store: Store) -> dict[str, tuple[int, str]]:
    with store.engine.connect() as conn:
        return {t.name: table_checksum(conn, t.name) for t in township_tables()}


def converge(trial: Trial) -> None:
    """The next sync takes the PC and the county to one state: a new PC that pulls everything holds
    exactly the same rows, and the county's log holds every op of the PC once."""
    pc = trial.open()
    try:
        sync_now(pc)
        sync_now(pc)  # a second round must find nothing left to do
        with pc.read() as s:
            pending = s.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar_one()
        assert pending == 0
        fresh = join_new_pc(trial.county, trial.township, trial.folder / "fresh")
        try:
            sync_now(fresh)
            ours, theirs = township_checksums(pc), township_checksums(fresh)
            assert ours == theirs, f"tables that differ from a new PC's: {sorted(t for t in ours if ours[t] != theirs[t])}"
        finally:
            fresh.close()
    finally:
        pc.close()
    with trial.county.engine.connect() as conn:
        doubled = conn.execute(
            select(change_log.c.origin_device, change_log.c.origin_local_seq)
            .where(change_log.c.township_code == trial.township, change_log.c.origin_device.is_not(None))
            .group_by(change_log.c.origin_device, change_log.c.origin_local_seq).having(func.count() > 1)
        ).all()
    assert not doubled, f"ops applied twice by the county: {doubled[:5]}"


class BulkImport:
    name = "bulk import"

    def prepare(self, county: CountyServer, folder: Path, serial: int) -> Trial:
        pc, township = new_pc(county, folder)
        pc.close()
        path, ids = register_sheet(folder / "register.xlsx", IMPORT_ROWS, serial)
        return Trial(county, folder, township, folder / "pc", ["residents", "import", str(path), "--json"], {"ids": ids})

    def check(self, trial: Trial, pc: Store) -> None:
        assert count_ids(pc, trial.data["ids"]) in (0, IMPORT_ROWS), "an import must land whole or not at all"

    def recover(self, trial: Trial) -> None:
        trial.rerun()
        pc = trial.open()
        try:
            assert count_ids(pc, trial.data["ids"]) == IMPORT_ROWS
            with pc.read() as s:
                assert s.execute(text("SELECT count(*) FROM residents")).scalar_one() == IMPORT_ROWS  # none doubled
        finally:
            pc.close()


class ReportExport:
    name = "report export"

    def prepare(self, county: CountyServer, folder: Path, serial: int) -> Trial:
        pc, township = new_pc(county, folder)
        import_register(pc, folder / "register.xlsx", 30, serial)
        build_demo(pc, residents=0, disputes=40, seed=serial)  # its own people have random ID numbers
        pc.close()
        out = folder / "月报.xlsx"
        out.write_bytes(OLD_REPORT)
        month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        return Trial(county, folder, township, folder / "pc",
                     ["report", "monthly", "--month", month, "-o", str(out), "--json"], {"out": out})

    def check(self, trial: Trial, pc: Store) -> None:
        out: Path = trial.data["out"]
        if out.read_bytes() != OLD_REPORT:
            assert_complete_report(out)

    def recover(self, trial: Trial) -> None:
        trial.rerun()
        assert_complete_report(trial.data["out"])


def assert_complete_report(path: Path) -> None:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("排查化解情况").to_python()
    assert any(r and r[0] == "合计" for r in rows), "the report's total row is missing"


class Backup:
    name = "backup"

    def prepare(self, county: CountyServer, folder: Path, serial: int) -> Trial:
        pc, township = new_pc(county, folder)
        import_register(pc, folder / "register.xlsx", 30, serial)
        build_demo(pc, residents=0, disputes=10, seed=serial)
        sums = township_checksums(pc)
        pc.close()
        return Trial(county, folder, township, folder / "pc", ["backup"], {"sums": sums})

    def check(self, trial: Trial, pc: Store) -> None:
        for n, made in enumerate(sorted((trial.home / "backups").glob("*.zzbak"))):
            assert_restores(made, trial.folder / f"restored-{n}", trial.data["sums"])

    def recover(self, trial: Trial) -> None:
        before = set((trial.home / "backups").glob("*.zzbak"))
        trial.rerun()
        (made,) = set((trial.home / "backups").glob("*.zzbak")) - before
        assert_restores(made, trial.folder / "restored-again", trial.data["sums"])


def assert_restores(backup_file: Path, home: Path, sums: dict[str, tuple[int, str]]) -> None:
    """A backup that is there restores on an empty PC to exactly the data it was made from."""
    paths = resolve_paths(home)
    restore_backup(paths, backup_file, username=ADMIN, password=PASSWORD)
    restored = open_store(paths, ADMIN, PASSWORD)
    try:
        assert township_checksums(restored) == sums
    finally:
        restored.close()


class SyncPush:
    name = "sync push"

    def prepare(self, county: CountyServer, folder: Path, serial: int) -> Trial:
        pc, township = new_pc(county, folder)
        ids = import_register(pc, folder / "register.xlsx", PUSH_ROWS, serial)
        pc.close()
        return Trial(county, folder, township, folder / "pc", ["sync", "--json"], {"ids": ids})

    def check(self, trial: Trial, pc: Store) -> None:
        with pc.read() as s:
            states = dict(s.execute(text("SELECT state, count(*) FROM sync_outbox GROUP BY state")).all())
        assert set(states) <= {"pending", "acked"}, states

    def recover(self, trial: Trial) -> None:
        pass  # the next sync (converge) is the recovery


class SyncPull:
    name = "sync pull"

    def prepare(self, county: CountyServer, folder: Path, serial: int) -> Trial:
        source, township = new_pc(county, folder / "source")
        import_register(source, folder / "register.xlsx", PULL_ROWS, serial)
        build_demo(source, residents=0, disputes=20, seed=serial)
        sync_now(source)
        source.close()
        pc = join_new_pc(county, township, folder / "pc")
        pc.close()
        return Trial(county, folder, township, folder / "pc", ["sync", "--json"])

    def check(self, trial: Trial, pc: Store) -> None:
        pass  # `check --full` and the convergence say it all: the cursor moves only with its page

    def recover(self, trial: Trial) -> None:
        pass


class PackageImport:
    name = "package import"

    def prepare(self, county: CountyServer, folder: Path, serial: int) -> Trial:
        pc, township = new_pc(county, folder)
        other = join_new_pc(county, township, folder / "other")
        import_register(other, folder / "other.xlsx", 200, serial)  # pages for the reply to carry
        build_demo(other, residents=0, disputes=20, seed=serial)
        sync_now(other)
        other.close()
        ids = import_register(pc, folder / "register.xlsx", IMPORT_ROWS, serial, first=200)
        package, reply = folder / "out.syncpkg", folder / "reply.syncpkg"
        file_sync.export_changes(pc, package)
        pc.close()
        county_files.import_package(county.engine, package, reply)
        return Trial(county, folder, township, folder / "pc", ["sync", "import", str(reply), "--json"], {"ids": ids})

    def check(self, trial: Trial, pc: Store) -> None:
        with pc.read() as s:
            states = dict(s.execute(text("SELECT state, count(*) FROM sync_outbox GROUP BY state")).all())
        assert set(states) in ({"pending"}, {"acked"}), f"one answer acks all its ops or none: {states}"

    def recover(self, trial: Trial) -> None:
        trial.rerun()


SCENARIOS = (BulkImport(), ReportExport(), Backup(), SyncPush(), SyncPull(), PackageImport())
