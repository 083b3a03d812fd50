"""The resident search index: pinyin (full and initials, every surname reading) and reversed ID and
phone numbers for suffix search. Local and derived: rebuilt wherever a row lands, never synced."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.domain import pinyin
from zongzhi_desktop.models.base import Base

PINYIN, INITIALS, ID_SUFFIX, PHONE_SUFFIX = "p:", "i:", "r:", "t:"
_PHONE_END = PHONE_SUFFIX[:-1] + chr(ord(PHONE_SUFFIX[-1]) + 1)  # every phone key sorts in [PHONE_SUFFIX, this)


class ResidentKey(Base):
    """One search key of one resident; `WITHOUT ROWID` keeps each key's rows together on disk."""

    __tablename__ = "resident_keys"
    __table_args__ = (Index("ix_resident_keys_resident", "resident_id"), {"sqlite_with_rowid": False})
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    resident_id: Mapped[str] = mapped_column(String(36), primary_key=True)


def keys_for(values: Mapping[str, Any]) -> list[str]:
    keys: list[str] = []
    name = values.get("name")
    if name:
        found = pinyin.name_keys(str(name))
        keys += [PINYIN + k for k in found.full] + [INITIALS + k for k in found.initials]
    if values.get("id_number"):
        keys.append(ID_SUFFIX + str(values["id_number"])[::-1])
    if values.get("phone"):
        keys.append(PHONE_SUFFIX + str(values["phone"])[::-1])
    return list(dict.fromkeys(keys))


def refresh(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Replace the keys of `rows` (each with id, name, id_number, phone, deleted_at, merged_into).

    Only live, unmerged people have keys: a search walking the keys never meets anyone else.
    """
    rows = list(rows)
    if not rows:
        return
    conn.execute(text("DELETE FROM resident_keys WHERE resident_id = :id"), [{"id": r["id"]} for r in rows])
    fresh = [{"k": k, "id": r["id"]} for r in rows
             if r.get("deleted_at") is None and r.get("merged_into") is None for k in keys_for(r)]
    if fresh:
        conn.execute(text("INSERT OR IGNORE INTO resident_keys (key, resident_id) VALUES (:k, :id)"), fresh)


# One cached statement and one parameter (the ids as JSON), however many ids.
_KEYED = text("SELECT id, name, id_number, phone, deleted_at, merged_into FROM residents "
              "WHERE id IN (SELECT value FROM json_each(:ids))")


def refresh_ids(conn: Connection, resident_ids: Iterable[str]) -> None:
    ids = list(resident_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(_KEYED, {"ids": json.dumps(chunk)}).mappings().all()
        refresh(conn, rows)
        gone = set(chunk) - {r["id"] for r in rows}
        if gone:
            conn.execute(text("DELETE FROM resident_keys WHERE resident_id = :id"), [{"id": g} for g in gone])


def refresh_phones(conn: Connection, resident_ids: Iterable[str]) -> None:
    """Replace only the phone key of `resident_ids` (their name, ID number and status unchanged)."""
    ids = list(resident_ids)
    for start in range(0, len(ids), 500):
        rows = conn.execute(_KEYED, {"ids": json.dumps(ids[start : start + 500])}).all()
        # Straight to the driver, positional: SQLAlchemy's per-row parameter handling cost more than SQLite.
        if rows:
            conn.exec_driver_sql("DELETE FROM resident_keys WHERE resident_id = ? AND key >= ? AND key < ?",
                                 [(r.id, PHONE_SUFFIX, _PHONE_END) for r in rows])
        fresh = [(PHONE_SUFFIX + str(r.phone)[::-1], r.id) for r in rows
                 if r.phone and r.deleted_at is None and r.merged_into is None]
        if fresh:
            conn.exec_driver_sql("INSERT OR IGNORE INTO resident_keys (key, resident_id) VALUES (?, ?)", fresh)


def rebuild_all(conn: Connection) -> int:
    conn.execute(text("DELETE FROM resident_keys"))
    ids = [r[0] for r in conn.execute(text("SELECT id FROM residents WHERE deleted_at IS NULL AND merged_into IS NULL"))]
    refresh_ids(conn, ids)
    return len(ids)
