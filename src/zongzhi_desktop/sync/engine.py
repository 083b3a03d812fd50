"""One sync session: push every pending change in batches, then pull until up to date.

Each push answer is recorded in one local transaction (ops acked or rejected, clock, marks); each
pulled page is applied in one local transaction together with the new cursor. A failure at any
point leaves the store consistent, and the next session carries on where this one stopped.

Trouble the session sorts out by itself (sync.md §3.9): a request that fails on the way is tried
again a bounded number of times within the session (pushes are answered from receipts, pulls are
reads); a county that forgot ops (restored from a backup: new epoch, its head below our cursor, or
its watermark for us below what we hold acked) gets the retained acked ops again, then the pull is
re-baselined; a store that went back in time (restored here, or copied) re-registers under a new
device id and number before anything else is sent or pulled (sync/enrol.py re_register).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from functools import partial
from typing import TypeVar

from sqlalchemy import Connection, text

from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.gc_pause import collector_paused
from zongzhi_desktop.models.db import IMMEDIATE
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import blobs, enrol, repair, state
from zongzhi_desktop.sync.answers import AMNESIA_KEY, Batch, acked_mark, after_answer, read_batch, record_answer
from zongzhi_desktop.sync.outbox import newest_seq, pending_count
from zongzhi_desktop.sync.protocol import CLOCK_WARN_MS, PULL_PAGE, SCHEMA_VERSION, PullResponse, PushResponse
from zongzhi_desktop.sync.pull_apply import apply_page
from zongzhi_desktop.sync.result import Progress, SyncResult
from zongzhi_desktop.sync.transport import Transport

__all__ = ["CLOCK_WARN_MS", "SyncResult", "land_page", "push_all", "pull_all", "sync_now", "transport_for"]
log = logging.getLogger(__name__)
PUSH_BATCH = 1000
ATTEMPTS = 3  # tries of one request within a session; then the caller's timer takes over (with backoff)
PAUSES = (0.5, 2.0)  # seconds between those tries
T = TypeVar("T")


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
        for _ in range(2):  # a rewound store re-registers once, then the session starts over
            try:
                _session(store, transport, result, progress)
                break
            except Rewound:
                if result.re_registered:
                    raise SyncError("sync.re_register") from None  # rewound again at once: leave it to a person
                fresh = enrol.re_register(store, transport, result)
                if own:
                    transport.close()
                transport, own = fresh, True
    except SyncError as exc:
        _finish_run(store, run_id, result, error=exc)
        raise
    finally:
        if own:
            transport.close()
    _finish_run(store, run_id, result)
    return result


class Rewound(Exception):
    """This store is behind what the county has from this device id: it must re-register."""


class Amnesia(Exception):
    """The county has lost ops it acknowledged (restored from a backup)."""

    def __init__(self, device_acked: int | None, head: int) -> None:
        super().__init__("amnesia")
        self.device_acked = device_acked
        self.head = head


def _session(store: Store, transport: Transport, result: SyncResult, progress: Progress | None) -> None:
    push_all(store, transport, result, progress)
    blobs.upload_missing(store, transport)
    try:
        pull_all(store, transport, result, progress)
    except Amnesia as lost:
        recover_amnesia(store, transport, result, lost, progress)
        pull_all(store, transport, result, progress)
    except SyncError as exc:
        if exc.code != "sync.rebaseline":
            raise
        repair.rebaseline(store, transport, result)  # the county purged tombstones this PC never saw
        pull_all(store, transport, result, progress)
    repair.check_and_repair(store, transport, result)
    blobs.download_missing(store, transport)


def recover_amnesia(store: Store, transport: Transport, result: SyncResult, lost: Amnesia,
                    progress: Progress | None = None) -> None:
    """Send again every retained op the county no longer has, then compare every table with it
    (pending edits kept); the cursor goes back to the county's head if that is behind it."""
    with store.engine.connect() as conn:
        acked = int(state.read_all(conn).get("acked_local_seq") or 0)
    start = (lost.device_acked if lost.device_acked is not None else acked) + 1
    before = result.repushed
    push_all(store, transport, result, progress, resend_from=start)
    log.warning("sync: the county had lost ops (server restored?); %d sent again", result.repushed - before)
    with _writer(store).begin() as conn:
        if lost.head < state.load(conn).pull_cursor:  # numbers above its head may now mean other changes
            state.put(conn, pull_cursor=lost.head)
    repair.rebaseline(store, transport, result)
    with _writer(store).begin() as conn:
        state.put(conn, **{AMNESIA_KEY: None})
    if "sync.server_restored" not in result.warnings:
        result.warnings.append("sync.server_restored")


