"""The sync machinery's local tables: capture context, outbox, field versions, device state."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.models.base import Base


class SyncCtx(Base):
    """One row the capture triggers read and advance inside every write transaction.

    `applying` = 1 while pulled data is applied (triggers stay silent); `hlc` is the device's
    hybrid logical clock `(unix_ms << 16) | counter`; `tx_id`/`user_id` are stamped by the store's
    write unit of work and cleared before it commits.
    """

    __tablename__ = "sync_ctx"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    applying: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(Integer, default=0)
    tx_id: Mapped[str | None] = mapped_column(String(36))
    user_id: Mapped[str | None] = mapped_column(String(64))
    schema_ver: Mapped[int] = mapped_column(Integer, default=0)


class SyncState(Base):
    """Device identity and sync cursors as key/value pairs."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


class SyncOutbox(Base):
    """Every captured change, in local commit order; `(device_id, local_seq)` names it county-wide."""

    __tablename__ = "sync_outbox"
    __table_args__ = (
        CheckConstraint("kind IN ('insert', 'update', 'delete')", name="kind"),
        CheckConstraint("state IN ('pending', 'acked', 'rejected')", name="state"),
        Index("ix_sync_outbox_row", "tbl", "row_id"),
        Index("ix_sync_outbox_state", "state", "local_seq"),
        Index("ix_sync_outbox_server_seq", "server_seq"),
    )
    local_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(32), unique=True)
    tx_id: Mapped[str] = mapped_column(String(48))
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    fields: Mapped[str] = mapped_column(Text)  # JSON; see models.triggers for the shapes
    hlc: Mapped[int] = mapped_column(Integer)
    wall_ms: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[str | None] = mapped_column(String(64))
    schema_ver: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(8), default="pending")
    result: Mapped[str | None] = mapped_column(Text)
    server_seq: Mapped[int | None] = mapped_column(Integer)  # the county's change-log number, once acked


class SyncFieldVer(Base):
    """The last server version seen of each field: the base of the next local edit."""

    __tablename__ = "sync_field_ver"
    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    server_seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(Integer)


class SyncRowVer(Base):
    """The highest county change applied to each row. A field's base for the next edit is this,
    unless `sync_field_ver` holds an older mark for it (a field kept local while the row moved on).

    One mark per row instead of per field keeps a 200,000-resident register's marks small."""

    __tablename__ = "sync_row_ver"
    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    server_seq: Mapped[int] = mapped_column(Integer)


class SyncConflict(Base):
    """A conflict the county recorded for this township: both values, who wrote each, which stands."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_status", "status", "created_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(64))
    policy: Mapped[str] = mapped_column(String(12))
    winner_val: Mapped[str | None] = mapped_column(Text)  # JSON
    loser_val: Mapped[str | None] = mapped_column(Text)  # JSON
    winner_origin: Mapped[str] = mapped_column(Text)  # JSON {device, user, wall_ms, hlc}
    loser_origin: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # open | needs_review | resolved
    created_at: Mapped[str] = mapped_column(String(32))
    restored_at: Mapped[str | None] = mapped_column(String(32))
    restored_by: Mapped[str | None] = mapped_column(String(64))


class SyncRun(Base):
    """One sync attempt, for the history on the 同步 screen."""

    __tablename__ = "sync_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[str] = mapped_column(String(32))
    finished_at: Mapped[str | None] = mapped_column(String(32))
    ok: Mapped[int] = mapped_column(Integer, default=0)
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)


class SyncDuplicate(Base):
    """A possible duplicate the county found (same ID number on two records) and what became of it."""

    __tablename__ = "sync_duplicates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_a: Mapped[str] = mapped_column(String(64))
    row_b: Mapped[str] = mapped_column(String(64))
    township_a: Mapped[str] = mapped_column(String(12))
    township_b: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(16))  # open | merged | dismissed
    created_at: Mapped[str] = mapped_column(String(32))
    resolution: Mapped[str | None] = mapped_column(Text)  # JSON: what the merge kept and re-pointed


class SyncEviction(Base):
    """A row that left this township (moved by the county): removed from the register, its last
    values kept here so closed cases can still say who it was."""

    __tablename__ = "sync_evictions"
    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    evicted_at: Mapped[str] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)  # JSON of the row as it was
