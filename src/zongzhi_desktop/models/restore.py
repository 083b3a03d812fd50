"""Restoring a backup file: verified completely before anything is replaced; the current store kept aside.

Who may restore: the holder of the township recovery key, or an administrator whose username and
password are in the backup's header (their key wrap there opens it). Into an EMPTY home the accounts
come from the header; with the recovery key the named administrator gets the new password given
(and is created if the header lacks them), so a USB backup restores on a new PC with nothing else.
Into a home that has a store, the replaced store, its WAL and the accounts file move to the backup
folder (they are encrypted already); the current accounts file is kept when it holds the same key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from zongzhi_desktop.errors import AuthError, InputError, StoreError
from zongzhi_desktop.files import atomic_copy
from zongzhi_desktop.models import keyring, migrate
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.backup import BackupHeader, extract_database, fsync_file, read_header, verify_database
from zongzhi_desktop.models.keyring import StoreKey
from zongzhi_desktop.paths import AppPaths


@dataclass(frozen=True)
class RestoreResult:
    township_code: str
    schema_revision: str | None
    created_at: str
    set_aside: tuple[Path, ...]  # the replaced store and accounts file, now in the backup folder


def restore_backup(paths: AppPaths, backup_file: Path, *, username: str, password: str | None = None,
                   recovery_key: str | None = None) -> RestoreResult:
    """With `recovery_key`, `password` is the NEW password of administrator `username`; without it,
    `username`/`password` must be an administrator's login recorded in the backup."""
    header = read_header(backup_file)
    current = _current_accounts(paths)
    if current is not None and current.township_code and current.township_code != header.township_code:
        raise StoreError("backup.wrong_township", backup=header.township_code, local=current.township_code)
    key, accounts = _unlock(header, username, password, recovery_key)
    paths.ensure()
    restoring = paths.store_file.with_name(paths.store_file.name + ".restoring")
    extract_database(backup_file, restoring, header)
    try:
        revision = verify_database(restoring, key)
        if revision is not None and revision not in migrate.known_revisions():
            raise StoreError("backup.too_new", revision=revision)
    except BaseException:
        restoring.unlink(missing_ok=True)
        raise
    aside = _set_aside(paths)
    os.replace(restoring, paths.store_file)
    fsync_file(paths.store_file)
    if current is not None and current.keys.get("store_key_id") == key.id:
        accounts = current  # same key: today's users and passwords stay valid
    accounts.save(paths.accounts_file)
    return RestoreResult(header.township_code, revision, header.created_at, aside)


def _unlock(header: BackupHeader, username: str, password: str | None,
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
    account = accounts.verify(username, password)  # the header's hash: no lock-out counting here
    if account.role != "admin":
        raise AuthError("auth.failed")
    return accounts.store_key(username, password), accounts


def _current_accounts(paths: AppPaths) -> AccountsFile | None:
    try:
        return AccountsFile.load(paths.accounts_file)
    except StoreError:
        return None


def _set_aside(paths: AppPaths) -> tuple[Path, ...]:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    moved: list[Path] = []
    if paths.accounts_file.exists():
        target = paths.backup_dir / f"accounts-replaced-{stamp}.json"
        atomic_copy(paths.accounts_file, target)
        moved.append(target)
    if paths.store_file.exists():
        target = paths.backup_dir / f"{paths.store_file.stem}-replaced-{stamp}.db"
        # the -wal/-shm go first and keep their names relative to the file, so SQLite pairs them again
        for suffix in ("-wal", "-shm"):
            part = Path(f"{paths.store_file}{suffix}")
            if part.exists():
                os.replace(part, Path(f"{target}{suffix}"))
        os.replace(paths.store_file, target)
        moved.append(target)
    return tuple(moved)
