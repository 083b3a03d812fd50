"""Dispute cases: intake (统一受理) and every step after it (分流办理, 调解, 回访核验, 办结 ...).

Each accepted action is one unit of work: validate, append a hash-chained trail event, recompute
the case's derived status and deadlines. Illegal steps are refused before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from zongzhi_desktop.domain import case_flow
from zongzhi_desktop.domain.fields import clean_id_number, clean_text, normalize_phone, parse_date
from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models.disputes import Dispute, DisputeParty
from zongzhi_desktop.models.registers import Department, Grid
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.models import trail
from zongzhi_desktop.services import case_state, permissions
from zongzhi_desktop.services.codes import resolve_code
from zongzhi_desktop.services.dispute_queries import CaseDetail, DisputeQueries

MAX_EXTENSION_DAYS = 60


@dataclass(frozen=True)
class PartyInput:
    name: str
    role: str = "applicant"
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    resident_id: str | None = None  # a loose link to the register; the party keeps its own copy


@dataclass(frozen=True)
class IntakeInput:
    title: str
    category: str
    channel: str
    parties: tuple[PartyInput, ...]
    grid: str | None = None
    occurred_on: date | str | None = None
    place: str | None = None
    people_involved: int | str | None = None
    amount_yuan: str | float | None = None
    description: str | None = None
    risk_level: str | None = "low"
    is_major: bool = False
    registered_at: datetime | None = None  # back-entry of a paper case (补录); default: now


@dataclass(frozen=True)
class ActInput:
    note: str | None = None
    departments: tuple[str, ...] = ()  # route: where to; checkin/return: the first is the acting one
    mediation_type: str | None = None
    agreement: str | None = None
    agreement_form: str | None = "written"
    referral: str | None = None
    followup: str | None = None
    satisfaction: str | None = None
    closure_kind: str | None = None
    days: int | None = None
    level: str | None = None
    mediators: tuple[str, ...] = field(default_factory=tuple)
    # the agreement's other contents (人民调解法 Art. 29): duties, and how, where, by when to perform
    responsibilities: str | None = None
    performance_method: str | None = None
    performance_place: str | None = None
    performance_deadline: date | str | None = None


class DisputeService:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._queries = DisputeQueries(store)

    def register(self, actor: Actor, data: IntakeInput) -> CaseDetail:
        permissions.require(actor, "disputes.intake")
        with self._store.write(actor) as s:
            values = self._intake_values(s, actor, data)
            if not data.parties:
                raise InputError("disputes.no_parties")
            parties = [self._party(s, p, n) for n, p in enumerate(data.parties)]
            case = Dispute(**values, case_no=_next_case_no(s), created_by=actor.username, updated_by=actor.username)
            s.add(case)
            s.flush()
            for party in parties:
                s.add(DisputeParty(dispute_id=case.id, **party, created_by=actor.username, updated_by=actor.username))
            s.flush()
            conn = s.connection()
            trail.append(conn, dispute_id=case.id, actor=actor.username, actor_name=actor.display_name,
                         action="register", from_status=None, to_status="registered",
                         note=values.get("description"), data={"channel": values["channel"]}, at=values["registered_at"])
            case_state.refresh(conn, [case.id])
            case_no = case.case_no
        return self._queries.show(actor, case_no)

    def act(self, actor: Actor, case_no: str, action: str, data: ActInput) -> CaseDetail:
        """Carry out one step on a case, or refuse it with a message saying why (nothing written)."""
        permissions.require(actor, permissions.step_permission(action))
        with self._store.write(actor) as s:
            case = _case(s, actor, case_no)
            conn = s.connection()
            state = case_flow.replay(case_state.trail_events(conn, case.id))
            department = _acting_department(s, actor, action, data)
            permissions.require_step(actor, action, state.routed, department)
            case_flow.check(state.status, action, department=department, routed=state.routed,
                            pending_extension=state.pending_extension)
            payload = self._payload(s, action, data, state)
            trail.append(
                conn, dispute_id=case.id, actor=actor.username, actor_name=actor.display_name, action=action,
                from_status=state.status, to_status=_target(state, action, department, payload),
                department_id=department, note=clean_text(data.note, "说明", max_len=4000), data=payload,
            )
            case_state.refresh(conn, [case.id])
        return self._queries.show(actor, case_no)

    # -- validation --------------------------------------------------------------------------
    def _intake_values(self, s: Session, actor: Actor, data: IntakeInput) -> dict[str, Any]:
        category = resolve_code(s, "dispute_category", data.category, "纠纷类别")
        if category is None:
            raise InputError("input.required", field="纠纷类别")
        if len(category) == 2:  # a level-1 class was chosen: file it under its "other/general" child
            category = _first_child(s, category)
        channel = resolve_code(s, "dispute_channel", data.channel, "来源渠道")
        if channel is None:
            raise InputError("input.required", field="来源渠道")
        grid_id = _grid(s, actor, data.grid) if data.grid else None
        if grid_id is None and actor.role == "grid_worker":
            raise InputError("input.required", field="所属网格")
        return {
            "title": clean_text(data.title, "事件名称", max_len=200, required=True),
            "category_code": category, "channel": channel, "grid_id": grid_id,
            "occurred_on": parse_date(data.occurred_on, "发生日期", default_today=False),
            "place": clean_text(data.place, "发生地点", max_len=200),
            "people_involved": _people(data.people_involved),
            "amount_cents": _cents(data.amount_yuan),
            "description": clean_text(data.description, "事件简述", max_len=8000),
            "risk_level": resolve_code(s, "risk_level", data.risk_level, "风险等级") or "low",
            "is_major": int(bool(data.is_major)),
            "registered_at": _registered_at(data.registered_at),
            "registered_by": actor.username, "origin": "township",
        }

    def _party(self, s: Session, p: PartyInput, order: int) -> dict[str, Any]:
        from zongzhi_desktop.domain import idnumber

        number = clean_id_number(p.id_number)
        sex = idnumber.parse(number).sex if number else None
        return {
            "role": resolve_code(s, "party_role", p.role, "当事人身份") or "applicant",
            "name": clean_text(p.name, "当事人姓名", max_len=64, required=True),
            "id_number": number, "sex": sex, "phone": normalize_phone(p.phone, "当事人电话"),
            "address": clean_text(p.address, "当事人住址", max_len=200), "resident_id": p.resident_id,
            "sort_order": order,
        }

    def _payload(self, s: Session, action: str, d: ActInput, state: case_flow.CaseState) -> dict[str, Any]:
        name = case_flow.ACTIONS[action].name
        needs = case_flow.ACTIONS[action].needs

        def need(value: Any, label: str) -> Any:
            if value in (None, "", ()):
                raise InputError("disputes.need_field", action=name, field=label)
            return value

        if "note" in needs:
            need(clean_text(d.note, "说明", max_len=4000), "原因或说明")
        out: dict[str, Any] = {}
        if action == "route":
            out["departments"] = [_department(s, x) for x in need(d.departments, "分流部门")]
            out["mediation_type"] = need(resolve_code(s, "mediation_type", d.mediation_type, "调解类型"), "调解类型")
        elif action in ("checkin", "return"):
            pass  # the acting department is the event's department_id
        elif action == "record":
            out["mediators"] = [clean_text(m, "调解员", max_len=64) for m in d.mediators if m]
        elif action == "resolve":
            out["agreement"] = need(clean_text(d.agreement, "协议内容", max_len=20000), "协议内容")
            out["form"] = resolve_code(s, "agreement_form", d.agreement_form, "协议形式") or "written"
            out["mediators"] = [m for m in d.mediators if m]
            out["responsibilities"] = clean_text(d.responsibilities, "各方责任", max_len=4000)
            out["performance_method"] = clean_text(d.performance_method, "履行方式", max_len=500)
            out["performance_place"] = clean_text(d.performance_place, "履行地点", max_len=200)
            deadline = parse_date(d.performance_deadline, "履行期限", default_today=False)
            out["performance_deadline"] = deadline.isoformat() if deadline else None
        elif action == "fail":
            out["referral"] = need(resolve_code(s, "referral", d.referral, "引导途径"), "引导途径（诉讼/仲裁/信访/其他）")
        elif action == "verify":
            out["satisfaction"] = need(resolve_code(s, "satisfaction", d.satisfaction, "满意度"), "满意度")
            out["followup"] = resolve_code(s, "followup", d.followup, "履行情况")
            if state.outcome == "success" and not out["followup"]:
                raise InputError("disputes.followup_required")
        elif action == "close":
            out["closure_kind"] = need(resolve_code(s, "closure_kind", d.closure_kind, "办结类型"), "办结类型")
        elif action == "extend":
            days = need(d.days, "延期天数")
            if not 1 <= int(days) <= MAX_EXTENSION_DAYS:
                raise InputError("disputes.bad_days", max=MAX_EXTENSION_DAYS, value=days)
            out["days"] = int(days)
        elif action == "approve-extension":
            days = int(d.days or state.pending_extension)
            if days > state.pending_extension or days < 1:
                raise InputError("disputes.extension_too_long", days=days, asked=state.pending_extension)
            out["days"] = days
        elif action == "supervise":
            out["level"] = need(resolve_code(s, "supervision_level", d.level, "督办级别"), "督办级别")
        return out


def _target(state: case_flow.CaseState, action: str, department: str | None, payload: dict[str, Any]) -> str:
    """The status this step leads to, as the replay will derive it (recorded in the trail)."""
    event = case_flow.TrailEvent(action, 1 << 62, "~", None, department, payload)
    return case_flow.advance(state, event).status


def _case(s: Session, actor: Actor, case_no: str) -> Dispute:
    """The case by number inside the actor's scope; refused (not hidden) when it lies outside it."""
    live = (Dispute.case_no == (case_no or "").strip(), Dispute.deleted_at.is_(None))
    case = s.scalar(select(Dispute).where(*live, permissions.case_scope(actor)))
    if case is None:
        if s.scalar(select(Dispute.id).where(*live)) is not None:
            raise permissions.out_of_scope(actor, "案件", case_no)
        raise NotFound("notfound.record", what="案件", key=case_no)
    return case


