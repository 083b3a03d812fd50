"""After each pull: compare per-table sums with the county, then repair only the rows that differ.

The check (sync.md §3.9): per table, the count of every row (live and deleted) and the sum of row
hashes over one slice of the buckets -- a big township is compared a slice per sync, so a sync
never pays for a full pass (a hand-removed or hand-added row shows in the counts at once). A table
that differs is bisected: bucket sums, then the (id, hash) lists of the differing buckets, then the
differing rows are fetched and written with capture off, their marks set to the county's number.
Fields with pending local edits keep their local values; nothing is ever reset wholesale.

A local row the county's township does not have:
* pending ops -> kept: the push will carry it (a county-refused edit then waits in quarantine);
* the county refused its insert -> kept, remembered as local-only: it is the user's record waiting
  in the needs-attention list and the county's quarantine, and deleting it would lose what they typed;
* the county holds it for another township -> evicted, as a pulled eviction would;
* deleted here, or the county purged its tombstones behind this PC (re-baseline) -> deleted: it was
  deleted data, and a purged tombstone must never come back;
* this PC pushed it and the county acknowledged it -> kept (the county has lost acknowledged data,
  say restored from a backup; the PC may hold the only copy) and the user is warned;
* anything else (rows added by hand, rows the county has since dropped) -> deleted: it is not data
  the county knows, and this replica follows the county.
A row to delete that other rows here still point at stays until they go (a re-baseline tries again
after the later tables). Rows kept though the county lacks them are remembered and left out of the
sums, so they do not make every later check bisect their table again.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from zongzhi_desktop.domain.row_hash import bucket_of
from zongzhi_desktop.models.db import IMMEDIATE
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.models.triggers import set_applying
from zongzhi_desktop.sync import row_sums, state
from zongzhi_desktop.sync.apply import chunks
from zongzhi_desktop.sync.evict import evict_rows
from zongzhi_desktop.sync.protocol import (
    MAX_REPAIR_BUCKETS, MAX_REPAIR_IDS, BucketQuery, BucketRows, BucketSum, BucketSums, RowAnswer, RowQuery, RowValues,
    TableSum, TableSums,
)
from zongzhi_desktop.sync.pull_apply import RowWrite, pending_fields, refresh_dependents, row_marks, write_rows
from zongzhi_desktop.sync.transport import Transport

log = logging.getLogger(__name__)
ROWS_PER_PASS = 10_000  # rows hashed per sync; 200,000 residents: 32 slices, ~0.15-0.2 s a sync (measured)
SLICE_KEY = "integrity_slice"
LOCAL_ONLY_KEY = "integrity_local_only"  # {tbl: [ids]} kept here though the county lacks them


def check_and_repair(store: Store, transport: Transport, result: Any) -> None:
    """Compare this sync's slice of every table with the county; repair the tables that differ."""
    with store.engine.connect() as conn:
        tables = row_sums.synced_tables(conn)
        local_only = _local_only(conn)
        counts = {t: row_sums.table_count(conn, t, local_only.get(t, [])) for t in tables}
        slices = row_sums.slices_for(sum(counts.values()), ROWS_PER_PASS)
        index = int(state.read_all(conn).get(SLICE_KEY) or 0) % slices
        lo, hi = row_sums.slice_bounds(index, slices)
        ours = {t: row_sums.slice_sum(conn, t, cols, lo, hi, local_only.get(t, [])) for t, cols in tables.items()}
        cursor = state.load(conn).pull_cursor
    theirs = transport.get("/integrity/tables", TableSums, {"lo": lo} | ({"hi": hi} if hi is not None else {}))
    if theirs.township_seq > cursor:  # another PC pushed since this pull: the sums cannot agree yet
        log.info("integrity: the county moved on (%s > %s); this slice is checked next time", theirs.township_seq, cursor)
        return
    for tbl, cols in tables.items():
        county = theirs.tables.get(tbl) or TableSum(count=0, slice_count=0, slice_sum=0)
        if (counts[tbl], *ours[tbl]) != (county.count, county.slice_count, county.slice_sum):
            log.warning("integrity: %s differs from the county (%s rows here, %s there)", tbl, counts[tbl], county.count)
            result.repaired += _repair_table(store, transport, tbl, cols, result, rebaseline=False)[0]
    with _writer(store).begin() as conn:
        state.put(conn, **{SLICE_KEY: (index + 1) % slices})


