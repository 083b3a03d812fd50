"""加入县级同步… on the 同步 page: a PC that already keeps its register joins a real county server over
loopback (SQLite, and PostgreSQL when configured), its baseline reaches the county, and refusals are
explained in Chinese inside the dialog with nothing changed."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from county_support import CountyServer, join_new_pc
from permission_world import as_actor
from tests_support import ADMIN, PASSWORD
from zongzhi_county import files
from zongzhi_desktop.app import build_main_window
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.store import Actor, Store, create_store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync import engine
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.ui import sync_status
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.join_county_dialog import JoinCountyDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from sync_support import add_resident, count  # noqa: E402  (tests/sync/sync_support.py)

WAIT = 30_000
RESIDENTS = 40


@pytest.fixture(autouse=True)
def no_startup_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test starts the syncs itself; the automatic one after logging in would race it."""
    monkeypatch.setattr(sync_status, "STARTUP_SYNC_MS", 10**8)


@pytest.fixture
def pc(township: str, tmp_path: Path) -> Iterator[Store]:
    """A PC that has kept its township's register for a while, never joined to the county."""
    paths = resolve_paths(tmp_path / "pc")
    created = create_store(paths, township_code=township, township_name="测试镇", admin_user=ADMIN,
                           admin_password=PASSWORD)
    for i in range(RESIDENTS):
        add_resident(created, f"居民{i}")
    created.close()
    store = open_store(paths, ADMIN, PASSWORD)
    yield store
    store.close()


def sync_page(qtbot, store: Store, runner: BackgroundRunner):  # type: ignore[no-untyped-def]
    window = build_main_window(store, runner)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.sync.status is not None, timeout=WAIT)
    page = window.pages["sync"]
    page.data = None
    window.navigate("sync")
    qtbot.waitUntil(lambda: page.data is not None, timeout=WAIT)
    return window, page


def open_dialog(qtbot, page) -> JoinCountyDialog:  # type: ignore[no-untyped-def]
    assert not page.join_row.isHidden() and not page.join_button.isHidden()
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    dialog = page.join_dialog
    assert isinstance(dialog, JoinCountyDialog) and dialog.isVisible()
    return dialog


def test_a_pc_with_a_register_joins_from_the_page_and_its_baseline_reaches_the_county(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, pc: Store, runner: BackgroundRunner, tmp_path: Path) -> None:
    window, page = sync_page(qtbot, pc, runner)
    assert "未加入同步" in page.server.text() and "zongzhi" not in page.server.text()
    assert "未加入" in window.sync_status.state_label.text()
    dialog = open_dialog(qtbot, page)
    assert dialog.county.server.isVisibleTo(dialog) and not dialog.county.enrol_file.isVisibleTo(dialog)
    dialog.county.server.setText(county.url)
    dialog.county.code.setText(county.code_for(township))

    with qtbot.waitSignal(window.sync.sync_finished, timeout=WAIT) as finished:
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
        assert not dialog.close_button.isEnabled(), "no closing while the county answers"
    outcome = finished.args[0]
    assert outcome.result is not None and outcome.result.pushed >= RESIDENTS and outcome.result.rejected == 0
    assert dialog.outcome is not None and dialog.outcome.device_no
    assert f"上传 {outcome.result.pushed} 条" in dialog.status.text(), dialog.status.text()
    assert dialog.join_button.isHidden() and dialog.close_button.isEnabled()

    # the page and the status bar follow: the server, the last sync, nothing waiting
    qtbot.waitUntil(lambda: page.server.text() == pc.state("server_url") and page.join_row.isHidden(), timeout=WAIT)
    qtbot.waitUntil(lambda: page.history.rowCount() == 1 and page.pending.text() == "0", timeout=WAIT)
    assert page.last_ok.text() not in ("", "从未") and page.history.item(0, 1).text() == "成功"
    qtbot.waitUntil(lambda: "在线" in window.sync_status.state_label.text()
                    and "上次同步" in window.sync_status.last_label.text(), timeout=WAIT)
    assert window.sync_status.pending_label.text() == "待上传：0"
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)

    # a second PC of the township pulls what this one uploaded
    second = join_new_pc(county, township, tmp_path / "pc2")
    try:
        assert sync_now(second).pulled >= RESIDENTS
        assert count(second, "SELECT count(*) FROM residents") == RESIDENTS
        assert count(second, "SELECT count(*) FROM residents WHERE name = '居民7'") == 1
    finally:
        second.close()


