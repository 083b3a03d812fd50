"""The monthly report's figures (矛盾纠纷排查化解月报), computed from derived columns and trail events.

Definitions (a period is [start, end]; the month, or Jan 1 to the month end for year-to-date):
- the period's cases (新增/排查数) = registered in the period;
- carried over (上期结转) = registered before start and not finished (closed/rejected) before it;
- accepted (受理) = has an accept event in the period, or registered in it and now beyond 待受理
  (not rejected), for cases that landed by sync without their accept event;
- mediated (调处) = has a resolve or fail event (reached 调解成功/不成功) in the period;
- success (成功) = mediated and outcome success; success rate = success / mediated × 100, 0 when
  mediated is 0 (rounded to 2 places, as the workbook's formula does);
- still open (未结) = not finished at the period end;
- overdue (超期) = open at the end and past resolve_due on the earlier of end and today, plus
  closed within the period after resolve_due;
- by mediation type = mediated cases per mediation_type code (last: not recorded, 未注明);
- people-involved buckets of the period's cases: <50, 50–99, 100–499, ≥500 (Σ = new);
- amount = Σ amount_cents of the period's cases / 100 (元).
Finished date: closed_at for 已办结, the reject event for 不予受理. Departments use the 考核 service.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from zongzhi_desktop.domain import case_flow, idnumber
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models.registers import Grid
from zongzhi_desktop.models.reports import MonthlyReport
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit, permissions
from zongzhi_desktop.services.assessment import AssessmentService
from zongzhi_desktop.services.codes import codes_of
from zongzhi_desktop.services.monthly_figures import (  # noqa: F401  (re-exported: callers import them here)
    _FIELDS, BUCKETS, CORRECTION, NO_GRID, Counts, DepartmentRow, FlaggedRow, KeyPopulationRow, LedgerRow,
    MonthlyFigures, ReportRecord, Row, parse_month,
)
from zongzhi_desktop.services.monthly_sql import CASES, CASES_SCAN, MONTH_FLAGS, YEAR_FLAGS, YEAR_ROWS


class MonthlyReportService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def compute(self, actor: Actor, month: str, *, full_ids: bool = False, today: date | None = None) -> MonthlyFigures:
        permissions.require(actor, "stats.read")
        if full_ids:  # the ledger then names parties with full ID numbers: an export of personal data
            permissions.require(actor, "residents.export")
        start, end = parse_month(month)
        today = today or date.today()
        if start > today:
            raise InputError("reports.future_month", month=month)
        as_of = min(end, today)
        p = {"m0": start.isoformat(), "m1": (end + timedelta(days=1)).isoformat(), "y0": start.replace(month=1, day=1).isoformat(),
             "end": end.isoformat(), "asof": as_of.isoformat(), "a": start.isoformat()}
        with self._store.read() as s:
            conn = s.connection()
            scope, grids_allowed = _scope(s, actor)
            p.update(grids_allowed)
            _materialise(conn, p, scope)
            cats = {c.code: c for c in codes_of(s, "dispute_category")}
            types = [(c.code, c.name) for c in codes_of(s, "mediation_type")]
            names = _Names(s, cats, types)
            type_codes = [t for t, _ in types]
            by_code = _grouped(conn, p, "category_code", type_codes)
            by_grid_id = _grouped(conn, p, "grid_id", type_codes)
            level1 = lambda code: code if code in cats and not cats[code].parent_code else (  # noqa: E731
                cats[code].parent_code if code in cats else code[:2])
            by_cat = _rollup(by_code, level1, len(types))
            by_grid = _rollup(by_grid_id, lambda g: g or "", len(types))
            by_village = _rollup(by_grid_id, lambda g: names.village_of.get(g or "", ""), len(types))
            empty = Counts(by_type=(0,) * (len(types) + 1))
            cat_order = [c for c in cats if not cats[c].parent_code] + sorted(set(by_cat) - set(cats))
            categories = tuple(Row(c, names.cat(c), *by_cat.get(c, (empty, empty))) for c in cat_order)
            villages = tuple(Row(v, names.villages.get(v, v) or NO_GRID, *by_village[v]) for v in sorted(by_village))
            grids = tuple(Row(g, names.grids.get(g, g) or NO_GRID, *by_grid[g], parent=names.villages.get(
                names.village_of.get(g, ""), "") or NO_GRID) for g in sorted(by_grid, key=lambda g: (names.village_of.get(g, "~"), names.grids.get(g, "~"))))
            total = Row("total", "合计", sum((r.month for r in categories), empty), sum((r.ytd for r in categories), empty))
            report_a = _report_a(s, categories)
            ledger = _ledger(conn, p, scope, names, full_ids)
            flagged = _flagged(conn, p, scope, names, as_of)
            key_pops = _key_populations(conn, p, scope, names)
            screenings, found = conn.execute(text(
                "SELECT count(*), coalesce(sum(found_count), 0) FROM screenings WHERE deleted_at IS NULL "
                "AND held_on >= :m0 AND held_on <= :end"), p).one()
        departments = tuple(
            DepartmentRow(sc.name, sc.received, sc.routed, sc.checked_in_on_time, sc.resolved, sc.failed, sc.overdue,
                          sc.avg_days_to_close, sc.satisfaction)
            for sc in AssessmentService(self._store).by_department(actor, start, end, today=as_of))
        return MonthlyFigures(
            month=start.strftime("%Y-%m"), township=self._store.state("township_name") or "", start=start, end=end,
            as_of=as_of, mediation_types=tuple(n for _, n in types) + ("未注明",), categories=categories,
            villages=villages, grids=grids, total=total, report_a=report_a, departments=departments, ledger=ledger,
            flagged=flagged, key_populations=key_pops, screenings=int(screenings), screenings_found=int(found),
            full_ids=full_ids,
        )

    def history(self, actor: Actor, month: str) -> list[ReportRecord]:
        permissions.require(actor, "stats.read")
        parse_month(month)
        with self._store.read() as s:
            return [_record(r) for r in _revisions(s, month)]

    def next_revision(self, actor: Actor, month: str) -> tuple[int, bool]:
        """The revision a save would write now, and whether it is a correction (更正) of a submitted one."""
        records = self.history(actor, month)
        if not records:
            return 1, False
        last = records[-1]
        return (last.revision + 1, True) if last.status == "submitted" else (last.revision, last.note == CORRECTION)

    def save(self, actor: Actor, figures: MonthlyFigures, file_sha256: str, *, submit: bool = False) -> ReportRecord:
        """已编制 → 已上报. A draft is replaced; a submitted revision is frozen, so a later save is revision+1 (更正)."""
        permissions.require(actor, "disputes.act")  # leaders read reports; centre staff compile and submit them
        summary = json.dumps(figures.summary(), ensure_ascii=False, sort_keys=True, default=str)
        with self._store.write(actor) as s:
            revisions = _revisions(s, figures.month)
            last = revisions[-1] if revisions else None
            if last is None or last.status == "submitted":
                last = MonthlyReport(month=figures.month, revision=(last.revision + 1) if last else 1, status="draft",
                                     note=CORRECTION if last else None, created_by=actor.username)
                s.add(last)
            last.figures, last.file_sha256, last.updated_by = summary, file_sha256, actor.username
            if submit:
                last.status, last.submitted_at, last.submitted_by = "submitted", datetime.now(), actor.username
            s.flush()
            return _record(last)


    def record_export(self, actor: Actor, figures: MonthlyFigures, path: str | Path) -> None:
        """The workbook is about to be written (its ledger names the parties): one audit entry, made
        before the file appears so that no crash leaves a file nobody has on record."""
        audit.record_now(self._store, actor, "report.export", "monthly_reports", None, {
            "month": figures.month, "rows": len(figures.ledger), "masked": not figures.full_ids,
            "file": audit.file_label(path)})


class _Names:
    """Names of codes, grids and villages for one unit of work."""

    def __init__(self, s: Session, cats: dict[str, Any], types: list[tuple[str, str]]) -> None:
        self.cats = {code: c.name for code, c in cats.items()}
        self.statuses = case_flow.STATUS_NAMES
        self.types = dict(types)
        grid_rows = s.execute(text("SELECT id, name, village_code FROM grids")).all()
        self.grids = {g: n for g, n, _v in grid_rows}
        self.village_of = {g: v for g, _n, v in grid_rows}
        self.villages = dict(s.execute(text("SELECT id, name FROM regions WHERE level = 'village'")).all())
        self.villages.update({v: self.villages.get(v, v) for v in self.village_of.values()})
        self.kp_types = dict(s.execute(text("SELECT code, name FROM code_items WHERE kind = 'key_population'")).all())

    def cat(self, code: str | None) -> str:
        return self.cats.get(code or "", code or "")

    def village(self, grid_id: str | None) -> str:
        return self.villages.get(self.village_of.get(grid_id or "", ""), "") or NO_GRID


def _scope(s: Session, actor: Actor) -> tuple[str, dict[str, Any]]:
    if permissions.scoped_to_everything(actor):
        return "", {}
    own = list(s.scalars(select(Grid.id).where(permissions.grid_scope(actor, Grid.id))))
    return "AND d.grid_id IN :own_grids", {"own_grids": own}


def _materialise(conn: Any, p: dict[str, Any], scope: str) -> None:
    """The per-case rows once, with every figure's flag for the month (m_*) and the year (y_*) as
    columns, in a temp table the later queries share (the trail read is the costly part; the flags
    are evaluated once per case instead of once per query); created inside the read transaction,
    so its rollback drops it. The trail is read case by case through the decisions index
    (monthly_sql.CASES), or grouped from a scan of it should a store lack that index."""
    conn.execute(text("DROP TABLE IF EXISTS temp.mr_cases"))
    flags = [f"{expr} AS m_{k}" for k, expr in MONTH_FLAGS.items()]
    flags += [f"{expr} AS y_{k}" for k, expr in YEAR_FLAGS.items()]
    trail = _trail_source(conn)
    base = (CASES if trail.startswith("INDEXED") else CASES_SCAN).format(
        scope=scope, cases="" if scope else "NOT INDEXED", trail=trail)
    stmt = text("CREATE TEMP TABLE mr_cases AS " + base + f" SELECT c.*, {', '.join(flags)} FROM c")
    conn.execute(stmt.bindparams(bindparam("own_grids", expanding=True)) if scope else stmt, p)


# (dispute_id, at, action) WHERE action IN ('accept', 'reject', 'resolve', 'fail'): a case's
# decisions in time order, one search per case; no other query can use it (its WHERE must appear
# verbatim).
DECISIONS_INDEX = "ix_dispute_events_case_decisions"


def _trail_source(conn: Any) -> str:
    found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :n"),
                         {"n": DECISIONS_INDEX}).first()
    return f"INDEXED BY {DECISIONS_INDEX}" if found else "NOT INDEXED"


def _sql(sql: str, scope: str) -> Any:
    return text("WITH c AS (SELECT * FROM temp.mr_cases)" + sql)


def _grouped(conn: Any, p: dict[str, Any], by: str, type_codes: list[str]) -> dict[Any, tuple[list[int], list[int]]]:
    """Sums per value of `by` (category_code or grid_id) for the month and the year, as flat vectors
    (8 figures, mediated by type with 未注明 last, 4 buckets, amount) that `_rollup` adds up.
    SQLite sums the stored flags of both periods over the year's rows in one pass (the month's
    flags are 0 on the rest): a few dozen or a few hundred groups come back, not one per case. The
    groups come in the order of their smallest category code, then their own value: the order in
    which the former per-(category, grid, type) query met them, which ties in a sort still keep."""
    params = {**p, **{f"mr_t{i}": code for i, code in enumerate(type_codes)}}
    n, t = len(_FIELDS), len(type_codes)
    cols = []
    for period in ("m", "y"):
        cols += [f"SUM({period}_{k})" for k in _FIELDS]
        cols += [f"SUM(CASE WHEN mediation_type = :mr_t{i} THEN {period}_mediated ELSE 0 END)" for i in range(t)]
    rows = YEAR_ROWS
    out = {}
    for r in conn.execute(text(f"SELECT {by}, MIN(category_code), {', '.join(cols)} FROM temp.mr_cases "
                               f"WHERE {rows} GROUP BY {by}"), params):
        vectors = []
        for at in (2, 2 + n + t):
            v = [int(x or 0) for x in r[at: at + n]]
            typed = [int(x or 0) for x in r[at + n: at + n + t]]
            vectors.append(v[:8] + typed + [v[4] - sum(typed)] + v[8:])  # v[4]: mediated; the rest is 未注明
        out[r[0]] = (r[1], vectors)
    order = sorted(out, key=lambda k: (out[k][0], k is not None, k or ""))
    return {k: (out[k][1][0], out[k][1][1]) for k in order}


def _rollup(groups: dict, key_of: Any, n_types: int) -> dict[str, tuple[Counts, Counts]]:
    size = 8 + n_types + 1 + 5
    acc: dict[str, tuple[list[int], list[int]]] = {}
    for key, (m, y) in groups.items():
        am, ay = acc.setdefault(key_of(key), ([0] * size, [0] * size))
        for i in range(size):
            am[i] += m[i]
            ay[i] += y[i]
    w = n_types + 1
    counts = lambda v: Counts(*v[:8], by_type=tuple(v[8:8 + w]), people=tuple(v[8 + w:12 + w]),  # noqa: E731
                              amount_cents=v[12 + w])
    return {k: (counts(m), counts(y)) for k, (m, y) in acc.items()}


def _report_a(s: Session, categories: tuple[Row, ...]) -> tuple[tuple[str, int, int], ...]:
    """The 综治 form's 19 categories (domain §2.1 A), mapped from level 1 through code-table `extra.report_a`."""
    items = s.execute(text("SELECT code, extra FROM code_items WHERE kind = 'dispute_category' AND parent_code IS NULL")).all()
    mapping = {code: json.loads(extra or "{}").get("report_a", "other") for code, extra in items}
    sums: dict[str, list[int]] = {}
    for row in categories:
        slot = sums.setdefault(mapping.get(row.key, "other"), [0, 0])
        slot[0] += row.month.new
        slot[1] += row.month.mediated
    return tuple((name, *sums.get(key, [0, 0])) for key, name in REPORT_A)  # type: ignore[misc]


