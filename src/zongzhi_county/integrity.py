"""Checksums of a township's records, the rows behind them, and purging old tombstones (sync.md §3.7, §3.9).

A PC compares its per-table (count, sum of row hashes) with these, narrows a difference down by
bucket (the last two characters of the id), and fetches only the rows that differ. Bucket ranges
compare bytes on both backends (PostgreSQL is told COLLATE "C"), as the PC's SQLite does.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Engine, String, and_, delete, func, literal, select, tuple_, update

from zongzhi_county.errors import CountyError
from zongzhi_county.keys import id_chunks
from zongzhi_county.schema import change_log, field_ver, records, server_meta
from zongzhi_desktop.sync.protocol import (
    BucketQuery, BucketRows, BucketSum, BucketSums, RowAnswer, RowQuery, RowValues, TableSum, TableSums,
)

_CHUNK = 500
# Tables that name other rows as history, not as links: an audit entry about a person who was deleted
# does not keep the person's tombstone (the entry's own record of the deletion stays).
_HISTORY_ONLY = ("audit_log",)


def bucket_of_row() -> Any:
    """`domain.row_hash.bucket_of` in SQL that both backends speak (PostgreSQL has no substr(x, -2))."""
    return func.substr(records.c.row_id, func.length(records.c.row_id) - 1)


def table_sums(engine: Engine, township: str, lo: str = "", hi: str | None = None) -> TableSums:
    """Every table's record count, and count and hash sum of the records whose bucket is in [lo, hi)."""
    mine = records.c.township_code == township
    with engine.connect() as conn:
        head, fence = _meta(conn)  # read first: the sums reflect at least everything up to head
        if not lo and hi is None:  # one GROUP BY on the (township, tbl) index
            query = select(records.c.tbl, func.count(), func.sum(records.c.row_hash)).where(mine).group_by(records.c.tbl)
            tables = {tbl: TableSum(count=n, slice_count=n, slice_sum=int(s or 0)) for tbl, n, s in conn.execute(query)}
        else:  # measured on 200,000 residents: cheaper than grouping by bucket on SQLite, close on PostgreSQL
            bucket = bucket_of_row()
            if conn.dialect.name == "postgresql":  # compare bytes, as SQLite and Python do, whatever the locale
                bucket = bucket.collate("C")
            inside = and_(bucket >= lo, bucket < hi) if hi is not None else bucket >= lo
            sums = {tbl: (n, int(s or 0)) for tbl, n, s in conn.execute(
                select(records.c.tbl, func.count(), func.sum(records.c.row_hash)).where(mine, inside).group_by(records.c.tbl))}
            tables = {tbl: TableSum(count=n, slice_count=sums.get(tbl, (0, 0))[0], slice_sum=sums.get(tbl, (0, 0))[1])
                      for tbl, n in conn.execute(select(records.c.tbl, func.count()).where(mine).group_by(records.c.tbl))}
        # Read after the sums (numbers are taken in commit order): a PC that has pulled this far
        # knows every change the sums can contain. One look-up on the (township, seq) index.
        latest = conn.execute(select(func.max(change_log.c.server_seq)).where(change_log.c.township_code == township))
        township_seq = int(latest.scalar() or 0)
    return TableSums(head_seq=head, township_seq=township_seq, purged_before_seq=fence, tables=tables)


def bucket_sums(engine: Engine, township: str, tbl: str) -> BucketSums:
    bucket = bucket_of_row()
    query = (select(bucket, func.count(), func.sum(records.c.row_hash), func.max(records.c.last_seq))
             .where(records.c.township_code == township, records.c.tbl == tbl).group_by(bucket))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return BucketSums(buckets={b: BucketSum(count=n, sum=int(s or 0), max_seq=int(m or 0)) for b, n, s, m in rows})


def bucket_rows(engine: Engine, township: str, query: BucketQuery) -> BucketRows:
    if not query.buckets:
        return BucketRows(rows=[])
    stmt = select(records.c.row_id, records.c.row_hash, records.c.last_seq).where(
        records.c.township_code == township, records.c.tbl == query.tbl, bucket_of_row().in_(query.buckets))
    with engine.connect() as conn:
        return BucketRows(rows=[(r, int(h), int(s)) for r, h, s in conn.execute(stmt)])


