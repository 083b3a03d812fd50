"""Applying changes to a store with capture off: field by field, idempotent, derived columns recomputed.

Replayed outboxes (tests, repair) land here op by op; pulled pages land through pull_apply, with the
county's notices and the bulk statements of this module (many rows per statement, one JSON parameter).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from itertools import chain
from typing import Any

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass
from zongzhi_desktop.domain.derived import as_sql_value, derive
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.triggers import set_applying
from zongzhi_desktop.services import case_state
from zongzhi_desktop.sync.outbox import Op
from zongzhi_desktop.sync.protocol import Change


def hlc_to_datetime(hlc: int) -> datetime:
    return datetime.fromtimestamp((hlc >> 16) / 1000, tz=timezone.utc).replace(tzinfo=None)


def apply_ops(conn: Connection, ops: Iterable[Op]) -> int:
    """Apply `ops` inside the caller's transaction; returns how many were applied."""
    set_applying(conn, True)
    try:
        count = 0
        residents: list[str] = []
        cases: list[str] = []
        for op in ops:
            _apply_one(conn, op)
            count += 1
            if op.tbl == "residents":
                residents.append(op.row_id)
            elif op.tbl == "disputes":
                cases.append(op.row_id)
            elif op.tbl == "dispute_events":
                cases.append(str(op.new_values().get("dispute_id")))
        # Derived data that spans rows: the search index, and a case's status replayed from its trail.
        search_index.refresh_ids(conn, dict.fromkeys(residents))
        case_state.refresh(conn, cases)
        return count
    finally:
        set_applying(conn, False)


def _apply_one(conn: Connection, op: Op) -> None:
    spec = TABLES[op.tbl]
    captured = set(spec.captured)  # only catalogued columns ever reach SQL, whatever an op carries
    values = {k: v for k, v in op.new_values().items() if k in captured}
    when = hlc_to_datetime(op.hlc).isoformat(sep=" ")
    exists = conn.execute(text(f'SELECT 1 FROM "{op.tbl}" WHERE id = :id'), {"id": op.row_id}).first()
    bookkeeping = set(spec.names(ColumnClass.BOOKKEEPING))
    if exists is None:
        row = {"id": op.row_id, **values}
        if bookkeeping:
            row.update(created_at=when, created_by=op.user_id, updated_at=when, updated_by=op.user_id)
        _insert(conn, op.tbl, row)
    else:
        changes = dict(values)
        if bookkeeping:
            changes.update(updated_at=when, updated_by=op.user_id)
        _update(conn, op.tbl, op.row_id, changes)
    _refresh_derived(conn, op.tbl, op.row_id)


