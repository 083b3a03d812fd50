"""Per-table checksums over the values that must agree between replicas (bookkeeping excluded)."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import Connection

from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass
from zongzhi_desktop.models.triggers import table_columns

_COMPARED = (ColumnClass.KEY, ColumnClass.CAPTURED, ColumnClass.DERIVED)


def compared_columns(conn: Connection, table: str) -> list[str]:
    spec = TABLES[table]
    actual = table_columns(conn, table)
    return [c for c in actual if (col := spec.column(c)) is None or col.cls in _COMPARED]


def table_checksum(conn: Connection, table: str) -> tuple[int, str]:
    """(row count, sha256 of every compared column of every row in id order)."""
    columns = compared_columns(conn, table)
    digest = hashlib.sha256()
    count = 0
    select = ", ".join(f'"{c}"' for c in columns)
    for row in conn.exec_driver_sql(f'SELECT {select} FROM "{table}" ORDER BY id'):
        digest.update(json.dumps(list(row), ensure_ascii=False, default=str).encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def store_checksums(conn: Connection) -> dict[str, tuple[int, str]]:
    return {name: table_checksum(conn, name) for name in TABLES}
