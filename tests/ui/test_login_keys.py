"""Recovery keys in the GUI: shown once after a plain store is encrypted at login, printed, confirmed;
忘记密码 sets a new password with the recovery key and logs in."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QPageSize
from PySide6.QtPrintSupport import QPrinter

from zongzhi_desktop import crypto
from zongzhi_desktop.errors import AuthError
from zongzhi_desktop.models.store import create_store, open_store
from zongzhi_desktop.paths import AppPaths, resolve_paths
from zongzhi_desktop.services.auth import log_in_with_recovery_key
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.login_dialog import LoginDialog
from zongzhi_desktop.ui.recovery_key_dialog import RecoveryKeyDialog
from tests_support import ADMIN, PASSWORD

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"
# who the fixture stores hold (tests/fixtures/make_store_fixture.py): must never reach a printout
PEOPLE = ["单雄信", "解缙", "360102199001010018", "36020319850515002X", "曾小芳", "13907970001"]
NEW_PASSWORD = "Neu-Passwort-27"


@pytest.fixture
def plain_home(tmp_path: Path) -> Path:
    """A township home from before encryption (schema 0006): the first admin login converts it."""
    home = tmp_path / "home"
    shutil.copytree(FIXTURES / "rev0006", home)
    (home / "manifest.json").unlink()  # the fixture's own notes, not part of a township home
    return home


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[AppPaths, str]:
    """A new encrypted store and the recovery key made with it."""
    paths = resolve_paths(tmp_path / "new-home")
    store = create_store(paths, township_code="360731100", township_name="贡江镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    key = store.new_recovery_key
    store.close()
    assert key
    return paths, key


def _log_in(qtbot, paths: AppPaths, runner: BackgroundRunner) -> LoginDialog:  # type: ignore[no-untyped-def]
    login = LoginDialog(paths, runner, username=ADMIN)
    qtbot.addWidget(login)
    login.show()
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    return login


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def test_converting_login_shows_the_key_which_then_opens_the_store(
        qtbot, plain_home: Path, runner: BackgroundRunner, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    paths = resolve_paths(plain_home)
    login = _log_in(qtbot, paths, runner)
    qtbot.waitUntil(lambda: login.recovery_dialog is not None and login.recovery_dialog.isVisible(), timeout=30_000)
    dialog = login.recovery_dialog
    assert dialog is not None and dialog.windowTitle() == "恢复密钥"
    key = dialog.key_label.text()
    assert key == login.store.new_recovery_key and crypto.normalize_recovery_key(key) == key
    assert not login.isHidden() and login.result() == 0  # the workbench waits for the key to be confirmed

    # I have put it somewhere safe: only once the last group is typed back, read like the recovery form
    last = key.split("-")[-1]
    assert not dialog.done_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, key.split("-")[0])
    assert not dialog.done_button.isEnabled()
    dialog.reject()  # Esc / the close button: the key would be gone for good
    assert dialog.isVisible() and "无法再次显示" in dialog.message.text()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, last[:-1])
    assert not dialog.done_button.isEnabled()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, f" {last.lower().replace('0', 'o')} ")
    assert dialog.done_button.isEnabled()

    pdf = tmp_path / "recovery-key.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(pdf))
    dialog.print_to(printer)
    printed = _pdf_text(pdf)
    assert key in printed and "贡江镇" in printed and "恢复密钥" in printed
    assert not [p for p in PEOPLE if p in printed]

    with qtbot.waitSignal(login.accepted, timeout=5_000):
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    login.store.close()
    assert key not in caplog.text
    assert not [p for p in plain_home.rglob("*") if p.is_file() and key.encode() in p.read_bytes()]

    reopened = log_in_with_recovery_key(paths, ADMIN, key.replace("-", " ").lower(), NEW_PASSWORD, NEW_PASSWORD)
    assert reopened.actor.username == ADMIN and reopened.new_recovery_key is None
    reopened.close()
    open_store(paths, ADMIN, NEW_PASSWORD).close()


def test_an_ordinary_login_shows_no_recovery_key(qtbot, encrypted, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    paths, _key = encrypted
    login = _log_in(qtbot, paths, runner)
    qtbot.waitUntil(lambda: login.store is not None, timeout=10_000)
    assert login.recovery_dialog is None and login.result() == LoginDialog.DialogCode.Accepted
    login.store.close()


def _forgot(qtbot, paths: AppPaths, runner: BackgroundRunner, user: str, key: str, new: str, repeat: str | None = None):  # type: ignore[no-untyped-def]
    login = LoginDialog(paths, runner, username=user)
    qtbot.addWidget(login)
    login.show()
    qtbot.mouseClick(login.forgot, Qt.MouseButton.LeftButton)
    forgot = login.forgot_dialog
    assert forgot is not None and forgot.isVisible() and forgot.username.text() == user
    qtbot.keyClicks(forgot.recovery_key, key)
    qtbot.keyClicks(forgot.new_password, new)
    qtbot.keyClicks(forgot.repeat, new if repeat is None else repeat)
    qtbot.mouseClick(forgot.buttons.button(forgot.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return login, forgot


def test_forgot_password_with_the_right_key_sets_a_new_password_and_logs_in(
        qtbot, encrypted, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    paths, key = encrypted
    typed = "  " + key.lower().replace("-", " ").replace("0", "O") + " "  # as read off paper
    login, _forgot_dialog = _forgot(qtbot, paths, runner, ADMIN, typed, NEW_PASSWORD)
    qtbot.waitUntil(lambda: login.result() == LoginDialog.DialogCode.Accepted, timeout=10_000)
    assert login.store is not None and login.store.actor.username == ADMIN and login.recovery_dialog is None
    login.store.close()
    open_store(paths, ADMIN, NEW_PASSWORD).close()
    with pytest.raises(AuthError):
        open_store(paths, ADMIN, PASSWORD)


def test_a_wrong_key_changes_nothing(qtbot, encrypted, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    paths, key = encrypted
    before = paths.accounts_file.read_bytes()
    other_township = crypto.new_recovery_key()
    assert other_township != key
    login, forgot = _forgot(qtbot, paths, runner, ADMIN, other_township, NEW_PASSWORD)
    qtbot.waitUntil(lambda: forgot.buttons.isEnabled() and "恢复密钥不正确" in forgot.message.text(), timeout=10_000)
    assert forgot.isVisible() and login.store is None and forgot.store is None
    assert paths.accounts_file.read_bytes() == before
    open_store(paths, ADMIN, PASSWORD).close()


def test_a_typo_names_the_group_and_weak_or_mismatched_passwords_are_refused(
        qtbot, encrypted, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    paths, key = encrypted
    groups = key.split("-")
    third = groups[2]
    groups[2] = third[:2] + ("Z" if third[2] != "Z" else "Y") + third[3:]
    login, forgot = _forgot(qtbot, paths, runner, ADMIN, "-".join(groups), NEW_PASSWORD)
    qtbot.waitUntil(lambda: forgot.buttons.isEnabled() and "第 3 组" in forgot.message.text(), timeout=10_000)
    forgot.recovery_key.setText(key)
    forgot.repeat.setText(NEW_PASSWORD + "x")
    forgot.submit()
    qtbot.waitUntil(lambda: forgot.buttons.isEnabled() and "不一致" in forgot.message.text(), timeout=10_000)
    forgot.new_password.setText("short")
    forgot.repeat.setText("short")
    forgot.submit()
    qtbot.waitUntil(lambda: forgot.buttons.isEnabled() and "太简单" in forgot.message.text(), timeout=10_000)
    forgot.username.setText("nobody")
    forgot.new_password.setText(NEW_PASSWORD)
    forgot.repeat.setText(NEW_PASSWORD)
    forgot.submit()
    qtbot.waitUntil(lambda: forgot.buttons.isEnabled() and "nobody" in forgot.message.text(), timeout=10_000)
    assert login.store is None
    open_store(paths, ADMIN, PASSWORD).close()


def test_recovery_clears_a_lock_out(qtbot, encrypted, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    paths, key = encrypted
    for _ in range(5):
        with pytest.raises(AuthError):
            open_store(paths, ADMIN, "Wrong-pass-1")
    with pytest.raises(AuthError, match="锁定"):
        open_store(paths, ADMIN, PASSWORD)
    login, _forgot_dialog = _forgot(qtbot, paths, runner, ADMIN, key, NEW_PASSWORD)
    qtbot.waitUntil(lambda: login.result() == LoginDialog.DialogCode.Accepted, timeout=10_000)
    login.store.close()
    open_store(paths, ADMIN, NEW_PASSWORD).close()


def test_the_key_dialog_stands_alone_for_the_set_up_wizard(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = crypto.new_recovery_key()
    dialog = RecoveryKeyDialog(key, "贡江镇")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key_label.text() == key and QFontInfo(dialog.key_label.font()).fixedPitch()
    assert not [b.text() for b in dialog.findChildren(type(dialog.done_button)) if "复制" in b.text()]
    qtbot.keyClicks(dialog.confirm, key.split("-")[-1])
    with qtbot.waitSignal(dialog.accepted, timeout=2_000):
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
