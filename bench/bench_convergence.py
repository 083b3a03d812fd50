"""Scenario 18 at a larger size than CI: many PCs in three townships, random work over a lossy network.

`sync.convergence`  seconds for the whole simulation (explicit: `--only sync.convergence`); the run
                    fails if any PC's rows differ from the county's rows for its township at the end.
                    Operations, rounds, syncs, dropped and repeated messages, merges and transfers are
                    reported with it. Size: rounds = 20, up to max(4, scale // 10,000) operations per
                    PC per round, seven PCs (3 + 2 + 2).
"""

from __future__ import annotations

import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.harness import Context, Measurement, benchmark

_TESTS = Path(__file__).resolve().parents[1] / "tests"


@benchmark("sync.convergence", explicit=True)
def convergence(ctx: Context) -> Measurement:
    for folder in (_TESTS, _TESTS / "sync"):  # the simulation lives with the tests that run it in CI
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    from county_support import CountyServer, new_database
    from simulation import County

    folder = ctx.home("convergence")
    server = CountyServer(new_database("sqlite", folder), folder / "county").start()
    rounds, per_round = 20, max(4, ctx.scale // 10_000)
    sim = County(server, folder, pcs_per_township=(3, 2, 2), seed=ctx.scale)
    try:
        started = time.perf_counter()
        tally = sim.run(rounds=rounds, ops_per_round=per_round, fault_rate=0.08)
        elapsed = time.perf_counter() - started
        differences = sim.differences()
    finally:
        sim.close()
        server.close()
    if differences:
        raise AssertionError(f"{len(differences)} rows differ, e.g. {differences[:3]}")
    print(f"  {tally.operations} operations in {rounds} rounds on 7 PCs, {tally.syncs} syncs "
          f"({tally.failed_syncs} cut short), {tally.dropped} dropped / {tally.repeated} repeated messages, "
          f"{tally.merges} merges, {tally.transfers} transfers: all replicas equal the county")
    return Measurement(elapsed, extra={"rounds": rounds, **asdict(tally)})
