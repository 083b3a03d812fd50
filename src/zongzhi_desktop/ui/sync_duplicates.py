"""疑似重复人员: records the county found with one ID number, and merging this township's pairs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QDialog, QDialogButtonBox, QGroupBox, QHeaderView, QLabel, QPushButton,
    QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.services.residents import ResidentService
from zongzhi_desktop.sync import inbox, requests
from zongzhi_desktop.sync.inbox import DuplicateItem
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.sync_status import BAD, OK, QUIET, SyncOutcome, SyncScheduler, local_time

DONE_SHOWN = 50  # merged and dismissed pairs kept in view, newest first


@dataclass(frozen=True)
class Person:
    """One side of a pair as this PC sees it; `name` is None when the record is not on this PC."""

    id: str
    name: str | None
    id_number: str | None  # masked
    township: str
    grid: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class DuplicateRow:
    item: DuplicateItem
    a: Person
    b: Person
    ours: bool  # both records belong to this township: merged here, not at the county


@dataclass(frozen=True)
class DuplicatesData:
    rows: list[DuplicateRow]
    township: str
    township_name: str


def load_duplicates(store: Store, actor: Actor) -> DuplicatesData:
    """Background work: open pairs first, then the latest settled ones, with the people's names."""
    residents = ResidentService(store)
    township = store.state("township_code") or ""

    def person(row_id: str, town: str) -> Person:
        try:
            r = residents.get(actor, row_id)  # a merged record answers with the survivor
        except Exception:  # noqa: BLE001 - another township's record, or one this user may not see
            return Person(row_id, None, None, town)
        return Person(row_id, r.name, r.id_number, town, r.grid_name, r.current_address)

    items = inbox.duplicates(store, actor, include_done=True)
    done = sorted((i for i in items if i.status != "open"), key=lambda i: i.created_at, reverse=True)[:DONE_SHOWN]
    rows = [DuplicateRow(i, person(i.row_a, i.township_a), person(i.row_b, i.township_b),
                         i.township_a == i.township_b == township)
            for i in [i for i in items if i.status == "open"] + done]
    return DuplicatesData(rows, township, store.state("township_name") or "")


