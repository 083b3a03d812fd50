"""User management for administrators: list, add, reset password, unlock, disable/enable, change role.

Two halves (models/staff.py): who a user is and may be is a synced row of `staff_accounts`, written
in the same unit as the audit entry of the change, so it reaches the township's other PCs; how they
get in on this PC (password hash, key wrap, lock-out) stays in the accounts file beside the store.
The unit commits first and the file is saved after it: should the save fail, the row still says
what happened and the next login brings the file in line. Adding a user or setting a password also
wraps the store key under the new password, which only a logged-in administrator can do: the key is
taken from their open Store. A disabled user keeps their key wrap (enabling them again needs
nothing else); their login is refused before the store is handed out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select

from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models import keyring, staff
from zongzhi_desktop.models.accounts import ROLES, Account, AccountsFile
from zongzhi_desktop.models.registers import Department, GridWorker
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit, permissions


@dataclass(frozen=True)
class UserInfo:
    username: str
    role: str
    role_name: str
    display_name: str
    department_id: str | None
    worker_id: str | None
    locked: bool
    disabled: bool
    can_open_here: bool  # 可在本机登录: this PC holds a key wrap for the user

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def list_users(store: Store, actor: Actor) -> list[UserInfo]:
    permissions.require(actor, "users.manage")
    accounts, synced = _load(store)
    here = [_info(accounts, a) for a in accounts.users.values()]
    elsewhere = [_info_elsewhere(synced[name]) for name in accounts.known_elsewhere if name in synced]
    return sorted(here + elsewhere, key=lambda u: u.username)


def settle_after_sync(store: Store) -> None:
    """After a sync, whoever is logged in: bring this PC's accounts file in line with the users that
    arrived (roles, disabled, and the names known only elsewhere, so a first login here is told why
    it cannot open the store yet). Nothing secret moves; the next login would do the same."""
    _load(store)


def check_role(role: str) -> None:
    """A role name this program knows (the command line checks it before asking for a password)."""
    if role not in ROLES:
        raise InputError("input.invalid_choice", field="角色", value=role, choices="、".join(ROLES))


def add_user(store: Store, actor: Actor, username: str, password: str, role: str, *, display_name: str = "",
             department_id: str | None = None, worker_id: str | None = None) -> UserInfo:
    """A new account that can log in on this PC at once (its key wrap is made from the admin's key)."""
    permissions.require(actor, "users.manage")
    check_role(role)
    _check_role_links(store, role, department_id, worker_id)
    accounts, synced = _load(store)
    if username.strip() in synced and username.strip() not in accounts.users:
        raise InputError("users.exists_elsewhere", user=username.strip())
    account = accounts.add_user(username, password, role, key=store._key, display_name=display_name.strip(),
                                department_id=department_id or None, worker_id=worker_id or None)
    _commit(store, actor, accounts, "users.add", account, role=account.role)
    return _info(accounts, account)


def reset_password(store: Store, actor: Actor, username: str, password: str) -> UserInfo:
    """Set a user's password (e.g. forgotten, or first use on this PC): this is also how an
    administrator grants a user who arrived from another PC the store key here; their account on
    this PC is made from the synced row (role, department, grid worker)."""
    permissions.require(actor, "users.manage")
    accounts, synced = _load(store)
    if username not in accounts.users and username in synced:
        fields = staff.account_fields(synced[username])
        accounts.add_user(username, password, fields.pop("role"), key=store._key, **fields)
    else:
        _account(accounts, username)
        accounts.set_password(username, password, store._key)
    _commit(store, actor, accounts, "users.password", accounts.users[username], synced_fields=False)
    return _info(accounts, accounts.users[username])


def unlock(store: Store, actor: Actor, username: str) -> UserInfo:
    permissions.require(actor, "users.manage")
    accounts, _ = _load(store)
    accounts.users[username] = replace(_account(accounts, username), failed_attempts=0, locked_until=None)
    _commit(store, actor, accounts, "users.unlock", accounts.users[username], synced_fields=False)
    return _info(accounts, accounts.users[username])


def set_disabled(store: Store, actor: Actor, username: str, disabled: bool) -> UserInfo:
    """Also for a user known only from another PC: the row carries it to every PC of the township."""
    permissions.require(actor, "users.manage")
    accounts, synced = _load(store)
    account = _account_anywhere(accounts, synced, username)
    if disabled:
        _not_self(actor, username)
        _not_last_admin(accounts, account)
    return _change(store, actor, accounts, replace(account, disabled=disabled),
                   "users.disable" if disabled else "users.enable")


def set_role(store: Store, actor: Actor, username: str, role: str, *, department_id: str | None = None,
                worker_id: str | None = None) -> UserInfo:
    """A new role; the links the role needs (department, grid-worker record) come with it."""
    permissions.require(actor, "users.manage")
    check_role(role)
    _check_role_links(store, role, department_id, worker_id)
    accounts, synced = _load(store)
    account = _account_anywhere(accounts, synced, username)
    _not_self(actor, username)
    if role != "admin":
        _not_last_admin(accounts, account)
    changed = replace(account, role=role, department_id=department_id or None, worker_id=worker_id or None)
    return _change(store, actor, accounts, changed, "users.role", old=account.role, new=role)


def _change(store: Store, actor: Actor, accounts: AccountsFile, account: Account, action: str,
            **details: Any) -> UserInfo:
    """Commit a change of what the synced row holds; the file follows when the user has an account here."""
    here = account.username in accounts.users
    if here:
        accounts.users[account.username] = account
    _commit(store, actor, accounts, action, account, **details)
    if here:
        return _info(accounts, account)
    return _info_elsewhere(staff.StaffRow(account.username, account.display_name, account.role,
                                          account.department_id, account.worker_id, account.disabled))


def _commit(store: Store, actor: Actor, accounts: AccountsFile, action: str, account: Account, *,
            synced_fields: bool = True, **details: Any) -> None:
    """One unit: the synced row (when the change touches what it holds) and the audit entry (every
    change of who may do what is on record; the accounts file has no history); then the file."""
    with store.write(actor) as s:
        if synced_fields:
            staff.put(s.connection(), account)
        staff.fill_missing(s.connection(), accounts)  # this PC's other users travel too (no-op once they have rows)
        audit.record(s, actor, action, "users", account.username, details or None)
    _save(store, accounts)


def _check_role_links(store: Store, role: str, department_id: str | None, worker_id: str | None) -> None:
    if role == "dept_handler" and not department_id:
        raise InputError("users.needs_department")
    if role == "grid_worker" and not worker_id:
        raise InputError("users.needs_worker")
    with store.read() as s:
        if department_id and s.scalar(select(Department.id).where(Department.id == department_id)) is None:
            raise InputError("users.unknown_department", id=department_id)
        if worker_id and s.scalar(select(GridWorker.id).where(GridWorker.id == worker_id)) is None:
            raise InputError("users.unknown_worker", id=worker_id)


def _not_self(actor: Actor, username: str) -> None:
    if actor.username == username:
        raise InputError("users.not_self")


def _not_last_admin(accounts: AccountsFile, account: Account) -> None:
    admins = [a for a in accounts.users.values() if a.role == "admin" and not a.disabled]
    if account.role == "admin" and admins == [account]:
        raise InputError("users.last_admin")


def _account_anywhere(accounts: AccountsFile, synced: dict[str, staff.StaffRow], username: str) -> Account:
    """The account on this PC, or for a user known only from the synced table a stand-in built from
    the row (no password hash: it is never saved, only written back to the row)."""
    if username not in accounts.users and username in synced:
        fields = staff.account_fields(synced[username])
        return Account(username=username, role=fields.pop("role"), password_hash="", **fields)
    return _account(accounts, username)


def _account(accounts: AccountsFile, username: str) -> Account:
    account = accounts.users.get(username)
    if account is None:
        raise NotFound("users.not_found", user=username)
    return account


def _info_elsewhere(row: staff.StaffRow) -> UserInfo:
    """A user known only from the synced table: added on another PC, no password or key wrap here."""
    return UserInfo(row.username, row.role, permissions.ROLE_NAMES.get(row.role, row.role), row.display_name,
                    row.department_id, row.worker_id, False, row.disabled, False)


def _info(accounts: AccountsFile, account: Account) -> UserInfo:
    locked = bool(account.locked_until and datetime.fromisoformat(account.locked_until) > datetime.now(timezone.utc))
    return UserInfo(account.username, account.role, permissions.ROLE_NAMES.get(account.role, account.role),
                    account.display_name, account.department_id, account.worker_id, locked, account.disabled,
                    keyring.has_grant(accounts.keys, account.username))


def _load(store: Store) -> tuple[AccountsFile, dict[str, staff.StaffRow]]:
    """This PC's accounts file brought in line with the synced rows (saved when that changed it, which
    also refreshes its list of users known only elsewhere), and the rows."""
    accounts = AccountsFile.load(store.paths.accounts_file)
    with store.read() as s:
        synced = staff.rows(s.connection())
    if staff.settle(accounts, synced):
        _save(store, accounts)
    return accounts, synced


def _save(store: Store, accounts: AccountsFile) -> None:
    accounts.save(store.paths.accounts_file)