def test_a_bad_code_is_explained_in_the_dialog_and_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, pc: Store, runner: BackgroundRunner) -> None:
    window, page = sync_page(qtbot, pc, runner)
    dialog = open_dialog(qtbot, page)
    dialog.county.server.setText(county.url)
    dialog.county.code.setText("NOT-A-CODE")
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.county.message.text()), timeout=WAIT)
    said = dialog.county.message.text()
    assert "注册码无效" in said and "本机未做任何改动" in said
    assert dialog.join_button.isEnabled() and dialog.close_button.isEnabled() and dialog.isVisible()
    assert pc.state("server_url") is None and pc.state("token") is None and pc.state("county_public_key") is None
    assert not window.sync.busy and not window.sync.sync_timer.isActive()

    # an address where nothing listens, and a CA file that is no certificate: said in Chinese, on the spot
    dialog.county.server.setText("http://127.0.0.1:9")
    dialog.county.code.setText(county.code_for(township))
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "无法连接县级服务器" in dialog.county.message.text(), timeout=WAIT)
    assert pc.state("server_url") is None
    not_a_cert = page.ctx.store.paths.data_dir / "county-ca.pem"
    not_a_cert.write_text("这不是证书", encoding="utf-8")
    dialog.county.server.setText(county.url.replace("http:", "https:"))
    dialog.county.ca_file.setText(str(not_a_cert))
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert "县级 CA 证书" in dialog.county.message.text() and "无法使用" in dialog.county.message.text()
    assert not dialog.working and pc.state("server_url") is None
    # a certificate the county server's does not match: what to check, not the command line's --ca
    tls = dialog.reason(SyncError("sync.tls_failed", url="https://zongzhi.yudu.gov.cn", reason="self-signed"))
    assert "无法验证县级服务器" in tls and "CA证书文件" in tls and "--ca" not in tls
    assert "本机未做任何改动" in tls


def test_a_code_of_another_township_is_refused(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, pc: Store, runner: BackgroundRunner) -> None:
    window, page = sync_page(qtbot, pc, runner)
    dialog = open_dialog(qtbot, page)
    dialog.county.server.setText(county.url)
    dialog.county.code.setText(county.code_for(county.new_township("别的镇")))
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.county.message.text()), timeout=WAIT)
    assert "不能加入" in dialog.county.message.text(), dialog.county.message.text()
    assert pc.state("server_url") is None and pc.state("token") is None


def test_joining_with_an_enrolment_file_says_how_it_completes(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, pc: Store, runner: BackgroundRunner, tmp_path: Path) -> None:
    enrolment = tmp_path / "enrol.syncpkg"
    files.write_enrolment_file(county.engine, township, enrolment)
    window, page = sync_page(qtbot, pc, runner)
    dialog = open_dialog(qtbot, page)
    dialog.by_file.click()
    assert dialog.county.enrol_file.isVisibleTo(dialog) and not dialog.county.server.isVisibleTo(dialog)
    assert not dialog.file_note.isHidden()
    dialog.county.enrol_file.setText(str(enrolment))
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert "导出" in dialog.status.text() and "回执" in dialog.status.text()
    assert pc.state("county_public_key") and pc.state("enrol_code") and pc.state("server_url") is None
    assert not window.sync.busy, "no network sync for a PC joined by file"
    qtbot.waitUntil(lambda: "注册文件" in page.server.text() and page.join_row.isHidden(), timeout=WAIT)


