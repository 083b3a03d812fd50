"""One small dialog per step of a case, built from what case_flow says the step needs; it checks the
inputs before OK is enabled and shows the service's own Chinese message if the step is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QCompleter, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QRadioButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from zongzhi_desktop.domain.case_flow import ACTIONS
from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.services.departments import DepartmentInfo, DepartmentService, MediatorInfo
from zongzhi_desktop.services.dispute_queries import CaseDetail, DisputeChoices, DisputeQueries
from zongzhi_desktop.services.disputes import MAX_EXTENSION_DAYS, ActInput, DisputeService
from zongzhi_desktop.services.grids import GridInfo, GridService
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import confirm, error_text

# Buttons that open one dialog for a pair of actions: the outcome (成功/不成功) and the extension
# (request, or decide a pending request).
OUTCOME, EXTENSION = "outcome", "extension"
PAIRS = {OUTCOME: ("resolve", "fail"), EXTENSION: ("extend", "approve-extension", "refuse-extension")}
BUTTON_ORDER = ("accept", "reject", "triage", "route", "checkin", "return", "record", OUTCOME, "verify", "close",
                EXTENSION, "supervise", "escalate", "reopen")
FIELD_STYLE = "QPushButton { min-height: 32px; padding: 2px 14px; } QLineEdit, QComboBox, QSpinBox, QDateEdit { min-height: 28px; }"


@dataclass(frozen=True)
class FormData:
    """What the dispute forms offer to pick from, loaded once per page in the background."""

    choices: DisputeChoices
    grids: tuple[GridInfo, ...] = ()
    departments: tuple[DepartmentInfo, ...] = ()
    mediators: tuple[MediatorInfo, ...] = ()


def load_form_data(store: Store, actor: Actor) -> FormData:
    """Background work: code tables, the actor's grids, departments and mediators."""
    departments = DepartmentService(store)
    can_see_departments = allowed(actor, "departments.read")
    return FormData(
        choices=DisputeQueries(store).choices(actor),
        grids=GridService(store).list_grids(actor) if allowed(actor, "grids.read") else (),
        departments=departments.list_departments(actor) if can_see_departments else (),
        mediators=departments.list_mediators(actor) if can_see_departments else (),
    )


def button_kinds(allowed_actions: tuple[str, ...]) -> list[str]:
    """The dialog kinds for the allowed actions; paired actions share one button and one dialog."""
    present = set(allowed_actions)
    present |= {pair for pair, members in PAIRS.items() if present & set(members)}
    return [kind for kind in BUTTON_ORDER if kind in present]


def fill_combo(combo: QComboBox, items: list[tuple[str, str]], placeholder: str) -> None:
    """Items as (code, name) after an empty placeholder entry, so nothing is chosen by accident."""
    combo.clear()
    combo.addItem(placeholder, None)
    for code, name in items:
        combo.addItem(name, code)


