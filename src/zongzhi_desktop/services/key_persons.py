"""Key populations (重点人员): registering, type-specific details, follow-up visits (走访) and what is due."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, Select, func, select, tuple_
from sqlalchemy.orm import Session

from zongzhi_desktop.domain.idnumber import mask
from zongzhi_desktop.domain.fields import clean_text, normalize_phone
from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models.reference import CodeItem
from zongzhi_desktop.models.registers import Grid, KeyPerson, Resident, Visit
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit
from zongzhi_desktop.services.permissions import grid_scope, require
from zongzhi_desktop.services.results import Page

# Our default visit intervals by attention level (not a national rule); to become a setting later.
DEFAULT_INTERVAL_DAYS = {"high": 7, "medium": 15, "normal": 30}
MAX_INTERVAL_DAYS = 365
MAX_PAGE = 1000
UPDATABLE = ("attention_level", "helper_name", "helper_phone", "details", "visit_interval_days", "started_on", "notes")


@dataclass(frozen=True)
class KeyPersonRow:
    """A key person as lists show it; the ID number is masked."""

    id: str
    resident_id: str
    resident_name: str
    id_number_masked: str
    grid_name: str | None
    type_code: str
    type_name: str
    attention_level: str
    attention_level_name: str
    helper_name: str | None
    started_on: date | None
    ended_on: date | None
    last_visit_on: date | None
    next_visit_due: date | None  # None once the record has ended


@dataclass(frozen=True)
class KeyPersonRecord(KeyPersonRow):
    """One key-person record in full."""

    helper_phone: str | None
    details: dict[str, str]  # field key -> value
    detail_labels: dict[str, str]  # every field of the type, key -> label, in form order
    visit_interval_days: int
    end_reason: str | None
    notes: str | None


@dataclass(frozen=True)
class VisitRecord:
    id: str
    key_person_id: str
    visited_on: date
    visitor: str | None
    method: str | None
    method_name: str | None
    summary: str | None
    findings: str | None
    recorded_by: str | None


@dataclass(frozen=True)
class VisitDue(KeyPersonRow):
    """A key person on the due list; `next_visit_due` is the date the visit is due."""

    days_overdue: int  # negative: days left


class KeyPersonService:
    """Use cases of the key-population register; a grid worker reaches only residents of their grids."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self, actor: Actor, resident_id: str, type_code: str, *, attention_level: str = "normal",
        helper_name: str | None = None, helper_phone: str | None = None, details: Mapping[str, str] | None = None,
        visit_interval_days: int | None = None, started_on: date | str | None = None, notes: str | None = None,
    ) -> KeyPersonRecord:
        require(actor, "keypersons.write")
        with self._store.write(actor) as s:
            resident = _resident(s, actor, resident_id)
            codes = _Codes(s)
            code = codes.resolve("key_population", type_code, "人员类型")
            clean = {k: v for k, v in codes.details(code, details).items() if v}
            level = codes.resolve("attention_level", attention_level, "关注程度")
            interval = _interval(visit_interval_days) or _default_interval(level)
            active = s.execute(select(KeyPerson.started_on, KeyPerson.created_at).where(
                KeyPerson.resident_id == resident.id, KeyPerson.type_code == code,
                KeyPerson.ended_on.is_(None), KeyPerson.deleted_at.is_(None))).first()
            if active is not None:
                since = active.started_on or active.created_at.date()
                raise InputError("keypersons.duplicate_active", name=resident.name,
                                 type=codes.name("key_population", code), started=since)
            kp = KeyPerson(
                resident_id=resident.id, type_code=code, attention_level=level,
                helper_name=_text(helper_name, "帮教人员", 64), helper_phone=_phone(helper_phone, "帮教人员电话"),
                details=json.dumps(clean, ensure_ascii=False, sort_keys=True) if clean else None,
                visit_interval_days=interval, started_on=_date(started_on, "开始日期"),
                notes=_text(notes, "备注", 2000), created_by=actor.username, updated_by=actor.username,
            )
            s.add(kp)
            s.flush()
            return _record(s, actor, codes, kp.id)

    def update(self, actor: Actor, key_person_id: str, **changes: Any) -> KeyPersonRecord:
        """Change helper, level, interval, start date, details (merged; "" removes a field) or notes.

        Type and resident stay fixed: end the record and add a new one instead.
        """
        require(actor, "keypersons.write")
        unknown = sorted(set(changes) - set(UPDATABLE))
        if unknown:
            raise InputError("keypersons.unknown_change", keys="、".join(unknown), allowed="、".join(UPDATABLE))
        with self._store.write(actor) as s:
            kp = _load(s, actor, key_person_id)
            codes = _Codes(s)
            if "attention_level" in changes:
                level = codes.resolve("attention_level", changes["attention_level"], "关注程度")
                # The interval follows the level unless someone had set it by hand.
                if "visit_interval_days" not in changes and kp.visit_interval_days == _default_interval(kp.attention_level):
                    kp.visit_interval_days = _default_interval(level)
                kp.attention_level = level
            if "visit_interval_days" in changes:  # None: back to the level's default
                kp.visit_interval_days = _interval(changes["visit_interval_days"]) or _default_interval(kp.attention_level)
            if "helper_name" in changes:
                kp.helper_name = _text(changes["helper_name"], "帮教人员", 64)
            if "helper_phone" in changes:
                kp.helper_phone = _phone(changes["helper_phone"], "帮教人员电话")
            if "notes" in changes:
                kp.notes = _text(changes["notes"], "备注", 2000)
            if "started_on" in changes:
                start = _date(changes["started_on"], "开始日期")
                if start and kp.ended_on and kp.ended_on < start:
                    raise InputError("keypersons.end_before_start", ended=kp.ended_on, started=start)
                kp.started_on = start
            if "details" in changes:
                merged = {**json.loads(kp.details or "{}"), **codes.details(kp.type_code, changes["details"])}
                clean = {k: v for k, v in merged.items() if v}
                kp.details = json.dumps(clean, ensure_ascii=False, sort_keys=True) if clean else None
            kp.updated_by = actor.username
            s.flush()
            return _record(s, actor, codes, kp.id)

    def end(self, actor: Actor, key_person_id: str, ended_on: date | str, reason: str) -> KeyPersonRecord:
        """Stop managing a person as this type (解除矫正, 撤管 ...); the record and its visits stay."""
        require(actor, "keypersons.write")
        end = _date(ended_on, "结束日期", required=True)
        why = _text(reason, "结束原因", 500, required=True)
        with self._store.write(actor) as s:
            kp = _load(s, actor, key_person_id)
            if kp.ended_on is not None:
                raise InputError("keypersons.already_ended", ended=kp.ended_on, action="再次结束")
            if kp.started_on and end and end < kp.started_on:
                raise InputError("keypersons.end_before_start", ended=end, started=kp.started_on)
            kp.ended_on, kp.end_reason, kp.updated_by = end, why, actor.username
            s.flush()
            return _record(s, actor, _Codes(s), kp.id)

    def list_for_resident(self, actor: Actor, resident_id: str) -> tuple[KeyPersonRecord, ...]:
        """All records of one resident, active ones first, then newest: the key-population detail
        (type, helper, specifics). Opening it is recorded in the audit log when there is any."""
        require(actor, "keypersons.read")
        with self._store.read() as s:
            _resident(s, actor, resident_id)
            query, _ = key_person_query(actor)
            query = query.where(KeyPerson.resident_id == resident_id).order_by(
                KeyPerson.ended_on.is_not(None), KeyPerson.started_on.desc(), KeyPerson.created_at.desc())
            codes = _Codes(s)
            records = tuple(_to_record(codes, row) for row in s.execute(query))
        if records:
            audit.record_now(self._store, actor, "keyperson.open", "residents", resident_id, {"records": len(records)})
        return records

    def list(
        self, actor: Actor, *, type_code: str | None = None, village_code: str | None = None,
        active_only: bool = True, limit: int = 200, after: tuple[str, ...] | None = None,
    ) -> Page[KeyPersonRow]:
        """One page ordered by (resident name, id); pass `next_after` back for the next page."""
        require(actor, "keypersons.read")
        size = _bounded(limit, "每页条数", 1, MAX_PAGE)
        with self._store.read() as s:
            codes = _Codes(s)
            query, _ = key_person_query(actor)
            if type_code:
                query = query.where(KeyPerson.type_code == codes.resolve("key_population", type_code, "人员类型"))
            if village_code and village_code.strip():
                query = query.where(Grid.village_code == village_code.strip())
            if active_only:
                query = query.where(KeyPerson.ended_on.is_(None))
            if after:
                query = query.where(tuple_(Resident.name, KeyPerson.id) > tuple_(after[0], after[1]))
            rows = s.execute(query.order_by(Resident.name, KeyPerson.id).limit(size + 1)).all()
            page = [_row(codes, row, KeyPersonRow) for row in rows[:size]]
            return Page(tuple(page), (page[-1].resident_name, page[-1].id) if len(rows) > size else None)

    def record_visit(
        self, actor: Actor, key_person_id: str, visited_on: date | str, *, visitor: str | None = None,
        method: str = "home", summary: str, findings: str | None = None,
    ) -> VisitRecord:
        require(actor, "keypersons.write")
        when = _date(visited_on, "走访日期", required=True)
        text = _text(summary, "走访情况", 2000, required=True)
        found = _text(findings, "发现问题", 2000)
        # The person recording is usually the one who went; a name given explicitly wins.
        who = _text(visitor, "走访人", 64) or actor.display_name or actor.username
        with self._store.write(actor) as s:
            kp = _load(s, actor, key_person_id)
            if kp.ended_on is not None:
                raise InputError("keypersons.already_ended", ended=kp.ended_on, action="记录走访")
            if kp.started_on and when and when < kp.started_on:
                raise InputError("keypersons.visit_before_start", visited=when, started=kp.started_on)
            codes = _Codes(s)
            visit = Visit(key_person_id=kp.id, visited_on=when, visitor=who,
                          method=codes.resolve("visit_method", method, "走访方式"), summary=text,
                          findings=found, created_by=actor.username, updated_by=actor.username)
            s.add(visit)
            s.flush()
            return _visit(codes, visit)

    def visits(self, actor: Actor, key_person_id: str) -> tuple[VisitRecord, ...]:
        """Visits of one key person, newest first."""
        require(actor, "keypersons.read")
        with self._store.read() as s:
            kp = _load(s, actor, key_person_id)
            codes = _Codes(s)
            found = s.execute(
                select(Visit).where(Visit.key_person_id == kp.id, Visit.deleted_at.is_(None))
                .order_by(Visit.visited_on.desc(), Visit.created_at.desc(), Visit.id.desc())
            ).scalars()
            return tuple(_visit(codes, v) for v in found)

    def visits_due(self, actor: Actor, on: date | str, within_days: int = 7) -> list[VisitDue]:
        """Active key persons whose next visit falls on or before `on + within_days`, most overdue first."""
        require(actor, "keypersons.read")
        day = _date(on, "日期", required=True, past=False)
        assert day is not None
        horizon = day + timedelta(days=_bounded(within_days, "提前天数", 0, MAX_INTERVAL_DAYS))
        with self._store.read() as s:
            codes = _Codes(s)
            query, due = key_person_query(actor)
            query = query.where(KeyPerson.ended_on.is_(None), due <= horizon).order_by(due, Resident.name, KeyPerson.id)
            return [_row(codes, row, VisitDue, days_overdue=(day - row.due_on).days) for row in s.execute(query)]