def _writer(store: Store):  # type: ignore[no-untyped-def]
    return store.engine.execution_options(**{IMMEDIATE: True})


def call(result: SyncResult, request: Callable[[], T]) -> T:
    """One request, tried again after a short pause when the failure may pass (network, 5xx, a cut
    answer): safe, as pushes are answered from receipts and pulls are reads. Bounded: after
    ATTEMPTS the error goes to the caller, whose timer retries with backoff."""
    for attempt in range(ATTEMPTS):
        try:
            return request()
        except SyncError as exc:
            if not exc.retry or exc.code == "sync.gap" or attempt == ATTEMPTS - 1:
                raise
            result.retries += 1
            time.sleep(PAUSES[min(attempt, len(PAUSES) - 1)])
    raise AssertionError("unreachable")


def push_all(store: Store, transport: Transport, result: SyncResult, progress: Progress | None = None,
             *, resend_from: int | None = None) -> None:
    """Pending ops in batches; from `resend_from` on, acked ones too (the county lost them).

    One request at a time, in order, but this PC's own work overlaps the county's: while a batch is
    on its way the next one is read, and it is sent as soon as the answer arrives, before that answer
    is recorded here. The county has committed what it answered, so a PC stopped in between sends
    it again next time and is answered from the receipts."""
    writer = _writer(store)
    gaps = 0
    with store.engine.connect() as conn:
        device_id = state.load(conn).device_id
        total = pending_count(conn)
    done = 0
    only_through: int | None = None  # after a re-register answer: send just the county's own ops

    def read(after: int) -> Batch | None:
        with store.engine.connect() as conn:
            return read_batch(conn, device_id, after=after, pending_only=resend_from is None, limit=PUSH_BATCH,
                              only_through=only_through)

    # Leaving the block waits for a request still on its way: it must not outlive this call's transport.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push-send") as sender:
        def send(batch: Batch) -> Future[PushResponse]:
            return sender.submit(call, result, partial(transport.post, "/push", batch.request, PushResponse))

        ahead: tuple[Batch, Future[PushResponse]] | None = None
        while True:
            if ahead is None:
                batch = read(resend_from - 1 if resend_from else 0)
                if batch is None:
                    if only_through is not None:
                        raise Rewound()
                    return
                on_its_way = send(batch)
            else:
                batch, on_its_way = ahead
                ahead = None
            following = read(batch.last_seq) if only_through is None else None
            try:
                answer = on_its_way.result()
            except SyncError as exc:
                if exc.code == "sync.gap" and gaps < 3:  # the county lost track of some: send from where it says
                    gaps += 1
                    resend_from = int(exc.params.get("expected_from") or 1)
                    continue
                if exc.code == "sync.re_register" and only_through is None:
                    # The county holds other ops under some of these numbers: this store went back in
                    # time. Ops it has as they are here get acked first; the rest go under a new id.
                    only_through = int(exc.params.get("known_through") or 0)
                    continue
                raise
            # Past this store's newest op: the county has ops from this id that this store never made.
            rewound = only_through is not None or answer.acked_through > batch.newest
            if following is not None and not rewound and answer.acked_through >= batch.last_seq:
                ahead = (following, send(following))
            with writer.begin() as conn:
                if resend_from:
                    result.repushed += sum(1 for op in batch.ops if op.local_seq <= acked_mark(conn))
                record_answer(conn, answer, result, last_sent=batch.last_seq)
            if rewound:
                raise Rewound()
            resend_from = batch.last_seq + 1 if resend_from else None
            done += len(batch.ops)
            if progress:
                progress("push", done, max(total, done))


