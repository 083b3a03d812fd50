"""Monthly reports (月报) as compiled and submitted: one row per month and revision, synced to the county."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.models.base import Base, Tracked, UuidKey


class MonthlyReport(UuidKey, Tracked, Base):
    """已编制 (draft) → 已上报 (submitted). A submitted row is never changed: a correction is revision+1."""

    __tablename__ = "monthly_reports"
    __table_args__ = (Index("ix_monthly_reports_month_revision", "month", "revision"),)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    figures: Mapped[str | None] = mapped_column(Text)  # JSON: the aggregate figures, no personal data
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)  # 更正 on a revision made after a submission
