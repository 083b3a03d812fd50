"""Key populations (重点人员) in the GUI: one resident's records, their own fields and visits, and the
visits-due list of the whole township (or of a grid worker's grids)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.domain.fields import normalize_phone
from zongzhi_desktop.services.key_persons import KeyPersonRecord, KeyPersonRow, KeyPersonService, VisitDue
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.services.resident_search import CodeChoice, ResidentSearch
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.resident_dialog import BIG, GuardedDialog

KINDS = ("key_population", "attention_level", "visit_method")
Choices = dict[str, tuple[CodeChoice, ...]]


def qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate.currentDate()


def fill_combo(combo: QComboBox, choices: Sequence[CodeChoice], current: str | None = None) -> None:
    combo.clear()
    for choice in choices:
        combo.addItem(choice.name, choice.code)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)


def make_table(headers: Sequence[str], stretch: int | None = None) -> QTableWidget:
    """A small, fully loaded read-only list (records, visits, the due list)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(34)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        table.horizontalHeader().setStretchLastSection(True)
    else:  # the free-text column gets the room
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def set_rows(table: QTableWidget, rows: Sequence[Sequence[Any]], keys: Sequence[Any]) -> None:
    table.setRowCount(len(rows))
    for r, (values, key) in enumerate(zip(rows, keys)):
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate(), calendarPopup=True, displayFormat="yyyy-MM-dd")
    edit.setMaximumDate(QDate.currentDate())  # records are of what happened, not plans
    return edit


class KeyPersonDialog(GuardedDialog):
    """Register a resident as a key person, or change a record (the type stays fixed)."""

    def __init__(self, ctx: UiContext, resident_id: str, choices: Choices, record: KeyPersonRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._resident_id, self._choices, self._record = resident_id, choices, record
        self.setWindowTitle(self.tr("Key population record"))
        self.setMinimumWidth(520)
        self.type = QComboBox(objectName="kp_type")
        fill_combo(self.type, choices.get("key_population", ()), record.type_code if record else None)
        self.type.setEnabled(record is None)
        self.level = QComboBox(objectName="kp_level")
        fill_combo(self.level, choices.get("attention_level", ()), record.attention_level if record else "normal")
        self.helper = QLineEdit((record.helper_name or "") if record else "", objectName="kp_helper")
        self.helper_phone = QLineEdit((record.helper_phone or "") if record else "", objectName="kp_helper_phone")
        self.started = _date_edit()
        self.started.setDate(qdate(record.started_on if record else None))
        self.interval = QSpinBox(minimum=0, maximum=365, objectName="kp_interval")
        self.interval.setSpecialValueText(self.tr("By attention level"))
        self.interval.setSuffix(self.tr(" days"))
        self.interval.setValue(record.visit_interval_days if record else 0)
        self.notes = QPlainTextEdit((record.notes or "") if record else "", objectName="kp_notes")
        self.notes.setFixedHeight(70)
        self.notes.setTabChangesFocus(True)  # Tab leaves the box, as in every other field
        self.form.addRow(self.tr("Type"), self.type)
        self.form.addRow(self.tr("Attention level"), self.level)
        self.form.addRow(self.tr("Helper"), self.helper)
        self.form.addRow(self.tr("Helper's phone"), self.helper_phone)
        self.form.addRow(self.tr("Managed since"), self.started)
        self.form.addRow(self.tr("Visit every"), self.interval)
        self.form.addRow(self.tr("Notes"), self.notes)
        self._details_at = self.form.rowCount() - 1  # the type's own fields go in before the notes
        self.detail_edits: dict[str, QLineEdit] = {}
        self.type.currentIndexChanged.connect(self._build_details)
        self._build_details()
        self.track(self.type, self.level, self.helper, self.helper_phone, self.started, self.interval, self.notes)
        self.mark_clean()
        self._before = self._values()

    def snapshot(self) -> tuple[Any, ...]:
        return super().snapshot() + tuple(e.text().strip() for e in self.detail_edits.values())

    def _build_details(self) -> None:
        """The type's own fields (from the county's code table) appear under the common ones."""
        for edit in self.detail_edits.values():
            self.form.removeRow(edit)  # deletes the old type's label and field
        code = self.type.currentData()
        fields = next((c.fields for c in self._choices.get("key_population", ()) if c.code == code), ())
        values = self._record.details if self._record else {}
        self.detail_edits = {key: QLineEdit(values.get(key, ""), objectName=f"detail_{key}") for key, _ in fields}
        for n, (key, label) in enumerate(fields):
            self.form.insertRow(self._details_at + n, label, self.detail_edits[key])
        chain = [self.type, self.level, self.helper, self.helper_phone, self.started, self.interval,
                 *self.detail_edits.values(), self.notes, self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:]):  # the fields were made in another order
            QWidget.setTabOrder(first, second)

    def _values(self) -> dict[str, Any]:
        return {
            "attention_level": self.level.currentData(), "helper_name": self.helper.text().strip(),
            "helper_phone": self.helper_phone.text().strip(),
            "details": {k: e.text().strip() for k, e in self.detail_edits.items()},
            "visit_interval_days": self.interval.value() or None, "started_on": self.started.date().toPython(),
            "notes": self.notes.toPlainText().strip(),
        }

    def save(self) -> None:
        try:
            phone = normalize_phone(self.helper_phone.text(), "帮教人员电话")
        except Exception as exc:  # noqa: BLE001 - an InputError whose text says what is wrong
            self.message.setText(str(exc))
            self.helper_phone.setFocus()
            return
        svc: KeyPersonService = self.ctx.service(KeyPersonService)
        actor, rid, record, type_code = self.ctx.actor, self._resident_id, self._record, self.type.currentData()
        values = self._values()
        if record is None:
            values["helper_phone"] = phone
            self.run_save(lambda task: svc.add(actor, rid, type_code, **values))
            return
        # Only what was changed: an untouched interval must keep following the attention level.
        changes = {k: v for k, v in values.items() if v != self._before[k]}
        if "helper_phone" in changes:
            changes["helper_phone"] = phone
        self.run_save(lambda task: svc.update(actor, record.id, **changes))


