"""`diagnostics`: the helpdesk's zip (logs, versions, check, settings, disk, sync state), even when the
store will not open — that is when it is needed most."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from zongzhi_desktop.cli import login
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.diagnostics import default_file_name, export_diagnostics

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("diagnostics", help="导出诊断信息（日志、版本、自检结果，不含数据库和任何个人信息），供县里技术支持排查问题")
    p.add_argument("-o", "--output", help="保存为此文件（.zip），默认在当前文件夹")
    p.add_argument("--no-login", action="store_true", help="不登录（数据库打不开或忘记密码时）：不含自检和同步状态")
    p.set_defaults(handler=cmd_diagnostics)


def cmd_diagnostics(args: argparse.Namespace, paths: AppPaths) -> int:
    store: Store | None = None
    open_error: BaseException | None = None
    if not args.no_login:
        try:
            store = login(paths, daily_backup=False)  # only reads: a broken store must not rotate backups
        except Exception as exc:  # noqa: BLE001 - a store that will not open is the case this command is for
            open_error = exc
            log.warning("diagnostics: store not opened (%s)", getattr(exc, "code", type(exc).__name__))
    target = Path(args.output).expanduser() if args.output else Path.cwd() / default_file_name(
        township_code=store.state("township_code") if store is not None else None)
    try:
        result = export_diagnostics(paths, target, store=store, open_error=open_error)
    finally:
        if store is not None:
            store.close()
    if open_error is not None:
        print(f"数据库未能打开（{open_error}），诊断信息中没有自检结果和同步状态。", file=sys.stderr)
    checked = "" if result.problems is None else (
        "，自检通过" if result.problems == 0 else f"，自检发现 {result.problems} 个问题")
    print(f"已导出诊断信息：{result.path}（{max(1, result.size // 1024)} KB{checked}）。"
          "其中没有数据库、密钥和任何个人信息，可以发给县综治中心技术支持。")
    return 0
