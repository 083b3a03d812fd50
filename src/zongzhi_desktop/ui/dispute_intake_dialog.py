"""Registering a new case (统一受理): the facts on the left, the parties on the right with a lookup
in the resident register as you type; closing with unsaved input asks, and can keep a draft."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit,
    QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.dispute_queries import CaseDetail
from zongzhi_desktop.services.disputes import DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.services.resident_search import ResidentRow, ResidentSearch
from zongzhi_desktop.services.residents import ResidentDetail, ResidentService
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.dispute_action_dialog import FIELD_STYLE, FormData, fill_combo
from zongzhi_desktop.ui.messages import error_text

# Drafts live in memory for this run only: a half-typed case is not a record until it is registered.
_DRAFTS: dict[str, dict[str, Any]] = {}
COL_ROLE, COL_NAME, COL_ID, COL_PHONE, COL_ADDRESS = range(5)
LINK_ROLE = Qt.ItemDataRole.UserRole  # on the name cell: the resident id; on id/phone cells: the full value
NO_DATE = QDate(1900, 1, 1)  # the date edit's minimum, shown as "not given"


class IntakeDialog(QDialog):
    created = Signal(object)  # CaseDetail of the registered case

    def __init__(self, ctx: UiContext, data: FormData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.data = ctx, data
        self.created_case: CaseDetail | None = None
        self._busy = False
        self._search_generation = 0
        self.setWindowTitle(self.tr("Register a dispute"))
        self.setStyleSheet(FIELD_STYLE)
        self.resize(1180, 720)
        choices = data.choices
        worker = ctx.actor.role == "grid_worker"

        self.title = QLineEdit(objectName="title", placeholderText=self.tr("e.g. Boundary dispute over a homestead"))
        self.category1 = QComboBox(objectName="category1")
        self.category2 = QComboBox(objectName="category2")
        fill_combo(self.category1, [(c.code, c.name) for c in choices.of("dispute_category") if not c.parent],
                   self.tr("Main class"))
        self.category1.currentIndexChanged.connect(self._fill_subclasses)
        self._fill_subclasses()
        self.channel = QComboBox(objectName="channel")
        fill_combo(self.channel, [(c.code, c.name) for c in choices.of("dispute_channel")], self.tr("Please choose"))
        self.grid = QComboBox(objectName="grid")
        fill_combo(self.grid, [(g.id, g.name) for g in data.grids],
                   self.tr("Please choose") if worker else self.tr("(not in a grid)"))
        if worker:
            self.channel.setCurrentIndex(max(0, self.channel.findData("grid")))
            if len(data.grids) == 1:
                self.grid.setCurrentIndex(1)
        self.occurred = QDateEdit(objectName="occurred", calendarPopup=True, displayFormat="yyyy-MM-dd",
                                  minimumDate=NO_DATE, maximumDate=QDate.currentDate(),
                                  specialValueText=self.tr("not given"))
        self.occurred.setDate(NO_DATE)
        self.place = QLineEdit(objectName="place")
        self.people = QSpinBox(objectName="people", minimum=1, maximum=100_000, value=2)
        self.amount = QLineEdit(objectName="amount", placeholderText=self.tr("yuan, may be left empty"))
        self.amount.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,11}(\.\d{0,2})?"), self))
        self.risk = QComboBox(objectName="risk")
        fill_combo(self.risk, [(c.code, c.name) for c in choices.of("risk_level")], self.tr("Please choose"))
        self.risk.setCurrentIndex(max(0, self.risk.findData("low")))
        self.major = QCheckBox(self.tr("Major dispute (report to the leaders)"), objectName="major")
        self.description = QPlainTextEdit(objectName="description",
                                          placeholderText=self.tr("Who, what, since when, what the parties ask for"))

        facts = QGroupBox(self.tr("The dispute"))
        form = QFormLayout(facts)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        category = QHBoxLayout()
        category.addWidget(self.category1, 1)
        category.addWidget(self.category2, 1)
        for label, field in ((self.tr("Title *"), self.title), (self.tr("Category *"), category),
                             (self.tr("Channel *"), self.channel),
                             (self.tr("Grid *") if worker else self.tr("Grid"), self.grid),
                             (self.tr("Occurred on"), self.occurred), (self.tr("Place"), self.place),
                             (self.tr("People involved"), self.people), (self.tr("Amount"), self.amount),
                             (self.tr("Risk"), self.risk), ("", self.major), (self.tr("Description"), self.description)):
            form.addRow(label, field)

        self.lookup = QLineEdit(objectName="lookup", placeholderText=self.tr("Name, pinyin, ID or phone digits"),
                                clearButtonEnabled=True)
        self.results = QListWidget(objectName="results", maximumHeight=150, spacing=2)
        self.results.itemActivated.connect(self.pick)
        self.pick_button = QPushButton(self.tr("Add as party"), objectName="pick")
        self.pick_button.clicked.connect(lambda: self.pick(self.results.currentItem()))
        self._search_timer = QTimer(self, singleShot=True, interval=250)  # search when typing pauses
        self._search_timer.timeout.connect(self._search)
        self.lookup.textChanged.connect(self._search_timer.start)
        self.lookup.returnPressed.connect(self._lookup_enter)
        self.parties = QTableWidget(0, 5, objectName="parties_table")
        self.parties.setHorizontalHeaderLabels([self.tr("Role"), self.tr("Name *"), self.tr("ID number"),
                                                self.tr("Phone"), self.tr("Address")])
        self.parties.verticalHeader().setVisible(False)
        self.parties.verticalHeader().setDefaultSectionSize(36)
        self.parties.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parties.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.parties.horizontalHeader().setStretchLastSection(True)
        for column, width in ((COL_ROLE, 110), (COL_NAME, 90), (COL_ID, 170), (COL_PHONE, 120)):
            self.parties.setColumnWidth(column, width)
        self.parties.itemChanged.connect(self._update)
        self.add_row = QPushButton(self.tr("Add a row"), objectName="add_row")
        self.remove_row = QPushButton(self.tr("Remove selected row"), objectName="remove_row")
        self.add_row.clicked.connect(lambda: self.add_party())
        self.remove_row.clicked.connect(self._remove_party)

        people_box = QGroupBox(self.tr("Parties"))
        people = QVBoxLayout(people_box)
        people.addWidget(QLabel(self.tr("Choose from the resident register:")))
        lookup_row = QHBoxLayout()
        lookup_row.addWidget(self.lookup, 1)
        lookup_row.addWidget(self.pick_button)
        people.addLayout(lookup_row)
        people.addWidget(self.results)
        people.addWidget(QLabel(self.tr("Or type the party in a new row (people not in the register):")))
        people.addWidget(self.parties, 1)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_row)
        row_buttons.addWidget(self.remove_row)
        row_buttons.addStretch(1)
        people.addLayout(row_buttons)

        self.draft_note = QLabel(objectName="draft_note", styleSheet="color: #1e5aa8;")
        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.message = QLabel(objectName="message", wordWrap=True, styleSheet="color: #a31515;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Register"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(facts, 5)
        columns.addWidget(people_box, 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_note)
        layout.addLayout(columns, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # Tab goes down the facts, then to the parties, then to the buttons: the order of the paper form.
        chain = [self.title, self.category1, self.category2, self.channel, self.grid, self.occurred, self.place,
                 self.people, self.amount, self.risk, self.major, self.description, self.lookup, self.pick_button,
                 self.results, self.parties, self.add_row, self.remove_row, self.ok]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        for signal in (self.title.textChanged, self.category2.currentIndexChanged, self.channel.currentIndexChanged,
                       self.grid.currentIndexChanged):
            signal.connect(self._update)
        self._empty = self.snapshot()
        draft = _DRAFTS.get(ctx.actor.username)
        if draft:
            self.restore(draft)
            self.draft_note.setText(self.tr("The draft you kept earlier has been restored."))
        self.draft_note.setVisible(bool(draft))
        self._update()

    # -- categories and parties ----------------------------------------------------------------
    def _fill_subclasses(self) -> None:
        parent = self.category1.currentData()
        children = [(c.code, c.name) for c in self.data.choices.of("dispute_category") if parent and c.parent == parent]
        fill_combo(self.category2, children, self.tr("Subclass"))
        if len(children) == 1:
            self.category2.setCurrentIndex(1)
        self.category2.setEnabled(bool(children))

    def add_party(self, name: str = "", id_number: str = "", phone: str = "", address: str = "", role: str | None = None,
                  resident_id: str | None = None, shown_id: str = "", shown_phone: str = "") -> int:
        """A party row; one picked from the register keeps its link and shows masked numbers."""
        row = self.parties.rowCount()
        self.parties.blockSignals(True)
        self.parties.insertRow(row)
        roles = QComboBox()
        fill_combo(roles, [(c.code, c.name) for c in self.data.choices.of("party_role")], self.tr("Role"))
        roles.removeItem(0)  # every party has a role; the first is the applicant
        roles.setCurrentIndex(max(0, roles.findData(role or ("applicant" if row == 0 else "respondent"))))
        self.parties.setCellWidget(row, COL_ROLE, roles)
        linked = resident_id is not None
        for column, text, full in ((COL_NAME, name, resident_id), (COL_ID, shown_id or id_number, id_number),
                                   (COL_PHONE, shown_phone or phone, phone), (COL_ADDRESS, address, None)):
            item = QTableWidgetItem(text)
            item.setData(LINK_ROLE, full)
            if linked and column != COL_ADDRESS:  # taken from the register: change it there, not here
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(self.tr("From the resident register (change it there)"))
            self.parties.setItem(row, column, item)
        self.parties.blockSignals(False)
        self._update()
        return row

    def _remove_party(self) -> None:
        for row in sorted({i.row() for i in self.parties.selectedIndexes()} or {self.parties.currentRow()}, reverse=True):
            if row >= 0:
                self.parties.removeRow(row)
        self._update()

    def party_rows(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.parties.rowCount()):
            cell = {c: self.parties.item(row, c) for c in (COL_NAME, COL_ID, COL_PHONE, COL_ADDRESS)}
            text = {c: (i.text().strip() if i else "") for c, i in cell.items()}
            full = {c: (i.data(LINK_ROLE) if i else None) for c, i in cell.items()}
            roles = self.parties.cellWidget(row, COL_ROLE)
            linked = full[COL_NAME]
            out.append({"name": text[COL_NAME], "role": roles.currentData() if isinstance(roles, QComboBox) else None,
                        "resident_id": linked, "address": text[COL_ADDRESS],
                        "id_number": (full[COL_ID] or "") if linked else text[COL_ID],
                        "phone": (full[COL_PHONE] or "") if linked else text[COL_PHONE],
                        "shown_id": text[COL_ID] if linked else "", "shown_phone": text[COL_PHONE] if linked else ""})
        return out

    # -- looking people up ---------------------------------------------------------------------
    def _search(self) -> None:
        self._search_generation += 1
        generation, text, actor = self._search_generation, self.lookup.text(), self.ctx.actor
        search: ResidentSearch = self.ctx.service(ResidentSearch)
        self.ctx.runner.run(lambda task: (generation, search.search(actor, text, limit=30).rows),
                            on_done=self._on_results, on_error=self._on_error)

    def _on_results(self, result: tuple[int, tuple[ResidentRow, ...]]) -> None:
        generation, rows = result
        if generation != self._search_generation:
            return  # typing went on; a newer search is on its way
        self.results.clear()
        sexes = {"1": self.tr("male"), "2": self.tr("female")}
        for r in rows:
            born = self.tr("born {0}").format(r.birth_date.year) if r.birth_date else ""
            item = QListWidgetItem("　".join(filter(None, [r.name, sexes.get(r.sex or ""), born, r.id_number, r.grid_name])))
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.results.addItem(item)
        if rows:
            self.results.setCurrentRow(0)
        elif self.lookup.text().strip():
            self.results.addItem(QListWidgetItem(self.tr("Nobody found. Type the party in a new row below.")))

    def _lookup_enter(self) -> None:
        self._search_timer.stop()
        item = self.results.currentItem()
        if item is not None and isinstance(item.data(Qt.ItemDataRole.UserRole), ResidentRow):
            self.pick(item)
        else:
            self._search()

    def pick(self, item: QListWidgetItem | None) -> None:
        """Add the chosen resident as a party, with the full numbers fetched in the background."""
        row = item.data(Qt.ItemDataRole.UserRole) if item else None
        if not isinstance(row, ResidentRow) or any(p["resident_id"] == row.id for p in self.party_rows()):
            return
        service: ResidentService = self.ctx.service(ResidentService)
        actor = self.ctx.actor
        reveal = allowed(actor, "residents.reveal")
        self.ctx.runner.run(lambda task: (row, service.get(actor, row.id, reveal=reveal)),
                            on_done=self._on_picked, on_error=self._on_error)

    def _on_picked(self, result: tuple[ResidentRow, ResidentDetail]) -> None:
        row, person = result
        full = person.id_number if person.id_number and "*" not in person.id_number else ""
        phone = person.phone if person.phone and "*" not in person.phone else ""
        self.add_party(person.name, full, phone, person.current_address or person.hukou_address or "",
                       resident_id=person.id, shown_id=row.id_number or "", shown_phone=row.phone or "")
        self.lookup.clear()
        self.results.clear()

    # -- validating and submitting ---------------------------------------------------------------
    def missing(self) -> list[str]:
        out = []
        if not self.title.text().strip():
            out.append(self.tr("title"))
        if self.category2.currentData() is None:
            out.append(self.tr("category"))
        if self.channel.currentData() is None:
            out.append(self.tr("channel"))
        if self.ctx.actor.role == "grid_worker" and self.grid.currentData() is None:
            out.append(self.tr("grid"))
        parties = self.party_rows()
        if not any(p["name"] for p in parties):
            out.append(self.tr("at least one party"))
        elif any(not p["name"] and (p["id_number"] or p["phone"] or p["address"]) for p in parties):
            out.append(self.tr("the name of every party"))
        return out

    def _update(self) -> None:
        missing = self.missing()
        self.hint.setText(self.tr("Still needed: ") + "、".join(missing) if missing else "")
        self.ok.setEnabled(not missing and not self._busy)

    def intake(self) -> IntakeInput:
        occurred = self.occurred.date()
        return IntakeInput(
            title=self.title.text().strip(), category=self.category2.currentData() or self.category1.currentData() or "",
            channel=self.channel.currentData() or "", grid=self.grid.currentData(),
            occurred_on=None if occurred == NO_DATE else occurred.toPython(), place=self.place.text().strip() or None,
            people_involved=self.people.value(), amount_yuan=self.amount.text().strip() or None,
            description=self.description.toPlainText().strip() or None, risk_level=self.risk.currentData() or "low",
            is_major=self.major.isChecked(),
            parties=tuple(PartyInput(p["name"], p["role"] or "applicant", p["id_number"] or None, p["phone"] or None,
                                     p["address"] or None, p["resident_id"]) for p in self.party_rows() if p["name"]),
        )

    def submit(self) -> None:
        if self.missing() or self._busy:
            self._update()
            return
        service: DisputeService = self.ctx.service(DisputeService)
        actor, data = self.ctx.actor, self.intake()
        self._busy = True
        self.message.setText(self.tr("Registering…"))
        self._update()
        self.ctx.runner.run(lambda task: service.register(actor, data), on_done=self._on_done, on_error=self._on_error,
                            label=self.tr("Registering…"), parent=self)

    def _on_done(self, case: CaseDetail) -> None:
        self._busy = False
        _DRAFTS.pop(self.ctx.actor.username, None)
        self.created_case = case
        self.created.emit(case)
        super().accept()

    def _on_error(self, error: BaseException) -> None:
        self._busy = False
        self.message.setText(error_text(error))  # the service says which field is wrong and why
        self._update()

    def accept(self) -> None:
        self.submit()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        # Enter in a field (the lookup above all) must not register the case by accident: only on 登记.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is not self.ok:
            return
        super().keyPressEvent(event)

    # -- drafts ----------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        return {
            "title": self.title.text(), "category1": self.category1.currentData(),
            "category2": self.category2.currentData(), "channel": self.channel.currentData(),
            "grid": self.grid.currentData(), "occurred": self.occurred.date().toPython(), "place": self.place.text(),
            "people": self.people.value(), "amount": self.amount.text(), "risk": self.risk.currentData(),
            "major": self.major.isChecked(), "description": self.description.toPlainText(),
            "parties": [p for p in self.party_rows() if any(p[k] for k in ("name", "id_number", "phone", "address"))],
        }

    def restore(self, draft: dict[str, Any]) -> None:
        for combo, key in ((self.category1, "category1"), (self.category2, "category2"), (self.channel, "channel"),
                           (self.grid, "grid"), (self.risk, "risk")):
            combo.setCurrentIndex(max(0, combo.findData(draft[key])))
        self.title.setText(draft["title"])
        day = draft["occurred"]
        self.occurred.setDate(QDate(day.year, day.month, day.day) if isinstance(day, date) else NO_DATE)
        self.place.setText(draft["place"])
        self.people.setValue(draft["people"])
        self.amount.setText(draft["amount"])
        self.major.setChecked(draft["major"])
        self.description.setPlainText(draft["description"])
        for p in draft["parties"]:
            self.add_party(p["name"], p["id_number"], p["phone"], p["address"], p["role"], p["resident_id"],
                           p["shown_id"], p["shown_phone"])

    def is_dirty(self) -> bool:
        return self.snapshot() != self._empty

    def reject(self) -> None:
        if self._busy:
            return  # being registered: closing now would hide whether it worked
        if self.is_dirty():
            choice = self.ask_unsaved()
            if choice == "stay":
                return
            if choice == "draft":
                _DRAFTS[self.ctx.actor.username] = self.snapshot()
            else:
                _DRAFTS.pop(self.ctx.actor.username, None)
        super().reject()

    def ask_unsaved(self) -> str:
        """'discard', 'draft' or 'stay' (a seam for tests)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved input"),
                          self.tr("Discard what you have entered?"), parent=self)
        box.setInformativeText(self.tr("A kept draft comes back the next time you register a case, until the "
                                       "program is closed."))
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep as draft"), QMessageBox.ButtonRole.AcceptRole)
        box.setEscapeButton(box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole))
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "discard" if clicked == discard else "draft" if clicked == keep else "stay"
