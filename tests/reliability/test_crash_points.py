"""The real CLI killed at exact commits, fsyncs, renames and HTTP requests: nothing half done, nothing lost or doubled."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from county_support import CountyServer, new_database
from crash_scenarios import SCENARIOS
from crash_support import choose, count_points, crash_at, run_cli
from crash_trials import Outcome, dry_run, run_trial, start_worker
from reliability_support import REACHED
from zongzhi_desktop import crash_points
from zongzhi_desktop.files import STALE_TEMP_SECONDS, atomic_write
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import resolve_paths

from tests_support import ADMIN, PASSWORD

POINTS_PER_SCENARIO = 12  # above this a scenario's points are sampled, edges always in (the seed says which)
WORKERS = 3  # two cores, and each trial waits on fsyncs and the county's answers part of the time
GRID = ["grids", "add", "--village", "360731100001", "--name", "一网格"]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    """One county server on SQLite: only the PC is killed here, the server stays up."""
    folder = tmp_path_factory.mktemp("county")
    server = CountyServer(new_database("sqlite", folder), folder).start()
    yield server
    server.close()


def _grids(home: Path) -> int:
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    try:
        with store.read() as s:
            return int(s.execute(text("SELECT count(*) FROM grids")).scalar_one())
    finally:
        store.close()


def test_specs_and_draws() -> None:
    assert crash_points.parse("commit:7") == ("commit-before", 7)
    assert crash_points.parse("http-after:2") == ("http-after", 2)
    for bad in ("commit", "commit:0", "fsync:x", "flush:1"):
        with pytest.raises(ValueError):
            crash_points.parse(bad)
    counts = {"commit-before": 3, "fsync": 2}
    drawn = {crash_points.draw(seed, counts) for seed in range(200)}
    assert drawn == {("commit-before", n) for n in (1, 2, 3)} | {("fsync", 1), ("fsync", 2)}
    assert crash_points.draw(42, counts) == crash_points.draw("42", counts)  # the printed seed repeats it


def test_unset_means_nothing_is_wrapped(store) -> None:  # type: ignore[no-untyped-def]
    assert not crash_points.ARMED
    assert os.fsync.__module__ in ("posix", "nt") and os.replace.__module__ in ("posix", "nt")
    assert "do_commit" not in vars(store.engine.dialect)


def test_killed_before_a_commit_nothing_after_it_all(home: Path) -> None:
    counts = count_points(shutil.copytree(home, home.parent / "dry"), GRID, home.parent / "counts.json")
    assert counts["commit-before"] == counts["commit-after"] == 1, counts
    crash_at(home, GRID, ("commit-before", 1))
    assert _grids(home) == 0
    crash_at(home, GRID, ("commit-after", 1))
    assert _grids(home) == 1


def test_a_seed_draws_the_point_from_the_dry_run_and_says_so(home: Path) -> None:
    counts_file = home.parent / "counts.json"
    counts = count_points(shutil.copytree(home, home.parent / "dry"), GRID, counts_file)  # the same start twice
    seed = "20261127"
    kind, n = crash_points.draw(seed, counts)
    done = run_cli(home, GRID, ZONGZHI_CRASH_SEED=seed, ZONGZHI_CRASH_COUNT=str(counts_file))
    assert done.returncode == crash_points.EXIT_CODE, done.stderr
    assert f"crash point {kind} #{n} (seed {seed})" in done.stderr
    assert json.loads(counts_file.read_text()) == counts  # read, not overwritten, by a seeded run


@pytest.mark.slow
def test_every_crash_point_leaves_a_store_that_checks_and_converges(county: CountyServer, tmp_path: Path) -> None:
    seed = int(os.environ.get("ZONGZHI_CRASH_SUITE_SEED") or random.randrange(10**6))
    started = time.monotonic()
    spawn = multiprocessing.get_context("spawn")  # a clean interpreter: no engines or locks copied by fork
    with ProcessPoolExecutor(WORKERS, mp_context=spawn, initializer=start_worker,
                             initargs=(county.db_url, county.port)) as pool:
        counts = list(pool.map(dry_run, [(i, tmp_path / f"dry-{i}", i) for i in range(len(SCENARIOS))]))
        plan = [(i, point) for i, c in enumerate(counts) for point in choose(c, POINTS_PER_SCENARIO, seed + i)]
        jobs = [(i, point, tmp_path / f"t{n}", len(SCENARIOS) + n) for n, (i, point) in enumerate(plan)]
        outcomes = list(pool.map(run_trial, jobs))
    REACHED["crash points"] = _summary(seed, counts, outcomes, time.monotonic() - started)  # shown at the end of the run
    failures = [o.failure for o in outcomes if o.failure]
    assert len(outcomes) >= 50
    assert not failures, f"{len(failures)} of {len(outcomes)} crash points failed:\n" + "\n".join(failures)


def _summary(seed: int, counts: list[dict[str, int]], outcomes: list[Outcome], seconds: float) -> str:
    lines = [f"{len(outcomes)} points in {seconds:.0f} s (suite seed {seed}: ZONGZHI_CRASH_SUITE_SEED={seed})"]
    for i, scenario in enumerate(SCENARIOS):
        tried = Counter(o.point[0] for o in outcomes if o.scenario == scenario.name)
        spent = sum(sum(o.seconds.values()) for o in outcomes if o.scenario == scenario.name)
        lines.append(f"  {scenario.name:15} {sum(tried.values()):3} of {sum(counts[i].values()):3} points, "
                     f"{spent:5.0f} s: " + ", ".join(f"{k} {v}" for k, v in sorted(tried.items())))
    kinds = Counter(o.point[0] for o in outcomes)
    lines.append("  by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    phases = Counter[str]()
    for o in outcomes:
        phases.update(o.seconds)
    lines.append("  seconds by phase: " + ", ".join(f"{k} {v:.0f}" for k, v in phases.items()))
    left = [f for o in outcomes for f in o.leftovers]
    if left:  # not a failure here: models/backup.py is not swept yet (see docs/reliability.md)
        lines.append(f"  half-written files left after recovery: {len(left)}, e.g. {left[:2]}")
    return "\n".join(lines)


def test_the_next_write_sweeps_a_temp_file_a_crash_left(tmp_path: Path) -> None:
    target = tmp_path / "月报.xlsx"
    crashed, writing = tmp_path / ".月报.xlsx.4242.tmp", tmp_path / ".月报.xlsx.4343.tmp"
    crashed.write_bytes(b"half a report")
    writing.write_bytes(b"another process, still writing")
    hours_ago = time.time() - 2 * STALE_TEMP_SECONDS
    os.utime(crashed, (hours_ago, hours_ago))
    atomic_write(target, b"the report")
    assert target.read_bytes() == b"the report"
    assert not crashed.exists() and writing.exists()
