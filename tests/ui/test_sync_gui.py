"""The 同步 page, the status bar line and the automatic sync, against a real county server over loopback."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import text

from county_support import CountyServer, join_new_pc, new_database
from tests_support import ADMIN, PASSWORD
from zongzhi_county import files
from zongzhi_desktop.app import build_main_window
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.residents import ResidentInput, ResidentService
from zongzhi_desktop.sync import engine, inbox
from zongzhi_desktop.sync.engine import SyncResult
from zongzhi_desktop.sync.enrol import enroll_by_file
from zongzhi_desktop.sync.inbox import ConflictItem, Origin
from zongzhi_desktop.sync.inbox import DuplicateItem
from zongzhi_desktop.ui import sync_duplicates, sync_page, sync_status
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.sync_conflicts import ConflictRow, ConflictTable
from zongzhi_desktop.ui.sync_duplicates import DuplicateRow, DuplicatesBox, MergeDialog, Person
from zongzhi_desktop.ui.sync_files import package_name
from zongzhi_desktop.ui.sync_status import AUTO_SYNC_MS, RETRY_FIRST_MS, RETRY_MAX_MS, retry_delay_ms

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from sync_support import add_resident as register  # noqa: E402  (tests/sync/sync_support.py)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    folder = tmp_path_factory.mktemp("gui-county")
    server = CountyServer(new_database("sqlite", folder), folder).start()
    yield server
    server.close()


@pytest.fixture
def pc(county: CountyServer, tmp_path: Path) -> Iterator[Store]:
    store = join_new_pc(county, county.new_township(), tmp_path / "pc")
    yield store
    store.close()


@pytest.fixture(autouse=True)
def no_startup_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start syncs themselves; the one after logging in would race them."""
    monkeypatch.setattr(sync_status, "STARTUP_SYNC_MS", 10**8)


def open_window(qtbot, store: Store, runner: BackgroundRunner):  # type: ignore[no-untyped-def]
    window = build_main_window(store, runner)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.sync.status is not None, timeout=10_000)
    return window


def open_sync_page(qtbot, window):  # type: ignore[no-untyped-def]
    page = window.pages["sync"]
    page.data = None
    window.navigate("sync")
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    return page


def click_sync(qtbot, window, page) -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.sync.sync_finished, timeout=30_000) as finished:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        assert not page.sync_button.isEnabled(), "the button waits for the running sync"
        assert window.sync.sync_now() is False, "never two syncs at once"
    return finished.args[0]


def add_resident(store: Store, name: str, phone: str) -> str:
    data = ResidentInput(name=name, registration_type="unsettled", phone=phone)
    return ResidentService(store).register(store.actor, data).id


def set_phone(store: Store, resident_id: str, phone: str) -> None:
    with store.write() as s:
        s.execute(text("UPDATE residents SET phone = :p WHERE id = :id"), {"p": phone, "id": resident_id})


