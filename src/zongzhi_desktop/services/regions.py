"""The township, its villages and grids as a tree, and the look-ups the grid services share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select, text
from sqlalchemy.orm import Session

from zongzhi_desktop.errors import NotFound
from zongzhi_desktop.models.reference import Region
from zongzhi_desktop.models.registers import Grid, GridAssignment, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.codes import current



# --- reference lookups, read inside the caller's unit of work --------------------------------


def township_code(s: Session) -> str | None:
    return s.execute(text("SELECT value FROM sync_state WHERE key = 'township_code'")).scalar()


def not_ended(today: date) -> ColumnElement[bool]:
    """Live assignments that have not ended by `today` (a future start counts: the post is taken)."""
    return GridAssignment.deleted_at.is_(None) & or_(GridAssignment.end_date.is_(None), GridAssignment.end_date >= today)


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TownshipInfo:
    code: str
    name: str
    county_code: str


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class GridNode:
    id: str
    code: str
    name: str
    kind: str
    workers: int  # workers holding a current post on the grid
    residents: int  # live residents registered in the grid


@dataclass(frozen=True)
class VillageNode:
    code: str
    name: str
    grids: tuple[GridNode, ...]


@dataclass(frozen=True)
class RegionTree:
    township: TownshipInfo
    villages: tuple[VillageNode, ...]


class RegionService:
    """Read-only views of where this township's grids sit; region codes belong to the county."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def township(self, actor: Actor) -> TownshipInfo:
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            return self._township(s)

    def list_villages(self, actor: Actor) -> tuple[RegionRef, ...]:
        """Villages and communities of this township that are in use today."""
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            return tuple(_ref(r) for r in self._villages(s, township_code(s) or ""))

    def get_region(self, actor: Actor, code: str) -> RegionRef:
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            region = s.get(Region, (code or "").strip())
            if region is None:
                raise NotFound("notfound.record", what="行政区划", key=code)
            return _ref(region)

    def region_tree(self, actor: Actor, today: date | None = None) -> RegionTree:
        """Township → villages → grids with counts; a grid worker sees only their own grids (and villages)."""
        permissions.require(actor, "grids.read")
        today = today or date.today()
        with self._store.read() as s:
            info = self._township(s)
            grids = s.scalars(
                select(Grid)
                .where(Grid.deleted_at.is_(None), permissions.grid_scope(actor, Grid.id, today))
                .order_by(Grid.code)
            ).all()
            ids = [g.id for g in grids]
            residents = dict(
                s.execute(
                    select(Resident.grid_id, func.count())
                    .where(Resident.grid_id.in_(ids), Resident.deleted_at.is_(None))
                    .group_by(Resident.grid_id)
                ).all()
            )
            workers = dict(
                s.execute(
                    select(GridAssignment.grid_id, func.count(func.distinct(GridAssignment.worker_id)))
                    .where(
                        GridAssignment.grid_id.in_(ids), not_ended(today), GridAssignment.start_date <= today
                    )
                    .group_by(GridAssignment.grid_id)
                ).all()
            )
            by_village: dict[str, list[GridNode]] = {}
            for g in grids:
                node = GridNode(g.id, g.code, g.name, g.kind, workers.get(g.id, 0), residents.get(g.id, 0))
                by_village.setdefault(g.village_code, []).append(node)
            everything = permissions.scoped_to_everything(actor)
            villages = tuple(
                VillageNode(v.id, v.name, tuple(by_village.get(v.id, ())))
                for v in self._villages(s, info.code, today)
                if everything or v.id in by_village
            )
            return RegionTree(info, villages)

    @staticmethod
    def _township(s: Session) -> TownshipInfo:
        state = dict(
            s.execute(text("SELECT key, value FROM sync_state WHERE key IN ('township_code', 'township_name', 'county_code')")).all()
        )
        code = state.get("township_code", "")
        return TownshipInfo(code, state.get("township_name", ""), state.get("county_code", code[:6]))

    @staticmethod
    def _villages(s: Session, township: str, today: date | None = None) -> list[Region]:
        return list(
            s.scalars(
                select(Region)
                .where(
                    Region.parent_code == township,
                    Region.level == "village",
                    current(Region.valid_from, Region.valid_to, today or date.today()),
                )
                .order_by(Region.id)
            ).all()
        )


def _ref(region: Region) -> RegionRef:
    return RegionRef(region.id, region.name, region.level, region.parent_code)