REPORT_A = (("religion", "民族宗教矛盾纠纷"), ("soldier", "军转干部、复原退伍军人安置引发的矛盾纠纷"),
            ("remove", "征地拆迁安置引发的矛盾纠纷"), ("assets", "建筑工程质量、物业管理等问题引发的矛盾纠纷"),
            ("landBoundaries", "土地矿产山林水利界限权属纠纷"), ("economy", "经济活动引发的矛盾纠纷"), ("labour", "劳资纠纷"),
            ("ltd", "企业改制引发的矛盾纠纷"), ("environ", "环境污染、生态破坏引发的矛盾纠纷"), ("judicial", "司法活动引发的矛盾纠纷"),
            ("admin", "行政执法活动引发的矛盾纠纷"), ("school", "大中专院校、中小学校引发的矛盾纠纷"), ("sea", "海事渔事纠纷"),
            ("cadre", "干部作风等问题引发的矛盾纠纷"), ("vilth", "村务管理引发的矛盾纠纷"),
            ("job", "农村土地承包、农村集体“三资”及农民负担等问题引发的矛盾纠纷"), ("family", "婚姻家庭邻里等各类民间纠纷"),
            ("patient", "医患纠纷"), ("other", "其他"))


def _ledger(conn: Any, p: dict[str, Any], scope: str, names: _Names, full_ids: bool) -> tuple[LedgerRow, ...]:
    rows = conn.execute(text(
        "SELECT id, case_no, reg, title, category_code, grid_id, people_involved, amount_cents, is_major, mediation_type, "
        "status, outcome, fin, resolve_due, m_overdue FROM temp.mr_cases WHERE reg >= :m0 "
        "ORDER BY registered_at, case_no"), p).all()
    parties: dict[str, list[str]] = {}
    masked: dict[str, str] = {}
    for did, role, name, number in conn.execute(_sql(
            " SELECT p.dispute_id, ci.name, p.name, p.id_number FROM dispute_parties p JOIN c ON c.id = p.dispute_id "
            "LEFT JOIN code_items ci ON ci.id = 'party_role:' || p.role "
            "WHERE c.reg >= :m0 AND p.deleted_at IS NULL ORDER BY p.sort_order", scope), p):
        if full_ids or not number:
            shown = number if full_ids else ""
        else:
            shown = masked.get(number)
            if shown is None:
                shown = masked[number] = idnumber.mask(number)
        parties.setdefault(did, []).append(f"{role or ''} {name}" + (f"（{shown}）" if shown else ""))
    grids, cat, village, types, statuses = names.grids, names.cat, names.village, names.types, names.statuses
    outcomes = {"success": "成功", "failed": "不成功"}
    return tuple(LedgerRow(
        case_no=case_no, registered_on=reg, title=title, category=cat(category_code), village=village(grid_id),
        grid=grids.get(grid_id or "", NO_GRID), parties="；".join(parties.get(did, [])), people_involved=int(people or 0),
        amount_yuan=None if amount is None else amount / 100, is_major=bool(major),
        mediation_type=types.get(mtype or "", mtype or ""), status=statuses.get(status, status),
        outcome=outcomes.get(outcome or "", ""), closed_on=fin or "", resolve_due=str(due or ""), overdue=bool(late),
    ) for (did, case_no, reg, title, category_code, grid_id, people, amount, major, mtype, status, outcome, fin, due, late)
        in rows)


