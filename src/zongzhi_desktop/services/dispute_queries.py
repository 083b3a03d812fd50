"""Reading cases: the filtered list (keyset pages), one case with its parties and whole trail,
counts by status — inside the actor's scope, with deadlines and overdue flags computed in SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from zongzhi_desktop.domain import case_flow, idnumber
from zongzhi_desktop.domain.fields import mask_phone
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import NotFound
from zongzhi_desktop.models.disputes import Attachment, Dispute, DisputeEvent, DisputeParty
from zongzhi_desktop.models.registers import Department, Grid
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import case_state, permissions
from zongzhi_desktop.services.codes import code_names, codes_of
from zongzhi_desktop.services.results import Page

OVERDUE_NAMES = {"accept": "超期未受理", "resolve": "超期未办结", "closed_late": "超期办结"}


@dataclass(frozen=True)
class CaseSummary:
    id: str
    case_no: str
    title: str
    status: str
    status_name: str
    category: str
    category_name: str
    channel_name: str
    grid_name: str | None
    registered_at: str
    accept_due: str | None
    deadline: str | None  # the date the case must be resolved by
    days_left: int | None  # calendar days to the deadline (negative: overdue); None when finished
    overdue: str | None  # accept | resolve | closed_late
    supervision: str | None
    is_major: bool
    concurrent: bool


@dataclass(frozen=True)
class PartyView:
    role: str
    name: str
    id_number: str | None  # masked
    phone: str | None  # masked


@dataclass(frozen=True)
class EventView:
    action: str
    action_name: str
    actor: str
    at: str
    from_status: str | None
    to_status: str | None
    department: str | None
    note: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class AttachmentView:
    id: str
    filename: str
    size: int
    kind: str
    sha256: str


@dataclass(frozen=True)
class CaseDetail(CaseSummary):
    place: str | None = None
    occurred_on: str | None = None
    people_involved: int = 0
    amount_yuan: str | None = None
    description: str | None = None
    mediation_type: str | None = None
    outcome: str | None = None
    closure_kind: str | None = None
    parties: tuple[PartyView, ...] = ()
    events: tuple[EventView, ...] = ()
    attachments: tuple[AttachmentView, ...] = ()
    allowed_actions: tuple[str, ...] = ()
    calendar_note: str | None = None  # when a deadline falls in a year the holiday table lacks


@dataclass(frozen=True)
class Choice:
    """One entry of a code table offered in a form (parent: the level-1 code of a level-2 category)."""

    code: str
    name: str
    parent: str | None = None


CHOICE_KINDS = ("dispute_category", "dispute_channel", "risk_level", "party_role", "mediation_type", "referral",
                "closure_kind", "followup", "satisfaction", "supervision_level", "agreement_form")


@dataclass(frozen=True)
class DisputeChoices:
    """The current code tables the dispute forms offer, by kind (see CHOICE_KINDS)."""

    kinds: dict[str, tuple[Choice, ...]]

    def of(self, kind: str) -> tuple[Choice, ...]:
        return self.kinds.get(kind, ())

    def name(self, kind: str, code: str | None) -> str:
        return next((c.name for c in self.of(kind) if c.code == code), code or "")


def overdue_clause(kind: str, today: date) -> Any:
    t = today.isoformat()
    if kind == "accept":
        return and_(Dispute.status == "registered", Dispute.accept_due < t)
    if kind == "resolve":
        return and_(Dispute.status.not_in(case_flow.TERMINAL), Dispute.resolve_due < t)
    return and_(Dispute.status == "closed", func.date(Dispute.closed_at) > Dispute.resolve_due)


class DisputeQueries:
    def __init__(self, store: Store) -> None:
        self._store = store

    def show(self, actor: Actor, case_no: str, today: date | None = None) -> CaseDetail:
        permissions.require(actor, "disputes.read")
        today = today or date.today()
        with self._store.read() as s:
            live = (Dispute.case_no == case_no, Dispute.deleted_at.is_(None))
            case = s.scalar(select(Dispute).where(*live, permissions.case_scope(actor, today)))
            if case is None:
                if s.scalar(select(Dispute.id).where(*live)) is not None:
                    raise permissions.out_of_scope(actor, "案件", case_no)
                raise NotFound("notfound.record", what="案件", key=case_no)
            names = _Names(s)
            parties = s.scalars(select(DisputeParty).where(DisputeParty.dispute_id == case.id,
                                                           DisputeParty.deleted_at.is_(None)).order_by(DisputeParty.sort_order))
            events = list(s.scalars(select(DisputeEvent).where(DisputeEvent.dispute_id == case.id)
                               .order_by(DisputeEvent.hlc, DisputeEvent.device_id)))
            files = s.scalars(select(Attachment).where(Attachment.dispute_id == case.id, Attachment.deleted_at.is_(None)))
            summary = _summary(case, names, today)
            replayed = case_flow.replay(  # from the events already read, not a second query
                case_flow.TrailEvent(e.action, e.hlc, e.device_id, e.at, e.department_id, json.loads(e.data or "{}"))
                for e in events)
            pending = replayed.pending_extension
            calendar = case_state.Rules.load(s.connection()).calendar
            uncovered = calendar.uncovered_years(case.registered_at.date(), case.resolve_due or today)
            return CaseDetail(
                **summary.__dict__,
                place=case.place, occurred_on=_d(case.occurred_on), people_involved=case.people_involved,
                amount_yuan=None if case.amount_cents is None else f"{case.amount_cents / 100:.2f}",
                description=case.description, mediation_type=case.mediation_type, outcome=case.outcome,
                closure_kind=case.closure_kind,
                parties=tuple(PartyView(names.code("party_role", p.role), p.name,
                                        idnumber.mask(p.id_number) if p.id_number else None, mask_phone(p.phone))
                              for p in parties),
                events=tuple(_event(e, names) for e in events),
                attachments=tuple(AttachmentView(a.id, a.filename, a.size, a.kind, a.sha256) for a in files),
                allowed_actions=permissions.allowed_steps(actor, case_flow.allowed_actions(case.status, pending),
                                                          replayed.routed),
                calendar_note=render("workdays.uncovered", years="、".join(map(str, uncovered))) if uncovered else None,
            )

    def list(
        self, actor: Actor, *, status: str | None = None, overdue: bool = False, category: str | None = None,
        grid_id: str | None = None, department_id: str | None = None, supervised: bool = False,
        registered_from: date | None = None, registered_to: date | None = None, query: str | None = None,
        limit: int = 100, after: tuple[str, str] | None = None, today: date | None = None,
        due_before: date | None = None, in_progress: bool = False, closed_from: date | None = None,
    ) -> Page[CaseSummary]:
        """Newest first; `after` is the previous page's `next_after`. `due_before`: open cases whose
        deadline falls between today and that date (the dashboard's "due within 3 working days");
        `in_progress`: accepted and not finished; `closed_from`: closed on or after that date."""
        permissions.require(actor, "disputes.read")
        today = today or date.today()
        where: list[Any] = [Dispute.deleted_at.is_(None), permissions.case_scope(actor, today)]
        if status:
            where.append(Dispute.status == status)
        if overdue:
            where.append(or_(overdue_clause("accept", today), overdue_clause("resolve", today)))
        if category:
            where.append(Dispute.category_code.like(f"{category}%"))
        if grid_id:
            where.append(Dispute.grid_id == grid_id)
        if department_id:
            where.append(Dispute.id.in_(select(DisputeEvent.dispute_id).where(
                DisputeEvent.action == "route", DisputeEvent.data.like(f'%"{department_id}"%'))))
        if supervised:
            where.append(Dispute.supervision.is_not(None), )
        if registered_from:
            where.append(Dispute.registered_at >= registered_from.isoformat())
        if registered_to:
            where.append(func.date(Dispute.registered_at) <= registered_to.isoformat())
        if due_before:
            where.append(and_(Dispute.status.not_in(case_flow.TERMINAL), Dispute.resolve_due.is_not(None),
                              Dispute.resolve_due >= today, Dispute.resolve_due <= due_before))
        if in_progress:
            where.append(Dispute.status.not_in({*case_flow.TERMINAL, "registered"}))
        if closed_from:
            where.append(and_(Dispute.status == "closed", Dispute.closed_at >= closed_from.isoformat()))
        if query:
            like = f"%{query.strip()}%"
            where.append(or_(Dispute.title.like(like), Dispute.case_no.like(like)))
        if after:
            where.append(tuple_(Dispute.registered_at, Dispute.id) < tuple_(*after))
        limit = max(1, min(limit, 1000))
        with self._store.read() as s:
            names = _Names(s)
            rows = list(s.scalars(select(Dispute).where(*where)
                                  .order_by(Dispute.registered_at.desc(), Dispute.id.desc()).limit(limit + 1)))
            out = tuple(_summary(r, names, today) for r in rows[:limit])
            more = len(rows) > limit
            last = rows[limit - 1] if more else None
            return Page(out, (last.registered_at.isoformat(sep=" "), last.id) if last else None)

    def count_by_status(self, actor: Actor) -> dict[str, int]:
        permissions.require(actor, "disputes.read")
        with self._store.read() as s:
            rows = s.execute(select(Dispute.status, func.count()).where(
                Dispute.deleted_at.is_(None), permissions.case_scope(actor)).group_by(Dispute.status))
            return {status: n for status, n in rows}

    def choices(self, actor: Actor) -> DisputeChoices:
        """Everything the intake and action forms offer to pick from, read in one go."""
        permissions.require(actor, "disputes.read")
        with self._store.read() as s:
            return DisputeChoices({
                kind: tuple(Choice(c.code, c.name, c.parent_code) for c in codes_of(s, kind)) for kind in CHOICE_KINDS
            })


class _Names:
    """Code and department names for one unit of work (read once, looked up many times)."""

    def __init__(self, s: Session) -> None:
        self._codes = {k: code_names(s, k) for k in ("dispute_category", "dispute_channel", "party_role",
                                                      "mediation_type", "referral", "closure_kind", "supervision_level")}
        self.grids = dict(s.execute(select(Grid.id, Grid.name)).all())
        self.departments = dict(s.execute(select(Department.id, Department.name)).all())

    def code(self, kind: str, code: str | None) -> str:
        return self._codes.get(kind, {}).get(code or "", code or "")


def _summary(c: Dispute, names: _Names, today: date) -> CaseSummary:
    finished = c.status in case_flow.TERMINAL
    deadline = c.resolve_due
    overdue = None
    if c.status == "registered" and c.accept_due and c.accept_due < today:
        overdue = "accept"
    elif not finished and deadline and deadline < today:
        overdue = "resolve"
    elif c.status == "closed" and c.closed_at and deadline and c.closed_at.date() > deadline:
        overdue = "closed_late"
    return CaseSummary(
        id=c.id, case_no=c.case_no, title=c.title, status=c.status,
        status_name=case_flow.STATUS_NAMES.get(c.status, c.status), category=c.category_code,
        category_name=names.code("dispute_category", c.category_code), channel_name=names.code("dispute_channel", c.channel),
        grid_name=names.grids.get(c.grid_id or ""), registered_at=c.registered_at.isoformat(sep=" "),
        accept_due=_d(c.accept_due), deadline=_d(deadline),
        days_left=None if finished or deadline is None else (deadline - today).days,
        overdue=overdue, supervision=c.supervision, is_major=bool(c.is_major), concurrent=bool(c.concurrent),
    )


def _event(e: DisputeEvent, names: _Names) -> EventView:
    data = json.loads(e.data or "{}")
    if "departments" in data:
        data["department_names"] = [names.departments.get(d, d) for d in data["departments"]]
    action_name = case_flow.ACTIONS[e.action].name if e.action in case_flow.ACTIONS else case_flow.RECORD_ONLY.get(e.action, e.action)
    return EventView(
        action=e.action, action_name=action_name, actor=e.actor, at=e.at.isoformat(sep=" ", timespec="seconds"),
        from_status=e.from_status, to_status=e.to_status, department=names.departments.get(e.department_id or ""),
        note=e.note, data=data,
    )


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None
