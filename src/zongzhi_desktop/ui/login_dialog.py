"""The first window: log in (the store is opened and migrated off the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.auth import Store, log_in
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.messages import error_text


class LoginDialog(QDialog):
    def __init__(self, paths: AppPaths, runner: BackgroundRunner, parent: QWidget | None = None,
                 username: str = "") -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = runner
        self.store: Store | None = None
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
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
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
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Logging in…"))
        self._runner.run(lambda task: log_in(self._paths, user, password),
                         on_done=self._logged_in, on_error=self._failed)

    def _logged_in(self, store: Store) -> None:
        self.store = store
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(error_text(error))
