"""The conflict inbox: both values of every concurrent edit, who made them, and one action to restore the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QWidget,
)

from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.services.residents import ResidentService
from zongzhi_desktop.sync import inbox
from zongzhi_desktop.sync.inbox import ConflictItem, Origin

# Tables and fields people meet in conflicts, in their words; anything else shows its raw name.
TABLE_NAMES = {
    "residents": QT_TRANSLATE_NOOP("SyncNames", "Residents"),
    "households": QT_TRANSLATE_NOOP("SyncNames", "Households"),
    "key_persons": QT_TRANSLATE_NOOP("SyncNames", "Key persons"),
    "visits": QT_TRANSLATE_NOOP("SyncNames", "Visits"),
    "grids": QT_TRANSLATE_NOOP("SyncNames", "Grids"),
    "grid_workers": QT_TRANSLATE_NOOP("SyncNames", "Grid workers"),
    "grid_assignments": QT_TRANSLATE_NOOP("SyncNames", "Grid assignments"),
    "departments": QT_TRANSLATE_NOOP("SyncNames", "Departments"),
    "mediators": QT_TRANSLATE_NOOP("SyncNames", "Mediators"),
    "disputes": QT_TRANSLATE_NOOP("SyncNames", "Disputes"),
    "dispute_parties": QT_TRANSLATE_NOOP("SyncNames", "Dispute parties"),
    "attachments": QT_TRANSLATE_NOOP("SyncNames", "Attachments"),
}
FIELD_NAMES = {
    "name": QT_TRANSLATE_NOOP("SyncNames", "Name"),
    "id_number": QT_TRANSLATE_NOOP("SyncNames", "ID number"),
    "phone": QT_TRANSLATE_NOOP("SyncNames", "Phone"),
    "current_address": QT_TRANSLATE_NOOP("SyncNames", "Current address"),
    "hukou_address": QT_TRANSLATE_NOOP("SyncNames", "Household registration address"),
    "address": QT_TRANSLATE_NOOP("SyncNames", "Address"),
    "employer": QT_TRANSLATE_NOOP("SyncNames", "Employer"),
    "occupation": QT_TRANSLATE_NOOP("SyncNames", "Occupation"),
    "ethnicity": QT_TRANSLATE_NOOP("SyncNames", "Ethnicity"),
    "registration_type": QT_TRANSLATE_NOOP("SyncNames", "Registration type"),
    "relation_to_head": QT_TRANSLATE_NOOP("SyncNames", "Relation to head of household"),
    "grid_id": QT_TRANSLATE_NOOP("SyncNames", "Grid"),
    "household_id": QT_TRANSLATE_NOOP("SyncNames", "Household"),
    "status": QT_TRANSLATE_NOOP("SyncNames", "Status"),
    "notes": QT_TRANSLATE_NOOP("SyncNames", "Notes"),
    "title": QT_TRANSLATE_NOOP("SyncNames", "Title"),
    "description": QT_TRANSLATE_NOOP("SyncNames", "Description"),
    "place": QT_TRANSLATE_NOOP("SyncNames", "Place"),
    "risk_level": QT_TRANSLATE_NOOP("SyncNames", "Risk level"),
    "attention_level": QT_TRANSLATE_NOOP("SyncNames", "Attention level"),
    "helper_name": QT_TRANSLATE_NOOP("SyncNames", "Helper"),
    "helper_phone": QT_TRANSLATE_NOOP("SyncNames", "Helper's phone"),
}


def where_text(tbl: str, field: str) -> str:
    """实有人口·联系电话 for residents.phone; raw names where no label is known."""
    table = QCoreApplication.translate("SyncNames", TABLE_NAMES[tbl]) if tbl in TABLE_NAMES else tbl
    name = QCoreApplication.translate("SyncNames", FIELD_NAMES[field]) if field in FIELD_NAMES else field
    return f"{table}·{name}"


@dataclass(frozen=True)
class ConflictRow:
    item: ConflictItem
    record: str  # the record's name where we can tell it (a resident's name), else a short id


@dataclass(frozen=True)
class InboxData:
    rows: list[ConflictRow]
    own_device: str


def load_inbox(store: Store, actor: Actor) -> InboxData:
    """Background work: the open conflicts with the records' names."""
    residents = ResidentService(store)
    rows = []
    for item in inbox.conflicts(store, actor):
        record = item.row_id[:8]
        if item.tbl == "residents":
            try:
                record = residents.get(actor, item.row_id).name
            except Exception:  # noqa: BLE001 - a record we may not see keeps its short id
                pass
        rows.append(ConflictRow(item, record))
    return InboxData(rows, store.state("device_id") or "")


class ConflictTable(QTableWidget):
    """One row per open conflict: each value over who entered it and when; the last column restores."""

    RECORD, WHERE, KEPT, OTHER, STATE, ACTION = range(6)

    def __init__(self, on_restore: Callable[[ConflictRow], None], parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("conflicts")
        self.on_restore = on_restore
        self.may_restore = True
        self.rows: list[ConflictRow] = []
        self.setHorizontalHeaderLabels([
            self.tr("Record"), self.tr("Table · field"), self.tr("Value in use (who, when)"),
            self.tr("Value not used (who, when)"), self.tr("State"), self.tr("Action"),
        ])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.setStyleSheet("QTableWidget::item { padding: 4px 6px; }")
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (self.KEPT, self.OTHER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # the buttons live in cell widgets, which ResizeToContents measures too tightly
        header.setSectionResizeMode(self.ACTION, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(self.ACTION, QPushButton(self.tr("Restore the value not used")).sizeHint().width() + 24)

    def show_rows(self, data: InboxData) -> None:
        self.rows = data.rows
        self.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            item = row.item
            values = [row.record, where_text(item.tbl, item.field),
                      self.value_text(item.winner) + "\n" + self.origin_text(item.winner_origin, data.own_device),
                      self.value_text(item.loser) + "\n" + self.origin_text(item.loser_origin, data.own_device),
                      self.state_text(item)]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.setItem(r, c, cell)
            button = QPushButton(self.tr("Restore the value not used"), objectName=f"restore_{r}")
            button.setEnabled(self.may_restore)
            if not self.may_restore:
                button.setToolTip(self.tr("Only centre staff and administrators can restore values."))
            button.clicked.connect(partial(self.on_restore, row))
            self.setCellWidget(r, self.ACTION, button)
        self.resizeRowsToContents()

    def value_text(self, value: Any) -> str:
        return self.tr("(empty)") if value is None or value == "" else str(value)

    def origin_text(self, origin: Origin, own_device: str) -> str:
        if origin.device and origin.device == own_device:
            pc = self.tr("this PC")
        elif origin.device:
            pc = self.tr("PC {0}").format(origin.device[:8])
        else:
            pc = self.tr("county")
        return " · ".join(part for part in (origin.user, pc, origin.at) if part)

    def state_text(self, item: ConflictItem) -> str:
        if item.status == "needs_review" or item.policy == "hold":
            return self.tr("Identity data to be checked")
        return self.tr("Resolved automatically")
