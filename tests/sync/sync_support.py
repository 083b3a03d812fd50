"""Small helpers for the sync tests: register and edit people on a PC, compare replicas."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from sqlalchemy import text

from zongzhi_desktop.domain.catalogue import township_tables
from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.models.checksums import table_checksum
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.residents import ResidentInput, ResidentService

_serial = itertools.count(1)


def new_id_number() -> str:
    n = next(_serial)
    return make_number("360731", date(1960 + n % 40, 1 + n % 12, 1 + n % 28), n % 1000)


def add_resident(store: Store, name: str = "张三", **fields: Any) -> str:
    data = ResidentInput(name=name, id_number=fields.pop("id_number", None) or new_id_number(), **fields)
    return ResidentService(store).register(store.actor, data).id


def edit(store: Store, table: str, row_id: str, **values: Any) -> None:
    """An edit as any write path makes it (captured by the triggers)."""
    sets = ", ".join(f'"{k}" = :{k}' for k in values)
    with store.write() as s:
        s.execute(text(f'UPDATE "{table}" SET {sets} WHERE id = :__id'), {**values, "__id": row_id})


def value(store: Store, table: str, row_id: str, column: str) -> Any:
    with store.read() as s:
        return s.execute(text(f'SELECT "{column}" FROM "{table}" WHERE id = :id'), {"id": row_id}).scalar()


def count(store: Store, sql: str, **params: Any) -> int:
    with store.read() as s:
        return int(s.execute(text(sql), params).scalar_one())


def township_checksums(store: Store) -> dict[str, tuple[int, str]]:
    """Every synced township table, compared on key, captured and derived columns."""
    with store.engine.connect() as conn:
        return {t.name: table_checksum(conn, t.name) for t in township_tables()}


def outbox_states(store: Store) -> dict[str, int]:
    with store.read() as s:
        return dict(s.execute(text("SELECT state, count(*) FROM sync_outbox GROUP BY state")).all())


def differing_rows(a: Store, b: Store, table: str) -> list[tuple[Any, Any]]:
    """Rows of `table` that differ between two replicas (for readable assertion messages)."""
    from zongzhi_desktop.models.checksums import compared_columns

    def rows(store: Store) -> dict[str, dict[str, Any]]:
        with store.engine.connect() as conn:
            cols = compared_columns(conn, table)
            return {r[0]: dict(zip(cols, map(repr, r))) for r in conn.exec_driver_sql(
                f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}" ORDER BY id')}

    left, right = rows(a), rows(b)
    out = []
    for key in sorted(left.keys() | right.keys()):
        l, r = left.get(key), right.get(key)
        if l != r:
            out.append(({k: v for k, v in (l or {}).items() if not r or r.get(k) != v},
                        {k: v for k, v in (r or {}).items() if not l or l.get(k) != v}))
    return out
