"""The idle screen lock: it comes after the idle time, covers without closing anything, opens only to
the same user's password, and its time is set on the settings page (5–60 minutes)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.settings import load_settings
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.disputes_page import DisputesPage
from zongzhi_desktop.ui.main_window import MainWindow
from zongzhi_desktop.ui.settings_page import SettingsPage

DEMO_PASSWORD = "Demo-2026"  # the demo township's admin (tests/ui/conftest.py)


def window_with_lock(qtbot, store: Store, runner: BackgroundRunner, timeout_ms: int | None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(UiContext(store, runner), [DisputesPage, SettingsPage], idle_timeout_ms=timeout_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def open_draft(window: MainWindow) -> tuple[QDialog, QLineEdit]:
    """A non-modal dialog with something typed in it, as a half-filled intake form would be."""
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    field.setText("张三与李四宅基地纠纷，尚未保存")
    dialog.show()
    return dialog, field


def test_locks_after_idle_time_and_only_the_right_password_opens(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                                                 runner: BackgroundRunner) -> None:
    window = window_with_lock(qtbot, demo_store, runner, timeout_ms=80)
    draft, field = open_draft(window)
    lock = window.idle_lock
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)
    screen = lock.screen
    assert screen is not None and screen.isVisible() and screen.isModal()
    assert draft.isVisible() and field.text() == "张三与李四宅基地纠纷，尚未保存"  # covered, not closed

    screen.reject()  # Esc
    screen.close()  # Alt+F4
    assert lock.is_locked and screen.isVisible()

    qtbot.keyClicks(screen.password, "Wrong-2026")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert lock.is_locked and "密码" in screen.message.text() and screen.password.text() == ""

    with qtbot.waitSignal(lock.unlocked, timeout=5_000):
        qtbot.keyClicks(screen.password, DEMO_PASSWORD)
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not lock.is_locked and draft.isVisible() and field.text() == "张三与李四宅基地纠纷，尚未保存"
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)  # idle again: locks again
    window.close()


def test_input_anywhere_restarts_the_idle_time(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    window = window_with_lock(qtbot, demo_store, runner, timeout_ms=10_000)
    draft, field = open_draft(window)
    timer = window.idle_lock._timer
    qtbot.wait(200)  # the events of showing the windows settle first
    # Stopped by hand rather than waited on: a busy CI machine makes elapsed-time checks flaky.
    timer.stop()
    QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert timer.isActive() and timer.remainingTime() > 9_000 and not window.idle_lock.is_locked
    window.close()


def test_five_wrong_passwords_lock_the_account(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    window = window_with_lock(qtbot, demo_store, runner, timeout_ms=10_000)
    window.idle_lock.lock()
    screen = window.idle_lock.screen
    assert screen is not None
    for _ in range(5):
        qtbot.keyClicks(screen.password, "Wrong-2026")
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert "锁定" in screen.message.text()
    qtbot.keyClicks(screen.password, DEMO_PASSWORD)  # even the right one waits out the lock-out
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert window.idle_lock.is_locked and "锁定" in screen.message.text()
    window.close()


def test_settings_page_offers_5_to_60_minutes_and_the_lock_follows(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                                                   runner: BackgroundRunner) -> None:
    window = window_with_lock(qtbot, demo_store, runner, timeout_ms=None)
    assert window.idle_lock.timeout_ms == 15 * 60_000  # the default setting
    spin = window.pages["settings"].idle_minutes
    assert (spin.minimum(), spin.maximum(), spin.value()) == (5, 60, 15)
    spin.setValue(0)  # "never" is not on offer
    assert spin.value() == 5
    spin.setValue(30)
    assert load_settings(demo_store.paths).idle_lock_minutes == 30 and window.idle_lock.timeout_ms == 30 * 60_000
    window.close()
