"""User management for administrators: list, add, reset password, unlock, disable/enable, change role.

Accounts live in the accounts file beside the store (models/accounts.py), not in the database, so
every call here is one atomic save of that file. Adding a user or setting a password also wraps the
store key under the new password, which only a logged-in administrator can do: the key is taken
from their open Store. A disabled user keeps their key wrap (enabling them again needs nothing
else); their login is refused before any key is tried.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select

from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models import keyring
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
    can_open_here: bool  # this PC holds a key wrap for the user

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def list_users(store: Store, actor: Actor) -> list[UserInfo]:
    permissions.require(actor, "users.manage")
    accounts = _load(store)
    return [_info(accounts, a) for _, a in sorted(accounts.users.items())]


def add_user(store: Store, actor: Actor, username: str, password: str, role: str, *, display_name: str = "",
             department_id: str | None = None, worker_id: str | None = None) -> UserInfo:
    """A new account that can log in on this PC at once (its key wrap is made from the admin's key)."""
    permissions.require(actor, "users.manage")
    if role not in ROLES:
        raise InputError("input.invalid_choice", field="角色", value=role, choices="、".join(ROLES))
    _check_role_links(store, role, department_id, worker_id)
    accounts = _load(store)
    account = accounts.add_user(username, password, role, key=store._key, display_name=display_name.strip(),
                                department_id=department_id or None, worker_id=worker_id or None)
    _save(store, accounts)
    _record(store, actor, "users.add", account.username, role=account.role)
    return _info(accounts, account)


def reset_password(store: Store, actor: Actor, username: str, password: str) -> UserInfo:
    """Set a user's password (e.g. forgotten, or first use on this PC): this is also how an
    administrator grants a user who arrived from another PC the store key here."""
    permissions.require(actor, "users.manage")
    accounts = _load(store)
    _account(accounts, username)
    accounts.set_password(username, password, store._key)
    _save(store, accounts)
    _record(store, actor, "users.password", username)
    return _info(accounts, accounts.users[username])


def unlock(store: Store, actor: Actor, username: str) -> UserInfo:
    permissions.require(actor, "users.manage")
    accounts = _load(store)
    accounts.users[username] = replace(_account(accounts, username), failed_attempts=0, locked_until=None)
    _save(store, accounts)
    _record(store, actor, "users.unlock", username)
    return _info(accounts, accounts.users[username])


def set_disabled(store: Store, actor: Actor, username: str, disabled: bool) -> UserInfo:
    permissions.require(actor, "users.manage")
    accounts = _load(store)
    account = _account(accounts, username)
    if disabled:
        _not_self(actor, username)
        _not_last_admin(accounts, account)
    accounts.users[username] = replace(account, disabled=disabled)
    _save(store, accounts)
    _record(store, actor, "users.disable" if disabled else "users.enable", username)
    return _info(accounts, accounts.users[username])


def set_role(store: Store, actor: Actor, username: str, role: str, *, department_id: str | None = None,
                worker_id: str | None = None) -> UserInfo:
    """A new role; the links the role needs (department, grid-worker record) come with it."""
    permissions.require(actor, "users.manage")
    if role not in ROLES:
        raise InputError("input.invalid_choice", field="角色", value=role, choices="、".join(ROLES))
    _check_role_links(store, role, department_id, worker_id)
    accounts = _load(store)
    account = _account(accounts, username)
    _not_self(actor, username)
    if role != "admin":
        _not_last_admin(accounts, account)
    accounts.users[username] = replace(account, role=role, department_id=department_id or None,
                                       worker_id=worker_id or None)
    _save(store, accounts)
    _record(store, actor, "users.role", username, old=account.role, new=role)
    return _info(accounts, accounts.users[username])


def _record(store: Store, actor: Actor, action: str, username: str, **details: Any) -> None:
    """Every change of who may do what goes into the audit log (the accounts file has no history)."""
    audit.record_now(store, actor, action, "users", username, details or None)


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


def _account(accounts: AccountsFile, username: str) -> Account:
    account = accounts.users.get(username)
    if account is None:
        raise NotFound("users.not_found", user=username)
    return account


def _info(accounts: AccountsFile, account: Account) -> UserInfo:
    locked = bool(account.locked_until and datetime.fromisoformat(account.locked_until) > datetime.now(timezone.utc))
    return UserInfo(account.username, account.role, permissions.ROLE_NAMES.get(account.role, account.role),
                    account.display_name, account.department_id, account.worker_id, locked, account.disabled,
                    keyring.has_grant(accounts.keys, account.username))


def _load(store: Store) -> AccountsFile:
    return AccountsFile.load(store.paths.accounts_file)


def _save(store: Store, accounts: AccountsFile) -> None:
    accounts.save(store.paths.accounts_file)
