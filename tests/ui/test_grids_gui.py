"""网格: the region tree, assigning and ending posts through the dialogs, and who may see and change what."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.regions import RegionService
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.grid_assign_dialog import EndAssignmentDialog, GridAssignDialog
from zongzhi_desktop.ui.grids_page import A_END, A_NAME, RESIDENTS, WORKERS, GridsPage, RegionTreeModel

from permission_world import as_actor

ADMIN = Actor("admin", "admin")


def _as(store: Store, actor: Actor) -> Store:
    """The same database seen by another user (the GUI only ever uses store.actor)."""
    return as_actor(store, actor)


def _page(qtbot, store: Store, runner: BackgroundRunner) -> GridsPage:  # type: ignore[no-untyped-def]
    page = GridsPage(UiContext(store, runner))
    qtbot.addWidget(page)
    page.resize(1110, 760)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.region_tree is not None, timeout=10_000)
    return page


def _grids(page: GridsPage) -> dict[str, str]:
    return {n.key: n.name for n in page.model.nodes("grid")}


def _text(model: RegionTreeModel, index: QModelIndex, column: int) -> str:
    return model.data(index.siblingAtColumn(column))


def _open_grid(qtbot, page: GridsPage, grid_id: str) -> None:  # type: ignore[no-untyped-def]
    assert page.select_grid(grid_id)
    qtbot.waitUntil(lambda: page.table.rowCount() == len(page.assignments) and bool(page.assignments), timeout=10_000)


def test_tree_shows_township_villages_and_grids_with_figures(qtbot, demo_store: Store, runner: BackgroundRunner,
                                                             qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    tree = RegionService(demo_store).region_tree(ADMIN)
    model = page.model
    root = model.index(0, 0)
    assert model.rowCount() == 1 and model.data(root) == "贡江镇"
    assert [model.data(model.index(i, 0, root)) for i in range(model.rowCount(root))] == [v.name for v in tree.villages]
    assert _grids(page) == {g.id: g.name for v in tree.villages for g in v.grids}
    grid = tree.villages[0].grids[0]
    index = model.index_of("grid", grid.id)
    assert (_text(model, index, WORKERS), _text(model, index, RESIDENTS)) == (str(grid.workers), str(grid.residents))
    assert model.parent(index) == model.index(0, 0, root) and model.parent(model.parent(index)) == root
    assert _text(model, root, RESIDENTS) == str(sum(g.residents for v in tree.villages for g in v.grids))
    assert model.headerData(0, Qt.Orientation.Horizontal).startswith("乡镇") and page.title() == "网格"
    assert page.tree.isExpanded(root) and page.tree.currentIndex() == root  # nothing chosen yet: the township
    qtmodeltester.check(model)


def test_tree_model_passes_the_model_tester_when_empty_and_after_a_reset(qtmodeltester, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    model = RegionTreeModel()
    qtmodeltester.check(model)
    model.set_tree(RegionService(demo_store).region_tree(ADMIN))
    qtmodeltester.check(model)
    assert model.rowCount(model.index(0, 1)) == 0 and not model.index(5, 0).isValid()


def test_selecting_a_grid_shows_its_posts(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    grid = RegionService(demo_store).region_tree(ADMIN).villages[1].grids[0]
    _open_grid(qtbot, page, grid.id)
    posts = GridService(demo_store).list_assignments(ADMIN, grid.id)
    assert [page.table.item(r, A_NAME).text() for r in range(page.table.rowCount())] == [a.worker_name for a in posts]
    assert page.heading.text() == grid.name and f"{grid.residents}" in page.facts.text()
    assert page.assign_button.isEnabled() and not page.end_button.isEnabled()  # nothing chosen to end yet


def test_assign_then_end_a_post_through_the_dialogs(qtbot, demo_store: Store, runner: BackgroundRunner,
                                                    monkeypatch) -> None:  # type: ignore[no-untyped-def]
    service = GridService(demo_store)
    newcomer = service.create_worker(ADMIN, "钟新来", employment="parttime")
    grid = RegionService(demo_store).region_tree(ADMIN).villages[0].grids[0]
    page = _page(qtbot, demo_store, runner)
    _open_grid(qtbot, page, grid.id)
    before = len(page.assignments)

    def fill_and_accept(dialog: GridAssignDialog) -> int:
        assert dialog.worker.findData(newcomer.id) >= 0
        assert all(dialog.worker.itemData(i) != page.assignments[0].worker_id for i in range(dialog.worker.count()))
        assert dialog.role.currentData() == "fulltime"  # the grid has its 网格长 already
        dialog.worker.setCurrentIndex(dialog.worker.findData(newcomer.id))
        dialog.role.setCurrentIndex(dialog.role.findData("parttime"))
        dialog.duty.setPlainText("协助入户走访")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(GridAssignDialog, "exec", fill_and_accept)
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.assignments) == before + 1, timeout=10_000)
    post = next(a for a in service.list_assignments(ADMIN, grid.id) if a.worker_id == newcomer.id)
    assert (post.role, post.duty, post.start_date) == ("parttime", "协助入户走访", date.today())
    # the tree was reloaded with the new head count, and the same grid is still open
    qtbot.waitUntil(lambda: _text(page.model, page.tree.currentIndex(), WORKERS) == str(grid.workers + 1))
    assert page.model.node(page.tree.currentIndex()).key == grid.id

    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, A_NAME).text() == "钟新来")
    page.table.selectRow(row)
    assert page.end_button.isEnabled()
    monkeypatch.setattr(EndAssignmentDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)  # default: today
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(a.worker_id == newcomer.id and a.end_date for a in page.assignments), timeout=10_000)
    ended = next(a for a in service.list_assignments(ADMIN, grid.id, history=True) if a.worker_id == newcomer.id)
    assert ended.end_date == date.today()
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, A_NAME).text() == "钟新来")
    assert page.table.item(row, A_END).text() == date.today().isoformat()
    page.table.selectRow(row)
    assert not page.end_button.isEnabled()  # an ended post cannot be ended twice


def test_service_refusals_are_shown_not_swallowed(qtbot, demo_store: Store, runner: BackgroundRunner,
                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    service = GridService(demo_store)
    other = service.create_worker(ADMIN, "钟第二")
    grid = RegionService(demo_store).region_tree(ADMIN).villages[0].grids[0]
    page = _page(qtbot, demo_store, runner)
    _open_grid(qtbot, page, grid.id)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))

    def second_leader(dialog: GridAssignDialog) -> int:
        dialog.worker.setCurrentIndex(dialog.worker.findData(other.id))
        dialog.role.setCurrentIndex(dialog.role.findData("leader"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(GridAssignDialog, "exec", second_leader)
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "网格长" in shown[0] or grid.name in shown[0]
    assert all(a.worker_id != other.id for a in service.list_assignments(ADMIN, grid.id))


def test_cancelled_dialog_changes_nothing(qtbot, demo_store: Store, runner: BackgroundRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    grid = RegionService(demo_store).region_tree(ADMIN).villages[0].grids[0]
    page = _page(qtbot, demo_store, runner)
    _open_grid(qtbot, page, grid.id)
    asked: list[bool] = []

    def cancel(dialog: GridAssignDialog) -> int:
        asked.append(True)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(GridAssignDialog, "exec", cancel)
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    runner.wait_idle()
    assert len(GridService(demo_store).list_assignments(ADMIN, grid.id)) == len(page.assignments)


def test_a_grid_worker_sees_only_their_grids_and_cannot_assign(qtbot, demo_store: Store,
                                                               runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    grid = RegionService(demo_store).region_tree(ADMIN).villages[2].grids[0]
    post = GridService(demo_store).list_assignments(ADMIN, grid.id)[0]
    page = _page(qtbot, _as(demo_store, Actor("gw", "grid_worker", worker_id=post.worker_id)), runner)
    assert _grids(page) == {grid.id: grid.name}
    model = page.model
    root = model.index(0, 0)
    assert model.rowCount(root) == 1 and model.rowCount(model.index(0, 0, root)) == 1  # their village, their grid
    _open_grid(qtbot, page, grid.id)
    assert not page.assign_button.isEnabled() and not page.end_button.isEnabled()
    assert page.read_only.isVisibleTo(page)


def test_leader_sees_everything_read_only(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, _as(demo_store, Actor("boss", "leader")), runner)
    tree = RegionService(demo_store).region_tree(ADMIN)
    assert len(_grids(page)) == sum(len(v.grids) for v in tree.villages)
    _open_grid(qtbot, page, tree.villages[0].grids[0].id)
    page.table.selectRow(0)
    assert not page.assign_button.isEnabled() and not page.end_button.isEnabled()
    assert page.read_only.isVisibleTo(page)


def test_activate_with_a_grid_opens_it(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    grid = RegionService(demo_store).region_tree(ADMIN).villages[3].grids[0]
    page = _page(qtbot, demo_store, runner)
    page.activate(grid_id=grid.id)
    qtbot.waitUntil(lambda: page.heading.text() == grid.name and bool(page.assignments), timeout=10_000)
