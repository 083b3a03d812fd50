"""Two processes writing one store keep one monotonic clock and distinct sequence numbers."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import text

from zongzhi_desktop.models.registers import Grid
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import resolve_paths
from tests_support import ADMIN, PASSWORD


def _writer(home: str, label: str, rounds: int) -> None:
    import os

    os.environ["ZONGZHI_KDF_PROFILE"] = "test"
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    for i in range(rounds):
        with store.write() as s:
            s.add(Grid(township_code="360731100", village_code="360731100001", code=f"{label}{i}", name=f"{label}-{i}"))
            s.flush()
            s.execute(text("UPDATE grids SET notes = :n WHERE code = :c"), {"n": f"第{i}次", "c": f"{label}{i}"})
    store.close()


def test_two_processes_interleave_without_clock_or_sequence_clashes(home: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    rounds = 60
    workers = [ctx.Process(target=_writer, args=(str(home), label, rounds)) for label in ("cli", "gui")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    with store.read() as s:
        rows = s.execute(text("SELECT local_seq, hlc, tx_id, tbl FROM sync_outbox ORDER BY local_seq")).all()
    store.close()
    assert len(rows) == 2 * rounds * 2
    seqs = [r[0] for r in rows]
    hlcs = [r[1] for r in rows]
    assert len(set(seqs)) == len(seqs)
    assert all(later > earlier for earlier, later in zip(hlcs, hlcs[1:])), "clock must rise with local_seq"
    # each transaction's two ops are adjacent: one writer at a time, whole transactions
    by_tx: dict[str, list[int]] = {}
    for seq, _hlc, tx, _tbl in rows:
        by_tx.setdefault(tx, []).append(seq)
    assert len(by_tx) == 2 * rounds
    assert all(b - a == 1 for a, b in by_tx.values())
