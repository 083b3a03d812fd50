"""The monthly report: figures agree with an independent count and with the 考核 service; the workbook
read back (python-calamine, no recalculation) shows those same totals and rates; drafts and submission."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select, text

from demo_homes import build_demo_home, open_copy
from zongzhi_desktop.errors import InputError, PermissionDenied
from zongzhi_desktop.models.disputes import Dispute, DisputeEvent
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.reports.monthly_xlsx import Stamp, write_monthly_report
from zongzhi_desktop.services import monthly_report
from zongzhi_desktop.services.assessment import AssessmentService
from zongzhi_desktop.services.monthly_report import Counts, MonthlyFigures, MonthlyReportService

TODAY = date(2026, 11, 20)
MONTH = "2026-10"
START, END = date(2026, 10, 1), date(2026, 10, 31)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("report-demo") / "home"
    store = build_demo_home(home, residents=600, disputes=400, seed=3, today=TODAY)
    with store.write() as s:  # formula-looking titles typed by people must stay text
        ids = s.execute(text("SELECT id FROM disputes WHERE registered_at >= '2026-10-01' AND registered_at < '2026-11-01' "
                             "ORDER BY registered_at LIMIT 2")).scalars().all()
        s.execute(text("UPDATE disputes SET title = '=1+1' WHERE id = :i"), {"i": ids[0]})
        s.execute(text("UPDATE disputes SET title = '@SUM(A1:A3)' WHERE id = :i"), {"i": ids[1]})
    store.close()
    return home


@pytest.fixture
def demo(demo_home: Path, tmp_path: Path) -> Iterator[Store]:
    store = open_copy(demo_home, tmp_path)
    yield store
    store.close()


def _expected(store: Store, start: date, end: date) -> dict[str, dict[str, int]]:
    """The definitions, counted case by case in Python from the ORM rows (the other way round)."""
    with store.read() as s:
        cases = s.execute(select(Dispute.id, Dispute.registered_at, Dispute.status, Dispute.closed_at, Dispute.is_major,
                                 Dispute.outcome, Dispute.resolve_due, Dispute.amount_cents, Dispute.category_code)
                          .where(Dispute.deleted_at.is_(None))).all()
        events: dict[str, list[tuple[str, date]]] = defaultdict(list)
        for did, action, at in s.execute(select(DisputeEvent.dispute_id, DisputeEvent.action, DisputeEvent.at)):
            events[did].append((action, at.date()))
    as_of = min(end, TODAY)
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in cases:
        reg = c.registered_at.date()
        if reg > end:
            continue
        evs = events[c.id]
        fin = (c.closed_at.date() if c.status == "closed" else
               max(d for a, d in evs if a == "reject") if c.status == "rejected" else None)
        within = lambda d: start <= d <= end  # noqa: E731
        new = reg >= start
        mediated = any(a in ("resolve", "fail") and within(d) for a, d in evs)
        still_open = fin is None or fin > end
        flags = {
            "carried": reg < start and (fin is None or fin >= start), "new": new, "major": new and bool(c.is_major),
            "accepted": any(a == "accept" and within(d) for a, d in evs) or (new and c.status not in ("registered", "rejected")),
            "mediated": mediated, "success": mediated and c.outcome == "success", "still_open": still_open,
            "overdue": (still_open and c.resolve_due is not None and c.resolve_due < as_of) or (
                c.status == "closed" and fin is not None and within(fin) and fin > c.resolve_due),
            "amount": (c.amount_cents or 0) if new else 0,
        }
        for key in (c.category_code[:2], "total"):
            for f, v in flags.items():
                out[key][f] += int(v)
    return out


def _plain(c: Counts) -> dict[str, int]:
    return {"carried": c.carried, "new": c.new, "major": c.major, "accepted": c.accepted, "mediated": c.mediated,
            "success": c.success, "still_open": c.still_open, "overdue": c.overdue, "amount": c.amount_cents}


def _row_values(c: Counts, ytd: Counts) -> list[float]:
    """The figure columns of sheets 1–3 in the paper form's order."""
    return [c.carried, c.new, c.major, c.accepted, c.mediated, c.success, c.success_rate, c.still_open, c.overdue,
            *c.by_type, *c.people, c.amount_yuan, ytd.new, ytd.mediated, ytd.success, ytd.success_rate]


