"""Printing a case's registration form and its mediation agreement as PDF.

Both carry the parties' full identity (人民调解法 Art. 29 requires it on the agreement), so printing
needs the permission to see it and is recorded in the case trail like any other step, and in the
audit log as a print of personal data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.models import trail
from zongzhi_desktop.models.disputes import Dispute, DisputeEvent, DisputeParty
from zongzhi_desktop.models.registers import Department, Grid
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.reports.forms import AgreementForm, FormParty, RegistrationForm, agreement_pdf, registration_pdf
from zongzhi_desktop.services import audit, permissions
from zongzhi_desktop.services.codes import code_names

FORMS = ("registration", "agreement")


class DisputeForms:
    def __init__(self, store: Store) -> None:
        self._store = store

    def print_form(self, actor: Actor, case_no: str, form: str, target: Path) -> Path:
        permissions.require(actor, "disputes.print_identity")
        if form not in FORMS:
            raise InputError("input.invalid_choice", field="文书", value=form, choices="、".join(FORMS))
        with self._store.write(actor) as s:
            case = s.scalar(select(Dispute).where(Dispute.case_no == case_no, Dispute.deleted_at.is_(None),
                                                  permissions.case_scope(actor)))
            if case is None:
                raise NotFound("notfound.record", what="案件", key=case_no)
            pdf = self._registration(s, case) if form == "registration" else self._agreement(s, case)
            atomic_write(target, pdf)
            trail.append(s.connection(), dispute_id=case.id, actor=actor.username, actor_name=actor.display_name,
                         action="print", from_status=case.status, to_status=case.status,
                         data={"form": form, "file": target.name})
            # Both forms carry the parties' full identity (the law requires it): a print of personal data.
            audit.record(s, actor, "dispute.print", "disputes", case.id,
                         {"form": form, "file": audit.file_label(target), "masked": False})
        return target

    def _parties(self, s: Session, case: Dispute) -> tuple[FormParty, ...]:
        roles = code_names(s, "party_role")
        rows = s.scalars(select(DisputeParty).where(DisputeParty.dispute_id == case.id,
                                                    DisputeParty.deleted_at.is_(None)).order_by(DisputeParty.sort_order))
        sexes = {"1": "男", "2": "女"}
        return tuple(FormParty(role_name=roles.get(p.role, p.role), name=p.name, sex_name=sexes.get(p.sex or ""),
                               ethnicity=p.ethnicity, id_number=p.id_number, phone=p.phone, address=p.address)
                     for p in rows)

    def _registration(self, s: Session, case: Dispute) -> bytes:
        names = {k: code_names(s, k) for k in ("dispute_channel", "dispute_category", "risk_level")}
        form = RegistrationForm(
            org_name=f"{_township(s)}综治中心", case_no=case.case_no, title=case.title, registered_at=case.registered_at,
            channel_name=names["dispute_channel"].get(case.channel), category_name=names["dispute_category"].get(case.category_code),
            occurred_on=case.occurred_on, place=case.place, people_involved=case.people_involved,
            grid_name=s.scalar(select(Grid.name).where(Grid.id == case.grid_id)) if case.grid_id else None,
            amount_yuan=None if case.amount_cents is None else case.amount_cents / 100,
            risk_name=names["risk_level"].get(case.risk_level), is_major=bool(case.is_major),
            description=case.description, parties=self._parties(s, case), registrar=case.registered_by,
            accepted_at=case.accepted_at.date() if case.accepted_at else None,
        )
        return registration_pdf(form)

    def _agreement(self, s: Session, case: Dispute) -> bytes:
        resolve = s.scalar(select(DisputeEvent).where(DisputeEvent.dispute_id == case.id, DisputeEvent.action == "resolve")
                           .order_by(DisputeEvent.hlc.desc()))
        if resolve is None:
            raise InputError("disputes.no_agreement")
        data = json.loads(resolve.data or "{}")
        items = _clauses(data.get("agreement", ""))
        form = AgreementForm(
            org_name=self._mediation_org(s, case), agreement_no=f"调〔{resolve.at.year}〕{case.case_no[-6:]}号",
            case_no=case.case_no, parties=self._parties(s, case), facts=case.description, issues=case.title,
            items=items, form_kind=data.get("form", "written"), mediators=tuple(data.get("mediators", ())),
            signed_on=resolve.at.date(), responsibilities=data.get("responsibilities"),
            performance_method=data.get("performance_method"), performance_place=data.get("performance_place"),
            performance_deadline=data.get("performance_deadline"),
        )
        return agreement_pdf(form)

    @staticmethod
    def _mediation_org(s: Session, case: Dispute) -> str:
        """The organisation that checked in to mediate, else the township's people's mediation committee."""
        dept = s.scalar(select(Department.name).join(DisputeEvent, DisputeEvent.department_id == Department.id)
                        .where(DisputeEvent.dispute_id == case.id, DisputeEvent.action == "checkin")
                        .order_by(DisputeEvent.hlc.desc()))
        return dept or f"{_township(s)}人民调解委员会"


_NUMBERING = re.compile(r"^\s*(?:[0-9]+|[一二三四五六七八九十]+)\s*[、.．)）]\s*")


def _clauses(agreement: str) -> tuple[str, ...]:
    """One clause per line or per "；", without the numbering people type (the form numbers them)."""
    parts = agreement.replace("；", "\n").replace(";", "\n").splitlines()
    return tuple(_NUMBERING.sub("", p).strip(" 。") + "。" for p in parts if _NUMBERING.sub("", p).strip(" 。"))


def _township(s: Session) -> str:
    return s.execute(text("SELECT value FROM sync_state WHERE key = 'township_name'")).scalar() or ""
