"""The idle screen lock: after some minutes without keyboard or mouse input anywhere in the program, a
screen-covering lock asks for the same user's password. Open windows and dialogs stay as they are
underneath (nothing typed is lost); background work such as sync goes on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication, QDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from zongzhi_desktop.errors import AuthError
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import session_lock
from zongzhi_desktop.ui.messages import error_text

# Input that counts as someone being at the PC (hover and paint events do not).
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})

Unlocker = Callable[[AppPaths, str, str], None]


class LockScreen(QDialog):
    """Covers every screen; only the right password of the logged-in user closes it."""

    unlocked = Signal()

    def __init__(self, paths: AppPaths, username: str, display_name: str, unlocker: Unlocker,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self._paths, self._username, self._unlocker = paths, username, unlocker
        self.setObjectName("lock_screen")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(self.tr("Screen locked"))
        self.setStyleSheet("#lock_screen { background: #1f2d3d; } #lock_panel { background: white; border-radius: 8px; }")

        panel = QFrame(objectName="lock_panel")
        panel.setFixedWidth(440)
        heading = QLabel(self.tr("Screen locked"), alignment=Qt.AlignmentFlag.AlignCenter,
                         styleSheet="font-size: 20pt; font-weight: bold;")
        who = QLabel(self.tr("Locked after a time without use. {0}, enter your password to go on; "
                             "your open windows are kept as they were.").format(display_name or username),
                     wordWrap=True, objectName="lock_user")
        self.password = QLineEdit(objectName="lock_password", echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.message = QLabel(objectName="lock_message", wordWrap=True, styleSheet="color: #b00020;")
        self.unlock_button = QPushButton(self.tr("Unlock"), objectName="unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(28, 24, 28, 24)
        for widget in (heading, who, self.password, self.message, self.unlock_button):
            inner.addWidget(widget)
        # stretches around the panel rather than an alignment flag: an aligned widget gets its plain size
        # hint, and the wrapped explanation would be squeezed into one clipped line
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def cover_screens(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.virtualGeometry())  # all monitors: nothing personal stays in view

    def try_unlock(self) -> None:
        password = self.password.text()
        self.password.clear()
        if not password:
            self.message.setText(self.tr("Please enter your password."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._unlocker(self._paths, self._username, password)
        except AuthError as exc:  # wrong password or locked out: say so, stay locked
            self.message.setText(error_text(exc))
            return
        except Exception as exc:  # noqa: BLE001 - an unreadable accounts file must not end the session
            self.message.setText(error_text(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.message.clear()
        self.unlocked.emit()
        self.accept()

    def reject(self) -> None:
        """Esc does not unlock."""

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt override)
        if self.result() != QDialog.DialogCode.Accepted:
            event.ignore()  # Alt+F4 does not unlock either


class IdleLock(QObject):
    """Watches input to the whole application and shows a LockScreen after `timeout_ms` without any."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, paths: AppPaths, username: str, display_name: str = "", *,
                 minutes: int = session_lock.IDLE_MINUTES_DEFAULT, timeout_ms: int | None = None,
                 unlocker: Unlocker = session_lock.unlock) -> None:
        super().__init__(window)
        self._window, self._paths = window, paths
        self._username, self._display_name, self._unlocker = username, display_name, unlocker
        self.screen: LockScreen | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.lock)
        self.set_minutes(minutes) if timeout_ms is None else self._timer.setInterval(timeout_ms)
        QApplication.instance().installEventFilter(self)
        self._timer.start()

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_minutes(self, minutes: int) -> None:
        self._timer.setInterval(session_lock.idle_minutes(minutes) * 60_000)
        if not self.is_locked:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in ACTIVITY and not self.is_locked:
            self._timer.start()  # restart: the idle time counts from the last input
        return False  # only watching; every event goes on to where it was going

    def lock(self) -> None:
        if self.is_locked:
            return
        self._timer.stop()
        self.screen = LockScreen(self._paths, self._username, self._display_name, self._unlocker, self._window)
        self.screen.unlocked.connect(self._on_unlocked)
        self.screen.cover_screens()
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.password.setFocus()
        self.locked.emit()

    def _on_unlocked(self) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.deleteLater()
        self._timer.start()
        self.unlocked.emit()

    def stop(self) -> None:
        """The window is closing: no more locking, no filter left on the application."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
