"""A device's hash-chain head, kept in `sync_state` so removing the newest record is caught too."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, text


def state(conn: Connection, key: str) -> str | None:
    return conn.execute(text("SELECT value FROM sync_state WHERE key = :k"), {"k": key}).scalar()


def set_state(conn: Connection, key: str, value: str) -> None:
    conn.execute(text("INSERT OR REPLACE INTO sync_state (key, value) VALUES (:k, :v)"), {"k": key, "v": value})


def device_id(conn: Connection) -> str:
    return state(conn, "device_id") or "unknown-device"


def head(conn: Connection, key: str) -> dict[str, Any]:
    """The last link this PC wrote: {"seq": n, "hash": h} ({"seq": 0, "hash": None} before the first)."""
    return json.loads(state(conn, key) or '{"seq": 0, "hash": null}')


def set_head(conn: Connection, key: str, seq: int, hash_: str) -> None:
    set_state(conn, key, json.dumps({"seq": seq, "hash": hash_}))


def head_recorded(conn: Connection, key: str) -> dict[str, Any] | None:
    raw = state(conn, key)
    return json.loads(raw) if raw else None
