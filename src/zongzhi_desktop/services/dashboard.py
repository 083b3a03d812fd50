"""The 工作台 figures: today's case worklist, this month's intake and resolutions, visits due, chart series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import case, func, or_, select

from zongzhi_desktop.domain import case_flow
from zongzhi_desktop.models.disputes import Dispute
from zongzhi_desktop.models.registers import KeyPerson
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.case_state import Rules
from zongzhi_desktop.services.codes import code_names
from zongzhi_desktop.services.dispute_queries import overdue_clause
from zongzhi_desktop.services.key_persons import key_person_query

DUE_SOON_WORKING_DAYS = 3
MONTHS = 12
# Status groups of the monthly chart. Rejected cases are finished too, so they count with the closed ones.
GROUPS = ("registered", "in_progress", "closed")


@dataclass(frozen=True)
class MonthCount:
    """Cases registered in one month, by the status group they are in now."""

    month: str  # YYYY-MM
    registered: int
    in_progress: int
    closed: int

    @property
    def total(self) -> int:
        return self.registered + self.in_progress + self.closed


@dataclass(frozen=True)
class CategoryCount:
    code: str  # level-1 category (two digits)
    name: str
    count: int


@dataclass(frozen=True)
class DashboardFigures:
    today: date
    waiting: int  # registered, waiting for acceptance
    in_progress: int  # open cases past registration
    due_soon: int  # open cases whose deadline falls from today to `due_before`
    due_before: date  # the last day "due soon" covers: today + 3 working days
    overdue: int  # as DisputeQueries.list(overdue=True)
    supervised: int  # as DisputeQueries.list(supervised=True)
    month_start: date
    month_intake: int  # registered from month_start up to today
    month_resolved: int  # closed from month_start up to today
    visits_due: int  # key persons whose next visit is due on or before today
    window_start: date  # first day of the oldest month of `months` (and of `categories`)
    months: tuple[MonthCount, ...]  # oldest first, the current month last
    categories: tuple[CategoryCount, ...]  # largest first, registered since window_start


class DashboardService:
    """Counts for the dashboard, all in SQL and inside the actor's grid scope."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def figures(self, actor: Actor, today: date | None = None) -> DashboardFigures:
        permissions.require(actor, "stats.read")
        today = today or date.today()
        month_start = today.replace(day=1)
        window_start = _months_back(month_start, MONTHS - 1)
        open_ = Dispute.status.in_(case_flow.OPEN)
        live = (Dispute.deleted_at.is_(None), permissions.grid_scope(actor, Dispute.grid_id))
        with self._store.read() as s:
            calendar = Rules.load(s.connection()).calendar
            due_before = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
            first = datetime.combine(month_start, time.min)
            end_of_today = datetime.combine(today, time.max)

            def flag(condition: Any) -> Any:
                return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

            # One pass over the scoped cases for every worklist number.
            row = s.execute(select(
                flag(Dispute.status == "registered"),
                flag(open_ & (Dispute.status != "registered")),
                flag(open_ & (Dispute.resolve_due >= today) & (Dispute.resolve_due <= due_before)),
                flag(or_(overdue_clause("accept", today), overdue_clause("resolve", today))),
                flag(Dispute.supervision.is_not(None)),
                flag((Dispute.registered_at >= first) & (Dispute.registered_at <= end_of_today)),
                flag((Dispute.status == "closed") & (Dispute.closed_at >= first) & (Dispute.closed_at <= end_of_today)),
            ).where(*live)).one()

            kp_query, due = key_person_query(actor)
            visits_due = s.scalar(select(func.count()).select_from(
                kp_query.where(KeyPerson.ended_on.is_(None), due <= today).subquery())) or 0

            window = (*live, Dispute.registered_at >= datetime.combine(window_start, time.min),
                      Dispute.registered_at <= end_of_today)
            month = func.strftime("%Y-%m", Dispute.registered_at)
            group = case((Dispute.status == "registered", "registered"),
                         (Dispute.status.in_(case_flow.TERMINAL), "closed"), else_="in_progress")
            by_month: dict[str, dict[str, int]] = {}
            for ym, grp, n in s.execute(select(month, group, func.count()).where(*window).group_by(month, group)):
                by_month.setdefault(ym, {})[grp] = n
            months = tuple(
                MonthCount(ym, *(by_month.get(ym, {}).get(g, 0) for g in GROUPS))
                for ym in (_months_back(month_start, back).strftime("%Y-%m") for back in range(MONTHS - 1, -1, -1))
            )

            level1 = func.substr(Dispute.category_code, 1, 2)
            names = code_names(s, "dispute_category")
            categories = tuple(
                CategoryCount(code, names.get(code, code), n)
                for code, n in s.execute(select(level1, func.count()).where(*window).group_by(level1)
                                         .order_by(func.count().desc(), level1))
            )
        waiting, in_progress, due_soon, overdue, supervised, intake, resolved = (int(v) for v in row)
        return DashboardFigures(
            today=today, waiting=waiting, in_progress=in_progress, due_soon=due_soon, due_before=due_before,
            overdue=overdue, supervised=supervised, month_start=month_start, month_intake=intake,
            month_resolved=resolved, visits_due=int(visits_due), window_start=window_start, months=months,
            categories=categories,
        )


def _months_back(month_start: date, n: int) -> date:
    index = month_start.year * 12 + month_start.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)
