"""The reliability soak at a larger size than CI (tests/reliability/test_soak.py): explicit, slow.

`sync.soak`  seconds for the whole soak (only with `--only sync.soak`): five townships, twelve PCs
             (3+3+2+2+2), 60 rounds of up to max(4, scale // 10,000) random edits per PC per round
             over a network that loses 8 % of pushes and pulls, 8 % of their answers, and repeats
             8 %. Fails if any PC's rows, per-table checksums or `check --full` differ from the
             county at the end. Measured on a 2-core machine busy with other work: at the default
             scale 4,031 edits, 435 syncs, 157 dropped and 81 repeated messages, 136 merges, 430
             transfers, 0 differences in 303 s; `--scale 10000`: 1,756 edits in 297 s.
"""

from __future__ import annotations

import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.harness import Context, Measurement, benchmark

_TESTS = Path(__file__).resolve().parents[1] / "tests"


@benchmark("sync.soak", explicit=True)
def soak_bench(ctx: Context) -> Measurement:
    for folder in (_TESTS, _TESTS / "sync", _TESTS / "reliability"):  # the soak lives with its CI test
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    from county_support import CountyServer, new_database
    from soak import soak

    folder = ctx.home("soak")
    server = CountyServer(new_database("sqlite", folder), folder / "county").start()
    try:
        started = time.perf_counter()
        result = soak(server, folder, pcs_per_township=(3, 3, 2, 2, 2), rounds=60,
                      ops_per_round=max(4, ctx.scale // 10_000), seed=ctx.scale)
        elapsed = time.perf_counter() - started
    finally:
        server.close()
    print("  " + result.line())
    if result.differences:
        raise AssertionError(f"{len(result.differences)} differences, e.g. {result.differences[:3]}")
    return Measurement(elapsed, extra={"rounds": result.rounds, "rows_compared": result.rows_compared,
                                       "tables_checksummed": result.tables_checksummed, **asdict(result.tally)})
