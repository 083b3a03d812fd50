"""The first window: logging in, wrong passwords, and the workbench it opens."""

from __future__ import annotations

from PySide6.QtCore import Qt

from zongzhi_desktop.app import build_main_window
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.login_dialog import LoginDialog


def test_wrong_then_right_password(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    paths = demo_store.paths
    dialog = LoginDialog(resolve_paths(paths.data_dir), runner, username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "wrong-pass-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and "密码" in dialog.message.text(), timeout=10_000)
    assert dialog.store is None and dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, "Demo-2026")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.store is not None and dialog.store.actor.username == "admin"
    dialog.store.close()


def test_empty_fields_are_explained_not_sent(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(demo_store.paths, runner)
    qtbot.addWidget(dialog)
    dialog.try_login()
    assert dialog.message.text() and dialog.store is None


def test_main_window_shows_township_user_and_role(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(demo_store, runner)
    qtbot.addWidget(window)
    assert "贡江镇" in window.windowTitle() and "管理员" in window.windowTitle()
    texts = [w.text() for w in window.statusBar().findChildren(type(window.sync_label))]
    assert any("贡江镇" in t for t in texts) and any("管理员" in t for t in texts)
    assert list(window.pages) == ["dashboard", "disputes", "residents", "grids", "reports", "audit", "sync", "settings"]
    window.navigate("settings")
    assert window.current_page().key == "settings"


def test_settings_change_password(qtbot, demo_store: Store, runner: BackgroundRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from zongzhi_desktop.models.store import open_store

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window = build_main_window(demo_store, runner)
    qtbot.addWidget(window)
    page = window.pages["settings"]
    for field, text in ((page.old, "Demo-2026"), (page.new, "New-pass-2027"), (page.repeat, "New-pass-2028")):
        qtbot.keyClicks(field, text)
    page._change_password()
    assert "不一致" in shown[-1]
    for field, text in ((page.old, "Demo-2026"), (page.new, "New-pass-2027"), (page.repeat, "New-pass-2027")):
        qtbot.keyClicks(field, text)
    page._change_password()
    assert "已修改" in shown[-1]
    open_store(demo_store.paths, "admin", "New-pass-2027").close()

