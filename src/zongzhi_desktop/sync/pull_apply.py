"""Landing one pulled page: field by field, idempotent, local pending edits kept, in batches.

Rules (sync.md §3.5): a change applies to a row only if its `server_seq` is above the row's mark;
a field with a pending local edit keeps the local value (the county decides when that edit
arrives) and keeps its old mark, so that edit still travels with the base it was made on. The
device's own changes come back without values and only move the marks; so an older change from
another PC must not overwrite a field this PC changed later in the county's order (its acked op
carries the county's number for that).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass
from zongzhi_desktop.domain.derived import DERIVED_FROM, DERIVERS, as_sql_value, derive
from zongzhi_desktop.gc_pause import collector_paused
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.triggers import set_applying
from zongzhi_desktop.services import case_state
from zongzhi_desktop.sync.apply import (
    chunks, execute_many, id_chunks, json_ids, picks, read_rows, store_conflict, store_duplicate, write_many,
)
from zongzhi_desktop.sync.evict import evict_rows
from zongzhi_desktop.sync.protocol import Change, hlc_ms

CAPTURED = {name: frozenset(spec.captured) for name, spec in TABLES.items()}

_TABLE_ORDER = {name: i for i, name in enumerate(TABLES)}  # the catalogue lists parents first
_STAMPED = {name: bool(spec.names(ColumnClass.BOOKKEEPING)) for name, spec in TABLES.items()}  # rows with updated_at/_by
_NONE: frozenset[str] = frozenset()
_NO_MARKS: dict[str, int] = {}
_SEARCHED = frozenset({"name", "id_number", "phone", "deleted_at", "merged_into"})  # models.search keys


@dataclass(slots=True)
class RowWrite:
    tbl: str
    row_id: str
    values: dict[str, Any] = field(default_factory=dict)
    first_hlc: int = 0
    last_hlc: int = 0
    user: str | None = None


@dataclass
class PageResult:
    applied: int = 0  # changes from other devices (or the county) that touched this PC's data
    conflicts: int = 0  # conflict notices received


def apply_page(conn: Connection, changes: list[Change]) -> PageResult:
    """Apply `changes` inside the caller's transaction (which also stores the new cursor)."""
    with collector_paused():
        set_applying(conn, True)
        try:
            return _land(conn, changes)
        finally:
            set_applying(conn, False)


def _land(conn: Connection, changes: list[Change]) -> PageResult:
    result = PageResult()
    keys = sorted({(c.tbl, c.row_id) for c in changes if c.tbl in TABLES})
    marks, present = _marks_and_presence(conn, keys)
    field_marks = _field_marks(conn, keys)
    pending = pending_fields(conn, keys)
    own_later = _own_acked_fields(conn, keys, min((c.server_seq for c in changes), default=0))
    writes: dict[tuple[str, str], RowWrite] = {}
    new_marks: dict[tuple[str, str], int] = {}
    kept = _KeptMarks(field_marks)
    evictions: list[tuple[str, str]] = []
    for change in changes:
        captured = CAPTURED.get(change.tbl)
        if captured is None:
            if change.tbl == "conflicts":
                store_conflict(conn, change)
                result.conflicts += 1
            elif change.tbl == "duplicates":
                store_duplicate(conn, change)
            continue  # else a table this version does not know yet: nothing to land it in
        key = (change.tbl, change.row_id)
        if change.kind == "evict":  # the row moved to another township
            writes.pop(key, None)
            new_marks.pop(key, None)
            evictions.append(key)
            continue
        if evictions and key in evictions:  # moved away and back within this page: it stays, with the new values
            evictions.remove(key)
        mark = new_marks.get(key, marks.get(key, 0))
        if change.server_seq <= mark:
            continue  # already applied (a repeated page)
        if change.fields:
            result.applied += 1
            if field_marks or key in pending or key in own_later:
                picked = kept.pick(change, key, mark, captured, pending.get(key, _NONE), own_later.get(key, _NO_MARKS))
            else:  # the usual case: no local edit, mark or later own value to step around
                picked = change.fields if captured.issuperset(change.fields) else {
                    name: value for name, value in change.fields.items() if name in captured}
            if picked:
                w = writes.get(key)
                if w is None:
                    w = writes[key] = RowWrite(change.tbl, change.row_id, {}, change.hlc)
                w.values.update(picked)
                w.last_hlc, w.user = change.hlc, change.origin_user
        new_marks[key] = change.server_seq
    write_rows(conn, writes, present)
    _save_marks(conn, new_marks, kept.keep, kept.drop)
    _refresh_dependents(conn, writes)
    if evictions:
        evict_rows(conn, evictions)
    return result


