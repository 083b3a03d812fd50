"""Applying changes to a store with capture off: field by field, idempotent, derived columns recomputed.

The same code lands replayed outboxes (tests, repair) and, later, pulled pages from the county.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass
from zongzhi_desktop.domain.derived import as_sql_value, derive
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.triggers import set_applying
from zongzhi_desktop.services import case_state
from zongzhi_desktop.sync.outbox import Op


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
