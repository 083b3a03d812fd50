"""`stats`: headline figures as JSON for scripts and checks."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.stats import StatsService


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stats", help="统计：居民、网格、重点人员、矛盾纠纷各状态件数")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)


def cmd_stats(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        stats = StatsService(store).summary(store.actor)
    if args.json:
        emit_json(asdict(stats))
    else:
        print(f"居民 {stats.residents} 人，网格 {stats.grids} 个，网格员 {stats.workers} 人，重点人员 {stats.key_persons} 人")
    return 0
