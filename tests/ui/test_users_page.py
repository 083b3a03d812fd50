"""用户管理: only administrators see it; it lists users with Chinese role names and status, and its buttons
call the users service with what was chosen (department and grid worker from the register)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.departments import DepartmentService
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.disputes_page import DisputesPage
from zongzhi_desktop.ui.main_window import MainWindow
from zongzhi_desktop.ui.settings_page import SettingsPage
from zongzhi_desktop.ui.user_dialogs import UserDialog
from zongzhi_desktop.ui.users_page import UsersPanel

from permission_world import as_actor


@dataclass(frozen=True)
class UserRow:
    username: str
    role: str
    display_name: str = ""
    department_id: str | None = None
    worker_id: str | None = None
    locked: bool = False
    disabled: bool = False
    can_open_here: bool = True


class FakeUsers:
    """The agreed services.users API over a dict, recording each call."""

    def __init__(self) -> None:
        self.users = {"admin": UserRow("admin", "admin", "管理员"),
                      "wang": UserRow("wang", "staff", "王办事", locked=True),
                      "old": UserRow("old", "leader", "老领导", disabled=True, can_open_here=False)}
        self.calls: list[tuple[Any, ...]] = []

    def list_users(self, store: Store, actor: Actor) -> list[UserRow]:
        permissions.require(actor, "users.manage")
        return sorted(self.users.values(), key=lambda u: u.username)

    def add_user(self, store: Store, actor: Actor, username: str, password: str, role: str, display_name: str = "",
                 worker_id: str | None = None, department_id: str | None = None) -> None:
        permissions.require(actor, "users.manage")
        if len(password) < 8:
            raise InputError("auth.weak_password")
        self.calls.append(("add", username, password, role, display_name, worker_id, department_id))
        self.users[username] = UserRow(username, role, display_name, department_id, worker_id)

    def reset_password(self, store: Store, actor: Actor, username: str, new_password: str) -> None:
        self.calls.append(("reset", username, new_password))

    def unlock(self, store: Store, actor: Actor, username: str) -> None:
        self.calls.append(("unlock", username))
        self.users[username] = replace(self.users[username], locked=False)

    def set_disabled(self, store: Store, actor: Actor, username: str, disabled: bool) -> None:
        self.calls.append(("disabled", username, disabled))
        self.users[username] = replace(self.users[username], disabled=disabled)

    def set_role(self, store: Store, actor: Actor, username: str, role: str, worker_id: str | None = None,
                 department_id: str | None = None) -> None:
        self.calls.append(("role", username, role, worker_id, department_id))
        self.users[username] = replace(self.users[username], role=role, worker_id=worker_id,
                                       department_id=department_id)


@pytest.fixture
def register(demo_store: Store) -> tuple[str, str]:
    """A department and a grid worker to choose in the dialogs."""
    admin = demo_store.actor
    dept = DepartmentService(demo_store).create_department(admin, "测试司法所", "judicial")
    worker = GridService(demo_store).create_worker(admin, "测试网格员")
    return dept.id, worker.id


def panel_with(qtbot, store: Store, runner: BackgroundRunner, fake: FakeUsers) -> UsersPanel:  # type: ignore[no-untyped-def]
    panel = UsersPanel(UiContext(store, runner), service=fake)
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.table.rowCount() == len(fake.users), timeout=5_000)
    return panel


def cells(panel: UsersPanel) -> list[list[str]]:
    return [[panel.table.item(r, c).text() for c in range(panel.table.columnCount())]
            for r in range(panel.table.rowCount())]


def test_lists_users_with_chinese_roles_and_status(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    panel = panel_with(qtbot, demo_store, runner, FakeUsers())
    assert cells(panel) == [["admin", "管理员", "管理员", "", "正常", "是"],
                            ["old", "老领导", "领导（只读）", "", "已停用", "否（请重置密码）"],
                            ["wang", "王办事", "中心工作人员", "", "已锁定", "是"]]
    assert not panel.reset_button.isEnabled()  # nothing chosen yet
    panel.select("old")
    assert panel.disable_button.text() == "启用" and not panel.unlock_button.isEnabled()
    panel.select("wang")
    assert panel.disable_button.text() == "停用" and panel.unlock_button.isEnabled()


def test_buttons_call_the_service_and_the_list_follows(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                                       register: tuple[str, str]) -> None:
    dept_id, worker_id = register
    fake = FakeUsers()
    panel = panel_with(qtbot, demo_store, runner, fake)

    def fill_new(dialog: QDialog) -> bool:
        assert isinstance(dialog, UserDialog)
        dialog.username.setText("sifa")
        dialog.display_name.setText("司法所经办")
        dialog.password.setText("Sifa-2026")
        dialog.repeat.setText("Sifa-2026")
        dialog.role.setCurrentIndex(dialog.role.findData("dept_handler"))
        assert dialog.department.isEnabled() and not dialog.worker.isEnabled()
        assert dialog.problem() == "部门经办人需要选择所在部门。"
        dialog.department.setCurrentIndex(dialog.department.findText("测试司法所"))
        return dialog.problem() is None

    panel.exec_dialog = fill_new  # type: ignore[method-assign]
    panel.add_user()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 4, timeout=5_000)
    assert fake.calls[-1] == ("add", "sifa", "Sifa-2026", "dept_handler", "司法所经办", None, dept_id)
    assert ["sifa", "司法所经办", "部门经办人", "测试司法所", "正常", "是"] in cells(panel)

    panel.select("wang")
    panel.unlock()
    qtbot.waitUntil(lambda: ["wang", "王办事", "中心工作人员", "", "正常", "是"] in cells(panel), timeout=5_000)

    panel.select("wang")
    panel.ask = lambda title, text: True  # type: ignore[method-assign]
    panel.toggle_disabled()
    qtbot.waitUntil(lambda: fake.calls[-1] == ("disabled", "wang", True), timeout=5_000)

    def make_grid_worker(dialog: QDialog) -> bool:
        assert isinstance(dialog, UserDialog)
        dialog.role.setCurrentIndex(dialog.role.findData("grid_worker"))
        dialog.worker.setCurrentIndex(dialog.worker.findText("测试网格员"))
        return True

    qtbot.waitUntil(lambda: panel.table.rowCount() == 4 and "已停用" in [r[4] for r in cells(panel)], timeout=5_000)
    panel.select("wang")
    panel.exec_dialog = make_grid_worker  # type: ignore[method-assign]
    panel.change_role()
    qtbot.waitUntil(lambda: ["wang", "王办事", "网格员", "测试网格员", "已停用", "是"] in cells(panel), timeout=5_000)
    assert fake.calls[-1] == ("role", "wang", "grid_worker", worker_id, None)


def test_errors_are_shown_in_chinese(qtbot, demo_store: Store, runner: BackgroundRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    fake = FakeUsers()
    panel = panel_with(qtbot, demo_store, runner, fake)

    def weak(dialog: QDialog) -> bool:
        assert isinstance(dialog, UserDialog)
        dialog.username.setText("li")
        dialog.password.setText("123")
        dialog.repeat.setText("123")
        dialog.role.setCurrentIndex(dialog.role.findData("staff"))
        return True

    panel.exec_dialog = weak  # type: ignore[method-assign]
    panel.add_user()
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert "密码太简单" in shown[0] and "li" not in fake.users


def test_only_administrators_get_the_users_tab(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    admin_page = SettingsPage(UiContext(demo_store, runner))
    qtbot.addWidget(admin_page)
    assert admin_page.users is not None and admin_page.tabs.count() == 3 and admin_page.tabs.tabText(1) == "用户管理"
    for role in ("staff", "leader", "grid_worker", "dept_handler"):
        page = SettingsPage(UiContext(as_actor(demo_store, Actor("someone", role)), runner))
        qtbot.addWidget(page)
        assert page.users is None and page.tabs.count() == 1, role


def test_each_role_is_offered_only_its_pages(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    from zongzhi_desktop.app import build_main_window

    expected = {
        "admin": ["dashboard", "disputes", "residents", "grids", "reports", "audit", "sync", "settings"],
        "leader": ["dashboard", "disputes", "residents", "grids", "reports", "sync", "settings"],
        "dept_handler": ["disputes", "settings"],
    }
    for role, pages in expected.items():
        window = build_main_window(as_actor(demo_store, Actor("someone", role, department_id="x")), runner)
        qtbot.addWidget(window)
        assert list(window.pages) == pages, role
        window.close()
    window = MainWindow(UiContext(demo_store, runner), [DisputesPage, SettingsPage])
    qtbot.addWidget(window)
    assert list(window.pages) == ["disputes", "sync", "settings"]
    window.close()


def test_with_the_real_users_service_a_new_handler_logs_in_and_a_lockout_is_lifted(  # type: ignore[no-untyped-def]
        qtbot, demo_store: Store, runner: BackgroundRunner, register: tuple[str, str]) -> None:
    from zongzhi_desktop.errors import AuthError
    from zongzhi_desktop.models.store import open_store
    from zongzhi_desktop.services import session_lock

    dept_id, _ = register
    panel = UsersPanel(UiContext(demo_store, runner))
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5_000)

    def fill_new(dialog: QDialog) -> bool:
        assert isinstance(dialog, UserDialog)
        dialog.username.setText("sifa")
        dialog.password.setText("Sifa-2026")
        dialog.repeat.setText("Sifa-2026")
        dialog.role.setCurrentIndex(dialog.role.findData("dept_handler"))
        dialog.department.setCurrentIndex(dialog.department.findData(dept_id))
        return True

    panel.exec_dialog = fill_new  # type: ignore[method-assign]
    panel.add_user()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10_000)
    handler = open_store(demo_store.paths, "sifa", "Sifa-2026")
    assert (handler.actor.role, handler.actor.department_id) == ("dept_handler", dept_id)
    handler.close()

    for _ in range(5):
        with pytest.raises(AuthError):
            session_lock.unlock(demo_store.paths, "sifa", "Wrong-2026")
    panel.refresh()
    qtbot.waitUntil(lambda: ["sifa", "", "部门经办人", "测试司法所", "已锁定", "是"] in cells(panel), timeout=5_000)
    panel.select("sifa")
    panel.unlock()
    qtbot.waitUntil(lambda: ["sifa", "", "部门经办人", "测试司法所", "正常", "是"] in cells(panel), timeout=5_000)
    session_lock.unlock(demo_store.paths, "sifa", "Sifa-2026")  # the password works again
