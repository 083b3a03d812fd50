"""Grids, grid workers and their assignments (定人、定岗、定责) of this township."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models.base import utc_now
from zongzhi_desktop.models.reference import Region
from zongzhi_desktop.models.registers import Grid, GridAssignment, GridWorker, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.domain.fields import clean_id_number, clean_text, parse_date
from zongzhi_desktop.domain.fields import normalize_phone as clean_phone
from zongzhi_desktop.services.codes import code_name, lookup_code
from zongzhi_desktop.services.regions import not_ended, township_code

_SEQ_MAX = 999


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridInfo:
    id: str
    code: str
    name: str
    kind: str
    kind_name: str
    village_code: str
    village_name: str
    township_code: str
    area_desc: str | None
    notes: str | None


@dataclass(frozen=True)
class AssignmentInfo:
    id: str
    worker_id: str
    worker_name: str
    grid_id: str
    grid_code: str
    grid_name: str
    role: str
    role_name: str
    duty: str | None
    start_date: date
    end_date: date | None
    current: bool


@dataclass(frozen=True)
class WorkerInfo:
    id: str
    name: str
    phone: str | None
    id_number: str | None
    employment: str
    employment_name: str
    status: str
    notes: str | None
    assignments: tuple[AssignmentInfo, ...]  # posts not yet ended (future starts included)


class GridService:
    """Maintain grids, grid workers and who is responsible for which grid."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- grids ------------------------------------------------------------------------------

    def create_grid(
        self, actor: Actor, village_code: str, name: str, *, code: str | None = None, kind: str | None = None,
        area_desc: str | None = None, notes: str | None = None,
    ) -> GridInfo:
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            village = self._village(s, village_code)
            grid = Grid(
                township_code=village.parent_code or "",
                village_code=village.id,
                name=clean_text(name, "网格名称", required=True, max_len=64) or "",
                kind=lookup_code(s, "grid_kind", kind or "admin", "网格类型").code,
                area_desc=clean_text(area_desc, "网格范围", max_len=2000),
                notes=clean_text(notes, "备注", max_len=2000),
                created_by=actor.username, updated_by=actor.username,
            )
            grid.code = self._unique_code(s, code) if code and code.strip() else self._next_code(s, village.id)
            s.add(grid)
            s.flush()
            return self._grid_info(s, grid)

    def update_grid(
        self, actor: Actor, grid_id: str, *, name: str | None = None, code: str | None = None,
        kind: str | None = None, area_desc: str | None = None, notes: str | None = None,
    ) -> GridInfo:
        """Change the given fields (None: unchanged; "" clears an optional text)."""
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            grid = self._grid(s, actor, grid_id)
            if name is not None:
                grid.name = clean_text(name, "网格名称", required=True, max_len=64) or ""
            if code is not None and code.strip() != grid.code:
                grid.code = self._unique_code(s, code, except_id=grid.id)
            if kind is not None:
                grid.kind = lookup_code(s, "grid_kind", kind, "网格类型").code
            if area_desc is not None:
                grid.area_desc = clean_text(area_desc, "网格范围", max_len=2000)
            if notes is not None:
                grid.notes = clean_text(notes, "备注", max_len=2000)
            grid.updated_by = actor.username
            s.flush()
            return self._grid_info(s, grid)

    def delete_grid(self, actor: Actor, grid_id: str) -> None:
        """Soft delete; refused while people live in the grid or workers are assigned to it."""
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            grid = self._grid(s, actor, grid_id)
            residents = s.scalar(
                select(func.count()).select_from(Resident).where(Resident.grid_id == grid.id, Resident.deleted_at.is_(None))
            ) or 0
            assignments = s.scalar(
                select(func.count()).select_from(GridAssignment).where(GridAssignment.grid_id == grid.id, not_ended(date.today()))
            ) or 0
            if residents or assignments:
                raise InputError("grids.delete_in_use", name=grid.name, residents=residents, assignments=assignments)
            grid.deleted_at = utc_now()
            grid.updated_by = actor.username

    def list_grids(self, actor: Actor, village_code: str | None = None) -> tuple[GridInfo, ...]:
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            query = select(Grid).where(Grid.deleted_at.is_(None), permissions.grid_scope(actor, Grid.id))
            if village_code:
                query = query.where(Grid.village_code == village_code.strip())
            grids = s.scalars(query.order_by(Grid.code)).all()
            return tuple(self._grid_info(s, g) for g in grids)

    def get_grid(self, actor: Actor, grid_id: str) -> GridInfo:
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            return self._grid_info(s, self._grid(s, actor, grid_id))

    # --- workers ----------------------------------------------------------------------------

    def create_worker(
        self, actor: Actor, name: str, *, phone: str | None = None, id_number: str | None = None,
        employment: str | None = None, notes: str | None = None,
    ) -> WorkerInfo:
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            worker = GridWorker(
                name=clean_text(name, "网格员姓名", required=True, max_len=64) or "",
                phone=clean_phone(phone),
                id_number=clean_id_number(id_number),
                employment=lookup_code(s, "employment", employment or "fulltime", "专兼职").code,
                notes=clean_text(notes, "备注", max_len=2000),
                created_by=actor.username, updated_by=actor.username,
            )
            s.add(worker)
            s.flush()
            return self._worker_info(s, worker)

    def update_worker(
        self, actor: Actor, worker_id: str, *, name: str | None = None, phone: str | None = None,
        id_number: str | None = None, employment: str | None = None, notes: str | None = None,
    ) -> WorkerInfo:
        """Change the given fields (None: unchanged; "" clears phone, ID number or notes)."""
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            worker = self._worker(s, worker_id)
            if name is not None:
                worker.name = clean_text(name, "网格员姓名", required=True, max_len=64) or ""
            if phone is not None:
                worker.phone = clean_phone(phone)
            if id_number is not None:
                worker.id_number = clean_id_number(id_number)
            if employment is not None:
                worker.employment = lookup_code(s, "employment", employment, "专兼职").code
            if notes is not None:
                worker.notes = clean_text(notes, "备注", max_len=2000)
            worker.updated_by = actor.username
            s.flush()
            return self._worker_info(s, worker)

    def delete_worker(self, actor: Actor, worker_id: str) -> None:
        """Soft delete; refused while the worker still holds a post (end it first, for the record)."""
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            worker = self._worker(s, worker_id)
            posts = s.scalar(
                select(func.count()).select_from(GridAssignment).where(GridAssignment.worker_id == worker.id, not_ended(date.today()))
            ) or 0
            if posts:
                raise InputError("grids.worker_assigned", name=worker.name, count=posts)
            worker.deleted_at = utc_now()
            worker.updated_by = actor.username

    def list_workers(self, actor: Actor) -> tuple[WorkerInfo, ...]:
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            workers = s.scalars(select(GridWorker).where(GridWorker.deleted_at.is_(None)).order_by(GridWorker.name)).all()
            return tuple(self._worker_info(s, w) for w in workers)

    def get_worker(self, actor: Actor, worker_id: str) -> WorkerInfo:
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            return self._worker_info(s, self._worker(s, worker_id))

    # --- assignments ------------------------------------------------------------------------

    def assign(
        self, actor: Actor, worker_id: str, grid_id: str, role: str, start_date: date | str | None = None,
        duty: str | None = None,
    ) -> AssignmentInfo:
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            worker = self._worker(s, worker_id)
            grid = self._grid(s, actor, grid_id)
            role_code = lookup_code(s, "grid_role", role, "岗位").code
            start = parse_date(start_date, "任职日期")
            # The new post is open-ended, so any live post not ended before it starts overlaps it.
            overlapping = select(GridAssignment).where(
                GridAssignment.grid_id == grid.id,
                GridAssignment.deleted_at.is_(None),
                or_(GridAssignment.end_date.is_(None), GridAssignment.end_date >= start),
            )
            if s.scalars(overlapping.where(GridAssignment.worker_id == worker.id)).first():
                raise InputError("grids.already_assigned", worker=worker.name, grid=grid.name)
            if role_code == "leader":
                leader = s.scalars(overlapping.where(GridAssignment.role == "leader")).first()
                if leader:
                    other = s.get(GridWorker, leader.worker_id)
                    raise InputError("grids.leader_taken", grid=grid.name, worker=other.name if other else leader.worker_id)
            row = GridAssignment(
                grid_id=grid.id, worker_id=worker.id, role=role_code, start_date=start,
                duty=clean_text(duty, "职责", max_len=2000), created_by=actor.username, updated_by=actor.username,
            )
            s.add(row)
            s.flush()
            return self._assignment_info(s, row)

    def unassign(self, actor: Actor, assignment_id: str, end_date: date | str | None = None) -> AssignmentInfo:
        permissions.require(actor, "grids.write")
        with self._store.write(actor) as s:
            row = s.get(GridAssignment, assignment_id)
            if row is None or row.deleted_at is not None:
                raise NotFound("notfound.record", what="网格员任职", key=assignment_id)
            if row.end_date is not None:
                raise InputError("grids.assignment_ended", end=row.end_date.isoformat())
            end = parse_date(end_date, "离任日期")
            if end < row.start_date:
                raise InputError("grids.end_before_start", end=end.isoformat(), start=row.start_date.isoformat())
            row.end_date = end
            row.updated_by = actor.username
            s.flush()
            return self._assignment_info(s, row)

    def list_assignments(self, actor: Actor, grid_id: str, *, history: bool = False) -> tuple[AssignmentInfo, ...]:
        """Who holds which post on the grid now; with `history`, ended posts too."""
        permissions.require(actor, "grids.read")
        with self._store.read() as s:
            grid = self._grid(s, actor, grid_id)
            query = select(GridAssignment).where(GridAssignment.grid_id == grid.id)
            query = query.where(GridAssignment.deleted_at.is_(None) if history else not_ended(date.today()))
            rows = s.scalars(query.order_by(GridAssignment.start_date, GridAssignment.role)).all()
            return tuple(self._assignment_info(s, r) for r in rows)

    # --- internals --------------------------------------------------------------------------

    @staticmethod
    def _village(s: Session, village_code: str) -> Region:
        township = township_code(s)
        village = s.get(Region, clean_text(village_code, "所属村（社区）", required=True) or "")
        retired = village is not None and village.valid_to is not None and village.valid_to <= date.today()
        if village is None or retired or village.level != "village" or village.parent_code != township:
            raise InputError("grids.village_unknown", code=village_code, township=township or "")
        return village

    @staticmethod
    def _grid(s: Session, actor: Actor, grid_id: str) -> Grid:
        # Out-of-scope grids look the same as missing ones to a grid worker.
        grid = s.scalar(
            select(Grid).where(Grid.id == grid_id, Grid.deleted_at.is_(None), permissions.grid_scope(actor, Grid.id))
        )
        if grid is None:
            raise NotFound("notfound.record", what="网格", key=grid_id)
        return grid

    @staticmethod
    def _worker(s: Session, worker_id: str) -> GridWorker:
        worker = s.get(GridWorker, worker_id)
        if worker is None or worker.deleted_at is not None:
            raise NotFound("notfound.record", what="网格员", key=worker_id)
        return worker

    @staticmethod
    def _unique_code(s: Session, code: str, except_id: str | None = None) -> str:
        text = "".join(code.split())
        if not text or len(text) > 20:
            raise InputError("grids.bad_code", code=code)
        clash = select(Grid.id).where(Grid.code == text, Grid.deleted_at.is_(None))
        if except_id:
            clash = clash.where(Grid.id != except_id)
        if s.scalar(clash):
            raise InputError("grids.code_taken", code=text)
        return text

    @staticmethod
    def _next_code(s: Session, village_code: str) -> str:
        """village code + 3-digit sequence; deleted grids' numbers are not reused while higher ones are free."""
        rows = s.execute(
            select(Grid.code, Grid.deleted_at).where(Grid.code.like(f"{village_code}___"))
        ).all()
        used_all = {int(c[-3:]) for c, _ in rows if c[-3:].isdigit()}
        used_live = {int(c[-3:]) for c, gone in rows if c[-3:].isdigit() and gone is None}
        seq = max(used_all, default=0) + 1
        if seq > _SEQ_MAX:  # numbers of deleted grids are the last resort
            seq = next((n for n in range(1, _SEQ_MAX + 1) if n not in used_live), 0)
            if not seq:
                raise InputError("grids.code_exhausted", village=village_code)
        return f"{village_code}{seq:03d}"

    @staticmethod
    def _grid_info(s: Session, grid: Grid) -> GridInfo:
        return GridInfo(
            id=grid.id, code=grid.code, name=grid.name, kind=grid.kind, kind_name=code_name(s, "grid_kind", grid.kind),
            village_code=grid.village_code, village_name=s.scalar(select(Region.name).where(Region.id == grid.village_code)) or "",
            township_code=grid.township_code, area_desc=grid.area_desc, notes=grid.notes,
        )

    def _worker_info(self, s: Session, worker: GridWorker) -> WorkerInfo:
        rows = s.scalars(
            select(GridAssignment)
            .where(GridAssignment.worker_id == worker.id, not_ended(date.today()))
            .order_by(GridAssignment.start_date)
        ).all()
        return WorkerInfo(
            id=worker.id, name=worker.name, phone=worker.phone, id_number=worker.id_number,
            employment=worker.employment, employment_name=code_name(s, "employment", worker.employment),
            status=worker.status, notes=worker.notes, assignments=tuple(self._assignment_info(s, r) for r in rows),
        )

    @staticmethod
    def _assignment_info(s: Session, row: GridAssignment) -> AssignmentInfo:
        worker = s.get(GridWorker, row.worker_id)
        grid = s.get(Grid, row.grid_id)
        today = date.today()
        return AssignmentInfo(
            id=row.id, worker_id=row.worker_id, worker_name=worker.name if worker else "",
            grid_id=row.grid_id, grid_code=grid.code if grid else "", grid_name=grid.name if grid else "",
            role=row.role, role_name=code_name(s, "grid_role", row.role), duty=row.duty,
            start_date=row.start_date, end_date=row.end_date,
            current=row.deleted_at is None and row.start_date <= today and (row.end_date is None or row.end_date >= today),
        )
