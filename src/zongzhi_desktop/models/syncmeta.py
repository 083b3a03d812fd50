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


class SyncFieldVer(Base):
    """The last server version seen of each field: the base of the next local edit."""

    __tablename__ = "sync_field_ver"
    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    server_seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(Integer)
