"""Deliberate crashes for the crash tests: `ZONGZHI_CRASH_AT=kind:n` kills the process at the n-th point of a kind.

Kinds: `commit-before` / `commit-after` (around each SQLite COMMIT of the store's engine; `commit` is
short for `commit-before`), `fsync` (every `os.fsync`: a file's data, then its folder after a rename),
`rename` (every `os.replace`), `http-before` / `http-after` (each request to the county: before it is
sent, after its answer is read; `http` is short for `http-before`). n counts from 1 per kind.

`ZONGZHI_CRASH_COUNT=FILE` alone is a dry run: the points reached are written to FILE (JSON
{kind: count}) at exit. With `ZONGZHI_CRASH_SEED=S` as well, FILE is read instead and the point is
drawn from those counts with S (`draw`), so `S` alone repeats a failure.

The process dies with `os._exit(70)` after one line on stderr: no cleanup, no atexit, open files
left as they are (like a power cut for everything above the OS; see docs/reliability.md).
The variables are read once at import; unset, nothing is installed and nothing costs anything.
"""

from __future__ import annotations

import atexit
import json
import os
import random
import sys
from typing import Any

EXIT_CODE = 70
KINDS = ("commit-before", "commit-after", "fsync", "rename", "http-before", "http-after")
_SHORT = {"commit": "commit-before", "http": "http-before"}

_reached: dict[str, int] = {}
_target: tuple[str, int] | None = None
_seed: str | None = None
_count_file = os.environ.get("ZONGZHI_CRASH_COUNT") or None


def parse(spec: str) -> tuple[str, int]:
    """"commit:7" -> ("commit-before", 7); a bad spec fails loudly (a test that crashes nowhere proves nothing)."""
    name, _, nth = spec.strip().partition(":")
    kind = _SHORT.get(name, name)
    if kind not in KINDS or not nth.isdigit() or int(nth) < 1:
        raise ValueError(f"ZONGZHI_CRASH_AT={spec!r}: expected KIND:N with KIND in {', '.join(KINDS)} and N >= 1")
    return kind, int(nth)


def draw(seed: str | int, counts: dict[str, int]) -> tuple[str, int]:
    """The point a seed picks among the points a dry run counted (the same on every machine)."""
    points = [(kind, n) for kind in KINDS for n in range(1, counts.get(kind, 0) + 1)]
    if not points:
        raise ValueError("the dry run reached no crash point")
    return random.Random(str(seed)).choice(points)


def reach(kind: str) -> None:
    """One crash point passed: count it, and die here if it is the chosen one."""
    n = _reached[kind] = _reached.get(kind, 0) + 1
    if _target == (kind, n):
        how = f"seed {_seed}" if _seed is not None else f"ZONGZHI_CRASH_AT={kind}:{n}"
        sys.stderr.write(f"crash point {kind} #{n} ({how})\n")
        sys.stderr.flush()
        os._exit(EXIT_CODE)


def reached() -> dict[str, int]:
    return dict(_reached)


def watch_commits(dialect: Any) -> None:
    """Crash points around every COMMIT an engine's dialect sends (its DB-API `commit()`)."""
    commit = dialect.do_commit

    def do_commit(dbapi_connection: Any) -> None:
        reach("commit-before")
        commit(dbapi_connection)
        reach("commit-after")

    dialect.do_commit = do_commit


def _arm_os() -> None:
    # Wrapped process-wide rather than at each call site: every durable write (atomic_write,
    # backups, packages, restore) reaches the points, including code written after this module.
    fsync, replace = os.fsync, os.replace

    def crashing_fsync(fd: Any) -> None:
        reach("fsync")
        fsync(fd)

    def crashing_replace(src: Any, dst: Any, **kwargs: Any) -> None:
        reach("rename")
        replace(src, dst, **kwargs)

    os.fsync, os.replace = crashing_fsync, crashing_replace  # type: ignore[assignment]


def _write_counts() -> None:
    assert _count_file is not None
    with open(_count_file, "w", encoding="utf-8") as fh:
        json.dump(_reached, fh)


def _armed_from_env() -> bool:
    global _target, _seed
    at, seed = os.environ.get("ZONGZHI_CRASH_AT"), os.environ.get("ZONGZHI_CRASH_SEED")
    if at:
        _target = parse(at)
    elif seed:
        if not _count_file:
            raise ValueError("ZONGZHI_CRASH_SEED needs ZONGZHI_CRASH_COUNT: the dry run's counts to draw from")
        with open(_count_file, encoding="utf-8") as fh:
            _seed, _target = seed, draw(seed, json.load(fh))
    elif _count_file:
        atexit.register(_write_counts)
    else:
        return False
    _arm_os()
    return True


ARMED = _armed_from_env()