# --- queries ---------------------------------------------------------------------------------


def key_person_query(actor: Actor) -> tuple[Select[Any], Any]:
    """Key persons in the actor's scope with resident, grid, last visit and next due date.

    SQLite computes the due date so `visits_due` filters and sorts thousands of rows in SQL; the
    correlated MAX uses the visits index. Never visited: count from started_on, else from the day
    the record was made (created_at is UTC, so convert to local time first).
    """
    last_on = (
        select(func.max(Visit.visited_on))
        .where(Visit.key_person_id == KeyPerson.id, Visit.deleted_at.is_(None))
        .correlate(KeyPerson)
        .scalar_subquery()
    )
    base = func.coalesce(last_on, KeyPerson.started_on, func.date(KeyPerson.created_at, "localtime"))
    due = func.date(base, func.printf("+%d days", KeyPerson.visit_interval_days), type_=Date)
    query = (
        select(KeyPerson, Resident.name, Resident.id_number, Grid.name, last_on.label("last_on"), due.label("due_on"))
        .join(Resident, Resident.id == KeyPerson.resident_id)
        .outerjoin(Grid, Grid.id == Resident.grid_id)
        .where(KeyPerson.deleted_at.is_(None), Resident.deleted_at.is_(None), grid_scope(actor, Resident.grid_id))
    )
    return query, due


