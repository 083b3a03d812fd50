"""Derived columns and search keys recomputed once whenever this version derives them differently."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.derived import DERIVED_FROM, as_sql_value, derive, rules_fingerprint
from zongzhi_desktop.models import search

_STATE_KEY = "derived_fingerprint"
log = logging.getLogger(__name__)


def mark_current(conn: Connection) -> None:
    """A new store derives by this version's rules from its first row."""
    conn.execute(text("INSERT OR REPLACE INTO sync_state (key, value) VALUES (:k, :v)"),
                 {"k": _STATE_KEY, "v": rules_fingerprint()})


def ensure_derived(conn: Connection) -> bool:
    """Recompute every row's derived columns and the resident search keys when the store was last
    derived by other rules (an upgrade, or rows written before the rules existed). Derived columns
    are not captured, so this queues nothing for the county. Returns True when it ran."""
    stored = conn.execute(text("SELECT value FROM sync_state WHERE key = :k"), {"k": _STATE_KEY}).scalar()
    if stored == rules_fingerprint():
        return False
    done = 0
    for table, sources in DERIVED_FROM.items():
        columns = ", ".join(f'"{c}"' for c in sorted(sources))
        rows = conn.execute(text(f'SELECT id, {columns} FROM "{table}"')).mappings().all()
        updates = [{**{k: as_sql_value(v) for k, v in derive(table, row).items()}, "__id": row["id"]} for row in rows]
        if updates:
            sets = ", ".join(f'"{c}" = :{c}' for c in updates[0] if c != "__id")
            conn.execute(text(f'UPDATE "{table}" SET {sets} WHERE id = :__id'), updates)
        done += len(updates)
    search.rebuild_all(conn)
    mark_current(conn)
    log.info("derived columns recomputed by rules %s: %d rows", rules_fingerprint(), done)
    return True
