"""`zongzhi-desktop`: the composition root — paths, fonts, translations, log in, the workbench."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zongzhi-desktop", description="综治中心 桌面端")
    parser.add_argument("--home", help="数据目录（也可用环境变量 ZONGZHI_HOME）")
    parser.add_argument("--language", choices=["zh_CN", "en"], help="界面语言（默认取设置，初始为简体中文）")
    parser.add_argument("--user", default="", help="预填的用户名")
    args, qt_args = parser.parse_known_args(argv)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from zongzhi_desktop.logs import setup_logging
    from zongzhi_desktop.paths import resolve_paths
    from zongzhi_desktop.services.attachments import remove_opened_copies
    from zongzhi_desktop.services.settings import load_settings, update_settings
    from zongzhi_desktop.ui.background import BackgroundRunner
    from zongzhi_desktop.ui.fonts import install_fonts
    from zongzhi_desktop.ui.i18n import install_translators
    from zongzhi_desktop.ui.login_dialog import LoginDialog

    paths = resolve_paths(args.home)
    setup_logging(paths.log_dir)
    remove_opened_copies(paths)  # decrypted attachment copies a crash or a busy viewer left last time
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("zongzhi")
    install_fonts(app)
    settings = load_settings(paths)
    install_translators(app, args.language or settings.language)
    if not paths.store_file.exists():
        QMessageBox.information(
            None, app.translate("App", "No register yet"),
            app.translate("App", "There is no register in {0} yet. Set one up with: zongzhi init (or zongzhi demo).")
            .format(paths.data_dir),
        )
        return 1
    runner = BackgroundRunner()
    login = LoginDialog(paths, runner, username=args.user or settings.last_user)
    if login.exec() != LoginDialog.DialogCode.Accepted or login.store is None:
        runner.shutdown()
        return 0
    update_settings(paths, last_user=login.store.actor.username)
    window = build_main_window(login.store, runner)
    window.show()
    after_login(window)
    code = app.exec()
    runner.shutdown()
    login.store.close()
    remove_opened_copies(paths)  # logging out is leaving the app: no decrypted copy stays behind
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
