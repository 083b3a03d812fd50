"""Opening the county database (SQLite file by default, PostgreSQL by URL) and the county's settings."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import Connection

from zongzhi_county.schema import metadata, server_meta

HOME_ENV = "ZONGZHI_COUNTY_HOME"


def county_home(home: str | os.PathLike[str] | None = None) -> Path:
    chosen = home or os.environ.get(HOME_ENV)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir("zongzhi-county", "zongzhi"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url(home: Path) -> str:
    return f"sqlite:///{home / 'county.db'}"


def make_engine(url: str) -> Engine:
    """An engine for either backend; SQLite gets WAL and writers that queue (BEGIN IMMEDIATE)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # Every county transaction may write; taking the write lock up front avoids SQLite's
            # lock-upgrade deadlock between two pushes that both read first.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    # Thirty townships may push at once; each request holds one connection for its transaction.
    # connect_timeout: an unreachable database host fails a request (and /health) in seconds, not minutes.
    return create_engine(url, pool_size=16, max_overflow=24, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def create_schema(engine: Engine) -> None:
    metadata.create_all(engine)


def read_meta(conn: Connection) -> dict | None:
    row = conn.execute(select(server_meta).where(server_meta.c.id == 1)).mappings().first()
    return dict(row) if row else None


def now_ms() -> int:
    return int(datetime.now(timezone.utc).timestamp() * 1000)


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
