"""Benchmark registry, best-of timing, throw-away store homes and the JSON report."""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# Set before anything imports the accounts module: argon2 with test parameters keeps store setup cheap.
os.environ["ZONGZHI_KDF_PROFILE"] = "test"


@dataclass
class Result:
    """One reported figure; `ratio` is value / baseline when the benchmark measured a baseline."""

    name: str
    value: float
    unit: str = "s"
    baseline: float | None = None
    ratio: float | None = None
    aim: str | None = None  # e.g. "ratio <= 3.0"
    passed: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What every benchmark gets: the row scale, repeats and a private scratch folder."""

    scale: int
    repeat: int
    workdir: Path

    def home(self, label: str) -> Path:
        """A new, empty ZONGZHI_HOME for one store; never the user's real data folder."""
        return Path(tempfile.mkdtemp(prefix=f"{label}-", dir=self.workdir))


@dataclass(frozen=True)
class Measurement:
    """What a benchmark function returns; the harness adds the name, ratio and aim verdict."""

    value: float
    baseline: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[Context], Measurement]
    unit: str
    aim_ratio: float | None  # the figure's ratio to its baseline must be at most this
    aim_value: float | None  # the figure itself must be at most this (in `unit`)
    explicit: bool = False  # too slow for every run: only when named exactly with --only


REGISTRY: dict[str, Benchmark] = {}


def benchmark(
    name: str,
    *,
    aim_ratio: float | None = None,
    aim_value: float | None = None,
    unit: str = "s",
    explicit: bool = False,
) -> Callable[[Callable[[Context], Measurement]], Callable[[Context], Measurement]]:
    """Register `fn(ctx) -> Measurement` under `name` (run order is registration order)."""

    def register(fn: Callable[[Context], Measurement]) -> Callable[[Context], Measurement]:
        if name in REGISTRY:
            raise ValueError(f"benchmark {name!r} registered twice")
        REGISTRY[name] = Benchmark(name, fn, unit, aim_ratio, aim_value, explicit)
        return fn

    return register


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(repeat: int, setup: Callable[[], Any], run: Callable[[Any], object]) -> float:
    """Fastest of `repeat` runs, each on a fresh `setup()` that is not timed.

    The minimum, not the mean: on a shared machine noise only ever adds time.
    """
    best = float("inf")
    for _ in range(max(1, repeat)):
        prepared = setup()
        best = min(best, timed(lambda: run(prepared)))
    return best


def paired_best_of(
    repeat: int,
    setup: Callable[[], tuple[Any, Any]],
    baseline: Callable[[Any], object],
    measured: Callable[[Any], object],
) -> tuple[float, float]:
    """Best-of for a baseline and a measured run, interleaved so drift in machine load hits both.

    `setup` prepares both subjects before either is timed; the order alternates between repeats.
    """
    best_base, best_meas = float("inf"), float("inf")
    for i in range(max(1, repeat)):
        base_subject, meas_subject = setup()
        if i % 2 == 0:
            best_base = min(best_base, timed(lambda: baseline(base_subject)))
            best_meas = min(best_meas, timed(lambda: measured(meas_subject)))
        else:
            best_meas = min(best_meas, timed(lambda: measured(meas_subject)))
            best_base = min(best_base, timed(lambda: baseline(base_subject)))
    return best_base, best_meas


@contextmanager
def scratch(keep: bool = False) -> Iterator[Path]:
    """A temporary folder for all stores of a run, also exported as ZONGZHI_HOME so nothing
    that consults the environment can reach the user's real data folder."""
    root = Path(tempfile.mkdtemp(prefix="zongzhi-bench-"))
    previous = os.environ.get("ZONGZHI_HOME")
    os.environ["ZONGZHI_HOME"] = str(root / "home")
    try:
        yield root
    finally:
        if previous is None:
            os.environ.pop("ZONGZHI_HOME", None)
        else:
            os.environ["ZONGZHI_HOME"] = previous
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def run_one(bench: Benchmark, ctx: Context) -> Result:
    m = bench.run(ctx)
    ratio = m.value / m.baseline if m.baseline else None
    aim, passed = None, None
    if bench.aim_ratio is not None:
        aim, passed = f"ratio <= {bench.aim_ratio:g}", ratio is not None and ratio <= bench.aim_ratio
    elif bench.aim_value is not None:
        aim, passed = f"<= {bench.aim_value:g} {bench.unit}", m.value <= bench.aim_value
    return Result(bench.name, m.value, bench.unit, m.baseline, ratio, aim, passed, dict(m.extra))


def machine_info(workdir: Path) -> dict[str, Any]:
    from zongzhi_desktop.paths import filesystem_type  # the scratch disk's type changes fsync cost

    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": _version("sqlalchemy"),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "scratch_fs": filesystem_type(workdir),
    }


def _version(module: str) -> str | None:
    try:
        return str(__import__(module).__version__)
    except (ImportError, AttributeError):
        return None


def write_json(path: Path, results: list[Result], *, scale: int, repeat: int, machine: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # NaN (a benchmark that failed) is not JSON; null is.
    rows = [{k: _json_safe(v) for k, v in asdict(r).items()} for r in results]
    doc = {"scale": scale, "repeat": repeat, "machine": machine, "results": rows}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _json_safe(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def format_table(results: list[Result]) -> str:
    """Plain-text table: one line per figure, columns aligned."""
    header = ("benchmark", "figure", "unit", "baseline", "ratio", "aim", "result")
    rows = [header] + [
        (
            r.name,
            _num(r.value),
            r.unit,
            _num(r.baseline),
            f"{r.ratio:.2f}x" if r.ratio is not None else "-",
            r.aim or "-",
            "-" if r.passed is None else ("pass" if r.passed else "FAIL"),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}" if value < 10 else f"{value:.2f}"