def _resident(s: Session, actor: Actor, resident_id: str) -> Resident:
    resident = s.execute(select(Resident).where(
        Resident.id == resident_id, Resident.deleted_at.is_(None), grid_scope(actor, Resident.grid_id))
    ).scalar_one_or_none()
    if resident is None:
        raise NotFound("notfound.record", what="居民", key=resident_id)
    return resident


def _load(s: Session, actor: Actor, key_person_id: str) -> KeyPerson:
    kp = s.execute(
        select(KeyPerson).join(Resident, Resident.id == KeyPerson.resident_id).where(
            KeyPerson.id == key_person_id, KeyPerson.deleted_at.is_(None), Resident.deleted_at.is_(None),
            grid_scope(actor, Resident.grid_id))
    ).scalar_one_or_none()
    if kp is None:
        raise NotFound("notfound.record", what="重点人员", key=key_person_id)
    return kp


def _record(s: Session, actor: Actor, codes: _Codes, key_person_id: str) -> KeyPersonRecord:
    query, _ = key_person_query(actor)
    return _to_record(codes, s.execute(query.where(KeyPerson.id == key_person_id)).one())


def _to_record(codes: _Codes, row: Any) -> KeyPersonRecord:
    kp = row[0]
    return _row(
        codes, row, KeyPersonRecord, helper_phone=kp.helper_phone, details=json.loads(kp.details or "{}"),
        detail_labels=codes.fields(kp.type_code), visit_interval_days=kp.visit_interval_days,
        end_reason=kp.end_reason, notes=kp.notes,
    )


