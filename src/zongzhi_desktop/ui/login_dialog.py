"""The first window: log in (the store is opened and migrated off the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.auth import Store, log_in, township_name
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.diagnostics_box import DiagnosticsBox
from zongzhi_desktop.ui.forgot_password_dialog import ForgotPasswordDialog
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.recovery_key_dialog import RecoveryKeyDialog


class LoginDialog(QDialog):
    """Accepted once `store` is open. A recovery key made by this login (a plain store encrypted at the
    first administrator login) is shown and confirmed first, before anything else opens."""

    def __init__(self, paths: AppPaths, runner: BackgroundRunner, parent: QWidget | None = None,
                 username: str = "") -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = runner
        self.store: Store | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self.forgot_dialog: ForgotPasswordDialog | None = None
        self.setWindowTitle(self.tr("Comprehensive Governance Centre — Log in"))
        self.setMinimumWidth(420)

        heading = QLabel(self.tr("Comprehensive Governance Centre"))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setStyleSheet("font-size: 20pt; font-weight: bold; margin: 12px;")
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.forgot = QPushButton(self.tr("Forgot password?"), objectName="forgot_password")
        self.forgot.setFlat(True)
        self.forgot.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot.setStyleSheet("color: #1a5fb4; text-decoration: underline; border: none; padding: 2px;")
        self.forgot.setAutoDefault(False)
        self.forgot.clicked.connect(self.open_forgot_password)
        # the help desk needs the logs most when the store will not open: exportable before logging in
        self.last_error: BaseException | None = None
        self.diagnostics = DiagnosticsBox(paths, runner, parent=self)
        self.diagnostics.hide()
        self.export_diagnostics = QPushButton(self.tr("Export diagnostics…"), objectName="login_diagnostics")
        self.export_diagnostics.setFlat(True)
        self.export_diagnostics.setCursor(Qt.CursorShape.PointingHandCursor)
        self.export_diagnostics.setStyleSheet(self.forgot.styleSheet())
        self.export_diagnostics.setAutoDefault(False)
        self.export_diagnostics.clicked.connect(self.open_diagnostics)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        forgot_row = QHBoxLayout()
        forgot_row.addStretch(1)
        forgot_row.addWidget(self.export_diagnostics)
        forgot_row.addWidget(self.forgot)
        form.addRow("", forgot_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Exit"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    def try_login(self) -> None:
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.message.setText(self.tr("Please enter your user name and password."))
            return
        self._set_busy(True)
        self.message.setText(self.tr("Logging in…"))
        self._runner.run(lambda task: log_in(self._paths, user, password),
                         on_done=self._logged_in, on_error=self._failed)

    def open_forgot_password(self) -> None:
        """Window-modal, not exec(): the login dialog stays responsive and tests can drive both."""
        dialog = ForgotPasswordDialog(self._paths, self._runner, self, username=self.username.text().strip())
        dialog.accepted.connect(lambda: self._logged_in(dialog.store))
        self.forgot_dialog = dialog
        dialog.open()

    def _logged_in(self, store: Store | None) -> None:
        if store is None:
            return
        self.store = store
        if store.new_recovery_key:
            self.message.setText(self.tr("The data on this PC is now encrypted. Keep the recovery key safe."))
            self.recovery_dialog = RecoveryKeyDialog(store.new_recovery_key, township_name(store), self)
            self.recovery_dialog.accepted.connect(self.accept)
            self.recovery_dialog.open()
            return
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(error_text(error))
        self.last_error = error

    def open_diagnostics(self) -> None:
        self.diagnostics.open_error = self.last_error
        self.diagnostics.ask_and_export()

    def _set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.forgot.setEnabled(not busy)

    def reject(self) -> None:
        if self.store is None and self.buttons.isEnabled():  # never walk away from an opened store
            super().reject()