def test_not_enrolled_says_so_and_never_syncs_by_itself(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(engine, "sync_now", lambda *a, **k: calls.append(a))
    window = open_window(qtbot, demo_store, runner)
    assert "未加入同步" in window.sync_status.state_label.text()
    assert window.sync_status.pending_label.isHidden() and not window.sync.sync_timer.isActive()
    window.sync._auto_sync()  # even if a timer fired, nothing is attempted
    qtbot.wait(200)
    assert calls == [] and not window.sync.busy
    assert list(window.pages)[-2:] == ["sync", "settings"]
    page = open_sync_page(qtbot, window)
    assert "未加入同步" in page.server.text() and page.conflicts.rowCount() == 0


def test_sync_now_uploads_the_pending_changes(qtbot, pc: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    add_resident(pc, "周九", "13800000009")
    window = open_window(qtbot, pc, runner)
    assert window.sync.status.pending > 0
    assert window.sync.sync_timer.isActive(), "enrolled: the first automatic sync is scheduled"
    assert f"待上传：{window.sync.status.pending}" == window.sync_status.pending_label.text()
    page = open_sync_page(qtbot, window)
    assert page.history.rowCount() == 0 and page.pending.text() == str(window.sync.status.pending)

    phases: list[str] = []
    window.sync.sync_progress.connect(lambda phase, done, total: phases.append(phase))
    outcome = click_sync(qtbot, window, page)
    assert outcome.result is not None and outcome.result.pushed > 0
    assert "push" in phases, "progress reaches the GUI thread"
    qtbot.waitUntil(lambda: window.sync.status.pending == 0 and page.history.rowCount() == 1, timeout=10_000)
    assert page.history.item(0, 1).text() == "成功" and int(page.history.item(0, 2).text()) == outcome.result.pushed
    assert page.message.text().startswith("同步完成") and page.sync_button.isEnabled()
    assert window.sync_status.pending_label.text() == "待上传：0"
    assert "在线" in window.sync_status.state_label.text() and "上次同步" in window.sync_status.last_label.text()
    assert window.sync.next_interval_ms == AUTO_SYNC_MS and window.sync.sync_timer.isActive()


def test_a_conflict_shows_both_values_and_the_other_can_be_restored(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, runner: BackgroundRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    township = county.new_township()
    a, b = join_new_pc(county, township, tmp_path / "a"), join_new_pc(county, township, tmp_path / "b")
    try:
        person = add_resident(a, "孙八", "13800000000")
        engine.sync_now(a)
        engine.sync_now(b)
        set_phone(a, person, "13911111111")
        engine.sync_now(a)
        set_phone(b, person, "13722222222")  # PC b has not seen a's edit

        window = open_window(qtbot, b, runner)
        page = open_sync_page(qtbot, window)
        assert click_sync(qtbot, window, page).result.conflicts == 1
        qtbot.waitUntil(lambda: page.conflicts.rowCount() == 1, timeout=10_000)
        cells = [page.conflicts.item(0, c).text() for c in range(ConflictTable.ACTION)]
        assert cells[:2] == ["孙八", "实有人口·联系电话"]
        kept, other_text = cells[ConflictTable.KEPT].split("\n"), cells[ConflictTable.OTHER].split("\n")
        assert {kept[0], other_text[0]} == {"13911111111", "13722222222"}
        assert "本机" in kept[1] + other_text[1] and "admin" in kept[1] and "admin" in other_text[1]
        assert cells[ConflictTable.STATE] == "冲突已自动处理"
        qtbot.waitUntil(lambda: window.sync_status.conflicts_button.text() == "冲突：1", timeout=10_000)

        window.navigate("dashboard")  # the status bar's conflict count opens the inbox
        qtbot.mouseClick(window.sync_status.conflicts_button, Qt.MouseButton.LeftButton)
        assert window.current_page() is page
        qtbot.waitUntil(lambda: page.conflicts.rowCount() == 1, timeout=10_000)

        other = page.conflicts.rows[0].item.loser
        pending_before = window.sync.status.pending
        asked: list[str] = []
        monkeypatch.setattr(sync_page, "confirm", lambda parent, title, question: asked.append(question) or True)
        qtbot.mouseClick(page.conflicts.cellWidget(0, ConflictTable.ACTION), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.conflicts.rowCount() == 0 and window.sync.status.pending > pending_before,
                        timeout=10_000)
        assert len(asked) == 1 and "孙八" in asked[0] and other in asked[0]
        assert ResidentService(b).get(b.actor, person, reveal=True).phone == other
        assert "恢复" in page.message.text() and page.pending.text() == str(window.sync.status.pending)
        qtbot.waitUntil(lambda: window.sync_status.conflicts_button.text() == "冲突：0", timeout=10_000)
    finally:
        a.close()
        b.close()


def test_unreachable_county_goes_offline_and_retries_with_backoff(  # type: ignore[no-untyped-def]
        qtbot, runner: BackgroundRunner, tmp_path: Path) -> None:
    server = CountyServer(new_database("sqlite", tmp_path), tmp_path / "county").start()
    store = join_new_pc(server, server.new_township(), tmp_path / "pc")
    try:
        window = open_window(qtbot, store, runner)
        page = open_sync_page(qtbot, window)
        server.stop()
        outcome = click_sync(qtbot, window, page)
        assert outcome.offline and outcome.result is None
        assert window.sync.next_interval_ms == RETRY_FIRST_MS and window.sync.sync_timer.isActive()
        assert window.sync.sync_timer.interval() == RETRY_FIRST_MS and window.sync.sync_timer.isSingleShot()
        assert "无法连接县级服务器" in page.message.text() and page.sync_button.isEnabled()
        qtbot.waitUntil(lambda: "离线" in window.sync_status.state_label.text(), timeout=10_000)
        tip = window.sync_status.state_label.toolTip()  # the honest line: what failed, what waits, when
        assert "网络中断，0 条修改待上传，将在" in tip and "秒后重试" in tip
        qtbot.waitUntil(lambda: page.history.rowCount() == 1 and page.history.item(0, 1).text() == "失败",
                        timeout=10_000)

        for expected in (2 * RETRY_FIRST_MS, 4 * RETRY_FIRST_MS):  # what the retry timer does when it fires
            with qtbot.waitSignal(window.sync.sync_finished, timeout=30_000):
                window.sync.sync_timer.timeout.emit()
            assert window.sync.next_interval_ms == expected
        assert retry_delay_ms(5) == RETRY_MAX_MS and retry_delay_ms(50) == RETRY_MAX_MS

        server.start()  # back on line: the next retry succeeds and the pace returns to normal
        with qtbot.waitSignal(window.sync.sync_finished, timeout=30_000) as finished:
            window.sync.sync_timer.timeout.emit()
        assert finished.args[0].result is not None and window.sync.failures == 0
        assert window.sync.next_interval_ms == AUTO_SYNC_MS
        qtbot.waitUntil(lambda: "在线" in window.sync_status.state_label.text(), timeout=10_000)
    finally:
        store.close()
        server.close()


def test_errors_are_shown_in_chinese_never_as_tracebacks(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_store, runner)
    page = open_sync_page(qtbot, window)
    click_sync(qtbot, window, page)  # not enrolled: the engine refuses
    assert "本机尚未加入县级同步" in page.message.text() and page.sync_button.isEnabled()
    assert not window.sync.sync_timer.isActive(), "no retries for a PC that has not joined"

    def broken(*args: Any, **kwargs: Any) -> SyncResult:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "sync_now", broken)
    click_sync(qtbot, window, page)
    assert "RuntimeError" in page.message.text() and "Traceback" not in page.message.text()

    shown: list[str] = []
    monkeypatch.setattr(sync_page, "confirm", lambda *a: True)
    monkeypatch.setattr(sync_page, "show_error", lambda parent, error: shown.append(str(error)))
    monkeypatch.setattr(inbox, "restore_other", lambda *a: (_ for _ in ()).throw(SyncError("sync.conflict_restored")))
    nobody = Origin(None, None, None)
    item = ConflictItem("c1", "residents", "r1", "phone", "lww", "open", "1", "2", nobody, nobody, "", None)
    page.restore(ConflictRow(item, "某人"))
    qtbot.waitUntil(lambda: shown == ["该冲突已处理过。"], timeout=10_000)


def test_clock_warning_in_the_status_bar(qtbot, pc: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    skewed = SyncResult(clock_offset_ms=-25 * 60_000, warnings=["sync.clock_skew"])
    monkeypatch.setattr(engine, "sync_now", lambda *a, **k: skewed)
    window = open_window(qtbot, pc, runner)
    assert window.sync_status.clock_label.isHidden()
    with qtbot.waitSignal(window.sync.sync_finished, timeout=10_000):
        window.sync.sync_now(manual=False)
    qtbot.waitUntil(lambda: "相差 25 分钟" in window.sync_status.clock_label.text(), timeout=10_000)
    assert not window.sync_status.clock_label.isHidden()


# -- U盘同步 ---------------------------------------------------------------------------------------


def choose_folder(monkeypatch: pytest.MonkeyPatch, folder: Path | str) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_package_names_follow_the_standard() -> None:
    assert package_name("360731100", "03", datetime(2026, 3, 9, 8, 5)) == "T360731100_D03_20260309-0805.syncpkg"


def test_export_to_a_stick_and_import_the_county_reply(qtbot, county: CountyServer, pc: Store,  # type: ignore[no-untyped-def]
                                                       runner: BackgroundRunner, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    add_resident(pc, "钱十", "13800000010")
    add_resident(pc, "钱十一", "13800000011")
    window = open_window(qtbot, pc, runner)
    page = open_sync_page(qtbot, window)
    pending = window.sync.status.pending
    assert pending > 0 and page.files.export_button.isEnabled() and page.files.import_button.isEnabled()

    stick = tmp_path / "U盘"
    stick.mkdir()
    choose_folder(monkeypatch, stick)
    qtbot.mouseClick(page.files.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导出" in page.files.message.text(), timeout=10_000)
    [package] = stick.iterdir()
    township, device = pc.state("township_code"), pc.state("device_no")
    assert re.fullmatch(rf"T{township}_D{device}_\d{{8}}-\d{{4}}\.syncpkg", package.name)
    assert f"已导出 {pending} 条修改到 {package}" in page.files.message.text()
    assert window.sync.status.pending == pending, "exporting marks nothing sent"

    reply = tmp_path / "reply.syncpkg"
    assert files.import_package(county.engine, package, reply)["applied"] == pending
    choose_file(monkeypatch, reply)
    qtbot.mouseClick(page.files.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导入回执" in page.files.message.text(), timeout=10_000)
    assert f"确认上传 {pending} 条" in page.files.message.text()
    qtbot.waitUntil(lambda: page.pending.text() == "0" and window.sync.status.pending == 0, timeout=10_000)
    assert window.sync_status.pending_label.text() == "待上传：0"
    assert page.files.export_button.isEnabled() and page.files.import_button.isEnabled()


def test_a_pc_enrolled_by_file_syncs_by_stick_from_the_page(qtbot, county: CountyServer,  # type: ignore[no-untyped-def]
                                                            runner: BackgroundRunner, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    township = county.new_township("离线镇")
    enrol_file = tmp_path / "enrol.syncpkg"
    files.write_enrolment_file(county.engine, township, enrol_file)
    pc, _ = enroll_by_file(resolve_paths(tmp_path / "pc"), enrol_file=enrol_file, admin=ADMIN, password=PASSWORD)
    try:
        add_resident(pc, "秦三", "13800000003")
        window = open_window(qtbot, pc, runner)
        page = open_sync_page(qtbot, window)
        stick = tmp_path / "stick"
        stick.mkdir()
        choose_folder(monkeypatch, stick)
        qtbot.mouseClick(page.files.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已导出 1 条修改" in page.files.message.text(), timeout=10_000)
        [first] = stick.iterdir()
        device_id = pc.state("device_id") or ""
        assert first.name.startswith(f"T{township}_D{device_id[:8]}_"), "no short number before the county answers"

        reply = tmp_path / "reply.syncpkg"
        files.import_package(county.engine, first, reply)
        choose_file(monkeypatch, reply)
        qtbot.mouseClick(page.files.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "确认上传 1 条" in page.files.message.text(), timeout=10_000)
        qtbot.waitUntil(lambda: page.pending.text() == "0", timeout=10_000)
        first.unlink()
        qtbot.mouseClick(page.files.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已导出 0 条修改" in page.files.message.text(), timeout=10_000)
        [second] = stick.iterdir()
        assert second.name.startswith(f"T{township}_D{pc.state('device_no')}_"), "the county's number once enrolled"
    finally:
        pc.close()


def test_package_errors_are_shown_in_chinese(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_store, runner)
    page = open_sync_page(qtbot, window)
    box = page.files
    choose_folder(monkeypatch, "")  # cancelled: nothing happens
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    assert box.message.text() == "" and box.export_button.isEnabled()

    choose_folder(monkeypatch, tmp_path)  # a PC that never joined has no county key to sign for
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "本机尚未加入县级同步" in box.message.text(), timeout=10_000)
    assert list(tmp_path.glob("*.syncpkg")) == []

    damaged = tmp_path / "C_to_T360731100_D01_0-9.syncpkg"
    damaged.write_bytes(b"PK\x03\x04 not really a package")
    choose_file(monkeypatch, damaged)
    qtbot.mouseClick(box.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已损坏" in box.message.text(), timeout=10_000)
    assert str(damaged) in box.message.text() and "Traceback" not in box.message.text()
    assert box.import_button.isEnabled() and box.export_button.isEnabled()


# -- 疑似重复人员 ------------------------------------------------------------------------------------


def state_of(box: DuplicatesBox, resident_id: str) -> str:
    for r, row in enumerate(box.data.rows):
        if resident_id in (row.item.row_a, row.item.row_b):
            return box.table.item(r, DuplicatesBox.STATE).text()
    return ""


def test_a_duplicate_is_listed_and_merged_from_the_page(  # type: ignore[no-untyped-def]
        qtbot, county: CountyServer, runner: BackgroundRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    township, elsewhere = county.new_township("重复镇"), county.new_township("邻镇")
    a, b = join_new_pc(county, township, tmp_path / "a"), join_new_pc(county, township, tmp_path / "b")
    c = join_new_pc(county, elsewhere, tmp_path / "c")
    try:
        first = register(a, "卫二", id_number="360731199001010012", current_address="城北路1号")
        second = register(b, "卫二", id_number="360731199001010012")
        mine = register(a, "蒋三", id_number="36073119850202002X")
        register(c, "蒋三", id_number="36073119850202002X")
        for store in (a, b, c, a):
            engine.sync_now(store)

        window = open_window(qtbot, a, runner)
        page = open_sync_page(qtbot, window)
        box = page.duplicates
        qtbot.waitUntil(lambda: box.table.rowCount() == 2, timeout=10_000)
        assert box.empty.isHidden() and not box.table.isHidden()
        rows = {row.item.row_a if row.item.row_a in (first, second) else mine: r for r, row in enumerate(box.data.rows)}
        ours = rows.get(first, rows.get(second))
        cells = [box.table.item(ours, col).text() for col in (DuplicatesBox.A, DuplicatesBox.B, DuplicatesBox.STATE)]
        assert cells[0].startswith("卫二\n") and cells[1].startswith("卫二\n") and cells[2] == "待处理"
        assert "360731199001010012" not in cells[0] + cells[1], "ID numbers stay masked"
        assert "0012" in cells[0] and "重复镇" in cells[0]
        button = box.table.cellWidget(ours, DuplicatesBox.ACTION)
        assert button.text() == "合并…" and button.isEnabled()
        cross = rows[mine]
        assert box.table.item(cross, DuplicatesBox.ACTION).text() == "跨乡镇，由县级处理"
        assert box.table.cellWidget(cross, DuplicatesBox.ACTION) is None
        sides = [box.table.item(cross, col).text() for col in (DuplicatesBox.A, DuplicatesBox.B)]
        assert any(side.startswith("本机没有该记录") for side in sides), "c's record is not on this PC"

        asked: list[DuplicateRow] = []

        def keep_first(parent, row, describe):  # type: ignore[no-untyped-def]
            asked.append(row)
            return (row.a, row.b) if row.a.id == first else (row.b, row.a)

        monkeypatch.setattr(sync_duplicates, "choose_keep", keep_first)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: state_of(box, first) == "已合并", timeout=30_000)
        assert len(asked) == 1 and "已合并" in box.message.text() and "城北路1号" in box.message.text()
        assert ResidentService(a).get(a.actor, second).id == first, "the dropped record now answers with the survivor"
        merged = [r for r, row in enumerate(box.data.rows) if row.item.status == "merged"]
        assert [box.table.cellWidget(r, DuplicatesBox.ACTION) for r in merged] == [None]
        assert "保留" in box.table.item(merged[0], DuplicatesBox.STATE).toolTip()
        sides = [box.table.item(merged[0], col).text() for col in (DuplicatesBox.A, DuplicatesBox.B)]
        assert sum("已并入另一条记录" in side for side in sides) == 1
        assert all("城北路1号" in side for side in sides), "both sides now show the survivor"
        assert page.message.text().startswith("同步完成")
    finally:
        for store in (a, b, c):
            store.close()


def test_the_merge_dialog_asks_which_record_stays(qtbot) -> None:  # type: ignore[no-untyped-def]
    item = DuplicateItem("d1", "r1", "r2", "360731100", "360731100", "open", "2026-01-01T00:00:00+00:00", None)
    row = DuplicateRow(item, Person("r1", "卫二", "3607**********0012", "360731100", "一网格", "城北路1号"),
                       Person("r2", "卫二", "3607**********0012", "360731100"), ours=True)
    dialog = MergeDialog(row, lambda p: f"{p.name} {p.address or ''}")
    qtbot.addWidget(dialog)
    assert dialog.keep_a.isChecked() and "城北路1号" in dialog.keep_a.text()
    assert dialog.keep_drop() == (row.a, row.b)
    dialog.keep_b.click()
    assert dialog.keep_drop() == (row.b, row.a)
    assert dialog.merge_button.text() == "合并"


def test_merge_refused_by_the_county_is_shown_in_the_box(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_store, runner)
    page = open_sync_page(qtbot, window)
    assert page.duplicates.table.isHidden() and not page.duplicates.empty.isHidden()
    item = DuplicateItem("d1", "r1", "r2", "360731100", "360731100", "open", "2026-01-01T00:00:00+00:00", None)
    row = DuplicateRow(item, Person("r1", "甲", None, "360731100"), Person("r2", "甲", None, "360731100"), True)
    monkeypatch.setattr(sync_duplicates, "choose_keep", lambda parent, row, describe: (row.a, row.b))
    page.duplicates.merge(row)  # this PC never joined: the request cannot be sent
    qtbot.waitUntil(lambda: "本机尚未加入县级同步" in page.duplicates.message.text(), timeout=10_000)
    assert page.duplicates.merging is None and not window.sync.busy
