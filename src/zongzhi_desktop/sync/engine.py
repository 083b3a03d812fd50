"""One sync session: push every pending change in batches, then pull until up to date.

Each push answer is recorded in one local transaction (ops acked or rejected, clock, marks); each
pulled page is applied in one local transaction together with the new cursor. A failure at any
point leaves the store consistent, and the next session carries on where this one stopped.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Connection, text

from zongzhi_desktop import __version__
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.db import IMMEDIATE
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import blobs, repair, state
from zongzhi_desktop.sync.outbox import Op, read_ops
from zongzhi_desktop.sync.protocol import (
    CLOCK_WARN_MS, PULL_PAGE, SCHEMA_VERSION, PullResponse, PushRequest, PushResponse, WireOp,
)
from zongzhi_desktop.sync.pull_apply import apply_page
from zongzhi_desktop.sync.transport import Transport

log = logging.getLogger(__name__)
PUSH_BATCH = 1000
Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    held: int = 0
    clock_offset_ms: int = 0
    repaired: int = 0  # rows the integrity check found different from the county's and fetched again
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {"pushed": self.pushed, "pulled": self.pulled, "conflicts": self.conflicts, "rejected": self.rejected}


def transport_for(store: Store) -> Transport:
    with store.engine.connect() as conn:
        cfg = state.load(conn)
    if not cfg.enrolled:
        raise SyncError("sync.not_enrolled")
    return Transport(cfg.server_url or "", token=cfg.token, ca_file=cfg.ca_file, allow_insecure=cfg.allow_insecure)


def sync_now(store: Store, *, transport: Transport | None = None, progress: Progress | None = None) -> SyncResult:
    """Push then pull. Raises SyncError (local data untouched) when the county cannot be reached
    or refuses; the run is recorded in the history either way."""
    own = transport is None
    transport = transport or transport_for(store)
    run_id = _start_run(store)
    result = SyncResult()
    try:
        push_all(store, transport, result, progress)
        blobs.upload_missing(store, transport)
        try:
            pull_all(store, transport, result, progress)
        except SyncError as exc:
            if exc.code != "sync.rebaseline":
                raise
            repair.rebaseline(store, transport, result)  # the county purged tombstones this PC never saw
            pull_all(store, transport, result, progress)
        repair.check_and_repair(store, transport, result)
        blobs.download_missing(store, transport)
    except SyncError as exc:
        _finish_run(store, run_id, result, error=exc)
        raise
    finally:
        if own:
            transport.close()
    _finish_run(store, run_id, result)
    return result


def push_all(store: Store, transport: Transport, result: SyncResult, progress: Progress | None = None) -> None:
    writer = store.engine.execution_options(**{IMMEDIATE: True})
    resend_from: int | None = None
    gaps = 0
    with store.engine.connect() as conn:
        device_id = state.load(conn).device_id
        total = int(conn.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar_one())
    done = 0
    while True:
        with store.engine.connect() as conn:
            ops = (read_ops(conn, after_seq=resend_from - 1, limit=PUSH_BATCH) if resend_from
                   else read_ops(conn, state="pending", limit=PUSH_BATCH))
            hlc = int(conn.execute(text("SELECT hlc FROM sync_ctx WHERE id = 1")).scalar_one())
        if not ops:
            return
        request = PushRequest(
            schema_ver=SCHEMA_VERSION, app_ver=__version__, device_id=device_id, first_seq=ops[0].local_seq,
            last_seq=ops[-1].local_seq, client_wall_ms=_now_ms(), client_hlc=hlc, ops=[wire(op) for op in ops],
        )
        try:
            answer = transport.post("/push", request, PushResponse)
        except SyncError as exc:
            if exc.code == "sync.gap" and gaps < 3:  # the county lost track of some: send from where it says
                gaps += 1
                resend_from = int(exc.params.get("expected_from") or 1)
                continue
            raise
        resend_from = None
        with writer.begin() as conn:
            record_answer(conn, answer, result)
        done += len(ops)
        if progress:
            progress("push", done, max(total, done))


def record_answer(conn: Connection, answer: PushResponse, result: SyncResult) -> None:
    """Mark the answered ops acked or rejected, with the county's number for each (one transaction)."""
    newly = {
        r[0] for r in conn.execute(
            text("SELECT local_seq FROM sync_outbox WHERE state = 'pending' AND local_seq <= :n"), {"n": answer.acked_through}
        )
    }
    rows = []
    for r in answer.results:
        rows.append({"seq": r.local_seq, "state": "rejected" if r.status == "rejected" else "acked",
                     "server_seq": r.server_seq,
                     "result": json.dumps(r.model_dump(exclude_none=True), ensure_ascii=False)})
        if r.local_seq in newly:
            result.pushed += 1
            result.rejected += r.status == "rejected"
            result.held += r.status == "held"
    conn.execute(text("UPDATE sync_outbox SET state = :state, result = :result, server_seq = :server_seq "
                      "WHERE local_seq = :seq"), rows)
    after_answer(conn, answer.server_hlc, answer.server_now_ms, answer.server_epoch, result)
    state.put(conn, acked_local_seq=answer.acked_through)
    if answer.clock_warning_ms is not None:
        result.clock_offset_ms = -answer.clock_warning_ms


