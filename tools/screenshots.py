"""Screenshots of every main screen on the demo township, as a clerk would see them.

    xvfb-run -a -s "-screen 0 1366x900x24" .venv/bin/python tools/screenshots.py [OUT_DIR]

Runs the real application windows (xcb platform under Xvfb, so real font rendering) on a fresh
demo home in a temporary folder, and saves one PNG per screen into OUT_DIR (default: shots/).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("ZONGZHI_KDF_PROFILE", "test")


def main(out: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from zongzhi_desktop.app import build_main_window
    from zongzhi_desktop.demo.township import build_demo
    from zongzhi_desktop.paths import resolve_paths
    from zongzhi_desktop.services.auth import log_in
    from zongzhi_desktop.ui.background import BackgroundRunner
    from zongzhi_desktop.ui.fonts import install_fonts
    from zongzhi_desktop.ui.i18n import install_translators
    from zongzhi_desktop.ui.login_dialog import LoginDialog

    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="zongzhi-shots-")) / "home"
    app = QApplication([sys.argv[0]])
    install_fonts(app)
    install_translators(app, "zh_CN")
    from zongzhi_desktop.models.store import create_store  # the demo set-up, not the GUI's own path

    store = create_store(resolve_paths(home), township_code="360731100", township_name="贡江镇",
                         admin_user="admin", admin_password="Demo-2026")
    build_demo(store, residents=3000, disputes=400, seed=1)
    store.close()

    runner = BackgroundRunner()
    login = LoginDialog(resolve_paths(home), runner, username="admin")
    login.show()
    settle(app, 300)
    login.grab().save(str(out / "01-login.png"))
    login.close()

    store = log_in(resolve_paths(home), "admin", "Demo-2026")
    window = build_main_window(store, runner)
    window.resize(1366, 860)
    window.show()
    for n, key in enumerate(window.pages, start=2):
        window.navigate(key)
        settle(app, 1500)
        window.grab().save(str(out / f"{n:02d}-{key}.png"))
    # a case opened in the disputes page, then the intake form
    disputes = window.pages["disputes"]
    window.navigate("disputes")
    settle(app, 1000)
    disputes.table.selectRow(4)
    settle(app, 1500)
    window.grab().save(str(out / "07-dispute-detail.png"))
    disputes.new_item()
    settle(app, 1000)
    if disputes.intake_dialog is not None:
        disputes.intake_dialog.grab().save(str(out / "08-intake.png"))
        disputes.intake_dialog.hide()
    # joining the county from the 同步 page (the demo PC has not joined): the dialog, filled in
    window.navigate("sync")
    settle(app, 1000)
    join = window.pages["sync"].open_join_dialog()
    join.county.server.setText("https://zongzhi.yudu.gov.cn:8443")
    join.county.code.setText("7K3QD-M2XPA")
    settle(app, 300)
    join.grab().save(str(out / "08-sync-join-county.png"))
    join.close()
    window.close()
    store.close()
    setup_wizard_shots(app, runner, out)
    runner.shutdown()
    QTimer.singleShot(0, app.quit)
    print(f"screenshots in {out}")
    return 0


def setup_wizard_shots(app, runner, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The first-run wizard on an empty home, page by page: a new register, then joining the county."""
    from zongzhi_desktop.paths import resolve_paths
    from zongzhi_desktop.ui.setup_wizard import NEW, SERVER, SetupWizard

    def shot(wizard: SetupWizard, name: str, ms: int = 300) -> None:
        settle(app, ms)
        wizard.grab().save(str(out / f"{name}.png"))

    def admin(wizard: SetupWizard) -> None:
        page = wizard.admin
        page.username.setText("wangfang")
        page.display_name.setText("王芳")
        page.password.setText("Gongjiang-2026")
        page.repeat.setText("Gongjiang-2026")

    wizard = SetupWizard(resolve_paths(Path(tempfile.mkdtemp(prefix="zongzhi-setup-")) / "home"), runner)
    wizard.show()
    shot(wizard, "20-setup-welcome")
    wizard.welcome.choose(NEW)
    wizard.next()
    wizard.township.search.setText("贡江")
    wizard.township.select("360731100")
    shot(wizard, "21-setup-township")
    wizard.next()
    admin(wizard)
    wizard.admin.repeat.setText("Gongjiang-2027")
    wizard.next()  # refused: the two passwords differ
    shot(wizard, "22-setup-admin-mismatch")
    wizard.admin.repeat.setText("Gongjiang-2026")
    wizard.next()
    wizard.grab().save(str(out / "23-setup-working.png"))  # at once, while the store is being made
    shot(wizard, "24-setup-recovery-key", 2000)
    wizard.key.key_box.confirm.setText(wizard.key.key_box.key_label.text().split("-")[-1])
    shot(wizard, "25-setup-key-confirmed")
    wizard.accept()
    wizard.store.close()

    wizard = SetupWizard(resolve_paths(Path(tempfile.mkdtemp(prefix="zongzhi-setup-")) / "home"), runner)
    wizard.show()
    wizard.welcome.choose(SERVER)
    wizard.next()
    admin(wizard)
    wizard.next()
    wizard.county.server.setText("http://127.0.0.1:9")  # nothing listens there
    wizard.county.code.setText("7K3QD-M2XPA")
    shot(wizard, "26-setup-county")
    wizard.next()
    shot(wizard, "27-setup-county-unreachable", 3000)
    wizard.reject()


def settle(app, ms: int) -> None:  # type: ignore[no-untyped-def]
    """Let background work finish and the window repaint."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("shots")))
