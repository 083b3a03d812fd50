"""Sub-commands of `zongzhi`, one module per area; each exposes `register(subparsers)`."""

from __future__ import annotations

import argparse
from importlib import import_module

_MODULES = ("store_cmds", "demo_cmds", "resident_cmds", "keyperson_cmds", "grid_cmds", "stats_cmds", "dispute_cmds", "report_cmds", "sync_cmds", "audit_cmds", "users_cmds", "diag_cmds")


def register_all(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name in _MODULES:
        import_module(f"{__name__}.{name}").register(sub)
