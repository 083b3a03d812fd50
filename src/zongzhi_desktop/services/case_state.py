"""A case's derived columns — status, dates, deadlines, flags — recomputed from its trail.

Run after every action here and after every sync apply, so each PC derives the same status from
the same events, whatever order they arrived in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text

from zongzhi_desktop.domain import case_flow
from zongzhi_desktop.domain.workdays import Calendar, TimeLimit, limit_for


@dataclass(frozen=True)
class Rules:
    """The county-owned calendar and time limits, read once per unit of work."""

    calendar: Calendar
    limits: tuple[TimeLimit, ...]

    @classmethod
    def load(cls, conn: Connection) -> Rules:
        holidays = conn.execute(text("SELECT id, kind, name FROM holidays")).all()
        limits = conn.execute(text("SELECT step, category, days, unit FROM time_limits")).all()
        return cls(
            Calendar.from_rows((date.fromisoformat(d), kind, name) for d, kind, name in holidays),
            tuple(TimeLimit(step, category, int(days), unit) for step, category, days, unit in limits),
        )

    def due(self, start: date, step: str, category: str, extra_days: int = 0) -> date:
        limit = limit_for(self.limits, step, category)
        due = self.calendar.add_days(start, limit.days, limit.unit)
        return self.calendar.add_working_days(due, extra_days) if extra_days else due


def trail_events(conn: Connection, dispute_id: str) -> list[case_flow.TrailEvent]:
    rows = conn.execute(
        text("SELECT action, hlc, device_id, at, department_id, data, from_status FROM dispute_events "
             "WHERE dispute_id = :d"),
        {"d": dispute_id},
    ).all()
    return [
        case_flow.TrailEvent(a, hlc, dev, _dt(at), dept, json.loads(data or "{}"), seen)
        for a, hlc, dev, at, dept, data, seen in rows
    ]


def refresh(conn: Connection, dispute_ids: Iterable[str], rules: Rules | None = None) -> None:
    rules = rules or Rules.load(conn)
    for dispute_id in dict.fromkeys(dispute_ids):
        case = conn.execute(
            text("SELECT registered_at, category_code, county_deadline FROM disputes WHERE id = :d"), {"d": dispute_id}
        ).first()
        if case is None:
            continue  # its events arrived before the case itself; the case's own apply refreshes it
        state = case_flow.replay(trail_events(conn, dispute_id))
        registered = _dt(case[0]).date()
        start = (state.accepted_at and _dt(state.accepted_at).date()) or registered
        resolve_due = rules.due(start, "resolve", case[1], state.extension_days)
        if case[2]:  # a county assignment carries its own deadline
            resolve_due = date.fromisoformat(str(case[2]))
        values: dict[str, Any] = {
            "d": dispute_id, "status": state.status, "accepted_at": _iso(state.accepted_at),
            "closed_at": _iso(state.closed_at), "accept_due": rules.due(registered, "accept", case[1]).isoformat(),
            "resolve_due": resolve_due.isoformat(), "supervision": state.supervision,
            "mediation_type": state.mediation_type, "outcome": state.outcome, "closure_kind": state.closure_kind,
            "satisfaction": state.satisfaction, "escalated": int(state.escalated), "concurrent": int(state.concurrent),
        }
        conn.execute(
            text(
                "UPDATE disputes SET status = :status, accepted_at = :accepted_at, closed_at = :closed_at, "
                "accept_due = :accept_due, resolve_due = :resolve_due, supervision = :supervision, "
                "mediation_type = :mediation_type, outcome = :outcome, closure_kind = :closure_kind, "
                "satisfaction = :satisfaction, escalated = :escalated, concurrent = :concurrent WHERE id = :d"
            ),
            values,
        )


def _dt(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _iso(value: Any) -> str | None:
    return None if value is None else _dt(value).isoformat(sep=" ")
