"""Logging in for the GUI and scripts: the one door into the store, seen from the services layer."""

from __future__ import annotations

from zongzhi_desktop.models.checks import Problem, run_checks
from zongzhi_desktop.models.store import Actor, Store, open_store
from zongzhi_desktop.paths import AppPaths

__all__ = ["Actor", "Problem", "Store", "check_store", "log_in"]


def log_in(paths: AppPaths, username: str, password: str) -> Store:
    """Verify the user, then open (and if needed migrate) the store."""
    return open_store(paths, username, password)


def check_store(store: Store, *, full: bool = False) -> list[Problem]:
    return run_checks(store.engine, full=full)