def _sheet(path: Path, name: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def _by_label(rows: list[list[Any]], labels: int = 1) -> dict[tuple[str, ...], list[Any]]:
    return {tuple(str(v) for v in r[:labels]): r[labels:] for r in rows[3:] if r and r[0] != ""}


def test_figures_agree_with_a_case_by_case_count(demo: Store) -> None:
    fig = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    want = _expected(demo, START, END)
    assert fig.total.month.new > 20 and fig.total.month.mediated > 10  # the demo month is not trivial
    assert _plain(fig.total.month) == dict(want["total"])
    for row in fig.categories:
        assert _plain(row.month) == {k: want[row.key][k] for k in _plain(row.month)}, row.name
    ytd = _expected(demo, date(2026, 1, 1), END)
    assert _plain(fig.total.ytd) == dict(ytd["total"])
    t = fig.total.month
    assert sum(t.people) == t.new and sum(fig.total.ytd.people) == fig.total.ytd.new
    assert sum(t.by_type) == t.mediated
    assert sum(r.month.new for r in fig.villages) == sum(r.month.new for r in fig.grids) == t.new
    assert t.success_rate == round(t.success / t.mediated * 100, 2)


def test_the_decisions_index_reads_the_same_trail(demo: Store) -> None:
    """With the partial index of accept/reject/resolve/fail events (migration 0009) the trail is
    read from it (INDEXED BY fails loudly when the query stops matching its WHERE) and every figure
    stays the same as from the table scan."""
    with demo.engine.connect() as conn:  # migration 0009 made it
        assert monthly_report._trail_source(conn) == f"INDEXED BY {monthly_report.DECISIONS_INDEX}"
    indexed = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    with demo.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP INDEX {monthly_report.DECISIONS_INDEX}")
        assert monthly_report._trail_source(conn) == "NOT INDEXED"
    plain = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    # generated_at is the clock of each run (to the second), not a figure
    assert replace(indexed, generated_at="") == replace(plain, generated_at="") and indexed.total.month.mediated > 10


def test_workbook_read_back_without_recalculation_shows_the_services_figures(demo: Store, tmp_path: Path) -> None:
    fig = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY)
    out = tmp_path / "月报.xlsx"
    write_monthly_report(fig, out, Stamp(prepared_by="张三"))
    sheet1 = _by_label(_sheet(out, "排查化解情况"))
    for row in (*fig.categories, fig.total):
        assert sheet1[(row.name,)][:len(_row_values(row.month, row.ytd))] == pytest.approx(_row_values(row.month, row.ytd)), row.name
    people = sheet1[("合计",)][9 + len(fig.mediation_types):13 + len(fig.mediation_types)]
    assert sum(people) == sheet1[("合计",)][1] == fig.total.month.new
    villages = _by_label(_sheet(out, "按村（社区）"))
    assert villages[("合计",)][:25] == pytest.approx(_row_values(fig.total.month, fig.total.ytd))
    for row in fig.villages:
        assert villages[(row.name,)][:25] == pytest.approx(_row_values(row.month, row.ytd))
    grids = _by_label(_sheet(out, "按网格"), labels=2)
    assert grids[("合计", "")][:25] == pytest.approx(_row_values(fig.total.month, fig.total.ytd))
    scores = AssessmentService(demo).by_department(demo.actor, START, END, today=fig.as_of)
    depts = _by_label(_sheet(out, "按部门"))
    assert len(scores) > 0
    for sc in scores:
        decided = sc.resolved + sc.failed
        rate = round(sc.resolved / decided * 100, 2) if decided else 0
        assert depts[(sc.name,)][:8] == [sc.received, sc.routed, sc.checked_in_on_time, sc.resolved, sc.failed, decided, rate, sc.overdue]
    assert depts[("合计",)][0] == sum(sc.received for sc in scores)
    form_a = {r[0]: r[1:3] for r in _sheet(out, "综治排查情况表")[4:] if r and r[0]}
    t = fig.total.month
    assert form_a["排查数"][0] == t.new and form_a["调处数"][0] == t.mediated and form_a["成功数"][0] == t.success
    assert form_a["调处率（%）"][0] == round(t.mediated / t.new * 100, 2)
    assert form_a["成功率（%）"] == [t.success_rate, fig.total.ytd.success_rate]
    assert form_a["涉及人数合计（应等于排查数）"] == [t.new, fig.total.ytd.new]
    assert sum(form_a[f"{name}：排查数"][0] for name, _n, _m in fig.report_a) == t.new
    key_rows = _sheet(out, "重点人群")
    total = next(r for r in key_rows if r[0] == "合计")
    assert total[2:6] == [sum(k.active for k in fig.key_populations), sum(k.new for k in fig.key_populations),
                          sum(k.removed for k in fig.key_populations), sum(k.visits for k in fig.key_populations)]
    with demo.read() as s:
        visits = s.execute(text("SELECT count(*) FROM visits WHERE visited_on BETWEEN '2026-10-01' AND '2026-10-31'")).scalar()
    assert total[5] == visits
    ledger = _sheet(out, "台账")
    titles = [r[3] for r in ledger[4:]]
    assert "=1+1" in titles and "@SUM(A1:A3)" in titles  # stored as text, read back verbatim
    assert len([r for r in ledger[4:] if r[1].startswith("360731100-")]) == len(fig.ledger) == t.new