def current_rows(engine: Engine, township: str, query: RowQuery) -> RowAnswer:
    """The township's rows among `query.ids` as they stand (values from field_ver), and which ids
    the county holds for someone else; ids in neither the county has no record of at all."""
    if not query.ids:
        return RowAnswer(rows=[], elsewhere=[])
    with engine.connect() as conn:
        owned = conn.execute(select(records.c.row_id, records.c.township_code, records.c.last_seq).where(
            records.c.tbl == query.tbl, records.c.row_id.in_(query.ids))).all()
        mine = {r: seq for r, owner, seq in owned if owner == township}
        fields: dict[str, list[Any]] = defaultdict(list)
        if mine:
            for row in conn.execute(select(field_ver.c.row_id, field_ver.c.field, field_ver.c.value, field_ver.c.hlc,
                                           field_ver.c.origin_user).where(
                    field_ver.c.tbl == query.tbl, field_ver.c.row_id.in_(list(mine)))):
                fields[row[0]].append(row[1:])
    rows = []
    for row_id, seq in mine.items():
        versions = fields.get(row_id, [])
        latest = max(versions, key=lambda v: v[2], default=None)
        rows.append(RowValues(
            row_id=row_id, last_seq=int(seq), values={f: json.loads(v) if v is not None else None for f, v, _h, _u in versions},
            first_hlc=min((int(v[2]) for v in versions), default=0), last_hlc=int(latest[2]) if latest else 0,
            user=latest[3] if latest else None,
        ))
    return RowAnswer(rows=rows, elsewhere=[r for r, owner, _s in owned if owner != township])


def require_fence(engine: Engine, cursor: int) -> None:
    """A PC whose cursor is below purged tombstones cannot learn those deletions from the log."""
    with engine.connect() as conn:
        head, fence = _meta(conn)
    if cursor + 1 < fence:  # cursor S means every entry <= S is applied; the purge removed entries < fence
        raise CountyError("sync.rebaseline", status=410, fence=fence, head=head)


def purge_tombstones(engine: Engine, before_seq: int) -> dict[str, int]:
    """Forget deleted rows whose whole history lies below `before_seq` (their log entries, versions and
    records), unless a row that stays still refers to them; PCs behind the fence then re-baseline."""
    with engine.begin() as conn:
        # Row-locks the numbering: no push commits while the log is being thinned.
        next_seq, old = conn.execute(select(server_meta.c.next_seq, server_meta.c.purged_before_seq)
                                     .where(server_meta.c.id == 1).with_for_update()).one()
        fence = max(int(old or 0), min(int(before_seq), int(next_seq)))
        dead = _purgeable(conn, fence)
        entries = 0
        for tbl, chunk in id_chunks(dead, _CHUNK):
            entries += conn.execute(delete(change_log).where(
                change_log.c.server_seq < fence, change_log.c.tbl == tbl, change_log.c.row_id.in_(chunk))).rowcount
            conn.execute(delete(field_ver).where(field_ver.c.tbl == tbl, field_ver.c.row_id.in_(chunk)))
            conn.execute(delete(records).where(records.c.tbl == tbl, records.c.row_id.in_(chunk)))
        conn.execute(update(server_meta).where(server_meta.c.id == 1).values(purged_before_seq=fence))
    return {"purged_before_seq": fence, "rows": len(dead), "log_entries": entries}


def _purgeable(conn: Connection, fence: int) -> set[tuple[str, str]]:
    deleted = and_(field_ver.c.tbl == records.c.tbl, field_ver.c.row_id == records.c.row_id,
                   field_ver.c.field == "deleted_at", field_ver.c.value.is_not(None), field_ver.c.value != "null")
    touched_later = select(change_log.c.tbl, change_log.c.row_id).where(change_log.c.server_seq >= fence)
    tombstones = (select(records.c.tbl, records.c.row_id).join(field_ver, deleted)
                  .where(records.c.last_seq < fence, tuple_(records.c.tbl, records.c.row_id).not_in(touched_later)))
    dead = {(t, r) for t, r in conn.execute(tombstones)}
    if not dead:
        return dead
    # Who still points at a tombstone (a case party at a deleted person, ...): ids are unique across
    # tables, so a field whose JSON value is the quoted id is a reference.
    quoted = literal('"', String) + records.c.row_id + literal('"', String)
    refs = conn.execute(select(field_ver.c.tbl, field_ver.c.row_id, field_ver.c.value).where(
        field_ver.c.value.in_(tombstones.with_only_columns(quoted)), field_ver.c.tbl.not_in(_HISTORY_ONLY))).all()
    by_id = {r: (t, r) for t, r in dead}
    changed = True
    while changed:  # a referrer that stays keeps what it refers to (and, in turn, what that refers to)
        changed = False
        for tbl, row_id, value in refs:
            target = by_id.get(json.loads(value))
            if target in dead and (tbl, row_id) not in dead:
                dead.discard(target)
                changed = True
    return dead


def _meta(conn: Connection) -> tuple[int, int]:
    next_seq, fence = conn.execute(select(server_meta.c.next_seq, server_meta.c.purged_before_seq)
                                   .where(server_meta.c.id == 1)).one()
    return int(next_seq) - 1, int(fence or 0)
