"""The one door into a township store: log in, unwrap the key, migrate, then hand out units of work."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from zongzhi_desktop.errors import AuthError, InputError, StoreError, ZongzhiError
from zongzhi_desktop.models import backup, checks, convert, keyring, migrate, staff
from zongzhi_desktop.models.accounts import Account, AccountsFile, check_password_strength
from zongzhi_desktop.models.db import IMMEDIATE, DatabaseError, is_plain_sqlite, make_engine, raw_connect
from zongzhi_desktop.models.derived_refresh import ensure_derived, mark_current
from zongzhi_desktop.models.keyring import StoreKey
from zongzhi_desktop.models.triggers import ensure_triggers
from zongzhi_desktop.paths import AppPaths

log = logging.getLogger(__name__)


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

    def __init__(self, paths: AppPaths, engine: Engine, actor: Actor, key: StoreKey,
                 new_recovery_key: str | None = None) -> None:
        self.paths = paths
        self.engine = engine
        self.actor = actor
        self._key = key  # for granting users, backups and tools; never shown, logged or stored unwrapped
        # set once, when this opening made a recovery key (a new store, an encrypted plain one):
        # the caller shows it to the administrator to print and lock away; it is not kept anywhere
        self.new_recovery_key = new_recovery_key
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

    def connect_raw(self) -> Any:
        """A keyed DB-API connection to this store, for repair tools and tests that work behind the
        services (the capture triggers still record what they change)."""
        return raw_connect(self.paths.store_file, self._key.raw, isolation_level="")

    def back_up(self, target: Path, *, label: str = "manual") -> Path:
        """An encrypted backup file of the store as it is now (models/backup.py), with the key wraps."""
        accounts = AccountsFile.load(self.paths.accounts_file)
        return backup.write_backup(self.paths.store_file, self._key, accounts, target, label=label)

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


def open_failure(message: str, paths: AppPaths) -> StoreError:
    """Why SQLite could not open or write the store, when the file itself is fine: opening a WAL store
    creates its -wal and -shm files, which a full disk refuses as SQLITE_IOERR and a read-only folder
    as SQLITE_READONLY or SQLITE_CANTOPEN."""
    if "disk is full" in message or shutil.disk_usage(paths.data_dir).free < 1 << 20:
        return StoreError("store.disk_full")
    if "readonly" in message or "unable to open" in message or not os.access(paths.data_dir, os.W_OK):
        return StoreError("store.readonly_dir", path=str(paths.data_dir))
    return StoreError("store.damaged", detail=message)


def _statement_table(exc: DBAPIError) -> str:
    words = (exc.statement or "").replace('"', " ").split()
    for keyword in ("INTO", "UPDATE", "FROM"):
        if keyword in words and words.index(keyword) + 1 < len(words):
            return words[words.index(keyword) + 1]
    return "?"


def open_store(paths: AppPaths, username: str, password: str) -> Store:
    """The only way in: verify the user, unwrap the store key with their password, open and migrate.

    A plain store from before encryption is converted by the first administrator who logs in
    (models/convert.py); the new recovery key comes back on `store.new_recovery_key`.
    """
    accounts = _accounts(paths)
    account = _verify(paths, accounts, username, password)
    recovery = None
    if keyring.has_store_key(accounts.keys):
        key = accounts.store_key(username, password)
        if is_plain_sqlite(paths.store_file):  # a conversion was interrupted after step 1: resume it
            _require_admin(account)
            recovery = keyring.replace_recovery(accounts.keys, key)  # the first one was never shown
            accounts.save(paths.accounts_file)
            convert.convert_plain_store(paths, key, accounts)
    elif is_plain_sqlite(paths.store_file):
        _require_admin(account)
        township = accounts.township_code or convert.plain_township_code(paths.store_file) or ""
        accounts.township_code = township
        key, accounts.keys, recovery = keyring.new_keys(township)
        keyring.grant(accounts.keys, username, password, key)
        accounts.save(paths.accounts_file)
        convert.convert_plain_store(paths, key, accounts)
    else:
        raise StoreError("keys.missing", path=str(paths.accounts_file))
    store = _open_keyed(paths, accounts, key, Actor.from_account(account), recovery)
    store = _settled(store, accounts, username)
    log.info("store opened by %s (role %s)", store.actor.username, store.actor.role)
    return store


def open_store_with_recovery(paths: AppPaths, recovery_key: str, username: str, new_password: str) -> Store:
    """Forgotten password, or a user this PC never granted: the township recovery key opens the store,
    `username` gets `new_password` (lock-out cleared) and a key wrap under it, and is logged in.
    The recovery key stays valid (it is changed by issue 11's rotation, not by using it)."""
    accounts = _accounts(paths)
    if not keyring.has_store_key(accounts.keys):
        raise StoreError("keys.missing", path=str(paths.accounts_file))
    key = keyring.unlock_with_recovery(accounts.keys, accounts.township_code or "", recovery_key)
    check_password_strength(new_password)
    # opened before the user is known: a user who arrived by sync is known only from the store
    store = _open_keyed(paths, accounts, key, Actor(username, "staff"), None)
    try:
        with store.read() as s:
            synced = staff.rows(s.connection())
        staff.settle(accounts, synced)
        account = accounts.users.get(username)
        if account is None and username in synced:  # first use on this PC: the synced row says who they are
            row = synced[username]
            fields = staff.account_fields(row)
            account = accounts.add_user(username, new_password, fields.pop("role"), key=key, **fields)
        elif account is not None:
            accounts.set_password(username, new_password, key)
        if account is None:
            raise AuthError("auth.failed")
        if account.disabled:
            raise AuthError("auth.disabled")
        accounts.save(paths.accounts_file)
        store.actor = _settled(store, accounts, username).actor
    except BaseException:
        store.close()
        raise
    return store


def _accounts(paths: AppPaths) -> AccountsFile:
    if not paths.store_file.exists():
        raise StoreError("store.no_store", path=str(paths.data_dir))
    paths.ensure()
    return AccountsFile.load(paths.accounts_file)


def _verify(paths: AppPaths, accounts: AccountsFile, username: str, password: str) -> Account:
    before = accounts.users.get(username)
    try:
        account = accounts.verify(username, password)
    except ZongzhiError as exc:
        _save_attempt(paths, accounts, username, before, refused=True)
        # a login name typed that is no account's may be a person's name: not logged
        log.warning("login refused: %s (%s)", username if before is not None else "unknown user", exc.code)
        raise
    _save_attempt(paths, accounts, username, before, refused=False)
    return account


def _save_attempt(paths: AppPaths, accounts: AccountsFile, username: str, before: Account | None, *,
                  refused: bool) -> None:
    # failure counters must survive the attempt, a torn main file is rewritten from the spare;
    # an ordinary login leaves the file alone
    if accounts.recovered or accounts.users.get(username) != before:
        try:
            accounts.save(paths.accounts_file)
        except OSError as exc:
            if not refused:  # a refusal stands as it is (its counter is lost with the unwritable folder)
                raise open_failure(str(exc), paths) from exc


def _settled(store: Store, accounts: AccountsFile, username: str) -> Store:
    """The synced staff rows are the truth for role, links, name and disabled (another PC of the
    township may have changed them since); the file for password, key wrap and lock-out. A user
    disabled anywhere is refused here: after the key opened the store, before anyone gets it.
    The first administrator's login after migration 0008 fills in rows for the accounts made before."""
    try:
        with store.read() as s:
            synced = staff.rows(s.connection())
            fill = staff.fill_pending(s.connection())
        changed = staff.settle(accounts, synced)
        account = accounts.users[username]
        if fill and not account.disabled and account.role == "admin":
            with store.write(Actor.from_account(account)) as s:
                staff.fill_missing(s.connection(), accounts)
        if changed:
            accounts.save(store.paths.accounts_file)
        if account.disabled:
            raise AuthError("auth.disabled")
    except BaseException:
        store.close()
        raise
    store.actor = Actor.from_account(account)
    return store


def _require_admin(account: Account) -> None:
    if account.role != "admin":
        raise StoreError("keys.convert_needs_admin")


def _open_keyed(paths: AppPaths, accounts: AccountsFile, key: StoreKey, actor: Actor, recovery: str | None) -> Store:
    try:
        raw_connect(paths.store_file, key.raw).close()
    except DatabaseError as exc:
        if "not a database" not in str(exc):  # a read-only folder, a full disk: not the key's fault
            raise open_failure(str(exc), paths) from exc
        # the wraps belong to another file (e.g. a store copied in by hand)
        raise StoreError("keys.wrong_key_for_file", path=str(paths.store_file)) from exc
    convert.finish(paths, key, accounts)
    engine = make_engine(paths.store_file, key.raw)

    def make_backup(label: str) -> Path:
        target = backup.backup_path(paths.backup_dir, paths.store_file, label)
        return backup.write_backup(paths.store_file, key, accounts, target, label=label)

    migrate.upgrade(engine, db_file=paths.store_file, backup=make_backup, verify=checks.upgrade_problems)
    with engine.connect() as conn:
        changed = ensure_triggers(conn)
        changed = ensure_derived(conn) or changed
        if changed:
            conn.commit()
    return Store(paths, engine, actor, key, recovery)


def create_store(
    paths: AppPaths,
    *,
    township_code: str,
    township_name: str,
    admin_user: str,
    admin_password: str,
    device_id: str | None = None,
) -> Store:
    """Set up a new township store: a random key, the accounts file with the key wraps, schema,
    reference data, device identity. The recovery key is on `store.new_recovery_key`, once."""
    if paths.store_file.exists():
        raise StoreError("store.exists", path=str(paths.store_file))
    code = township_code.strip()
    if not (code.isdigit() and len(code) == 9):
        raise InputError("registers.township_code", code=township_code)
    if not township_name.strip():
        raise InputError("input.required", field="乡镇名称")
    paths.ensure()
    key, keys, recovery = keyring.new_keys(code)
    accounts = AccountsFile(township_code=code, keys=keys)
    account = accounts.add_user(admin_user, admin_password, "admin", key=key, display_name="管理员")
    # Build under a temporary name and rename last: a crash mid-way never leaves a half-made store.
    building = paths.store_file.with_name(paths.store_file.name + ".creating")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine(building, key.raw)
    migrate.upgrade(engine, db_file=building, backup=None)
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
        # Nothing was made before the staff table here: the administrator's row comes with the first
        # change of users (services/users.py), so a new PC starts with nothing to sync.
        conn.execute(text("DELETE FROM sync_state WHERE key = :k"), {"k": staff.FILL_KEY})
        mark_current(conn)
    engine.dispose()  # closes the last connection, which checkpoints the WAL into the file
    accounts.save(paths.accounts_file)
    os.replace(building, paths.store_file)
    engine = make_engine(paths.store_file, key.raw)
    return Store(paths, engine, Actor.from_account(account), key, recovery)
