"""One crash trial, run in a worker process (Alembic and logging are process-wide: one trial at a time per process)."""

from __future__ import annotations

import logging
import os
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from county_support import CountyServer
from crash_scenarios import SCENARIOS, converge
from crash_support import Point, count_points, crash_at
from tests_support import ADMIN, PASSWORD
from zongzhi_county.store import make_engine
from zongzhi_desktop.files import STALE_TEMP_SECONDS
from zongzhi_desktop.models.checks import run_checks

_county: CountyServer | None = None


@dataclass(frozen=True)
class Outcome:
    scenario: str
    point: Point
    seconds: dict[str, float]  # per phase: prepare, crash, check, recover, converge
    failure: str | None
    leftovers: tuple[str, ...] = ()  # half-written files still there after the recovery (backups: see the report)


def start_worker(db_url: str, port: int) -> None:
    """Pool initializer: a handle on the running county server (its database and address, no process)."""
    global _county
    county = CountyServer.__new__(CountyServer)  # the server runs in the test's process; only its handle here
    county.db_url, county.port, county.proc, county.fault = db_url, port, None, None
    county.engine = make_engine(db_url)
    _county = county
    os.environ.update(ZONGZHI_USER=ADMIN, ZONGZHI_PASSWORD=PASSWORD)  # the reruns log in like the CLI
    logging.getLogger("zongzhi_desktop").propagate = False  # repairs and retries log to the homes' files only


def dry_run(job: tuple[int, Path, int]) -> dict[str, int]:
    """How many points of each kind the scenario's command passes, on a PC set up like every trial's."""
    index, folder, serial = job
    assert _county is not None
    trial = SCENARIOS[index].prepare(_county, folder, serial)
    return count_points(trial.home, trial.argv, folder / "counts.json")


def run_trial(job: tuple[int, Point, Path, int]) -> Outcome:
    """Crash a fresh PC at `point`, check what is left, recover and converge; the failure as text, if any.
    `serial` numbers the trial: its people are its own (crash_scenarios.PEOPLE_PER_TRIAL)."""
    index, point, folder, serial = job
    scenario = SCENARIOS[index]
    assert _county is not None
    seconds: dict[str, float] = {}
    clock = time.monotonic()

    def lap(phase: str) -> None:
        nonlocal clock
        seconds[phase], clock = time.monotonic() - clock, time.monotonic()

    try:
        trial = scenario.prepare(_county, folder, serial)
        lap("prepare")
        crash_at(trial.home, trial.argv, point)
        lap("crash")
        pc = trial.open()
        try:
            problems = run_checks(pc.engine, full=True)
            assert not problems, [p.message for p in problems]
            scenario.check(trial, pc)
        finally:
            pc.close()
        lap("check")
        _age(_half_written(folder))  # the rerun comes later, as it would after a real crash
        scenario.recover(trial)
        lap("recover")
        left = tuple(str(p.relative_to(folder)) for p in _half_written(folder))
        # temp files of files.atomic_write are swept by the next write of the same file
        assert not [p for p in left if not p.startswith("pc/backups/")], left
        converge(trial)
        lap("converge")
        failure = None
    except Exception:  # noqa: BLE001 - every point is tried; the failures are listed together
        failure = f"{scenario.name} at {point[0]}:{point[1]} (ZONGZHI_CRASH_AT={point[0]}:{point[1]}):\n" \
                  f"{traceback.format_exc(limit=-4)}"
    return Outcome(scenario.name, point, seconds, failure, left if failure is None else ())


def _half_written(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith((".tmp", ".db-part", ".restoring"))]


def _age(files: list[Path]) -> None:
    hours_ago = time.time() - 2 * STALE_TEMP_SECONDS
    for path in files:
        os.utime(path, (hours_ago, hours_ago))
