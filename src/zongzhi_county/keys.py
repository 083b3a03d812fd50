"""Looking rows up by (table, id) in batches the query planner can use an index for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import ColumnElement, Table, and_

Key = tuple[str, str]
CHUNK = 500


def key_filters(table: Table, keys: Iterable[Key]) -> Iterator[ColumnElement[bool]]:
    """`tbl = :t AND row_id IN (…)` per table and chunk. A row-value `(tbl, row_id) IN (…)` made
    SQLite scan the whole table (measured: 1.9 s against 0.05 s for 1,000 keys in 3.2M rows)."""
    for tbl, ids in id_chunks(keys):
        yield and_(table.c.tbl == tbl, table.c.row_id.in_(ids))


def id_chunks(keys: Iterable[Key], size: int = CHUNK) -> Iterator[tuple[str, list[str]]]:
    """(table, up to `size` of its row ids) for every table among `keys`: tables and ids in sorted
    order (the order row locks are taken in), each id once."""
    by_table: dict[str, set[str]] = defaultdict(set)
    for tbl, row_id in keys:
        by_table[tbl].add(row_id)
    for tbl, ids in sorted(by_table.items()):
        ordered = sorted(ids)
        for start in range(0, len(ordered), size):
            yield tbl, ordered[start:start + size]
