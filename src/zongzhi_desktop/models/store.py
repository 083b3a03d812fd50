"""The one door into a township store: log in, migrate, then hand out read and write units of work."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from zongzhi_desktop.errors import InputError, StoreError, ZongzhiError
from zongzhi_desktop.models import migrate
from zongzhi_desktop.models.accounts import Account, AccountsFile
from zongzhi_desktop.models.db import IMMEDIATE, make_engine
from zongzhi_desktop.models.triggers import ensure_triggers
from zongzhi_desktop.paths import AppPaths


@dataclass(frozen=True)
class Actor:
    """The logged-in user, passed into every service call."""

    username: str
    role: str
    display_name: str = ""
    worker_id: str | None = None
    department_id: str | None = None

    @classmethod
    def from_account(cls, account: Account) -> Actor:
        return cls(account.username, account.role, account.display_name, account.worker_id, account.department_id)


class Store:
    """An opened store. Services take it and open one unit of work per user action."""

    def __init__(self, paths: AppPaths, engine: Engine, actor: Actor) -> None:
        self.paths = paths
        self.engine = engine
        self.actor = actor
        self._immediate = engine.execution_options(**{IMMEDIATE: True})

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit: a consistent snapshot, rolled back at the end."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self, actor: Actor | None = None) -> Iterator[Session]:
        """A write unit: BEGIN IMMEDIATE, stamped with a transaction id and the acting user for the
        capture triggers, committed when the block ends without an exception."""
        who = (actor or self.actor).username
        try:
            with Session(self._immediate, expire_on_commit=False) as session, session.begin():
                session.execute(
                    text("UPDATE sync_ctx SET tx_id = :tx, user_id = :user WHERE id = 1"),
                    {"tx": str(uuid.uuid4()), "user": who},
                )
                yield session
                session.flush()
                session.execute(text("UPDATE sync_ctx SET tx_id = NULL, user_id = NULL WHERE id = 1"))
        except DBAPIError as exc:
            raise translate_db_error(exc, self.paths) from exc

    def state(self, key: str) -> str | None:
        with self.read() as s:
            return s.execute(text("SELECT value FROM sync_state WHERE key = :k"), {"k": key}).scalar()

    def close(self) -> None:
        self.engine.dispose()


def translate_db_error(exc: DBAPIError, paths: AppPaths) -> ZongzhiError | DBAPIError:
    """SQLite failures a person can act on become messages; anything else stays a bug."""
    message = str(exc.orig)
    if "ZZ_APPEND_ONLY" in message:
        return StoreError("store.append_only", table=_statement_table(exc))
    if "ZZ_READONLY_COUNTY_TABLE" in message:
        return StoreError("store.readonly_table", table=_statement_table(exc))
    if "database or disk is full" in message:
        return StoreError("store.disk_full")
    if "readonly database" in message:
        return StoreError("store.readonly_dir", path=str(paths.data_dir))
    if "database is locked" in message:
        return StoreError("store.locked_busy")
    if "malformed" in message or "not a database" in message:
        return StoreError("store.damaged", detail=message)
    return exc


def _statement_table(exc: DBAPIError) -> str:
    words = (exc.statement or "").replace('"', " ").split()
    for keyword in ("INTO", "UPDATE", "FROM"):
        if keyword in words and words.index(keyword) + 1 < len(words):
            return words[words.index(keyword) + 1]
    return "?"


def open_store(paths: AppPaths, username: str, password: str) -> Store:
    """The only way in: verify the user, then open and migrate the store."""
    if not paths.store_file.exists():
        raise StoreError("store.no_store", path=str(paths.data_dir))
    paths.ensure()
    accounts = AccountsFile.load(paths.accounts_file)
    before = accounts.users.get(username)
    try:
        account = accounts.verify(username, password)
    finally:
        # failure counters must survive the attempt, a torn main file is rewritten from the spare;
        # an ordinary login leaves the file alone
        if accounts.recovered or accounts.users.get(username) != before:
            accounts.save(paths.accounts_file)
    engine = make_engine(paths.store_file)
    migrate.upgrade(engine, db_file=paths.store_file, backup_dir=paths.backup_dir)
    with engine.connect() as conn:
        if ensure_triggers(conn):
            conn.commit()
    return Store(paths, engine, Actor.from_account(account))


def create_store(
    paths: AppPaths,
    *,
    township_code: str,
    township_name: str,
    admin_user: str,
    admin_password: str,
    device_id: str | None = None,
) -> Store:
    """Set up a new township store: accounts file, schema, reference data, device identity."""
    if paths.store_file.exists():
        raise StoreError("store.exists", path=str(paths.store_file))
    code = township_code.strip()
    if not (code.isdigit() and len(code) == 9):
        raise InputError("registers.township_code", code=township_code)
    if not township_name.strip():
        raise InputError("input.required", field="乡镇名称")
    paths.ensure()
    accounts = AccountsFile(township_code=code)
    account = accounts.add_user(admin_user, admin_password, "admin", display_name="管理员")
    # Build under a temporary name and rename last: a crash mid-way never leaves a half-made store.
    building = paths.store_file.with_name(paths.store_file.name + ".creating")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine(building)
    migrate.upgrade(engine, db_file=building, backup_dir=paths.backup_dir)
    with engine.begin() as conn:
        state = {
            "device_id": device_id or str(uuid.uuid4()),
            "device_no": "01",  # the county assigns the real short number at enrolment
            "township_code": code,
            "township_name": township_name.strip(),
            "county_code": code[:6],
            "created_at": datetime.now(timezone.utc).isoformat(),
        }
        conn.execute(
            text("INSERT INTO sync_state (key, value) VALUES (:k, :v)"),
            [{"k": k, "v": v} for k, v in state.items()],
        )
    engine.dispose()  # closes the last connection, which checkpoints the WAL into the file
    accounts.save(paths.accounts_file)
    os.replace(building, paths.store_file)
    engine = make_engine(paths.store_file)
    return Store(paths, engine, Actor.from_account(account))
