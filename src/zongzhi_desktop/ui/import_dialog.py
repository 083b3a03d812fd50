"""导入实有人口: read the chosen workbook in the background, show which column feeds which register
field for confirmation (changeable per column), then check (dry run) or import, with the counts, the
rejected rows and their reasons, and where the error workbook was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.resident_import import HEADERS, ImportPreview, ImportResult, ResidentImport
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.resident_dialog import BIG, ERROR_STYLE

SAMPLE_ROWS = 3  # example values per column in the mapping table


class ImportDialog(QDialog):
    """One file's import. `imported` is emitted when rows were written to the register."""

    imported = Signal()

    def __init__(self, ctx: UiContext, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = Path(path)
        self._service: ResidentImport = ctx.service(ResidentImport)
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.busy = False
        self.setWindowTitle(self.tr("Import residents"))
        self.setMinimumSize(860, 640)

        self.file_label = QLabel(self.tr("File: {0}").format(self.path.name), objectName="file_label", wordWrap=True)
        self.header_label = QLabel(objectName="header_label", wordWrap=True)
        self.mapping_table = QTableWidget(0, 3, objectName="mapping_table")
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Register field"), self.tr("Examples")])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.rows_table = QTableWidget(0, 0, objectName="rows_table")
        self.rows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_table.setMaximumHeight(180)
        self.valid_only = QCheckBox(self.tr("Import only rows that pass the checks"), objectName="valid_only")
        self.check_button = QPushButton(self.tr("Check"), objectName="check")
        self.import_button = QPushButton(self.tr("Import"), objectName="import")
        self.close_button = QPushButton(self.tr("Close"), objectName="close")
        for button in (self.check_button, self.import_button, self.close_button):
            button.setStyleSheet(BIG)
            button.setAutoDefault(False)
        self.status = QLabel(objectName="status", wordWrap=True)
        self.counts = QLabel(objectName="counts")
        self.counts.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.note = QLabel(objectName="note", wordWrap=True)
        self.errors_table = QTableWidget(0, 2, objectName="errors_table")
        self.errors_table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Reason")])
        self.errors_table.verticalHeader().setVisible(False)
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.errors_table.horizontalHeader().setStretchLastSection(True)
        self.errors_path = QLabel(objectName="errors_path", wordWrap=True,
                                  textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.addWidget(self.valid_only)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        body = QVBoxLayout(self)
        body.addWidget(self.file_label)
        body.addWidget(self.header_label)
        body.addWidget(QLabel(self.tr("Check which register field each column fills (choose “Ignore” to skip it):")))
        body.addWidget(self.mapping_table, 2)
        body.addWidget(QLabel(self.tr("First rows of the file:")))
        body.addWidget(self.rows_table, 1)
        body.addLayout(buttons)
        body.addWidget(self.status)
        body.addWidget(self.counts)
        body.addWidget(self.note)
        body.addWidget(self.errors_table, 1)
        body.addWidget(self.errors_path)
        self.errors_table.hide()

        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.accept)
        self._set_busy(True)
        self.status.setText(self.tr("Reading the file…"))
        service, actor, path_ = self._service, ctx.actor, self.path

        def work(task: Task) -> ImportPreview:
            return service.preview(actor, path_)

        ctx.runner.run(work, on_done=self._previewed, on_error=self._failed, label=self.tr("Reading the file…"),
                       parent=self)

    def field_names(self) -> dict[str, str]:
        return {
            "name": self.tr("Name"), "sex": self.tr("Sex"), "id_number": self.tr("ID number"),
            "birth_date": self.tr("Date of birth"), "ethnicity": self.tr("Ethnicity"), "phone": self.tr("Phone"),
            "registration_type": self.tr("Category"), "grid": self.tr("Grid"),
            "relation_to_head": self.tr("Relation to household head"), "hukou_address": self.tr("Hukou address"),
            "current_address": self.tr("Current address"), "employer": self.tr("Employer"),
            "occupation": self.tr("Occupation"), "notes": self.tr("Notes"),
        }

    # -- the mapping ---------------------------------------------------------------------------
    def _previewed(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._set_busy(False)
        self.status.setText("")
        self.header_label.setText(self.tr("Sheet “{0}”, header on row {1}, {2} data row(s).").format(
            preview.sheet, preview.header_row, preview.data_rows))
        by_column = {col: f for f, col in preview.mapping.items()}
        names = self.field_names()
        self.mapping_table.setRowCount(len(preview.headers))
        for col, header in enumerate(preview.headers):
            self.mapping_table.setItem(col, 0, QTableWidgetItem(header or self.tr("(column {0})").format(col + 1)))
            combo = QComboBox()
            combo.addItem(self.tr("Ignore"), None)
            for field_name in HEADERS:
                combo.addItem(names.get(field_name, field_name), field_name)
            combo.setCurrentIndex(max(combo.findData(by_column.get(col)), 0) if col in by_column else 0)
            self.mapping_table.setCellWidget(col, 1, combo)
            samples = [row[col] for row in preview.first_rows[:SAMPLE_ROWS] if col < len(row) and row[col]]
            self.mapping_table.setItem(col, 2, QTableWidgetItem("；".join(samples)))
        self.mapping_table.resizeColumnToContents(0)
        self.mapping_table.setColumnWidth(1, 200)
        width = max([len(preview.headers), *(len(r) for r in preview.first_rows)])
        self.rows_table.setColumnCount(width)
        self.rows_table.setHorizontalHeaderLabels([*preview.headers, *[""] * (width - len(preview.headers))])
        self.rows_table.setRowCount(len(preview.first_rows))
        for r, row in enumerate(preview.first_rows):
            for c, value in enumerate(row):
                self.rows_table.setItem(r, c, QTableWidgetItem(value))

    def combo(self, column: int) -> QComboBox:
        return self.mapping_table.cellWidget(column, 1)  # type: ignore[return-value]

    def mapping(self) -> dict[str, int] | None:
        """field -> column as chosen; None (with the reason shown) when it cannot be used."""
        chosen: dict[str, int] = {}
        names = self.field_names()
        for col in range(self.mapping_table.rowCount()):
            field_name = self.combo(col).currentData()
            if field_name is None:
                continue
            if field_name in chosen:
                self._show_problem(self.tr("“{0}” is chosen for two columns.").format(names[field_name]))
                return None
            chosen[field_name] = col
        if "name" not in chosen:
            self._show_problem(self.tr("Choose the column holding the name."))
            return None
        return chosen

    # -- checking and importing ----------------------------------------------------------------
    def check(self) -> None:
        self._run(dry_run=True)

    def start_import(self) -> None:
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if self.preview is None or self.busy:
            return
        mapping = self.mapping()
        if mapping is None:
            return
        self._set_busy(True)
        self._clear_result()
        label = self.tr("Checking the rows…") if dry_run else self.tr("Importing…")
        self.status.setStyleSheet("")
        self.status.setText(label)
        service, actor, path, valid_only = self._service, self.ctx.actor, self.path, self.valid_only.isChecked()

        def work(task: Task) -> tuple[bool, bool, ImportResult]:
            return dry_run, valid_only, service.run(actor, path, valid_only=valid_only, dry_run=dry_run,
                                                    mapping=mapping)

        self.ctx.runner.run(work, on_done=self._finished, on_error=self._failed, label=label, parent=self)

    def _finished(self, outcome: tuple[bool, bool, ImportResult]) -> None:
        dry_run, valid_only, result = outcome
        self.result = result
        self._set_busy(False)
        self.status.setText(self.tr("Check finished (nothing was written).") if dry_run
                            else self.tr("Import finished."))
        self.counts.setText(self.tr("New: {0}   Updated: {1}   Unchanged: {2}   Rejected: {3}").format(
            result.imported, result.updated, result.unchanged, result.rejected))
        if result.written:
            self.note.setStyleSheet("")
            self.note.setText(self.tr("Written to the register.") if not result.rejected else
                              self.tr("The rows that passed were written; the rejected rows were skipped."))
        elif not dry_run and result.rejected and not valid_only:
            self.note.setStyleSheet(ERROR_STYLE)
            self.note.setText(self.tr("Some rows were rejected, so nothing was written. Fix them in the file, "
                                      "or tick “Import only rows that pass the checks”."))
        else:
            self.note.setText("")
        self.errors_table.setRowCount(len(result.errors))
        for r, error in enumerate(result.errors):
            self.errors_table.setItem(r, 0, QTableWidgetItem(str(error.row)))
            self.errors_table.setItem(r, 1, QTableWidgetItem(error.reason))
        self.errors_table.setVisible(bool(result.errors))
        self.errors_path.setText(self.tr("The rejected rows with their reasons were saved to: {0}").format(
            result.errors_path) if result.errors_path else "")
        if result.written and (result.imported or result.updated):
            self.imported.emit()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if self.preview is None:
            self.check_button.setEnabled(False)
            self.import_button.setEnabled(False)
        self._show_problem(error_text(error))

    # -- helpers ---------------------------------------------------------------------------------
    def _show_problem(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)

    def _clear_result(self) -> None:
        self.result = None
        self.counts.setText("")
        self.note.setText("")
        self.errors_path.setText("")
        self.errors_table.setRowCount(0)
        self.errors_table.hide()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.check_button, self.import_button, self.valid_only, self.mapping_table):
            widget.setEnabled(not busy)

    def values(self) -> dict[str, Any]:
        """What is on screen (tests and logs)."""
        return {"counts": self.counts.text(), "note": self.note.text(), "status": self.status.text()}
