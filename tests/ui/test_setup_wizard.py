"""First run (issue 12): the set-up wizard makes a new register or joins the county, shows the
recovery key to print and confirm, and leaves nothing half-made when something goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWizard

from county_support import CountyServer, join_new_pc
from tests_support import PASSWORD
from zongzhi_county import files
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.models.db import is_plain_sqlite
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import AppPaths, resolve_paths
from zongzhi_desktop.services import setup
from zongzhi_desktop.services.residents import ResidentInput, ResidentService
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.models.store import open_store_with_recovery
from zongzhi_desktop.ui.setup_wizard import FILE, NEW, SERVER, SetupWizard, unfinished_key_dialog

ADMIN_NAME = "wangfang"


@pytest.fixture
def new_paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "new-pc")


def open_wizard(qtbot, paths: AppPaths, runner: BackgroundRunner, way: str) -> SetupWizard:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(paths, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.choose(way)
    next_page(qtbot, wizard)
    return wizard


def next_page(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    """Click whichever forward button the page shows (下一步, or the commit button)."""
    for which in (QWizard.WizardButton.CommitButton, QWizard.WizardButton.NextButton):
        button = wizard.button(which)
        if button.isVisible():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return
    raise AssertionError("no forward button on this page")


def fill_admin(qtbot, wizard: SetupWizard, password: str = PASSWORD, repeat: str | None = None) -> None:  # type: ignore[no-untyped-def]
    page = wizard.admin
    page.username.setText(ADMIN_NAME)
    page.display_name.setText("王芳")
    page.password.clear()
    page.repeat.clear()
    qtbot.keyClicks(page.password, password)
    qtbot.keyClicks(page.repeat, password if repeat is None else repeat)


def wait_for_key(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.KEY or wizard.work.message.text() != "", timeout=60_000)
    assert wizard.currentId() == SetupWizard.KEY, wizard.work.message.text()


def confirm_key_and_finish(qtbot, wizard: SetupWizard) -> str:  # type: ignore[no-untyped-def]
    box = wizard.key.key_box
    assert box is not None and box.isVisible()
    key = box.key_label.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "the key must be confirmed before finishing"
    qtbot.keyClicks(box.confirm, "WRONG")
    assert not finish.isEnabled()
    box.confirm.clear()
    qtbot.keyClicks(box.confirm, key.split("-")[-1].lower())  # read the way the recovery form reads it
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == SetupWizard.DialogCode.Accepted
    return key


def test_a_new_register_end_to_end(qtbot, new_paths: AppPaths, runner: BackgroundRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, new_paths, runner, NEW)
    assert wizard.currentId() == SetupWizard.TOWNSHIP
    page = wizard.township
    page.search.setText("铁山")  # (QTest types Latin-1 only)
    visible = [page.tree.topLevelItem(0)]
    assert not visible[0].isHidden()  # 江西省 stays, as the way down to the match
    page.select("360731101")
    assert (page.code.text(), page.name.text()) == ("360731101", "铁山垅镇")
    assert page.name.isReadOnly()  # a listed township is named by the table
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.ADMIN
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)  # 建立数据库
    wait_for_key(qtbot, wizard)
    assert "铁山垅镇" in wizard.key.summary.text()

    # printed: the sheet carries the key (as the login's recovery dialog prints it)
    pdf = tmp_path / "key.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf))
    wizard.key.key_box.print_to(printer)
    printed = "".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)

    key = confirm_key_and_finish(qtbot, wizard)
    assert key in printed.replace(" ", "")
    store = wizard.store
    assert store is not None and store.actor.username == ADMIN_NAME and store.actor.role == "admin"
    assert store.actor.display_name == "王芳"
    store.close()

    assert not is_plain_sqlite(new_paths.store_file)  # encrypted at rest
    assert not setup.key_marker(new_paths).exists()  # the key was confirmed: nothing to redo at the next login
    reopened = open_store(new_paths, ADMIN_NAME, PASSWORD)
    try:
        assert reopened.state("township_code") == "360731101" and reopened.state("township_name") == "铁山垅镇"
        assert reopened.actor.display_name == "王芳"
    finally:
        reopened.close()


def test_the_township_must_be_in_the_region_table(qtbot, new_paths: AppPaths, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, new_paths, runner, NEW)
    page = wizard.township
    for code, name, expected in (("36073", "", "应为9位数字"), ("360799100", "某镇", "找不到县级行政区划：360799"),
                                 ("360731999", "某镇", "找不到于都县的乡镇（街道）：360731999")):
        page.code.setText(code)
        page.name.setText(name)
        next_page(qtbot, wizard)
        assert wizard.currentId() == SetupWizard.TOWNSHIP and expected in page.message.text()
    # a county whose townships the table does not list: its six digits come from the tree, the rest is typed
    page.select("360102")
    assert page.code.text() == "360102" and "后三位" in page.hint.text()
    qtbot.keyClicks(page.code, "001")
    next_page(qtbot, wizard)
    assert page.message.text() == "乡镇名称不能为空" and wizard.currentId() == SetupWizard.TOWNSHIP
    page.name.setText("公园街道")
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.ADMIN
    assert page.chosen == setup.TownshipChoice("360102001", "公园街道", "江西省南昌市东湖区")


def test_mismatched_or_weak_passwords_block_next_with_a_message(qtbot, new_paths: AppPaths, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, new_paths, runner, SERVER)
    assert wizard.currentId() == SetupWizard.ADMIN  # joining: the township comes from the county
    fill_admin(qtbot, wizard, repeat="Test-2027")
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.ADMIN and wizard.admin.message.text() == "两次输入的新密码不一致。"
    fill_admin(qtbot, wizard, password="abcdefgh")
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.ADMIN and wizard.admin.message.text().startswith("密码太简单")
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.COUNTY
    assert not new_paths.store_file.exists()


def test_joining_through_the_county_server_pulls_the_township(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, runner: BackgroundRunner, tmp_path: Path,
        new_paths: AppPaths) -> None:
    first = join_new_pc(county, township, tmp_path / "first-pc")  # another PC of the township, with a resident
    try:
        person = ResidentService(first).register(first.actor, ResidentInput(name="孙八", registration_type="unsettled")).id
        sync_now(first)
    finally:
        first.close()

    wizard = open_wizard(qtbot, new_paths, runner, SERVER)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    page = wizard.county
    assert page.server.isVisible() and not page.enrol_file.isVisible()
    page.server.setText(county.url)
    page.code.setText(county.code_for(township))
    next_page(qtbot, wizard)  # 加入
    wait_for_key(qtbot, wizard)
    assert "下载" in wizard.key.note.text() and wizard.work.outcome.sync_error is None
    assert wizard.work.outcome.pulled > 0
    confirm_key_and_finish(qtbot, wizard)
    store = wizard.store
    try:
        assert store.state("township_code") == township and store.state("token")
        assert ResidentService(store).get(store.actor, person).name == "孙八"
    finally:
        store.close()


def test_a_bad_code_says_so_in_chinese_and_leaves_no_store(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, runner: BackgroundRunner, new_paths: AppPaths) -> None:
    wizard = open_wizard(qtbot, new_paths, runner, SERVER)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    wizard.county.server.setText(county.url)
    wizard.county.code.setText("NOT-A-CODE")
    next_page(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.work.message.text() != "", timeout=30_000)
    assert "注册码无效" in wizard.work.message.text() and wizard.currentId() == SetupWizard.WORK
    assert not new_paths.store_file.exists() and not new_paths.accounts_file.exists()
    assert wizard.work.change.isVisible()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # the commit page's rule...
    qtbot.mouseClick(wizard.work.change, Qt.MouseButton.LeftButton)  # ...but nothing was made: back to fix it
    assert wizard.currentId() == SetupWizard.COUNTY
    wizard.county.code.setText(county.code_for(township))
    next_page(qtbot, wizard)
    wait_for_key(qtbot, wizard)
    confirm_key_and_finish(qtbot, wizard)
    wizard.store.close()


def test_an_unreachable_server_or_unusable_ca_file_is_explained(  # type: ignore[no-untyped-def]
        qtbot, runner: BackgroundRunner, new_paths: AppPaths, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, new_paths, runner, SERVER)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    page = wizard.county
    page.server.setText("http://county.example.cn:8443")
    page.code.setText("ABCDE")
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.COUNTY and "不加密的 HTTP" in page.message.text()
    not_a_cert = tmp_path / "county-ca.pem"
    not_a_cert.write_text("not a certificate", encoding="utf-8")
    page.server.setText("https://127.0.0.1:9")
    page.ca_file.setText(str(not_a_cert))
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.COUNTY and "县级 CA 证书" in page.message.text()
    page.ca_file.clear()
    page.server.setText("http://127.0.0.1:9")  # nothing listens on the discard port
    next_page(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.work.message.text() != "", timeout=30_000)
    assert "无法连接县级服务器" in wizard.work.message.text() and wizard.work.again.isVisible()
    assert not new_paths.store_file.exists()
    wizard.reject()  # nothing was made: leaving is allowed
    assert wizard.result() == SetupWizard.DialogCode.Rejected


def test_joining_with_an_enrolment_file(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, runner: BackgroundRunner, new_paths: AppPaths,
        tmp_path: Path) -> None:
    enrolment = tmp_path / "enrol.zzpkg"
    files.write_enrolment_file(county.engine, township, enrolment)
    wizard = open_wizard(qtbot, new_paths, runner, FILE)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    assert wizard.county.enrol_file.isVisible() and not wizard.county.server.isVisible()
    wizard.county.enrol_file.setText(str(tmp_path / "missing.zzpkg"))
    next_page(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.COUNTY and "没有文件" in wizard.county.message.text() or \
        "There is no file" in wizard.county.message.text()
    wizard.county.enrol_file.setText(str(enrolment))
    next_page(qtbot, wizard)
    wait_for_key(qtbot, wizard)
    assert "导出" in wizard.key.note.text()
    confirm_key_and_finish(qtbot, wizard)
    try:
        assert wizard.store.state("township_code") == township and wizard.store.state("county_public_key")
    finally:
        wizard.store.close()


def test_leaving_before_the_key_is_confirmed_is_refused(qtbot, new_paths: AppPaths, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, new_paths, runner, NEW)
    wizard.township.select("360731100")
    next_page(qtbot, wizard)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    wait_for_key(qtbot, wizard)
    wizard.reject()  # Esc, or the window's close button
    assert wizard.isVisible() and "无法再次显示" in wizard.key.key_box.message.text()
    wizard.close()
    assert wizard.isVisible()
    confirm_key_and_finish(qtbot, wizard)
    wizard.store.close()


def test_a_failure_after_the_store_was_made_removes_it(  # type: ignore[no-untyped-def]
        qtbot, new_paths: AppPaths, runner: BackgroundRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(store, display_name):  # type: ignore[no-untyped-def]
        store.close()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(setup, "name_first_admin", full_disk)
    wizard = open_wizard(qtbot, new_paths, runner, NEW)
    wizard.township.select("360731100")
    next_page(qtbot, wizard)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.work.message.text() != "", timeout=30_000)
    assert render("store.disk_full") in wizard.work.message.text()  # said as a full disk, not as a bug
    assert not new_paths.store_file.exists() and not new_paths.accounts_file.exists()
    assert sorted(p.name for p in new_paths.data_dir.iterdir() if p.is_file()) == []


def test_a_set_up_cut_short_before_the_key_was_confirmed_gives_a_new_key_at_the_next_login(  # type: ignore[no-untyped-def]
        qtbot, new_paths: AppPaths, runner: BackgroundRunner) -> None:
    wizard = open_wizard(qtbot, new_paths, runner, NEW)
    wizard.township.select("360731100")
    next_page(qtbot, wizard)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    wait_for_key(qtbot, wizard)
    unseen = wizard.key.key_box.key_label.text()
    wizard.store.close()  # the power goes off here: the key was never confirmed
    assert setup.key_marker(new_paths).exists()

    store = open_store(new_paths, ADMIN_NAME, PASSWORD)  # the next start has a store: the login
    try:
        dialog = unfinished_key_dialog(store)
        assert dialog is not None
        qtbot.addWidget(dialog)
        fresh = dialog.key_label.text()
        assert fresh != unseen
        dialog.reject()  # cannot be closed before it is confirmed
        qtbot.keyClicks(dialog.confirm, fresh.split("-")[-1])
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
        assert not setup.key_marker(new_paths).exists()
        assert unfinished_key_dialog(store) is None  # once only
    finally:
        store.close()
    with pytest.raises(Exception, match="恢复密钥不正确"):
        open_store_with_recovery(new_paths, unseen, ADMIN_NAME, "Other-2026")
    open_store_with_recovery(new_paths, fresh, ADMIN_NAME, "Other-2026").close()


def test_an_installer_can_preset_the_county_server_for_every_pc(  # type: ignore[no-untyped-def]
        qtbot, new_paths: AppPaths, runner: BackgroundRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_SERVER", "https://zongzhi.yudu.gov.cn:8443")
    monkeypatch.setenv("ZONGZHI_COUNTY_CA", "C:/zongzhi/county-ca.pem")
    wizard = open_wizard(qtbot, new_paths, runner, SERVER)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    page = wizard.county
    assert (page.server.text(), page.ca_file.text()) == ("https://zongzhi.yudu.gov.cn:8443", "C:/zongzhi/county-ca.pem")
    qtbot.waitUntil(lambda: wizard.focusWidget() is page.code)  # the clerk types only the one-time code


def test_a_failed_first_download_keeps_the_joined_store_and_still_shows_the_key(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, runner: BackgroundRunner, new_paths: AppPaths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from zongzhi_desktop.app import build_main_window, first_window
    from zongzhi_desktop.errors import SyncError
    from zongzhi_desktop.ui import setup_wizard_work

    def cut_off(store, progress=None):  # type: ignore[no-untyped-def]
        raise SyncError("sync.unreachable", retry=True, url=county.url, reason="ReadTimeout")

    monkeypatch.setattr(setup_wizard_work, "sync_now", cut_off)
    wizard = first_window(new_paths, runner)  # what the application opens on a PC without a store
    assert isinstance(wizard, SetupWizard)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.choose(SERVER)
    next_page(qtbot, wizard)
    fill_admin(qtbot, wizard)
    next_page(qtbot, wizard)
    wizard.county.server.setText(county.url)
    wizard.county.code.setText(county.code_for(township))
    next_page(qtbot, wizard)
    wait_for_key(qtbot, wizard)
    assert "首次下载未完成" in wizard.key.note.text() and "自动继续" in wizard.key.note.text()
    confirm_key_and_finish(qtbot, wizard)
    store = wizard.store
    try:
        assert store.state("token") and new_paths.store_file.exists()  # joined: the next sync carries on
        window = build_main_window(store, runner)  # straight on to the workbench, logged in
        qtbot.addWidget(window)
        assert window.ctx.store.actor.username == ADMIN_NAME
    finally:
        runner.wait_idle()
        store.close()