def pull_all(store: Store, transport: Transport, result: SyncResult, progress: Progress | None = None) -> None:
    """Pull and land pages until the county has nothing newer. While one page is being landed the
    next is already fetched by a helper thread (the county's work, the network and the JSON parsing
    overlap this PC's SQLite work); that page is used only if it was asked for from exactly the
    cursor the landed page stored, so the cursor still moves only together with its data."""
    writer = _writer(store)

    def fetch(at: int) -> PullResponse:
        return call(result, lambda: transport.get("/pull", PullResponse,
                                                  {"cursor": at, "limit": PULL_PAGE, "schema_ver": SCHEMA_VERSION}))

    with store.engine.connect() as conn:
        cursor = state.load(conn).pull_cursor
    # Leaving the block waits for a fetch still on its way: it must not outlive this call's transport.
    # The cycle collector waits for the whole pull (apply_page pauses it only while a page lands):
    # the fetching thread's parsed pages are as many new objects as the landing makes.
    with collector_paused(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-ahead") as ahead:
        page = fetch(cursor)
        while True:
            following = (ahead.submit(fetch, page.next_cursor)
                         if page.has_more and page.next_cursor > cursor else None)
            with writer.begin() as conn:  # before landing: a rewound store must not take its own changes as known
                lost = check_memory(conn, page, cursor)
            if lost:
                raise lost
            with writer.begin() as conn:
                land_page(conn, page, cursor, result)
            if progress:
                progress("pull", page.next_cursor, page.head_seq)
            if not page.has_more:
                return
            with store.engine.connect() as conn:
                stored = state.load(conn).pull_cursor
            page = following.result() if following is not None and stored == page.next_cursor else fetch(stored)
            cursor = stored


def check_memory(conn: Connection, page: PullResponse, cursor: int) -> Amnesia | None:
    """Does the county remember what this store has, and this store what the county has from it?
    Raises Rewound; returns the county's amnesia (remembered in the store, so a cut-short recovery
    is taken up again by the next session)."""
    marks = state.read_all(conn)
    newest = newest_seq(conn)
    if page.device_acked_seq is not None and page.device_acked_seq > newest:
        raise Rewound()
    lost = bool(marks.get(AMNESIA_KEY)) or page.head_seq < cursor or (
        page.device_acked_seq is not None and page.device_acked_seq < int(marks.get("acked_local_seq") or 0))
    if not lost:
        return None
    state.put(conn, **{AMNESIA_KEY: "1"})
    return Amnesia(page.device_acked_seq, page.head_seq)


def land_page(conn: Connection, page: PullResponse, cursor: int, result: SyncResult) -> None:
    """Apply one pulled page inside the caller's transaction; the cursor moves only together with
    the data it stands for (online pulls and reply packages alike)."""
    applied = apply_page(conn, page.changes)
    state.put(conn, pull_cursor=max(cursor, page.next_cursor))
    after_answer(conn, page.server_hlc, page.server_now_ms, page.server_epoch, result)
    result.pulled += applied.applied
    result.conflicts += applied.conflicts


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
    # counts and the error's code only: the message may quote what the county said about a row
    log.log(logging.WARNING if error else logging.INFO,
            "sync run %d %s: pushed %d, pulled %d, conflicts %d, rejected %d%s", run_id,
            "failed" if error else "ok", result.pushed, result.pulled, result.conflicts, result.rejected,
            f", error {error.code}" if error else "")
