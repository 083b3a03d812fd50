"""Push batches read from the outbox, and what the county's answers change in this store: ops acked
or rejected, the clock folded in, a changed county epoch remembered."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

from sqlalchemy import Connection, text

from zongzhi_desktop import __version__
from zongzhi_desktop.sync import state
from zongzhi_desktop.sync.outbox import Op, newest_seq, read_ops
from zongzhi_desktop.sync.protocol import CLOCK_WARN_MS, SCHEMA_VERSION, OpResult, PushRequest, PushResponse, WireOp
from zongzhi_desktop.sync.result import SyncResult

log = logging.getLogger(__name__)
AMNESIA_KEY = "amnesia_pending"  # set with the answer that showed it, cleared once recovered
_OUTCOME_FIELDS = tuple(OpResult.model_fields)
_encode_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per json.dumps call


@dataclass(frozen=True)
class Batch:
    """One push request and what it was read from."""

    ops: list[Op]
    newest: int  # this store's newest local_seq when the batch was read (a county ahead of it: rewound)
    request: PushRequest

    @property
    def last_seq(self) -> int:
        return self.ops[-1].local_seq


def read_batch(conn: Connection, device_id: str, *, after: int, pending_only: bool, limit: int,
               only_through: int | None = None) -> Batch | None:
    """The next ops after local_seq `after` (pending ones only, or acked ones too when the county lost
    them), at most `limit` and none past `only_through`; None when there are none."""
    ops = read_ops(conn, after_seq=after, state="pending" if pending_only else None, limit=limit)
    if only_through is not None:
        ops = [op for op in ops if op.local_seq <= only_through]
    if not ops:
        return None
    hlc = int(conn.execute(text("SELECT hlc FROM sync_ctx WHERE id = 1")).scalar_one())
    newest = newest_seq(conn)
    request = PushRequest(
        schema_ver=SCHEMA_VERSION, app_ver=__version__, device_id=device_id, first_seq=ops[0].local_seq,
        last_seq=ops[-1].local_seq, client_wall_ms=now_ms(), client_hlc=hlc, ops=[wire(op) for op in ops],
    )
    return Batch(ops, newest, request)


def wire(op: Op) -> WireOp:
    """An outbox op as it travels."""
    return WireOp(local_seq=op.local_seq, op_id=op.op_id, tx_id=op.tx_id, tbl=op.tbl, row_id=op.row_id, kind=op.kind,
                  fields=op.fields, hlc=op.hlc, wall_ms=op.wall_ms, user_id=op.user_id, schema_ver=op.schema_ver)


def acked_mark(conn: Connection) -> int:
    return int(state.read_all(conn).get("acked_local_seq") or 0)


def record_answer(conn: Connection, answer: PushResponse, result: SyncResult, *, last_sent: int | None = None) -> None:
    """Mark the answered ops acked or rejected, with the county's number for each (one transaction).
    The acked mark never passes the last op sent: a county ahead of that is a rewind, not an ack."""
    acked_through = answer.acked_through if last_sent is None else min(answer.acked_through, last_sent)
    newly = {
        r[0] for r in conn.execute(
            text("SELECT local_seq FROM sync_outbox WHERE state = 'pending' AND local_seq <= :n"), {"n": acked_through}
        )
    }
    rows = []
    for r in answer.results:
        # what r.model_dump(exclude_none=True) gives (its fields are plain values), at half its cost
        outcome = {k: v for k in _OUTCOME_FIELDS if (v := getattr(r, k)) is not None}
        rows.append(("rejected" if r.status == "rejected" else "acked", _encode_json(outcome), r.server_seq, r.local_seq))
        if r.local_seq in newly:
            result.pushed += 1
            result.rejected += r.status == "rejected"
            result.held += r.status == "held"
    conn.exec_driver_sql("UPDATE sync_outbox SET state = ?, result = ?, server_seq = ? WHERE local_seq = ?", rows)
    after_answer(conn, answer.server_hlc, answer.server_now_ms, answer.server_epoch, result)
    state.put(conn, acked_local_seq=max(acked_through, acked_mark(conn)) if last_sent else acked_through)
    if answer.clock_warning_ms is not None:
        result.clock_offset_ms = -answer.clock_warning_ms


def after_answer(conn: Connection, server_hlc: int, server_now_ms: int, epoch: str, result: SyncResult) -> None:
    """Fold the county's clock into ours (never the other way) and note how far off our clock is."""
    conn.execute(text("UPDATE sync_ctx SET hlc = max(hlc, :h) WHERE id = 1"), {"h": server_hlc})
    offset = server_now_ms - now_ms()
    result.clock_offset_ms = offset
    known = state.read_all(conn).get("server_epoch")
    if known and known != epoch:  # the county's data was replaced (a restore): recover before the next pull lands
        log.warning("sync: the county's epoch changed (%s -> %s)", known, epoch)
        state.put(conn, **{AMNESIA_KEY: "1"})
    state.put(conn, clock_offset_ms=offset, server_epoch=epoch)
    if abs(offset) > CLOCK_WARN_MS and not result.warnings:
        result.warnings.append("sync.clock_skew")


def now_ms() -> int:
    return int(time.time() * 1000)