def _insert(conn: Connection, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(f'"{c}"' for c in row)
    params = ", ".join(f":{c}" for c in row)
    conn.execute(text(f'INSERT INTO "{table}" ({cols}) VALUES ({params})'), row)


def _update(conn: Connection, table: str, row_id: str, changes: dict[str, Any]) -> None:
    if not changes:
        return
    sets = ", ".join(f'"{c}" = :{c}' for c in changes)
    conn.execute(text(f'UPDATE "{table}" SET {sets} WHERE id = :__id'), {**changes, "__id": row_id})


def _refresh_derived(conn: Connection, table: str, row_id: str) -> None:
    derived_names = TABLES[table].names(ColumnClass.DERIVED)
    if not derived_names:
        return
    row = conn.execute(text(f'SELECT * FROM "{table}" WHERE id = :id'), {"id": row_id}).mappings().one()
    values = {k: as_sql_value(v) for k, v in derive(table, row).items()}
    _update(conn, table, row_id, values)


def recompute_derived(conn: Connection, table: str) -> int:
    """Recompute a whole table's derived columns (after a data fix, or in `check --repair`)."""
    ids = [r[0] for r in conn.execute(text(f'SELECT id FROM "{table}"'))]
    for row_id in ids:
        _refresh_derived(conn, table, row_id)
    return len(ids)


# -- notices from the county (pulled pages) ------------------------------------------------------------
def store_duplicate(conn: Connection, change: Change) -> None:
    """A duplicate-person notice from the county, kept as it says (a later notice updates it)."""
    f = change.fields
    conn.execute(
        text("INSERT INTO sync_duplicates (id, tbl, row_a, row_b, township_a, township_b, status, created_at, resolution) "
             "VALUES (:id, :tbl, :row_a, :row_b, :township_a, :township_b, :status, :created_at, :resolution) "
             "ON CONFLICT (id) DO UPDATE SET status = excluded.status, resolution = excluded.resolution"),
        {"id": change.row_id, **{k: f.get(k) for k in ("tbl", "row_a", "row_b", "township_a", "township_b", "status",
                                                        "created_at", "resolution")}},
    )


def store_conflict(conn: Connection, change: Change) -> None:
    """A conflict notice from the county; one this PC restored keeps its own status."""
    f = change.fields
    row = {
        "id": change.row_id, "tbl": f.get("tbl"), "row_id": f.get("row_id"), "field": f.get("field"),
        "policy": f.get("policy"), "winner_val": f.get("winner_val"), "loser_val": f.get("loser_val"),
        "winner_origin": f.get("winner_origin") or "{}", "loser_origin": f.get("loser_origin") or "{}",
        "status": f.get("status") or "open", "created_at": f.get("created_at") or "",
    }
    conn.execute(
        text("INSERT INTO sync_conflicts (id, tbl, row_id, field, policy, winner_val, loser_val, winner_origin, "
             "loser_origin, status, created_at) VALUES (:id, :tbl, :row_id, :field, :policy, :winner_val, :loser_val, "
             ":winner_origin, :loser_origin, :status, :created_at) ON CONFLICT (id) DO UPDATE SET status = "
             "CASE WHEN sync_conflicts.restored_at IS NULL THEN excluded.status ELSE sync_conflicts.status END"),
        row,
    )


# -- bulk statements (pulled pages, repair) ------------------------------------------------------------
CHUNK = 5000  # ids per lookup (one JSON parameter each)
_JSON_EXACT = frozenset({str, int, bool, type(None)})  # what a JSON text carries to SQLite unchanged
_INT_MIN, _INT_MAX = -(2 ** 63), 2 ** 63 - 1
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def execute_many(conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """One statement (`?` placeholders) for many rows, straight to the driver inside the caller's
    transaction: SQLAlchemy's per-row parameter processing was a sixth of applying a page."""
    if rows:
        conn.exec_driver_sql(sql, rows)


def write_many(conn: Connection, set_sql: str, row_sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Many rows in one statement: `set_sql` reads them from one JSON array of arrays (`json_each(?)`,
    `value->>i`), so SQLite does all of them in one step without Python's lock, and the pull's
    read-ahead thread parses the next page meanwhile (row by row, each step handed that lock back and
    forth: landing and parsing took turns instead of overlapping). Rows holding anything but text,
    64-bit integers, booleans and nulls (which JSON would carry differently: floats, objects, NULs)
    go row by row through `row_sql` (`?` placeholders), exactly as before."""
    if not rows:
        return
    kinds = set(map(type, chain.from_iterable(rows)))
    if kinds <= _JSON_EXACT and (int not in kinds or all(_INT_MIN <= v <= _INT_MAX for r in rows for v in r if type(v) is int)):
        blob = _encode(rows)
        if "\\u0000" not in blob:  # SQLite's JSON functions would keep a NUL, but only just
            conn.exec_driver_sql(set_sql, (blob,))
            return
    conn.exec_driver_sql(row_sql, rows)


def picks(count: int) -> str:
    """The columns of a JSON row (`value` of json_each) as c0, c1, ..."""
    return ", ".join(f"value->>{i} AS c{i}" for i in range(count))


def by_table(keys: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for t, r in keys:
        out[t].append(r)
    return out


def chunks(items: list, size: int = CHUNK) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def read_rows(conn: Connection, sql: str, params: tuple[Any, ...], *, named: bool = False) -> list[Any]:
    """A lookup (`?` placeholders) read straight from the driver inside the caller's transaction, as
    plain tuples (dicts when `named`): SQLAlchemy's Row objects cost more than SQLite's own work for
    5,000-row answers, as did its handling of 500 named parameters where one JSON text of ids will do."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        rows = cursor.execute(sql, params).fetchall()
        if not named:
            return rows
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r)) for r in rows]
    finally:
        cursor.close()


def json_ids(ids: list[str]) -> str:
    return json.dumps(ids, ensure_ascii=False)


def id_chunks(keys: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(table, JSON list of up to CHUNK of its row ids) for every table among `keys`: one lookup parameter each."""
    for tbl, ids in by_table(keys).items():
        for chunk in chunks(ids):
            yield tbl, json_ids(chunk)