def test_an_empty_month_has_zero_rates_not_errors(demo: Store, tmp_path: Path) -> None:
    fig = MonthlyReportService(demo).compute(demo.actor, "2024-03", today=TODAY)
    assert fig.total.month == Counts(by_type=fig.total.month.by_type) and fig.total.month.success_rate == 0.0
    out = tmp_path / "empty.xlsx"
    write_monthly_report(fig, out, Stamp(prepared_by="张三"))
    total = _by_label(_sheet(out, "排查化解情况"))[("合计",)]
    assert total[6] == 0 and total[-1] == 0 and all(v == 0 for v in total[:25])
    assert _by_label(_sheet(out, "按村（社区）"))[("合计",)] == [0] * len(_row_values(fig.total.month, fig.total.ytd))
    with pytest.raises(InputError):
        MonthlyReportService(demo).compute(demo.actor, "2026-13", today=TODAY)
    with pytest.raises(InputError):
        MonthlyReportService(demo).compute(demo.actor, "2027-01", today=TODAY)


def test_a_submitted_month_is_frozen_and_a_later_save_is_a_marked_revision(demo: Store) -> None:
    svc = MonthlyReportService(demo)
    fig = svc.compute(demo.actor, MONTH, today=TODAY)
    first = svc.save(demo.actor, fig, "a" * 64)
    again = svc.save(demo.actor, fig, "b" * 64)
    assert (first.revision, again.revision, again.id, again.status) == (1, 1, first.id, "draft")
    sent = svc.save(demo.actor, fig, "c" * 64, submit=True)
    assert (sent.id, sent.status, sent.submitted_by) == (first.id, "submitted", "admin")
    assert svc.next_revision(demo.actor, MONTH) == (2, True)
    later = svc.save(demo.actor, fig, "d" * 64)
    assert (later.revision, later.status, later.note) == (2, "draft", "更正")
    history = svc.history(demo.actor, MONTH)
    assert [(r.revision, r.status, r.file_sha256[0]) for r in history] == [(1, "submitted", "c"), (2, "draft", "d")]
    with demo.read() as s:  # the submission travels to the county with the next sync
        ops = s.execute(text("SELECT count(*) FROM sync_outbox WHERE tbl = 'monthly_reports'")).scalar()
    assert ops >= 2


def test_ledger_masks_id_numbers_unless_full_numbers_are_asked_for_and_allowed(demo: Store) -> None:
    svc = MonthlyReportService(demo)
    masked = svc.compute(demo.actor, MONTH, today=TODAY)
    full = svc.compute(demo.actor, MONTH, today=TODAY, full_ids=True)
    assert any("**********" in r.parties for r in masked.ledger)
    assert not any("**********" in r.parties for r in full.ledger)
    leader = Actor("boss", "leader")
    assert svc.compute(leader, MONTH, today=TODAY).total == masked.total
    with pytest.raises(PermissionDenied):
        svc.compute(leader, MONTH, today=TODAY, full_ids=True)
    with pytest.raises(PermissionDenied):
        svc.save(leader, masked, "e" * 64)


def test_summary_keeps_figures_but_no_personal_data(demo: Store) -> None:
    fig: MonthlyFigures = MonthlyReportService(demo).compute(demo.actor, MONTH, today=TODAY, full_ids=True)
    summary = str(fig.summary())
    assert fig.ledger and all(r.parties.split("（")[0] not in summary for r in fig.ledger if "（" in r.parties)
    assert fig.summary()["ledger_count"] == len(fig.ledger)
