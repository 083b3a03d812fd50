"""Small SQL helpers that differ between SQLite and PostgreSQL, and bulk writes prepared ahead."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Connection, Table, TextClause, text
from sqlalchemy.dialects import postgresql, sqlite


@dataclass
class Bulk:
    """One bulk write, prepared before the serialised step so that running it needs almost no
    Python (with thirty pushes at once, the lock holder waited for the GIL at every Python step).

    PostgreSQL: one statement reading the rows as one JSON document. SQLite: a driver-level
    executemany of plain tuples (through SQLAlchemy's executemany about 30 µs of Python went on
    every row; reading a JSON document with `json_extract` cost SQLite itself three times a
    tuple executemany). `numbered` columns hold batch-relative change-log numbers; `run` adds the
    batch's first number in SQL. A None number stays None."""

    stmt: TextClause | str | None
    document: str | None = None  # PostgreSQL: the rows as one JSON array of objects
    tuples: list[tuple[Any, ...]] | None = None  # SQLite: each row's values, in the statement's order

    def run(self, conn: Connection, first: int = 0) -> None:
        if self.stmt is None:
            return
        if self.document is not None:
            conn.execute(self.stmt, {"rows": self.document, "first": first})  # type: ignore[arg-type]
        else:  # ?1 is the first number, ?2… the row's values
            conn.exec_driver_sql(self.stmt, [(first, *row) for row in self.tuples or ()])  # type: ignore[arg-type]


def prepare(conn: Connection, table: Table, rows: list[dict[str, Any]], *, numbered: Sequence[str] = (),
            upsert_keys: Sequence[str] = (), update_keys: Sequence[str] = ()) -> Bulk:
    """INSERT `rows` (all with the same columns); ON CONFLICT (upsert_keys) DO UPDATE the others; or,
    with `update_keys`, UPDATE the rows found by them. `rows` must not repeat a key (PostgreSQL
    refuses to update one row twice in one statement). Values must be JSON's: text, numbers, None."""
    if not rows:
        return Bulk(None)
    names = list(rows[0])
    if conn.dialect.name == "postgresql":
        return Bulk(_pg_statement(table, names, tuple(numbered), tuple(upsert_keys), tuple(update_keys)),
                    document=_document(rows))
    values = {n: f"?{i + 2} + ?1" if n in numbered else f"?{i + 2}" for i, n in enumerate(names)}
    if update_keys:
        sets = ", ".join(f'"{n}" = {v}' for n, v in values.items() if n not in update_keys)
        match = " AND ".join(f'"{k}" = {values[k]}' for k in update_keys)
        sql = f'UPDATE "{table.name}" SET {sets} WHERE {match}'
    else:
        sql = f'INSERT INTO "{table.name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) ' \
              f'VALUES ({", ".join(values.values())})' + _on_conflict(names, tuple(upsert_keys))
    row_values = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    return Bulk(sql, tuples=[row_values(row) for row in rows])


def _document(rows: list[dict[str, Any]]) -> str:
    """The rows as one JSON text for PostgreSQL to read (only the values count, not the spelling):
    orjson, a tenth of the json module's time; the json module for what orjson will not write (an
    integer beyond 64 bits, a lone surrogate), for PostgreSQL to refuse as before. No float reaches
    here (the columns are text and integers; a JSON value is stored as its text), so orjson writing
    NaN as null never changes one."""
    try:
        return orjson.dumps(rows).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _on_conflict(names: list[str], upsert_keys: tuple[str, ...]) -> str:
    if not upsert_keys:
        return ""
    others = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n not in upsert_keys)
    keys = ", ".join(f'"{k}"' for k in upsert_keys)
    return f" ON CONFLICT ({keys}) " + (f"DO UPDATE SET {others}" if others else "DO NOTHING")


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
    return text(sql + _on_conflict(names, upsert_keys))


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
