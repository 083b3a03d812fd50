"""Demo dispute cases across the past year: every path of the lifecycle, with a real trail."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, text

from zongzhi_desktop.demo.rng import DemoRandom
from zongzhi_desktop.models import trail
from zongzhi_desktop.models.disputes import Dispute, DisputeParty
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services import case_state

CHUNK = 500  # cases per transaction
_TITLES = {
    "01": ["离婚财产分割纠纷", "赡养老人费用纠纷", "子女抚养费纠纷"], "02": ["邻里排水纠纷", "邻里噪音纠纷", "通行道路纠纷"],
    "03": ["宅基地边界纠纷", "房屋租赁押金纠纷"], "04": ["民间借贷纠纷", "农资买卖货款纠纷"], "07": ["拖欠农民工工资纠纷", "工伤赔偿纠纷"],
    "08": ["土地承包经营权纠纷", "山林权属纠纷"], "06": ["牲畜损坏庄稼赔偿纠纷"], "13": ["电动车碰撞赔偿纠纷"], "10": ["小区物业费纠纷"],
    "11": ["征地补偿款分配纠纷"], "09": ["医疗费用纠纷"], "12": ["养殖场异味污染纠纷"], "99": ["其他纠纷"],
}
_WEIGHTS = {"01": 18, "02": 22, "03": 12, "04": 10, "07": 9, "08": 8, "06": 6, "13": 5, "10": 3, "11": 3, "09": 2, "12": 1, "99": 1}


def build_disputes(store: Store, rng: DemoRandom, *, count: int, today: date) -> int:
    """`count` cases registered over the last year, walked along realistic paths; returns events made."""
    with store.read() as s:
        conn = s.connection()
        grids = [r[0] for r in conn.execute(text("SELECT id FROM grids WHERE deleted_at IS NULL"))]
        depts = [r[0] for r in conn.execute(text("SELECT id FROM departments WHERE deleted_at IS NULL ORDER BY name"))]
        people = conn.execute(text("SELECT id, name, id_number, phone FROM residents WHERE deleted_at IS NULL "
                                   "ORDER BY id LIMIT 5000")).all()
        leaves = {p: [r[0] for r in conn.execute(text("SELECT code FROM code_items WHERE kind = 'dispute_category' "
                                                         "AND parent_code = :p ORDER BY sort_order"), {"p": p})] for p in _TITLES}
    if not grids or not depts or not people:
        return 0
    made = 0
    seq = 0
    for start in range(0, count, CHUNK):
        with store.write(store.actor) as s:
            conn = s.connection()
            rules = case_state.Rules.load(conn)
            cases, parties, plans = [], [], []
            for _ in range(min(CHUNK, count - start)):
                seq += 1
                case, case_parties, plan = _case(rng, seq, today, grids, depts, people, leaves, store.actor.username)
                cases.append(case)
                parties += case_parties
                plans.append((case["id"], case["registered_at"], plan))
            conn.execute(insert(Dispute), cases)
            conn.execute(insert(DisputeParty), parties)
            for case_id, registered, plan in plans:
                made += _walk(conn, rng, case_id, registered, plan, store.actor.username, today)
            case_state.refresh(conn, [c["id"] for c in cases], rules)
            conn.execute(text("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('case_seq', :v)"), {"v": str(seq)})
    return made


def _case(rng: DemoRandom, seq: int, today: date, grids: list[str], depts: list[str], people: list[Any],
          leaves: dict[str, list[str]], actor: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[tuple[str, dict]]]:
    group = rng.choices(list(_WEIGHTS), weights=list(_WEIGHTS.values()))[0]
    registered = datetime.combine(today - timedelta(days=rng.randint(1, 365)), datetime.min.time()) + timedelta(
        hours=rng.randint(8, 17), minutes=rng.randint(0, 59))
    case_id = rng.next_id()
    involved = rng.choices((2, 3, 6, 30, 60, 150, 600), weights=(60, 15, 10, 8, 4, 2, 1))[0]
    case = {
        "id": case_id, "case_no": f"360731100-{registered.year}-01-{seq:06d}", "origin": "township",
        "title": rng.choice(_TITLES[group]), "category_code": rng.choice(leaves[group] or [group]),
        "channel": rng.choices(("visit", "phone", "grid", "department", "county", "online"), weights=(35, 20, 30, 8, 4, 3))[0],
        "occurred_on": (registered - timedelta(days=rng.randint(0, 20))).date(), "grid_id": rng.choice(grids),
        "people_involved": involved, "amount_cents": rng.choice((None, 200000, 500000, 1200000, 3000000)),
        "description": "经网格员走访了解，双方因此事多次发生争执，请求调解。", "risk_level": rng.choices(("low", "medium", "high"), weights=(70, 25, 5))[0],
        "is_major": int(involved >= 50 or rng.random() < 0.02), "registered_at": registered, "registered_by": actor,
    }
    parties = []
    for order, role in enumerate(("applicant", "respondent") + (("third",) if rng.random() < 0.1 else ())):
        pid, name, number, phone = rng.choice(people)
        parties.append({"id": rng.next_id(),
                        "dispute_id": case_id, "role": role, "name": name, "id_number": number, "phone": phone,
                        "resident_id": pid, "sort_order": order})
    return case, parties, _plan(rng, registered, today, rng.choice(depts))


def _plan(rng: DemoRandom, registered: datetime, today: date, dept: str) -> list[tuple[str, dict]]:
    """The steps this case has gone through so far (recent cases are still open)."""
    age = (today - registered.date()).days
    path: list[tuple[str, dict]] = [("register", {})]
    if rng.random() < 0.03:
        return path + [("reject", {"note": "不属于受理范围，已告知当事人向有关部门反映"})]
    path += [("accept", {}), ("triage", {})]
    if age < 3:
        return path[: rng.randint(1, 3)]
    path += [("route", {"data": {"departments": [dept], "mediation_type": rng.choice(("people", "people", "administrative", "joint"))}}),
             ("checkin", {"department": dept}), ("record", {"note": "组织双方当事人面对面调解"})]
    if rng.random() < 0.1:
        path.append(("supervise", {"data": {"level": rng.choice(("normal", "yellow", "red"))}}))
    if (age < 20 and rng.random() < 0.6) or rng.random() < 0.04:  # some old ones are still open: overdue
        return path
    if rng.random() < 0.85:
        path += [("resolve", {"data": {"agreement": "双方自愿达成调解协议，按约定履行。", "form": "written"}}),
                 ("verify", {"data": {"followup": "full", "satisfaction": rng.choice(("very_satisfied", "satisfied", "neutral"))}}),
                 ("close", {"data": {"closure_kind": "substantive"}})]
    else:
        path += [("fail", {"data": {"referral": rng.choice(("litigation", "arbitration", "petition"))}, "note": "调解未达成一致"}),
                 ("close", {"data": {"closure_kind": "procedural"}})]
    return path


def _walk(conn: Connection, rng: DemoRandom, case_id: str, registered: datetime, plan: list[tuple[str, dict]],
          actor: str, today: date) -> int:
    # Steps a few hours to days apart, never later than the end of yesterday (nothing in the future).
    latest = datetime.combine(today, datetime.min.time()) - timedelta(minutes=1)
    at, status = registered, None
    for action, opts in plan:
        to = {"register": "registered", "reject": "rejected", "accept": "accepted", "triage": "triaged", "route": "routed",
              "checkin": "in_mediation", "resolve": "resolved", "fail": "failed", "verify": "verified", "close": "closed"}.get(action, status)
        trail.append(conn, dispute_id=case_id, actor=actor, actor_name="演示管理员", action=action, from_status=status,
                     to_status=to, department_id=opts.get("department"), note=opts.get("note"), data=opts.get("data"), at=at)
        status = to
        at = max(at, min(at + timedelta(hours=rng.randint(2, 96)), latest))
    return len(plan)
