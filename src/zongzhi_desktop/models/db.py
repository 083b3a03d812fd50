"""The SQLCipher engine: keyed first, then WAL, foreign keys, synchronous=FULL; explicit BEGIN [IMMEDIATE]."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event

from zongzhi_desktop import crash_points

BUSY_TIMEOUT_MS = 15_000
IMMEDIATE = "zz_immediate"  # execution option: open the transaction with BEGIN IMMEDIATE
CACHE_KIB = int(os.environ.get("ZONGZHI_SQLITE_CACHE_KIB", "16384"))  # per connection
PLAIN_HEADER = b"SQLite format 3\x00"

DatabaseError = sqlcipher.DatabaseError


def _quiet_cipher_log() -> None:
    # SQLCipher prints every failed page check to stderr (a wrong key, a plain file probed); the
    # application reports those itself, in Chinese, so the library's log is switched off (global).
    conn = sqlcipher.connect(":memory:")
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()


_quiet_cipher_log()


def make_engine(db_file: Path, key: bytes | None, *, foreign_keys: bool = True) -> Engine:
    """One engine per process (per store file); `key` is the raw 32-byte store key (None: plain).

    Every connection is keyed by its first statement (a raw key: no PBKDF2 per connection, so
    opening stays as fast as plain SQLite). pysqlite's own transaction handling is switched off so
    that SQLAlchemy's BEGIN is the one that counts; write units ask for BEGIN IMMEDIATE, which takes
    the write lock up front and waits on the busy timeout instead of failing with SQLITE_BUSY.
    """
    engine = create_engine(
        f"sqlite:///{db_file}",  # the URL names the file (and so a file's pool); `creator` connects
        module=sqlcipher,
        creator=lambda: raw_connect(db_file, key, check_same_thread=False),
    )
    _configure(engine, foreign_keys=foreign_keys)
    if crash_points.ARMED:  # crash tests only: nothing is wrapped otherwise
        crash_points.watch_commits(engine.dialect)
    return engine


def raw_connect(path: Path | str, key: bytes | None, **kwargs: Any) -> sqlcipher.Connection:
    """A DB-API connection to a store file, keyed and checked (for tools, tests and the engine).

    A wrong key or a file that is no database fails here with sqlcipher's DatabaseError
    ("file is not a database"), not later in the middle of a unit of work.
    """
    kwargs.setdefault("isolation_level", None)  # autocommit unless the caller asks for DB-API transactions
    conn = sqlcipher.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, **kwargs)
    try:
        if key is not None:
            conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def key_pragma(key: bytes, schema: str = "") -> str:
    if len(key) != 32:
        raise ValueError("the store key is 32 bytes")
    prefix = f"{schema}." if schema else ""
    return f"PRAGMA {prefix}key = \"x'{key.hex()}'\""


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (its first 16 bytes are SQLite's magic header)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except OSError:
        return False


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
