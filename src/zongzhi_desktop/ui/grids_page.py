"""网格: the township → village → grid tree with each grid's workers (定人、定岗、定责) and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QTreeView, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.services.grids import AssignmentInfo, GridService
from zongzhi_desktop.services.regions import RegionService, RegionTree
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.grid_assign_dialog import AssignChoices, EndAssignmentDialog, GridAssignDialog, load_choices
from zongzhi_desktop.ui.messages import show_error
from zongzhi_desktop.ui.page import Page

KindRole = Qt.ItemDataRole.UserRole  # "township" | "village" | "grid"
IdRole = Qt.ItemDataRole.UserRole + 1  # grid id or region code
NAME, WORKERS, RESIDENTS = range(3)
A_NAME, A_ROLE, A_START, A_END, A_DUTY = range(5)
AnyIndex = QModelIndex | QPersistentModelIndex


# -- background work: services only, never a widget ----------------------------------------------
def load_tree(store: Store, actor: Actor, task: Task) -> RegionTree:
    return RegionService(store).region_tree(actor)


def load_assignments(store: Store, actor: Actor, grid_id: str, task: Task) -> tuple[str, tuple[AssignmentInfo, ...]]:
    return grid_id, GridService(store).list_assignments(actor, grid_id)


def assign(store: Store, actor: Actor, grid_id: str, worker_id: str, role: str, start: date, duty: str | None,
           task: Task) -> AssignmentInfo:
    return GridService(store).assign(actor, worker_id, grid_id, role, start, duty)


def unassign(store: Store, actor: Actor, assignment_id: str, end: date, task: Task) -> AssignmentInfo:
    return GridService(store).unassign(actor, assignment_id, end)


# -- the tree model ---------------------------------------------------------------------------------
@dataclass
class RegionNode:
    kind: str
    key: str
    name: str
    workers: int
    residents: int
    code: str = ""  # a grid's code
    serial: int = 0  # the index's internalId
    row: int = 0
    parent: RegionNode | None = None
    children: list[RegionNode] = field(default_factory=list)

    def add(self, child: RegionNode) -> RegionNode:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


class RegionTreeModel(QAbstractItemModel):
    """Township → villages → grids with head counts; rebuilt whole from each RegionTree (a few hundred rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = RegionNode("root", "", "", 0, 0)
        self._nodes: list[RegionNode] = [self._root]  # serial -> node, so indexes carry plain integers

    def set_tree(self, tree: RegionTree) -> None:
        self.beginResetModel()
        self._root = RegionNode("root", "", "", 0, 0)
        self._nodes = [self._root]
        grids = [g for v in tree.villages for g in v.grids]
        info = tree.township
        township = self._add(self._root, RegionNode("township", info.code, info.name or info.code,
                                                    sum(g.workers for g in grids), sum(g.residents for g in grids)))
        for v in tree.villages:
            village = self._add(township, RegionNode("village", v.code, v.name, sum(g.workers for g in v.grids),
                                                     sum(g.residents for g in v.grids)))
            for g in v.grids:
                self._add(village, RegionNode("grid", g.id, g.name, g.workers, g.residents, g.code))
        self.endResetModel()

    def _add(self, parent: RegionNode, node: RegionNode) -> RegionNode:
        node.serial = len(self._nodes)
        self._nodes.append(node)
        return parent.add(node)

    def node(self, index: AnyIndex) -> RegionNode | None:
        return self._nodes[index.internalId()] if index.isValid() else None

    def nodes(self, kind: str) -> list[RegionNode]:
        return [n for n in self._nodes if n.kind == kind]

    def index_of(self, kind: str, key: str) -> QModelIndex:
        found = next((n for n in self._nodes if n.kind == kind and n.key == key), None)
        return self.createIndex(found.row, 0, found.serial) if found else QModelIndex()

    # -- QAbstractItemModel ---------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        owner = self.node(parent) or self._root
        return self.createIndex(row, column, owner.children[row].serial)

    def parent(self, index: AnyIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:
            return super().parent()  # QObject.parent()
        node = self.node(index)
        owner = node.parent if node else None
        if owner is None or owner is self._root:
            return QModelIndex()
        return self.createIndex(owner.row, 0, owner.serial)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        if parent.column() > 0:
            return 0
        return len((self.node(parent) or self._root).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 3

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (node.name, str(node.workers), str(node.residents))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and node.kind != "grid" and column == NAME:
            font = QFont()
            font.setBold(True)
            return font
        if role == KindRole:
            return node.kind
        if role == IdRole:
            return node.key
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt override)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return (self.tr("Township / village / grid"), self.tr("Workers"), self.tr("Residents"))[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# -- the page ---------------------------------------------------------------------------------------
class GridsPage(Page):
    key = "grids"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.can_write = permissions.allowed(ctx.actor, "grids.write")
        self.region_tree: RegionTree | None = None
        self.assignments: tuple[AssignmentInfo, ...] = ()
        self._grid: RegionNode | None = None  # the grid shown on the right
        self._wanted: str | None = None  # the grid to open once the tree is (re)loaded

        self.model = RegionTreeModel(self)
        self.tree = QTreeView(objectName="grid_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 0; }")  # rows clerks can hit and read
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (WORKERS, RESIDENTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.heading = QLabel(self.tr("Choose a grid to see its workers."), objectName="grid_heading")
        heading_font = QFont(self.font())
        heading_font.setPointSize(15)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setWordWrap(True)
        self.facts = QLabel("", objectName="grid_facts")
        self.facts.setWordWrap(True)
        self.table = QTableWidget(0, 5, objectName="assignments")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Post"), self.tr("Since"), self.tr("Until"),
                                              self.tr("Duties")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        columns = self.table.horizontalHeader()
        for column in (A_NAME, A_ROLE, A_START, A_END):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(A_DUTY, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.assign_button = QPushButton(self.tr("Assign grid worker"), objectName="assign_worker_button")
        self.assign_button.clicked.connect(self._assign)
        self.end_button = QPushButton(self.tr("End post"), objectName="end_post_button")
        self.end_button.clicked.connect(self._end_post)
        self.read_only = QLabel(self.tr("Read only: your role cannot change grid assignments."))
        self.read_only.setVisible(not self.can_write)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        buttons.addWidget(self.read_only)

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.setContentsMargins(12, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.facts)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(detail)
        splitter.setSizes([420, 680])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Grids")

    def activate(self, **filters: Any) -> None:
        self._wanted = filters.get("grid_id") or (self._grid.key if self._grid else None)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.runner.run(partial(load_tree, self.ctx.store, self.ctx.actor), on_done=self._show_tree,
                            on_error=self._failed)

    def select_grid(self, grid_id: str) -> bool:
        """Make `grid_id` the current row (its workers load in the background)."""
        index = self.model.index_of("grid", grid_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        return index.isValid()

    def select_grid_index(self, n: int) -> None:
        grids = self.model.nodes("grid")
        if grids:
            self.select_grid(grids[min(n, len(grids) - 1)].key)

    # -- tree ---------------------------------------------------------------------------------------
    def _show_tree(self, tree: RegionTree) -> None:
        self.region_tree = tree
        wanted = self._wanted or (self._grid.key if self._grid else None)
        self._wanted = None
        self._grid = None
        self.model.set_tree(tree)
        self.tree.expandAll()
        if not (wanted and self.select_grid(wanted)):
            self.tree.setCurrentIndex(self.model.index(0, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.table.setRowCount(0)
        self.assignments = ()
        node = self.model.node(current)
        if node is None or node.kind != "grid":
            self._grid = None
            self.heading.setText(node.name if node else self.tr("Choose a grid to see its workers."))
            if node is not None:
                grids = sum(len(v.children) for v in node.children) if node.kind == "township" else len(node.children)
                self.facts.setText(self.tr("{0} grids · {1} grid workers on post · {2} residents").format(
                    grids, node.workers, node.residents) + "\n" + self.tr("Choose a grid to see its workers."))
            self._update_buttons()
            return
        self._grid = node
        village = node.parent.name if node.parent else ""
        self.heading.setText(node.name)
        self.facts.setText(self.tr("{0} · grid code {1} · {2} residents · {3} grid workers on post").format(
            village, node.code, node.residents, node.workers))
        self._update_buttons()
        self.ctx.runner.run(partial(load_assignments, self.ctx.store, self.ctx.actor, node.key),
                            on_done=self._show_assignments, on_error=self._failed)

    # -- assignments ----------------------------------------------------------------------------------
    def _show_assignments(self, result: tuple[str, tuple[AssignmentInfo, ...]]) -> None:
        grid_id, rows = result
        if self._grid is None or grid_id != self._grid.key:
            return  # another grid was chosen while this one loaded
        self.assignments = rows
        self.table.setRowCount(len(rows))
        for r, a in enumerate(rows):
            cells = (a.worker_name, a.role_name, a.start_date.isoformat(), a.end_date.isoformat() if a.end_date else "",
                     a.duty or "")
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        self._update_buttons()

    def _selected_assignment(self) -> AssignmentInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.assignments[rows[0].row()] if rows and rows[0].row() < len(self.assignments) else None

    def _update_buttons(self) -> None:
        chosen = self._selected_assignment()
        self.assign_button.setEnabled(self.can_write and self._grid is not None)
        self.end_button.setEnabled(self.can_write and chosen is not None and chosen.end_date is None)

    def _assign(self) -> None:
        if self._grid is not None:
            self.ctx.runner.run(partial(load_choices, self.ctx.store, self.ctx.actor, self._grid.key),
                                on_done=self._ask_assign, on_error=self._failed)

    def _ask_assign(self, choices: AssignChoices) -> None:
        grid = self._grid
        if grid is None:
            return
        default = "fulltime" if choices.has_leader else "leader"
        request = GridAssignDialog.ask(self, grid.name, choices.workers, choices.roles, default)
        if request is not None:
            self.ctx.runner.run(partial(assign, self.ctx.store, self.ctx.actor, grid.key, request.worker_id,
                                        request.role, request.start_date, request.duty),
                                on_done=self._changed, on_error=self._failed)

    def _end_post(self) -> None:
        chosen = self._selected_assignment()
        if chosen is None:
            return
        end = EndAssignmentDialog.ask(self, chosen.worker_name, chosen.grid_name, chosen.start_date)
        if end is not None:
            self.ctx.runner.run(partial(unassign, self.ctx.store, self.ctx.actor, chosen.id, end),
                                on_done=self._changed, on_error=self._failed)

    def _changed(self, _assignment: AssignmentInfo) -> None:
        # Worker counts in the tree change too, so reload both; the current grid stays open.
        self._wanted = self._grid.key if self._grid else None
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)
