"""报表: preview the month's 矛盾纠纷排查化解月报 figures, save the workbook as a draft or submit it.

Saving runs exactly what `zongzhi report monthly` runs (compute → next revision → workbook → record),
in the background runner; a submitted month is frozen and a later save becomes a correction (更正).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.reports.monthly_xlsx import Stamp, write_monthly_report
from zongzhi_desktop.services.monthly_report import MonthlyFigures, MonthlyReportService, ReportRecord, Row
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import confirm, show_error
from zongzhi_desktop.ui.page import Page


@dataclass(frozen=True)
class Preview:
    figures: MonthlyFigures
    history: list[ReportRecord]


@dataclass(frozen=True)
class Saved:
    figures: MonthlyFigures
    history: list[ReportRecord]
    record: ReportRecord | None  # None: the account may only export, nothing was recorded
    path: Path
    sha256: str


def last_month(today: date | None = None) -> QDate:
    today = today or date.today()
    return QDate(today.year - 1, 12, 1) if today.month == 1 else QDate(today.year, today.month - 1, 1)


class ReportsPage(Page):
    key = "reports"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.figures: MonthlyFigures | None = None
        self.history: list[ReportRecord] = []
        self.last_saved: Saved | None = None
        self.may_record = allowed(ctx.actor, "disputes.act")

        self.month = QDateEdit(last_month(), objectName="month")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setMaximumDate(QDate.currentDate())
        self.month.dateChanged.connect(self._month_changed)
        self.preview_button = QPushButton(self.tr("Preview"), objectName="preview")
        self.preview_button.clicked.connect(self.preview)
        self.draft_button = QPushButton(self.tr("Save draft") if self.may_record else self.tr("Export"),
                                        objectName="save_draft")
        self.draft_button.clicked.connect(self.save_draft)
        self.submit_button = QPushButton(self.tr("Submit"), objectName="submit")
        self.submit_button.clicked.connect(self.submit)
        self.submit_button.setEnabled(self.may_record)
        if not self.may_record:
            self.submit_button.setToolTip(self.tr("Only centre staff and administrators can submit the report."))

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.month)
        bar.addWidget(self.preview_button)
        bar.addStretch(1)
        bar.addWidget(self.draft_button)
        bar.addWidget(self.submit_button)

        self.status = QLabel(self.tr("Choose a month and click Preview."), objectName="status")
        self.status.setWordWrap(True)
        self.saved = QLabel("", objectName="saved")
        self.saved.setWordWrap(True)
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.headers = [self.tr("Category"), self.tr("Carried over"), self.tr("New this month"), self.tr("Of which major"),
                        self.tr("Accepted"), self.tr("Mediated"), self.tr("Successful"), self.tr("Success rate (%)"),
                        self.tr("Still open"), self.tr("Overdue")]
        self.table = QTableWidget(0, len(self.headers), objectName="preview_table")
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        box = QGroupBox(self.tr("Disputes found and resolved, by category (first sheet of the workbook)"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(box, 1)
        layout.addWidget(self.saved)

    def title(self) -> str:
        return self.tr("Reports")

    def activate(self, **filters: Any) -> None:
        self.month.setFocus()

    def month_text(self) -> str:
        return self.month.date().toString("yyyy-MM")

    # -- preview -----------------------------------------------------------------------------
    def preview(self) -> None:
        month, store, actor = self.month_text(), self.ctx.store, self.ctx.actor

        def work(task: Task) -> Preview:
            service = MonthlyReportService(store)
            figures = service.compute(actor, month)
            task.check()
            return Preview(figures, service.history(actor, month))

        self._busy(True)
        self.ctx.runner.run(work, on_done=self._previewed, on_error=self._failed,
                            label=self.tr("Computing the figures of {0}…").format(month), parent=self)

    def _previewed(self, result: Preview) -> None:
        self._busy(False)
        self._show(result.figures, result.history)

    def _show(self, figures: MonthlyFigures, history: list[ReportRecord]) -> None:
        self.figures, self.history = figures, history
        rows = [*figures.categories, figures.total]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(self.row_values(row, total=row is figures.total)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.status.setText(self.status_text(figures.month, history))

    def row_values(self, row: Row, total: bool = False) -> list[str]:
        m = row.month
        return [self.tr("Total") if total else row.name, str(m.carried), str(m.new), str(m.major), str(m.accepted),
                str(m.mediated), str(m.success), f"{m.success_rate:.2f}", str(m.still_open), str(m.overdue)]

    def status_text(self, month: str, history: list[ReportRecord]) -> str:
        if not history:
            return self.tr("{0}: not saved yet.").format(month)
        last = history[-1]
        if last.status == "submitted":
            when = last.submitted_at.strftime("%Y-%m-%d %H:%M") if last.submitted_at else ""
            return self.tr("{0}: revision {1} submitted {2} by {3}. Its figures are frozen; saving again "
                           "makes a correction (revision {4}).").format(month, last.revision, when,
                                                                        last.submitted_by or "", last.revision + 1)
        if last.note:
            return self.tr("{0}: correction, revision {1}, draft (not submitted yet).").format(month, last.revision)
        return self.tr("{0}: revision {1}, draft (not submitted yet).").format(month, last.revision)

    # -- save / submit -----------------------------------------------------------------------
    def ask_path(self, suggested: str) -> str:
        """The file to write ('' when the user cancels); tests replace this."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the monthly report"), suggested,
                                              self.tr("Excel workbook (*.xlsx)"))
        return path

    def save_draft(self) -> None:
        self._save(submit=False)

    def submit(self) -> None:
        month = self.month_text()
        if not confirm(self, self.tr("Submit the report"),
                            self.tr("Submit the report of {0}? Once submitted, the month's figures are frozen: "
                                    "a later save becomes a correction with a new revision.").format(month)):
            return
        self._save(submit=True)

    def _save(self, *, submit: bool) -> None:
        month = self.month_text()
        chosen = self.ask_path(f"{month}矛盾纠纷排查化解月报.xlsx")
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        store, actor = self.ctx.store, self.ctx.actor

        def work(task: Task) -> Saved:  # the same calls as `report monthly` (cli_commands/report_cmds.py)
            service = MonthlyReportService(store)
            may_record = allowed(actor, "disputes.act")
            if submit and not may_record:
                raise PermissionDenied("reports.submit_denied")
            figures = service.compute(actor, month)
            task.check()
            revision, correction = service.next_revision(actor, figures.month)
            stamp = Stamp(prepared_by=actor.display_name or actor.username, revision=revision,
                          status="submitted" if submit else "draft", correction=correction)
            task.check()
            service.record_export(actor, figures, out)  # on record before the file exists
            sha = write_monthly_report(figures, out, stamp)
            record = service.save(actor, figures, sha, submit=submit) if may_record else None
            return Saved(figures, service.history(actor, month), record, out, sha)

        label = self.tr("Submitting the report of {0}…") if submit else self.tr("Saving the report of {0}…")
        self._busy(True)
        self.ctx.runner.run(work, on_done=self._saved, on_error=self._failed, label=label.format(month), parent=self)

    def _saved(self, result: Saved) -> None:
        self._busy(False)
        self.last_saved = result
        self._show(result.figures, result.history)
        record, month, path = result.record, result.figures.month, str(result.path)
        if record is None:
            text = self.tr("Exported the report of {0} to {1} (this account may only view reports, so no draft "
                           "was recorded).").format(month, path)
        elif record.status == "submitted":
            text = self.tr("Submitted revision {1} of the report of {0}; it goes to the county at the next "
                           "sync. Saved to {2}").format(month, record.revision, path)
        elif record.note:
            text = self.tr("The report of {0} was already submitted; saved a correction (revision {1}, draft) "
                           "to {2}").format(month, record.revision, path)
        else:
            text = self.tr("Saved the report of {0} (revision {1}, draft) to {2}").format(month, record.revision, path)
        self.saved.setText(text)

    # -- shared ------------------------------------------------------------------------------
    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        show_error(self, error)

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.draft_button):
            button.setEnabled(not busy)
        self.submit_button.setEnabled(not busy and self.may_record)

    def _month_changed(self) -> None:
        self.figures, self.history = None, []
        self.table.setRowCount(0)
        self.saved.clear()
        self.status.setText(self.tr("Choose a month and click Preview."))
