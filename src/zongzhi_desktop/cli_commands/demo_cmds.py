"""`demo`: a ready-to-use demo township (realistic, deterministic data for one seed)."""

from __future__ import annotations

import argparse

from zongzhi_desktop.cli import show_recovery_key
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models.store import create_store
from zongzhi_desktop.paths import AppPaths

DEMO_TOWNSHIP = ("360731100", "贡江镇")
DEMO_USER = "admin"
DEMO_PASSWORD = "Demo-2026"  # printed on purpose: a demo store holds invented people only


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="建立演示乡镇（数据库为空时），并打印登录用户名和密码")
    p.add_argument("--residents", type=int, default=2000, help="演示居民人数")
    p.add_argument("--disputes", type=int, default=300, help="演示矛盾纠纷件数")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.residents < 0 or args.disputes < 0:
        raise InputError("input.invalid_number", field="人数", value=min(args.residents, args.disputes))
    if not paths.store_file.exists():
        store = create_store(
            paths,
            township_code=DEMO_TOWNSHIP[0],
            township_name=DEMO_TOWNSHIP[1],
            admin_user=DEMO_USER,
            admin_password=DEMO_PASSWORD,
        )
        try:
            summary = build_demo(store, residents=args.residents, seed=args.seed, disputes=args.disputes)
            show_recovery_key(store)  # a demo store is encrypted like a real one
        finally:
            store.close()
        print(
            f"已建立演示乡镇 {DEMO_TOWNSHIP[1]}：{summary.villages} 个村（社区）、{summary.grids} 个网格、"
            f"{summary.workers} 名网格员、{summary.residents} 名居民、{summary.key_persons} 名重点人员、"
            f"{summary.disputes} 件矛盾纠纷"
        )
        print(f"数据目录：{paths.data_dir}")
    else:
        print(f"演示数据库已存在：{paths.store_file}")
    print(f"user: {DEMO_USER}")
    print(f"password: {DEMO_PASSWORD}")
    return 0
