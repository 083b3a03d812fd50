"""The SQL text of the monthly report's per-case table: one row per case with its finished date and
decision marks, and each figure's flag over those rows (the report service runs it)."""

from __future__ import annotations

# One row per case with its finished date, decision and accept marks: the flags below read it.
# Plans: each case's decisions of the year are read by one search of the partial covering index of
# these four actions by case (migration 0010; {trail}: monthly_report._trail_source) and folded into a bit mask
# (1, 2: resolved or failed in the month, the year; 4, 8: accepted in the month, the year), the
# reject date only for the rejected. `raw` is MATERIALIZED so the flags read reg/fin as stored
# values instead of re-evaluating their date() expressions once per flag. `{cases}` is NOT INDEXED
# when every case is wanted (a whole-table scan beats the registered_at index walk); scoped to
# grids, the index stays. Everything the report counts comes from the year's decisions (at >= y0).
_DECIDED = "FROM dispute_events {trail} WHERE dispute_id = d.id AND action IN ('accept', 'reject', 'resolve', 'fail') AND at >= :y0"
CASES = """
WITH raw AS MATERIALIZED (
  SELECT d.id, d.case_no, d.title, d.category_code, d.grid_id, d.is_major, d.people_involved, d.amount_cents,
    d.mediation_type, d.outcome, d.status, d.resolve_due, d.supervision, d.registered_at, d.closed_at,
    date(d.registered_at) AS reg,
    CASE WHEN d.status = 'closed' THEN date(d.closed_at)
         WHEN d.status = 'rejected' THEN date(coalesce((SELECT MAX(at) """ + _DECIDED + """ AND action = 'reject'),
                                                      d.registered_at)) END AS fin,
    coalesce((SELECT MAX(CASE WHEN action IN ('resolve', 'fail') AND at >= :m0 AND at < :m1 THEN 1 ELSE 0 END)
                   + 2 * MAX(CASE WHEN action IN ('resolve', 'fail') AND at < :m1 THEN 1 ELSE 0 END)
                   + 4 * MAX(CASE WHEN action = 'accept' AND at >= :m0 AND at < :m1 THEN 1 ELSE 0 END)
                   + 8 * MAX(CASE WHEN action = 'accept' AND at < :m1 THEN 1 ELSE 0 END) """ + _DECIDED + """), 0) AS marks
  FROM disputes d {cases}
  WHERE d.deleted_at IS NULL AND d.registered_at < :m1 {scope}
), c AS (
  SELECT id, case_no, title, category_code, grid_id, is_major, people_involved, amount_cents, mediation_type, outcome,
    status, resolve_due, supervision, registered_at, closed_at, reg, fin,
    marks & 1 AS med_m, (marks >> 1) & 1 AS med_y, (marks >> 2) & 1 AS acc_m, (marks >> 3) & 1 AS acc_y
  FROM raw
)"""

# The same rows from the trail in table order, for a store without that index (NOT INDEXED: walking
# the dispute_id index would fetch every event row at random).
CASES_SCAN = """
WITH ev AS (
  SELECT dispute_id,
    MAX(CASE WHEN action = 'reject' THEN at END) AS rejected_at,
    MAX(CASE WHEN action IN ('resolve', 'fail') AND at >= :m0 AND at < :m1 THEN 1 ELSE 0 END) AS med_m,
    MAX(CASE WHEN action IN ('resolve', 'fail') AND at >= :y0 AND at < :m1 THEN 1 ELSE 0 END) AS med_y,
    MAX(CASE WHEN action = 'accept' AND at >= :m0 AND at < :m1 THEN 1 ELSE 0 END) AS acc_m,
    MAX(CASE WHEN action = 'accept' AND at >= :y0 AND at < :m1 THEN 1 ELSE 0 END) AS acc_y
  FROM dispute_events {trail} WHERE action IN ('accept', 'reject', 'resolve', 'fail') AND at >= :y0 GROUP BY dispute_id
), c AS MATERIALIZED (
  SELECT d.id, d.case_no, d.title, d.category_code, d.grid_id, d.is_major, d.people_involved, d.amount_cents,
    d.mediation_type, d.outcome, d.status, d.resolve_due, d.supervision, d.registered_at, d.closed_at,
    date(d.registered_at) AS reg,
    CASE WHEN d.status = 'closed' THEN date(d.closed_at)
         WHEN d.status = 'rejected' THEN date(coalesce(ev.rejected_at, d.registered_at)) END AS fin,
    coalesce(ev.med_m, 0) AS med_m, coalesce(ev.med_y, 0) AS med_y,
    coalesce(ev.acc_m, 0) AS acc_m, coalesce(ev.acc_y, 0) AS acc_y
  FROM disputes d {cases} LEFT JOIN ev ON ev.dispute_id = d.id
  WHERE d.deleted_at IS NULL AND d.registered_at < :m1 {scope}
)"""


def flags(p: str, start: str) -> dict[str, str]:
    """SQL for each figure of one period (`p`: m or y; `start`: its first day's parameter)."""
    new = f"(reg >= {start})"
    still_open = "(fin IS NULL OR fin > :end)"
    return {
        "carried": f"(reg < {start} AND (fin IS NULL OR fin >= {start}))",
        "new": new,
        "major": f"({new} AND is_major = 1)",
        "accepted": f"(acc_{p} = 1 OR ({new} AND status NOT IN ('registered', 'rejected')))",
        "mediated": f"(med_{p} = 1)",
        "success": f"(med_{p} = 1 AND outcome = 'success')",
        "still_open": still_open,
        "overdue": f"(({still_open} AND resolve_due < :asof) OR "
                   f"(status = 'closed' AND fin >= {start} AND fin <= :end AND fin > resolve_due))",
        "b1": f"({new} AND coalesce(people_involved, 0) < 50)",
        "b2": f"({new} AND people_involved >= 50 AND people_involved < 100)",
        "b3": f"({new} AND people_involved >= 100 AND people_involved < 500)",
        "b4": f"({new} AND people_involved >= 500)",
        "amount": f"(CASE WHEN {new} THEN coalesce(amount_cents, 0) ELSE 0 END)",
    }


# Rows that can count in the year: those not finished before it began (for the others every flag is
# 0). Month flags are 0 on the year's rows finished before the month began, so one pass sums both.
YEAR_ROWS = "(fin IS NULL OR fin >= :y0)"
MONTH_FLAGS = flags("m", ":m0")
YEAR_FLAGS = flags("y", ":y0")
