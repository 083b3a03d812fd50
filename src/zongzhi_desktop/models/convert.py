"""Converting a plain (unencrypted) store into SQLCipher in place, crash-safe, leaving no plain copy.

The order, and what a crash (or power cut) at each point leaves — every state is picked up by the
next administrator login, which either starts again or finishes the job:

1. The accounts file is saved with the new key wraps (the caller, atomically with its spare).
   Crash before: nothing changed, the next login starts over.
2. The plain store is checkpointed and exported (`sqlcipher_export`) to `zongzhi.db.encrypting`,
   fsynced, and checked: it opens with the key, `integrity_check` is ok, every table has the same
   row count. Crash here: the store is still plain and the keys exist; the next login sees "keys
   but plain store", makes a new recovery key (the first was never shown), deletes the half-written
   (encrypted) temp file and runs again.
3. An encrypted backup of the result goes to the backup folder (format of models/backup.py).
   Crash: as in 2 (an extra encrypted backup may stay; it opens with the password wrap it carries).
4. The plain store's -wal/-shm (empty after the checkpoint) are zeroed and removed; the plain file
   gets a second name `zongzhi.db.plain` (a hard link). Crash: as in 2; the link is only removed,
   never zeroed, while it still is the live store.
5. `os.replace` puts the encrypted file in place (atomic). Crash after: the store is encrypted and
   opens; `finish` (run at every login) zeroes and removes `zongzhi.db.plain`.
6. `zongzhi.db.plain` is overwritten with zeros, fsynced, unlinked.
7. Plain backups left by earlier migrations are converted into encrypted backup files, then zeroed
   and removed. Crash: `finish` converts the ones still plain at the next login.
8. Plain attachment files are sealed (models/attachment_files.py: temp, fsync, rename, read back),
   then zeroed and removed. Crash: both copies may stay; the next login keeps the sealed one and
   removes the plain one.

Zeroing defeats recovery from a hard disk; an SSD (wear levelling) or a copy-on-write/journalling
file system may keep old blocks until reused, which only full-disk encryption covers
(docs/threat-model.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models import backup
from zongzhi_desktop.models.attachment_files import AttachmentFiles
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.db import is_plain_sqlite, raw_connect
from zongzhi_desktop.models.keyring import StoreKey
from zongzhi_desktop.paths import AppPaths


def convert_plain_store(paths: AppPaths, key: StoreKey, accounts: AccountsFile) -> None:
    """Steps 2-7 above; the accounts file already holds the key wraps (step 1)."""
    store = paths.store_file
    encrypting = store.with_name(store.name + ".encrypting")
    plain_link = store.with_name(store.name + ".plain")
    if plain_link.exists():  # a crash at step 4: the link still names the live plain store
        plain_link.unlink()
    backup.shred(Path(f"{encrypting}-wal"))
    encrypting.unlink(missing_ok=True)  # encrypted leftovers of an interrupted run hold nothing readable
    backup.export_encrypted(store, encrypting, key)
    _check_copy(store, encrypting, key)
    backup.wrap_database(encrypting, key, accounts,
                         backup.backup_path(paths.backup_dir, store, "before-encryption"), label="before-encryption")
    for suffix in ("-wal", "-shm"):
        backup.shred(Path(f"{store}{suffix}"))
    os.link(store, plain_link)
    os.replace(encrypting, store)
    backup.fsync_file(store)
    finish(paths, key, accounts)


def finish(paths: AppPaths, key: StoreKey, accounts: AccountsFile) -> None:
    """Steps 6-8: no plain copy of the store or of an attachment may stay in the home (run at every
    login: cheap — a look at each file's first bytes once everything is sealed)."""
    backup.shred(paths.store_file.with_name(paths.store_file.name + ".plain"))
    AttachmentFiles(paths.attachments_dir, key).seal_plain_files()
    if not paths.backup_dir.is_dir():
        return
    for old in sorted(paths.backup_dir.iterdir()):
        if old.is_file() and is_plain_sqlite(old):
            target = old.with_suffix(backup.SUFFIX)
            encrypted = old.with_name(old.name + ".encrypting")
            try:
                backup.export_encrypted(old, encrypted, key)
                backup.wrap_database(encrypted, key, accounts, target, label=old.stem)
            finally:
                encrypted.unlink(missing_ok=True)
            for suffix in ("-wal", "-shm", ""):
                backup.shred(Path(f"{old}{suffix}"))


def plain_township_code(db_file: Path) -> str | None:
    """The township code recorded in a plain store (accounts files written before it had one)."""
    conn = raw_connect(db_file, None)
    try:
        row = conn.execute("SELECT value FROM sync_state WHERE key = 'township_code'").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _check_copy(plain: Path, encrypted: Path, key: StoreKey) -> None:
    backup.verify_database(encrypted, key)
    source, copy = raw_connect(plain, None), raw_connect(encrypted, key.raw)
    try:
        for (table,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            query = f'SELECT count(*) FROM "{table}"'
            if source.execute(query).fetchone() != copy.execute(query).fetchone():
                raise StoreError("keys.convert_failed", table=table)
    finally:
        source.close()
        copy.close()