def _flagged(conn: Any, p: dict[str, Any], scope: str, names: _Names, as_of: date) -> tuple[FlaggedRow, ...]:
    sql = text("SELECT case_no, reg, title, category_code, grid_id, is_major, status, resolve_due, supervision, fin, "
               "m_overdue FROM temp.mr_cases WHERE (fin IS NULL OR fin >= :m0) AND "
               "((is_major = 1 AND (m_new OR m_still_open)) OR m_overdue) ORDER BY resolve_due, case_no")
    out = []
    supervision_names = {"normal": "普通督办", "yellow": "黄牌", "red": "红牌"}
    for case_no, reg, title, category_code, grid_id, is_major, status, resolve_due, supervision, fin, late in conn.execute(sql, p):
        due = date.fromisoformat(str(resolve_due)) if resolve_due else None
        stop = date.fromisoformat(fin) if fin and fin <= p["end"] else as_of
        out.append(FlaggedRow(
            case_no=case_no, registered_on=reg, title=title, category=names.cat(category_code),
            grid=names.grids.get(grid_id or "", NO_GRID), is_major=bool(is_major),
            status=names.statuses.get(status, status), resolve_due=str(resolve_due or ""),
            overdue_days=max(0, (stop - due).days) if late and due else 0,
            supervision=supervision_names.get(supervision or "", "")))
    return tuple(out)


