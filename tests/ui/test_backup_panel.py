"""备份与恢复 tab: administrators only; back up now grows the list; a USB folder; a restore asks first,
asks for the password, keeps the old data as a backup and closes the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import backups
from zongzhi_desktop.ui.backup_panel import BackupPanel
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.settings_page import SettingsPage

from permission_world import as_actor

DEMO_PASSWORD = "Demo-2026"  # the demo township's admin (tests/ui/conftest.py)


def _panel(qtbot, store: Store, runner: BackgroundRunner) -> BackupPanel:  # type: ignore[no-untyped-def]
    panel = BackupPanel(UiContext(store, runner))
    qtbot.addWidget(panel)
    panel.show()
    runner.wait_idle()
    qtbot.waitUntil(lambda: panel.table.rowCount() == len(panel.rows))
    return panel


def _rows(qtbot, panel: BackupPanel, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.table.rowCount() == count, timeout=10_000)
    return [panel.table.item(n, 1).text() for n in range(count)]


def test_only_administrators_see_the_tab(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                        runner: BackgroundRunner) -> None:
    admin = SettingsPage(UiContext(demo_store, runner))
    qtbot.addWidget(admin)
    assert [admin.tabs.tabText(i) for i in range(admin.tabs.count())][-1] == "备份与恢复"
    staff = SettingsPage(UiContext(as_actor(demo_store, Actor("wang", "staff")), runner))
    qtbot.addWidget(staff)
    assert "备份与恢复" not in [staff.tabs.tabText(i) for i in range(staff.tabs.count())]


def test_back_up_now_and_to_a_folder(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                     runner: BackgroundRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = _panel(qtbot, demo_store, runner)
    assert panel.table.rowCount() == 0
    panel.now_button.click()
    assert _rows(qtbot, panel, 1) == ["手动"]
    assert "已备份到" in panel.notice.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    panel.folder_button.click()
    qtbot.waitUntil(lambda: len(list(usb.glob("*.zzbak"))) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: str(usb) in panel.notice.text())
    assert panel.table.rowCount() == 1  # the USB copy is not in the program's folder, nor in its list
    backups.backup_if_due(demo_store)
    panel.refresh()
    assert sorted(_rows(qtbot, panel, 2)) == sorted(["手动", "自动"])


def test_a_restore_asks_then_restores_keeps_the_old_data_and_closes(  # type: ignore[no-untyped-def]
        qtbot, demo_store: Store, runner: BackgroundRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    made = backups.back_up_now(demo_store, demo_store.actor)
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = BackupPanel(UiContext(demo_store, runner))
    window.setCentralWidget(panel)
    window.show()
    _rows(qtbot, panel, 1)
    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(made.path), ""))

    def question(parent, title, text, *rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *rest: told.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (DEMO_PASSWORD, True))
    panel.restore_button.click()  # answered No: nothing happens
    runner.wait_idle()
    assert len(asked) == 1 and "替换这台电脑上现在的全部数据" in asked[0] and "恢复前" in asked[0]
    assert told == [] and window.isVisible()
    panel.restore_button.click()  # Yes, and the password
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    assert "程序现在将关闭" in told[0]
    qtbot.waitUntil(lambda: not window.isVisible())
    kinds = {b.kind for b in backups._readable(demo_store.paths.backup_dir)}
    assert kinds == {backups.MANUAL, backups.PRE_RESTORE}


def test_a_wrong_password_or_a_bad_file_is_explained_and_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, demo_store: Store, runner: BackgroundRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = backups.back_up_now(demo_store, demo_store.actor)
    panel = _panel(qtbot, demo_store, runner)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: errors.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Wrong-2026", True))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(made.path), ""))
    before = demo_store.paths.store_file.stat().st_mtime_ns
    panel.restore_button.click()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "密码" in errors[0]
    not_a_backup = tmp_path / "notes.zzbak"
    not_a_backup.write_text("不是备份", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(not_a_backup), ""))
    panel.restore_button.click()
    assert "不是本系统的备份文件" in errors[1]
    assert demo_store.paths.store_file.stat().st_mtime_ns == before
    assert [b.kind for b in backups._readable(demo_store.paths.backup_dir)] == [backups.MANUAL]
    with demo_store.read() as s:  # the store was closed for the attempt and opens again by itself
        assert s.connection().exec_driver_sql("SELECT count(*) FROM residents").scalar()


def test_after_login_the_days_backup_runs_in_the_background(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                                            runner: BackgroundRunner) -> None:
    from zongzhi_desktop.app import after_login, build_main_window

    window = build_main_window(demo_store, runner)
    qtbot.addWidget(window)
    after_login(window)
    qtbot.waitUntil(lambda: "自动备份已完成" in window.statusBar().currentMessage(), timeout=20_000)
    assert [b.kind for b in backups._readable(demo_store.paths.backup_dir)] == [backups.AUTO]
    after_login(window)  # a second login the same day: no second backup
    runner.wait_idle()
    qtbot.wait(500)
    assert [b.kind for b in backups._readable(demo_store.paths.backup_dir)] == [backups.AUTO]
