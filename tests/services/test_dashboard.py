"""Dashboard figures: each number equals what the list and register services count, in scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.domain import case_flow
from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.models.store import Actor, Store, create_store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.case_state import Rules
from zongzhi_desktop.services.codes import code_options
from zongzhi_desktop.services.dashboard import MONTHS, DashboardService
from zongzhi_desktop.services.dispute_queries import CaseSummary, DisputeQueries
from zongzhi_desktop.services.disputes import DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.services.key_persons import KeyPersonService

ADMIN = Actor("admin", "admin")
PASSWORD = "Demo-2026"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A demo township with a year of cases (read-only in these tests, so made once)."""
    home: Path = tmp_path_factory.mktemp("dashboard") / "home"
    store = create_store(resolve_paths(home), township_code="360731100", township_name="贡江镇",
                         admin_user="admin", admin_password=PASSWORD)
    build_demo(store, residents=400, disputes=150, seed=11)
    store.close()
    opened = open_store(resolve_paths(home), "admin", PASSWORD)
    yield opened
    opened.close()


def _cases(store: Store, actor: Actor, today: date) -> list[CaseSummary]:
    rows = DisputeQueries(store).list(actor, limit=1000, today=today).rows
    assert len(rows) < 1000  # the whole register fits one page, so the comparison is complete
    return list(rows)


def _closed_between(store: Store, first: date, last: date, grid_ids: set[str] | None = None) -> int:
    with store.read() as s:
        rows = s.execute(text("SELECT grid_id FROM disputes WHERE deleted_at IS NULL AND status = 'closed' "
                              "AND date(closed_at) BETWEEN :a AND :b"), {"a": first.isoformat(), "b": last.isoformat()})
        return sum(1 for (grid,) in rows if grid_ids is None or grid in grid_ids)


def _expected(store: Store, actor: Actor, today: date) -> dict[str, object]:
    """The figures, counted independently through the list services and plain Python."""
    queries = DisputeQueries(store)
    rows = _cases(store, actor, today)
    with store.read() as s:
        due_before = Rules.load(s.connection()).calendar.add_working_days(today, 3)
    month_start = today.replace(day=1)
    return {
        "waiting": sum(r.status == "registered" for r in rows),
        "in_progress": sum(r.status in case_flow.OPEN and r.status != "registered" for r in rows),
        "due_soon": sum(r.status in case_flow.OPEN and r.deadline is not None
                        and today.isoformat() <= r.deadline <= due_before.isoformat() for r in rows),
        "due_before": due_before,
        "overdue": len(queries.list(actor, overdue=True, limit=1000, today=today).rows),
        "supervised": len(queries.list(actor, supervised=True, limit=1000, today=today).rows),
        "month_intake": len(queries.list(actor, registered_from=month_start, registered_to=today, limit=1000).rows),
        "visits_due": len(KeyPersonService(store).visits_due(actor, today, within_days=0)),
    }


def test_figures_equal_what_the_list_services_count(demo: Store) -> None:
    today = date.today()
    figures = DashboardService(demo).figures(ADMIN, today)
    for name, value in _expected(demo, ADMIN, today).items():
        assert getattr(figures, name) == value, name
    assert figures.month_resolved == _closed_between(demo, today.replace(day=1), today)
    assert figures.overdue and figures.supervised and figures.visits_due  # the demo exercises every number


def test_monthly_series_and_categories_cover_the_last_twelve_months(demo: Store) -> None:
    today = date.today()
    figures = DashboardService(demo).figures(ADMIN, today)
    assert len(figures.months) == MONTHS and figures.months[-1].month == today.strftime("%Y-%m")
    assert figures.months[0].month == figures.window_start.strftime("%Y-%m")
    months = [m.month for m in figures.months]
    assert months == sorted(months) and len(set(months)) == MONTHS
    in_window = [r for r in _cases(demo, ADMIN, today) if r.registered_at[:10] >= figures.window_start.isoformat()]
    group = {"registered": "registered", "closed": "closed", "rejected": "closed"}
    by_month = Counter((r.registered_at[:7], group.get(r.status, "in_progress")) for r in in_window)
    for m in figures.months:
        assert (m.registered, m.in_progress, m.closed) == (
            by_month[(m.month, "registered")], by_month[(m.month, "in_progress")], by_month[(m.month, "closed")])
    assert sum(m.total for m in figures.months) == len(in_window)

    expected = Counter(r.category[:2] for r in in_window)
    assert {c.code: c.count for c in figures.categories} == dict(expected)
    counts = [c.count for c in figures.categories]
    assert counts == sorted(counts, reverse=True)
    names = {r.category[:2]: r.category_name for r in in_window}
    assert all(c.name and c.name != c.code and c.name.endswith("纠纷") for c in figures.categories), names


