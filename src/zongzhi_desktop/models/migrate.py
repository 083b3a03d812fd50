"""Schema migrations at start-up: back up the file, upgrade to head, check keys, rebuild triggers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models.backup import extract_database
from zongzhi_desktop.models.seed import seed_reference_data
from zongzhi_desktop.models.triggers import rebuild_triggers

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise StoreError("store.migration_heads", heads=",".join(heads))
    return heads[0]


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    with engine.connect() as conn:
        return current_revision(conn) != head_revision()


def upgrade(engine: Engine, *, db_file: Path, backup: Callable[[str], Path] | None,
            verify: Callable[[Engine], list[Any]] | None = None) -> Path | None:
    """Bring the store to head, backing it up first with `backup(label)` (an encrypted backup file
    with the key wraps in its header, models/backup.py), then check it with `verify` (the problems
    found; models/checks.upgrade_problems).

    Returns the backup (None for a new, empty store). If the upgrade or its check fails the backup
    is put back and `store.migration_failed` says so; the store is never left half-migrated.
    """
    with engine.connect() as conn:
        current = current_revision(conn)
    if current is not None and current not in known_revisions():
        raise StoreError("store.too_new", current=current)
    if current == head_revision():
        return None
    saved = backup(f"before-{head_revision()}") if current is not None and backup is not None else None
    log.info("schema upgrade %s -> %s, backup %s", current, head_revision(), saved.name if saved else "-")
    try:
        _upgrade_to_head(engine)
        problems = verify(engine) if verify is not None else []
        if problems:
            raise StoreError("store.upgrade_check_failed", problem=problems[0].message, count=len(problems))
    except Exception as exc:
        engine.dispose()
        log.error("schema upgrade %s -> %s failed (%s)", current, head_revision(), type(exc).__name__)
        if saved is None:
            raise
        restore_file(saved, db_file)
        raise StoreError("store.migration_failed", reason=str(exc), backup=str(saved)) from exc
    return saved


def _upgrade_to_head(engine: Engine) -> None:
    with engine.connect() as conn:
        # Batch mode copies tables; foreign keys must be off while it does (alembic batch docs).
        # The pragma is a no-op inside a transaction, so it goes to the driver before BEGIN.
        raw = conn.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                rebuild_triggers(conn)
                seed_reference_data(conn, only_empty=True)  # tables a new revision brought in
                problems = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
                if problems:
                    raise StoreError("store.migration_fk", count=len(problems), first=str(problems[0]))
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def restore_file(backup: Path, db_file: Path) -> None:
    """Put a backup file's database in place of the store file (its WAL and index go with the old file)."""
    for suffix in ("-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    extract_database(backup, db_file)
