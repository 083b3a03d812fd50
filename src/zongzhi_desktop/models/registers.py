"""Township registers: grids and their workers, departments and mediators, residents and key populations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.models.base import Base, Tracked, UuidKey


class Grid(UuidKey, Tracked, Base):
    """A grid (网格) under one village or community."""

    __tablename__ = "grids"
    township_code: Mapped[str] = mapped_column(String(12))
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="admin")
    area_desc: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class GridWorker(UuidKey, Tracked, Base):
    """A grid worker (网格员), full-time or part-time."""

    __tablename__ = "grid_workers"
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(20))
    employment: Mapped[str] = mapped_column(String(16), default="fulltime")
    status: Mapped[str] = mapped_column(String(16), default="active")
    notes: Mapped[str | None] = mapped_column(Text)


class GridAssignment(UuidKey, Tracked, Base):
    """定人、定岗、定责: a worker on a grid with a role and dates."""

    __tablename__ = "grid_assignments"
    grid_id: Mapped[str] = mapped_column(ForeignKey("grids.id"), index=True)
    worker_id: Mapped[str] = mapped_column(ForeignKey("grid_workers.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    duty: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class Department(UuidKey, Tracked, Base):
    """A township department or mediation organisation (调委会, 司法所, 派出所 ...)."""

    __tablename__ = "departments"
    code: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16), default="township")
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Mediator(UuidKey, Tracked, Base):
    """A mediator (调解员) of a department or mediation organisation."""

    __tablename__ = "mediators"
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="fulltime")
    notes: Mapped[str | None] = mapped_column(Text)


class Household(UuidKey, Tracked, Base):
    """A household (户); its head is the member whose relation is 户主."""

    __tablename__ = "households"
    household_no: Mapped[str | None] = mapped_column(String(32))
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grids.id"), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Resident(UuidKey, Tracked, Base):
    """A person of the actual population register (实有人口)."""

    __tablename__ = "residents"
    __table_args__ = (
        Index("ix_residents_grid_name", "grid_id", "name"),
        Index("ix_residents_name_id", "name", "id"),  # name order with the id tie-break, no sort step
        # The register list's order, covering what its filters read: 200,000 ids in ~0.1 s, no row lookups.
        Index("ix_residents_pinyin_order", "name_pinyin", "name", "id", "grid_id", "registration_type",
              "deleted_at", "merged_into"),
        Index("ix_residents_id_number", "id_number"),
        Index("ix_residents_phone", "phone"),
    )
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(String(18))
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grids.id"))
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), index=True)
    merged_into: Mapped[str | None] = mapped_column(String(36))
    registration_type: Mapped[str] = mapped_column(String(16), default="huji")
    relation_to_head: Mapped[str | None] = mapped_column(String(16))
    ethnicity: Mapped[str | None] = mapped_column(String(16))
    hukou_address: Mapped[str | None] = mapped_column(Text)
    current_address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(20))
    employer: Mapped[str | None] = mapped_column(String(128))
    occupation: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    notes: Mapped[str | None] = mapped_column(Text)
    # derived: recomputed from name / id_number wherever the row lands, never captured
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    name_pinyin: Mapped[str | None] = mapped_column(String(128))
    name_initials: Mapped[str | None] = mapped_column(String(32))


class KeyPerson(UuidKey, Tracked, Base):
    """A key-population record (社区矫正, 刑满释放, ...) of one resident, with its helper."""

    __tablename__ = "key_persons"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    type_code: Mapped[str] = mapped_column(String(32), index=True)
    attention_level: Mapped[str] = mapped_column(String(16), default="normal")
    helper_name: Mapped[str | None] = mapped_column(String(64))
    helper_phone: Mapped[str | None] = mapped_column(String(20))
    details: Mapped[str | None] = mapped_column(Text)  # JSON of the type-specific fields
    visit_interval_days: Mapped[int] = mapped_column(Integer, default=30)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Visit(UuidKey, Tracked, Base):
    """A follow-up visit (走访) to a key person."""

    __tablename__ = "visits"
    key_person_id: Mapped[str] = mapped_column(ForeignKey("key_persons.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    visitor: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[str | None] = mapped_column(Text)
