"""Rows that left this township (moved by the county): out of the register, remembered for history.

The row's last values go to `sync_evictions`; the township's cases keep their parties as they were
(a party carries its own name and ID number, so a closed case still says who it was); rows that
cannot live without it (a key-population file without its person) leave with it.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Connection, text

from zongzhi_desktop.models import search as search_index

# Rows that belong to the evicted one and leave with it (the county moves them along too).
_CHILDREN = {"residents": (("key_persons", "resident_id"),), "key_persons": (("visits", "key_person_id"),)}


def evict_rows(conn: Connection, keys: list[tuple[str, str]]) -> int:
    """Remove `keys` (capture is off: the caller is applying county changes). Returns rows removed."""
    removed = 0
    for tbl, row_id in keys:
        removed += _evict(conn, tbl, row_id)
    search_index.refresh_ids(conn, [r for t, r in keys if t == "residents"])
    return removed


def _evict(conn: Connection, tbl: str, row_id: str) -> int:
    row = conn.execute(text(f'SELECT * FROM "{tbl}" WHERE id = :id'), {"id": row_id}).mappings().first()
    if row is None:
        return 0
    removed = 0
    for child_tbl, column in _CHILDREN.get(tbl, ()):
        for (child,) in conn.execute(text(f'SELECT id FROM "{child_tbl}" WHERE "{column}" = :id'), {"id": row_id}).all():
            removed += _evict(conn, child_tbl, child)
    conn.execute(
        text("INSERT OR REPLACE INTO sync_evictions (tbl, row_id, evicted_at, data) VALUES (:t, :r, :at, :d)"),
        {"t": tbl, "r": row_id, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
         "d": json.dumps(dict(row), ensure_ascii=False, default=str)},
    )
    conn.execute(text(f'DELETE FROM "{tbl}" WHERE id = :id'), {"id": row_id})
    conn.execute(text("DELETE FROM sync_row_ver WHERE tbl = :t AND row_id = :r"), {"t": tbl, "r": row_id})
    conn.execute(text("DELETE FROM sync_field_ver WHERE tbl = :t AND row_id = :r"), {"t": tbl, "r": row_id})
    return removed + 1
