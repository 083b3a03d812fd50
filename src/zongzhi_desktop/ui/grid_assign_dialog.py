"""The two small forms of the 网格 page: put a worker on a grid (定人、定岗、定责) and end a post."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.services.codes import code_options
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.ui.background import Task

DATE_FORMAT = "yyyy-MM-dd"


@dataclass(frozen=True)
class AssignRequest:
    worker_id: str
    role: str
    start_date: date
    duty: str | None


@dataclass(frozen=True)
class AssignChoices:
    """What the assign dialog offers: workers not on the grid yet, and the posts."""

    workers: tuple[tuple[str, str], ...]  # (worker id, label)
    roles: tuple[tuple[str, str], ...]  # (grid_role code, name)
    has_leader: bool


def load_choices(store: Store, actor: Actor, grid_id: str, task: Task) -> AssignChoices:
    """Background work for the dialog: services only, never a widget."""
    service = GridService(store)
    current = service.list_assignments(actor, grid_id)
    on_grid = {a.worker_id for a in current}
    workers = []
    for w in service.list_workers(actor):
        if w.id in on_grid or w.status != "active":
            continue
        # Where the worker already serves helps choose between namesakes and spread the load.
        posts = "、".join(a.grid_name for a in w.assignments)
        workers.append((w.id, f"{w.name}（{w.employment_name}）" + (f" — {posts}" if posts else "")))
    return AssignChoices(tuple(workers), code_options(store, "grid_role"), any(a.role == "leader" for a in current))


def _date_edit(value: date, minimum: date | None = None) -> QDateEdit:
    edit = QDateEdit(QDate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    if minimum is not None:
        edit.setMinimumDate(QDate(minimum))
    return edit


class GridAssignDialog(QDialog):
    """Choose a worker, a post (grid_role code), the first day and the duties; the service checks the rules."""

    def __init__(self, grid_name: str, workers: Sequence[tuple[str, str]], roles: Sequence[tuple[str, str]],
                 default_role: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assign a grid worker"))
        self.setMinimumWidth(460)
        self.worker = QComboBox(objectName="assign_worker")
        for worker_id, label in workers:
            self.worker.addItem(label, worker_id)
        self.role = QComboBox(objectName="assign_role")
        for code, name in roles:
            self.role.addItem(name, code)
        if default_role is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(default_role)))
        self.start = _date_edit(date.today())
        self.start.setObjectName("assign_start")
        self.duty = QPlainTextEdit(objectName="assign_duty")
        self.duty.setPlaceholderText(self.tr("For example: household visits, conflict screening, key-person follow-up"))
        self.duty.setFixedHeight(80)

        form = QFormLayout()
        form.addRow(self.tr("Grid"), QLabel(grid_name))
        form.addRow(self.tr("Grid worker"), self.worker)
        form.addRow(self.tr("Post"), self.role)
        form.addRow(self.tr("Start date"), self.start)
        form.addRow(self.tr("Duties"), self.duty)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Assign"))
        ok.setEnabled(self.worker.count() > 0)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if not self.worker.count():
            layout.addWidget(QLabel(self.tr("Every grid worker already holds a post on this grid.")))
        layout.addWidget(self.buttons)

    def request(self) -> AssignRequest:
        duty = self.duty.toPlainText().strip()
        return AssignRequest(self.worker.currentData(), self.role.currentData(), self.start.date().toPython(),
                             duty or None)

    @classmethod
    def ask(cls, parent: QWidget | None, grid_name: str, workers: Sequence[tuple[str, str]],
            roles: Sequence[tuple[str, str]], default_role: str | None = None) -> AssignRequest | None:
        dialog = cls(grid_name, workers, roles, default_role, parent)
        try:
            return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class EndAssignmentDialog(QDialog):
    """The last day of a post; the record stays, for the history of who was responsible when."""

    def __init__(self, worker_name: str, grid_name: str, started: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("End a post"))
        self.end = _date_edit(max(date.today(), started), minimum=started)
        self.end.setObjectName("end_date")
        form = QFormLayout()
        form.addRow(self.tr("Grid worker"), QLabel(worker_name))
        form.addRow(self.tr("Grid"), QLabel(grid_name))
        form.addRow(self.tr("Last day"), self.end)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("End post"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("The post stays in the grid's history.")))
        layout.addWidget(buttons)

    def end_date(self) -> date:
        return self.end.date().toPython()

    @classmethod
    def ask(cls, parent: QWidget | None, worker_name: str, grid_name: str, started: date) -> date | None:
        dialog = cls(worker_name, grid_name, started, parent)
        try:
            return dialog.end_date() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