class _KeptMarks:
    """The fields of one page that step around a local edit or a later own value (sync.md §3.5):
    which of a change's fields land, and the field marks kept for, or dropped from, the others."""

    def __init__(self, field_marks: dict[tuple[str, str, str], int]) -> None:
        self.field_marks = field_marks  # grows as marks are kept: later changes of the page see them
        self.keep: list[dict[str, Any]] = []
        self.drop: list[dict[str, Any]] = []

    def pick(self, change: Change, key: tuple[str, str], mark: int, captured: frozenset[str],
             local: frozenset[str] | set[str], mine: dict[str, int]) -> dict[str, Any]:
        picked: dict[str, Any] = {}
        for name, value in change.fields.items():
            if name not in captured:
                continue  # only catalogued columns ever reach SQL, whatever a county or package sends
            if mine and mine.get(name, 0) > change.server_seq:
                continue  # this PC's own later value stands at the county too
            if name in local:
                if (key + (name,)) not in self.field_marks:
                    self.keep.append({"t": key[0], "r": key[1], "f": name, "s": mark})
                    self.field_marks[key + (name,)] = mark
                continue
            if self.field_marks and (key + (name,)) in self.field_marks:
                self.drop.append({"t": key[0], "r": key[1], "f": name})
                del self.field_marks[key + (name,)]
            picked[name] = value
        return picked


def row_marks(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for tbl, ids in id_chunks(keys):
        out.update({(tbl, r): s for r, s in read_rows(conn, _ROW_MARKS, (tbl, ids))})
    return out


def _marks_and_presence(conn: Connection, keys: list[tuple[str, str]]) -> tuple[dict[tuple[str, str], int],
                                                                            set[tuple[str, str]]]:
    """row_marks, and which of the rows exist here: one lookup of each id where there were two,
    answered as one JSON text (one SQLite step, not one per row: see apply.write_many)."""
    marks: dict[tuple[str, str], int] = {}
    present: set[tuple[str, str]] = set()
    for tbl, ids in id_chunks(keys):
        sql = (f'SELECT json_group_array(json_array(j.value, m.server_seq, t.id IS NOT NULL)) FROM json_each(?) j '
               f'LEFT JOIN sync_row_ver m ON m.tbl = ? AND m.row_id = j.value LEFT JOIN "{tbl}" t ON t.id = j.value '
               f'WHERE m.server_seq IS NOT NULL OR t.id IS NOT NULL')
        for row_id, mark, here in json.loads(read_rows(conn, sql, (ids, tbl))[0][0]):
            if mark is not None:
                marks[(tbl, row_id)] = mark
            if here:
                present.add((tbl, row_id))
    return marks, present


def _field_marks(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str, str], int]:
    if not conn.execute(text("SELECT 1 FROM sync_field_ver LIMIT 1")).first():
        return {}
    wanted = set(keys)
    rows = conn.execute(text("SELECT tbl, row_id, field, server_seq FROM sync_field_ver"))
    return {(t, r, f): s for t, r, f, s in rows if (t, r) in wanted}


