"""The resident form (登记/修改实有人口): checks at the field, derived sex and birth date, pick-lists,
saving in the background; and the guarded dialog base every form of this area uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import normalize_phone
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.services.resident_search import ResidentSearch
from zongzhi_desktop.services.residents import ResidentInput, ResidentService, RevealedNumbers, SaveResult
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import confirm, error_text

ERROR_STYLE = "color: #b00020;"
BIG = "min-height: 36px; padding: 0 14px;"  # big targets: people click these all day
KeyPanelFactory = Callable[[UiContext, str], QWidget]


class GuardedDialog(QDialog):
    """A form that saves in the background and asks before throwing typed input away (Esc, the
    window's close button and Cancel all end in `reject`)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self._tracked: list[QWidget] = []
        self._clean: tuple[Any, ...] = ()
        self.form_widget = QWidget()
        self.form = QFormLayout(self.form_widget)
        self.form.setVerticalSpacing(10)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setStyleSheet(ERROR_STYLE)
        # Base-class strings use an explicit context: tr() here would look them up per subclass.
        self.save_button = QPushButton(QCoreApplication.translate("GuardedDialog", "Save"), objectName="save")
        self.save_button.setDefault(True)
        self.save_button.setStyleSheet(BIG)
        self.cancel_button = QPushButton(QCoreApplication.translate("GuardedDialog", "Cancel"), objectName="cancel")
        self.cancel_button.setStyleSheet(BIG)
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.buttons.addWidget(self.cancel_button)
        # Roomy fields: the form is filled in all day, often from a paper register.
        self.setStyleSheet("QLineEdit, QComboBox, QDateEdit, QSpinBox { min-height: 30px; }")
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.form_widget)
        self.body.addWidget(self.message)
        self.body.addLayout(self.buttons)

    # -- unsaved input -----------------------------------------------------------------------
    def track(self, *widgets: QWidget) -> None:
        self._tracked.extend(widgets)

    def snapshot(self) -> tuple[Any, ...]:
        return tuple(_value(w) for w in self._tracked)

    def mark_clean(self) -> None:
        self._clean = self.snapshot()

    def is_dirty(self) -> bool:
        return self.snapshot() != self._clean

    def ask_discard(self) -> bool:
        """Tests replace this; people get a Yes/No question (default No: keep typing)."""
        return confirm(self, QCoreApplication.translate("GuardedDialog", "Unsaved changes"),
                       QCoreApplication.translate("GuardedDialog", "Close and discard what you have typed?"))

    def reject(self) -> None:
        if self.is_dirty() and not self.ask_discard():
            return
        super().reject()

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        """Subclasses check their fields, then call `run_save(work)`."""

    def run_save(self, work: Callable[[Task], Any]) -> None:
        self.save_button.setEnabled(False)
        self.message.setText(QCoreApplication.translate("GuardedDialog", "Saving…"))
        self.ctx.runner.run(work, on_done=self.saved, on_error=self.save_failed, parent=self)

    def saved(self, result: Any) -> None:
        self.result_value = result
        self.mark_clean()
        self.accept()

    def save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(error_text(error))


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QSpinBox):
        return widget.value()
    return None


