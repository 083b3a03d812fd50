"""Restoring a backup file: verified completely before anything is replaced; the current store kept aside.

Who may restore: the holder of the township recovery key, or an administrator — of this PC, when
the backup is encrypted with this PC's key, or recorded in the backup's header (their key wrap there
opens it). Into an EMPTY home the accounts come from the header; with the recovery key the named
administrator gets the new password given (and is created if the header lacks them), so a USB backup
restores on a new PC with nothing else.

Before the file replaces anything it must pass: its SHA-256, the key, `PRAGMA integrity_check`, a
schema revision this program knows, and the case trail's and audit log's hash chains.
Into a home that has a store, the current store is first written as a `pre-restore` backup file
(restorable like any other); the accounts file is copied to the backup folder; the current accounts
file is kept when it holds the same key. Only when the current store cannot be read (damaged, or
its key not openable with what was given) is its raw file moved to the backup folder instead.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, inspect

from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.domain.trail_hash import AUDIT_HASHED, HASHED
from zongzhi_desktop.errors import AuthError, InputError, StoreError, ZongzhiError
from zongzhi_desktop.files import atomic_copy
from zongzhi_desktop.models import audit, keyring, migrate, trail
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.backup import (
    BackupHeader, backup_path, extract_database, fsync_file, read_header, verify_database, write_backup,
)
from zongzhi_desktop.models.db import DatabaseError, make_engine
from zongzhi_desktop.models.keyring import StoreKey
from zongzhi_desktop.paths import AppPaths

log = logging.getLogger(__name__)
PRE_RESTORE_LABEL = "pre-restore"


@dataclass(frozen=True)
class RestoreResult:
    township_code: str
    schema_revision: str | None
    created_at: str
    set_aside: tuple[Path, ...]  # the replaced accounts file and store, now in the backup folder
    pre_restore: Path | None = None  # the replaced store as a backup file (None: empty home, or unreadable)


def restore_backup(paths: AppPaths, backup_file: Path, *, username: str, password: str | None = None,
                   recovery_key: str | None = None, before_replace: Callable[[], None] | None = None) -> RestoreResult:
    """With `recovery_key`, `password` is the NEW password of administrator `username`; without it,
    `username`/`password` must be an administrator's login here (same key) or in the backup.

    `before_replace` runs once the file is verified, before anything is written: raising there (a
    person pressed Cancel) stops the restore with nothing changed."""
    header = read_header(backup_file)
    current = _current_accounts(paths)
    if current is not None and current.township_code and current.township_code != header.township_code:
        raise StoreError("backup.wrong_township", backup=header.township_code, local=current.township_code)
    key, accounts = _unlock(header, current, username, password, recovery_key)
    paths.ensure()
    restoring = paths.store_file.with_name(paths.store_file.name + ".restoring")
    _remove_database(restoring)  # an interrupted attempt's copy and WAL must not pair with this one
    extract_database(backup_file, restoring, header)
    try:
        revision = verify_database(restoring, key)
        if revision is not None and revision not in migrate.known_revisions():
            raise StoreError("backup.too_new", revision=revision)
        verify_trails(restoring, key)
        if before_replace is not None:
            before_replace()
    except BaseException:
        _remove_database(restoring)
        raise
    pre_restore = _back_up_current(paths, current, key, username, password, recovery_key)
    accounts_copy = _copy_accounts_aside(paths)
    old_store = _move_store_aside(paths)
    os.replace(restoring, paths.store_file)
    fsync_file(paths.store_file)
    if current is not None and current.keys.get("store_key_id") == key.id:
        accounts = current  # same key: today's users and passwords stay valid
    accounts.save(paths.accounts_file)
    if pre_restore is not None and old_store is not None:
        _remove_database(old_store)  # the backup file holds it, WAL included: the raw copy adds nothing
        old_store = pre_restore
    aside = tuple(p for p in (accounts_copy, old_store) if p is not None)
    log.info("restored backup of %s made %s (schema %s) by %s%s; the old store kept as %s", header.township_code,
             header.created_at, revision, username, " with the recovery key" if recovery_key else "",
             pre_restore.name if pre_restore is not None else "a file aside" if old_store else "nothing")
    return RestoreResult(header.township_code, revision, header.created_at, aside, pre_restore)


def verify_trails(db_file: Path, key: StoreKey) -> None:
    """Refuse a database whose case trail or audit log hash chains are broken (the checks of
    `zongzhi check`, run on the file before it may become the store)."""
    engine = make_engine(db_file, key.raw, foreign_keys=False)
    try:
        with engine.connect() as conn:
            found = [render(p.code, **p.params) for p in trail.verify_chains(conn)] if _chained(
                conn, "dispute_events", HASHED) else []
            if _chained(conn, "audit_log", AUDIT_HASHED):
                found += [render(f"audit.chain_{link.kind}", device=link.device_id[:8], seq=link.seq)
                          for link in audit.first_breaks(conn)[1]]
            conn.rollback()
    finally:
        engine.dispose()  # the last connection checkpoints the copy's WAL; it was only read
        for suffix in ("-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    if found:
        more = f"（另有 {len(found) - 3} 处）" if len(found) > 3 else ""
        raise StoreError("backup.chains_broken", detail="；".join(found[:3]) + more)


def _chained(conn: Connection, table: str, hashed: tuple[str, ...]) -> bool:
    """Whether this revision of the schema has the table with its hash chain (older backups may not)."""
    inspector = inspect(conn)
    if not inspector.has_table(table):
        return False
    columns = {c["name"] for c in inspector.get_columns(table)}
    return {*hashed, "hash"} <= columns


def _unlock(header: BackupHeader, current: AccountsFile | None, username: str, password: str | None,
            recovery_key: str | None) -> tuple[StoreKey, AccountsFile]:
    try:
        accounts = header.accounts_file()
    except ValueError as exc:
        raise StoreError("backup.damaged", path="-", reason="accounts") from exc
    accounts.township_code = header.township_code
    if not password:
        raise InputError("backup.needs_credentials")
    if recovery_key:
        key = keyring.unlock_with_recovery(accounts.keys, header.township_code, recovery_key)
        if username in accounts.users:
            accounts.users[username] = replace(accounts.users[username], role="admin", disabled=False)
            accounts.set_password(username, password, key)
        else:
            accounts.add_user(username, password, "admin", key=key, display_name="管理员")
        return key, accounts
    mine = _admin_key(current, username, password)
    if mine is not None and mine.id == header.store_key_id:
        return mine, accounts  # this PC's administrator, this PC's key (the password may have changed since)
    account = accounts.verify(username, password)  # the header's hash: no lock-out counting here
    if account.role != "admin":
        raise AuthError("auth.failed")
    return accounts.store_key(username, password), accounts


def _admin_key(accounts: AccountsFile | None, username: str, password: str) -> StoreKey | None:
    """The store key of this PC, for an administrator of this PC with this password; else None."""
    if accounts is None or not keyring.has_store_key(accounts.keys):
        return None
    scratch = copy.deepcopy(accounts)  # verify counts failures in memory: none of that is saved from here
    try:
        if scratch.verify(username, password).role != "admin":
            return None
        return scratch.store_key(username, password)
    except ZongzhiError:
        return None


def _back_up_current(paths: AppPaths, current: AccountsFile | None, restoring_key: StoreKey, username: str,
                     password: str | None, recovery_key: str | None) -> Path | None:
    """The store about to be replaced, as a backup file with today's accounts; None when there is no
    store, or it cannot be read (then its raw file is what stays aside)."""
    if current is None or not paths.store_file.exists():
        return None
    try:
        if current.keys.get("store_key_id") == restoring_key.id:
            key = restoring_key
        elif recovery_key:
            key = keyring.unlock_with_recovery(current.keys, current.township_code or "", recovery_key)
        else:
            key = _admin_key(current, username, password or "")
            if key is None:
                return None
        target = backup_path(paths.backup_dir, paths.store_file, PRE_RESTORE_LABEL)
        return write_backup(paths.store_file, key, current, target, label=PRE_RESTORE_LABEL)
    except (ZongzhiError, DatabaseError) as exc:
        log.warning("the store being replaced could not be written as a backup; its file is kept aside: %s", exc)
        return None


def _current_accounts(paths: AppPaths) -> AccountsFile | None:
    try:
        return AccountsFile.load(paths.accounts_file)
    except StoreError:
        return None


def _remove_database(path: Path) -> None:
    for suffix in ("-wal", "-shm", ""):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def _copy_accounts_aside(paths: AppPaths) -> Path | None:
    if not paths.accounts_file.exists():
        return None
    target = paths.backup_dir / f"accounts-replaced-{_stamp()}.json"
    atomic_copy(paths.accounts_file, target)
    return target


def _move_store_aside(paths: AppPaths) -> Path | None:
    """The store file moved into the backup folder, then its -wal/-shm beside it under the same name.

    The file goes first: a crash in between leaves no store (a loud "no store here", restore again),
    never the store without its WAL (silently missing the last commits). A -wal/-shm left without a
    store is moved too, so the restored file can never pair with an old WAL.
    """
    target = paths.backup_dir / f"{paths.store_file.stem}-replaced-{_stamp()}.db"
    moved = None
    if paths.store_file.exists():
        os.replace(paths.store_file, target)
        moved = target
    for suffix in ("-wal", "-shm"):
        part = Path(f"{paths.store_file}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{target}{suffix}"))
    return moved
