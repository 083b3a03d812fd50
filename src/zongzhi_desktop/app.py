"""`zongzhi-desktop`: the composition root — paths, fonts, translations, set up or log in, the workbench."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zongzhi-desktop", description="综治中心 桌面端")
    parser.add_argument("--home", help="数据目录（也可用环境变量 ZONGZHI_HOME）")
    parser.add_argument("--language", choices=["zh_CN", "en"], help="界面语言（默认取设置，初始为简体中文）")
    parser.add_argument("--user", default="", help="预填的用户名")
    parser.add_argument("--self-test", metavar="FILE",
                        help="自检：打开第一个窗口后把结果（JSON）写入 FILE 并退出，无需操作（安装包冒烟测试用）")
    args, qt_args = parser.parse_known_args(argv)
    if not args.self_test:
        return _start(args, qt_args)
    try:
        return _start(args, qt_args)
    except BaseException as exc:  # noqa: BLE001 - the self-test reports any failure as its result
        print(f"self-test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def _start(args: argparse.Namespace, qt_args: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QDialog

    from zongzhi_desktop.logs import setup_logging
    from zongzhi_desktop.paths import resolve_paths
    from zongzhi_desktop.services.attachments import remove_opened_copies
    from zongzhi_desktop.services.settings import load_settings, update_settings
    from zongzhi_desktop.ui.background import BackgroundRunner
    from zongzhi_desktop.ui.fonts import install_fonts
    from zongzhi_desktop.ui.i18n import install_translators
    from zongzhi_desktop.ui.setup_wizard import unfinished_key_dialog

    paths = resolve_paths(args.home)
    setup_logging(paths.log_dir)
    remove_opened_copies(paths)  # decrypted attachment copies a crash or a busy viewer left last time
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("zongzhi")
    install_fonts(app)
    settings = load_settings(paths)
    install_translators(app, args.language or settings.language)
    runner = BackgroundRunner()
    first = first_window(paths, runner, args.user or settings.last_user)
    if args.self_test:
        return _self_test(app, first, runner, Path(args.self_test))
    if first.exec() != QDialog.DialogCode.Accepted or first.store is None:
        runner.shutdown()
        return 0
    store = first.store
    unfinished = unfinished_key_dialog(store)  # a set-up cut short before its recovery key was confirmed
    if unfinished is not None:
        unfinished.exec()
    update_settings(paths, last_user=store.actor.username)
    window = build_main_window(store, runner)
    window.show()
    after_login(window)
    code = app.exec()
    runner.shutdown()
    store.close()
    remove_opened_copies(paths)  # logging out is leaving the app: no decrypted copy stays behind
    return code


def first_window(paths, runner, username: str = ""):  # type: ignore[no-untyped-def]
    """The set-up wizard when this PC has no store yet, else the login. Either is accepted with
    `store` open: straight after the wizard the new administrator is already logged in (they have
    just typed the password twice), so the workbench opens without asking for it a third time."""
    from zongzhi_desktop.ui.login_dialog import LoginDialog
    from zongzhi_desktop.ui.setup_wizard import SetupWizard

    if not paths.store_file.exists():
        return SetupWizard(paths, runner)
    return LoginDialog(paths, runner, username=username)


def _self_test(app, first, runner, target: Path) -> int:  # type: ignore[no-untyped-def]
    """Show the first window, then write what it is, the version and the schema head to `target`
    and leave (for the packaged-build smoke test: proves Qt, the plugins, the translations, the
    resources and the migrations all load in the installed build)."""
    from PySide6.QtCore import QTimer

    from zongzhi_desktop import __version__
    from zongzhi_desktop.services.setup import schema_head
    from zongzhi_desktop.ui.setup_wizard import SetupWizard

    def report() -> None:
        code = 0
        try:
            if not first.isVisible():
                raise RuntimeError("the first window did not show")
            result = {"window": "setup" if isinstance(first, SetupWizard) else "login",
                      "version": __version__, "schema_head": schema_head()}
            target.write_text(json.dumps(result, ensure_ascii=False) + "\n", encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - reported, with a non-zero exit
            print(f"self-test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
        first.hide()
        app.exit(code)

    first.show()
    QTimer.singleShot(0, report)
    code = app.exec()
    runner.shutdown()
    return code


def build_main_window(store, runner):  # type: ignore[no-untyped-def]
    """The workbench with every page (also used by tests and the screenshot script)."""
    from zongzhi_desktop.ui.audit_page import AuditPage
    from zongzhi_desktop.ui.context import UiContext
    from zongzhi_desktop.ui.dashboard_page import DashboardPage
    from zongzhi_desktop.ui.disputes_page import DisputesPage
    from zongzhi_desktop.ui.grids_page import GridsPage
    from zongzhi_desktop.ui.main_window import MainWindow
    from zongzhi_desktop.ui.reports_page import ReportsPage
    from zongzhi_desktop.ui.residents_page import ResidentsPage
    from zongzhi_desktop.ui.settings_page import SettingsPage

    pages = [DashboardPage, DisputesPage, ResidentsPage, GridsPage, ReportsPage, AuditPage, SettingsPage]
    return MainWindow(UiContext(store, runner), pages)


def after_login(window) -> None:  # type: ignore[no-untyped-def]
    """Start-up work not needed to log in (the store check, the day's backup) runs in the background afterwards."""
    from zongzhi_desktop.services.auth import check_store
    from zongzhi_desktop.ui.backup_panel import start_daily_backup

    def done(problems: list) -> None:  # type: ignore[type-arg]
        if problems:
            window.statusBar().showMessage(problems[0].message)

    window.ctx.runner.run(lambda task: check_store(window.ctx.store), on_done=done)
    start_daily_backup(window)


if __name__ == "__main__":
    raise SystemExit(main())
