"""导出诊断信息… on the settings page and the login window: every user has it; it asks where to save (a dated name offered),
builds the zip in the background and says where it is; an unwritable place is said in Chinese."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.diagnostics_box import DiagnosticsBox
from zongzhi_desktop.ui.settings_page import SettingsPage

from permission_world import as_actor


def test_the_button_saves_the_zip_where_asked(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = SettingsPage(UiContext(as_actor(demo_store, Actor("wang", "staff")), runner))  # not only admins
    qtbot.addWidget(page)
    offered: list[str] = []
    target = tmp_path / "诊断"

    def save_name(parent, title, start, filters):  # type: ignore[no-untyped-def]
        offered.append(start)
        return str(target), filters

    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    warned: list[str] = []  # a failure must fail the test, not wait behind a modal box
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    button = page.diagnostics.button
    assert button.text() == "导出诊断信息…" and page.diagnostics.title() == "技术支持"
    button.click()
    qtbot.waitUntil(lambda: bool(told or warned), timeout=20_000)
    assert warned == []
    made = target.with_name("诊断.zip")
    assert Path(offered[0]).name.startswith("zongzhi-diagnostics-360731100-") and made.is_file()
    assert told == [page.diagnostics.notice.text()] and str(made) in told[0] and "技术支持" in told[0]
    with zipfile.ZipFile(made) as archive:
        versions = json.loads(archive.read("versions.json"))
        assert versions["qt"] and versions["pyside6"]
        assert json.loads(archive.read("check.json"))["opened"] is True
    assert button.isEnabled()


def test_an_unwritable_place_is_said_in_chinese(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    box = DiagnosticsBox(demo_store.paths, runner, demo_store)
    qtbot.addWidget(box)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    box.export_to(blocker / "d.zip")  # a "folder" that is a file
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert "无法写入" in warned[0] and box.button.isEnabled() and not box.notice.text()


def test_without_a_store_it_still_exports(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the login window would offer when the store will not open."""
    box = DiagnosticsBox(demo_store.paths, runner, None, open_error=RuntimeError("file is not a database"))
    qtbot.addWidget(box)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    box.export_to(tmp_path / "d.zip")
    qtbot.waitUntil(lambda: bool(box.notice.text() or warned), timeout=20_000)
    assert warned == []
    with zipfile.ZipFile(tmp_path / "d.zip") as archive:
        check = json.loads(archive.read("check.json"))
    assert check == {"opened": False, "ok": None, "error": "RuntimeError", "message": "file is not a database"}


def test_the_login_window_exports_with_the_reason_the_store_did_not_open(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                                                         runner: BackgroundRunner, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt

    from zongzhi_desktop.paths import resolve_paths
    from zongzhi_desktop.ui.login_dialog import LoginDialog

    dialog = LoginDialog(resolve_paths(demo_store.paths.data_dir), runner, username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "wrong-pass-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and bool(dialog.message.text()), timeout=10_000)
    target = tmp_path / "from-login.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    qtbot.mouseClick(dialog.export_diagnostics, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=20_000)
    with zipfile.ZipFile(target) as archive:
        check = json.loads(archive.read("check.json"))
        names = archive.namelist()
    assert check["opened"] is False and check["error"] == "AuthError"
    assert "versions.json" in names and not any(n.endswith((".db", "accounts.json")) for n in names)
