"""One case in full: deadline countdown, the steps allowed now as buttons, facts, parties,
attachments, printing, and the whole timeline of who did what, when, from which state to which."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QScrollArea, QStackedLayout, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.domain.case_flow import ACTIONS, STATUS_NAMES
from zongzhi_desktop.files import safe_filename
from zongzhi_desktop.services.attachments import AttachmentService
from zongzhi_desktop.services.dispute_forms import DisputeForms
from zongzhi_desktop.services.dispute_queries import CaseDetail, DisputeQueries, EventView
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.dispute_action_dialog import EXTENSION, OUTCOME, DisputeActionDialog, FormData, button_kinds
from zongzhi_desktop.ui.messages import error_text, show_error

BUTTONS_PER_ROW = 5
KIND_BY_SUFFIX = {**dict.fromkeys((".jpg", ".jpeg", ".png", ".heic"), "photo"),
                  **dict.fromkeys((".mp3", ".m4a", ".amr", ".wav"), "recording"),
                  **dict.fromkeys((".pdf", ".doc", ".docx", ".xls", ".xlsx"), "document")}


class DisputeDetailWidget(QWidget):
    changed = Signal(object)  # CaseDetail

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case: CaseDetail | None = None
        self.data: FormData | None = None
        self.current_dialog: DisputeActionDialog | None = None
        self.action_buttons: dict[str, QPushButton] = {}
        self._generation = 0
        self._focus_after_load = False
        actor = ctx.actor
        # department handlers act too, on their own department's steps (the case lists which)
        self._can_act = allowed(actor, "disputes.act") or allowed(actor, "disputes.department_act")
        self._can_print = allowed(actor, "disputes.print_identity")

        self.placeholder = QLabel(self.tr("Choose a case in the list to see it here."), wordWrap=True,
                                  alignment=Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(objectName="case_title", wordWrap=True, styleSheet="font-size: 15pt; font-weight: bold;")
        self.subtitle = QLabel(objectName="case_subtitle", wordWrap=True)
        self.countdown = QLabel(objectName="countdown")
        self.calendar_note = QLabel(objectName="calendar_note", wordWrap=True, styleSheet="color: #8a6d00;")

        self.actions_box = QGroupBox(self.tr("Next steps"))
        self.actions_grid = QGridLayout(self.actions_box)
        for column in range(BUTTONS_PER_ROW):  # equal widths, so a lone button does not fill the row
            self.actions_grid.setColumnStretch(column, 1)
        self.print_registration = QPushButton(self.tr("Print registration form"), objectName="print_registration")
        self.print_agreement = QPushButton(self.tr("Print mediation agreement"), objectName="print_agreement")
        self.print_registration.clicked.connect(lambda: self.print_form("registration"))
        self.print_agreement.clicked.connect(lambda: self.print_form("agreement"))

        self.info_box = QGroupBox(self.tr("Basic facts"))
        self.info_grid = QGridLayout(self.info_box)
        for column in (1, 3):
            self.info_grid.setColumnStretch(column, 1)
        self.description = QLabel(objectName="description", wordWrap=True,
                                  textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)

        self.parties = _table([self.tr("Role"), self.tr("Name"), self.tr("ID number"), self.tr("Phone")], "parties")
        self.attachments = QListWidget(objectName="attachments", maximumHeight=110)
        self.attachments.itemActivated.connect(self.open_attachment)
        self.open_file = QPushButton(self.tr("Open"), objectName="open_attachment")
        self.add_file = QPushButton(self.tr("Attach a file…"), objectName="add_attachment")
        self.open_file.clicked.connect(lambda: self.open_attachment(self.attachments.currentItem()))
        self.add_file.clicked.connect(self.attach_file)
        self.timeline = _table([self.tr("Time"), self.tr("Step"), self.tr("By"), self.tr("Status"),
                                self.tr("Department"), self.tr("Details")], "timeline")

        content = QWidget()
        body = QVBoxLayout(content)
        for widget in (self.title, self.subtitle, self.countdown, self.calendar_note, self.actions_box):
            body.addWidget(widget)
        body.addLayout(_row(self.print_registration, self.print_agreement))
        body.addWidget(self.info_box)
        body.addWidget(_section(self.tr("What happened"), self.description))
        body.addWidget(_section(self.tr("Parties"), self.parties))
        files = _section(self.tr("Attachments"), self.attachments)
        files.layout().addLayout(_row(self.open_file, self.add_file))  # type: ignore[union-attr]
        body.addWidget(files)
        body.addWidget(_section(self.tr("Timeline"), self.timeline))
        body.addStretch(1)
        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setWidget(content)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.scroll)
        self.setStyleSheet("QPushButton { min-height: 34px; padding: 2px 16px; }")

    # -- loading -----------------------------------------------------------------------------
    def set_form_data(self, data: FormData) -> None:
        self.data = data
        if self.case is not None:
            self.render(self.case)

    def show_case(self, case_no: str, focus: bool = False) -> None:
        """Load and show a case; with `focus`, the keyboard moves to its first step (Enter in the list)."""
        self._focus_after_load = focus
        self._generation += 1
        generation, actor = self._generation, self.ctx.actor
        queries: DisputeQueries = self.ctx.service(DisputeQueries)
        self.ctx.runner.run(lambda task: (generation, queries.show(actor, case_no)),
                            on_done=self._on_loaded, on_error=self._on_load_error)

    def _on_loaded(self, result: tuple[int, CaseDetail]) -> None:
        generation, case = result
        # The clerk may have moved on to another case meanwhile; an unchanged case is not redrawn
        # (no flicker, and a button under the mouse stays where it is).
        if generation != self._generation:
            return
        if case != self.case:
            self.render(case)
        if self._focus_after_load:
            self._focus_after_load = False
            first = next(iter(self.action_buttons.values()), None)
            (first or self.scroll).setFocus()

    def _on_load_error(self, error: BaseException) -> None:
        self.case = None
        self.placeholder.setText(error_text(error))
        self.stack.setCurrentWidget(self.placeholder)

    # -- showing -----------------------------------------------------------------------------
    def render(self, case: CaseDetail) -> None:
        if self.case is None or self.case.case_no != case.case_no:
            self.scroll.verticalScrollBar().setValue(0)  # another case starts at its top
        self.case = case
        self.stack.setCurrentWidget(self.scroll)
        self.title.setText(case.title)
        flags = [self._name("supervision_level", case.supervision)] if case.supervision else []
        flags += [self.tr("Major")] if case.is_major else []
        flags += [self.tr("Concurrent changes: please check")] if case.concurrent else []
        self.subtitle.setText("　".join([case.case_no, case.status_name, *flags]))
        text, colour = self._countdown(case)
        self.countdown.setText(text)
        self.countdown.setStyleSheet(f"color: {colour}; font-size: 13pt; font-weight: bold;")
        self.calendar_note.setText(case.calendar_note or "")
        self.calendar_note.setVisible(bool(case.calendar_note))
        self._render_buttons(case)
        self._render_info(case)
        self.description.setText(case.description or self.tr("(not recorded)"))
        _fill(self.parties, [(p.role, p.name, p.id_number or "—", p.phone or "—") for p in case.parties])
        self.attachments.clear()
        for a in case.attachments:
            item = QListWidgetItem(f"{a.filename}（{_size(a.size)}）")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.attachments.addItem(item)
        if not case.attachments:
            empty = QListWidgetItem(self.tr("No attachments yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.attachments.addItem(empty)
        else:
            self.attachments.setCurrentRow(0)
        self.open_file.setEnabled(bool(case.attachments))
        self.add_file.setVisible(self._can_act)
        _fill(self.timeline, [(e.at[:16], e.action_name, e.actor, self._transition(e), e.department or "",
                               self._details(e)) for e in case.events])
        self.print_registration.setVisible(self._can_print)
        self.print_agreement.setVisible(self._can_print and any(e.action == "resolve" for e in case.events))

    def _countdown(self, case: CaseDetail) -> tuple[str, str]:
        deadline = self.tr("Deadline: ") + (case.deadline or "—") + "　"
        if case.overdue == "accept":
            return deadline + self.tr("Not accepted in time"), "#a31515"
        if case.days_left is None:
            late = case.overdue == "closed_late"
            return deadline + (self.tr("Closed late") if late else self.tr("Finished, no longer counting")), "#555555"
        if case.days_left < 0:
            return deadline + self.tr("%n day(s) overdue", "", -case.days_left), "#a31515"
        colour = "#b35c00" if case.days_left <= 3 else "#1e6b2e"
        today = self.tr(" (due today)") if case.days_left == 0 else ""
        return deadline + self.tr("%n day(s) left", "", case.days_left) + today, colour

    def _render_buttons(self, case: CaseDetail) -> None:
        _empty(self.actions_grid)
        self.action_buttons = {}
        kinds = button_kinds(case.allowed_actions) if self._can_act else []
        pending = "approve-extension" in case.allowed_actions
        labels = {OUTCOME: self.tr("Record outcome"),
                  EXTENSION: self.tr("Decide extension") if pending else self.tr("Extension")}
        for n, kind in enumerate(kinds):
            button = QPushButton(labels.get(kind) or ACTIONS[kind].name, objectName=f"action_{kind}")
            button.clicked.connect(lambda _=False, k=kind: self.open_action(k))
            self.action_buttons[kind] = button
            self.actions_grid.addWidget(button, n // BUTTONS_PER_ROW, n % BUTTONS_PER_ROW)
        if not kinds:
            reason = self.tr("No further steps for this case.") if self._can_act else \
                self.tr("Your role can read cases but not handle them.")
            self.actions_grid.addWidget(QLabel(reason), 0, 0)

    def _render_info(self, case: CaseDetail) -> None:
        _empty(self.info_grid)
        outcome = {"success": self.tr("Succeeded"), "failed": self.tr("Failed")}.get(case.outcome or "", "")
        pairs = [
            (self.tr("Category"), case.category_name), (self.tr("Channel"), case.channel_name),
            (self.tr("Grid"), case.grid_name or ""), (self.tr("Occurred on"), case.occurred_on or ""),
            (self.tr("Place"), case.place or ""), (self.tr("People involved"), str(case.people_involved)),
            (self.tr("Amount (yuan)"), case.amount_yuan or ""), (self.tr("Registered"), case.registered_at[:16]),
            (self.tr("Accept by"), case.accept_due or ""), (self.tr("Resolve by"), case.deadline or ""),
            (self.tr("Mediation type"), self._name("mediation_type", case.mediation_type)),
            (self.tr("Outcome"), outcome), (self.tr("Kind of closure"), self._name("closure_kind", case.closure_kind)),
        ]
        for n, (label, value) in enumerate(pairs):
            caption = QLabel(label + self.tr(": "), styleSheet="color: #555555;")
            shown = QLabel(value or "—", wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_grid.addWidget(caption, n // 2, (n % 2) * 2)
            self.info_grid.addWidget(shown, n // 2, (n % 2) * 2 + 1)

    def _name(self, kind: str, code: str | None) -> str:
        return (self.data.choices.name(kind, code) if self.data else code) if code else ""

    def _transition(self, e: EventView) -> str:
        before, after = STATUS_NAMES.get(e.from_status or "", ""), STATUS_NAMES.get(e.to_status or "", "")
        return f"{before} → {after}" if before and after and before != after else (after or before)

    def _details(self, e: EventView) -> str:
        d = e.data
        parts = [e.note or ""]
        if d.get("department_names"):
            parts.append(self.tr("Sent to: ") + "、".join(d["department_names"]))
        labelled = [
            ("mediation_type", self.tr("Mediation type: "), "mediation_type"), ("agreement", self.tr("Agreement: "), None),
            ("responsibilities", self.tr("Responsibilities: "), None), ("performance_method", self.tr("How: "), None),
            ("performance_place", self.tr("Where: "), None), ("performance_deadline", self.tr("By: "), None),
            ("referral", self.tr("Referred to: "), "referral"), ("satisfaction", self.tr("Satisfaction: "), "satisfaction"),
            ("followup", self.tr("Performance: "), "followup"), ("closure_kind", self.tr("Closure: "), "closure_kind"),
            ("level", self.tr("Level: "), "supervision_level"), ("filename", self.tr("File: "), None),
        ]
        for key, label, kind in labelled:
            if d.get(key):
                parts.append(label + (self._name(kind, d[key]) if kind else str(d[key])))
        if d.get("mediators"):
            parts.append(self.tr("Mediators: ") + "、".join(d["mediators"]))
        if d.get("days"):
            parts.append(self.tr("%n working day(s)", "", int(d["days"])))
        if e.action == "resolve" and d.get("form"):
            parts.append(self._name("agreement_form", d["form"]))
        if e.action == "print" and d.get("form"):
            parts.append(self.tr("Printed: ") + self._form_name(d["form"]))
        return "；".join(p for p in parts if p)

    # -- doing -------------------------------------------------------------------------------
    def open_action(self, kind: str) -> DisputeActionDialog | None:
        if self.case is None or self.data is None:
            return None
        if self.current_dialog is not None:
            self.current_dialog.deleteLater()  # one dialog at a time; the last one is kept for its result
        dialog = DisputeActionDialog(self.ctx, self.case, kind, self.data, self)
        dialog.submitted.connect(self._on_changed)
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _on_changed(self, case: CaseDetail) -> None:  # after a step, an attachment or a print
        self.render(case)
        self.changed.emit(case)

    def attach_file(self) -> None:
        source = self.choose_file() if self.case is not None else None
        if source is None or self.case is None:
            return
        service: AttachmentService = self.ctx.service(AttachmentService)
        queries: DisputeQueries = self.ctx.service(DisputeQueries)
        actor, case_no, kind = self.ctx.actor, self.case.case_no, KIND_BY_SUFFIX.get(source.suffix.lower(), "other")

        def work(task: Any) -> CaseDetail:
            service.add(actor, case_no, source, kind=kind)
            return queries.show(actor, case_no)

        self.ctx.runner.run(work, on_done=self._on_changed, on_error=self._on_action_error,
                            label=self.tr("Attaching the file…"), parent=self)

    def open_attachment(self, item: QListWidgetItem | None) -> None:
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        service: AttachmentService = self.ctx.service(AttachmentService)
        actor, attachment_id = self.ctx.actor, item.data(Qt.ItemDataRole.UserRole)

        def work(task: Any) -> Path:
            # Stored files are sealed; a decrypted copy under its (made safe) name lets the system pick the program.
            return service.open_copy(actor, attachment_id)

        self.ctx.runner.run(work, on_done=self.open_path, on_error=self._on_action_error)

    def print_form(self, form: str) -> None:
        target = self.choose_save_path(safe_filename(f"{self.case.case_no}-{self._form_name(form)}.pdf")) if self.case else None
        if target is None or self.case is None:
            return
        forms: DisputeForms = self.ctx.service(DisputeForms)
        queries: DisputeQueries = self.ctx.service(DisputeQueries)
        actor, case_no = self.ctx.actor, self.case.case_no

        def work(task: Any) -> tuple[Path, CaseDetail]:
            return forms.print_form(actor, case_no, form, target), queries.show(actor, case_no)

        self.ctx.runner.run(work, on_done=self._on_printed, on_error=self._on_action_error,
                            label=self.tr("Making the PDF…"), parent=self)

    def _form_name(self, form: str) -> str:
        return {"registration": self.tr("registration form"), "agreement": self.tr("mediation agreement")}.get(form, form)

    def _on_printed(self, result: tuple[Path, CaseDetail]) -> None:
        path, case = result
        self._on_changed(case)  # printing is recorded in the timeline
        self.open_path(path)

    def _on_action_error(self, error: BaseException) -> None:  # a bound method: runner callbacks need one
        show_error(self, error)

    # Seams for tests: file pickers and the system's viewer.
    def choose_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a file"))
        return Path(name) if name else None

    def choose_save_path(self, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the PDF"), str(Path(folder) / suggested),
                                              self.tr("PDF files (*.pdf)"))
        return Path(name) if name else None

    def open_path(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _empty(layout: QGridLayout) -> None:
    while layout.count():
        if (widget := layout.takeAt(0).widget()) is not None:
            widget.setParent(None)  # gone at once, so nothing finds a stale button by name
            widget.deleteLater()


def _row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _section(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name, wordWrap=True,
                         editTriggers=QAbstractItemView.EditTrigger.NoEditTriggers,
                         selectionBehavior=QAbstractItemView.SelectionBehavior.SelectRows,
                         verticalScrollBarPolicy=Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    # Wrapped notes get taller or shorter when the column width changes: refit the whole table then.
    header.sectionResized.connect(lambda *_: _fit(table))
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    _fit(table)


def _fit(table: QTableWidget) -> None:
    """Make a small read-only table as tall as its rows (the page scrolls, not the table)."""
    table.resizeRowsToContents()
    for r in range(table.rowCount()):  # a little air around each line: these rows are read, not scanned
        table.setRowHeight(r, table.rowHeight(r) + 8)
    header = table.horizontalHeader().height()
    table.setFixedHeight(header + max(table.verticalHeader().length(), 30) + 2 * table.frameWidth())


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} KB"
