"""The headless command line `zongzhi`: the same services as the GUI, for scripts and administrators.

Exit codes: 0 success, 2 bad input (clear message on stderr), 1 anything else.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from zongzhi_desktop import __version__
from zongzhi_desktop.errors import AuthError, InputError, ZongzhiError, file_error
from zongzhi_desktop.logs import setup_logging
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import AppPaths, resolve_paths

log = logging.getLogger(__name__)
Handler = Callable[[argparse.Namespace, AppPaths], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese with exit code 2, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError("cli.usage", detail=message)


def build_parser() -> argparse.ArgumentParser:
    from zongzhi_desktop.cli_commands import register_all

    parser = _Parser(prog="zongzhi", description="综治中心 命令行工具")
    parser.add_argument("--home", help="数据目录（也可用环境变量 ZONGZHI_HOME）")
    parser.add_argument("--version", action="version", version=f"zongzhi {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, required=True)
    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_streams()
    paths: AppPaths | None = None
    try:
        args = build_parser().parse_args(argv)
        paths = resolve_paths(args.home)
        setup_logging(paths.log_dir)
        log.info("command %s", args.command)  # the command's name only: its arguments may be a person's name
        handler: Handler = args.handler
        return handler(args, paths)
    except ZongzhiError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(ZongzhiError("cli.interrupted"), file=sys.stderr)
        return 1
    except OSError as exc:
        told = file_error(exc)
        if told is None:
            return _unexpected(exc, paths)
        # a full disk, an unwritable place, a folder given as a file name: said, not a bug
        log.warning("file error %s (errno %s)", type(exc).__name__, exc.errno)  # no path: it may hold a name
        print(told, file=sys.stderr)
        return told.exit_code
    except Exception as exc:
        return _unexpected(exc, paths)


def _unexpected(exc: Exception, paths: AppPaths | None) -> int:
    """A bug: log the traceback, tell the person where it is."""
    log.exception("unexpected error")
    where = str(paths.log_dir) if paths else "-"
    print(str(ZongzhiError("cli.unexpected", kind=type(exc).__name__, log=where)), file=sys.stderr)
    return 1


def login(paths: AppPaths, *, daily_backup: bool = True) -> Store:
    """Every command that touches the store logs in first: env variables, or a prompt. The day's
    first login also makes the automatic backup (about a second for a 20,000-resident township)."""
    user = os.environ.get("ZONGZHI_USER") or _prompt("用户名：")
    password = os.environ.get("ZONGZHI_PASSWORD")
    if password is None:
        password = getpass.getpass("密码：") if sys.stdin.isatty() else None
    if not user or password is None:
        raise AuthError("auth.no_credentials")
    store = open_store(paths, user, password)
    # an old plain store was just encrypted: its new recovery key goes to the terminal (stderr, so a
    # command's --json output stays parseable)
    show_recovery_key(store, sys.stderr)
    if daily_backup:
        _daily_backup(store)
    return store


def _daily_backup(store: Store) -> None:
    """A failed automatic backup is reported, never in the way of the command that was asked for."""
    from zongzhi_desktop.services.backups import backup_if_due

    try:
        backup_if_due(store)
    except Exception as exc:  # noqa: BLE001 - a full disk, a sqlite error, even a bug: the command still runs
        log.warning("automatic backup failed", exc_info=exc)
        print(ZongzhiError("backup.auto_failed", reason=str(exc)), file=sys.stderr)


@contextmanager
def logged_in(paths: AppPaths, *, daily_backup: bool = True) -> Iterator[Store]:
    """The store opened for this command's user, closed afterwards whatever happens."""
    store = login(paths, daily_backup=daily_backup)
    try:
        yield store
    finally:
        store.close()


def new_password(env: str = "ZONGZHI_PASSWORD", prompt: str = "设置管理员密码：") -> str:
    password = os.environ.get(env)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(prompt)
    if not password:
        raise AuthError("auth.no_new_password", env=env)
    return password


def show_recovery_key(store: Store, stream: TextIO | None = None) -> None:
    """Print a recovery key made by this opening (new or newly encrypted store) with what to do with it.
    It is printed this once and kept nowhere else in clear."""
    stream = stream or sys.stdout
    if store.new_recovery_key:
        print("\n".join((
            "", "==== 恢复密钥（只显示这一次）====", f"    {store.new_recovery_key}", "",
            "请立即把它打印或抄写在纸上，核对无误后由负责人锁进保险柜，不要存在这台电脑上，也不要拍照或发送。",
            "忘记全部密码、换新电脑或用备份恢复（zongzhi restore --recovery-key）时，只有它能打开本乡镇的数据。",
            "================================", "",
        )), file=stream)
        stream.flush()


def emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1, default=str) + "\n")
    sys.stdout.flush()


def _prompt(text: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return input(text).strip() or None


def _utf8_streams() -> None:
    # Windows consoles default to a legacy code page; Chinese must not depend on it.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
