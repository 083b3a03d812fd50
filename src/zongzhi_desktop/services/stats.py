"""Headline figures of the township (or of a grid worker's grids): the `stats` command and dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from zongzhi_desktop.models.disputes import Dispute
from zongzhi_desktop.models.registers import Department, Grid, GridWorker, Household, KeyPerson, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions


@dataclass(frozen=True)
class Stats:
    residents: int
    grids: int
    workers: int
    households: int
    key_persons: int
    departments: int
    residents_by_type: dict[str, int] = field(default_factory=dict)
    key_persons_by_type: dict[str, int] = field(default_factory=dict)
    disputes: dict[str, int] = field(default_factory=dict)  # status code -> count (dispute issue)


class StatsService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def summary(self, actor: Actor) -> Stats:
        permissions.require(actor, "stats.read")
        live_resident = (
            Resident.deleted_at.is_(None),
            Resident.merged_into.is_(None),
            permissions.grid_scope(actor, Resident.grid_id),
        )
        with self._store.read() as s:
            def count(model, *where) -> int:  # type: ignore[no-untyped-def]
                return int(s.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None), *where)) or 0)

            by_type = dict(
                s.execute(select(Resident.registration_type, func.count()).where(*live_resident).group_by(Resident.registration_type)).all()
            )
            kp_live = (KeyPerson.deleted_at.is_(None), KeyPerson.ended_on.is_(None))
            kp_by_type = dict(
                s.execute(
                    select(KeyPerson.type_code, func.count())
                    .join(Resident, Resident.id == KeyPerson.resident_id)
                    .where(*kp_live, *live_resident)
                    .group_by(KeyPerson.type_code)
                ).all()
            )
            disputes = dict(
                s.execute(
                    select(Dispute.status, func.count())
                    .where(Dispute.deleted_at.is_(None), permissions.grid_scope(actor, Dispute.grid_id))
                    .group_by(Dispute.status)
                ).all()
            )
            return Stats(
                residents=sum(by_type.values()),
                grids=count(Grid, permissions.grid_scope(actor, Grid.id)),
                workers=count(GridWorker),
                households=count(Household, permissions.grid_scope(actor, Household.grid_id)),
                key_persons=sum(kp_by_type.values()),
                departments=count(Department),
                residents_by_type=by_type,
                key_persons_by_type=kp_by_type,
                disputes=disputes,
            )
