"""Reading the outbox: captured changes as plain `Op` values, in local commit order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class Op:
    """One captured change; `(device_id, local_seq)` names it county-wide."""

    local_seq: int
    op_id: str
    tx_id: str
    tbl: str
    row_id: str
    kind: str  # insert | update | delete
    fields: dict[str, Any]
    hlc: int
    wall_ms: int
    user_id: str | None
    schema_ver: int

    def new_values(self) -> dict[str, Any]:
        """Field -> new value, whatever the kind (inserts store values flat)."""
        if self.kind == "insert":
            return dict(self.fields)
        return {name: change["new"] for name, change in self.fields.items()}


def read_ops(conn: Connection, *, after_seq: int = 0, state: str | None = None, limit: int | None = None) -> list[Op]:
    sql = "SELECT local_seq, op_id, tx_id, tbl, row_id, kind, fields, hlc, wall_ms, user_id, schema_ver FROM sync_outbox WHERE local_seq > :after"
    params: dict[str, Any] = {"after": after_seq}
    if state is not None:
        sql += " AND state = :state"
        params["state"] = state
    sql += " ORDER BY local_seq"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [
        Op(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], r[8], r[9], r[10])
        for r in conn.execute(text(sql), params)
    ]


def newest_seq(conn: Connection) -> int:
    """The newest local_seq this store has numbered (0 before its first change)."""
    return int(conn.execute(text("SELECT coalesce(max(local_seq), 0) FROM sync_outbox")).scalar_one())


def pending_count(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar_one())
