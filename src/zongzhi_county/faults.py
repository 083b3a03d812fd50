"""Deliberate crashes for the fault tests: `ZONGZHI_COUNTY_FAULT=point[:n]` kills the server process
(like a power cut, no cleanup) the n-th time it reaches `point`. Unset in production."""

from __future__ import annotations

import os
import sys

_ENV = "ZONGZHI_COUNTY_FAULT"
_hits: dict[str, int] = {}


def crash_point(point: str) -> None:
    spec = os.environ.get(_ENV, "")
    if not spec:
        return
    name, _, nth = spec.partition(":")
    if name != point:
        return
    _hits[point] = _hits.get(point, 0) + 1
    if _hits[point] == int(nth or 1):
        sys.stderr.write(f"fault injected at {point}\n")
        sys.stderr.flush()
        os._exit(137)