class VisitDialog(GuardedDialog):
    """Record one visit (走访) to a key person."""

    def __init__(self, ctx: UiContext, key_person_id: str, name: str, methods: Sequence[CodeChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._key_person_id = key_person_id
        self.setWindowTitle(self.tr("Record a visit — {0}").format(name))
        self.setMinimumWidth(480)
        self.visited = _date_edit()
        self.method = QComboBox(objectName="visit_method")
        fill_combo(self.method, methods)
        self.visitor = QLineEdit(objectName="visitor", placeholderText=ctx.actor.display_name or ctx.actor.username)
        self.summary = QPlainTextEdit(objectName="summary")
        self.findings = QPlainTextEdit(objectName="findings")
        self.findings.setFixedHeight(70)
        for box in (self.summary, self.findings):
            box.setTabChangesFocus(True)
        self.form.addRow(self.tr("Date"), self.visited)
        self.form.addRow(self.tr("Method"), self.method)
        self.form.addRow(self.tr("Visited by"), self.visitor)
        self.form.addRow(self.tr("What was found"), self.summary)
        self.form.addRow(self.tr("Problems"), self.findings)
        self.track(self.visited, self.method, self.visitor, self.summary, self.findings)
        self.mark_clean()

    def save(self) -> None:
        svc: KeyPersonService = self.ctx.service(KeyPersonService)
        actor, kp = self.ctx.actor, self._key_person_id
        when, method = self.visited.date().toPython(), self.method.currentData() or "home"
        visitor, summary, findings = self.visitor.text(), self.summary.toPlainText(), self.findings.toPlainText()
        self.run_save(lambda task: svc.record_visit(actor, kp, when, visitor=visitor, method=method,
                                                    summary=summary, findings=findings))


class EndDialog(GuardedDialog):
    """Stop managing a person as this type; the record and its visits stay."""

    def __init__(self, ctx: UiContext, key_person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._key_person_id = key_person_id
        self.setWindowTitle(self.tr("End management"))
        self.ended = _date_edit()
        self.reason = QLineEdit(objectName="end_reason")
        self.form.addRow(self.tr("Ended on"), self.ended)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.track(self.ended, self.reason)
        self.mark_clean()

    def save(self) -> None:
        svc: KeyPersonService = self.ctx.service(KeyPersonService)
        actor, kp, when, why = self.ctx.actor, self._key_person_id, self.ended.date().toPython(), self.reason.text()
        self.run_save(lambda task: svc.end(actor, kp, when, why))


class KeyPersonPanel(QWidget):
    """One resident's key-population records, the selected record's own fields and its visits."""

    changed = Signal()

    def __init__(self, ctx: UiContext, resident_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._resident_id = ctx, resident_id
        self.choices: Choices = {}
        self.records: tuple[KeyPersonRecord, ...] = ()
        self.dialog: QDialog | None = None
        self._keep: str | None = None  # the record to select after a reload
        self.add_button = QPushButton(self.tr("Register as key person"), objectName="kp_add")
        self.edit_button = QPushButton(self.tr("Edit record"), objectName="kp_edit")
        self.end_button = QPushButton(self.tr("End management"), objectName="kp_end")
        self.visit_button = QPushButton(self.tr("Record a visit"), objectName="kp_visit")
        bar = QHBoxLayout()
        for button, slot in ((self.add_button, self.add_record), (self.edit_button, self.edit_record),
                             (self.end_button, self.end_record), (self.visit_button, self.record_visit)):
            button.setStyleSheet(BIG)
            button.setEnabled(False)  # until the code tables and records have arrived
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        self.table = make_table([self.tr("Type"), self.tr("Attention level"), self.tr("Managed since"),
                                 self.tr("Last visit"), self.tr("Next visit due"), self.tr("Ended on")])
        self.table.setObjectName("kp_records")
        self.table.itemSelectionChanged.connect(self._selected)
        self.details = QLabel(objectName="kp_details", wordWrap=True)
        self.visits = make_table([self.tr("Date"), self.tr("Method"), self.tr("Visited by"),
                                  self.tr("What was found"), self.tr("Problems")], stretch=3)
        self.visits.setObjectName("kp_visits")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.details)
        layout.addWidget(QLabel(self.tr("Visits")))
        layout.addWidget(self.visits, 3)
        self.reload()

    def reload(self) -> None:
        svc: KeyPersonService = self.ctx.service(KeyPersonService)
        search: ResidentSearch = self.ctx.service(ResidentSearch)
        actor, rid = self.ctx.actor, self._resident_id
        self.ctx.runner.run(lambda task: (search.code_choices(actor, KINDS), svc.list_for_resident(actor, rid)),
                            on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[Choices, tuple[KeyPersonRecord, ...]]) -> None:
        self.choices, self.records = result
        self.add_button.setEnabled(allowed(self.ctx.actor, "keypersons.write"))
        set_rows(self.table, [(r.type_name, r.attention_level_name, r.started_on, r.last_visit_on, r.next_visit_due,
                               r.ended_on) for r in self.records], [r.id for r in self.records])
        if self.records:
            ids = [r.id for r in self.records]
            row = ids.index(self._keep) if self._keep in ids else 0
            self.table.blockSignals(True)  # the same row may be selected already: show it explicitly
            self.table.selectRow(row)
            self.table.blockSignals(False)
            self._selected()
        else:
            self.details.setText(self.tr("Not registered as a key person."))
            self.visits.setRowCount(0)
            for button in (self.edit_button, self.end_button, self.visit_button):
                button.setEnabled(False)

    def _failed(self, error: BaseException) -> None:
        self.details.setText(error_text(error))

    def current(self) -> KeyPersonRecord | None:
        row = self.table.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _selected(self) -> None:
        record = self.current()
        if record is None:
            return
        writable = allowed(self.ctx.actor, "keypersons.write")
        self.edit_button.setEnabled(writable)
        for button in (self.end_button, self.visit_button):  # an ended record takes no visits
            button.setEnabled(writable and record.ended_on is None)
        shown = [f"{label}：{record.details[key]}" for key, label in record.detail_labels.items() if record.details.get(key)]
        if record.helper_name:
            shown.insert(0, self.tr("Helper: {0}").format(record.helper_name))
        self.details.setText("　".join(shown))
        svc: KeyPersonService = self.ctx.service(KeyPersonService)
        actor, kp = self.ctx.actor, record.id
        self.ctx.runner.run(lambda task: svc.visits(actor, kp), on_done=self._visits_loaded, on_error=self._failed)

    def _visits_loaded(self, visits: tuple[Any, ...]) -> None:
        set_rows(self.visits, [(v.visited_on, v.method_name, v.visitor, v.summary, v.findings) for v in visits],
                 [v.id for v in visits])

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._dialog_saved)
        dialog.open()

    def _dialog_saved(self) -> None:
        saved = self.dialog.result_value if isinstance(self.dialog, GuardedDialog) else None
        # Stay on the record just saved or visited, wherever it now sorts.
        self._keep = getattr(saved, "key_person_id", None) or getattr(saved, "id", None)
        self.reload()
        self.changed.emit()

    def add_record(self) -> None:
        self._open(KeyPersonDialog(self.ctx, self._resident_id, self.choices, None, self))

    def edit_record(self) -> None:
        if (record := self.current()) is not None:
            self._open(KeyPersonDialog(self.ctx, self._resident_id, self.choices, record, self))

    def end_record(self) -> None:
        if (record := self.current()) is not None and record.ended_on is None:
            self._open(EndDialog(self.ctx, record.id, self))

    def record_visit(self) -> None:
        if (record := self.current()) is not None and record.ended_on is None:
            self._open(VisitDialog(self.ctx, record.id, record.resident_name, self.choices.get("visit_method", ()), self))


class VisitsDuePanel(QWidget):
    """重点人员: whose visit is due (most overdue first), or every key person under management."""

    open_resident = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: Sequence[KeyPersonRow] = ()
        self.requests = 0  # a counter: only the newest request's answer is shown
        self.mode = QComboBox(objectName="kp_mode")
        self.mode.addItem(self.tr("Visits due"), "due")
        self.mode.addItem(self.tr("All key persons"), "all")
        self.within = QSpinBox(minimum=0, maximum=90, value=7, objectName="within_days")
        self.within.setSuffix(self.tr(" days ahead, and overdue"))
        self.count = QLabel(objectName="kp_count")
        open_button = QPushButton(self.tr("Open resident"), objectName="kp_open")
        open_button.setStyleSheet(BIG)
        open_button.clicked.connect(self.open_current)
        bar = QHBoxLayout()
        for widget in (self.mode, self.within, self.count):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(open_button)
        self.table = make_table([self.tr("Name"), self.tr("ID number"), self.tr("Grid"), self.tr("Type"),
                                 self.tr("Attention level"), self.tr("Last visit"), self.tr("Visit due on"),
                                 self.tr("Overdue")])
        self.table.setObjectName("due_table")
        self.table.activated.connect(self.open_current)  # Enter or double-click
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.mode.currentIndexChanged.connect(self.reload)
        self.within.valueChanged.connect(self.reload)

    def show_mode(self, mode: str) -> None:
        index = self.mode.findData(mode)
        if index >= 0 and index != self.mode.currentIndex():
            self.mode.setCurrentIndex(index)  # reloads
        else:
            self.reload()

    def reload(self) -> None:
        self.requests += 1
        generation, actor, mode, within = self.requests, self.ctx.actor, self.mode.currentData(), self.within.value()
        self.within.setEnabled(mode == "due")
        svc: KeyPersonService = self.ctx.service(KeyPersonService)

        def work(task: Task) -> tuple[int, Sequence[KeyPersonRow]]:
            if mode == "due":
                return generation, svc.visits_due(actor, date.today(), within)
            rows: list[KeyPersonRow] = []
            after = None
            while True:  # a township has a few thousand at most: load them all, page by page
                task.check()
                page = svc.list(actor, limit=1000, after=after)
                rows.extend(page.rows)
                if page.next_after is None:
                    return generation, rows
                after = page.next_after

        self.ctx.runner.run(work, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[int, Sequence[KeyPersonRow]]) -> None:
        generation, rows = result
        if generation != self.requests:
            return  # an older request finished after a newer one was made
        self.rows = rows
        set_rows(self.table, [(r.resident_name, r.id_number_masked, r.grid_name, r.type_name, r.attention_level_name,
                               r.last_visit_on, r.next_visit_due, self._overdue(r)) for r in rows],
                 [r.resident_id for r in rows])
        for n, r in enumerate(rows):
            if isinstance(r, VisitDue) and r.days_overdue > 0:
                self.table.item(n, 7).setForeground(QColor("#b00020"))
        self.count.setText(self.tr("%n person(s)", "", len(rows)))

    def _overdue(self, row: KeyPersonRow) -> str:
        if not isinstance(row, VisitDue):
            return ""
        if row.days_overdue > 0:
            return self.tr("%n day(s) overdue", "", row.days_overdue)
        if row.days_overdue == 0:
            return self.tr("Due today")
        return self.tr("Due in %n day(s)", "", -row.days_overdue)

    def _failed(self, error: BaseException) -> None:
        self.count.setText(error_text(error))

    def open_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.open_resident.emit(self.rows[row].resident_id)