def test_only_an_administrator_sees_the_join_button(  # type: ignore[no-untyped-def]
        qtbot, pc: Store, runner: BackgroundRunner) -> None:
    staff = as_actor(pc, Actor("lixiao", "staff", "李晓"))
    window, page = sync_page(qtbot, staff, runner)
    assert not page.join_row.isHidden() and page.join_button.isHidden()
    assert not page.ask_admin.isHidden() and "请管理员" in page.ask_admin.text()


def test_a_first_sync_cut_short_keeps_the_pc_joined_and_says_it_carries_on(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, pc: Store, runner: BackgroundRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def cable_pulled(store, progress=None):  # type: ignore[no-untyped-def]
        raise SyncError("sync.unreachable", retry=True, url=county.url, reason="cable pulled")

    monkeypatch.setattr(engine, "sync_now", cable_pulled)
    window, page = sync_page(qtbot, pc, runner)
    dialog = open_dialog(qtbot, page)
    dialog.county.server.setText(county.url)
    dialog.county.code.setText(county.code_for(township))
    with qtbot.waitSignal(window.sync.sync_finished, timeout=WAIT):
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert "第一次同步没有完成" in dialog.status.text() and "本机已加入" in dialog.status.text()
    assert pc.state("server_url") and pc.state("token"), "the county spent the code on this PC: it stays joined"
    qtbot.waitUntil(lambda: page.join_row.isHidden() and page.pending.text() != "0", timeout=WAIT)
    # The scheduler retries by itself, after the backoff of a first failure: also when the failure
    # arrived while the status still said "not joined" (it was read before the join).
    qtbot.waitUntil(window.sync.sync_timer.isActive, timeout=WAIT)
    assert window.sync.next_interval_ms == sync_status.retry_delay_ms(0)


def test_the_county_server_an_installer_preset_is_filled_in(  # type: ignore[no-untyped-def]
        qtbot, pc: Store, runner: BackgroundRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_SERVER", "https://zongzhi.yudu.gov.cn:8443")
    window, page = sync_page(qtbot, pc, runner)
    dialog = open_dialog(qtbot, page)
    assert dialog.county.server.text() == "https://zongzhi.yudu.gov.cn:8443" and dialog.county.code.text() == ""
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)  # no code yet: said at once, nothing sent
    assert "一次性注册码" in dialog.county.message.text() and not dialog.working


def test_a_first_sync_failing_before_the_status_knows_of_the_join_is_retried_after_the_backoff(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, township: str, pc: Store, runner: BackgroundRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The status read after the join lands only after the first sync failed: the retry asked for in
    between, while the scheduler still knew the PC as not joined, must not be lost or wait 5 minutes."""
    failed, armed = threading.Event(), threading.Event()
    real_status = sync_status.inbox.status

    def slow_status(store):  # type: ignore[no-untyped-def]
        status = real_status(store)
        if armed.is_set():
            failed.wait(WAIT / 1000)
        return status

    def cable_pulled(store, progress=None):  # type: ignore[no-untyped-def]
        failed.set()
        raise SyncError("sync.unreachable", retry=True, url=county.url, reason="cable pulled")

    monkeypatch.setattr(sync_status.inbox, "status", slow_status)
    monkeypatch.setattr(engine, "sync_now", cable_pulled)
    window, page = sync_page(qtbot, pc, runner)
    dialog = open_dialog(qtbot, page)
    dialog.county.server.setText(county.url)
    dialog.county.code.setText(county.code_for(township))
    joined_when_failed: list[bool] = []
    window.sync.sync_finished.connect(lambda outcome: joined_when_failed.append(window.sync.enrolled))
    armed.set()
    with qtbot.waitSignal(window.sync.sync_finished, timeout=WAIT):
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert joined_when_failed == [False]  # the failure came first, as in the race
    qtbot.waitUntil(lambda: window.sync.enrolled and window.sync.sync_timer.isActive(), timeout=WAIT)
    assert window.sync.next_interval_ms == sync_status.retry_delay_ms(0)
