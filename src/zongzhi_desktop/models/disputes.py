"""Dispute cases (矛盾纠纷): the case, its parties, its append-only trail, attachments, screenings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.models.base import Base, CodeKey, Tracked, UuidKey


class Dispute(UuidKey, Tracked, Base):
    """One case. What people type is captured; the lifecycle columns are derived from the trail."""

    __tablename__ = "disputes"
    __table_args__ = (
        Index("ix_disputes_case_no", "case_no"),
        Index("ix_disputes_status_registered", "status", "registered_at"),
        Index("ix_disputes_grid", "grid_id"),
        Index("ix_disputes_registered_at_id", "registered_at", "id"),  # newest-first pages without a sort
    )
    case_no: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(16), default="township")
    title: Mapped[str] = mapped_column(String(200))
    category_code: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    occurred_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(Text)
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grids.id"))
    people_involved: Mapped[int] = mapped_column(Integer, default=2)
    amount_cents: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    risk_level: Mapped[str] = mapped_column(String(8), default="low")
    is_major: Mapped[int] = mapped_column(Integer, default=0)
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    registered_by: Mapped[str | None] = mapped_column(String(64))
    county_deadline: Mapped[date | None] = mapped_column(Date)
    # derived from the trail (replayed in clock order) wherever the case lands
    # server defaults: a case that lands by sync is inserted without them, then refreshed
    status: Mapped[str] = mapped_column(String(16), default="registered", server_default="registered")
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    accept_due: Mapped[date | None] = mapped_column(Date)
    resolve_due: Mapped[date | None] = mapped_column(Date)
    supervision: Mapped[str | None] = mapped_column(String(8))
    mediation_type: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(8))
    closure_kind: Mapped[str | None] = mapped_column(String(16))
    satisfaction: Mapped[str | None] = mapped_column(String(16))
    escalated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    concurrent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class DisputeParty(UuidKey, Tracked, Base):
    """A party keeps its own copy of name and ID number; `resident_id` is only a loose link."""

    __tablename__ = "dispute_parties"
    dispute_id: Mapped[str] = mapped_column(ForeignKey("disputes.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(String(18))
    sex: Mapped[str | None] = mapped_column(String(1))
    ethnicity: Mapped[str | None] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(Text)
    resident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class DisputeEvent(UuidKey, Tracked, Base):
    """One step of the trail (全程留痕): immutable, hash-chained per device."""

    __tablename__ = "dispute_events"
    __table_args__ = (
        Index("ix_dispute_events_case_order", "dispute_id", "hlc", "device_id"),
        Index("ix_dispute_events_device_seq", "device_id", "device_seq"),
        # The monthly report's read of each case's decisions of the year (services/monthly_report.py).
        # Partial, so no other query picks it: its WHERE must appear word for word in the query.
        Index("ix_dispute_events_case_decisions", "dispute_id", "at", "action",
              sqlite_where=text("action IN ('accept', 'reject', 'resolve', 'fail')")),
        # The 考核's read of the route and check-in steps of a period's cases (services/assessment.py):
        # covering, so each case costs one index search instead of a visit to every step of its trail.
        Index("ix_dispute_events_routing", "dispute_id", "action", "at", "department_id", "data",
              sqlite_where=text("action IN ('route', 'checkin')")),
    )
    dispute_id: Mapped[str] = mapped_column(ForeignKey("disputes.id"))
    device_id: Mapped[str] = mapped_column(String(36))
    device_seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    actor_name: Mapped[str | None] = mapped_column(String(64))
    department_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[str | None] = mapped_column(Text)  # JSON: departments, agreement, referral, ...
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Attachment(UuidKey, Tracked, Base):
    """A file of a case (signed agreement scan, photo, recording), stored by content hash."""

    __tablename__ = "attachments"
    dispute_id: Mapped[str] = mapped_column(ForeignKey("disputes.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="other")
    note: Mapped[str | None] = mapped_column(Text)


class Screening(UuidKey, Tracked, Base):
    """A concentrated screening round (集中排查): when, where, what was found."""

    __tablename__ = "screenings"
    held_on: Mapped[date] = mapped_column(Date, index=True)
    scope: Mapped[str] = mapped_column(Text)
    grid_ids: Mapped[str | None] = mapped_column(Text)  # JSON list of grid ids covered
    found_count: Mapped[int] = mapped_column(Integer, default=0)
    led_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class Holiday(CodeKey, Base):
    """A public holiday or a weekend day worked in lieu (调休); id is the ISO date. County-owned."""

    __tablename__ = "holidays"
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(32))


class TimeLimit(CodeKey, Base):
    """How long a step may take, per dispute category ("*" = default). County-owned."""

    __tablename__ = "time_limits"
    step: Mapped[str] = mapped_column(String(24))
    category: Mapped[str] = mapped_column(String(16))
    days: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
