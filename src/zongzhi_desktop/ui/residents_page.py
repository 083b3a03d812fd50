"""实有人口: the register as one smooth list (search as you type, filters and sort in SQL), the
resident form, and the key-population visits that are due."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
    QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.services.resident_export import ExportResult, ResidentExport
from zongzhi_desktop.services.resident_search import ResidentRow, ResidentSearch
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.import_dialog import ImportDialog
from zongzhi_desktop.ui.key_person_panel import KeyPersonPanel, VisitsDuePanel
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.page import Page
from zongzhi_desktop.ui.resident_dialog import BIG, ResidentDialog, grid_label
from zongzhi_desktop.ui.resident_table_model import (
    COL_BIRTH, COL_GRID, COL_ID_NUMBER, COL_NAME, COL_PHONE, COL_SEX, COL_STATUS, COL_TYPE, ResidentTableModel,
)

SEARCH_DELAY_MS = 300  # typing pauses longer than this start a search; faster typing waits
PREVIEW_ROWS = 100  # painted from a quick first query while the full ordered list loads
# Sample texts that size the columns: measuring 200,000 rows (ResizeToContents) would freeze the list.
COLUMN_SAMPLES = {
    COL_NAME: "欧阳小明明", COL_SEX: "性别", COL_BIRTH: "0000-00-00", COL_ID_NUMBER: "0000**********000X",
    COL_PHONE: "0797-8123456", COL_GRID: "长征村委会第10网格", COL_TYPE: "未落户人员", COL_STATUS: "在册",
}


class ResidentTableView(QTableView):
    """The register list; Enter opens the current person (QTableView would only move the cursor)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ResidentsPage(Page):
    key = "residents"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._search: ResidentSearch = ctx.service(ResidentSearch)
        self._sort = ("name", False)
        self._generation = 0
        self._filters_requested = False
        self._complete = False  # the full ordered id list of the current query has arrived
        self.shown_generation = 0  # the query whose rows are on screen (benchmarks wait on it)
        self._started = False
        self._pending_grid: str | None = None
        self._keep_id: str | None = None  # the person to keep in view when a new result arrives
        self.dialog: ResidentDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.export_message: QMessageBox | None = None

        self.search = QLineEdit(objectName="search", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search: name, pinyin initials (zs), ID or phone fragment — Ctrl+F"))
        self.search.setMinimumHeight(40)
        self.search.setStyleSheet("font-size: 13pt;")
        self.grid_filter = QComboBox(objectName="grid_filter", minimumWidth=220, minimumHeight=40)
        self.grid_filter.addItem(self.tr("All grids"), None)
        self.type_filter = QComboBox(objectName="type_filter", minimumWidth=140, minimumHeight=40)
        self.type_filter.addItem(self.tr("All categories"), None)
        self.count = QLabel(objectName="count", minimumWidth=120)
        self.new_button = QPushButton(self.tr("New resident"), objectName="new_resident")
        self.open_button = QPushButton(self.tr("Open"), objectName="open_resident")
        for button in (self.new_button, self.open_button):
            button.setStyleSheet(BIG)
        self.new_button.setEnabled(allowed(ctx.actor, "residents.write"))
        self.import_button = QPushButton(self.tr("Import…"), objectName="import_residents")
        self.export_button = QPushButton(self.tr("Export…"), objectName="export_residents")
        for button in (self.import_button, self.export_button):
            button.setStyleSheet(BIG)
        self.import_button.setEnabled(allowed(ctx.actor, "residents.import"))
        self.export_button.setEnabled(allowed(ctx.actor, "residents.read"))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.grid_filter, 1)
        bar.addWidget(self.type_filter)
        bar.addWidget(self.count)
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)

        self.model = ResidentTableModel(self._fetch_rows, parent=self)
        self.table = ResidentTableView(objectName="residents_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no measuring 200,000 of them
        rows.setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        metrics = self.table.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 36)
        self.table.setSortingEnabled(True)  # calls model.sort at once; the first query waits for activate()

        self.due = VisitsDuePanel(ctx)
        self.tabs = QTabWidget(objectName="residents_tabs")
        register = QWidget()
        register_layout = QVBoxLayout(register)
        register_layout.addLayout(bar)
        register_layout.addWidget(self.table)
        self.tabs.addTab(register, self.tr("Register"))
        self.tabs.addTab(self.due, self.tr("Key persons and visits due"))
        QVBoxLayout(self).addWidget(self.tabs)

        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.requery)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._to_list)
        self.grid_filter.currentIndexChanged.connect(self.requery)
        self.type_filter.currentIndexChanged.connect(self.requery)
        self.model.sortRequested.connect(self._sort_changed)
        self.table.activated.connect(self._open_index)
        self.new_button.clicked.connect(self.new_item)
        self.open_button.clicked.connect(self.open_current)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.due.open_resident.connect(self.open_resident)
        self.tabs.currentChanged.connect(self._tab_changed)

    def title(self) -> str:
        return self.tr("Residents")

    # -- the Page interface ------------------------------------------------------------------
    def activate(self, **filters: Any) -> None:
        """grid_id / query narrow the register; key_persons="due"|"all" opens the key-person tab."""
        self._started = True
        if "key_persons" in filters:
            self.tabs.setCurrentWidget(self.due)
            self.due.show_mode(str(filters["key_persons"]))
            return
        self.tabs.setCurrentIndex(0)
        if "grid_id" in filters or "query" in filters:
            self._set_grid(filters.get("grid_id"))
            self.search.blockSignals(True)  # the query runs once below, not after the typing delay
            self.search.setText(str(filters.get("query") or ""))
            self.search.blockSignals(False)
        self.requery()
        if not self._filters_requested:  # after the first rows: the pick-lists can wait, the list cannot
            self._filters_requested = True
            self._load_filters()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def new_item(self) -> None:
        if allowed(self.ctx.actor, "residents.write"):
            self._show_dialog(ResidentDialog(self.ctx, None, self, key_panel=KeyPersonPanel))

    def open_resident(self, resident_id: str) -> None:
        self._show_dialog(ResidentDialog(self.ctx, resident_id, self, key_panel=KeyPersonPanel))

    def open_current(self) -> None:
        self._open_index(self.table.currentIndex())

    # -- querying ------------------------------------------------------------------------------
    def _load_filters(self) -> None:
        actor, search, grids = self.ctx.actor, self._search, self.ctx.service(GridService)

        def work(task: Task) -> tuple[Any, ...]:
            kinds = search.code_choices(actor, ("registration_type", "resident_status"))
            return kinds, grids.list_grids(actor)

        self.ctx.runner.run(work, on_done=self._filters_loaded, on_error=self._failed)

    def _filters_loaded(self, result: tuple[Any, ...]) -> None:
        kinds, grids = result
        self.model.set_code_names({kind: {c.code: c.name for c in items} for kind, items in kinds.items()})
        for widget in (self.grid_filter, self.type_filter):
            widget.blockSignals(True)
        for choice in kinds["registration_type"]:
            self.type_filter.addItem(choice.name, choice.code)
        for grid in grids:
            self.grid_filter.addItem(grid_label(grid.village_name, grid.name), grid.id)
        for widget in (self.grid_filter, self.type_filter):
            widget.blockSignals(False)
        if self._pending_grid:
            self._set_grid(self._pending_grid)

    def _set_grid(self, grid_id: str | None) -> None:
        index = self.grid_filter.findData(grid_id) if grid_id else 0
        self._pending_grid = grid_id if index < 0 else None  # the grid list may not have arrived yet
        if index >= 0:
            self.grid_filter.blockSignals(True)
            self.grid_filter.setCurrentIndex(index)
            self.grid_filter.blockSignals(False)

    def requery(self) -> None:
        """Ask (in the background) for the ordered ids of the current search, filters and sort."""
        if not self._started:
            return
        self._debounce.stop()
        self._generation += 1
        self._complete = False
        current = self.model.resident_id(self.table.currentIndex().row())
        self._keep_id = self._keep_id or current
        generation, actor, search = self._generation, self.ctx.actor, self._search
        query, sort, descending = self.search.text(), *self._sort
        grid_id = self._pending_grid or self.grid_filter.currentData()
        registration_type = self.type_filter.currentData()
        self.count.setText(self.tr("Searching…"))

        def first(task: Task) -> tuple[int, tuple[str, ...]]:
            return generation, search.ordered_ids(actor, query=query, grid_id=grid_id, registration_type=registration_type,
                                                  sort=sort, descending=descending, limit=PREVIEW_ROWS)

        def work(task: Task) -> tuple[int, tuple[str, ...]]:
            return generation, search.ordered_ids(actor, query=query, grid_id=grid_id,
                                                  registration_type=registration_type, sort=sort, descending=descending)

        # The first screenful comes from a quick LIMIT query and is painted at once; the full ordered
        # list (a tenth of a second for 200,000 people) follows and takes its place.
        self.ctx.runner.run(first, on_done=self._preview_loaded, on_error=self._failed)
        self.ctx.runner.run(work, on_done=self._ids_loaded, on_error=self._failed)

    def _preview_loaded(self, result: tuple[int, tuple[str, ...]]) -> None:
        generation, ids = result
        if generation == self._generation and not self._complete:
            self.model.set_ids(ids)
            self.shown_generation = generation

    def _ids_loaded(self, result: tuple[int, tuple[str, ...]]) -> None:
        generation, ids = result
        if generation != self._generation:
            return  # typing went on: a newer search is already queued
        self._complete = True
        self.shown_generation = generation
        keep, self._keep_id = self._keep_id, None
        self.model.set_ids(ids)
        self.count.setText(self.tr("%Ln resident(s)", "", len(ids)))
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def _failed(self, error: BaseException) -> None:
        self.count.setText(error_text(error))

    def _fetch_rows(self, ids: Sequence[str]) -> Sequence[ResidentRow | None]:
        # One indexed query of a few milliseconds for the page being painted; the slow ordering
        # of all ids already happened in the background.
        try:
            return self._search.rows_by_ids(self.ctx.actor, ids)
        except Exception as exc:  # noqa: BLE001 - painting must go on; the row stays blank
            self.count.setText(error_text(exc))
            return [None] * len(ids)

    def _typed(self, _text: str) -> None:
        self._debounce.start()  # restarts: the search runs once typing pauses

    def _sort_changed(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.requery()

    # -- opening -------------------------------------------------------------------------------
    def _to_list(self) -> None:
        """Enter in the search box: go to the first match, so a second Enter opens it."""
        self._debounce.stop()
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _open_index(self, index: QModelIndex) -> None:
        resident_id = self.model.resident_id(index.row()) if index.isValid() else None
        if resident_id:
            self.open_resident(resident_id)

    def _show_dialog(self, dialog: ResidentDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._dialog_saved)
        if dialog.key_panel is not None:
            dialog.key_panel.changed.connect(self.due.reload)  # type: ignore[attr-defined]
        dialog.open()

    def _dialog_saved(self) -> None:
        if self.dialog is not None and self.dialog.resident_id:
            self._keep_id = self.dialog.resident_id  # a new person: show where they landed
        self.requery()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.due and self.due.requests == 0:
            self.due.reload()

    # -- importing and exporting -----------------------------------------------------------------
    def choose_import_path(self) -> str:
        """The workbook to import ("" when cancelled); tests replace this."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import residents"), "", self.tr("Spreadsheets (*.xlsx *.xls *.ods)"))
        return path

    def choose_export_path(self) -> str:
        """Where to save the export ("" when cancelled); tests replace this."""
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export residents"), self.tr("residents.xlsx"), self.tr("Excel workbook (*.xlsx)"))
        return path

    def ask_full_ids(self) -> bool | None:
        """Whether to export full ID numbers (None: cancelled); tests replace this."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Export residents"),
                          self.tr("Export the residents you can see to an Excel workbook?"),
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, self)
        full = QCheckBox(self.tr("Include full ID numbers and phone numbers (keep the file safe)"))
        box.setCheckBox(full)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return None
        return full.isChecked()

    def import_file(self) -> ImportDialog | None:
        if not allowed(self.ctx.actor, "residents.import"):
            return None
        path = self.choose_import_path()
        if not path:
            return None
        dialog = ImportDialog(self.ctx, path, self)
        self.import_dialog = dialog
        dialog.imported.connect(self.requery)  # the list shows the new people at once
        dialog.open()
        return dialog

    def export_file(self) -> None:
        actor = self.ctx.actor
        if not allowed(actor, "residents.read"):
            return
        path = self.choose_export_path()
        if not path:
            return
        if Path(path).suffix.lower() != ".xlsx":
            path += ".xlsx"
        full = False  # masked unless asked for, and only offered to those who may export full numbers
        if allowed(actor, "residents.export"):
            answer = self.ask_full_ids()
            if answer is None:
                return
            full = answer
        exporter: ResidentExport = self.ctx.service(ResidentExport)

        def work(task: Task) -> ExportResult:
            return exporter.export(actor, path, full_ids=full)

        self.ctx.runner.run(work, on_done=self._exported, on_error=self._failed,
                            label=self.tr("Exporting residents…"), parent=self)

    def _exported(self, result: ExportResult) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export residents"),
                          self.tr("%Ln resident(s) exported to:", "", result.count) + "\n" + result.path,
                          QMessageBox.StandardButton.Ok, self)
        self.export_message = box
        box.open()
