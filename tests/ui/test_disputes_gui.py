"""The 矛盾纠纷 screens with real widgets: intake with a party from the register, a case walked to
closure through the buttons and dialogs, refusals, filters, the lazy list model, grid scope."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import text

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.dispute_queries import DisputeQueries
from zongzhi_desktop.services.disputes import DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.services.resident_search import ResidentRow
from zongzhi_desktop.ui import dispute_table_model
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.dispute_action_dialog import DisputeActionDialog
from zongzhi_desktop.ui.dispute_intake_dialog import COL_NAME, IntakeDialog
from zongzhi_desktop.ui.dispute_table_model import COL_COUNTDOWN, COL_FLAGS, COL_STATUS, OVERDUE_BACKGROUND
from zongzhi_desktop.ui.disputes_page import DisputesPage

from permission_world import as_actor

WAIT = 15_000


def open_page(qtbot: Any, store: Store, runner: BackgroundRunner) -> DisputesPage:
    page = DisputesPage(UiContext(store, runner))
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    wait_loaded(qtbot, page)
    return page


def wait_loaded(qtbot: Any, page: DisputesPage) -> None:
    qtbot.waitUntil(lambda: page.data is not None and not page.model.loading and not page._filter_timer.isActive(),
                    timeout=WAIT)


def choose(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    assert index > 0, f"{code} not offered in {combo.objectName()}"
    combo.setCurrentIndex(index)


def step(qtbot: Any, page: DisputesPage, kind: str, fill: Callable[[DisputeActionDialog], None]) -> str:
    """Click the step's button, fill its dialog, submit, and return the case's new status."""
    # A new button in a shown layout appears on the next event-loop turn.
    qtbot.waitUntil(lambda: kind in page.detail.action_buttons and page.detail.action_buttons[kind].isVisible(),
                    timeout=WAIT)
    button = page.detail.action_buttons[kind]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.detail.current_dialog
    assert dialog is not None and dialog.isVisible() and dialog.kind == kind
    fill(dialog)
    assert dialog.ok.isEnabled(), dialog.hint.text() + dialog.message.text()
    with qtbot.waitSignal(dialog.submitted, timeout=WAIT):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and page.detail.case is not None
    return page.detail.case.status


def type_text(widget: Any, text: str) -> None:
    """Chinese input as an input method delivers it (QTest can only type ASCII keys)."""
    widget.setFocus()
    if hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def register_in_service(store: Store, title: str = "院墙排水纠纷") -> str:
    data = IntakeInput(title=title, category="0201", channel="visit", parties=(PartyInput("赵六"),))
    return DisputeService(store).register(store.actor, data).case_no


def test_register_through_the_form_and_walk_the_case_to_closure(qtbot, demo_store: Store, runner) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, demo_store, runner)
    page.new_item()
    dialog = page.intake_dialog
    assert isinstance(dialog, IntakeDialog) and dialog.isVisible() and not dialog.ok.isEnabled()
    type_text(dialog.title, "宅基地边界纠纷（界面登记）")
    choose(dialog.category1, "03")
    choose(dialog.category2, "0301")
    choose(dialog.channel, "visit")
    qtbot.keyClicks(dialog.lookup, "wang")  # pinyin, as people type it
    qtbot.waitUntil(lambda: dialog.results.count() > 0 and isinstance(
        dialog.results.item(0).data(Qt.ItemDataRole.UserRole), ResidentRow), timeout=WAIT)
    picked: ResidentRow = dialog.results.item(0).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(dialog.lookup, Qt.Key.Key_Return)  # Enter takes the highlighted person
    qtbot.waitUntil(lambda: dialog.parties.rowCount() == 1, timeout=WAIT)
    assert dialog.party_rows()[0]["resident_id"] == picked.id and "*" not in dialog.party_rows()[0]["id_number"]
    qtbot.mouseClick(dialog.add_row, Qt.MouseButton.LeftButton)
    dialog.parties.item(1, COL_NAME).setText("李四")
    assert dialog.ok.isEnabled(), dialog.hint.text()
    with qtbot.waitSignal(dialog.created, timeout=WAIT):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    case_no = dialog.created_case.case_no  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.model.case_at(0).case_no == case_no, timeout=WAIT)
    assert page.detail.case is not None and page.detail.case.case_no == case_no
    assert [p.name for p in page.detail.case.parties] == [picked.name, "李四"]
    assert page.detail.case.parties[0].id_number == picked.id_number  # the register's number, masked

    def route(d: DisputeActionDialog) -> None:
        item = next(d.departments.item(n) for n in range(d.departments.count())
                    if d.departments.item(n).text().startswith("贡江镇司法所"))
        item.setCheckState(Qt.CheckState.Checked)
        choose(d.mediation_type, "people")

    def checkin(d: DisputeActionDialog) -> None:
        assert d.department.currentText() == "贡江镇司法所"  # the department the case was sent to

    def record(d: DisputeActionDialog) -> None:
        type_text(d.note, "第一次调解，双方陈述意见")
        type_text(d.mediators, "王调解")

    def outcome(d: DisputeActionDialog) -> None:
        assert not d.ok.isEnabled()
        d.findChild(type(d.mode.buttons()[0]), "mode_resolve").click()
        assert not d.ok.isEnabled() and "协议内容" in d.hint.text()
        type_text(d.agreement, "一、以界桩为界；二、李四拆除越界围墙。")
        type_text(d.performance_method, "一次性拆除")
        d.has_deadline.setChecked(True)

    def verify(d: DisputeActionDialog) -> None:
        choose(d.satisfaction, "satisfied")
        assert not d.ok.isEnabled()  # after a success the performance must be checked too
        choose(d.followup, "full")

    walk = [("accept", lambda d: None, "accepted"), ("route", route, "routed"), ("checkin", checkin, "in_mediation"),
            ("record", record, "in_mediation"), ("outcome", outcome, "resolved"), ("verify", verify, "verified"),
            ("close", lambda d: choose(d.closure_kind, "substantive"), "closed")]
    for kind, fill, status in walk:
        assert step(qtbot, page, kind, fill) == status
    rows = range(page.detail.timeline.rowCount())
    steps = [page.detail.timeline.item(r, 1).text() for r in rows]
    assert steps == ["登记", "受理", "分流", "部门报到", "调解记录", "调解成功", "回访核验", "办结"]
    assert all(page.detail.timeline.item(r, 2).text() == "admin" for r in rows)
    assert page.detail.timeline.item(1, 3).text() == "待受理 → 已受理"
    assert "贡江镇司法所" in page.detail.timeline.item(2, 5).text()
    assert "一次性拆除" in page.detail.timeline.item(5, 5).text()
    assert list(page.detail.action_buttons) == ["reopen"]
    assert page.model.case_at(page.model.row_of(case_no)).status == "closed"  # the list row followed


def test_a_step_with_a_required_field_empty_cannot_be_submitted(qtbot, demo_store: Store, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    case_no = register_in_service(demo_store)
    page = open_page(qtbot, demo_store, runner)
    page.detail.show_case(case_no)
    qtbot.waitUntil(lambda: page.detail.case is not None and page.detail.case.case_no == case_no, timeout=WAIT)
    qtbot.mouseClick(page.detail.action_buttons["reject"], Qt.MouseButton.LeftButton)
    dialog = page.detail.current_dialog
    assert dialog is not None and not dialog.ok.isEnabled() and "不予受理的理由" in dialog.hint.text()
    dialog.submit()  # even if forced, nothing is sent
    runner.wait_idle()
    assert DisputeQueries(demo_store).show(demo_store.actor, case_no).status == "registered"
    type_text(dialog.note, "不属于受理范围")
    assert dialog.ok.isEnabled() and dialog.hint.text() == ""
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "ask_discard", lambda: asked.append(True) or False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # typed input is not lost to a slip of the key
    assert asked and dialog.isVisible()
    monkeypatch.setattr(dialog, "ask_discard", lambda: True)
    dialog.reject()
    assert not dialog.isVisible()


def test_a_refused_step_shows_the_services_chinese_reason(qtbot, demo_store: Store, runner) -> None:  # type: ignore[no-untyped-def]
    case_no = register_in_service(demo_store)
    page = open_page(qtbot, demo_store, runner)
    page.detail.show_case(case_no)
    qtbot.waitUntil(lambda: page.detail.case is not None and page.detail.case.case_no == case_no, timeout=WAIT)
    step(qtbot, page, "accept", lambda d: None)
    step(qtbot, page, "route", lambda d: (d.departments.item(0).setCheckState(Qt.CheckState.Checked),
                                          choose(d.mediation_type, "people")))
    qtbot.mouseClick(page.detail.action_buttons["checkin"], Qt.MouseButton.LeftButton)
    dialog = page.detail.current_dialog
    assert dialog is not None
    dialog.department.setCurrentIndex(dialog.department.count() - 1)  # not the department it was sent to
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "分流" in dialog.message.text(), timeout=WAIT)
    assert dialog.isVisible() and dialog.ok.isEnabled() and page.detail.case.status == "routed"


def test_the_list_model_loads_page_by_page_and_passes_the_model_tester(qtbot, qtmodeltester, demo_store: Store,  # type: ignore[no-untyped-def]
                                                                     runner, monkeypatch) -> None:
    monkeypatch.setattr(dispute_table_model, "PAGE_SIZE", 30)
    page = open_page(qtbot, demo_store, runner)
    model = page.model
    assert model.rowCount() == 30 and model.canFetchMore()
    qtmodeltester.check(model)
    for _ in range(5):  # each scroll to the bottom asks the view for one more page
        qtbot.waitUntil(lambda: not model.loading, timeout=WAIT)
        page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 80 and not model.loading, timeout=WAIT)
    assert not model.canFetchMore() and len({model.case_at(r).case_no for r in range(80)}) == 80
    qtmodeltester.check(model)
    overdue = [r for r in range(80) if model.case_at(r).overdue == "resolve"]
    supervised = [r for r in range(80) if model.case_at(r).supervision == "red"]
    assert overdue and supervised
    cell = model.index(overdue[0], COL_COUNTDOWN)
    assert cell.data().startswith("超期") and cell.data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    flags = model.index(supervised[0], COL_FLAGS)
    assert "红牌督办" in flags.data() and flags.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_activate_filters_and_resets_the_list(qtbot, demo_store: Store, runner) -> None:  # type: ignore[no-untyped-def]
    fresh = register_in_service(demo_store)
    page = DisputesPage(UiContext(demo_store, runner))
    qtbot.addWidget(page)
    page.activate(status="registered", colour="red")  # before the pick lists arrive; unknown keys ignored
    wait_loaded(qtbot, page)
    assert [page.model.case_at(r).case_no for r in range(page.model.rowCount())] == [fresh]
    assert page.status.currentData() == "registered"
    page.activate(overdue=True)
    wait_loaded(qtbot, page)
    assert page.status.currentData() is None and page.overdue.isChecked()
    assert page.model.rowCount() and all(page.model.case_at(r).overdue for r in range(page.model.rowCount()))
    assert page.model.index(0, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None
    page.activate()
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 81
    page.focus_search()
    type_text(page.search, "院墙排水")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.model.loading, timeout=WAIT)


def test_a_grid_worker_sees_only_the_cases_of_their_grids(qtbot, demo_store: Store, runner) -> None:  # type: ignore[no-untyped-def]
    with demo_store.read() as s:
        worker_id, grid_name = s.execute(_ONE_WORKER).one()
    worker = as_actor(demo_store, Actor("wgy", "grid_worker", "网格员", worker_id=worker_id))
    expected = DisputeQueries(worker).list(worker.actor, limit=1000).rows
    everything = DisputeQueries(demo_store).list(demo_store.actor, limit=1000).rows
    assert 0 < len(expected) < len(everything)
    page = open_page(qtbot, worker, runner)
    shown = [page.model.case_at(r) for r in range(page.model.rowCount())]
    assert {c.case_no for c in shown} == {c.case_no for c in expected}
    assert {c.grid_name for c in shown} == {grid_name}
    assert [page.grid.itemText(n) for n in range(1, page.grid.count())] == [grid_name]
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.case is not None, timeout=WAIT)
    assert page.detail.action_buttons == {}  # grid workers register and read; the centre handles


def test_closing_the_intake_form_asks_and_can_keep_a_draft(qtbot, demo_store: Store, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, demo_store, runner)
    page.new_item()
    first = page.intake_dialog
    assert first is not None
    qtbot.keyClick(first, Qt.Key.Key_Escape)  # nothing typed: Esc just closes
    assert not first.isVisible()
    page.new_item()
    dialog = page.intake_dialog
    assert dialog is not None and dialog is not first
    type_text(dialog.title, "半截的登记")
    monkeypatch.setattr(IntakeDialog, "ask_unsaved", lambda self: "stay")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    monkeypatch.setattr(IntakeDialog, "ask_unsaved", lambda self: "draft")
    dialog.reject()
    assert not dialog.isVisible()
    page.new_item()
    again = page.intake_dialog
    assert again is not None and again.title.text() == "半截的登记" and again.draft_note.isVisibleTo(again)
    monkeypatch.setattr(IntakeDialog, "ask_unsaved", lambda self: "discard")
    again.reject()
    page.new_item()
    assert page.intake_dialog is not None and page.intake_dialog.title.text() == ""
    page.intake_dialog.reject()


def test_print_and_attach_are_recorded_in_the_timeline(qtbot, demo_store: Store, runner, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    case_no = register_in_service(demo_store)
    page = open_page(qtbot, demo_store, runner)
    detail = page.detail
    detail.show_case(case_no)
    qtbot.waitUntil(lambda: detail.case is not None and detail.case.case_no == case_no, timeout=WAIT)
    opened: list[Path] = []
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    monkeypatch.setattr(detail, "choose_file", lambda: photo)
    monkeypatch.setattr(detail, "choose_save_path", lambda name: tmp_path / name)
    monkeypatch.setattr(detail, "open_path", opened.append)
    qtbot.mouseClick(detail.add_file, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.attachments.item(0).text().startswith("现场照片.jpg"), timeout=WAIT)
    qtbot.mouseClick(detail.print_registration, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=WAIT)
    assert opened[0].read_bytes().startswith(b"%PDF") and opened[0].name == f"{case_no}-登记表.pdf"
    steps = [detail.timeline.item(r, 1).text() for r in range(detail.timeline.rowCount())]
    assert steps == ["登记", "添加附件", "打印文书"]
    assert not detail.print_agreement.isVisible()  # no agreement before a successful mediation
    detail.open_attachment(detail.attachments.item(0))
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=WAIT)
    assert opened[1].name == "现场照片.jpg" and opened[1].read_bytes() == photo.read_bytes()



def test_keyboard_enter_opens_and_the_workbench_shortcuts_reach_the_page(qtbot, demo_store: Store, runner) -> None:  # type: ignore[no-untyped-def]
    from zongzhi_desktop.app import build_main_window

    window = build_main_window(demo_store, runner)
    qtbot.addWidget(window)
    window.show()
    window.navigate("disputes")
    page = window.pages["disputes"]
    assert isinstance(page, DisputesPage) and page.title() == "矛盾纠纷"
    wait_loaded(qtbot, page)
    row = next(r for r in range(page.model.rowCount()) if page.model.case_at(r).status == "in_mediation")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the case and moves to its first step
    qtbot.waitUntil(lambda: page.detail.case is not None and page.detail.case.case_no == page.model.case_at(row).case_no
                    and window.focusWidget() is page.detail.action_buttons.get("route"), timeout=WAIT)
    window._focus_search()  # what Ctrl+F runs
    assert window.focusWidget() is page.search
    window._new_case()  # what Ctrl+N runs
    assert page.intake_dialog is not None and page.intake_dialog.isVisible()
    page.intake_dialog.reject()


# A worker posted to exactly one grid that has cases (the demo gives every grid one worker).
_ONE_WORKER = text(
    "SELECT a.worker_id, g.name FROM grid_assignments a JOIN grids g ON g.id = a.grid_id "
    "WHERE a.deleted_at IS NULL AND a.end_date IS NULL AND a.worker_id IN ("
    "  SELECT worker_id FROM grid_assignments WHERE deleted_at IS NULL AND end_date IS NULL "
    "  GROUP BY worker_id HAVING count(*) = 1) "
    "AND g.id IN (SELECT grid_id FROM disputes) ORDER BY g.name LIMIT 1"
)