def _key_populations(conn: Any, p: dict[str, Any], scope: str, names: _Names) -> tuple[KeyPopulationRow, ...]:
    started = "coalesce(kp.started_on, date(kp.created_at))"
    sql = text(
        f"SELECT kp.id, kp.type_code, g.village_code, "
        f"{started} <= :end AND (kp.ended_on IS NULL OR kp.ended_on > :end), "
        f"{started} >= :m0 AND {started} <= :end, "
        "kp.ended_on >= :m0 AND kp.ended_on <= :end "
        "FROM key_persons kp JOIN residents r ON r.id = kp.resident_id LEFT JOIN grids g ON g.id = r.grid_id "
        f"WHERE kp.deleted_at IS NULL AND r.deleted_at IS NULL {scope.replace('d.grid_id', 'r.grid_id')}")
    if scope:
        sql = sql.bindparams(bindparam("own_grids", expanding=True))
    # The month's visits per person from one pass over the table, added up here: through the
    # key_person_id index SQLite fetched every visit row of every person at random, and a join of
    # the counted visits (or a subquery per person) cost more than both queries together.
    visits = dict(conn.execute(text(
        "SELECT key_person_id, count(*) FROM visits NOT INDEXED WHERE deleted_at IS NULL "
        "AND visited_on >= :m0 AND visited_on <= :end GROUP BY key_person_id"), p).all())
    sums: dict[tuple[Any, Any], list[int]] = {}
    for kp_id, t, v, active, new, removed in conn.execute(sql, p):
        slot = sums.setdefault((t, v), [0, 0, 0, 0])
        slot[0] += active or 0
        slot[1] += new or 0
        slot[2] += removed or 0
        slot[3] += visits.get(kp_id, 0)
    order = list(names.kp_types)
    rows = [KeyPopulationRow(names.kp_types.get(t, t), names.villages.get(v or "", v or NO_GRID), *sums[(t, v)])
            for t, v in sorted(sums, key=lambda k: (k[0] is not None, k[0] or "", k[1] is not None, k[1] or ""))
            if any(sums[(t, v)])]
    rank = {names.kp_types.get(t, t): i for i, t in enumerate(order)}
    return tuple(sorted(rows, key=lambda r: (rank.get(r.type_name, 99), r.village)))


def _revisions(s: Session, month: str) -> list[MonthlyReport]:
    return list(s.scalars(select(MonthlyReport).where(MonthlyReport.month == month, MonthlyReport.deleted_at.is_(None))
                          .order_by(MonthlyReport.revision)))


def _record(r: MonthlyReport) -> ReportRecord:
    return ReportRecord(r.id, r.month, r.revision, r.status, r.file_sha256, r.submitted_at, r.submitted_by, r.note)