def test_a_grid_worker_counts_only_their_grids(demo: Store) -> None:
    today = date.today()
    with demo.read() as s:
        worker_id, grid_id = s.execute(text(
            "SELECT a.worker_id, a.grid_id FROM grid_assignments a JOIN disputes d ON d.grid_id = a.grid_id "
            "WHERE a.end_date IS NULL GROUP BY a.grid_id ORDER BY count(*) DESC LIMIT 1")).one()
    me = Actor("gw", "grid_worker", worker_id=worker_id)
    mine = DashboardService(demo).figures(me, today)
    everyone = DashboardService(demo).figures(ADMIN, today)
    for name, value in _expected(demo, me, today).items():
        assert getattr(mine, name) == value, name
    assert mine.month_resolved == _closed_between(demo, today.replace(day=1), today, {grid_id})
    assert 0 < sum(m.total for m in mine.months) < sum(m.total for m in everyone.months)
    nobody = DashboardService(demo).figures(Actor("nobody", "grid_worker"), today)  # no worker record: sees nothing
    assert (nobody.waiting, nobody.overdue, nobody.visits_due, nobody.categories) == (0, 0, 0, ())


def test_leader_may_read_and_unknown_roles_may_not(demo: Store) -> None:
    assert DashboardService(demo).figures(Actor("boss", "leader")).today == date.today()
    with pytest.raises(PermissionDenied):
        DashboardService(demo).figures(Actor("guest", "visitor"))


def _register(store: Store, title: str) -> str:
    data = IntakeInput(title=title, category="宅基地纠纷", channel="来访",
                       parties=(PartyInput("张三", "申请人"), PartyInput("李四", "被申请人")),
                       description="两户因宅基地边界发生争执。", people_involved=2)
    return DisputeService(store).register(ADMIN, data).case_no


def test_due_soon_counts_working_days_over_the_national_day_holiday(store: Store) -> None:
    # Wednesday 30 September 2026: 1–7 October are holidays, so three working days end on Saturday
    # 10 October (a 调休 working day), not on Monday 5 October.
    today = date(2026, 9, 30)
    deadlines = {"today": "2026-09-30", "last": "2026-10-10", "after": "2026-10-12", "late": "2026-09-29"}
    for title, due in deadlines.items():
        case_no = _register(store, title)
        with store.write() as s:
            s.execute(text("UPDATE disputes SET resolve_due = :d, accept_due = :a, registered_at = :r "
                           "WHERE case_no = :c"),
                      {"d": due, "a": "2026-10-30", "r": datetime(2026, 9, 1, 9), "c": case_no})
    figures = DashboardService(store).figures(ADMIN, today)
    assert figures.due_before == date(2026, 10, 10)
    assert figures.due_soon == 2  # "today" and "last"
    assert figures.overdue == 1 and figures.waiting == 4 and figures.in_progress == 0
    assert figures.months[-1].month == "2026-09" and figures.months[-1].registered == 4
    assert figures.month_intake == 4 and [c.code for c in figures.categories] == ["03"]


def test_an_empty_register_gives_zeros_and_twelve_empty_months(store: Store) -> None:
    figures = DashboardService(store).figures(ADMIN, date(2026, 3, 15))
    assert (figures.waiting, figures.in_progress, figures.due_soon, figures.overdue, figures.supervised,
            figures.month_intake, figures.month_resolved, figures.visits_due) == (0,) * 8
    assert [m.month for m in figures.months][:3] == ["2025-04", "2025-05", "2025-06"]
    assert figures.months[-1].month == "2026-03" and all(m.total == 0 for m in figures.months)
    assert figures.categories == () and figures.month_start == date(2026, 3, 1)


def test_code_options_keep_the_county_order(store: Store) -> None:
    roles = code_options(store, "grid_role")
    assert roles[0] == ("leader", "网格长") and ("parttime", "兼职网格员") in roles
