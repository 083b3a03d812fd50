"""An import's validated rows matched against the register and written: captured bulk inserts and updates, search keys, a page cache sized to the file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from zongzhi_desktop.domain import pinyin
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.base import new_id, utc_now
from zongzhi_desktop.models.registers import Resident
from zongzhi_desktop.models.store import Actor
from zongzhi_desktop.services.resident_import_rows import STORED, ImportResult, Rules, reject

# SQLite's page cache while a large file is written: about the pages the file's residents, outbox
# rows, search keys and their indexes take (~2 KB a row), up to a bound. With the default 16 MB a
# 100,000-row import overflows the cache half-way, and every evicted page is encrypted, written to
# the WAL and later read and decrypted again (SQLCipher): measured, the inserts took about twice as long.
CACHE_KIB_PER_ROW = 3
MAX_CACHE_KIB = 256 * 1024


@dataclass
class Plan:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


_PLANNED = (*STORED, "sex", "birth_date")


def classify(conn: Connection, rows: list[tuple[int, dict[str, Any]]], rules: Rules, result: ImportResult) -> Plan:
    """Match one chunk against the register (inside the transaction that will write it)."""
    live = (Resident.deleted_at.is_(None), Resident.merged_into.is_(None))
    cols = [Resident.id, *(getattr(Resident, f) for f in STORED)]
    by_id: dict[str, list[dict[str, Any]]] = {}
    numbers = [v["id_number"] for _n, v in rows if v["id_number"]]
    for i in range(0, len(numbers), 500):
        for r in conn.execute(select(*cols).where(*live, Resident.id_number.in_(numbers[i:i + 500]))).mappings():
            by_id.setdefault(r["id_number"], []).append(dict(r))
    names = list({v["name"] for _n, v in rows if not v["id_number"]})
    by_name: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for i in range(0, len(names), 500):
        for r in conn.execute(select(*cols).where(*live, Resident.id_number.is_(None),
                                                  Resident.name.in_(names[i:i + 500]))).mappings():
            by_name.setdefault((r["name"], r["grid_id"]), []).append(dict(r))
    plan = Plan()
    for number, values in rows:
        found = by_id.get(values["id_number"], []) if values["id_number"] else \
            by_name.get((values["name"], values.get("grid_id")), [])
        if len(found) > 1:
            code = "imports.row_duplicate_in_register" if values["id_number"] else "imports.row_ambiguous_no_id"
            reject(result, number, render(code, count=len(found)))
        elif found:
            old = found[0]
            if rules.scope is not None and old["grid_id"] not in rules.scope:
                reject(result, number, render("imports.row_out_of_scope"))
                continue
            changed = {f: v for f, v in values.items() if f in STORED and v is not None and old.get(f) != v}
            if changed:
                plan.updates.append({**old, **changed, "sex": values["sex"], "birth_date": values["birth_date"]})
                result.updated += 1
            else:
                result.unchanged += 1
        elif rules.needs_grid and not values.get("grid_id"):
            reject(result, number, render("input.required", field="所属网格"))
        else:
            values["id"] = new_id()  # the row's own dict: insert_residents reads the _PLANNED fields of it
            plan.inserts.append(values)
            result.imported += 1
    return plan


def apply(conn: Connection, actor: Actor, plan: Plan, keys: list[tuple[str, str]] | None = None) -> None:
    """Bulk statements (the capture triggers fire per row as for any write), then the search keys.

    New rows go through the driver's executemany with values bound exactly as SQLAlchemy binds them
    (the columns' own bind processors: dates and datetimes as the same ISO text), skipping its
    per-row parameter building, which cost more than SQLite's own work; name-derived values and
    name keys are worked out once per distinct name. The new rows' search keys are written here, or
    added to `keys` when the caller writes them later in the same transaction (`insert_keys`)."""
    now = utc_now()
    for row in plan.updates:
        row.update(_derived_of(row["name"]), updated_by=actor.username, updated_at=now, _id=row["id"])
    if plan.inserts:
        insert_residents(conn, actor, now, plan.inserts)
    if plan.updates:
        columns = [k for k in plan.updates[0] if k not in ("id", "_id")]
        conn.execute(update(Resident).where(Resident.id == bindparam("_id"))
                     .values({k: bindparam(k) for k in columns}), plan.updates)
    # New people have no keys yet: insert theirs straight away (refresh would first delete nothing).
    fresh = [(k, r["id"]) for r in plan.inserts for k in _keys_of(r)]
    if keys is None:
        insert_keys(conn, fresh)
    else:
        keys.extend(fresh)
    search_index.refresh(conn, plan.updates)


def insert_keys(conn: Connection, keys: list[tuple[str, str]]) -> None:
    """Write (key, resident id) rows and empty the list."""
    if keys:
        keys.sort()  # in key order consecutive rows land on the same B-tree pages instead of all over it
        conn.exec_driver_sql("INSERT OR IGNORE INTO resident_keys (key, resident_id) VALUES (?, ?)", keys)
        keys.clear()


_INSERTED = (*_PLANNED, "id", "name_pinyin", "name_initials", "status", "created_by", "updated_by", "created_at",
             "updated_at")


def insert_residents(conn: Connection, actor: Actor, now: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT of new residents: the columns a Core insert(Resident) of these rows would write (every
    other column has no default and stays NULL), one executemany of positional tuples, each value
    through its column's bind processor (the two time stamps, equal on every row, once)."""
    dialect = conn.dialect
    table = Resident.__table__
    process = {c: table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in _INSERTED}
    stamps = {c: process[c](now) if process[c] else now for c in ("created_at", "updated_at")}
    per_row = [(i, process[c]) for i, c in enumerate(_INSERTED) if process[c] and c not in stamps]
    fixed = ("active", actor.username, actor.username, stamps["created_at"], stamps["updated_at"])
    values = []
    for row in rows:
        row["registration_type"] = row.get("registration_type") or "huji"
        derived = _derived_of(row["name"])
        bound = [*(row.get(f) for f in _PLANNED), row["id"], derived["name_pinyin"], derived["name_initials"], *fixed]
        for i, proc in per_row:
            if bound[i] is not None:
                bound[i] = proc(bound[i])
        values.append(tuple(bound))
    marks = ", ".join("?" * len(_INSERTED))
    conn.exec_driver_sql(f"INSERT INTO residents ({', '.join(_INSERTED)}) VALUES ({marks})", values)


def _keys_of(row: dict[str, Any]) -> list[str]:
    """search_index.keys_for(row), with the name's part worked out once per distinct name."""
    name = row.get("name")
    own = list(_name_keys_of(name)) if name else []
    if row.get("id_number"):
        own.append(search_index.ID_SUFFIX + str(row["id_number"])[::-1])
    if row.get("phone"):
        own.append(search_index.PHONE_SUFFIX + str(row["phone"])[::-1])
    return list(dict.fromkeys(own))


# Per distinct name for the life of the process, like pinyin.name_keys' own cache: names repeat a
# lot within a register and between imports. The dicts are shared: read, never changed.
@lru_cache(maxsize=65_536)
def _derived_of(name: str) -> dict[str, Any]:
    return _derived({"name": name})


@lru_cache(maxsize=65_536)
def _name_keys_of(name: str) -> tuple[str, ...]:
    return tuple(search_index.keys_for({"name": name}))


def _derived(row: dict[str, Any]) -> dict[str, Any]:
    """Same values as domain.derived for residents; sex and birth date were set during validation."""
    out: dict[str, Any] = {}
    keys = pinyin.name_keys(row["name"])
    out["name_pinyin"] = keys.full[0] if keys.full else None
    out["name_initials"] = keys.initials[0] if keys.initials else None
    return out


@contextmanager
def roomy_cache(conn: Connection, rows: int) -> Iterator[None]:
    """A page cache sized for `rows` new rows on this connection for one write unit, put back as it
    was before the commit (the pool hands the connection to everyone else next; shrinking the cache
    never drops the transaction's dirty pages, which stay pinned until the commit writes them)."""
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
    want = min(MAX_CACHE_KIB, rows * CACHE_KIB_PER_ROW)
    held = -before if before < 0 else before * 4  # negative: KiB; positive: pages (4 KiB in our stores)
    if want <= held:
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size=-{want}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={before}")