def rebaseline(store: Store, transport: Transport, result: Any) -> None:
    """The county purged tombstones this PC never heard of: compare every bucket of every table
    (row marks too), keep pending changes, drop what the county no longer has, and move the cursor
    to the county's head as it was before the comparison began."""
    head = transport.get("/integrity/tables", TableSums).head_seq
    with store.engine.connect() as conn:
        tables = row_sums.synced_tables(conn)
    blocked = []
    for tbl, cols in tables.items():
        repaired, stuck = _repair_table(store, transport, tbl, cols, result, rebaseline=True)
        result.repaired += repaired
        blocked += [tbl] if stuck else []
    for tbl in reversed(blocked):  # rows still pointed at by rows of a later table, which are gone now
        result.repaired += _repair_table(store, transport, tbl, tables[tbl], result, rebaseline=True)[0]
    with _writer(store).begin() as conn:
        state.put(conn, pull_cursor=max(head, state.load(conn).pull_cursor))


def _repair_table(store: Store, transport: Transport, tbl: str, cols: list[str], result: Any,
                  *, rebaseline: bool) -> tuple[int, bool]:
    """Bisect one table by bucket and repair the differing rows; returns (rows repaired, deletions blocked)."""
    county = transport.get("/integrity/buckets", BucketSums, {"tbl": tbl}).buckets
    with store.engine.connect() as conn:  # a re-baseline looks at the rows kept as local-only again too
        ours = row_sums.bucket_sums(conn, tbl, cols, [] if rebaseline else _local_only(conn).get(tbl, []))
    differing = sorted(b for b in county.keys() | ours.keys() if _differs(ours.get(b), county.get(b), rebaseline))
    repaired, blocked = 0, False
    for buckets in chunks(differing, MAX_REPAIR_BUCKETS):
        theirs = {r: (h, s) for r, h, s in
                  transport.post("/integrity/bucket-rows", BucketQuery(tbl=tbl, buckets=buckets), BucketRows).rows}
        with store.engine.connect() as conn:
            mine = row_sums.bucket_rows(conn, tbl, cols, buckets)
        fetch = [r for r, (h, _s) in theirs.items() if mine.get(r, (None,))[0] != h]
        gone = [r for r in mine if r not in theirs]
        marks = {r: s for r, (h, s) in theirs.items() if r in mine and mine[r][0] == h and mine[r][1] < s}
        answers = [transport.post("/integrity/rows", RowQuery(tbl=tbl, ids=ids), RowAnswer)
                   for ids in chunks(fetch + gone, MAX_REPAIR_IDS)]
        rows = [r for a in answers for r in a.rows]
        elsewhere = {i for a in answers for i in a.elsewhere}
        found = {r.row_id for r in rows}
        absent = [i for i in mine if i not in found and (i not in theirs or mine[i][0] != theirs[i][0])]
        with _writer(store).begin() as conn:
            set_applying(conn, True)
            try:
                n, stuck = _apply(conn, tbl, cols, rows, absent, elsewhere, marks, buckets, rebaseline, result)
            finally:
                set_applying(conn, False)
        repaired += n
        blocked = blocked or stuck
    return repaired, blocked


def _differs(ours: tuple[int, int, int] | None, theirs: BucketSum | None, rebaseline: bool) -> bool:
    count, total, mark = ours or (0, 0, 0)
    county = theirs or BucketSum(count=0, sum=0, max_seq=0)
    # Re-baselining also lists buckets with a newer county number than any mark here, so that rows
    # whose values agree still get their marks moved (the base of this PC's next edits).
    return (count, total) != (county.count, county.sum) or (rebaseline and mark < county.max_seq)


