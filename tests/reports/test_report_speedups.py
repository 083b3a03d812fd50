"""The monthly report's faster reads give the figures the slower ones gave: the trail read by case
(migration 0010) against the table scan, with cases decided more than once; the 考核 through the
route/check-in index against the trail itself; key populations against a direct count; the ledger
still numbered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from demo_homes import build_demo_home, open_copy
from zongzhi_desktop.models import trail
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.reports.monthly_xlsx import Stamp, write_monthly_report
from zongzhi_desktop.services import assessment, monthly_report, monthly_sql
from zongzhi_desktop.services.assessment import AssessmentService
from zongzhi_desktop.services.monthly_report import MonthlyReportService

TODAY = date(2026, 11, 20)
MONTH = "2026-10"
START, END = date(2026, 10, 1), date(2026, 10, 31)
ROUTING_INDEX = "ix_dispute_events_routing"


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("speedups") / "home"
    build_demo_home(home, residents=500, disputes=300, seed=11, today=TODAY).close()
    return home


@pytest.fixture
def demo(demo_home: Path, tmp_path: Path) -> Iterator[Store]:
    store = open_copy(demo_home, tmp_path)
    yield store
    store.close()


def _decide_again(store: Store) -> dict[str, str]:
    """Trails the demo never makes, on three cases closed before September (registered this year):
    reopened and decided again (in October, then in November), accepted twice in October (with a
    resolve a minute before it), rejected twice in October. Events are appended as a PC appends
    them; of the derived columns only the status moves (to 不予受理 for the third)."""
    with store.write(store.actor) as s:
        conn = s.connection()
        ids = conn.execute(text(
            "SELECT id FROM disputes d WHERE status = 'closed' AND registered_at >= '2026-02-01' AND NOT EXISTS "
            "(SELECT 1 FROM dispute_events e WHERE e.dispute_id = d.id AND e.at >= '2026-09-01') "
            "ORDER BY registered_at LIMIT 3")).scalars().all()
        assert len(ids) == 3
        plans = {
            ids[0]: [("reopen", datetime(2026, 9, 3, 9)), ("fail", datetime(2026, 10, 12, 10)),
                     ("reopen", datetime(2026, 10, 20, 9)), ("resolve", datetime(2026, 11, 4, 15))],
            ids[1]: [("accept", datetime(2026, 10, 2, 9)), ("accept", datetime(2026, 10, 9, 9)),
                     ("resolve", datetime(2026, 9, 30, 23, 59))],
            ids[2]: [("reject", datetime(2026, 10, 5, 9)), ("reopen", datetime(2026, 10, 6, 9)),
                     ("reject", datetime(2026, 10, 7, 9))],
        }
        for case_id, steps in plans.items():
            for action, at in steps:
                trail.append(conn, dispute_id=case_id, actor="admin", actor_name="管理员", action=action,
                             from_status=None, to_status=None, at=at)
        conn.execute(text("UPDATE disputes SET status = 'rejected' WHERE id = :i"), {"i": ids[2]})
    return {"reopened": ids[0], "accepted_twice": ids[1], "rejected_twice": ids[2]}


def test_decisions_read_by_case_give_the_figures_of_the_trail_scan(demo: Store) -> None:
    _decide_again(demo)
    with demo.engine.connect() as conn:
        assert monthly_report._trail_source(conn) == f"INDEXED BY {monthly_report.DECISIONS_INDEX}"
        plan = " ".join(r[3] for r in conn.execute(text("EXPLAIN QUERY PLAN " + monthly_sql.CASES.format(
            scope="", cases="NOT INDEXED", trail=monthly_report._trail_source(conn)) + " SELECT count(*) FROM c"),
            {"m0": "2026-10-01", "m1": "2026-11-01", "y0": "2026-01-01"}))
    assert f"COVERING INDEX {monthly_report.DECISIONS_INDEX} (dispute_id=? AND at>?)" in plan
    by_case = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    with demo.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP INDEX {monthly_report.DECISIONS_INDEX}")
    scanned = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    # generated_at is the clock of each run (to the second), not a figure
    assert replace(by_case, generated_at="") == replace(scanned, generated_at="") and by_case.total.month.mediated > 5


def test_a_case_decided_twice_counts_once_in_the_month_of_its_decision(demo: Store) -> None:
    before = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY).total.month
    _decide_again(demo)
    after = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY).total.month
    # reopened: failed on 10-12 (its 11-04 resolve is November's); accepted twice in October: one
    # accepted case, its 09-30 resolve is September's; rejected on 10-05 and 10-07: finished in
    # October, so carried over into it (it was closed before September until then)
    assert after.mediated == before.mediated + 1
    assert after.accepted == before.accepted + 1
    assert after.carried == before.carried + 1
    assert (after.new, after.still_open) == (before.new, before.still_open)


def test_assessment_reads_the_routing_index_and_agrees_with_the_trail(demo: Store) -> None:
    with demo.engine.connect() as conn:
        period = assessment._period(START, END)
        plan = " ".join(r[3] for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT e.dispute_id, e.action, e.at, e.department_id, e.data FROM dispute_events e "
            f"WHERE e.dispute_id IN (SELECT d.id FROM disputes d WHERE {assessment._IN_PERIOD}) "
            "AND e.action IN ('route', 'checkin')"), period))
    assert f"COVERING INDEX {ROUTING_INDEX}" in plan
    indexed = AssessmentService(demo).by_department(demo.actor, START, END, today=TODAY)
    by_grid = AssessmentService(demo).by_grid(demo.actor, START, END, today=TODAY)
    with demo.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP INDEX {ROUTING_INDEX}")
    assert AssessmentService(demo).by_department(demo.actor, START, END, today=TODAY) == indexed
    assert AssessmentService(demo).by_grid(demo.actor, START, END, today=TODAY) == by_grid
    assert sum(sc.routed for sc in indexed) > 10 and sum(sc.checked_in_on_time for sc in indexed) > 0


def test_key_populations_agree_with_a_direct_count(demo: Store) -> None:
    fig = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    with demo.read() as s:
        visits = dict(s.execute(text(
            "SELECT ci.name, count(*) FROM visits v JOIN key_persons kp ON kp.id = v.key_person_id "
            "JOIN residents r ON r.id = kp.resident_id JOIN code_items ci ON ci.kind = 'key_population' AND ci.code = kp.type_code "
            "WHERE v.deleted_at IS NULL AND kp.deleted_at IS NULL AND r.deleted_at IS NULL "
            "AND v.visited_on BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY ci.name")).all())
    got: dict[str, int] = {}
    for row in fig.key_populations:
        got[row.type_name] = got.get(row.type_name, 0) + row.visits
    assert {k: v for k, v in got.items() if v} == visits and sum(visits.values()) > 0


def test_the_ledger_sheet_is_still_numbered_from_one(demo: Store, tmp_path: Path) -> None:
    fig = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    out = tmp_path / "月报.xlsx"
    write_monthly_report(fig, out, Stamp(prepared_by="张三"))
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("台账").to_python()
    body = [r for r in rows[4:] if isinstance(r[1], str) and r[1].startswith("360731100-")]
    assert [r[0] for r in body] == [str(i) for i in range(1, len(fig.ledger) + 1)]
    total = next(r for r in rows if r[0] == f"{len(fig.ledger)}件")
    assert total[8] == sum(r.people_involved for r in fig.ledger)
