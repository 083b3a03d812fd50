"""用户管理 (administrators only): who may log in on this PC, with which role and scope; add, reset a
password, unlock, disable or enable, change a role. The work is done by services.users."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.departments import DepartmentService
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.permissions import ROLE_NAMES, allowed
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import confirm, show_error
from zongzhi_desktop.ui.user_dialogs import PasswordDialog, UserDialog

COLUMNS = 6  # user name, name, role, department or grid worker, status, can log in on this PC
HERE_COLUMN = 5


def _users_service() -> ModuleType:
    from zongzhi_desktop.services import users  # the real one; tests hand in a stand-in

    return users


class UsersPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, service: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._service = service
        self.rows: list[Any] = []
        self.departments: dict[str, str] = {}  # id -> name
        self.workers: dict[str, str] = {}

        self.table = QTableWidget(0, COLUMNS, objectName="users")
        self.table.setHorizontalHeaderLabels([self.tr("User name"), self.tr("Name"), self.tr("Role"),
                                              self.tr("Department / grid worker"), self.tr("Status"),
                                              self.tr("Can log in here")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.notice = QLabel(objectName="users_notice", styleSheet="color: #1e6b2e;")
        self._done_text = ""

        self.add_button = QPushButton(self.tr("Add user"), objectName="add_user")
        self.reset_button = QPushButton(self.tr("Reset password"), objectName="reset_password")
        self.unlock_button = QPushButton(self.tr("Unlock"), objectName="unlock_user")
        self.disable_button = QPushButton(self.tr("Disable"), objectName="disable_user")
        self.role_button = QPushButton(self.tr("Change role"), objectName="change_role")
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.role_button.clicked.connect(self.change_role)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.unlock_button, self.disable_button, self.role_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("A grid worker sees only their grids; a department handler only the cases "
                                        "routed to their department; a leader reads everything and changes "
                                        "nothing."), wordWrap=True))
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.notice)
        self._update_buttons()

    @property
    def service(self) -> Any:
        """services.users, imported on first use (the panel is built for every admin's settings page)."""
        if self._service is None:
            self._service = _users_service()
        return self._service

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        if not allowed(self.ctx.actor, "users.manage"):
            return
        store, actor, service = self.ctx.store, self.ctx.actor, self.service

        def work(task: Any) -> tuple[list[Any], dict[str, str], dict[str, str]]:
            departments = {d.id: d.name for d in DepartmentService(store).list_departments(actor)}
            workers = {w.id: w.name for w in GridService(store).list_workers(actor)}
            return list(service.list_users(store, actor)), departments, workers

        self.ctx.runner.run(work, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[list[Any], dict[str, str], dict[str, str]]) -> None:
        selected = self.selected_username()
        self.rows, self.departments, self.workers = result
        self.table.setRowCount(len(self.rows))
        for n, user in enumerate(self.rows):
            scope = self.departments.get(user.department_id or "", "") or self.workers.get(user.worker_id or "", "")
            cells = (user.username, user.display_name, ROLE_NAMES.get(user.role, user.role), scope, self.status(user),
                     self.here(user))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and (user.locked or user.disabled):
                    item.setForeground(Qt.GlobalColor.darkRed)
                if column == HERE_COLUMN and not user.can_open_here:
                    item.setToolTip(self.tr("Added on another PC of the township: Reset password gives them a "
                                            "password and the key on this PC."))
                self.table.setItem(n, column, item)
            if user.username == selected:
                self.table.selectRow(n)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def status(self, user: Any) -> str:
        if user.disabled:
            return self.tr("Disabled")
        return self.tr("Locked") if user.locked else self.tr("Active")

    def here(self, user: Any) -> str:
        return self.tr("Yes") if user.can_open_here else self.tr("No (reset the password)")

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def selected_username(self) -> str | None:
        user = self.selected()
        return user.username if user else None

    def select(self, username: str) -> None:
        for n, user in enumerate(self.rows):
            if user.username == username:
                self.table.selectRow(n)

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.reset_button, self.unlock_button, self.disable_button, self.role_button):
            button.setEnabled(user is not None)
        self.unlock_button.setEnabled(bool(user and user.locked))
        self.disable_button.setText(self.tr("Enable") if user and user.disabled else self.tr("Disable"))

    # -- actions -----------------------------------------------------------------------------
    def _run(self, call: Any, done_text: str) -> None:
        """One users-service call in the background, then the list again (errors shown in Chinese)."""
        store, actor = self.ctx.store, self.ctx.actor
        self._done_text = done_text
        self.notice.clear()
        self.ctx.runner.run(lambda task: call(store, actor), on_done=self._changed, on_error=self._failed)

    def _changed(self, result: Any) -> None:
        self.notice.setText(self._done_text)
        self.refresh()

    def add_user(self) -> None:
        dialog = UserDialog(self, self.departments, self.workers, new=True)
        if self.exec_dialog(dialog):
            v = dialog.values()
            self._run(lambda store, actor: self.service.add_user(
                store, actor, v["username"], v["password"], v["role"], display_name=v["display_name"],
                worker_id=v["worker_id"], department_id=v["department_id"]), self.tr("User added."))

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordDialog(self, user.username)
        if self.exec_dialog(dialog):
            password = dialog.password.text()
            self._run(lambda store, actor: self.service.reset_password(store, actor, user.username, password),
                      self.tr("Password reset."))

    def unlock(self) -> None:
        user = self.selected()
        if user is not None:
            self._run(lambda store, actor: self.service.unlock(store, actor, user.username), self.tr("Unlocked."))

    def toggle_disabled(self) -> None:
        user = self.selected()
        if user is None:
            return
        disable = not user.disabled
        if disable and not self.ask(self.tr("Disable user"),
                                    self.tr("Disable {0}? They can no longer log in; their records stay.")
                                    .format(user.username)):
            return
        self._run(lambda store, actor: self.service.set_disabled(store, actor, user.username, disable),
                  self.tr("Disabled.") if disable else self.tr("Enabled."))

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = UserDialog(self, self.departments, self.workers, new=False, user=user)
        if self.exec_dialog(dialog):
            v = dialog.values()
            self._run(lambda store, actor: self.service.set_role(
                store, actor, user.username, v["role"], worker_id=v["worker_id"], department_id=v["department_id"]),
                self.tr("Role changed."))

    # seams for tests: a dialog's answer without a person clicking
    def exec_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask(self, title: str, text: str) -> bool:
        return confirm(self, title, text)
