"""`GET /health`: is this server and its database answering (for systemd, monitoring and the officer)."""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path
from typing import Literal

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Engine

from zongzhi_desktop.sync.protocol import MIN_SCHEMA, PROTOCOL, SCHEMA_VERSION

# Known failures, in words that never carry a host, user, password or path from the database URL;
# anything else is named by its exception class only.
_REASONS = (
    ("relation", "county schema missing"),
    ("no such table", "county schema missing"),
    ("does not exist", "database does not exist"),
    ("authentication", "authentication failed"),
    ("connection refused", "connection refused"),
    ("is the server running", "connection refused"),
    ("could not translate host", "host not found"),
    ("name or service not known", "host not found"),
    ("timeout", "timeout"),
    ("timed out", "timeout"),
    ("terminating connection", "connection terminated"),
    ("server closed the connection", "connection lost"),
    ("connection is closed", "connection lost"),
    ("the database system is", "database starting or shutting down"),
    ("unable to open database file", "cannot open database file"),
    ("database is locked", "database locked"),
    ("disk i/o error", "disk I/O error"),
    ("malformed", "database file damaged"),
    ("not a database", "database file damaged"),
    ("readonly", "database read-only"),
    ("read-only", "database read-only"),
)


class HealthReport(BaseModel):
    status: Literal["ok", "unavailable"]
    database: str  # "ok", or a short reason without credentials
    version: str | None = None  # the installed program
    protocol: int | None = None  # the sync protocol it speaks
    schema_version: int | None = None  # the newest township data model it serves
    min_schema: int | None = None  # the oldest township data model it still serves


def program_version() -> str:
    try:
        return metadata.version("zongzhi-desktop")
    except metadata.PackageNotFoundError:
        return "unknown"


def short_reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    return type(getattr(exc, "orig", None) or exc).__name__


def probe(engine: Engine) -> str | None:
    """One trivial round trip; None when the database answers, else a short reason.
    A raw DBAPI connection: no BEGIN IMMEDIATE (store.py), so the check never queues behind a push."""
    if engine.dialect.name == "sqlite":
        missing = _sqlite_file_problem(engine)
        if missing:
            return missing
    try:
        conn = engine.raw_connection()
        try:
            cur = conn.cursor()
            cur.execute("SELECT next_seq FROM server_meta WHERE id = 1")
            row = cur.fetchone()
            cur.close()
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - any failure is the answer, not a crash
        return short_reason(exc)
    return None if row else "county not initialised"


def _sqlite_file_problem(engine: Engine) -> str | None:
    """A pooled connection keeps reading a deleted or moved file: ask the file system too, or the
    server would go on answering (and writing) into a file nobody will ever back up."""
    name = engine.url.database
    if not name or name == ":memory:":
        return None
    path = Path(name)
    if not path.is_file():
        return "database file missing"
    if not os.access(path, os.R_OK | os.W_OK):
        return "database file not readable or writable"
    return None


def add_health(app: FastAPI, engine: Engine) -> None:
    @app.get("/health", response_model=HealthReport, tags=["service"],
             responses={503: {"model": HealthReport, "description": "the database does not answer"}})
    async def health() -> JSONResponse:
        """No authentication and no county data: whether the server and its database answer."""
        problem = await run_in_threadpool(probe, engine)
        if problem:
            return JSONResponse(HealthReport(status="unavailable", database=problem).model_dump(exclude_none=True),
                                status_code=503, headers={"Cache-Control": "no-store"})
        report = HealthReport(status="ok", database="ok", version=program_version(), protocol=PROTOCOL,
                              schema_version=SCHEMA_VERSION, min_schema=MIN_SCHEMA)
        return JSONResponse(report.model_dump(), headers={"Cache-Control": "no-store"})
