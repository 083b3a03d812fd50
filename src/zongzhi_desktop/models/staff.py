"""The township's user list that travels by sync (`staff_accounts`), and how it settles the accounts file.

Split of truth: the synced row is the truth for who a user is and may be (role, department, grid
worker, display name, disabled); this PC's accounts file for how they get in here (password hash,
key wrap, lock-out counters). Deliberately NO password hash, key wrap or lock-out counter in the
table: a hash sent to the county and to every PC of the township would let anyone who copies any
of those databases guess passwords offline, and a wrap made on one PC opens only that PC's store.

The row id is a name-based UUID of (township code, username), not the bare username and not a random
UUID: the county keys every row by (table, id) across all townships, so "admin" of two townships
must not share an id; and two PCs of one township that each add (or fill in) the same username must
make one row that merges field by field, not two rows that break the unique username.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Boolean, Connection, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.models.accounts import Account, AccountsFile
from zongzhi_desktop.models.base import Base, Tracked, UuidKey, utc_now

_NAMESPACE = uuid.UUID("6f1c2a1e-5b0d-4c39-9a57-2d7f1e0c8b44")  # fixed forever: ids on every PC depend on it
SYNCED = ("role", "department_id", "worker_id", "display_name", "disabled")  # fields the row decides
FILL_KEY = "staff_fill"  # sync_state: set by migration 0008, cleared once the accounts file is filled in


class StaffAccount(UuidKey, Tracked, Base):
    """One user of the township, as every PC of it knows them (no secrets: see the module docstring)."""

    __tablename__ = "staff_accounts"
    __table_args__ = (Index("ix_staff_accounts_username", "username", unique=True),)
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(16))
    department_id: Mapped[str | None] = mapped_column(String(36))
    worker_id: Mapped[str | None] = mapped_column(String(36))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


@dataclass(frozen=True)
class StaffRow:
    username: str
    display_name: str
    role: str
    department_id: str | None
    worker_id: str | None
    disabled: bool


def staff_id(township_code: str, username: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{township_code}/{username}"))


def rows(conn: Connection) -> dict[str, StaffRow]:
    """Every live row, by username."""
    found = conn.execute(text(
        "SELECT username, display_name, role, department_id, worker_id, disabled FROM staff_accounts "
        "WHERE deleted_at IS NULL"))
    return {r.username: StaffRow(r.username, r.display_name or "", r.role, r.department_id, r.worker_id,
                                 bool(r.disabled)) for r in found}


def put(conn: Connection, account: Account) -> None:
    """Insert or update the row of `account` inside the caller's write unit (captured for sync).
    The capture triggers record only the fields whose value changes, so an unchanged one keeps its
    version; an update with nothing changed is not made at all."""
    values = _values(account)
    current = conn.execute(text(
        "SELECT display_name, role, department_id, worker_id, disabled FROM staff_accounts WHERE username = :u"),
        {"u": account.username}).mappings().first()
    if current is None:
        township = conn.execute(text("SELECT value FROM sync_state WHERE key = 'township_code'")).scalar() or ""
        conn.execute(text(
            "INSERT INTO staff_accounts (id, username, display_name, role, department_id, worker_id, disabled, "
            "created_at, created_by, updated_at, updated_by) VALUES (:id, :username, :display_name, :role, "
            ":department_id, :worker_id, :disabled, :at, :by, :at, :by)"),
            {"id": staff_id(township, account.username), "username": account.username, "by": _who(conn),
             "at": utc_now().isoformat(sep=" "), **values})
        return
    if any(_comparable(current[k]) != _comparable(v) for k, v in values.items()):
        conn.execute(text(
            "UPDATE staff_accounts SET display_name = :display_name, role = :role, department_id = :department_id, "
            "worker_id = :worker_id, disabled = :disabled, updated_at = :at, updated_by = :by WHERE username = :u"),
            {**values, "u": account.username, "by": _who(conn), "at": utc_now().isoformat(sep=" ")})


def fill_pending(conn: Connection) -> bool:
    """Whether this store was upgraded from before the table and its accounts are not in it yet."""
    return conn.execute(text("SELECT 1 FROM sync_state WHERE key = :k"), {"k": FILL_KEY}).first() is not None


def fill_missing(conn: Connection, accounts: AccountsFile) -> int:
    """Rows for the accounts of this PC that have none (made before the table existed, or the set-up
    administrator): inserts only, never overwriting a row another PC may have changed since.
    Idempotent; returns how many were added."""
    known = set(rows(conn))
    missing = [a for name, a in sorted(accounts.users.items()) if name not in known]
    for account in missing:
        put(conn, account)
    conn.execute(text("DELETE FROM sync_state WHERE key = :k"), {"k": FILL_KEY})
    return len(missing)


def settle(accounts: AccountsFile, synced: dict[str, StaffRow]) -> bool:
    """Bring the accounts file in line with the synced rows (in memory): role, links, name and disabled
    of the users it holds, and the non-secret list of users known only from other PCs. Returns
    whether anything changed (the caller saves)."""
    changed = False
    for name, account in list(accounts.users.items()):
        row = synced.get(name)
        if row is None:
            continue  # no row yet (see fill_missing): the file stands until it gets one
        settled = replace(account, **{f: getattr(row, f) for f in SYNCED})
        if settled != account:
            accounts.users[name] = settled
            changed = True
    elsewhere = sorted(set(synced) - set(accounts.users))
    if elsewhere != accounts.known_elsewhere:
        accounts.known_elsewhere = elsewhere
        changed = True
    return changed


def account_fields(row: StaffRow) -> dict[str, Any]:
    """The fields a new account on this PC takes from the synced row."""
    return {f: getattr(row, f) for f in SYNCED}


def _values(account: Account) -> dict[str, Any]:
    return {"display_name": account.display_name or "", "role": account.role,
            "department_id": account.department_id or None, "worker_id": account.worker_id or None,
            "disabled": 1 if account.disabled else 0}


def _comparable(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _who(conn: Connection) -> str | None:
    return conn.execute(text("SELECT user_id FROM sync_ctx WHERE id = 1")).scalar()
