"""A deliberate pause for the shutdown tests: `ZONGZHI_COUNTY_SLOW=push_commit:SECONDS` holds the first
push's transaction open just before its commit, announcing it on stderr, so a test can stop the server
with a batch surely in flight. Unset in production (like faults.py)."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, event

ENV = "ZONGZHI_COUNTY_SLOW"
ANNOUNCE = "slow point reached: push_commit"
_inside = threading.local()  # set while this worker thread runs a push
_state = {"paused": False}
T = TypeVar("T")


def _seconds() -> float | None:
    name, _, seconds = os.environ.get(ENV, "").partition(":")
    return float(seconds or 2) if name == "push_commit" else None


def install(engine: Engine) -> None:
    pause = _seconds()
    if pause is None:
        return

    @event.listens_for(engine, "commit")
    def _before_commit(_conn: Any) -> None:
        if getattr(_inside, "push", False) and not _state["paused"]:
            _state["paused"] = True
            sys.stderr.write(ANNOUNCE + "\n")
            sys.stderr.flush()
            time.sleep(pause)


def during_push(fn: Callable[..., T]) -> Callable[..., T]:
    if _seconds() is None:
        return fn

    def run(*args: Any, **kwargs: Any) -> T:
        _inside.push = True
        try:
            return fn(*args, **kwargs)
        finally:
            _inside.push = False

    return run