class DisputeActionDialog(QDialog):
    """`kind` is an action of case_flow.ACTIONS, or OUTCOME / EXTENSION for the paired ones."""

    submitted = Signal(object)  # the case's CaseDetail after the step

    def __init__(self, ctx: UiContext, case: CaseDetail, kind: str, data: FormData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case, self.kind, self.data = ctx, case, kind, data
        self.result_case: CaseDetail | None = None
        self._busy = False
        self.setStyleSheet(FIELD_STYLE)
        self.setMinimumWidth(520)
        pending = "approve-extension" in case.allowed_actions
        title = {OUTCOME: self.tr("Record the outcome"), EXTENSION: self.tr("Extension")}.get(kind) or ACTIONS[kind].name
        self.setWindowTitle(f"{title} — {case.case_no}")

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Case"), QLabel(f"{case.case_no}　{case.title}（{case.status_name}）", wordWrap=True))
        self.mode = QButtonGroup(self)
        if kind == OUTCOME:
            self._mode_row(self.tr("Outcome"), [("resolve", self.tr("Mediation succeeded")),
                                                ("fail", self.tr("Mediation failed"))])
        elif kind == EXTENSION and pending:
            self._mode_row(self.tr("Decision"), [("approve-extension", self.tr("Approve the extension")),
                                                 ("refuse-extension", self.tr("Refuse the extension"))])
        actions = [a for a in PAIRS.get(kind, (kind,)) if kind != EXTENSION or (a == "extend") != pending]
        needs = {n for a in actions for n in ACTIONS[a].needs}

        self.departments = QListWidget(objectName="departments")
        self.mediation_type = QComboBox(objectName="mediation_type")
        self.department = QComboBox(objectName="department")
        self.agreement = QPlainTextEdit(objectName="agreement")
        self.agreement_form = QComboBox(objectName="agreement_form")
        self.responsibilities = QPlainTextEdit(objectName="responsibilities")
        self.performance_method = QLineEdit(objectName="performance_method")
        self.performance_place = QLineEdit(objectName="performance_place")
        self.has_deadline = QCheckBox(self.tr("Set a deadline"), objectName="has_deadline")
        self.performance_deadline = QDateEdit(QDate.currentDate().addDays(30), objectName="performance_deadline")
        self.mediators = QLineEdit(objectName="mediators")
        self.referral = QComboBox(objectName="referral")
        self.satisfaction = QComboBox(objectName="satisfaction")
        self.followup = QComboBox(objectName="followup")
        self.closure_kind = QComboBox(objectName="closure_kind")
        self.days = QSpinBox(objectName="days")
        self.level = QComboBox(objectName="level")
        self.note = QPlainTextEdit(objectName="note")
        self._success_rows: list[QWidget] = []

        if "departments" in needs:
            for dept in data.departments:
                item = QListWidgetItem(f"{dept.name}（{dept.kind_name}）")
                item.setData(Qt.ItemDataRole.UserRole, dept.id)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.departments.addItem(item)
            self.departments.setMinimumHeight(220)
            self.departments.setSpacing(3)
            self.form.addRow(self.tr("Send to departments"), self.departments)
        if "mediation_type" in needs:
            self._combo_row(self.mediation_type, self.tr("Mediation type"), "mediation_type")
        if "department" in needs:
            fill_combo(self.department, [(d.id, d.name) for d in self._routed_first()], self.tr("Choose a department"))
            self._preselect_department()
            self.form.addRow(self.tr("Acting department"), self.department)
        if "agreement" in needs:
            self._agreement_rows()
        if "referral" in needs:
            self._combo_row(self.referral, self.tr("Referred to"), "referral")
        if "satisfaction" in needs:
            self._combo_row(self.satisfaction, self.tr("Satisfaction"), "satisfaction")
            self._combo_row(self.followup, self.tr("Performance of the agreement"), "followup")
        if "closure_kind" in needs:
            self._combo_row(self.closure_kind, self.tr("Kind of closure"), "closure_kind")
        if "days" in needs or kind == EXTENSION:
            asked = self._pending_days()
            self.days.setRange(1, asked if pending else MAX_EXTENSION_DAYS)
            self.days.setValue(asked if pending else 10)
            self.days.setSuffix(self.tr(" working days"))
            self.form.addRow(self.tr("Days") if not pending else self.tr("Days approved"), self.days)
        if "level" in needs:
            self._combo_row(self.level, self.tr("Supervision level"), "supervision_level")
        if kind == "record":
            self._mediator_field(self.mediators)
            self.form.addRow(self.tr("Mediators"), self.mediators)
        self.note_label = QLabel()
        self.note.setMinimumHeight(90)
        self.form.addRow(self.note_label, self.note)

        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setStyleSheet("color: #a31515;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Submit"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        unused = (self.departments, self.mediation_type, self.department, self.agreement, self.agreement_form,
                  self.responsibilities, self.performance_method, self.performance_place, self.has_deadline,
                  self.performance_deadline, self.mediators, self.referral, self.satisfaction, self.followup,
                  self.closure_kind, self.days, self.level)
        for widget in unused:
            if widget.parent() is None:  # not needed by this step: owned by the dialog, never shown
                widget.setParent(self)
                widget.hide()
        for signal in self._change_signals():
            signal.connect(self._update)
        self._initial = self._snapshot()
        self._update()

    # -- building ----------------------------------------------------------------------------
    def _mode_row(self, label: str, options: list[tuple[str, str]]) -> None:
        row = QHBoxLayout()
        for n, (action, text) in enumerate(options):
            button = QRadioButton(text, objectName=f"mode_{action}")
            button.setProperty("action", action)
            self.mode.addButton(button, n)
            row.addWidget(button)
        row.addStretch(1)
        self.form.addRow(label, row)

    def _combo_row(self, combo: QComboBox, label: str, kind: str) -> None:
        fill_combo(combo, [(c.code, c.name) for c in self.data.choices.of(kind)], self.tr("Please choose"))
        self.form.addRow(label, combo)

    def _agreement_rows(self) -> None:
        self.agreement.setPlaceholderText(self.tr("One clause per line, e.g. 1. Li Si removes the wall by 30 June"))
        self.agreement.setMinimumHeight(110)
        self.responsibilities.setMaximumHeight(70)
        fill_combo(self.agreement_form, [(c.code, c.name) for c in self.data.choices.of("agreement_form")],
                   self.tr("Please choose"))
        self.agreement_form.setCurrentIndex(1)  # most agreements are written
        self.performance_deadline.setCalendarPopup(True)
        self.performance_deadline.setDisplayFormat("yyyy-MM-dd")
        self.performance_deadline.setEnabled(False)
        self.has_deadline.toggled.connect(self.performance_deadline.setEnabled)
        deadline = QHBoxLayout()
        deadline.addWidget(self.has_deadline)
        deadline.addWidget(self.performance_deadline, 1)
        self._mediator_field(self.mediators)
        for label, widget in ((self.tr("Agreement"), self.agreement), (self.tr("Written or oral"), self.agreement_form),
                              (self.tr("Responsibilities"), self.responsibilities),
                              (self.tr("How to perform"), self.performance_method),
                              (self.tr("Where to perform"), self.performance_place),
                              (self.tr("Perform by"), deadline), (self.tr("Mediators"), self.mediators)):
            self.form.addRow(label, widget)
            self._success_rows.append(self.form.labelForField(widget))

    def _mediator_field(self, field: QLineEdit) -> None:
        field.setPlaceholderText(self.tr("Names, separated by 、"))
        completer = QCompleter(sorted({m.name for m in self.data.mediators}), field)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        field.setCompleter(completer)

    def _routed_departments(self) -> list[str]:
        """Ids of the departments currently holding the case, replayed from its timeline."""
        by_name = {d.name: d.id for d in self.data.departments}
        held: list[str] = []
        for event in self.case.events:
            if event.action == "route":
                held += [d for d in event.data.get("departments", []) if d not in held]
            elif event.action == "return" and by_name.get(event.department or "") in held:
                held.remove(by_name[event.department or ""])
        return held

    def _routed_first(self) -> list[DepartmentInfo]:
        held = self._routed_departments()
        return sorted(self.data.departments, key=lambda d: (d.id not in held, held.index(d.id) if d.id in held else 0))

    def _preselect_department(self) -> None:
        held = self._routed_departments()
        mine = self.ctx.actor.department_id
        wanted = mine if mine in held else (held[-1] if held else None)
        if wanted:
            self.department.setCurrentIndex(max(0, self.department.findData(wanted)))

    def _pending_days(self) -> int:
        asks = [e.data.get("days") for e in self.case.events if e.action == "extend"]
        return int(asks[-1]) if asks and asks[-1] else MAX_EXTENSION_DAYS

    # -- state -------------------------------------------------------------------------------
    def action(self) -> str | None:
        """The case_flow action OK will carry out (None: a choice between two is still open)."""
        if self.kind in PAIRS and self.mode.buttons():
            checked = self.mode.checkedButton()
            return checked.property("action") if checked else None
        if self.kind == EXTENSION:
            return "extend"
        return self.kind

    def missing(self) -> list[str]:
        """Labels of the required inputs still empty for the chosen action."""
        action = self.action()
        if action is None:
            return [self.tr("the outcome") if self.kind == OUTCOME else self.tr("the decision")]
        needs = ACTIONS[action].needs
        out = []
        if "departments" in needs and not self._checked_departments():
            out.append(self.tr("departments"))
        combos = (("mediation_type", self.mediation_type, self.tr("mediation type")),
                  ("department", self.department, self.tr("acting department")),
                  ("referral", self.referral, self.tr("referral")),
                  ("satisfaction", self.satisfaction, self.tr("satisfaction")),
                  ("closure_kind", self.closure_kind, self.tr("kind of closure")),
                  ("level", self.level, self.tr("supervision level")))
        out += [label for need, combo, label in combos if need in needs and combo.currentData() is None]
        if "satisfaction" in needs and self.case.outcome == "success" and self.followup.currentData() is None:
            out.append(self.tr("performance of the agreement"))
        if "agreement" in needs and not self.agreement.toPlainText().strip():
            out.append(self.tr("agreement text"))
        if "note" in needs and not self.note.toPlainText().strip():
            out.append(self._note_label(action))
        return out

    def _note_label(self, action: str | None) -> str:
        """What the note means for this step, when the step requires one."""
        if action is None or "note" not in ACTIONS[action].needs:
            return self.tr("Note (optional)")
        return {"reject": self.tr("Reason for not accepting"), "return": self.tr("Reason for returning"),
                "record": self.tr("What was done"), "escalate": self.tr("Reason for reporting up"),
                "extend": self.tr("Reason for the extension"), "refuse-extension": self.tr("Reason for refusing"),
                "reopen": self.tr("Reason for reopening")}.get(action, self.tr("Reason or note"))

    def _checked_departments(self) -> tuple[str, ...]:
        return tuple(self.departments.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.departments.count())
                     if self.departments.item(n).checkState() == Qt.CheckState.Checked)

    def _update(self) -> None:
        action = self.action()
        success = action == "resolve"
        if self.kind == OUTCOME:  # the agreement belongs to a success, the referral to a failure
            for widget in [*self._success_rows, self.agreement, self.agreement_form, self.responsibilities,
                           self.performance_method, self.performance_place, self.has_deadline, self.mediators]:
                if widget is not None:
                    widget.setEnabled(success)
            self.performance_deadline.setEnabled(success and self.has_deadline.isChecked())
        self.referral.setEnabled(action == "fail")
        self.days.setEnabled(action in ("extend", "approve-extension"))
        self.note_label.setText(self._note_label(action))
        missing = self.missing()
        self.hint.setText(self.tr("Still needed: ") + "、".join(missing) if missing else "")
        self.ok.setEnabled(not missing and not self._busy)

    def _change_signals(self) -> list[Any]:
        return [self.mode.buttonToggled, self.departments.itemChanged, self.agreement.textChanged,
                self.note.textChanged] + [c.currentIndexChanged for c in (
                    self.mediation_type, self.department, self.referral, self.satisfaction, self.followup,
                    self.closure_kind, self.level, self.agreement_form)]

    def _snapshot(self) -> tuple[Any, ...]:
        texts = (self.agreement, self.responsibilities, self.note)
        lines = (self.performance_method, self.performance_place, self.mediators)
        combos = (self.mediation_type, self.department, self.referral, self.satisfaction, self.followup,
                  self.closure_kind, self.level, self.agreement_form)
        return (self.action(), self._checked_departments(), self.days.value(), self.has_deadline.isChecked(),
                *(t.toPlainText() for t in texts), *(f.text() for f in lines), *(c.currentIndex() for c in combos))

    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def input(self) -> ActInput:
        mediators = tuple(m.strip() for m in self.mediators.text().replace(",", "、").replace("，", "、").split("、") if m.strip())
        action = self.action()
        department = self.department.currentData()
        return ActInput(
            note=self.note.toPlainText().strip() or None,
            departments=self._checked_departments() if action == "route" else ((department,) if department else ()),
            mediation_type=self.mediation_type.currentData(), agreement=self.agreement.toPlainText().strip() or None,
            agreement_form=self.agreement_form.currentData() or "written", referral=self.referral.currentData(),
            followup=self.followup.currentData(), satisfaction=self.satisfaction.currentData(),
            closure_kind=self.closure_kind.currentData(),
            days=self.days.value() if action in ("extend", "approve-extension") else None,
            level=self.level.currentData(), mediators=mediators,
            responsibilities=self.responsibilities.toPlainText().strip() or None,
            performance_method=self.performance_method.text().strip() or None,
            performance_place=self.performance_place.text().strip() or None,
            performance_deadline=self.performance_deadline.date().toPython() if self.has_deadline.isChecked() else None,
        )

    # -- submitting --------------------------------------------------------------------------
    def submit(self) -> None:
        action = self.action()
        if action is None or self.missing() or self._busy:
            self._update()
            return
        service: DisputeService = self.ctx.service(DisputeService)
        actor, case_no, data = self.ctx.actor, self.case.case_no, self.input()
        self._busy = True
        self.message.setText(self.tr("Submitting…"))
        self._update()
        self.ctx.runner.run(lambda task: service.act(actor, case_no, action, data), on_done=self._on_done,
                            on_error=self._on_error, label=self.tr("Submitting…"), parent=self)

    def _on_done(self, case: CaseDetail) -> None:
        self._busy = False
        self.result_case = case
        self.submitted.emit(case)
        super().accept()

    def _on_error(self, error: BaseException) -> None:
        self._busy = False
        self.message.setText(error_text(error))  # the service's own words: what is missing or illegal
        self._update()

    def accept(self) -> None:
        self.submit()  # Enter in a field submits through the same checks as the button

    def reject(self) -> None:
        if self._busy:
            return  # the step is being written; closing now would hide its result
        if self.is_dirty() and not self.ask_discard():
            return
        super().reject()

    def ask_discard(self) -> bool:
        return confirm(self, self.tr("Unsaved input"), self.tr("Discard what you have entered?"))
