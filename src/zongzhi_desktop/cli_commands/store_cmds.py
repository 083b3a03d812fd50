"""`init`, `check`, `backup` and `restore`: creating, verifying, saving and bringing back a township store."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime
from pathlib import Path

from zongzhi_desktop.cli import emit_json, logged_in, new_password, show_recovery_key
from zongzhi_desktop.errors import AuthError
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.restore import restore_backup
from zongzhi_desktop.models.store import create_store, open_store_with_recovery
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.backups import back_up_now
from zongzhi_desktop.services.auth import record_recovery


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

    p = sub.add_parser("backup", help="备份数据库（加密；凭密码或恢复密钥可在任何电脑上恢复）")
    p.add_argument("--to", help="备份到此文件夹（如U盘），默认为数据目录下的 backups")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="从备份文件恢复数据库（先完整校验，当前数据库移到 backups 保留）")
    p.add_argument("file", help="备份文件（.zzbak）")
    p.add_argument("--recovery-key", nargs="?", const="-",
                   help="用恢复密钥恢复（不带值则提示输入），并为 --admin 设置新密码（ZONGZHI_PASSWORD 或提示）")
    p.add_argument("--admin", help="管理员用户名（默认取 ZONGZHI_USER，否则 admin）")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("recover", help="用恢复密钥为本机用户设置新密码并授权（忘记密码，或用户在本机未授权）")
    p.add_argument("--user", help="用户名（默认取 ZONGZHI_USER）")
    p.add_argument("--recovery-key", help="恢复密钥（不给则提示输入）")
    p.set_defaults(handler=cmd_recover)


def cmd_init(args: argparse.Namespace, paths: AppPaths) -> int:
    store = create_store(
        paths,
        township_code=args.township_code,
        township_name=args.township_name,
        admin_user=args.admin,
        admin_password=new_password(),
    )
    print(f"已建立 {args.township_name}（{args.township_code}）的数据库：{paths.store_file}")
    show_recovery_key(store)
    store.close()
    return 0


def cmd_check(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths, daily_backup=False) as store:  # only reads: a damaged store must not rotate good backups out
        problems = run_checks(store.engine, full=args.full)
    if args.json:
        emit_json({"ok": not problems, "problems": [p.as_json() for p in problems]})
    else:
        for problem in problems:
            print(problem.message)
        print("检查通过。" if not problems else f"发现 {len(problems)} 个问题。", file=sys.stderr if problems else sys.stdout)
    return 0 if not problems else 1


def cmd_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths, daily_backup=False) as store:  # this command makes the backup itself
        # administrators only (the matrix has no backup action of its own: "users.manage")
        made = back_up_now(store, store.actor, Path(args.to).expanduser() if args.to else None)
    print(f"已备份到 {made.path}（{made.size // 1024} KB，已加密）。")
    return 0


def cmd_recover(args: argparse.Namespace, paths: AppPaths) -> int:
    user = args.user or os.environ.get("ZONGZHI_USER")
    if not user:
        raise AuthError("auth.no_credentials")
    recovery = _recovery_key(args.recovery_key or "-")
    store = open_store_with_recovery(paths, recovery, user, new_password("ZONGZHI_PASSWORD", "新密码："))
    record_recovery(store)
    store.close()
    print(f"已用恢复密钥为 {user} 设置新密码，并授权其在本机打开数据库。")
    return 0


def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    admin = args.admin or os.environ.get("ZONGZHI_USER") or "admin"
    recovery = _recovery_key(args.recovery_key) if args.recovery_key else None
    password = new_password() if recovery else os.environ.get("ZONGZHI_PASSWORD")
    if password is None and sys.stdin.isatty():
        password = getpass.getpass("密码：")
    result = restore_backup(paths, Path(args.file), username=admin, password=password, recovery_key=recovery)
    when = datetime.fromisoformat(result.created_at).astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"已从备份恢复乡镇 {result.township_code} 的数据库（备份时间 {when}，版本 {result.schema_revision}）。")
    if result.pre_restore is not None:
        print(render("backup.pre_restore_kept", path=result.pre_restore))
    for moved in result.set_aside:
        if moved != result.pre_restore:
            print(render("backup.pre_restore_raw", path=moved) if moved.suffix == ".db" else f"原账户文件已另存为：{moved}")
    print(f"请用 {admin} 登录；登录时会自动升级数据库结构（如需要）。")
    return 0


def _recovery_key(given: str) -> str:
    """The key as given, or typed at a prompt for "-" (so it stays out of the shell's history)."""
    if given != "-":
        return given
    typed = getpass.getpass("恢复密钥：") if sys.stdin.isatty() else ""
    if not typed:
        raise AuthError("auth.no_credentials")
    return typed