def _acting_department(s: Session, actor: Actor, action: str, data: ActInput) -> str | None:
    """The department a step is taken for: the one chosen, else the actor's own. A department's
    mediation record carries the department too, so the trail says who mediated."""
    if action in ("checkin", "return"):
        chosen = _department(s, data.departments[0]) if data.departments else None
        return chosen or actor.department_id
    if action == "record" and permissions.ROLE_SCOPES.get(actor.role) == permissions.OWN_DEPARTMENT:
        return actor.department_id
    return None


def _department(s: Session, wanted: str) -> str:
    key = (wanted or "").strip()
    dept = s.scalar(
        select(Department.id).where(
            Department.deleted_at.is_(None), or_(Department.id == key, Department.code == key, Department.name == key)
        )
    )
    if dept is None:
        raise InputError("disputes.department_unknown", department=wanted)
    return dept


def _grid(s: Session, actor: Actor, wanted: str) -> str:
    key = wanted.strip()
    grid = s.scalar(
        select(Grid.id).where(
            Grid.deleted_at.is_(None), or_(Grid.id == key, Grid.code == key, Grid.name == key),
            permissions.grid_scope(actor, Grid.id),
        )
    )
    if grid is None:
        raise InputError("disputes.grid_unknown", grid=wanted)
    return grid