def pull_all(store: Store, transport: Transport, result: SyncResult, progress: Progress | None = None) -> None:
    writer = store.engine.execution_options(**{IMMEDIATE: True})
    while True:
        with store.engine.connect() as conn:
            cursor = state.load(conn).pull_cursor
        page = transport.get("/pull", PullResponse,
                             {"cursor": cursor, "limit": PULL_PAGE, "schema_ver": SCHEMA_VERSION})
        with writer.begin() as conn:
            land_page(conn, page, cursor, result)
        if progress:
            progress("pull", page.next_cursor, page.head_seq)
        if not page.has_more:
            return


def land_page(conn: Connection, page: PullResponse, cursor: int, result: SyncResult) -> None:
    """Apply one pulled page inside the caller's transaction; the cursor moves only together with
    the data it stands for (online pulls and reply packages alike)."""
    applied = apply_page(conn, page.changes)
    state.put(conn, pull_cursor=max(cursor, page.next_cursor))
    after_answer(conn, page.server_hlc, page.server_now_ms, page.server_epoch, result)
    result.pulled += applied.applied
    result.conflicts += applied.conflicts


def after_answer(conn: Connection, server_hlc: int, server_now_ms: int, epoch: str, result: SyncResult) -> None:
    """Fold the county's clock into ours (never the other way) and note how far off our clock is."""
    conn.execute(text("UPDATE sync_ctx SET hlc = max(hlc, :h) WHERE id = 1"), {"h": server_hlc})
    offset = server_now_ms - _now_ms()
    result.clock_offset_ms = offset
    state.put(conn, clock_offset_ms=offset, server_epoch=epoch)
    if abs(offset) > CLOCK_WARN_MS and not result.warnings:
        result.warnings.append("sync.clock_skew")


def wire(op: Op) -> WireOp:
    """An outbox op as it travels."""
    return WireOp(local_seq=op.local_seq, op_id=op.op_id, tx_id=op.tx_id, tbl=op.tbl, row_id=op.row_id, kind=op.kind,
                  fields=op.fields, hlc=op.hlc, wall_ms=op.wall_ms, user_id=op.user_id, schema_ver=op.schema_ver)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _now_text() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def _start_run(store: Store) -> int:
    with store.engine.execution_options(**{IMMEDIATE: True}).begin() as conn:
        return int(conn.execute(
            text("INSERT INTO sync_runs (started_at, ok, pushed, pulled, conflicts, rejected) "
                 "VALUES (:t, 0, 0, 0, 0, 0) RETURNING id"), {"t": _now_text()}
        ).scalar_one())


def _finish_run(store: Store, run_id: int, result: SyncResult, error: SyncError | None = None) -> None:
    values = {"id": run_id, "t": _now_text(), "ok": 0 if error else 1, "pushed": result.pushed,
              "pulled": result.pulled, "conflicts": result.conflicts, "rejected": result.rejected,
              "message": str(error) if error else None}
    with store.engine.execution_options(**{IMMEDIATE: True}).begin() as conn:
        conn.execute(text("UPDATE sync_runs SET finished_at = :t, ok = :ok, pushed = :pushed, pulled = :pulled, "
                          "conflicts = :conflicts, rejected = :rejected, message = :message WHERE id = :id"), values)
        if error is None:
            state.put(conn, last_ok_at=values["t"], last_error=None)
        else:
            state.put(conn, last_error=values["message"])
