"""User management: an administrator's new users can log in and open the encrypted store on this PC;
nobody else manages users; a user this PC never granted needs an administrator's reset or the recovery key."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop.cli import main
from zongzhi_desktop.errors import AuthError, InputError, NotFound, PermissionDenied, StoreError
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.registers import Department, GridWorker
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services import users
from tests_support import ADMIN, PASSWORD


@pytest.fixture
def links(store: Store) -> tuple[str, str]:
    with store.write() as s:
        department, worker = Department(name="贡江镇司法所", kind="judicial"), GridWorker(name="曾小芳")
        s.add_all([department, worker])
        s.flush()
        return department.id, worker.id


def test_admin_adds_users_of_each_role_who_can_then_open_the_store(store: Store, links: tuple[str, str]) -> None:
    department_id, worker_id = links
    admin = store.actor
    users.add_user(store, admin, "xiaoli", "Staff-2026", "staff", display_name="李明")
    users.add_user(store, admin, "wanggrid", "Grid-2026x", "grid_worker", worker_id=worker_id)
    users.add_user(store, admin, "sifasuo", "Dept-2026x", "dept_handler", department_id=department_id)
    users.add_user(store, admin, "lingdao", "Lead-2026x", "leader")
    listed = {u.username: u for u in users.list_users(store, admin)}
    assert listed["sifasuo"].department_id == department_id and listed["wanggrid"].worker_id == worker_id
    assert all(u.can_open_here and not u.locked and not u.disabled for u in listed.values())
    for name, password, role in (("xiaoli", "Staff-2026", "staff"), ("wanggrid", "Grid-2026x", "grid_worker"),
                                 ("sifasuo", "Dept-2026x", "dept_handler"), ("lingdao", "Lead-2026x", "leader")):
        opened = open_store(store.paths, name, password)
        assert opened.actor.role == role
        if role == "dept_handler":
            assert opened.actor.department_id == department_id
        opened.close()


def test_role_links_are_required_and_checked(store: Store, links: tuple[str, str]) -> None:
    with pytest.raises(InputError) as info:
        users.add_user(store, store.actor, "sifasuo", "Dept-2026x", "dept_handler")
    assert info.value.code == "users.needs_department"
    with pytest.raises(InputError) as info:
        users.add_user(store, store.actor, "wanggrid", "Grid-2026x", "grid_worker")
    assert info.value.code == "users.needs_worker"
    with pytest.raises(InputError) as info:
        users.add_user(store, store.actor, "wanggrid", "Grid-2026x", "grid_worker", worker_id="no-such-id")
    assert info.value.code == "users.unknown_worker"
    with pytest.raises(InputError):
        users.add_user(store, store.actor, "x", "Whatever-2026", "superuser")


def test_non_admins_get_permission_denied(store: Store) -> None:
    users.add_user(store, store.actor, "xiaoli", "Staff-2026", "staff")
    staff = open_store(store.paths, "xiaoli", "Staff-2026")
    calls = [lambda: users.list_users(staff, staff.actor),
             lambda: users.add_user(staff, staff.actor, "x2", "Whatever-2026", "staff"),
             lambda: users.reset_password(staff, staff.actor, ADMIN, "Taken-2026"),
             lambda: users.unlock(staff, staff.actor, ADMIN),
             lambda: users.set_disabled(staff, staff.actor, ADMIN, True),
             lambda: users.set_role(staff, staff.actor, "xiaoli", "admin")]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    staff.close()
    open_store(store.paths, ADMIN, PASSWORD).close()  # nothing changed


def test_disable_unlock_role_and_the_last_admin(store: Store) -> None:
    admin = store.actor
    users.add_user(store, admin, "xiaoli", "Staff-2026", "staff")
    for _ in range(5):
        with pytest.raises(AuthError):
            open_store(store.paths, "xiaoli", "wrong-2026")
    assert {u.username: u.locked for u in users.list_users(store, admin)}["xiaoli"]
    users.unlock(store, admin, "xiaoli")
    open_store(store.paths, "xiaoli", "Staff-2026").close()
    users.set_disabled(store, admin, "xiaoli", True)
    with pytest.raises(AuthError):
        open_store(store.paths, "xiaoli", "Staff-2026")
    users.set_disabled(store, admin, "xiaoli", False)
    users.set_role(store, admin, "xiaoli", "leader")
    leader = open_store(store.paths, "xiaoli", "Staff-2026")
    assert leader.actor.role == "leader"
    leader.close()
    with pytest.raises(InputError) as info:
        users.set_disabled(store, admin, ADMIN, True)
    assert info.value.code == "users.not_self"
    with pytest.raises(NotFound):
        users.unlock(store, admin, "nobody")


def test_a_user_from_another_pc_is_granted_by_an_admin_reset_or_the_recovery_key(store: Store, home: Path) -> None:
    # the account arrives without a wrap (added on another PC, or its file restored): no way in yet
    accounts = AccountsFile.load(home / "accounts.json")
    accounts.add_user("laozhang", "Elsewhere-2026", "staff")
    accounts.save(home / "accounts.json")
    assert not {u.username: u.can_open_here for u in users.list_users(store, store.actor)}["laozhang"]
    with pytest.raises(StoreError) as info:
        open_store(store.paths, "laozhang", "Elsewhere-2026")
    assert info.value.code == "keys.no_grant"
    users.reset_password(store, store.actor, "laozhang", "Granted-2026")  # the logged-in admin grants
    open_store(store.paths, "laozhang", "Granted-2026").close()


def test_the_users_command_line(cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_NEW_PASSWORD", "Staff-2026")
    assert main(["users", "add", "xiaoli", "--role", "staff", "--name", "李明"]) == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "xiaoli" in out and "中心工作人员" in out
    monkeypatch.setenv("ZONGZHI_USER", "xiaoli")
    monkeypatch.setenv("ZONGZHI_PASSWORD", "Staff-2026")
    assert main(["users", "list"]) == 2
    assert "管理用户" in capsys.readouterr().err


def test_the_recovery_key_grants_a_user_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("ZONGZHI_PASSWORD", PASSWORD)
    assert main(["--home", str(home), "init", "--township-code", "360731100", "--township-name", "贡江镇",
                 "--admin", ADMIN]) == 0
    out = capsys.readouterr().out
    assert "恢复密钥" in out and "保险柜" in out
    recovery = out.split("====\n", 1)[1].split()[0]
    accounts = AccountsFile.load(home / "accounts.json")
    accounts.add_user("laozhang", "Elsewhere-2026", "staff")  # arrived without a wrap
    accounts.save(home / "accounts.json")
    monkeypatch.setenv("ZONGZHI_PASSWORD", "Recovered-2026")
    assert main(["--home", str(home), "recover", "--user", "laozhang", "--recovery-key", recovery]) == 0
    opened = open_store(resolve_paths(home), "laozhang", "Recovered-2026")
    with opened.read() as s:  # using the master key is on record
        logged = s.execute(text("SELECT action, username, subject_id FROM audit_log")).all()
    opened.close()
    assert [tuple(r) for r in logged] == [("users.recover", "laozhang", "laozhang")]


def test_every_change_of_who_may_do_what_is_in_the_audit_log(store: Store) -> None:
    from zongzhi_desktop.services.audit import AuditService

    admin = store.actor
    users.add_user(store, admin, "xiaoli", "Staff-2026", "staff")
    users.set_role(store, admin, "xiaoli", "leader")
    users.reset_password(store, admin, "xiaoli", "Other-2026")
    users.set_disabled(store, admin, "xiaoli", True)
    entries = [e for e in AuditService(store).list(admin) if e.subject_table == "users"]
    assert sorted((e.action, e.subject_id, e.username) for e in entries) == [
        ("users.add", "xiaoli", ADMIN), ("users.disable", "xiaoli", ADMIN),
        ("users.password", "xiaoli", ADMIN), ("users.role", "xiaoli", ADMIN)]
    role_change = next(e for e in entries if e.action == "users.role")
    assert role_change.detail == {"old": "staff", "new": "leader"}
    assert "Other-2026" not in repr(entries)  # never a password
