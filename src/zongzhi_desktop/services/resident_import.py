"""Importing residents from .xlsx/.xls/.ods: row validation, matching, chunked captured writes (reading: workbook_reader).

Matching rule (how a row meets the register):

* A row with an ID number matches the live (not deleted, not merged) resident holding the same
  canonical number (full-width folded, 15-digit upgraded) when exactly one does. Matched: only the
  fields whose value differs are updated ("unchanged" when none differ); a blank cell keeps the
  register's value (clearing is done in the form, never by a missing cell). Unmatched: a new resident.
  Two or more live holders: the row is rejected (duplicate in the register, with the count).
* A row without an ID number (境外/未落户) matches the one live resident without a number of the same
  name and grid, so re-importing the same file never doubles people; several such: rejected.
* Sex and birth date are derived from the ID number; a 性别/出生日期 cell contradicting it is a
  rejection. 所属网格 is a grid name or code in the actor's scope; 人员类别 a code-table name,
  code or short form (户籍/流动/境外/未落户).

Writes: every row is validated first. Without `valid_only` a file with any rejected row writes
nothing; otherwise ALL chunks go into ONE `store.write` so the file lands whole or not at all (the
chunks of 2,000 still bound statement and memory size, but the sync then carries the file as one
transaction). With `valid_only` each chunk is its own transaction: smaller sync batches, and a crash
mid-file leaves whole chunks, which re-running the same file completes (re-import is idempotent).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import clean_text, normalize_phone
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.domain import pinyin
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.base import new_id, utc_now
from zongzhi_desktop.models.reference import CodeItem
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit, permissions
from zongzhi_desktop.services.resident_export import write_table
from zongzhi_desktop.services.residents import ID_REQUIRED
from zongzhi_desktop.services.workbook_reader import (  # noqa: F401  (HEADERS re-exported for callers)
    HEADERS, Sheet as _Sheet, check_mapping as _check_mapping, detect_mapping as _detect_mapping,
    open_sheet as _open, parse_date as _parse_date, cell_text as _text,
)

CHUNK = 2_000
# New residents' search keys are written in batches of about this many rows, after several chunks
# of residents: alternating small batches of the two tables made each evict the other's pages from
# SQLite's cache (measured at 100,000 rows: about 1.5 s more); the batch bounds the memory held meanwhile.
KEY_BATCH = 100_000
# SQLite's page cache while a large file is written: about the pages the file's residents, outbox
# rows, search keys and their indexes take (~2 KB a row), up to a bound. With the default 16 MB a
# 100,000-row import overflows the cache half-way, and every evicted page is encrypted, written to
# the WAL and later read and decrypted again (SQLCipher): measured, the inserts took about twice as long.
CACHE_KIB_PER_ROW = 3
MAX_CACHE_KIB = 256 * 1024
ERROR_COLUMN = "错误原因"

# The captured fields an update may change (sex/birth date are derived, never written from a cell).
_STORED = ("name", "id_number", "registration_type", "grid_id", "relation_to_head", "ethnicity",
           "hukou_address", "current_address", "phone", "employer", "occupation", "notes")
_TEXT_LIMITS = {"ethnicity": ("民族", 16), "hukou_address": ("户籍地址", 200), "current_address": ("现住址", 200),
                "employer": ("工作单位", 128), "occupation": ("职业", 64), "notes": ("备注", 2000)}
_SEX = {"男": "1", "女": "2", "1": "1", "2": "2", "男性": "1", "女性": "2"}


@dataclass(frozen=True)
class ImportPreview:
    """What the GUI shows for confirmation: where the header is and which column feeds which field."""

    sheet: str
    header_row: int  # 1-based, as Excel shows it
    headers: tuple[str, ...]
    mapping: dict[str, int]  # field -> 0-based column
    unmapped: tuple[str, ...]  # header texts nobody reads
    first_rows: tuple[tuple[str, ...], ...]
    data_rows: int


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str


@dataclass
class ImportResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False  # False for dry runs and for refused all-or-nothing files (counts say what would happen)
    errors_path: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": self.rejected, "errors": [{"row": e.row, "reason": e.reason} for e in self.errors],
                "written": self.written, "errors_path": self.errors_path}


class ResidentImport:
    def __init__(self, store: Store) -> None:
        self._store = store

    def preview(self, actor: Actor, path: str | Path, rows: int = 10) -> ImportPreview:
        permissions.require(actor, "residents.import")
        sheet = _open(Path(path))
        mapping = _detect_mapping(sheet.headers)
        first = []
        for _n, cells in sheet.rows:
            if len(first) >= rows:
                break
            if any(_text(c) for c in cells):
                first.append(tuple(_text(c) or "" for c in cells))
        used = set(mapping.values())
        return ImportPreview(sheet.name, sheet.header_row, tuple(sheet.headers), mapping,
                             tuple(h for i, h in enumerate(sheet.headers) if h and i not in used),
                             tuple(first), sheet.data_rows)

    def run(self, actor: Actor, path: str | Path, *, valid_only: bool = False, dry_run: bool = False,
            mapping: dict[str, int] | None = None, errors_path: str | Path | None = None) -> ImportResult:
        permissions.require(actor, "residents.import")
        source = Path(path)
        sheet = _open(source)
        mapping = _check_mapping(mapping, len(sheet.headers)) if mapping else _detect_mapping(sheet.headers)
        if "name" not in mapping:
            raise InputError("imports.missing_column", column="姓名")
        with self._store.read() as s:
            rules = _Rules.load(s.connection(), actor)
        result = ImportResult()
        rows = _validate_rows(sheet, mapping, rules, result)
        if dry_run or (result.rejected and not valid_only):
            with self._store.read() as s:
                _classify(s.connection(), rows, rules, result)
        elif valid_only:
            for start in range(0, len(rows), CHUNK):
                with self._store.write(actor) as s:  # a chunk fits the usual page cache
                    _apply(s.connection(), actor, _classify(s.connection(), rows[start:start + CHUNK], rules, result))
            result.written = True
            if result.imported or result.updated:
                audit.record_now(self._store, actor, "resident.import", "residents", None, _audit_detail(source, result))
        else:
            with self._store.write(actor) as s, _roomy_cache(s.connection(), len(rows)):
                conn = s.connection()
                plans = [_classify(conn, rows[i:i + CHUNK], rules, result) for i in range(0, len(rows), CHUNK)]
                if not result.rejected:  # matching against the register may still reject a row
                    keys: list[tuple[str, str]] = []
                    for plan in plans:
                        _apply(conn, actor, plan, keys)
                        if len(keys) >= KEY_BATCH:
                            _insert_keys(conn, keys)
                    _insert_keys(conn, keys)
                    result.written = True
                    if result.imported or result.updated:  # a re-import that changed nothing changed no one
                        audit.record(s, actor, "resident.import", "residents", None, _audit_detail(source, result))
        result.errors.sort(key=lambda e: e.row)
        if result.errors:
            target = Path(errors_path) if errors_path else source.with_name(f"{source.stem}_错误行.xlsx")
            _write_errors(target, source, result.errors)
            result.errors_path = str(target)  # rows of the person's own file, not of the register: not audited
        return result


def _audit_detail(source: Path, result: ImportResult) -> dict[str, Any]:
    return {"file": audit.file_label(source), "written": result.written, "imported": result.imported,
            "updated": result.updated, "rejected": result.rejected}


@contextmanager
def _roomy_cache(conn: Connection, rows: int) -> Iterator[None]:
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


# -- validating ----------------------------------------------------------------------------------
@dataclass
class _Rules:
    grids: dict[str, str | None]  # name or code -> grid id (None: the name is ambiguous)
    types: dict[str, str]
    relations: dict[str, str]
    type_choices: str
    relation_choices: str
    scope: set[str] | None  # grid ids a grid worker may touch; None: all
    needs_grid: bool

    @classmethod
    def load(cls, conn: Connection, actor: Actor) -> _Rules:
        grids: dict[str, str | None] = {}
        for gid, name, code in conn.execute(select(Grid.id, Grid.name, Grid.code).where(
                Grid.deleted_at.is_(None), permissions.grid_scope(actor, Grid.id))):
            grids[code.strip()] = gid
            key = name.strip()
            grids[key] = gid if grids.get(key, gid) == gid else None
        codes = conn.execute(select(CodeItem.kind, CodeItem.code, CodeItem.name).where(
            CodeItem.kind.in_(("registration_type", "relation_to_head"))).order_by(CodeItem.sort_order)).all()
        types = {k: c for kind, c, n in codes if kind == "registration_type"
                 for k in (c, n, n.removesuffix("人口").removesuffix("人员"))}
        relations = {k: c for kind, c, n in codes if kind == "relation_to_head" for k in (c, n)}
        scoped = not permissions.scoped_to_everything(actor)
        return cls(grids, types, relations,
                   "、".join(n for kind, _c, n in codes if kind == "registration_type"),
                   "、".join(n for kind, _c, n in codes if kind == "relation_to_head"),
                   {g for g in grids.values() if g} if scoped else None, actor.role == "grid_worker")


def _validate_rows(sheet: _Sheet, mapping: dict[str, int], rules: _Rules,
                   result: ImportResult) -> list[tuple[int, dict[str, Any]]]:
    """Normalised values of every good row; rejected rows go into `result`. In-file duplicates are
    caught here, register matches later. Only compact values are kept: cells are re-read for errors."""
    good: list[tuple[int, dict[str, Any]]] = []
    id_col = mapping.get("id_number", -1)
    seen: dict[str | tuple[str, str | None], int] = {}
    columns = list(mapping.items())
    for number, cells in sheet.rows:
        width = len(cells)
        # cell_text of each mapped cell; a text cell (nearly all of them) is itself, or None when empty
        raw = {f: ((v or None) if type(v := cells[c]) is str else _text(v)) if c < width else None for f, c in columns}
        if not any(v and v.strip() for v in raw.values()):
            continue  # blank lines between blocks are normal in hand-made sheets
        try:
            if 0 <= id_col < len(cells) and isinstance(cells[id_col], float) and cells[id_col] >= 1e16 \
                    and not idnumber.is_valid(raw["id_number"] or ""):
                raise InputError("imports.row_id_as_number", value=raw["id_number"])
            values = _row_values(raw, cells[mapping["birth_date"]] if "birth_date" in mapping and
                                 mapping["birth_date"] < len(cells) else None, rules)
            key = values["id_number"] or (values["name"], values.get("grid_id"))
            if key in seen:
                code = "imports.row_duplicate_in_file" if values["id_number"] else "imports.row_same_person_in_file"
                raise InputError(code, row=seen[key])
            seen[key] = number
            good.append((number, values))
        except InputError as exc:
            _reject(result, number, str(exc))
    return good


def _row_values(raw: dict[str, str | None], birth_cell: Any, rules: _Rules) -> dict[str, Any]:
    out: dict[str, Any] = {"name": clean_text(raw.get("name"), "姓名", max_len=64, required=True)}
    for f, (label, limit) in _TEXT_LIMITS.items():
        if f in raw:
            out[f] = clean_text(raw[f], label, max_len=limit)
    if "phone" in raw:
        out["phone"] = normalize_phone(raw["phone"])
    out["registration_type"] = _choice(raw.get("registration_type"), rules.types,
                                       "imports.row_type_unknown", rules.type_choices)
    if "relation_to_head" in raw:
        out["relation_to_head"] = _choice(raw["relation_to_head"], rules.relations,
                                          "imports.row_relation_unknown", rules.relation_choices)
    grid = (raw.get("grid") or "").replace("\u3000", " ").strip()
    if grid:
        if grid not in rules.grids:
            raise InputError("imports.row_grid_unknown", grid=grid)
        if rules.grids[grid] is None:
            raise InputError("imports.row_grid_ambiguous", grid=grid)
        out["grid_id"] = rules.grids[grid]
    raw_id = (raw.get("id_number") or "").strip()
    parsed = None
    if raw_id:
        parsed = idnumber.parse(raw_id)
    elif (out["registration_type"] or "huji") in ID_REQUIRED:
        raise InputError("input.required", field="公民身份号码")
    out["id_number"] = parsed.number if parsed else None
    # Derived now, from the parse already done, so writing never parses the number again.
    out["sex"], out["birth_date"] = (parsed.sex, parsed.birth_date) if parsed else (None, None)
    born = _parse_date(birth_cell, "出生日期")
    sex_text = (raw.get("sex") or "").strip()
    if sex_text and sex_text not in _SEX:
        raise InputError("imports.row_sex_invalid", value=sex_text)
    if parsed:
        if born and born != parsed.birth_date:
            raise InputError("imports.row_birth_mismatch", given=born.isoformat(), derived=parsed.birth_date.isoformat())
        if sex_text and _SEX[sex_text] != parsed.sex:
            raise InputError("imports.row_sex_mismatch", given=sex_text, derived="男" if parsed.is_male else "女")
    return out


def _choice(value: str | None, table: dict[str, str], code: str, choices: str) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if text not in table and text.lower() not in table:
        raise InputError(code, value=text, choices=choices)
    return table.get(text) or table[text.lower()]


def _reject(result: ImportResult, row: int, reason: str) -> None:
    result.rejected += 1
    result.errors.append(RowError(row, reason))


# -- matching and writing ------------------------------------------------------------------------
@dataclass
class _Plan:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


_PLANNED = (*_STORED, "sex", "birth_date")


def _classify(conn: Connection, rows: list[tuple[int, dict[str, Any]]], rules: _Rules, result: ImportResult) -> _Plan:
    """Match one chunk against the register (inside the transaction that will write it)."""
    live = (Resident.deleted_at.is_(None), Resident.merged_into.is_(None))
    cols = [Resident.id, *(getattr(Resident, f) for f in _STORED)]
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
    plan = _Plan()
    for number, values in rows:
        found = by_id.get(values["id_number"], []) if values["id_number"] else \
            by_name.get((values["name"], values.get("grid_id")), [])
        if len(found) > 1:
            code = "imports.row_duplicate_in_register" if values["id_number"] else "imports.row_ambiguous_no_id"
            _reject(result, number, render(code, count=len(found)))
        elif found:
            old = found[0]
            if rules.scope is not None and old["grid_id"] not in rules.scope:
                _reject(result, number, render("imports.row_out_of_scope"))
                continue
            changed = {f: v for f, v in values.items() if f in _STORED and v is not None and old.get(f) != v}
            if changed:
                plan.updates.append({**old, **changed, "sex": values["sex"], "birth_date": values["birth_date"]})
                result.updated += 1
            else:
                result.unchanged += 1
        elif rules.needs_grid and not values.get("grid_id"):
            _reject(result, number, render("input.required", field="所属网格"))
        else:
            values["id"] = new_id()  # the row's own dict: _insert_residents reads the _PLANNED fields of it
            plan.inserts.append(values)
            result.imported += 1
    return plan


def _apply(conn: Connection, actor: Actor, plan: _Plan, keys: list[tuple[str, str]] | None = None) -> None:
    """Bulk statements (the capture triggers fire per row as for any write), then the search keys.

    New rows go through the driver's executemany with values bound exactly as SQLAlchemy binds them
    (the columns' own bind processors: dates and datetimes as the same ISO text), skipping its
    per-row parameter building, which cost more than SQLite's own work; name-derived values and
    name keys are worked out once per distinct name. The new rows' search keys are written here, or
    added to `keys` when the caller writes them later in the same transaction (`_insert_keys`)."""
    now = utc_now()
    for row in plan.updates:
        row.update(_derived_of(row["name"]), updated_by=actor.username, updated_at=now, _id=row["id"])
    if plan.inserts:
        _insert_residents(conn, actor, now, plan.inserts)
    if plan.updates:
        columns = [k for k in plan.updates[0] if k not in ("id", "_id")]
        conn.execute(update(Resident).where(Resident.id == bindparam("_id"))
                     .values({k: bindparam(k) for k in columns}), plan.updates)
    # New people have no keys yet: insert theirs straight away (refresh would first delete nothing).
    fresh = [(k, r["id"]) for r in plan.inserts for k in _keys_of(r)]
    if keys is None:
        _insert_keys(conn, fresh)
    else:
        keys.extend(fresh)
    search_index.refresh(conn, plan.updates)


def _insert_keys(conn: Connection, keys: list[tuple[str, str]]) -> None:
    """Write (key, resident id) rows and empty the list."""
    if keys:
        keys.sort()  # in key order consecutive rows land on the same B-tree pages instead of all over it
        conn.exec_driver_sql("INSERT OR IGNORE INTO resident_keys (key, resident_id) VALUES (?, ?)", keys)
        keys.clear()


_INSERTED = (*_PLANNED, "id", "name_pinyin", "name_initials", "status", "created_by", "updated_by", "created_at",
             "updated_at")


def _insert_residents(conn: Connection, actor: Actor, now: Any, rows: list[dict[str, Any]]) -> None:
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


def _write_errors(path: Path, source: Path, errors: list[RowError]) -> None:
    """Rejected rows with their original cells and a reason, ready to fix and import again."""
    sheet = _open(source)  # a second read only when something failed: validation keeps no raw cells
    wanted = {e.row for e in errors}
    originals = {n: list(cells) for n, cells in sheet.rows if n in wanted}
    headers = sheet.headers
    width = max([len(headers)] + [len(c) for c in originals.values()])
    reasons: dict[int, list[str]] = {}
    for e in errors:
        reasons.setdefault(e.row, []).append(e.reason)
    header = list(headers) + [""] * (width - len(headers)) + [ERROR_COLUMN]
    rows = [list(originals.get(n, [])) + [""] * (width - len(originals.get(n, []))) + [f"（原第{n}行）" + "；".join(r)]
            for n, r in sorted(reasons.items())]
    write_table(path, header, rows)
