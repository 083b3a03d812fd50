"""Departments and mediation organisations of the township, and their mediators (调解员)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models.base import utc_now
from zongzhi_desktop.models.registers import Department, Mediator
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.domain.fields import clean_id_number, clean_text
from zongzhi_desktop.domain.fields import normalize_phone as clean_phone
from zongzhi_desktop.services.codes import code_name, lookup_code


@dataclass(frozen=True)
class DepartmentRef:
    """What `--department` resolves to: enough to show and to store a reference."""

    id: str
    code: str | None
    name: str
    kind: str


@dataclass(frozen=True)
class DepartmentInfo:
    id: str
    code: str | None
    name: str
    kind: str
    kind_name: str
    level: str
    phone: str | None
    address: str | None
    notes: str | None
    mediators: int  # live mediators of the department


@dataclass(frozen=True)
class MediatorInfo:
    id: str
    department_id: str
    department_name: str
    name: str
    phone: str | None
    id_number: str | None
    title: str | None
    kind: str
    kind_name: str
    notes: str | None


class DepartmentService:
    """Maintain departments (调委会, 司法所, 派出所 …) and their mediators; resolve what people type."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- departments ------------------------------------------------------------------------

    def create_department(
        self, actor: Actor, name: str, kind: str, *, code: str | None = None, phone: str | None = None,
        address: str | None = None, notes: str | None = None,
    ) -> DepartmentInfo:
        permissions.require(actor, "departments.write")
        with self._store.write(actor) as s:
            dept = Department(
                name=self._unique_name(s, name),
                kind=lookup_code(s, "department_kind", kind, "部门类型").code,
                code=self._unique_code(s, code),
                phone=clean_phone(phone),
                address=clean_text(address, "地址", max_len=2000),
                notes=clean_text(notes, "备注", max_len=2000),
                created_by=actor.username, updated_by=actor.username,
            )
            s.add(dept)
            s.flush()
            return self._info(s, dept)

    def update_department(
        self, actor: Actor, department_id: str, *, name: str | None = None, kind: str | None = None,
        code: str | None = None, phone: str | None = None, address: str | None = None, notes: str | None = None,
    ) -> DepartmentInfo:
        """Change the given fields (None: unchanged; "" clears code, phone, address or notes)."""
        permissions.require(actor, "departments.write")
        with self._store.write(actor) as s:
            dept = self._department(s, department_id)
            if name is not None:
                dept.name = self._unique_name(s, name, except_id=dept.id)
            if kind is not None:
                dept.kind = lookup_code(s, "department_kind", kind, "部门类型").code
            if code is not None:
                dept.code = self._unique_code(s, code, except_id=dept.id)
            if phone is not None:
                dept.phone = clean_phone(phone)
            if address is not None:
                dept.address = clean_text(address, "地址", max_len=2000)
            if notes is not None:
                dept.notes = clean_text(notes, "备注", max_len=2000)
            dept.updated_by = actor.username
            s.flush()
            return self._info(s, dept)

    def delete_department(self, actor: Actor, department_id: str) -> None:
        """Soft delete; refused while it still has mediators (move or remove them first)."""
        permissions.require(actor, "departments.write")
        with self._store.write(actor) as s:
            dept = self._department(s, department_id)
            count = self._mediator_count(s, dept.id)
            if count:
                raise InputError("departments.has_mediators", name=dept.name, count=count)
            dept.deleted_at = utc_now()
            dept.updated_by = actor.username

    def list_departments(self, actor: Actor, kind: str | None = None) -> tuple[DepartmentInfo, ...]:
        permissions.require(actor, "departments.read")
        with self._store.read() as s:
            query = select(Department).where(Department.deleted_at.is_(None))
            if kind:
                query = query.where(Department.kind == lookup_code(s, "department_kind", kind, "部门类型").code)
            rows = s.scalars(query.order_by(Department.kind, Department.name)).all()
            return tuple(self._info(s, d) for d in rows)

    def get_department(self, actor: Actor, department_id: str) -> DepartmentInfo:
        permissions.require(actor, "departments.read")
        with self._store.read() as s:
            return self._info(s, self._department(s, department_id))

    def resolve(self, actor: Actor, text: str) -> DepartmentRef:
        """A live department by id, code or exact name (in that order), as `--department` accepts."""
        permissions.require(actor, "departments.read")
        with self._store.read() as s:
            dept = self._resolve(s, text)
            return DepartmentRef(dept.id, dept.code, dept.name, dept.kind)

    # --- mediators --------------------------------------------------------------------------

    def create_mediator(
        self, actor: Actor, department: str, name: str, *, phone: str | None = None, id_number: str | None = None,
        title: str | None = None, kind: str | None = None, notes: str | None = None,
    ) -> MediatorInfo:
        """`department` is an id, code or exact name, like `resolve`; `kind` is 专职/兼职."""
        permissions.require(actor, "departments.write")
        with self._store.write(actor) as s:
            dept = self._resolve(s, department)
            row = Mediator(
                department_id=dept.id,
                name=clean_text(name, "调解员姓名", required=True, max_len=64) or "",
                phone=clean_phone(phone),
                id_number=clean_id_number(id_number),
                title=clean_text(title, "职务", max_len=64),
                kind=lookup_code(s, "employment", kind or "fulltime", "专兼职").code,
                notes=clean_text(notes, "备注", max_len=2000),
                created_by=actor.username, updated_by=actor.username,
            )
            s.add(row)
            s.flush()
            return self._mediator_info(s, row)

    def update_mediator(
        self, actor: Actor, mediator_id: str, *, department: str | None = None, name: str | None = None,
        phone: str | None = None, id_number: str | None = None, title: str | None = None,
        kind: str | None = None, notes: str | None = None,
    ) -> MediatorInfo:
        """Change the given fields (None: unchanged; "" clears phone, ID number, title or notes)."""
        permissions.require(actor, "departments.write")
        with self._store.write(actor) as s:
            row = self._mediator(s, mediator_id)
            if department is not None:
                row.department_id = self._resolve(s, department).id
            if name is not None:
                row.name = clean_text(name, "调解员姓名", required=True, max_len=64) or ""
            if phone is not None:
                row.phone = clean_phone(phone)
            if id_number is not None:
                row.id_number = clean_id_number(id_number)
            if title is not None:
                row.title = clean_text(title, "职务", max_len=64)
            if kind is not None:
                row.kind = lookup_code(s, "employment", kind, "专兼职").code
            if notes is not None:
                row.notes = clean_text(notes, "备注", max_len=2000)
            row.updated_by = actor.username
            s.flush()
            return self._mediator_info(s, row)

    def delete_mediator(self, actor: Actor, mediator_id: str) -> None:
        permissions.require(actor, "departments.write")
        with self._store.write(actor) as s:
            row = self._mediator(s, mediator_id)
            row.deleted_at = utc_now()
            row.updated_by = actor.username

    def list_mediators(self, actor: Actor, department: str | None = None) -> tuple[MediatorInfo, ...]:
        """All live mediators, or those of one department (id, code or name)."""
        permissions.require(actor, "departments.read")
        with self._store.read() as s:
            query = select(Mediator).where(Mediator.deleted_at.is_(None))
            if department:
                query = query.where(Mediator.department_id == self._resolve(s, department).id)
            rows = s.scalars(query.order_by(Mediator.department_id, Mediator.name)).all()
            return tuple(self._mediator_info(s, m) for m in rows)

    def get_mediator(self, actor: Actor, mediator_id: str) -> MediatorInfo:
        permissions.require(actor, "departments.read")
        with self._store.read() as s:
            return self._mediator_info(s, self._mediator(s, mediator_id))

    # --- internals --------------------------------------------------------------------------

    @staticmethod
    def _resolve(s: Session, text: str) -> Department:
        wanted = (text or "").strip()
        if not wanted:
            raise InputError("input.required", field="部门")
        live = select(Department).where(Department.deleted_at.is_(None))
        # id first, then code, then name: an id is unambiguous, a code is what scripts use.
        for column in (Department.id, Department.code, Department.name):
            found = s.scalars(live.where(column == wanted)).first()
            if found is not None:
                return found
        raise NotFound("notfound.record", what="部门", key=wanted)

    @staticmethod
    def _department(s: Session, department_id: str) -> Department:
        dept = s.get(Department, department_id)
        if dept is None or dept.deleted_at is not None:
            raise NotFound("notfound.record", what="部门", key=department_id)
        return dept

    @staticmethod
    def _mediator(s: Session, mediator_id: str) -> Mediator:
        row = s.get(Mediator, mediator_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("notfound.record", what="调解员", key=mediator_id)
        return row

    @staticmethod
    def _unique_name(s: Session, name: str, except_id: str | None = None) -> str:
        cleaned = clean_text(name, "部门名称", required=True) or ""
        clash = select(Department.id).where(
            or_(Department.name == cleaned, Department.code == cleaned), Department.deleted_at.is_(None)
        )
        if except_id:
            clash = clash.where(Department.id != except_id)
        if s.scalar(clash):
            raise InputError("departments.name_taken", name=cleaned)
        return cleaned

    @staticmethod
    def _unique_code(s: Session, code: str | None, except_id: str | None = None) -> str | None:
        cleaned = clean_text(code, "部门代码", max_len=32)
        if cleaned is None:
            return None
        # A code equal to another department's name would make `--department` ambiguous.
        clash = select(Department.id).where(
            or_(Department.code == cleaned, Department.name == cleaned), Department.deleted_at.is_(None)
        )
        if except_id:
            clash = clash.where(Department.id != except_id)
        if s.scalar(clash):
            raise InputError("departments.code_taken", code=cleaned)
        return cleaned

    @staticmethod
    def _mediator_count(s: Session, department_id: str) -> int:
        return s.scalar(
            select(func.count()).select_from(Mediator).where(Mediator.department_id == department_id, Mediator.deleted_at.is_(None))
        ) or 0

    def _info(self, s: Session, d: Department) -> DepartmentInfo:
        return DepartmentInfo(
            id=d.id, code=d.code, name=d.name, kind=d.kind, kind_name=code_name(s, "department_kind", d.kind),
            level=d.level, phone=d.phone, address=d.address, notes=d.notes, mediators=self._mediator_count(s, d.id),
        )

    @staticmethod
    def _mediator_info(s: Session, m: Mediator) -> MediatorInfo:
        dept = s.get(Department, m.department_id)
        return MediatorInfo(
            id=m.id, department_id=m.department_id, department_name=dept.name if dept else "", name=m.name,
            phone=m.phone, id_number=m.id_number, title=m.title, kind=m.kind,
            kind_name=code_name(s, "employment", m.kind), notes=m.notes,
        )
