"""实有人口 through real widgets: search as you type, the resident form's checks, the windowed model,
a grid worker's scope, key-population records and visits."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from zongzhi_desktop.domain import idnumber, pinyin
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.key_persons import KeyPersonService
from zongzhi_desktop.services.resident_search import ResidentSearch
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.residents_page import ResidentsPage
from zongzhi_desktop.ui.resident_table_model import COL_NAME, COL_SEX, IdRole, ResidentTableModel

from permission_world import as_actor

WAIT = 10_000


def _page(qtbot, store: Store, runner: BackgroundRunner) -> ResidentsPage:  # type: ignore[no-untyped-def]
    page = ResidentsPage(UiContext(store, runner))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activate()
    total = ResidentSearch(store).count(store.actor)
    qtbot.waitUntil(lambda: page.model.rowCount() == total and page.grid_filter.count() > 1, timeout=WAIT)
    return page


def test_find_by_pinyin_initials_as_you_type(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []  # (query, thread) of every ordered_ids call
    original = ResidentSearch.ordered_ids

    def spy(self, actor, **kw):  # type: ignore[no-untyped-def]
        if kw.get("limit") is None:  # the full list; a quick first-screen preview may come before it
            asked.append((kw.get("query", ""), threading.current_thread().name))
        return original(self, actor, **kw)

    monkeypatch.setattr(ResidentSearch, "ordered_ids", spy)
    page = _page(qtbot, demo_store, runner)
    target = ResidentSearch(demo_store).list_page(demo_store.actor, limit=1).rows[0]
    initials = pinyin.name_keys(target.name).initials[0]
    asked.clear()
    qtbot.keyClicks(page.search, initials)
    qtbot.waitUntil(lambda: page._complete and 0 < page.model.rowCount() < 600 and target.id in page.model.ids(),
                    timeout=WAIT)
    row = page.model.row_of(target.id)
    assert page.model.data(page.model.index(row, COL_NAME)) == target.name
    assert page.model.data(page.model.index(row, COL_NAME), IdRole) == target.id
    assert asked == [(initials, asked[0][1])], "typing is debounced into one search"
    assert asked[0][1] != threading.main_thread().name, "the search runs off the GUI thread"
    assert "人" in page.count.text() and str(page.model.rowCount()) in page.count.text()


def test_new_resident_bad_then_good_id_number(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    search = ResidentSearch(demo_store)
    before = search.count(demo_store.actor)
    page.new_item()
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.form_widget.isEnabled, timeout=WAIT)
    notices: list[list[str]] = []
    dialog.show_notices = notices.append  # type: ignore[method-assign]
    dialog.name.insert("测试新人")  # what an input method commits (QTest can only type ASCII keys)
    good = idnumber.make_number("360731", date(1990, 5, 6), 13)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    qtbot.keyClicks(dialog.id_number, bad)
    dialog.id_number.editingFinished.emit()  # what leaving the field does (focus needs a real screen)
    assert "校验" in dialog.id_error.text() and dialog.id_error.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert dialog.isVisible() and search.count(demo_store.actor) == before, "the bad number saved nothing"
    assert dialog.message.text()

    dialog.id_number.clear()
    qtbot.keyClicks(dialog.id_number, good)
    qtbot.keyClick(dialog.id_number, Qt.Key.Key_Tab)
    dialog.id_number.editingFinished.emit()
    assert dialog.id_error.text() == "" and "男" in dialog.derived.text() and "1990-05-06" in dialog.derived.text()
    dialog.grid.setCurrentIndex(1)
    qtbot.keyClicks(dialog.phone, "13912345678")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert search.count(demo_store.actor) == before + 1
    found = search.search(demo_store.actor, "测试新人").rows
    assert len(found) == 1 and found[0].sex == "1" and found[0].birth_date == date(1990, 5, 6)
    qtbot.waitUntil(lambda: found[0].id in page.model.ids(), timeout=WAIT)  # the list shows the new person


def test_closing_with_unsaved_input_asks(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    page.new_item()
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.form_widget.isEnabled, timeout=WAIT)
    answers: list[bool] = []
    dialog.ask_discard = lambda: answers.append(True) or len(answers) > 1  # type: ignore[method-assign]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not dialog.isVisible() and answers == []
    page.new_item()
    dialog = page.dialog
    qtbot.waitUntil(dialog.form_widget.isEnabled, timeout=WAIT)
    dialog.ask_discard = lambda: answers.append(True) or len(answers) > 1  # type: ignore[method-assign]
    dialog.name.insert("王")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and answers == [True], "first answer: keep typing"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and len(answers) == 2


def test_windowed_model_passes_the_model_tester_and_stays_small(qtbot, qtmodeltester, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    search, actor = ResidentSearch(demo_store), demo_store.actor
    fetched: list[int] = []

    def fetch(ids):  # type: ignore[no-untyped-def]
        fetched.append(len(ids))
        return search.rows_by_ids(actor, ids)

    model = ResidentTableModel(fetch, page_size=20, max_pages=4)
    ids = search.ordered_ids(actor)
    model.set_ids(ids)
    assert model.rowCount() == len(ids) == search.count(actor) == 600 and fetched == []  # no rows read yet
    qtmodeltester.check(model)
    assert model.cached_pages() <= 4

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 600)
    view.show()
    view.scrollToBottom()
    qtbot.wait(10)
    last = model.index(len(ids) - 1, COL_NAME)
    assert model.data(last, IdRole) == ids[-1] and model.data(last) == search.rows_by_ids(actor, ids[-1:])[0].name
    assert model.cached_pages() <= 4
    view.scrollToTop()
    qtbot.wait(10)
    assert model.data(model.index(0, COL_SEX)) in ("男", "女") and model.cached_pages() <= 4
    for row in range(0, len(ids), 7):  # a slow drag over everything: still at most four pages
        model.data(model.index(row, COL_NAME))
        assert model.cached_pages() <= 4
    with qtbot.waitSignal(model.sortRequested) as sorted_:
        model.sort(COL_SEX, Qt.SortOrder.DescendingOrder)
    assert sorted_.args == ["sex", True]


def test_grid_worker_sees_only_their_grids(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    admin = demo_store.actor
    grids = GridService(demo_store)
    grid = grids.list_grids(admin)[0]
    worker = grids.create_worker(admin, "测试网格员", phone="13907970099")
    grids.assign(admin, worker.id, grid.id, "fulltime")
    actor = Actor("gw_test", "grid_worker", worker_id=worker.id)
    store = as_actor(demo_store, actor)
    page = _page(qtbot, store, runner)
    assert 0 < page.model.rowCount() < ResidentSearch(demo_store).count(admin)
    assert {page.model.row_at(r).grid_id for r in range(page.model.rowCount())} == {grid.id}  # type: ignore[union-attr]
    assert [page.grid_filter.itemData(i) for i in range(page.grid_filter.count())] == [None, grid.id]


def test_activate_filters_enter_opens_and_key_persons(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    grid = GridService(demo_store).list_grids(demo_store.actor)[1]
    page.activate(grid_id=grid.id)
    in_grid = ResidentSearch(demo_store).count(demo_store.actor, grid_id=grid.id)
    qtbot.waitUntil(lambda: page.model.rowCount() == in_grid, timeout=WAIT)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.dialog is not None and page.dialog.resident_id == page.model.ids()[0]
    qtbot.waitUntil(page.dialog.form_widget.isEnabled, timeout=WAIT)
    page.dialog.reject()

    due = KeyPersonService(demo_store).visits_due(demo_store.actor, date.today(), 7)
    page.activate(key_persons="due")
    assert page.tabs.currentWidget() is page.due
    qtbot.waitUntil(lambda: page.due.table.rowCount() == len(due) and page.due.count.text() != "", timeout=WAIT)
    page.activate(key_persons="all")
    active = KeyPersonService(demo_store).list(demo_store.actor, limit=1000).rows
    qtbot.waitUntil(lambda: page.due.table.rowCount() == len(active), timeout=WAIT)
    page.focus_search()
    assert page.tabs.currentIndex() == 0


def test_key_person_record_with_type_fields_and_a_visit(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    resident = page.model.row_at(3)
    assert resident is not None
    page.open_resident(resident.id)
    dialog = page.dialog
    panel = dialog.key_panel  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: bool(panel.choices) and dialog.form_widget.isEnabled(), timeout=WAIT)
    existing = panel.table.rowCount()
    panel.add_record()
    form = panel.dialog
    form.type.setCurrentIndex(form.type.findData("community_correction"))
    assert "accusation" in form.detail_edits and "release_date" not in form.detail_edits
    form.detail_edits["accusation"].insert("盗窃罪")
    form.helper.insert("李帮教")
    with qtbot.waitSignal(form.accepted, timeout=WAIT):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == existing + 1 and "盗窃罪" in panel.details.text(), timeout=WAIT)
    assert "李帮教" in panel.details.text()

    panel.record_visit()
    visit = panel.dialog
    visit.summary.insertPlainText("在家，情绪稳定")
    with qtbot.waitSignal(visit.accepted, timeout=WAIT):
        qtbot.mouseClick(visit.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.visits.rowCount() == 1 and "情绪稳定" in panel.visits.item(0, 3).text(), timeout=WAIT)
    records = KeyPersonService(demo_store).list_for_resident(demo_store.actor, resident.id)
    assert any(r.type_code == "community_correction" and r.details.get("accusation") == "盗窃罪" for r in records)
    dialog.reject()


def test_edit_sends_only_what_changed_and_tab_follows_the_form(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from zongzhi_desktop.services.residents import ResidentService

    page = _page(qtbot, demo_store, runner)
    resident_id = page.model.ids()[5]
    page.open_resident(resident_id)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.form_widget.isEnabled, timeout=WAIT)
    chain, widget = [], dialog.name
    while len(chain) < len(dialog.inputs):
        if widget in dialog.inputs:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == dialog.inputs, "Tab walks the form top to bottom"

    sent: list[dict[str, object]] = []
    original = ResidentService.update

    def spy(self, actor, rid, **changes):  # type: ignore[no-untyped-def]
        sent.append(changes)
        return original(self, actor, rid, **changes)

    monkeypatch.setattr(ResidentService, "update", spy)
    dialog.occupation.clear()
    qtbot.keyClicks(dialog.occupation, "Teacher")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert sent == [{"occupation": "Teacher"}]
    assert ResidentService(demo_store).get(demo_store.actor, resident_id).occupation == "Teacher"
