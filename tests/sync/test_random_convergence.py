"""Scenario 18 at CI size: random work in two townships over a lossy network ends equal to the county."""

from __future__ import annotations

from pathlib import Path

import pytest

from county_support import CountyServer
from simulation import County


@pytest.mark.parametrize("seed", [5])
def test_random_work_with_merges_transfers_and_a_lossy_network_converges(county: CountyServer, tmp_path: Path,
                                                                         seed: int) -> None:
    sim = County(county, tmp_path, pcs_per_township=(3, 2), seed=seed)
    try:
        tally = sim.run(rounds=8, ops_per_round=5, fault_rate=0.08)
        print(f"seed {seed}: {tally.operations} operations over 8 rounds, {tally.syncs} syncs "
              f"({tally.failed_syncs} cut short), {tally.dropped} messages dropped, {tally.repeated} repeated, "
              f"{tally.merges} merges, {tally.transfers} transfers; {tally.by_kind}")
        assert sim.differences() == []
        assert tally.dropped and tally.operations >= 40
    finally:
        sim.close()