class MergeDialog(QDialog):
    """Asks which of the two records stays; the other is merged into it at the county."""

    def __init__(self, row: DuplicateRow, describe: Callable[[Person], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge duplicate records"))
        self.setMinimumWidth(520)
        self.row = row
        intro = QLabel(self.tr(
            "These two records have the same ID number. After merging only the record you keep remains: empty "
            "fields are filled from the other one, and its visits, key-person files and dispute parties move to "
            "the record kept. The county server does the merge, so this PC must be online."), wordWrap=True)
        self.choices = QButtonGroup(self)
        self.keep_a = QRadioButton(describe(row.a), objectName="keep_a")
        self.keep_b = QRadioButton(describe(row.b), objectName="keep_b")
        for n, button in enumerate((self.keep_a, self.keep_b)):
            self.choices.addButton(button, n)
        self.keep_a.setChecked(True)  # the record entered first
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(QLabel(self.tr("Which record is kept?")))
        layout.addWidget(self.keep_a)
        layout.addWidget(self.keep_b)
        layout.addSpacing(6)
        layout.addWidget(buttons)

    def keep_drop(self) -> tuple[Person, Person]:
        a, b = self.row.a, self.row.b
        return (a, b) if self.keep_a.isChecked() else (b, a)


def choose_keep(parent: QWidget, row: DuplicateRow, describe: Callable[[Person], str]) -> tuple[Person, Person] | None:
    """The merge dialog, modal: (keep, drop), or None when cancelled."""
    dialog = MergeDialog(row, describe, parent)
    return dialog.keep_drop() if dialog.exec() == QDialog.DialogCode.Accepted else None


class DuplicatesBox(QGroupBox):
    """The table of possible duplicates; 合并… on this township's open pairs, then a sync fetches the result."""

    A, B, STATE, FOUND, ACTION = range(5)

    def __init__(self, ctx: UiContext, scheduler: SyncScheduler, on_changed: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Possible duplicate residents"), parent)
        self.setObjectName("duplicates_box")
        self.ctx, self.scheduler, self.on_changed = ctx, scheduler, on_changed
        self.may_merge = permissions.allowed(ctx.actor, "sync.resolve")
        self.data = DuplicatesData([], "", "")
        self.merging: Person | None = None  # the record kept, while the merge and its sync run
        self.sync_again = False
        self.note = QLabel(self.tr(
            "The county found residents registered more than once with the same ID number. Pairs within this "
            "township can be merged here; pairs across townships are handled by the county."),
            objectName="duplicates_note", wordWrap=True)
        self.empty = QLabel(self.tr("No possible duplicates."), objectName="no_duplicates", styleSheet=f"color: {OK};")
        self.table = QTableWidget(0, 5, objectName="duplicates")
        self.table.setHorizontalHeaderLabels([
            self.tr("Record 1"), self.tr("Record 2"), self.tr("State"), self.tr("Found"), self.tr("Action")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setStyleSheet("QTableWidget::item { padding: 4px 6px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (self.A, self.B):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel("", objectName="duplicates_message", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self._say("", None)
        scheduler.sync_finished.connect(self._synced)

    # -- showing -----------------------------------------------------------------------------
    def show_rows(self, data: DuplicatesData) -> None:
        self.data = data
        self.empty.setVisible(not data.rows)
        self.table.setVisible(bool(data.rows))
        self.table.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            state = self.state_text(row.item.status)
            for c, value in ((self.A, self.side_text(row, row.a)), (self.B, self.side_text(row, row.b)),
                             (self.STATE, state), (self.FOUND, local_time(row.item.created_at))):
                cell = QTableWidgetItem(value)
                cell.setToolTip(self.kept_text(row) if c == self.STATE else value)
                if c == self.STATE and row.item.status == "open":
                    cell.setForeground(QColor(BAD))
                self.table.setItem(r, c, cell)
            self.table.removeCellWidget(r, self.ACTION)
            self.table.setItem(r, self.ACTION, QTableWidgetItem(""))
            if row.item.status == "open" and row.ours:
                button = QPushButton(self.tr("Merge…"), objectName=f"merge_{r}")
                button.setEnabled(self.may_merge and self.merging is None)
                if not self.may_merge:
                    button.setToolTip(self.tr("Only centre staff and administrators can merge records."))
                button.clicked.connect(partial(self.merge, row))
                self.table.setCellWidget(r, self.ACTION, button)
            elif row.item.status == "open":
                cell = QTableWidgetItem(self.tr("Across townships, handled by the county"))
                cell.setForeground(QColor(QUIET))
                self.table.setItem(r, self.ACTION, cell)
        self.table.resizeRowsToContents()

    def describe(self, person: Person, gap: str = " · ") -> str:
        if self.data.township and person.township == self.data.township:
            town = self.data.township_name or person.township
        else:
            town = self.tr("Township {0}").format(person.township) if person.township else ""
        if person.name is None:
            return self.tr("Not on this PC ({0})").format(person.id[:8]) + (gap + town if town else "")
        details = [part for part in (person.id_number, town, person.grid, person.address) if part]
        return person.name + gap + " · ".join(details)

    def side_text(self, row: DuplicateRow, person: Person) -> str:
        text = self.describe(person, "\n")
        if row.item.status == "merged" and (row.item.resolution or {}).get("dropped") == person.id:
            first, _, rest = text.partition("\n")  # the dropped record now answers with the survivor
            text = first + self.tr(" (merged into the other record)") + "\n" + rest
        return text

    def state_text(self, status: str) -> str:
        return {"open": self.tr("To be handled"), "merged": self.tr("Merged"),
                "dismissed": self.tr("Not duplicates")}.get(status, status)

    def kept_text(self, row: DuplicateRow) -> str:
        kept = (row.item.resolution or {}).get("kept")
        if row.item.status != "merged" or kept not in (row.a.id, row.b.id):
            return ""
        person = row.a if kept == row.a.id else row.b
        return self.tr("Kept: {0}").format(self.describe(person))

    # -- merging -----------------------------------------------------------------------------
    def merge(self, row: DuplicateRow) -> None:
        choice = choose_keep(self, row, self.describe)
        if choice is None:
            return
        keep, drop = choice
        store, actor = self.ctx.store, self.ctx.actor
        self.merging = keep
        self.show_rows(self.data)  # the buttons wait for this merge
        self._say(self.tr("Asking the county to merge the records…"), None)
        self.ctx.runner.run(lambda task: requests.ask_merge(store, actor, keep.id, drop.id), on_done=self._asked,
                            on_error=self._failed, uses_db=False)

    def _asked(self, task: object) -> None:
        self._say(self.tr("The county merged the records (kept: {0}). Syncing to bring the merge to this PC…")
                  .format(self.describe(self.merging)) if self.merging else "", None)
        if not self.scheduler.sync_now(manual=True):
            self.sync_again = True  # a sync that started before the merge would miss it

    def _synced(self, outcome: SyncOutcome) -> None:
        if self.sync_again:
            self.sync_again = False
            self.scheduler.sync_now(manual=True)
            return
        if self.merging is None:
            return
        kept, self.merging = self.merging, None
        if outcome.result is not None:
            self._say(self.tr("Merged: kept {0}.").format(self.describe(kept)), OK)
        else:
            self._say(self.tr("The county merged the records, but the sync did not finish ({0}). The merge "
                              "arrives with the next sync.").format(outcome.error or ""), BAD)
        self.show_rows(self.data)

    def _failed(self, error: BaseException) -> None:
        self.merging = None
        self._say(error_text(error), BAD)
        self.on_changed()

    def _say(self, text: str, colour: str | None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        self.message.setVisible(bool(text))
