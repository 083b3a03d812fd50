"""`init` and `check`: creating a township store and verifying one."""

from __future__ import annotations

import argparse
import sys

from zongzhi_desktop.cli import emit_json, logged_in, new_password
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.store import create_store
from zongzhi_desktop.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="建立本乡镇的数据库和第一个管理员")
    p.add_argument("--township-code", required=True, help="9位乡镇统计代码，如 360731100")
    p.add_argument("--township-name", required=True)
    p.add_argument("--admin", required=True, help="管理员用户名（密码取 ZONGZHI_PASSWORD 或提示输入）")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("check", help="检查数据库：结构版本、完整性、外键、同步触发器、同步队列")
    p.add_argument("--full", action="store_true", help="完整检查（较慢）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace, paths: AppPaths) -> int:
    store = create_store(
        paths,
        township_code=args.township_code,
        township_name=args.township_name,
        admin_user=args.admin,
        admin_password=new_password(),
    )
    print(f"已建立 {args.township_name}（{args.township_code}）的数据库：{paths.store_file}")
    store.close()
    return 0


def cmd_check(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        problems = run_checks(store.engine, full=args.full)
    if args.json:
        emit_json({"ok": not problems, "problems": [p.as_json() for p in problems]})
    else:
        for problem in problems:
            print(problem.message)
        print("检查通过。" if not problems else f"发现 {len(problems)} 个问题。", file=sys.stderr if problems else sys.stdout)
    return 0 if not problems else 1