class ResidentDialog(GuardedDialog):
    """New resident (`resident_id` None) or an existing one; with `key_panel`, existing residents
    get a second tab with their key-population records."""

    def __init__(self, ctx: UiContext, resident_id: str | None = None, parent: QWidget | None = None,
                 key_panel: KeyPanelFactory | None = None) -> None:
        super().__init__(ctx, parent)
        self.resident_id = resident_id
        self._initial: ResidentInput | None = None
        self._stored_derived = ""  # sex and birth date as the record holds them (the number may be masked)
        self._writable = allowed(ctx.actor, "residents.write")
        self.setWindowTitle(self.tr("New resident") if resident_id is None else self.tr("Resident"))
        self.setMinimumWidth(640)

        self.name = QLineEdit(objectName="name", maxLength=64)
        self.registration_type = QComboBox(objectName="registration_type")
        self.id_number = QLineEdit(objectName="id_number", maxLength=24)
        # Numbers arrive masked (minimum necessary display); the full ones only through this button,
        # which the audit log records.
        self.reveal_button = QPushButton(self.tr("Show full numbers"), objectName="reveal")
        self.reveal_button.setToolTip(self.tr("Show the full ID number and phone; this is recorded in the audit log."))
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setVisible(resident_id is not None and allowed(ctx.actor, "residents.reveal"))
        self.reveal_button.setEnabled(False)  # until the record has arrived
        self.reveal_button.clicked.connect(self.reveal_numbers)
        self.id_number.setPlaceholderText(self.tr("18 digits (the last may be X); 15-digit numbers are upgraded"))
        self.id_error = QLabel(objectName="id_error", wordWrap=True)
        self.id_error.setStyleSheet(ERROR_STYLE)
        self.derived = QLabel(objectName="derived")
        self.derived.setStyleSheet("color: #555;")
        self.grid = QComboBox(objectName="grid")
        self.household = QComboBox(objectName="household")
        self.relation = QComboBox(objectName="relation")
        self.ethnicity = QLineEdit(objectName="ethnicity", maxLength=16)
        self.phone = QLineEdit(objectName="phone", maxLength=24)
        self.phone.setPlaceholderText(self.tr("Mobile, or landline with area code (0797-8123456)"))
        self.phone_error = QLabel(objectName="phone_error", wordWrap=True)
        self.phone_error.setStyleSheet(ERROR_STYLE)
        self.hukou_address = QLineEdit(objectName="hukou_address", maxLength=200)
        self.current_address = QLineEdit(objectName="current_address", maxLength=200)
        self.employer = QLineEdit(objectName="employer", maxLength=128)
        self.occupation = QLineEdit(objectName="occupation", maxLength=64)
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setFixedHeight(80)
        self.notes.setTabChangesFocus(True)  # Tab moves on through the form instead of typing a tab

        form = self.form
        form.addRow(self.tr("Name *"), self.name)
        form.addRow(self.tr("Category"), self.registration_type)
        form.addRow(self.tr("ID number"), _stacked(_beside(self.id_number, self.reveal_button), self.id_error))
        form.addRow(self.tr("Sex / date of birth"), self.derived)
        form.addRow(self.tr("Grid"), self.grid)
        form.addRow(self.tr("Household"), self.household)
        form.addRow(self.tr("Relation to head"), self.relation)
        form.addRow(self.tr("Ethnic group"), self.ethnicity)
        form.addRow(self.tr("Phone"), _stacked(self.phone, self.phone_error))
        form.addRow(self.tr("Registered address"), self.hukou_address)
        form.addRow(self.tr("Current address"), self.current_address)
        form.addRow(self.tr("Employer"), self.employer)
        form.addRow(self.tr("Occupation"), self.occupation)
        form.addRow(self.tr("Notes"), self.notes)
        self.inputs: list[QWidget] = [
            self.name, self.registration_type, self.id_number, self.grid, self.household, self.relation,
            self.ethnicity, self.phone, self.hukou_address, self.current_address, self.employer, self.occupation,
            self.notes,
        ]
        chain = [*self.inputs, self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.track(*self.inputs)

        self.key_panel: QWidget | None = None
        if resident_id is not None and key_panel is not None:
            self.tabs = QTabWidget(objectName="resident_tabs")
            self.body.removeWidget(self.form_widget)
            self.tabs.addTab(self.form_widget, self.tr("Basic information"))
            self.key_panel = key_panel(ctx, resident_id)
            self.tabs.addTab(self.key_panel, self.tr("Key population"))
            self.body.insertWidget(0, self.tabs)

        self.id_number.editingFinished.connect(self.check_id_number)
        self.id_number.textEdited.connect(lambda _text: _show(self.id_error, ""))
        self.phone.editingFinished.connect(self.check_phone)
        self.phone.textEdited.connect(lambda _text: _show(self.phone_error, ""))
        self.grid.currentIndexChanged.connect(self._grid_changed)
        self.save_button.setVisible(self._writable)
        self.form_widget.setEnabled(False)  # until the pick-lists (and the record) have arrived
        self.message.setText(self.tr("Loading…"))
        self._load()

    # -- loading -----------------------------------------------------------------------------
    def _load(self) -> None:
        actor, rid = self.ctx.actor, self.resident_id
        search: ResidentSearch = self.ctx.service(ResidentSearch)
        grids: GridService = self.ctx.service(GridService)
        residents: ResidentService = self.ctx.service(ResidentService)

        def work(task: Task) -> tuple[Any, ...]:
            detail = residents.open(actor, rid) if rid else None  # masked; opening is recorded
            households = search.households(actor, detail.grid_id) if detail and detail.grid_id else ()
            choices = search.code_choices(actor, ("registration_type", "relation_to_head"))
            return choices, grids.list_grids(actor), detail, households

        self.ctx.runner.run(work, on_done=self._loaded, on_error=self._load_failed)

    def _loaded(self, result: tuple[Any, ...]) -> None:
        choices, grids, detail, households = result
        for choice in choices["registration_type"]:
            self.registration_type.addItem(choice.name, choice.code)
        self.relation.addItem(self.tr("(none)"), None)
        for choice in choices["relation_to_head"]:
            self.relation.addItem(choice.name, choice.code)
        self.grid.blockSignals(True)  # the household list is already loaded for the record's grid
        if self.ctx.actor.role != "grid_worker":  # grid workers must place people in their grids
            self.grid.addItem(self.tr("(not assigned)"), None)
        for grid in grids:
            self.grid.addItem(grid_label(grid.village_name, grid.name), grid.id)
        self.grid.blockSignals(False)
        if detail is not None:
            self.setWindowTitle(self.tr("Resident — {0}").format(detail.name))
            self._initial = ResidentInput(**{f.name: getattr(detail, f.name) for f in fields(ResidentInput)})
            if detail.sex and detail.birth_date:
                sex = self.tr("Male") if detail.sex == "1" else self.tr("Female")
                self._stored_derived = f"{sex} · {detail.birth_date.isoformat()}"
            for edit, value in ((self.name, detail.name), (self.id_number, detail.id_number),
                                (self.ethnicity, detail.ethnicity), (self.phone, detail.phone),
                                (self.hukou_address, detail.hukou_address),
                                (self.current_address, detail.current_address),
                                (self.employer, detail.employer), (self.occupation, detail.occupation)):
                edit.setText(value or "")
            self.notes.setPlainText(detail.notes or "")
            for combo, value in ((self.registration_type, detail.registration_type), (self.grid, detail.grid_id),
                                 (self.relation, detail.relation_to_head)):
                combo.setCurrentIndex(max(0, combo.findData(value)))
        self._fill_households(self.grid.currentData(), households, detail.household_id if detail else None)
        if detail is None and self.grid.currentData():
            self._grid_changed()  # a grid worker's form starts in their first grid: offer its households
        self.check_id_number()
        self.message.clear()
        self.reveal_button.setEnabled(detail is not None)
        self.form_widget.setEnabled(self._writable)  # (every role that may reveal may also write)
        self.mark_clean()
        self.name.setFocus()

    def reveal_numbers(self) -> None:
        residents: ResidentService = self.ctx.service(ResidentService)
        actor, rid = self.ctx.actor, self.resident_id
        self.reveal_button.setEnabled(False)
        self.ctx.runner.run(lambda task: residents.reveal(actor, rid), on_done=self._revealed,
                            on_error=self._reveal_failed)

    def _revealed(self, shown: RevealedNumbers) -> None:
        was_clean = not self.is_dirty()
        self.id_number.setText(shown.id_number or "")
        self.phone.setText(shown.phone or "")
        if self._initial is not None:  # the true values, not an edit
            self._initial = replace(self._initial, id_number=shown.id_number, phone=shown.phone)
        if was_clean:
            self.mark_clean()
        self.check_id_number()
        self.reveal_button.setVisible(False)

    def _reveal_failed(self, error: BaseException) -> None:
        self.reveal_button.setEnabled(True)
        self.message.setText(error_text(error))

    def _load_failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))

    def _grid_changed(self) -> None:
        grid_id = self.grid.currentData()
        self._fill_households(None, (), None)
        if grid_id:
            search: ResidentSearch = self.ctx.service(ResidentSearch)
            actor = self.ctx.actor
            self.ctx.runner.run(lambda task: (grid_id, search.households(actor, grid_id)),
                                on_done=self._households_loaded, on_error=self._load_failed)

    def _households_loaded(self, result: tuple[str, tuple[Any, ...]]) -> None:
        grid_id, households = result
        if grid_id == self.grid.currentData():  # the person may have picked another grid meanwhile
            self._fill_households(grid_id, households, self.household.currentData())

    def _fill_households(self, grid_id: str | None, households: Any, current: str | None) -> None:
        self.household.clear()
        self.household.addItem(self.tr("(none)"), None)
        for h in households:
            self.household.addItem(f"{h.household_no}  {h.address or ''}".strip(), h.id)
        self.household.setCurrentIndex(max(0, self.household.findData(current)))

    # -- checks at the field -------------------------------------------------------------------
    def check_id_number(self) -> bool:
        """On leaving the field: say which check failed, or show the sex and birth date it encodes."""
        text = self.id_number.text().strip()
        _show(self.id_error, "")
        self.derived.setText(self.tr("(read from the ID number)"))
        if not text or "*" in text:  # blank, or masked (minimum necessary display)
            if text:
                self.derived.setText(self._stored_derived or self.derived.text())
            return True
        try:
            parsed = idnumber.parse(text)
        except Exception as exc:  # noqa: BLE001 - parse raises InputError; its text names the failed check
            _show(self.id_error, str(exc))
            return False
        sex = self.tr("Male") if parsed.is_male else self.tr("Female")
        shown = f"{sex} · {parsed.birth_date.isoformat()}"
        if parsed.upgraded_from_15:
            self.id_number.setText(parsed.number)
            shown += "　" + self.tr("(upgraded from the 15-digit number)")
        if parsed.warnings:
            shown += "　" + self.tr("The area code {0} is not a known province; please check.").format(parsed.area_code)
        self.derived.setText(shown)
        return True

    def check_phone(self) -> bool:
        _show(self.phone_error, "")
        if self._initial is not None and self.phone.text().strip() == (self._initial.phone or ""):
            return True  # unchanged, perhaps masked: it is not sent
        try:
            normalize_phone(self.phone.text())
        except Exception as exc:  # noqa: BLE001 - an InputError whose text says what is wrong
            _show(self.phone_error, str(exc))
            return False
        return True

    # -- saving --------------------------------------------------------------------------------
    def current_input(self) -> ResidentInput:
        def text(edit: QLineEdit | QPlainTextEdit) -> str | None:
            value = _value(edit)
            return value or None

        return ResidentInput(
            name=self.name.text().strip(), id_number=text(self.id_number),
            registration_type=self.registration_type.currentData() or "huji", grid_id=self.grid.currentData(),
            household_id=self.household.currentData(), relation_to_head=self.relation.currentData(),
            ethnicity=text(self.ethnicity), hukou_address=text(self.hukou_address),
            current_address=text(self.current_address), phone=text(self.phone), employer=text(self.employer),
            occupation=text(self.occupation), notes=text(self.notes),
        )

    def save(self) -> None:
        for check, edit in ((self.check_id_number, self.id_number), (self.check_phone, self.phone)):
            if not check():
                self.message.setText(self.tr("Please correct the marked field."))
                edit.setFocus()
                return
        data = self.current_input()
        svc: ResidentService = self.ctx.service(ResidentService)
        actor, rid = self.ctx.actor, self.resident_id
        if rid is None:
            self.run_save(lambda task: svc.register(actor, data))
            return
        before = self._initial
        changes = {f.name: getattr(data, f.name) for f in fields(ResidentInput)
                   if before is None or getattr(data, f.name) != getattr(before, f.name)}
        if not changes:
            self.mark_clean()
            self.accept()
            return
        self.run_save(lambda task: svc.update(actor, rid, **changes))

    def saved(self, result: Any) -> None:
        if isinstance(result, SaveResult):
            self.resident_id = result.id
            if result.notices:
                self.show_notices([n.message for n in result.notices])
        super().saved(result)

    def show_notices(self, messages: list[str]) -> None:
        """Saved, but worth a look (a duplicate ID number, an unknown area code); tests replace this."""
        QMessageBox.information(self, self.tr("Saved — please note"), "\n".join(messages))


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))  # an empty error line would leave a gap in the form


def grid_label(village_name: str, grid_name: str) -> str:
    """Grids are often named after their village already; say the village only when they are not."""
    return grid_name if grid_name.startswith(village_name) else f"{village_name} · {grid_name}"


def _beside(edit: QWidget, button: QPushButton) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return box


def _stacked(edit: QWidget, error: QLabel) -> QWidget:
    """A field with its error line right under it, so the message sits where the eye is."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(edit)
    layout.addWidget(error)
    error.hide()
    return box
