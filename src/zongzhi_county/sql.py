"""Small SQL helpers that differ between SQLite and PostgreSQL, and bulk writes prepared ahead."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, TextClause, text
from sqlalchemy.dialects import postgresql, sqlite


@dataclass
class Bulk:
    """One bulk write, prepared (SQL and, on PostgreSQL, the rows as one JSON document) before the
    serialised step so that running it needs almost no Python: other pushes hold the GIL meanwhile.

    `numbered` columns hold batch-relative change-log numbers; `run` adds the batch's first number
    (in SQL on PostgreSQL). A None number stays None."""

    stmt: TextClause | Any
    rows: list[dict[str, Any]]
    numbered: tuple[str, ...]
    document: str | None  # PostgreSQL: the rows as JSON

    def run(self, conn: Connection, first: int = 0) -> None:
        if not self.rows:
            return
        if self.document is not None:
            conn.execute(self.stmt, {"rows": self.document, "first": first})
            return
        if first and self.numbered:
            for row in self.rows:
                for name in self.numbered:
                    if row[name] is not None:
                        row[name] += first
        conn.execute(self.stmt, self.rows)


def prepare(conn: Connection, table: Table, rows: list[dict[str, Any]], *, numbered: Sequence[str] = (),
            upsert_keys: Sequence[str] = (), update_keys: Sequence[str] = ()) -> Bulk:
    """INSERT `rows` (all with the same columns); ON CONFLICT (upsert_keys) DO UPDATE the others; or,
    with `update_keys`, UPDATE the rows found by them. `rows` must not repeat a key (PostgreSQL
    refuses to update one row twice in one statement)."""
    if not rows:
        return Bulk(None, [], (), None)
    names = list(rows[0])
    if conn.dialect.name == "postgresql":
        return Bulk(_pg_statement(table, names, tuple(numbered), tuple(upsert_keys), tuple(update_keys)), rows,
                    tuple(numbered), json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
    if update_keys:
        sets = ", ".join(f'"{c}" = :{c}' for c in names if c not in update_keys)
        match = " AND ".join(f'"{k}" = :{k}' for k in update_keys)
        return Bulk(text(f'UPDATE "{table.name}" SET {sets} WHERE {match}'), rows, tuple(numbered), None)
    if upsert_keys:
        stmt = sqlite.insert(table)
        others = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in upsert_keys}
        return Bulk(stmt.on_conflict_do_update(index_elements=list(upsert_keys), set_=others), rows,
                    tuple(numbered), None)
    return Bulk(table.insert(), rows, tuple(numbered), None)


def _pg_statement(table: Table, names: list[str], numbered: tuple[str, ...], upsert_keys: tuple[str, ...],
                  update_keys: tuple[str, ...]) -> TextClause:
    """INSERT … SELECT / UPDATE … FROM the rows of one JSON document read as the table's own row
    type (values convert, and are checked, lengths too, as on a plain INSERT): one round trip and no
    per-row binding, where an executemany spent about 50 µs of Python on every row."""
    source = f'json_populate_recordset(NULL::"{table.name}", CAST(:rows AS json)) AS u'
    values = {n: f'u."{n}" + :first' if n in numbered else f'u."{n}"' for n in names}
    if update_keys:
        sets = ", ".join(f'"{n}" = {v}' for n, v in values.items() if n not in update_keys)
        match = " AND ".join(f'"{table.name}"."{k}" = u."{k}"' for k in update_keys)
        return text(f'UPDATE "{table.name}" SET {sets} FROM {source} WHERE {match}')
    cols = ", ".join(f'"{n}"' for n in names)
    sql = f'INSERT INTO "{table.name}" ({cols}) SELECT {", ".join(values.values())} FROM {source}'
    if upsert_keys:
        others = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n not in upsert_keys)
        sql += f' ON CONFLICT ({", ".join(chr(34) + k + chr(34) for k in upsert_keys)}) DO UPDATE SET {others}'
    return text(sql)


def upsert(conn: Connection, table: Table, rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET every other column, for either backend."""
    prepare(conn, table, rows, upsert_keys=keys).run(conn)


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Plain INSERT of `rows` (all with the same columns): one statement on PostgreSQL."""
    prepare(conn, table, rows).run(conn)


def update_many(conn: Connection, table: Table, rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """UPDATE each row found by `keys` with the rows' other columns (all rows with the same columns)."""
    prepare(conn, table, rows, update_keys=keys).run(conn)


def insert_ignore(conn: Connection, table: Table, row: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two requests storing the same row at once both succeed."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(**row).on_conflict_do_nothing())