def _apply(conn: Connection, tbl: str, cols: list[str], rows: list[RowValues], absent: list[str], elsewhere: set[str],
           marks: dict[str, int], buckets: list[str], rebaseline: bool, result: Any) -> tuple[int, bool]:
    written = _write(conn, tbl, cols, rows)
    fates = _fates(conn, tbl, absent, elsewhere, rebaseline)
    evicted = evict_rows(conn, [(tbl, i) for i, f in fates.items() if f == "evict"]) if "evict" in fates.values() else 0
    doomed = [i for i, f in fates.items() if f == "delete"]
    deleted = _delete(conn, tbl, doomed)
    if marks:
        conn.execute(text("INSERT INTO sync_row_ver (tbl, row_id, server_seq) VALUES (:t, :r, :s) ON CONFLICT (tbl, row_id) "
                          "DO UPDATE SET server_seq = max(server_seq, excluded.server_seq)"),
                     [{"t": tbl, "r": r, "s": s} for r, s in marks.items()])
    lost = [i for i, f in fates.items() if f == "lost"]
    if lost and "sync.repair_kept" not in result.warnings:
        result.warnings.append("sync.repair_kept")
    blocked = sorted(set(doomed) - set(deleted))
    _remember_local_only(conn, tbl, buckets, [i for i, f in fates.items() if f in ("refused", "lost")] + blocked)
    return written + evicted + len(deleted), bool(blocked)


def _write(conn: Connection, tbl: str, cols: list[str], rows: list[RowValues]) -> int:
    """Land the county's rows; a field with a pending local edit keeps its value (and its old base)."""
    if not rows:
        return 0
    keys = [(tbl, r.row_id) for r in rows]
    pending = pending_fields(conn, keys)
    old_marks = row_marks(conn, keys)
    local = _local_values(conn, tbl, cols, [r.row_id for r in rows])
    writes: dict[tuple[str, str], RowWrite] = {}
    for r in rows:
        key = (tbl, r.row_id)
        values = {c: r.values.get(c) for c in cols if c not in pending.get(key, set())}
        here = local.get(r.row_id)
        if here is None or any(here[c] != v for c, v in values.items()):
            writes[key] = RowWrite(tbl, r.row_id, values, first_hlc=r.first_hlc, last_hlc=r.last_hlc, user=r.user)
    done = _write_rows_guarded(conn, writes)
    landed = [r for r in rows if (tbl, r.row_id) in done or (tbl, r.row_id) not in writes]
    if not landed:
        return 0
    conn.execute(text("INSERT INTO sync_row_ver (tbl, row_id, server_seq) VALUES (:t, :r, :s) "
                      "ON CONFLICT (tbl, row_id) DO UPDATE SET server_seq = excluded.server_seq"),
                 [{"t": tbl, "r": r.row_id, "s": max(old_marks.get((tbl, r.row_id), 0), r.last_seq)} for r in landed])
    # Every field without a pending edit now holds the county's value, so its own mark goes; a
    # field with one keeps (or gets) a mark at the old base its edit was made on.
    conn.execute(text("DELETE FROM sync_field_ver WHERE tbl = :t AND row_id = :r "
                      "AND field NOT IN (SELECT value FROM json_each(:keep))"),
                 [{"t": tbl, "r": r.row_id, "keep": json.dumps(sorted(pending.get((tbl, r.row_id), ())))} for r in landed])
    keep = [{"t": tbl, "r": r.row_id, "f": f, "s": old_marks.get((tbl, r.row_id), 0)}
            for r in landed for f in sorted(pending.get((tbl, r.row_id), ()))]
    if keep:
        conn.execute(text("INSERT OR IGNORE INTO sync_field_ver (tbl, row_id, field, server_seq, hlc) "
                          "VALUES (:t, :r, :f, :s, 0)"), keep)
    return len(done)


