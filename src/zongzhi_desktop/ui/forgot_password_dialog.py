"""忘记密码: the township recovery key sets a new password for a user and logs them in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.auth import Store, check_recovery_key, log_in_with_recovery_key
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.recovery_key_dialog import key_font


class ForgotPasswordDialog(QDialog):
    """On success `store` is the opened store, logged in as the user who now has the new password."""

    def __init__(self, paths: AppPaths, runner: BackgroundRunner, parent: QWidget | None = None,
                 username: str = "") -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = runner
        self.store: Store | None = None
        self.setWindowTitle(self.tr("Forgot password"))
        self.setMinimumWidth(640)

        intro = QLabel(self.tr(
            "With the township's recovery key (the printed sheet kept locked away) you can set a new password. "
            "Other users' passwords are not changed."))
        intro.setWordWrap(True)
        self.username = QLineEdit(username, objectName="username")
        self.recovery_key = QLineEdit(objectName="recovery_key")
        self.recovery_key.setFont(key_font(13))
        self.recovery_key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.recovery_key.editingFinished.connect(self._check_key_format)
        key_hint = QLabel(self.tr("Spaces, dashes and lower case are fine; the letter O is read as zero."))
        key_hint.setStyleSheet("color: #555;")
        key_hint.setWordWrap(True)
        self.new_password = QLineEdit(objectName="new_password", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="repeat_password", echoMode=QLineEdit.EchoMode.Password)
        rules = QLabel(self.tr("At least 8 characters, mixing two of: letters, digits, other characters."))
        rules.setStyleSheet("color: #555;")
        rules.setWordWrap(True)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Recovery key"), self.recovery_key)
        form.addRow("", key_hint)
        form.addRow(self.tr("New password"), self.new_password)
        form.addRow(self.tr("New password again"), self.repeat)
        form.addRow("", rules)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Set password and log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.recovery_key if username else self.username).setFocus()

    def _check_key_format(self) -> None:
        """Name the mistyped group as soon as the key is entered, before any password is typed."""
        if not self.recovery_key.text().strip():
            return
        try:
            check_recovery_key(self.recovery_key.text())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, never a traceback
            self.message.setText(error_text(exc))
        else:
            self.message.clear()

    def submit(self) -> None:
        user, key = self.username.text(), self.recovery_key.text()
        new, repeat = self.new_password.text(), self.repeat.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking the recovery key…"))
        # argon2 for the new password and a possible migration take a moment: off the GUI thread
        self._runner.run(lambda task: log_in_with_recovery_key(self._paths, user, key, new, repeat),
                         on_done=self._logged_in, on_error=self._failed)

    def _logged_in(self, store: Store) -> None:
        self.store = store
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_text(error))

    def reject(self) -> None:
        if self.buttons.isEnabled():  # while the key is being tried, closing would orphan the opened store
            super().reject()
