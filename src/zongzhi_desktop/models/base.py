"""Declarative base, naming convention (Alembic batch mode needs named constraints) and mixins."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> str:
    """A time-ordered UUID (v7 layout) so ids made on one PC sort by creation and index well."""
    ms = int(datetime.now(timezone.utc).timestamp() * 1000)
    rand = uuid.uuid4().int & ((1 << 74) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def utc_now() -> datetime:
    """Naive UTC, the form SQLite stores and the triggers write."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class UuidKey:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)


class CodeKey:
    id: Mapped[str] = mapped_column(String(64), primary_key=True)


class Tracked:
    """Tombstone plus who/when bookkeeping, common to every township-owned table."""

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    updated_by: Mapped[str | None] = mapped_column(String(64), default=None)