def _first_child(s: Session, parent: str) -> str:
    child = s.execute(
        text("SELECT code FROM code_items WHERE kind = 'dispute_category' AND parent_code = :p ORDER BY sort_order DESC LIMIT 1"),
        {"p": parent},
    ).scalar()
    return child or parent


def _registered_at(value: datetime | None) -> datetime:
    now = datetime.now().replace(microsecond=0)
    if value is None:
        return now
    if value > now:
        raise InputError("disputes.registered_future", value=value.isoformat(sep=" "))
    return value


def _people(value: int | str | None) -> int:
    if value in (None, ""):
        return 2
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InputError("disputes.people", value=value) from None
    if not 1 <= number <= 100_000:
        raise InputError("disputes.people", value=value)
    return number


def _cents(value: str | float | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("元", "").strip())
    except InvalidOperation:
        raise InputError("disputes.amount", value=value) from None
    if amount < 0 or amount > Decimal("100000000000"):
        raise InputError("disputes.amount", value=value)
    return int((amount * 100).to_integral_value())


def _next_case_no(s: Session) -> str:
    """Township code + year + this PC's short number + a sequence that never resets or goes back
    (not even when the clock is wrong), so numbers are unique county-wide without asking anyone."""
    conn = s.connection()
    state = dict(conn.execute(text("SELECT key, value FROM sync_state WHERE key IN ('township_code', 'device_no', 'case_seq')")).all())
    seq = int(state.get("case_seq") or 0) + 1
    conn.execute(text("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('case_seq', :v)"), {"v": str(seq)})
    return f"{state.get('township_code', '000000000')}-{date.today().year}-{state.get('device_no', '01')}-{seq:06d}"
