"""The case trail (全程留痕): appending hash-chained events, and proving the chain is intact.

Times shown to people (`at`) are the PC's local time: a case's dates and working-day deadlines
are local dates. Ordering never uses them; it uses the hybrid logical clock `hlc`.

Each PC chains its own events (any case) by hash: `hash = sha256(prev_hash + canonical event)`.
`sync_state.trail_head` holds the PC's last (seq, hash), so removing the newest event is caught
too; the county will keep the hashes it acknowledged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.trail_hash import HASHED, as_text, broken_links, event_hash
from zongzhi_desktop.models.base import new_id
from zongzhi_desktop.models.chain import device_id as _device_id, head as _head, head_recorded, set_head, state as _state
from zongzhi_desktop.models.triggers import TICK

_HASHED = HASHED


@dataclass(frozen=True)
class TrailProblem:
    code: str
    params: dict[str, Any]


def tick_clock(conn: Connection) -> int:
    """Advance the device's hybrid logical clock inside this transaction and return it."""
    conn.execute(text(TICK))
    return int(conn.execute(text("SELECT hlc FROM sync_ctx WHERE id = 1")).scalar_one())


def append(
    conn: Connection, *, dispute_id: str, actor: str, actor_name: str | None, action: str,
    from_status: str | None, to_status: str | None, department_id: str | None = None,
    note: str | None = None, data: dict[str, Any] | None = None, at: datetime | None = None,
) -> dict[str, Any]:
    """Insert one event at the end of this PC's chain; returns the row as written."""
    device_id = _device_id(conn)
    head = _head(conn, "trail_head")
    row: dict[str, Any] = {
        "id": new_id(), "dispute_id": dispute_id, "device_id": device_id, "device_seq": head["seq"] + 1,
        "hlc": tick_clock(conn), "at": at or datetime.now(), "actor": actor, "actor_name": actor_name,
        "department_id": department_id, "action": action, "from_status": from_status, "to_status": to_status,
        "note": note, "data": json.dumps(data or {}, ensure_ascii=False, sort_keys=True),
        "prev_hash": head["hash"],
    }
    row["hash"] = event_hash(row)
    row["at"] = as_text(row["at"])
    conn.execute(
        text(
            "INSERT INTO dispute_events (id, dispute_id, device_id, device_seq, hlc, at, actor, actor_name, "
            "department_id, action, from_status, to_status, note, data, prev_hash, hash, created_at, created_by, "
            "updated_at, updated_by) VALUES (:id, :dispute_id, :device_id, :device_seq, :hlc, :at, :actor, "
            ":actor_name, :department_id, :action, :from_status, :to_status, :note, :data, :prev_hash, :hash, "
            ":at, :actor, :at, :actor)"
        ),
        row,
    )
    set_head(conn, "trail_head", row["device_seq"], row["hash"])
    return row


def verify_chains(conn: Connection) -> list[TrailProblem]:
    """Recompute every PC's chain; report altered, removed or reordered events."""
    problems: list[TrailProblem] = []
    rows = conn.execute(
        text(f"SELECT {', '.join(_HASHED)}, hash FROM dispute_events ORDER BY device_id, device_seq")
    ).mappings().all()
    for link in broken_links(rows, seq="device_seq", hash_of=event_hash):
        if link.kind == "gap":
            problems.append(TrailProblem("check.trail_gap", {"device": link.device_id[:8], "seq": link.seq}))
        else:
            problems.append(TrailProblem("check.trail_altered", {"device": link.device_id[:8], "seq": link.seq, "id": link.row_id}))
    recorded = head_recorded(conn, "trail_head")
    own = _state(conn, "device_id")
    if recorded and own:
        mine = [r for r in rows if r["device_id"] == own]
        if not mine or mine[-1]["device_seq"] != recorded["seq"] or mine[-1]["hash"] != recorded["hash"]:
            problems.append(TrailProblem("check.trail_head", {"seq": recorded["seq"]}))
    return problems
