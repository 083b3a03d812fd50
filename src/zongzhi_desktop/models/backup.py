"""Backup files that restore on any PC with a password or the recovery key: a header, then the database.

Layout: the 8 bytes `ZZBACKUP`, a 4-byte big-endian header length, the header (UTF-8 JSON), then
the SQLCipher database bytes, encrypted with the store key. The header::

    {"format": 1, "township_code", "schema_revision", "created_at", "label",
     "db_size", "db_sha256",          # the payload's integrity, checkable without any key
     "store_key_id",                  # which key encrypts the payload (keyring.StoreKey.id)
     "accounts": {users, keys}}        # the accounts file as it was: hashes and every key wrap,
                                       # the recovery wrap included (no lock-out counters)

It holds no personal data in clear: names and ID numbers are only inside the encrypted payload;
the header's usernames and argon2id hashes are what the accounts file itself keeps.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.db import DatabaseError, raw_connect
from zongzhi_desktop.models.keyring import StoreKey

MAGIC = b"ZZBACKUP"
FORMAT = 1
SUFFIX = ".zzbak"
_MAX_HEADER = 4 * 1024 * 1024
_CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupHeader:
    township_code: str
    schema_revision: str | None
    created_at: str
    label: str
    db_size: int
    db_sha256: str
    store_key_id: str
    accounts: dict[str, Any]
    offset: int  # where the database bytes start in the file

    def accounts_file(self) -> AccountsFile:
        return AccountsFile.from_payload(self.accounts)


def utc_now() -> datetime:
    """The clock every backup time comes from (tests move it to make days pass)."""
    return datetime.now(timezone.utc)


def backup_path(backup_dir: Path, db_file: Path, label: str) -> Path:
    """A new file name in `backup_dir`, stamped with the local time; never one that exists already."""
    stamp = utc_now().astimezone().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{db_file.stem}-{label}-{stamp}{SUFFIX}"
    n = 1
    while target.exists():  # two backups in one clock tick (a coarse Windows clock, a test's fixed clock)
        n += 1
        target = backup_dir / f"{db_file.stem}-{label}-{stamp}-{n}{SUFFIX}"
    return target


def write_backup(db_file: Path, key: StoreKey, accounts: AccountsFile, target: Path, *, label: str = "") -> Path:
    """A consistent copy of the live store (SQLite's online backup API between two connections keyed
    with the same key, WAL content included) under a header carrying the accounts and key wraps."""
    target.parent.mkdir(parents=True, exist_ok=True)
    snapshot = target.with_name(target.name + ".db-part")
    snapshot.unlink(missing_ok=True)
    src = raw_connect(db_file, key.raw)
    try:
        dst = raw_connect(snapshot, key.raw)
        try:
            # All pages in one step: one read transaction, so one snapshot of a store the app may be
            # writing meanwhile. Copying in several steps would restart whenever another connection
            # commits, and might never finish on a busy PC.
            src.backup(dst, pages=-1)
        finally:
            dst.close()
    finally:
        src.close()
    try:
        return wrap_database(snapshot, key, accounts, target, label=label)
    finally:
        snapshot.unlink(missing_ok=True)


def wrap_database(db_copy: Path, key: StoreKey, accounts: AccountsFile, target: Path, *, label: str) -> Path:
    """Write `db_copy` (an encrypted database file nobody else is using) as a backup file, atomically."""
    revision = _revision(db_copy, key)
    digest, size = _sha256(db_copy)
    shared = AccountsFile(users={n: replace(a, failed_attempts=0, locked_until=None) for n, a in accounts.users.items()},
                          township_code=accounts.township_code, keys=accounts.keys)
    header = {
        "format": FORMAT, "township_code": key.township_code, "schema_revision": revision,
        "created_at": utc_now().isoformat(timespec="seconds"), "label": label,
        "db_size": size, "db_sha256": digest, "store_key_id": key.id, "accounts": shared.payload(),
    }
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out, open(db_copy, "rb") as src:
            out.write(MAGIC + struct.pack(">I", len(head)) + head)
            while chunk := src.read(_CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full USB stick keeps no half-written file
        raise
    os.replace(tmp, target)
    _sync_folder(target.parent)
    return target


def read_header(path: Path) -> BackupHeader:
    """The header of a backup file, after checking the magic, format and payload size."""
    try:
        with open(path, "rb") as fh:
            start = fh.read(len(MAGIC) + 4)
            if len(start) < len(MAGIC) + 4 or start[: len(MAGIC)] != MAGIC:
                raise StoreError("backup.not_a_backup", path=str(path))
            (length,) = struct.unpack(">I", start[len(MAGIC):])
            if length > _MAX_HEADER:
                raise StoreError("backup.damaged", path=str(path), reason="header")
            raw = json.loads(fh.read(length).decode("utf-8"))
        size = path.stat().st_size
    except (OSError, ValueError) as exc:
        raise StoreError("backup.damaged", path=str(path), reason=type(exc).__name__) from exc
    if raw.get("format") != FORMAT:
        raise StoreError("backup.damaged", path=str(path), reason=f"format {raw.get('format')}")
    offset = len(MAGIC) + 4 + length
    try:
        header = BackupHeader(raw["township_code"], raw.get("schema_revision"), raw["created_at"], raw.get("label", ""),
                              int(raw["db_size"]), raw["db_sha256"], raw["store_key_id"], raw["accounts"], offset)
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError("backup.damaged", path=str(path), reason="header") from exc
    if size - offset != header.db_size:
        raise StoreError("backup.damaged", path=str(path), reason="size")
    return header


def extract_database(path: Path, target: Path, header: BackupHeader | None = None) -> BackupHeader:
    """Write a backup's database bytes to `target` (temp, fsync, rename), checking their SHA-256."""
    header = header or read_header(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    with open(path, "rb") as src, open(tmp, "wb") as out:
        src.seek(header.offset)
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != header.db_sha256:
        tmp.unlink(missing_ok=True)
        raise StoreError("backup.damaged", path=str(path), reason="sha256")
    os.replace(tmp, target)
    _sync_folder(target.parent)
    return header


def verify_database(db_file: Path, key: StoreKey) -> str | None:
    """Open with the key and run `PRAGMA integrity_check`; returns the schema revision."""
    try:
        conn = raw_connect(db_file, key.raw)
    except DatabaseError as exc:
        raise StoreError("keys.wrong_key_for_file", path=str(db_file)) from exc
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise StoreError("backup.integrity", detail="; ".join(result[:3]))
        return _revision_of(conn)
    finally:
        conn.close()


def export_encrypted(plain_file: Path, target: Path, key: StoreKey) -> None:
    """Copy a plain SQLite file into a new SQLCipher file (`sqlcipher_export`), fsynced."""
    target.unlink(missing_ok=True)
    conn = raw_connect(plain_file, None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.raw.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    fsync_file(target)


def shred(path: Path) -> None:
    """Overwrite a file's bytes with zeros, flush them to the disk, then unlink it.

    On a hard disk this removes the data; an SSD or a copy-on-write file system may keep the old
    blocks elsewhere until they are reused (see docs/threat-model.md): full-disk encryption covers that.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as fh:
        zeros = bytes(_CHUNK)
        left = size
        while left > 0:
            fh.write(zeros[: min(left, _CHUNK)])
            left -= _CHUNK
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
    _sync_folder(path.parent)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
    _sync_folder(path.parent)


def _revision(db_file: Path, key: StoreKey) -> str | None:
    conn = raw_connect(db_file, key.raw)
    try:
        return _revision_of(conn)
    finally:
        conn.close()


def _revision_of(conn: Any) -> str | None:
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _sync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):  # the rename itself made durable (POSIX; Windows has no such call)
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
