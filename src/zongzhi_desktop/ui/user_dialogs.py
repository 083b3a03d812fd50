"""The dialogs of 用户管理: adding a user or changing a role (with the scope the role needs), and
resetting a password."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from zongzhi_desktop.errors import InputError
from zongzhi_desktop.services.permissions import OWN_DEPARTMENT, OWN_GRIDS, ROLE_NAMES, ROLE_SCOPES


class UserDialog(QDialog):
    """Adding a user (name, password, role, scope) or changing a user's role and scope."""

    def __init__(self, parent: QWidget, departments: dict[str, str], workers: dict[str, str], *, new: bool,
                 user: Any = None) -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(self.tr("Add user") if new else self.tr("Change role of {0}").format(user.username))
        self.setMinimumWidth(420)
        self.username = QLineEdit(objectName="new_username")
        self.display_name = QLineEdit(objectName="display_name")
        self.password = QLineEdit(objectName="user_password", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="user_password_repeat", echoMode=QLineEdit.EchoMode.Password)
        self.role = QComboBox(objectName="role")
        for code, name in ROLE_NAMES.items():
            self.role.addItem(name, code)
        self.department = QComboBox(objectName="department")
        self.worker = QComboBox(objectName="worker")
        for combo, items, empty in ((self.department, departments, self.tr("Choose a department")),
                                    (self.worker, workers, self.tr("Choose a grid worker"))):
            combo.addItem(empty, None)
            for key, name in sorted(items.items(), key=lambda kv: kv[1]):
                combo.addItem(name, key)
        self.message = QLabel(objectName="user_message", wordWrap=True, styleSheet="color: #b00020;")
        form = QFormLayout(self)
        if new:
            form.addRow(self.tr("User name"), self.username)
            form.addRow(self.tr("Name"), self.display_name)
            form.addRow(self.tr("Password"), self.password)
            form.addRow(self.tr("Password again"), self.repeat)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Grid worker"), self.worker)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if user is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
            self.department.setCurrentIndex(max(0, self.department.findData(user.department_id)))
            self.worker.setCurrentIndex(max(0, self.worker.findData(user.worker_id)))
        self.role.currentIndexChanged.connect(self._scope_fields)
        self._scope_fields()

    def _scope_fields(self) -> None:
        """Only the scope the role needs can be chosen: a department, a grid worker, or neither."""
        scope = ROLE_SCOPES.get(self.role.currentData())
        self.department.setEnabled(scope == OWN_DEPARTMENT)
        self.worker.setEnabled(scope == OWN_GRIDS)

    def values(self) -> dict[str, Any]:
        scope = ROLE_SCOPES.get(self.role.currentData())
        return {
            "username": self.username.text().strip(), "display_name": self.display_name.text().strip(),
            "password": self.password.text(), "role": self.role.currentData(),
            "department_id": self.department.currentData() if scope == OWN_DEPARTMENT else None,
            "worker_id": self.worker.currentData() if scope == OWN_GRIDS else None,
        }

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return
        super().accept()

    def problem(self) -> str | None:
        """What is missing, checked before anything is sent (the service checks everything again)."""
        v = self.values()
        if self.new and not v["username"]:
            return str(InputError("input.required", field="用户名"))
        if self.new and v["password"] != self.repeat.text():
            return str(InputError("auth.password_mismatch"))
        scope = ROLE_SCOPES.get(v["role"])
        if scope == OWN_DEPARTMENT and not v["department_id"]:
            return self.tr("A department handler needs a department.")
        if scope == OWN_GRIDS and not v["worker_id"]:
            return self.tr("A grid worker account needs their grid worker record.")
        return None


class PasswordDialog(QDialog):
    """A new password for someone who forgot theirs, typed twice."""

    def __init__(self, parent: QWidget, username: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reset password of {0}").format(username))
        self.password = QLineEdit(objectName="reset_new", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="reset_repeat", echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel(wordWrap=True, styleSheet="color: #b00020;")
        form = QFormLayout(self)
        form.addRow(self.tr("New password"), self.password)
        form.addRow(self.tr("New password again"), self.repeat)
        form.addRow(QLabel(self.tr("At least 8 characters, mixing letters, digits or symbols. Tell the user "
                                   "in person, not by message.")))
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(str(InputError("auth.password_mismatch")))
            return
        super().accept()
