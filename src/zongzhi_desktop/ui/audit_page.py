"""审计日志: who opened, revealed, exported, printed, imported or deleted personal data; chain check (admins)."""

from __future__ import annotations

from datetime import date, timezone
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.audit import ACTIONS, AuditRecord, AuditService, ChainReport, action_name
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import show_error
from zongzhi_desktop.ui.page import Page

OK_STYLE = "color: #1b5e20; font-weight: bold;"
BROKEN_STYLE = "color: #b00020; font-weight: bold;"
DEFAULT_DAYS = 30  # a month of entries opens quickly; the filters reach further back


def qdate_to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AuditPage(Page):
    key = "audit"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.records: tuple[AuditRecord, ...] = ()
        self.report: ChainReport | None = None
        self.may_read = allowed(ctx.actor, "audit.read")

        self.user = QComboBox(objectName="user")
        self.user.addItem(self.tr("All users"), None)
        self.action = QComboBox(objectName="action")
        self.action.addItem(self.tr("All actions"), None)
        for code in ACTIONS:
            self.action.addItem(action_name(code), code)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-DEFAULT_DAYS), objectName="since", calendarPopup=True)
        self.until = QDateEdit(today, objectName="until", calendarPopup=True)
        for edit in (self.since, self.until):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search_button = QPushButton(self.tr("Search"), objectName="search")
        self.search_button.clicked.connect(self.reload)
        self.verify_button = QPushButton(self.tr("Verify chain"), objectName="verify")
        self.verify_button.setToolTip(self.tr("Recompute every device's hash chain and show the first broken link."))
        self.verify_button.clicked.connect(self.verify)

        bar = QHBoxLayout()
        for label, widget in ((self.tr("User"), self.user), (self.tr("Action"), self.action),
                              (self.tr("From"), self.since), (self.tr("To"), self.until)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search_button)
        bar.addStretch(1)
        bar.addWidget(self.verify_button)

        self.chain = QLabel(self.tr("Chain not checked yet."), objectName="chain", wordWrap=True)
        self.count = QLabel("", objectName="count")
        self.headers = [self.tr("Time"), self.tr("User"), self.tr("Role"), self.tr("Action"), self.tr("Record"),
                        self.tr("Details"), self.tr("Device / no.")]
        self.table = QTableWidget(0, len(self.headers), objectName="entries")
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.chain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        if not self.may_read:
            for widget in (self.user, self.action, self.since, self.until, self.search_button, self.verify_button):
                widget.setEnabled(False)
            self.chain.setText(self.tr("Only administrators can view the audit log."))

    def title(self) -> str:
        return self.tr("Audit log")

    def activate(self, **filters: Any) -> None:
        if self.may_read:
            self.reload()

    # -- entries -----------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        return {"user": self.user.currentData(), "action": self.action.currentData(),
                "since": qdate_to_date(self.since.date()), "until": qdate_to_date(self.until.date())}

    def reload(self) -> None:
        service: AuditService = self.ctx.service(AuditService)
        actor, wanted = self.ctx.actor, self.filters()

        def work(task: Task) -> tuple[tuple[str, ...], tuple[AuditRecord, ...]]:
            return service.users(actor), service.list(actor, **wanted)

        self.search_button.setEnabled(False)
        self.ctx.runner.run(work, on_done=self._loaded, on_error=self._failed, parent=self)

    def _loaded(self, result: tuple[tuple[str, ...], tuple[AuditRecord, ...]]) -> None:
        users, records = result
        self.search_button.setEnabled(True)
        chosen = self.user.currentData()
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem(self.tr("All users"), None)
        for name in users:
            self.user.addItem(name, name)
        self.user.setCurrentIndex(max(0, self.user.findData(chosen)))
        self.user.blockSignals(False)
        self.show_records(records)

    def show_records(self, records: tuple[AuditRecord, ...]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            for col, value in enumerate(self.row_values(record)):
                item = QTableWidgetItem(value)
                if col == 4 and record.subject_id:
                    item.setToolTip(record.subject_id)
                self.table.setItem(row, col, item)
        self.count.setText(self.tr("{0} entries").format(len(records)))

    @staticmethod
    def row_values(r: AuditRecord) -> list[str]:
        local = r.at.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        # ids are time-ordered (their first digits are alike): the tail tells records apart
        subject = f"{r.subject_name} …{r.subject_id[-8:]}" if r.subject_id else r.subject_name
        return [local, r.username, r.role_name, r.action_name, subject, r.detail_text, f"{r.device_id[:8]} / {r.seq}"]

    # -- chain -------------------------------------------------------------------------------
    def verify(self) -> None:
        service: AuditService = self.ctx.service(AuditService)
        actor = self.ctx.actor
        self.verify_button.setEnabled(False)
        self.chain.setText(self.tr("Checking…"))
        self.ctx.runner.run(lambda task: service.verify(actor), on_done=self._verified, on_error=self._failed,
                            parent=self)

    def _verified(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        self.report = report
        self.chain.setStyleSheet(OK_STYLE if report.ok else BROKEN_STYLE)
        self.chain.setText(report.message())

    def _failed(self, error: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.verify_button.setEnabled(True)
        show_error(self, error)
