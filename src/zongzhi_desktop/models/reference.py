"""County-owned reference tables, keyed by official code and read-only at the township."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.models.base import Base, CodeKey


class Region(CodeKey, Base):
    """Administrative divisions: province, city, county (GB/T 2260), township, village (statistical codes)."""

    __tablename__ = "regions"
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class CodeItem(CodeKey, Base):
    """One entry of a code table (categories, population types, ...); id is "kind:code"."""

    __tablename__ = "code_items"
    __table_args__ = (Index("ix_code_items_kind_sort", "kind", "sort_order"),)
    kind: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128))
    parent_code: Mapped[str | None] = mapped_column(String(32))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    extra: Mapped[str | None] = mapped_column(Text)  # JSON for type-specific attributes
