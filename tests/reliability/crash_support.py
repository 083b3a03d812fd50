"""Running the real `zongzhi` command line in a child process with a crash point armed, and choosing the points."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from zongzhi_desktop import crash_points

from tests_support import ADMIN, PASSWORD

Point = tuple[str, int]
CRASH_VARS = ("ZONGZHI_CRASH_AT", "ZONGZHI_CRASH_SEED", "ZONGZHI_CRASH_COUNT")


def cli_env(**crash: str) -> dict[str, str]:
    """The test process's environment (scratch XDG dirs, cheap KDF) with the admin's login and `crash` vars."""
    env = {k: v for k, v in os.environ.items() if k not in CRASH_VARS}
    env.update(ZONGZHI_USER=ADMIN, ZONGZHI_PASSWORD=PASSWORD, ZONGZHI_KDF_PROFILE="test", **crash)
    return env


def run_cli(home: Path, argv: list[str], timeout: float = 120, **crash: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zongzhi_desktop", "--home", str(home), *argv],
                          env=cli_env(**crash), capture_output=True, text=True, timeout=timeout)


def count_points(home: Path, argv: list[str], counts_file: Path) -> dict[str, int]:
    """A dry run: the command runs to its end and reports how many points of each kind it passed."""
    done = run_cli(home, argv, ZONGZHI_CRASH_COUNT=str(counts_file))
    assert done.returncode == 0, f"dry run of {argv} failed: {done.stderr[-2000:]}"
    return json.loads(counts_file.read_text(encoding="utf-8"))


def crash_at(home: Path, argv: list[str], point: Point) -> subprocess.CompletedProcess[str]:
    """Run until `point` and die there; a run that does not die there fails the test (points must be exact)."""
    kind, n = point
    done = run_cli(home, argv, ZONGZHI_CRASH_AT=f"{kind}:{n}")
    assert done.returncode == crash_points.EXIT_CODE, (
        f"{argv} did not stop at {kind}:{n} (exit {done.returncode}): {done.stderr[-2000:]}")
    assert f"crash point {kind} #{n}" in done.stderr
    return done


def choose(counts: dict[str, int], limit: int, seed: int) -> list[Point]:
    """Every point when there are at most `limit`; otherwise `limit` of them drawn with `seed`, the
    first and last of each kind always among them (the edges are where off-by-one bugs live)."""
    every = [(kind, n) for kind in crash_points.KINDS for n in range(1, counts.get(kind, 0) + 1)]
    if len(every) <= limit:
        return every
    edges = {p for kind in crash_points.KINDS if counts.get(kind) for p in ((kind, 1), (kind, counts[kind]))}
    rest = [p for p in every if p not in edges]
    picked = edges | set(random.Random(seed).sample(rest, max(0, limit - len(edges))))
    return [p for p in every if p in picked]