def _write_rows_guarded(conn: Connection, writes: dict[tuple[str, str], RowWrite]) -> dict:
    """All rows at once; if one cannot be written (a link to a row this PC lacks), row by row, skipping it."""
    try:
        with conn.begin_nested():
            write_rows(conn, writes)
        done = writes
    except IntegrityError:
        done = {}
        for key, w in writes.items():
            try:
                with conn.begin_nested():
                    write_rows(conn, {key: w})
                done[key] = w
            except IntegrityError as exc:
                log.warning("integrity: %s %s not repaired: %s", key[0], key[1], exc.orig)
    refresh_dependents(conn, list(done), [str(w.values["dispute_id"]) for (t, _), w in done.items()
                                          if t == "dispute_events" and w.values.get("dispute_id")])
    return done


def _fates(conn: Connection, tbl: str, ids: list[str], elsewhere: set[str], rebaseline: bool) -> dict[str, str]:
    """What becomes of local rows the county's township lacks (see the module docstring)."""
    if not ids:
        return {}
    ops: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for chunk in chunks(ids, 500):
        marks, params = _in(chunk)
        for row_id, kind, st in conn.execute(text(
                f"SELECT row_id, kind, state FROM sync_outbox WHERE tbl = :t AND row_id IN ({marks})"), {"t": tbl, **params}):
            ops[row_id].add((kind, st))
    deleted = {i for i, row in _local_values(conn, tbl, ["deleted_at"], ids).items() if row["deleted_at"] is not None}
    fates = {}
    for i in ids:
        states = {st for _k, st in ops[i]}
        if "pending" in states:
            fates[i] = "pending"
        elif ("insert", "rejected") in ops[i]:
            fates[i] = "refused"
        elif i in elsewhere:
            fates[i] = "evict"
        elif i in deleted or rebaseline:
            fates[i] = "delete"
        elif "acked" in states:
            fates[i] = "lost"
        else:
            fates[i] = "delete"
    return fates


def _delete(conn: Connection, tbl: str, ids: list[str]) -> list[str]:
    done = []
    for row_id in ids:
        try:
            with conn.begin_nested():
                conn.execute(text(f'DELETE FROM "{tbl}" WHERE id = :id'), {"id": row_id})
        except IntegrityError:  # still pointed at by another row here; a later pass takes it
            log.warning("integrity: %s %s kept for now: other rows here still refer to it", tbl, row_id)
            continue
        for book in ("sync_row_ver", "sync_field_ver"):
            conn.execute(text(f"DELETE FROM {book} WHERE tbl = :t AND row_id = :r"), {"t": tbl, "r": row_id})
        done.append(row_id)
    if done:
        refresh_dependents(conn, [(tbl, r) for r in done])
    return done


def _local_values(conn: Connection, tbl: str, cols: list[str], ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    names = "".join(f', "{c}"' for c in cols)
    for chunk in chunks(ids, 500):
        marks, params = _in(chunk)
        for row in conn.execute(text(f'SELECT id{names} FROM "{tbl}" WHERE id IN ({marks})'), params).mappings():
            out[row["id"]] = dict(row)
    return out


def _local_only(conn: Connection) -> dict[str, list[str]]:
    raw = state.read_all(conn).get(LOCAL_ONLY_KEY)
    return json.loads(raw) if raw else {}


def _remember_local_only(conn: Connection, tbl: str, buckets: list[str], kept: list[str]) -> None:
    """After listing `buckets`: the kept rows in them are exactly `kept` now."""
    known = _local_only(conn)
    listed = set(buckets)
    ids = sorted({i for i in known.get(tbl, []) if bucket_of(i) not in listed} | set(kept))
    if ids or tbl in known:
        known[tbl] = ids
        state.put(conn, **{LOCAL_ONLY_KEY: json.dumps({t: v for t, v in known.items() if v})})


def _writer(store: Store) -> Any:
    return store.engine.execution_options(**{IMMEDIATE: True})


def _in(chunk: list[str]) -> tuple[str, dict[str, str]]:
    return ", ".join(f":p{i}" for i in range(len(chunk))), {f"p{i}": v for i, v in enumerate(chunk)}
