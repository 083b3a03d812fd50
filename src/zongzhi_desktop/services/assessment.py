"""考核: how each department and each grid handled the cases of a period — received, routed, checked
in on time, resolved, success rate, overdue, average days to close, satisfaction."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, text

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import case_state, permissions


@dataclass(frozen=True)
class Score:
    key: str  # department or grid id
    name: str
    received: int
    routed: int
    checked_in_on_time: int
    resolved: int
    failed: int
    success_rate: float | None  # resolved / (resolved + failed); None when nothing was decided
    overdue: int
    avg_days_to_close: float | None
    satisfaction: float | None  # mean score 1-5 of the follow-up visits


class AssessmentService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def by_department(self, actor: Actor, start: date, end: date, today: date | None = None) -> list[Score]:
        return self._scores(actor, start, end, today or date.today(), per="department")

    def by_grid(self, actor: Actor, start: date, end: date, today: date | None = None) -> list[Score]:
        return self._scores(actor, start, end, today or date.today(), per="grid")

    def _scores(self, actor: Actor, start: date, end: date, today: date, per: str) -> list[Score]:
        permissions.require(actor, "stats.read")
        with self._store.read() as s:
            conn = s.connection()
            rules = case_state.Rules.load(conn)
            cases = _cases(conn, start, end)
            events = _events(conn, [c["id"] for c in cases])
            scores_of = {code: json.loads(extra or "{}").get("score", 3) for code, extra in
                         conn.execute(text("SELECT code, extra FROM code_items WHERE kind = 'satisfaction'"))}
            names = dict(conn.execute(text(f"SELECT id, name FROM {'departments' if per == 'department' else 'grids'}")).all())
            acc: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
            for case in cases:
                evs = events.get(case["id"], [])
                routes = [e for e in evs if e["action"] == "route"]
                keys = ({d for e in routes for d in json.loads(e["data"] or "{}").get("departments", [])}
                        if per == "department" else {case["grid_id"]} if case["grid_id"] else set())
                for key in keys:
                    a = acc[key]
                    a["received"].append(1)
                    a["routed"].append(1 if routes else 0)
                    routed_at = min((_dt(e["at"]) for e in routes), default=None)
                    checkins = [_dt(e["at"]) for e in evs if e["action"] == "checkin" and (per == "grid" or e["department_id"] == key)]
                    if routed_at and checkins:
                        due = rules.due(routed_at.date(), "checkin", case["category_code"])
                        a["on_time"].append(1 if min(checkins).date() <= due else 0)
                    a["resolved"].append(1 if case["outcome"] == "success" else 0)
                    a["failed"].append(1 if case["outcome"] == "failed" else 0)
                    late = (case["status"] not in ("closed", "rejected") and case["resolve_due"] and case["resolve_due"] < today.isoformat()) or (
                        case["status"] == "closed" and case["closed_at"] and case["resolve_due"] and case["closed_at"][:10] > case["resolve_due"])
                    a["overdue"].append(1 if late else 0)
                    if case["closed_at"]:
                        a["days"].append((_dt(case["closed_at"]) - _dt(case["registered_at"])).days)
                    if case["satisfaction"]:
                        a["satisfaction"].append(scores_of.get(case["satisfaction"], 3))
            return sorted((_score(key, names.get(key, key), a) for key, a in acc.items()), key=lambda sc: -sc.received)


def _cases(conn: Connection, start: date, end: date) -> list[dict]:
    rows = conn.execute(text(
        "SELECT id, grid_id, category_code, status, outcome, registered_at, closed_at, resolve_due, satisfaction "
        "FROM disputes WHERE deleted_at IS NULL AND date(registered_at) BETWEEN :a AND :b"),
        {"a": start.isoformat(), "b": end.isoformat()}).mappings().all()
    return [dict(r) for r in rows]


def _events(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk: chunk + 500]
        marks = ", ".join(f":i{n}" for n in range(len(part)))
        for r in conn.execute(text(f"SELECT dispute_id, action, at, department_id, data FROM dispute_events "
                                   f"WHERE dispute_id IN ({marks}) ORDER BY hlc"), {f"i{n}": v for n, v in enumerate(part)}).mappings():
            out[r["dispute_id"]].append(dict(r))
    return out


def _score(key: str, name: str, a: dict[str, list]) -> Score:
    decided = sum(a["resolved"]) + sum(a["failed"])
    return Score(
        key=key, name=name, received=len(a["received"]), routed=sum(a["routed"]), checked_in_on_time=sum(a["on_time"]),
        resolved=sum(a["resolved"]), failed=sum(a["failed"]),
        success_rate=round(sum(a["resolved"]) / decided, 4) if decided else None, overdue=sum(a["overdue"]),
        avg_days_to_close=round(sum(a["days"]) / len(a["days"]), 1) if a["days"] else None,
        satisfaction=round(sum(a["satisfaction"]) / len(a["satisfaction"]), 2) if a["satisfaction"] else None,
    )


def _dt(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
