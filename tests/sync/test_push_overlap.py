"""The push reads the next batch while the county works on one and sends it as soon as the answer
arrives, before this PC records that answer. Requests still go one at a time and in order, and a PC
stopped between sending one batch and recording the answer to the one before sends again and is
answered from the receipts: every op reaches the county exactly once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, outbox_states, township_checksums
from zongzhi_county.schema import change_log, op_receipts
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import engine as sync_engine, state
from zongzhi_desktop.sync.engine import SyncResult, push_all, sync_now, transport_for
from zongzhi_desktop.sync.protocol import PushRequest

BATCH = 4
PEOPLE = 10


class Pushes:
    """The real transport; notes each pushed range and how many pushes were on their way at once."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.ranges: list[tuple[int, int]] = []
        self.started: list[threading.Event] = [threading.Event() for _ in range(64)]
        self.on_the_way = self.most_on_the_way = 0
        self._lock = threading.Lock()

    def post(self, path: str, body: Any, model: Any) -> Any:
        if path != "/push":
            return self.inner.post(path, body, model)
        assert isinstance(body, PushRequest)
        with self._lock:
            self.on_the_way += 1
            self.most_on_the_way = max(self.most_on_the_way, self.on_the_way)
            self.ranges.append((body.first_seq, body.last_seq))
            self.started[len(self.ranges) - 1].set()
        try:
            return self.inner.post(path, body, model)
        finally:
            with self._lock:
                self.on_the_way -= 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def pc(county: CountyServer, township: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An enrolled PC with PEOPLE new residents not yet pushed, pushing BATCH ops at a time."""
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", BATCH)
    store = join_new_pc(county, township, tmp_path / "a")
    for i in range(PEOPLE):
        add_resident(store, f"连推{i}", phone=f"1391111{i:04d}")
    yield store
    store.close()


def _pending(store: Store) -> int:
    return outbox_states(store).get("pending", 0)


def _push(store: Store, pushes: Pushes) -> SyncResult:
    result = SyncResult()
    try:
        push_all(store, pushes, result)  # type: ignore[arg-type]
    finally:
        pushes.inner.close()
    return result


def test_the_next_batch_goes_out_before_the_answer_is_recorded(pc: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    pending = _pending(pc)
    assert pending > 2 * BATCH
    with pc.engine.connect() as conn:
        pc_last_seq = conn.execute(text("SELECT max(local_seq) FROM sync_outbox")).scalar_one()
    pushes = Pushes(transport_for(pc))
    real, sent_first = sync_engine.record_answer, []

    def record(conn: Any, answer: Any, result: SyncResult, **kwargs: Any) -> None:
        # The next request was sent before this answer is recorded: it is on its way (or answered)
        # by now. Waiting here cannot hang: a one-by-one push would just find it never started.
        batch_no = len(sent_first)
        last = kwargs["last_sent"] == pc_last_seq
        sent_first.append(last or pushes.started[batch_no + 1].wait(5))
        real(conn, answer, result, **kwargs)

    monkeypatch.setattr(sync_engine, "record_answer", record)
    result = _push(pc, pushes)
    assert all(sent_first) and len(sent_first) == len(pushes.ranges)
    assert pushes.most_on_the_way == 1  # in order, one at a time
    firsts = [first for first, _ in pushes.ranges]
    assert firsts == sorted(firsts) and all(b[0] == a[1] + 1 for a, b in zip(pushes.ranges, pushes.ranges[1:]))
    assert result.pushed == pending and _pending(pc) == 0


def test_a_pc_stopped_between_sending_and_recording_sends_again_without_doubles(
        pc: Store, county: CountyServer, township: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pending = _pending(pc)
    real = sync_engine.record_answer
    with pc.engine.connect() as conn:
        device = state.load(conn).device_id

    def stops(conn: Any, answer: Any, result: SyncResult, **kwargs: Any) -> None:
        raise OSError("power cut")  # the county committed this batch, and the next one is on its way

    monkeypatch.setattr(sync_engine, "record_answer", stops)
    pushes = Pushes(transport_for(pc))
    with pytest.raises(OSError):
        _push(pc, pushes)
    assert len(pushes.ranges) == 2 and _pending(pc) == pending  # nothing recorded here
    with county.engine.connect() as conn:
        received = conn.execute(select(func.count()).select_from(op_receipts)
                                .where(op_receipts.c.device_id == device)).scalar_one()
    assert received == 2 * BATCH  # both batches reached the county

    monkeypatch.setattr(sync_engine, "record_answer", real)
    result = _push(pc, Pushes(transport_for(pc)))
    assert result.pushed == pending and _pending(pc) == 0
    with county.engine.connect() as conn:
        logged = conn.execute(select(change_log.c.origin_local_seq)
                              .where(change_log.c.origin_device == device)).scalars().all()
    assert sorted(logged) == sorted(set(logged)) and len(logged) == pending  # each op once
    other = join_new_pc(county, township, tmp_path / "b")
    try:
        sync_now(other)
        assert township_checksums(other) == township_checksums(pc)
    finally:
        other.close()
