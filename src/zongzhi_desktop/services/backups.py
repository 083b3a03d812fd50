"""Backups staff can trust: one a day after login, before upgrades and restores, kept on a rotation.

Rotation (7 daily, 4 weekly, 12 monthly; domain/backup_rotation.py) touches only the program's own
backup folder, and there only automatic backups, plus upgrade and restore safety backups once they
are 30 days old. Manual backups and anything written to another folder (a USB stick) are never
deleted by the program. A file whose header cannot be read is left alone too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from zongzhi_desktop.domain.backup_rotation import backups_to_delete
from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models import backup
from zongzhi_desktop.models.restore import PRE_RESTORE_LABEL, RestoreResult, restore_backup
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions

__all__ = ["AUTO", "MANUAL", "PRE_MIGRATION", "PRE_RESTORE", "BackupInfo", "RestoreResult", "back_up_now",
           "backup_if_due", "describe", "kind_of", "list_backups", "restore_from_file", "rotate"]
log = logging.getLogger(__name__)

AUTO, PRE_MIGRATION, PRE_RESTORE, MANUAL = "auto", "pre-migration", "pre-restore", "manual"
DAILY_LABEL = "daily"
MANUAL_LABEL = "manual"
SAFETY_DAYS = 30  # upgrade and restore safety backups are kept at least this long, whatever the rotation says
_STALE_PARTS = timedelta(days=1)  # half-written files of a backup cut short (power cut, killed process)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime  # local time, timezone-aware
    kind: str  # AUTO, PRE_MIGRATION, PRE_RESTORE or MANUAL
    size: int  # bytes
    revision: str | None  # the schema revision inside


def kind_of(label: str) -> str:
    """The kind from a backup's label: `daily`, `before-<revision>` / `before-encryption` (and old plain
    backups converted under their file name), `pre-restore`; anything else was asked for by a person."""
    if label == DAILY_LABEL:
        return AUTO
    if label == PRE_RESTORE_LABEL:
        return PRE_RESTORE
    if label.startswith("before-") or "-before-" in label:
        return PRE_MIGRATION
    return MANUAL


def describe(path: Path) -> BackupInfo:
    """What a backup file holds, from its header (StoreError for a file that is not a sound backup)."""
    header = backup.read_header(path)
    try:
        created = datetime.fromisoformat(header.created_at).astimezone()
    except ValueError as exc:
        raise StoreError("backup.damaged", path=str(path), reason="created_at") from exc
    return BackupInfo(path, created, kind_of(header.label), path.stat().st_size, header.schema_revision)


def list_backups(store: Store, actor: Actor) -> list[BackupInfo]:
    """The backups in the program's backup folder, newest first."""
    permissions.require(actor, "users.manage")
    return _readable(store.paths.backup_dir)


def back_up_now(store: Store, actor: Actor, folder: Path | None = None) -> BackupInfo:
    """A manual backup into the program's backup folder, or into `folder` (a USB stick)."""
    permissions.require(actor, "users.manage")
    target = backup.backup_path(folder or store.paths.backup_dir, store.paths.store_file, MANUAL_LABEL)
    made = describe(store.back_up(target, label=MANUAL_LABEL))
    log.info("manual backup made: %s, %d bytes, %s", made.path.name, made.size,
             "own folder" if folder is None else "chosen folder")
    return made


def backup_if_due(store: Store, now: datetime | None = None) -> BackupInfo | None:
    """Today's automatic backup if there is none yet (by the PC's local date), then the rotation.

    Runs for whoever logs in: it protects the township's data, it shows no one's record. Returns the
    new backup, or None when today's exists.
    """
    now = (now or backup.utc_now()).astimezone()
    folder = store.paths.backup_dir
    if any(b.kind == AUTO and b.created_at.date() == now.date() for b in _readable(folder)):
        return None
    made = describe(store.back_up(backup.backup_path(folder, store.paths.store_file, DAILY_LABEL),
                                  label=DAILY_LABEL))
    log.info("daily backup made: %s, %d bytes", made.path.name, made.size)
    rotate(folder, now, keep=made.path)
    return made


def rotate(folder: Path, now: datetime, *, keep: Path | None = None) -> list[Path]:
    """Delete what the rotation lets go in `folder` (the program's backup folder only); returns them.

    `keep` (the backup just made) stays whatever its time says: it is the newest anyway, unless the
    PC's clock was set back, when it would look old and go at once, every day."""
    candidates = [b for b in _readable(folder) if b.kind == AUTO
                  or (b.kind in (PRE_MIGRATION, PRE_RESTORE) and now - b.created_at > timedelta(days=SAFETY_DAYS))]
    doomed = backups_to_delete((b.path, b.created_at) for b in candidates) - {keep}
    for path in sorted(doomed):
        path.unlink(missing_ok=True)
        log.info("rotation deleted %s", path.name)
    _remove_stale_parts(folder, now)
    return sorted(doomed)


def restore_from_file(store: Store, actor: Actor, path: Path, password: str,
                      before_replace: Callable[[], None] | None = None) -> RestoreResult:
    """Replace this PC's store with a backup file (verified first; the current store is written as a
    `pre-restore` backup). The store is closed for it: the program must start again afterwards.
    `before_replace` may raise to stop after the checks, with nothing changed (Cancel)."""
    permissions.require(actor, "users.manage")
    store.close()  # no pooled connection may keep the old file open while it is replaced
    return restore_backup(store.paths, path, username=actor.username, password=password,
                          before_replace=before_replace)


def _readable(folder: Path) -> list[BackupInfo]:
    found = []
    for path in folder.glob(f"*{backup.SUFFIX}") if folder.is_dir() else ():
        try:
            found.append(describe(path))
        except (StoreError, OSError) as exc:  # a damaged or vanished file is listed nowhere and deleted by no one
            log.warning("backup %s skipped: %s", path.name, exc)
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def _remove_stale_parts(folder: Path, now: datetime) -> None:
    """Snapshots and temporary files of a backup that was cut short (hidden `.…tmp`, `….db-part`)."""
    for part in [*folder.glob("*.db-part*"), *folder.glob(f".*{backup.SUFFIX}.*.tmp")]:
        try:
            if now.timestamp() - part.stat().st_mtime > _STALE_PARTS.total_seconds():
                part.unlink()
        except OSError:
            continue
