"""The resident register (实有人口): register, edit, remove and open one person's record."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import clean_text, mask_phone, normalize_phone
from zongzhi_desktop.domain.derived import derive
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.base import utc_now
from zongzhi_desktop.models.reference import Region
from zongzhi_desktop.models.registers import Grid, Household, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit, permissions
from zongzhi_desktop.services.codes import resolve_code

# Registration types whose people must have a resident ID number (境外/未落户 may not).
ID_REQUIRED = frozenset({"huji", "floating"})


@dataclass(frozen=True)
class ResidentInput:
    """What a clerk types on the registration form."""

    name: str
    id_number: str | None = None
    registration_type: str = "huji"
    grid_id: str | None = None
    household_id: str | None = None
    relation_to_head: str | None = None
    ethnicity: str | None = None
    hukou_address: str | None = None
    current_address: str | None = None
    phone: str | None = None
    employer: str | None = None
    occupation: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Notice:
    """A warning that does not stop the save (unknown area code, duplicate in the township)."""

    code: str
    message: str


@dataclass(frozen=True)
class SaveResult:
    id: str
    notices: tuple[Notice, ...] = ()
    duplicates: tuple[str, ...] = ()  # ids of other live residents with the same ID number


@dataclass(frozen=True)
class RevealedNumbers:
    id: str
    id_number: str | None
    phone: str | None


@dataclass(frozen=True)
class ResidentDetail:
    id: str
    name: str
    id_number: str | None
    sex: str | None
    birth_date: date | None
    registration_type: str
    grid_id: str | None
    grid_name: str | None
    household_id: str | None
    relation_to_head: str | None
    ethnicity: str | None
    hukou_address: str | None
    current_address: str | None
    phone: str | None
    employer: str | None
    occupation: str | None
    status: str
    notes: str | None


class ResidentService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def register(self, actor: Actor, data: ResidentInput) -> SaveResult:
        permissions.require(actor, "residents.write")
        with self._store.write(actor) as s:
            values, notices = self._validate(s, actor, data)
            resident = Resident(**values, created_by=actor.username, updated_by=actor.username)
            s.add(resident)
            s.flush()
            return self._finish(s, resident, notices)

    def update(self, actor: Actor, resident_id: str, **changes: Any) -> SaveResult:
        """Change the given fields only (others keep their value, so concurrent edits merge)."""
        permissions.require(actor, "residents.write")
        unknown = set(changes) - {f.name for f in fields(ResidentInput)}
        if unknown:
            raise InputError("residents.unknown_field", field="、".join(sorted(unknown)))
        with self._store.write(actor) as s:
            resident = self._visible(s, actor, resident_id)
            current = ResidentInput(**{f.name: getattr(resident, f.name) for f in fields(ResidentInput)})
            values, notices = self._validate(s, actor, replace(current, **changes))
            for key, value in values.items():
                if getattr(resident, key) != value:
                    setattr(resident, key, value)
            resident.updated_by = actor.username
            s.flush()
            return self._finish(s, resident, notices)

    def remove(self, actor: Actor, resident_id: str, reason: str) -> None:
        """Soft delete (a tombstone every PC learns about); the reason goes into the notes."""
        permissions.require(actor, "residents.delete")
        why = clean_text(reason, "删除原因", max_len=200, required=True)
        with self._store.write(actor) as s:
            resident = self._visible(s, actor, resident_id)
            resident.deleted_at = utc_now()
            resident.notes = "\n".join(filter(None, [resident.notes, f"删除原因：{why}"]))
            resident.updated_by = actor.username
            s.flush()
            search_index.refresh_ids(s.connection(), [resident.id])
            audit.record(s, actor, "resident.delete", "residents", resident.id)  # the reason stays in the record

    def get(self, actor: Actor, resident_id: str, *, reveal: bool = False) -> ResidentDetail:
        """One person's record for a look-up (a name to show, a party to fill in): the ID number and
        phone masked; with `reveal` (needs the right) in full, and recorded in the audit log."""
        permissions.require(actor, "residents.read")
        if not reveal:
            with self._store.read() as s:
                return self._detail(s, actor, resident_id, reveal=False)
        permissions.require(actor, "residents.reveal")
        with self._store.write(actor) as s:
            detail = self._detail(s, actor, resident_id, reveal=True)
            audit.record(s, actor, "resident.reveal", "residents", detail.id)
            return detail

    def open(self, actor: Actor, resident_id: str) -> ResidentDetail:
        """A person's full record opened on purpose (the record dialog, `residents show`): masked
        numbers, and one audit entry. Lists and searches are not recorded."""
        permissions.require(actor, "residents.read")
        with self._store.write(actor) as s:
            detail = self._detail(s, actor, resident_id, reveal=False)
            audit.record(s, actor, "resident.open", "residents", detail.id)
            return detail

    def reveal(self, actor: Actor, resident_id: str) -> RevealedNumbers:
        """The full ID number and phone behind an explicit reveal; recorded in the audit log."""
        detail = self.get(actor, resident_id, reveal=True)
        return RevealedNumbers(detail.id, detail.id_number, detail.phone)

    def _detail(self, s: Session, actor: Actor, resident_id: str, *, reveal: bool) -> ResidentDetail:
        r = self._visible(s, actor, resident_id)
        grid_name = s.scalar(select(Grid.name).where(Grid.id == r.grid_id)) if r.grid_id else None
        return ResidentDetail(
            id=r.id, name=r.name,
            id_number=r.id_number if reveal else (idnumber.mask(r.id_number) if r.id_number else None),
            sex=r.sex, birth_date=r.birth_date, registration_type=r.registration_type,
            grid_id=r.grid_id, grid_name=grid_name, household_id=r.household_id,
            relation_to_head=r.relation_to_head, ethnicity=r.ethnicity, hukou_address=r.hukou_address,
            current_address=r.current_address,
            phone=r.phone if reveal else mask_phone(r.phone),
            employer=r.employer, occupation=r.occupation, status=r.status, notes=r.notes,
        )

    def duplicates(self, actor: Actor) -> list[tuple[str, tuple[str, ...]]]:
        """ID numbers held by more than one live resident of the township: (masked number, ids)."""
        permissions.require(actor, "residents.read")
        with self._store.read() as s:
            live = (Resident.deleted_at.is_(None), Resident.merged_into.is_(None), Resident.id_number.is_not(None))
            numbers = s.scalars(
                select(Resident.id_number).where(*live).group_by(Resident.id_number).having(func.count() > 1)
            ).all()
            out = []
            for number in numbers:
                ids = s.scalars(select(Resident.id).where(*live, Resident.id_number == number).order_by(Resident.id))
                out.append((idnumber.mask(number), tuple(ids)))
            return out

    # -- helpers -----------------------------------------------------------------------------
    def _visible(self, s: Session, actor: Actor, resident_id: str) -> Resident:
        resident_id = _follow_merges(s, resident_id)
        resident = s.scalar(
            select(Resident).where(
                Resident.id == resident_id,
                Resident.deleted_at.is_(None),
                permissions.grid_scope(actor, Resident.grid_id),
            )
        )
        if resident is None:
            raise NotFound("notfound.record", what="居民", key=resident_id)
        return resident

    def _validate(self, s: Session, actor: Actor, data: ResidentInput) -> tuple[dict[str, Any], list[Notice]]:
        notices: list[Notice] = []
        values: dict[str, Any] = {
            "name": clean_text(data.name, "姓名", max_len=64, required=True),
            "registration_type": resolve_code(s, "registration_type", data.registration_type, "人员类别")
            or "huji",
            "relation_to_head": resolve_code(s, "relation_to_head", data.relation_to_head, "与户主关系"),
            "ethnicity": clean_text(data.ethnicity, "民族", max_len=16),
            "hukou_address": clean_text(data.hukou_address, "户籍地址", max_len=200),
            "current_address": clean_text(data.current_address, "现住址", max_len=200),
            "phone": normalize_phone(data.phone),
            "employer": clean_text(data.employer, "工作单位", max_len=128),
            "occupation": clean_text(data.occupation, "职业", max_len=64),
            "notes": clean_text(data.notes, "备注", max_len=2000),
            "grid_id": data.grid_id or None,
            "household_id": data.household_id or None,
        }
        values["id_number"] = self._id_number(s, data.id_number, values["registration_type"], notices)
        if values["grid_id"] is not None:
            grid = s.scalar(
                select(Grid.id).where(
                    Grid.id == values["grid_id"], Grid.deleted_at.is_(None), permissions.grid_scope(actor, Grid.id)
                )
            )
            if grid is None:
                raise InputError("residents.grid_unknown", grid=values["grid_id"])
        elif actor.role == "grid_worker":
            raise InputError("input.required", field="所属网格")
        if values["household_id"] is not None and s.get(Household, values["household_id"]) is None:
            raise InputError("residents.household_unknown", household=values["household_id"])
        values.update(derive("residents", values))
        return values, notices

    def _id_number(self, s: Session, raw: str | None, registration_type: str, notices: list[Notice]) -> str | None:
        if not raw or not raw.strip():
            if registration_type in ID_REQUIRED:
                raise InputError("input.required", field="公民身份号码")
            return None
        parsed = idnumber.parse(raw, area_known=lambda code: _area_known(s, code))
        for warning in parsed.warnings:
            notices.append(Notice(warning, render(warning, area=parsed.area_code)))
        return parsed.number

    def _finish(self, s: Session, resident: Resident, notices: list[Notice]) -> SaveResult:
        search_index.refresh_ids(s.connection(), [resident.id])
        duplicates: tuple[str, ...] = ()
        if resident.id_number:
            duplicates = tuple(
                s.scalars(
                    select(Resident.id).where(
                        Resident.id_number == resident.id_number,
                        Resident.id != resident.id,
                        Resident.deleted_at.is_(None),
                        Resident.merged_into.is_(None),
                    )
                )
            )
            if duplicates:
                notices.append(Notice("residents.duplicate_id", render("residents.duplicate_id", count=len(duplicates))))
        return SaveResult(resident.id, tuple(notices), duplicates)


def _follow_merges(s: Session, resident_id: str) -> str:
    """A record merged into another (a duplicate) answers with the one that survived."""
    for _ in range(5):  # chains are short; a damaged cycle must not hang a lookup
        target = s.scalar(select(Resident.merged_into).where(Resident.id == resident_id))
        if not target:
            break
        resident_id = target
    return resident_id


def _area_known(s: Session, code6: str) -> bool:
    """Known if the county, its city or (for provinces we hold no table of) the province is known."""
    candidates = [code6, code6[:4], code6[:2]]
    found = set(s.scalars(select(Region.id).where(Region.id.in_(candidates))))
    if code6 in found or code6[:4] in found:
        return True
    has_counties = s.scalar(select(func.count()).where(Region.id.like(f"{code6[:2]}____"), Region.level == "county"))
    return not has_counties  # a province we hold no county list of cannot be judged: accept quietly

