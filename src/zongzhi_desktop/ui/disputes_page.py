"""矛盾纠纷: the filter bar, the case list (loaded page by page as you scroll) and the selected
case's detail side by side; the dashboard's numbers open it through `activate(**filters)`."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

from zongzhi_desktop.domain.case_flow import STATUS_NAMES
from zongzhi_desktop.services.dispute_queries import CaseDetail
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.ui import dispute_table_model as cols
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.dispute_action_dialog import FormData, fill_combo, load_form_data
from zongzhi_desktop.ui.dispute_detail import DisputeDetailWidget
from zongzhi_desktop.ui.dispute_intake_dialog import IntakeDialog
from zongzhi_desktop.ui.dispute_table_model import DisputeTableModel, IdRole
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.page import Page

FILTER_DELAY_MS = 300  # typing in the search box waits for a pause before querying
EARLIEST = QDate(2000, 1, 1)
COLUMN_WIDTHS = {cols.COL_TITLE: 175, cols.COL_STATUS: 90, cols.COL_COUNTDOWN: 100, cols.COL_FLAGS: 90,
                 cols.COL_CATEGORY: 120, cols.COL_GRID: 130, cols.COL_REGISTERED: 135, cols.COL_DEADLINE: 100}


class DisputesPage(Page):
    key = "disputes"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: FormData | None = None
        self.intake_dialog: IntakeDialog | None = None
        self._pending: dict[str, Any] | None = None  # activate() before the pick lists arrived
        self._due_before: date | None = None
        self._closed_from: date | None = None
        self._in_progress = False
        self._select_after_load: str | None = None
        self._new_after_load = False
        self.setStyleSheet("QPushButton { min-height: 32px; padding: 2px 14px; } "
                           "QComboBox, QLineEdit, QDateEdit { min-height: 28px; }")

        self.search = QLineEdit(objectName="search", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search by case number or title (Ctrl+F)"))
        self.new_button = QPushButton(self.tr("Register a case (Ctrl+N)"), objectName="new_case")
        self.new_button.setVisible(allowed(ctx.actor, "disputes.intake"))
        self.new_button.clicked.connect(self.new_item)
        self.status = QComboBox(objectName="status_filter")
        fill_combo(self.status, list(STATUS_NAMES.items()), self.tr("All statuses"))
        self.category = QComboBox(objectName="category_filter")
        self.grid = QComboBox(objectName="grid_filter")
        self.department = QComboBox(objectName="department_filter")
        for combo, everything in ((self.category, self.tr("All categories")), (self.grid, self.tr("All grids")),
                                  (self.department, self.tr("All departments"))):
            fill_combo(combo, [], everything)
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.use_dates = QCheckBox(self.tr("Registered between"), objectName="use_dates")
        self.date_from = QDateEdit(EARLIEST, objectName="date_from", calendarPopup=True)
        self.date_to = QDateEdit(QDate.currentDate(), objectName="date_to", calendarPopup=True)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.overdue = QCheckBox(self.tr("Overdue only"), objectName="overdue_filter")
        self.supervised = QCheckBox(self.tr("Supervised only"), objectName="supervised_filter")
        self.due_note = QLabel(objectName="due_note")
        self.due_note.setStyleSheet("color: #1e5aa8;")
        self.clear_filters = QPushButton(self.tr("Clear filters"), objectName="clear_filters")
        self.clear_filters.clicked.connect(lambda: self.activate())
        self.count = QLabel(objectName="count")

        self.model = DisputeTableModel(ctx, self)
        self.table = QTableView(objectName="cases")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open)  # Enter (and double-click) opens the case
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = DisputeDetailWidget(ctx)
        self.detail.changed.connect(self._case_changed)

        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.refresh)
        # A short pause before loading the detail, so arrowing down the list does not queue every case.
        self._detail_timer = QTimer(self, singleShot=True, interval=120)
        self._detail_timer.timeout.connect(self._show_current)
        self.search.textChanged.connect(self._filter_timer.start)
        self.search.returnPressed.connect(self.refresh)
        for combo in (self.status, self.category, self.grid, self.department):
            combo.currentIndexChanged.connect(self.refresh)
        for box in (self.overdue, self.supervised, self.use_dates):
            box.toggled.connect(self.refresh)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._filter_timer.start)
        self.use_dates.toggled.connect(self._enable_dates)
        self._enable_dates(False)
        self.model.loading_changed.connect(self._show_count)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self._load_failed)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        row1 = QHBoxLayout()
        for label, combo in ((self.tr("Status"), self.status), (self.tr("Category"), self.category),
                             (self.tr("Grid"), self.grid), (self.tr("Department"), self.department)):
            row1.addWidget(QLabel(label))
            row1.addWidget(combo, 1)
        row2 = QHBoxLayout()
        for widget in (self.use_dates, self.date_from, QLabel(self.tr("to")), self.date_to, self.overdue,
                       self.supervised, self.due_note):
            row2.addWidget(widget)
        row2.addStretch(1)
        row2.addWidget(self.clear_filters)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="split")
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        for row in (top, row1, row2):
            layout.addLayout(row)
        layout.addWidget(splitter, 1)

        store, actor = ctx.store, ctx.actor
        ctx.runner.run(lambda task: load_form_data(store, actor), on_done=self._on_form_data, on_error=self._load_failed)

    def title(self) -> str:
        return self.tr("Disputes")

    # -- filters ---------------------------------------------------------------------------------
    def activate(self, **filters: Any) -> None:
        """Show the cases matching `filters` (every other filter is cleared); unknown keys are ignored."""
        if self.data is None:
            self._pending = filters
            return
        widgets = (self.search, self.status, self.category, self.grid, self.department, self.use_dates,
                   self.date_from, self.date_to, self.overdue, self.supervised)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.search.setText(str(filters.get("query") or ""))
            for combo, key in ((self.status, "status"), (self.category, "category"), (self.grid, "grid_id"),
                               (self.department, "department_id")):
                combo.setCurrentIndex(max(0, combo.findData(filters.get(key))))
            self.overdue.setChecked(bool(filters.get("overdue")))
            self.supervised.setChecked(bool(filters.get("supervised")))
            start, end = filters.get("registered_from"), filters.get("registered_to")
            self.use_dates.setChecked(bool(start or end))
            self.date_from.setDate(_qdate(start) if isinstance(start, date) else EARLIEST)
            self.date_to.setDate(_qdate(end) if isinstance(end, date) else QDate.currentDate())
            due = filters.get("due_before")
            self._due_before = due if isinstance(due, date) else None
            closed = filters.get("closed_from")
            self._closed_from = closed if isinstance(closed, date) else None
            self._in_progress = bool(filters.get("in_progress"))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._enable_dates(self.use_dates.isChecked())
        notes = []  # filters the bar has no widget for (they come from the dashboard's cards)
        if self._due_before:
            notes.append(self.tr("Deadline on or before ") + self._due_before.isoformat())
        if self._in_progress:
            notes.append(self.tr("In progress only"))
        if self._closed_from:
            notes.append(self.tr("Closed since ") + self._closed_from.isoformat())
        self.due_note.setText("；".join(notes))
        self.refresh()

    def filters(self) -> dict[str, Any]:
        """The DisputeQueries.list keywords the filter bar stands for now."""
        out: dict[str, Any] = {}
        if self.search.text().strip():
            out["query"] = self.search.text().strip()
        for combo, key in ((self.status, "status"), (self.category, "category"), (self.grid, "grid_id"),
                           (self.department, "department_id")):
            if combo.currentData() is not None:
                out[key] = combo.currentData()
        if self.overdue.isChecked():
            out["overdue"] = True
        if self.supervised.isChecked():
            out["supervised"] = True
        if self.use_dates.isChecked():
            out["registered_from"] = self.date_from.date().toPython()
            out["registered_to"] = self.date_to.date().toPython()
        if self._due_before:
            out["due_before"] = self._due_before
        if self._in_progress:
            out["in_progress"] = True
        if self._closed_from:
            out["closed_from"] = self._closed_from
        return out

    def refresh(self) -> None:
        self._filter_timer.stop()
        if self.data is not None:
            self.model.set_filters(self.filters())

    def _enable_dates(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- loading ---------------------------------------------------------------------------------
    def _on_form_data(self, data: FormData) -> None:
        # Filled before `data` is set, so filling the lists does not start a query per list.
        fill_combo(self.category, [(c.code, c.name if not c.parent else "　" + c.name)
                                   for c in data.choices.of("dispute_category")], self.tr("All categories"))
        fill_combo(self.grid, [(g.id, g.name) for g in data.grids], self.tr("All grids"))
        fill_combo(self.department, [(d.id, d.name) for d in data.departments], self.tr("All departments"))
        self.data = data
        self.model.set_supervision_names({c.code: c.name for c in data.choices.of("supervision_level")})
        self.detail.set_form_data(data)
        pending, self._pending = self._pending, None
        self.activate(**(pending or {}))
        if self._new_after_load:
            self._new_after_load = False
            self.new_item()

    def _show_count(self, loading: bool = False) -> None:
        if loading:
            self.count.setText(self.tr("Loading…"))
            return
        n = self.model.rowCount()
        text = self.tr("%n case(s) shown", "", n) if n else self.tr("No cases match these filters.")
        self.count.setText(text + (self.tr(" — scroll down for more") if self.model.has_more else ""))

    def _page_loaded(self, rows: int) -> None:
        self._show_count(False)
        if self._select_after_load:
            row = self.model.row_of(self._select_after_load)
            self._select_after_load = None  # one try: a filter may hide the new case, and that is fine
            if row >= 0:
                self.table.selectRow(row)

    def _load_failed(self, error: BaseException) -> None:
        self.count.setText(error_text(error))

    # -- the selected case -----------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            self._detail_timer.start()

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.detail.show_case(index.data(IdRole))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self._detail_timer.stop()
            self.detail.show_case(index.data(IdRole), focus=True)

    def _case_changed(self, case: CaseDetail) -> None:
        self.model.update_case(case)

    # -- new cases -------------------------------------------------------------------------------
    def new_item(self) -> None:
        """Ctrl+N: the intake form (once the pick lists are loaded)."""
        if not allowed(self.ctx.actor, "disputes.intake"):
            return
        if self.data is None:
            self._new_after_load = True
            return
        if self.intake_dialog is not None and self.intake_dialog.isVisible():
            self.intake_dialog.raise_()
            self.intake_dialog.activateWindow()
            return
        if self.intake_dialog is not None:
            self.intake_dialog.deleteLater()  # closed; its draft, if kept, lives in memory elsewhere
        dialog = IntakeDialog(self.ctx, self.data, self)
        dialog.created.connect(self._on_created)
        self.intake_dialog = dialog
        dialog.open()

    def _on_created(self, case: CaseDetail) -> None:
        self._select_after_load = case.case_no
        self.detail.render(case)
        self.refresh()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
