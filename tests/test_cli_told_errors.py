"""Mistakes a person can make are said in Chinese and change nothing. Writing a file where it cannot
go names the person's file: a folder given as the file name, a path through a file, a place that
cannot be written (a workbook still open in Excel or WPS on Windows, a read-only stick), a full disk.
A new user's role is checked before the password is asked for; a period must not end before it starts."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from zongzhi_desktop import cli_commands
from zongzhi_desktop.cli import main
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.domain import messages
from zongzhi_desktop.domain.messages import render, reports
from zongzhi_desktop.errors import InputError, StoreError, file_error
from zongzhi_desktop.files import atomic_copy, atomic_write
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.monthly_report import MonthlyReportService

from tests_support import ADMIN, PASSWORD


def test_writing_onto_a_folder_names_that_folder_and_leaves_no_temp(tmp_path: Path) -> None:
    folder = tmp_path / "报表"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        atomic_write(folder, b"data")
    assert caught.value.filename == str(folder)  # not the hidden temp file's name
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


def test_writing_below_a_file_names_the_target(tmp_path: Path) -> None:
    blocker = tmp_path / "文件.txt"
    blocker.write_text("x")
    target = blocker / "月报.xlsx"
    for write in (lambda: atomic_write(target, b"data"), lambda: atomic_copy(blocker, target)):
        with pytest.raises(OSError) as caught:
            write()
        assert caught.value.filename == str(target)
    assert blocker.read_text() == "x"


def test_a_missing_source_of_a_copy_keeps_its_own_name(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        atomic_copy(tmp_path / "不存在.pdf", tmp_path / "副本.pdf")
    assert caught.value.filename == str(tmp_path / "不存在.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("number", "kind", "code"), [
    (errno.ENOSPC, StoreError, "store.disk_full"),
    (errno.EACCES, StoreError, "file.not_writable"),
    (errno.EROFS, StoreError, "file.not_writable"),
    (errno.EISDIR, InputError, "file.is_folder"),
    (errno.ENOTDIR, InputError, "file.no_folder"),
    (errno.ENOENT, InputError, "file.no_folder"),
])
def test_file_errors_a_person_can_act_on_are_told(number: int, kind: type, code: str) -> None:
    told = file_error(OSError(number, "strerror", "/mnt/u盘/月报.xlsx"))
    assert isinstance(told, kind) and told.code == code
    assert "{" not in str(told) and ("/mnt/u盘/月报.xlsx" in str(told) or code == "store.disk_full")


def test_other_os_errors_stay_bugs_to_log() -> None:
    assert file_error(OSError(errno.ECONNRESET, "reset")) is None
    assert file_error(OSError(errno.ENOENT, "no such file")) is None  # no file named: nothing to tell


@pytest.fixture
def demo_cli(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if "report_cmds" not in cli_commands._MODULES:
        monkeypatch.setattr(cli_commands, "_MODULES", (*cli_commands._MODULES, "report_cmds"))
    for code, template in reports.TEXTS.items():
        monkeypatch.setitem(messages.CATALOGUE, code, template)
    store = open_store(resolve_paths(cli_env), ADMIN, PASSWORD)
    build_demo(store, residents=200, disputes=60, seed=3)
    store.close()
    return cli_env


def _revisions(home: Path, month: str) -> int:
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    try:
        return len(MonthlyReportService(store).history(store.actor, month))
    finally:
        store.close()


def test_a_report_saved_onto_a_folder_is_refused_in_chinese_and_saves_no_revision(
        demo_cli: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    assert main(["report", "monthly", "--month", "2026-10", "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == render("file.is_folder", path=str(folder)) and "Traceback" not in err
    assert list(folder.iterdir()) == [] and _revisions(demo_cli, "2026-10") == 0


def test_an_export_below_a_file_is_refused_in_chinese(demo_cli: Path, capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    blocker = tmp_path / "u盘.txt"
    blocker.write_text("x")
    target = blocker / "居民.xlsx"
    assert main(["residents", "export", "-o", str(target)]) == 2
    assert capsys.readouterr().err.strip() == render("file.no_folder", path=str(target))
    assert blocker.read_text() == "x"


def test_a_new_user_without_a_password_is_asked_for_that_password(demo_cli: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "clerk2", "--role", "staff"]) == 2  # ZONGZHI_NEW_PASSWORD unset, no terminal
    err = capsys.readouterr().err
    assert "ZONGZHI_NEW_PASSWORD" in err and render("auth.no_credentials") not in err


def test_an_assessment_period_ending_before_it_starts_is_refused(demo_cli: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["disputes", "assess", "--from", "2026-05-01", "--to", "2026-01-01"]) == 2
    assert capsys.readouterr().err.strip() == render("disputes.assess_range", start="2026-05-01", end="2026-01-01")


def test_a_new_users_unknown_role_is_refused_before_the_password_is_asked(
        demo_cli: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("zongzhi_desktop.cli_commands.users_cmds.new_password", lambda *a: pytest.fail("asked"))
    assert main(["users", "add", "clerk2", "--role", "boss"]) == 2
    assert "角色的取值“boss”无效" in capsys.readouterr().err


def test_a_screening_dated_after_today_is_refused_with_its_own_label(demo_cli: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["disputes", "screening", "--date", "2999-10-01", "--scope", "village"]) == 2
    assert capsys.readouterr().err.strip() == render("input.future_date", field="排查日期", value="2999-10-01")


def test_a_package_that_is_not_there_is_said_missing_not_damaged(demo_cli: Path, capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    missing = tmp_path / "乡镇回执.syncpkg"
    assert main(["sync", "import", str(missing)]) == 3
    assert capsys.readouterr().err.strip() == render("sync.package_missing", path=str(missing))