def pending_fields(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """Fields with local edits the county has not answered yet (usually none: push runs first)."""
    wanted = set(keys)
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = conn.execute(text("SELECT tbl, row_id, kind, fields FROM sync_outbox WHERE state = 'pending'"))
    for tbl, row_id, _kind, fields in rows:
        if (tbl, row_id) in wanted:
            out[(tbl, row_id)].update(json.loads(fields))
    return out


def _own_acked_fields(conn: Connection, keys: list[tuple[str, str]], after: int) -> dict[tuple[str, str], dict[str, int]]:
    """Fields this PC changed in ops the county numbered after `after`: field -> highest number."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    for tbl, ids in id_chunks(keys):
        for row_id, fields, seq in read_rows(conn, _OWN_ACKED, (tbl, after, ids)):
            target = out.setdefault((tbl, row_id), {})
            for name in json.loads(fields):
                target[name] = max(target.get(name, 0), seq)
    return out


def write_rows(conn: Connection, writes: dict[tuple[str, str], RowWrite],
               existing: set[tuple[str, str]] | None = None) -> None:
    """Insert or update `writes`; `existing`, when the caller knows it, holds the keys whose rows exist."""
    existing = _existing(conn, list(writes)) if existing is None else existing
    inserts: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
    updates: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
    stale: dict[str, list[str]] = defaultdict(list)  # updated rows whose derived values follow what changed
    for key, w in writes.items():
        stamps = _STAMPED[w.tbl]
        when_last = _when(w.last_hlc)
        if key in existing:
            row = {**w.values, "updated_at": when_last, "updated_by": w.user} if stamps else w.values
            updates[(w.tbl, tuple(row))].append((*row.values(), w.row_id))
            sources = DERIVED_FROM.get(w.tbl)
            if sources and not sources.isdisjoint(w.values):
                stale[w.tbl].append(w.row_id)
        else:
            row = {"id": w.row_id, **w.values}
            if w.tbl in DERIVERS:
                row.update({k: as_sql_value(v) for k, v in derive(w.tbl, w.values).items()})
            if stamps:
                row.update(created_at=_when(w.first_hlc), created_by=w.user, updated_at=when_last, updated_by=w.user)
            inserts[(w.tbl, tuple(row))].append(tuple(row.values()))
    # Parents before children, whatever order the page listed them in (the PC enforces its links).
    for (tbl, cols), rows in sorted(inserts.items(), key=lambda item: _TABLE_ORDER[item[0][0]]):
        names = ", ".join(f'"{c}"' for c in cols)
        write_many(conn, f'INSERT INTO "{tbl}" ({names}) SELECT {picks(len(cols))} FROM json_each(?)',
                   f'INSERT INTO "{tbl}" ({names}) VALUES ({", ".join("?" * len(cols))})', rows)
    for (tbl, cols), rows in updates.items():
        sets = ", ".join(f'"{c}" = ?' for c in cols)
        from_json = ", ".join(f'"{c}" = v.c{i}' for i, c in enumerate(cols))
        write_many(conn, f'UPDATE "{tbl}" SET {from_json} FROM (SELECT {picks(len(cols) + 1)} FROM json_each(?)) AS v '
                         f'WHERE "{tbl}".id = v.c{len(cols)}',
                   f'UPDATE "{tbl}" SET {sets} WHERE id = ?', rows)
    for tbl, ids in stale.items():
        refresh_derived_many(conn, tbl, ids)


def refresh_derived(conn: Connection, tbl: str, row_id: str) -> None:
    """Recompute one row's derived columns from its stored captured values."""
    refresh_derived_many(conn, tbl, [row_id])


def refresh_derived_many(conn: Connection, tbl: str, ids: list[str]) -> None:
    if tbl not in DERIVERS:
        return
    for chunk in chunks(ids):
        rows = read_rows(conn, f'SELECT * FROM "{tbl}" WHERE id IN (SELECT value FROM json_each(?))',
                         (json_ids(chunk),), named=True)
        derived = [({k: as_sql_value(v) for k, v in derive(tbl, row).items()}, row["id"]) for row in rows]
        if derived:
            cols = list(derived[0][0])
            sets = ", ".join(f'"{c}" = ?' for c in cols)
            execute_many(conn, f'UPDATE "{tbl}" SET {sets} WHERE id = ?', [(*(d[c] for c in cols), i) for d, i in derived])


def _existing(conn: Connection, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for tbl, ids in id_chunks(keys):
        sql = f'SELECT id FROM "{tbl}" WHERE id IN (SELECT value FROM json_each(?))'
        out.update((tbl, r[0]) for r in read_rows(conn, sql, (ids,)))
    return out


def _save_marks(conn: Connection, marks: dict[tuple[str, str], int], keep: list[dict], drop: list[dict]) -> None:
    if marks:
        write_many(conn, "INSERT INTO sync_row_ver (tbl, row_id, server_seq) SELECT value->>0, value->>1, value->>2 "
                         "FROM json_each(?) WHERE true ON CONFLICT (tbl, row_id) DO UPDATE SET server_seq = excluded.server_seq",
                   "INSERT INTO sync_row_ver (tbl, row_id, server_seq) VALUES (?, ?, ?) "
                   "ON CONFLICT (tbl, row_id) DO UPDATE SET server_seq = excluded.server_seq",
                   [(t, r, s) for (t, r), s in marks.items()])
    if keep:
        conn.execute(text("INSERT OR IGNORE INTO sync_field_ver (tbl, row_id, field, server_seq, hlc) "
                          "VALUES (:t, :r, :f, :s, 0)"), keep)
    if drop:
        conn.execute(text("DELETE FROM sync_field_ver WHERE tbl = :t AND row_id = :r AND field = :f"), drop)


def _refresh_dependents(conn: Connection, writes: dict[tuple[str, str], RowWrite]) -> None:
    events = [str(w.values["dispute_id"]) for (t, _), w in writes.items() if t == "dispute_events" and "dispute_id" in w.values]
    # A resident's search keys come from these fields only; other edits leave the index as it is,
    # and a new phone number alone replaces only the phone key (no pinyin of the name again).
    phones: list[str] = []
    keys: list[tuple[str, str]] = []
    for key, w in writes.items():
        if key[0] != "residents":
            keys.append(key)
        elif not _SEARCHED.isdisjoint(w.values):
            if _SEARCHED & w.values.keys() == {"phone"}:
                phones.append(key[1])
            else:
                keys.append(key)
    if phones:
        search_index.refresh_phones(conn, phones)
    refresh_dependents(conn, keys, events)


def refresh_dependents(conn: Connection, keys: list[tuple[str, str]], event_cases: list[str] = ()) -> None:  # type: ignore[assignment]
    """Data that spans rows: the resident search index and each case's status replayed from its trail."""
    residents = [r for (t, r) in keys if t == "residents"]
    if residents:
        search_index.refresh_ids(conn, residents)
    cases = {r for (t, r) in keys if t == "disputes"} | set(event_cases)
    if cases:
        case_state.refresh(conn, sorted(cases))


def _when(hlc: int) -> str:
    return _when_ms(hlc_ms(hlc))


@lru_cache(maxsize=4096)  # the changes of one push mostly share their millisecond
def _when_ms(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).replace(tzinfo=None).isoformat(sep=" ")


_ROW_MARKS = "SELECT row_id, server_seq FROM sync_row_ver WHERE tbl = ? AND row_id IN (SELECT value FROM json_each(?))"
_OWN_ACKED = ("SELECT row_id, fields, server_seq FROM sync_outbox WHERE tbl = ? AND server_seq > ? "
              "AND row_id IN (SELECT value FROM json_each(?))")
