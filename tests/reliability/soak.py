"""The soak: many sync rounds of random work in several townships over a lossy network, then every
PC's rows, per-table checksums and store checks against the county. CI size in test_soak.py, larger
in bench/bench_soak.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from county_support import CountyServer
from simulation import County, Tally, pc_rows
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import row_sums
from zongzhi_desktop.sync.engine import transport_for
from zongzhi_desktop.sync.protocol import TableSum, TableSums
from zongzhi_desktop.sync.repair import _local_only


@dataclass
class Soak:
    townships: int
    pcs: int
    rounds: int
    tally: Tally
    rows_compared: int
    tables_checksummed: int
    differences: list[str]

    def line(self) -> str:
        t = self.tally
        return (f"{self.townships} townships, {self.pcs} PCs, {self.rounds} rounds, {t.operations} edits "
                f"({dict(sorted(t.by_kind.items()))}), {t.syncs} syncs ({t.failed_syncs} cut short), "
                f"{t.dropped} dropped / {t.repeated} repeated messages, {t.merges} merges, {t.transfers} transfers; "
                f"{self.rows_compared} rows and {self.tables_checksummed} table checksums compared, "
                f"{len(self.differences)} differences")


def soak(server: CountyServer, folder: Path, *, pcs_per_township: tuple[int, ...], rounds: int,
         ops_per_round: int, seed: int, fault_rate: float = 0.08) -> Soak:
    sim = County(server, folder, pcs_per_township=pcs_per_township, seed=seed)
    try:
        tally = sim.run(rounds=rounds, ops_per_round=ops_per_round, fault_rate=fault_rate)
        differences = sim.differences()
        rows = sum(len(ids) for _, pc in sim.pcs for ids in pc_rows(pc).values())
        checked = 0
        for town, pc in sim.pcs:
            mismatched = checksum_differences(pc)
            differences += [f"{town} checksum {m}" for m in mismatched]
            differences += [f"{town} check {p.as_json()}" for p in run_checks(pc.engine, full=True)]
            checked += len(row_sums_tables(pc))
        return Soak(len(pcs_per_township), len(sim.pcs), rounds, tally, rows, checked, differences)
    finally:
        sim.close()


def row_sums_tables(pc: Store) -> dict[str, list[str]]:
    with pc.engine.connect() as conn:
        return row_sums.synced_tables(conn)


def checksum_differences(pc: Store) -> list[str]:
    """Each table's (rows, rows in the slice, hash sum) over all buckets, here and at the county
    (rows this PC keeps though the county refused them are left out, as the sync's own check does)."""
    with pc.engine.connect() as conn:
        tables = row_sums.synced_tables(conn)
        kept = _local_only(conn)
        ours = {t: (row_sums.table_count(conn, t, kept.get(t, [])),
                    *row_sums.slice_sum(conn, t, cols, "", None, kept.get(t, []))) for t, cols in tables.items()}
    transport = transport_for(pc)
    try:
        theirs = transport.get("/integrity/tables", TableSums)
    finally:
        transport.close()
    out = []
    for tbl, mine in ours.items():
        county = theirs.tables.get(tbl) or TableSum(count=0, slice_count=0, slice_sum=0)
        if mine != (county.count, county.slice_count, county.slice_sum):
            out.append(f"{tbl}: pc {mine} county {(county.count, county.slice_count, county.slice_sum)}")
    return out
