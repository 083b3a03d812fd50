"""The SQLite engine: WAL, foreign keys, synchronous=FULL, busy timeout; explicit BEGIN [IMMEDIATE]."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 15_000
IMMEDIATE = "zz_immediate"  # execution option: open the transaction with BEGIN IMMEDIATE
CACHE_KIB = int(os.environ.get("ZONGZHI_SQLITE_CACHE_KIB", "16384"))  # per connection


def make_engine(db_file: Path, *, foreign_keys: bool = True) -> Engine:
    """One engine per process (per store file).

    pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN is the one that
    counts; write units ask for BEGIN IMMEDIATE, which takes the write lock up front and waits on
    the busy timeout instead of failing with SQLITE_BUSY when another process writes.
    """
    engine = create_engine(
        f"sqlite:///{db_file}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _configure(engine, foreign_keys=foreign_keys)
    return engine


def _configure(engine: Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA recursive_triggers=OFF")
            # 16 MiB page cache per connection instead of SQLite's 2 MiB: the register's indexes
            # (names, pinyin keys, outbox) stop thrashing on bulk work, while the GUI, which holds a
            # few connections, stays well under its memory budget.
            cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            cursor.execute("PRAGMA temp_store=MEMORY")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
