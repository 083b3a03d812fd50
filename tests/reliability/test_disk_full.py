"""A full disk: the write is refused with a clear message, the last commit stays whole, and it recovers.

Two ways to fill the disk: `PRAGMA max_page_count` on every store connection (works anywhere), and a
real 12 MB tmpfs (ENOSPC from the kernel; needs root to mount). Run as root -- CI is -- the tmpfs
tests must run: a failed mount fails them. Only a non-root developer run skips them, with the reason.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from zongzhi_desktop.cli import main
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.services.resident_import import CHUNK

from reliability_support import child_env, counts_at, resident_workbook, run_cli

DISK_FULL = render("store.disk_full")


@contextmanager
def page_limit(spare_pages: int) -> Iterator[None]:
    """The store file may grow by at most `spare_pages` pages from its size at the first connection
    opened meanwhile (the same ceiling for every later connection, as a disk's size would be)."""
    ceiling: list[int] = []

    def limit(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not ceiling:
            ceiling.append(cursor.execute("PRAGMA page_count").fetchone()[0] + spare_pages)
        cursor.execute(f"PRAGMA max_page_count = {ceiling[0]}")
        cursor.close()

    event.listen(Engine, "connect", limit)
    try:
        yield
    finally:
        event.remove(Engine, "connect", limit)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def _checked(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _cli(capsys, "check", "--full", "--json")
    assert code == 0 and '"ok": true' in text, text


def test_an_import_past_the_page_limit_is_refused_whole_then_succeeds_with_room(
        cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = resident_workbook(tmp_path / "register.xlsx", 3000, notes_len=200)
    before = counts_at(cli_env)
    with page_limit(40):
        code, text = _cli(capsys, "residents", "import", str(book))
    assert code == 1 and DISK_FULL in text and "Traceback" not in text, text
    assert counts_at(cli_env) == before  # not one resident, captured change or audit entry of the file
    _checked(capsys)
    code, text = _cli(capsys, "residents", "import", str(book))
    assert code == 0, text
    assert counts_at(cli_env)["residents"] == before["residents"] + 3000
    _checked(capsys)


def test_a_valid_only_import_stops_at_a_full_disk_with_whole_chunks_and_completes_on_rerun(
        cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = resident_workbook(tmp_path / "register.xlsx", 2 * CHUNK + 500, notes_len=200)
    with page_limit(1800):  # room for one chunk of 2,000 people (~1,450 pages), not two
        code, text = _cli(capsys, "residents", "import", "--valid-only", str(book))
    assert code == 1 and DISK_FULL in text, text
    landed = counts_at(cli_env)["residents"]
    assert 0 < landed < 2 * CHUNK + 500 and landed % CHUNK == 0, landed  # each chunk whole or absent
    _checked(capsys)
    code, text = _cli(capsys, "residents", "import", "--valid-only", str(book))
    assert code == 0, text
    assert counts_at(cli_env)["residents"] == 2 * CHUNK + 500  # the re-run adds only what was missing
    _checked(capsys)


# -- a real full disk ------------------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 12 MB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs root to mount a tmpfs (CI runs as root and does not skip)")
    mount_point = Path(f"/tmp/zongzhi-small-disk-{uuid.uuid4().hex[:8]}")
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m,mode=0755", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode:
        mount_point.rmdir()
        pytest.fail(f"running as root but cannot mount a tmpfs for the full-disk tests: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def _fill(disk: Path, leave_bytes: int) -> Path:
    """Take all free space but `leave_bytes` with one file (removed to free the disk again)."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    try:
        with open(filler, "wb") as fh:
            fh.write(bytes(max(0, free - leave_bytes)))
    except OSError as exc:  # the last blocks may be the file system's own: full is what was wanted
        if exc.errno != errno.ENOSPC:
            raise
    return filler


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp")) + sorted(p.name for p in folder.rglob("*.part"))


def test_a_store_on_a_really_full_disk_refuses_the_import_and_takes_it_once_there_is_room(
        template_home: Path, small_disk: Path, tmp_path: Path) -> None:
    home = small_disk / "home"
    shutil.copytree(template_home, home)
    book = resident_workbook(tmp_path / "register.xlsx", 1000, notes_len=200)
    before = counts_at(home)
    filler = _fill(small_disk, 600 * 1024)  # login and the WAL index fit; 1,000 people do not
    done = run_cli(home, "residents", "import", str(book))
    assert done.returncode == 1 and DISK_FULL in done.stderr and "Traceback" not in done.stderr, done.stderr
    filler.unlink()
    assert counts_at(home) == before
    assert run_cli(home, "check", "--full").returncode == 0
    done = run_cli(home, "residents", "import", str(book))
    assert done.returncode == 0, done.stderr
    assert counts_at(home)["residents"] == before["residents"] + 1000
    assert run_cli(home, "check", "--full").returncode == 0


def test_logging_in_on_a_completely_full_disk_says_the_disk_is_full(template_home: Path, small_disk: Path) -> None:
    home = small_disk / "home"
    shutil.copytree(template_home, home)
    before = counts_at(home)
    filler = _fill(small_disk, 0)
    done = run_cli(home, "residents", "add", "--name", "张三", "--type", "overseas")
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert DISK_FULL in done.stderr, done.stderr  # not "the key does not open the file, or it is damaged"
    filler.unlink()
    assert counts_at(home) == before


def test_an_export_to_a_full_stick_keeps_the_old_file_leaves_no_temp_and_says_the_disk_is_full(
        home: Path, small_disk: Path) -> None:
    assert run_cli(home, "residents", "add", "--name", "张三", "--type", "overseas").returncode == 0
    export = small_disk / "居民.xlsx"
    assert run_cli(home, "residents", "export", "-o", str(export)).returncode == 0
    old_export = export.read_bytes()
    assert run_cli(home, "residents", "add", "--name", "李四", "--type", "overseas").returncode == 0
    _fill(small_disk, 0)
    done = run_cli(home, "residents", "export", "-o", str(export))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert export.read_bytes() == old_export and _leftovers(small_disk) == []
    assert DISK_FULL in done.stderr, done.stderr


def test_a_failed_login_on_a_full_disk_keeps_the_accounts_file_and_is_still_a_wrong_password(
        template_home: Path, small_disk: Path) -> None:
    home = small_disk / "home"
    shutil.copytree(template_home, home)
    old_accounts = (home / "accounts.json").read_bytes()
    filler = _fill(small_disk, 0)  # the failed attempt's counter cannot be saved
    done = run_cli(home, "residents", "search", "张", env=child_env(home, ZONGZHI_PASSWORD="Wrong-2026"))
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
    filler.unlink()
    assert (home / "accounts.json").read_bytes() == old_accounts and _leftovers(small_disk) == []
    assert "用户名或密码错误" in done.stderr, done.stderr  # the refusal stands; its counter is lost with the space
