"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(conn: Connection, table: Table, rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET every other column, for either backend.

    Executed as one executemany (psycopg pipelines it): measured faster than multi-row VALUES,
    whose compilation dominated at a thousand rows."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    others = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=others), rows)


def insert_ignore(conn: Connection, table: Table, row: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two requests storing the same row at once both succeed."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(**row).on_conflict_do_nothing())
