"""The township's view of sync: status, history, and the conflict inbox with one-action restore."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import text

from zongzhi_desktop.domain.catalogue import TABLES
from zongzhi_desktop.errors import NotFound, SyncError
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.sync import state
from zongzhi_desktop.sync.pull_apply import refresh_dependents, refresh_derived


@dataclass(frozen=True)
class Origin:
    device: str | None
    user: str | None
    at: str | None  # local time of the edit, as the PC that made it stamped it

    @classmethod
    def parse(cls, raw: str | None) -> Origin:
        data = json.loads(raw or "{}")
        wall = data.get("wall_ms")
        at = datetime.fromtimestamp(wall / 1000, tz=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M") if wall else None
        return cls(data.get("device"), data.get("user"), at)


@dataclass(frozen=True)
class ConflictItem:
    id: str
    tbl: str
    row_id: str
    field: str
    policy: str
    status: str  # open | needs_review | resolved
    winner: Any
    loser: Any
    winner_origin: Origin
    loser_origin: Origin
    created_at: str
    restored_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "table": self.tbl, "row_id": self.row_id, "field": self.field, "policy": self.policy,
            "status": self.status, "winner": self.winner, "loser": self.loser,
            "winner_origin": self.winner_origin.__dict__, "loser_origin": self.loser_origin.__dict__,
            "created_at": self.created_at, "restored_at": self.restored_at,
        }


@dataclass(frozen=True)
class SyncRunItem:
    started_at: str
    finished_at: str | None
    ok: bool
    pushed: int
    pulled: int
    conflicts: int
    rejected: int
    message: str | None


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str | None
    last_ok_at: str | None
    last_error: str | None
    pending: int
    rejected: int
    open_conflicts: int
    clock_offset_ms: int


def status(store: Store) -> SyncStatus:
    with store.engine.connect() as conn:
        s = state.read_all(conn)
        counts = dict(conn.execute(text("SELECT state, count(*) FROM sync_outbox WHERE state != 'acked' GROUP BY state")).all())
        open_conflicts = conn.execute(
            text("SELECT count(*) FROM sync_conflicts WHERE status != 'resolved' AND restored_at IS NULL")
        ).scalar_one()
    return SyncStatus(
        enrolled=bool(s.get("server_url") and s.get("token")), server_url=s.get("server_url"),
        last_ok_at=s.get("last_ok_at"), last_error=s.get("last_error"), pending=int(counts.get("pending", 0)),
        rejected=int(counts.get("rejected", 0)), open_conflicts=int(open_conflicts),
        clock_offset_ms=int(s.get("clock_offset_ms") or 0),
    )


def history(store: Store, limit: int = 50) -> list[SyncRunItem]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT started_at, finished_at, ok, pushed, pulled, conflicts, rejected, message "
                                 "FROM sync_runs ORDER BY id DESC LIMIT :n"), {"n": limit}).all()
    return [SyncRunItem(r[0], r[1], bool(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in rows]


def conflicts(store: Store, actor: Actor, *, include_done: bool = False) -> list[ConflictItem]:
    permissions.require(actor, "sync.run")
    sql = "SELECT * FROM sync_conflicts"
    if not include_done:
        sql += " WHERE status != 'resolved' AND restored_at IS NULL"
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql + " ORDER BY created_at DESC, id")).mappings().all()
    return [_item(r) for r in rows]


@dataclass(frozen=True)
class DuplicateItem:
    """A possible duplicate the county found: two records with one ID number, and what became of it."""

    id: str
    row_a: str
    row_b: str
    township_a: str
    township_b: str
    status: str  # open | merged | dismissed
    created_at: str
    resolution: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def duplicates(store: Store, actor: Actor, *, include_done: bool = False) -> list[DuplicateItem]:
    permissions.require(actor, "residents.read")
    sql = "SELECT * FROM sync_duplicates" + ("" if include_done else " WHERE status = 'open'")
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql + " ORDER BY created_at, id")).mappings().all()
    return [DuplicateItem(r["id"], r["row_a"], r["row_b"], r["township_a"], r["township_b"], r["status"],
                          r["created_at"], json.loads(r["resolution"]) if r["resolution"] else None) for r in rows]


def restore_other(store: Store, actor: Actor, conflict_id: str) -> ConflictItem:
    """Put the value that did not stand back into the record, as an ordinary edit that syncs."""
    permissions.require(actor, "sync.resolve")
    with store.write(actor) as s:
        row = s.execute(text("SELECT * FROM sync_conflicts WHERE id = :id"), {"id": conflict_id}).mappings().first()
        if row is None:
            raise NotFound("sync.conflict_not_found", id=conflict_id)
        if row["restored_at"] is not None:
            raise SyncError("sync.conflict_restored")
        spec = TABLES.get(row["tbl"])
        if spec is None or spec.column(row["field"]) is None:
            raise NotFound("sync.conflict_not_found", id=conflict_id)
        value = json.loads(row["loser_val"]) if row["loser_val"] is not None else None
        s.execute(text(f'UPDATE "{spec.name}" SET "{row["field"]}" = :v WHERE id = :id'), {"v": value, "id": row["row_id"]})
        conn = s.connection()
        refresh_derived(conn, spec.name, row["row_id"])
        refresh_dependents(conn, [(spec.name, row["row_id"])])
        s.execute(text("UPDATE sync_conflicts SET restored_at = :t, restored_by = :u WHERE id = :id"),
                  {"t": datetime.now(timezone.utc).isoformat(timespec="seconds"), "u": actor.username, "id": conflict_id})
        done = s.execute(text("SELECT * FROM sync_conflicts WHERE id = :id"), {"id": conflict_id}).mappings().one()
    return _item(done)


def _item(r: Any) -> ConflictItem:
    return ConflictItem(
        id=r["id"], tbl=r["tbl"], row_id=r["row_id"], field=r["field"], policy=r["policy"], status=r["status"],
        winner=json.loads(r["winner_val"]) if r["winner_val"] is not None else None,
        loser=json.loads(r["loser_val"]) if r["loser_val"] is not None else None,
        winner_origin=Origin.parse(r["winner_origin"]), loser_origin=Origin.parse(r["loser_origin"]),
        created_at=r["created_at"], restored_at=r["restored_at"],
    )
