"""CPU time from /proc (Linux): one process's, and the whole machine's busy time across its cores.

The concurrent-push figures use it to say where a round's time goes: a round cannot be shorter than
the core-seconds it needs divided by the cores there are. Elsewhere the figures read None.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_s(pid: int) -> float | None:
    """User + system CPU seconds of one process so far, or None where /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14 and 15 of stat)


def machine_busy_s() -> float | None:
    """CPU seconds the machine's cores have spent not idle (nor waiting for I/O) since boot."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return None
    ticks = [int(x) for x in first[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / _TICK  # user..steal; guest time is already inside user


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
