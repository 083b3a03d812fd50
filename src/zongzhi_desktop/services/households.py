"""Households (户): create one in a grid, and see its members with their relation to the head."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import clean_text
from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models.registers import Grid, Household, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.codes import code_names


@dataclass(frozen=True)
class Member:
    resident_id: str
    name: str
    relation: str | None  # Chinese name of the relation to the head
    id_number: str | None  # masked


@dataclass(frozen=True)
class HouseholdInfo:
    id: str
    household_no: str
    grid_id: str | None
    address: str | None
    members: tuple[Member, ...] = ()


class HouseholdService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, actor: Actor, *, grid_id: str, address: str, household_no: str | None = None) -> HouseholdInfo:
        permissions.require(actor, "residents.write")
        with self._store.write(actor) as s:
            grid = s.scalar(select(Grid.id).where(Grid.id == grid_id, Grid.deleted_at.is_(None),
                                                  permissions.grid_scope(actor, Grid.id)))
            if grid is None:
                raise InputError("residents.grid_unknown", grid=grid_id)
            number = clean_text(household_no, "户号", max_len=32)
            if number is None:  # the next number in the township's own series
                last = s.scalar(select(func.max(Household.household_no)).where(Household.household_no.regexp_match(r"^\d+$")))
                number = f"{int(last or 0) + 1:08d}"
            row = Household(household_no=number, grid_id=grid, address=clean_text(address, "住址", max_len=200, required=True),
                            created_by=actor.username, updated_by=actor.username)
            s.add(row)
            s.flush()
            return HouseholdInfo(row.id, number, grid, row.address)

    def get(self, actor: Actor, household_id: str) -> HouseholdInfo:
        permissions.require(actor, "residents.read")
        with self._store.read() as s:
            row = s.scalar(select(Household).where(Household.id == household_id, Household.deleted_at.is_(None),
                                                   permissions.grid_scope(actor, Household.grid_id)))
            if row is None:
                raise NotFound("notfound.record", what="户", key=household_id)
            relations = code_names(s, "relation_to_head")
            people = s.scalars(select(Resident).where(Resident.household_id == row.id, Resident.deleted_at.is_(None))
                               .order_by(Resident.relation_to_head != "head", Resident.birth_date))
            members = tuple(Member(p.id, p.name, relations.get(p.relation_to_head or ""),
                                   idnumber.mask(p.id_number) if p.id_number else None) for p in people)
            return HouseholdInfo(row.id, row.household_no or "", row.grid_id, row.address, members)