def _row(codes: _Codes, row: Any, cls: type[KeyPersonRow], **extra: Any) -> Any:
    kp, name, id_number, grid_name, last_on, due_on = row
    return cls(
        kp.id, kp.resident_id, name, mask(id_number or ""), grid_name, kp.type_code,
        codes.name("key_population", kp.type_code), kp.attention_level, codes.name("attention_level", kp.attention_level),
        kp.helper_name, kp.started_on, kp.ended_on, last_on, None if kp.ended_on else due_on, **extra,
    )


def _visit(codes: _Codes, v: Visit) -> VisitRecord:
    method_name = codes.name("visit_method", v.method) if v.method else None
    return VisitRecord(v.id, v.key_person_id, v.visited_on, v.visitor, v.method, method_name, v.summary,
                       v.findings, v.created_by)


# --- code tables and input checks -------------------------------------------------------------


class _Codes:
    """The code tables this register uses, read once per unit of work."""

    def __init__(self, s: Session) -> None:
        rows = s.execute(
            select(CodeItem.kind, CodeItem.code, CodeItem.name, CodeItem.extra)
            .where(CodeItem.kind.in_(("key_population", "attention_level", "visit_method")))
            .order_by(CodeItem.kind, CodeItem.sort_order)
        )
        self._items: dict[str, dict[str, tuple[str, str | None]]] = {}
        for kind, code, name, extra in rows:
            self._items.setdefault(kind, {})[code] = (name, extra)

    def name(self, kind: str, code: str) -> str:
        item = self._items.get(kind, {}).get(code)
        return item[0] if item else code  # a code the county retired still shows

    def resolve(self, kind: str, value: str | None, field: str) -> str:
        """A code or its Chinese name, as typed by a person or a script."""
        wanted = (value or "").strip()
        for code, (name, _extra) in self._items.get(kind, {}).items():
            if wanted in (code, name):
                return code
        choices = "、".join(name for name, _ in self._items.get(kind, {}).values())
        raise InputError("input.invalid_choice", field=field, value=value or "", choices=choices)

    def fields(self, type_code: str) -> dict[str, str]:
        """The type's fields from the code table `extra` ("key:label"), key -> label."""
        extra = self._items.get("key_population", {}).get(type_code, ("", None))[1]
        return dict(item.split(":", 1) for item in json.loads(extra or "{}").get("fields", []))

    def details(self, type_code: str, raw: Mapping[str, Any] | None) -> dict[str, str]:
        """Check keys against the type's fields (key or label accepted); "" is kept to mean "remove"."""
        fields = self.fields(type_code)
        by_label = {label: key for key, label in fields.items()}
        out: dict[str, str] = {}
        unknown: list[str] = []
        for given, value in (raw or {}).items():
            key = given.strip() if given.strip() in fields else by_label.get(given.strip())
            if key is None:
                unknown.append(given)
                continue
            text = _text(value, fields[key], 200) or ""
            out[key] = (_phone(text, fields[key]) or "") if key.endswith("_phone") else text
        if unknown:
            allowed = "、".join(f"{label}（{key}）" for key, label in fields.items())
            type_name = self.name("key_population", type_code)
            raise InputError("keypersons.unknown_detail", type=type_name, keys="、".join(unknown), allowed=allowed)
        return out


def _text(value: Any, field: str, max_len: int, *, required: bool = False) -> str | None:
    return clean_text(None if value is None else str(value), field, max_len=max_len, required=required)


def _phone(value: str | None, field: str) -> str | None:
    return normalize_phone(value, field)


def _date(value: date | str | None, field: str, *, required: bool = False, past: bool = True) -> date | None:
    """A date or "YYYY-MM-DD"; record dates (`past`) cannot lie ahead of today."""
    if value is None or value == "":
        if required:
            raise InputError("input.required", field=field)
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError("input.invalid_date", field=field, value=value) from None
    if past and value > date.today():
        raise InputError("keypersons.future_date", field=field, value=value)
    return value


def _bounded(value: Any, field: str, low: int, high: int) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.lstrip("-").isdigit() or not low <= int(text) <= high:
        raise InputError("keypersons.out_of_range", field=field, value=value, min=low, max=high)
    return int(text)


def _interval(value: Any) -> int | None:
    return None if value is None else _bounded(value, "走访周期（天）", 1, MAX_INTERVAL_DAYS)


def _default_interval(level: str) -> int:
    return DEFAULT_INTERVAL_DAYS.get(level, DEFAULT_INTERVAL_DAYS["normal"])
