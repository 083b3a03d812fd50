"""The register table: a windowed model over an ordered id list, rows fetched a page at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from zongzhi_desktop.services.resident_search import ResidentRow

COL_NAME, COL_SEX, COL_BIRTH, COL_ID_NUMBER, COL_PHONE, COL_GRID, COL_TYPE, COL_STATUS = range(8)
COLUMN_COUNT = 8
# Column -> sort key of ResidentSearch.ordered_ids: sorting happens in SQL, never in Qt.
SORT_KEYS = {
    COL_NAME: "name", COL_SEX: "sex", COL_BIRTH: "birth_date", COL_ID_NUMBER: "id_number",
    COL_PHONE: "phone", COL_GRID: "grid", COL_TYPE: "registration_type", COL_STATUS: "status",
}
SortRole = Qt.ItemDataRole.UserRole
IdRole = Qt.ItemDataRole.UserRole + 1

PAGE_SIZE = 200
MAX_PAGES = 10

Index = QModelIndex | QPersistentModelIndex
FetchRows = Callable[[Sequence[str]], Sequence[ResidentRow | None]]


class ResidentTableModel(QAbstractTableModel):
    """Knows every id in order (so the row count and the scrollbar are exact) but holds at most
    `max_pages` pages of rows; a page is fetched when a row of it is first painted, and the page
    farthest from it is dropped, so memory stays flat however far the list is dragged.

    `fetch_rows(ids)` must be quick (one indexed query of a few ms); the slow part — finding and
    ordering the ids — is done by the page in the background and handed over with `set_ids`.
    """

    sortRequested = Signal(str, bool)  # sort key, descending: the page runs a new query

    def __init__(
        self, fetch_rows: FetchRows, *, page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._page_size = max(1, page_size)
        self._max_pages = max(2, max_pages)
        self._ids: tuple[str, ...] = ()
        self._pages: OrderedDict[int, Sequence[ResidentRow | None]] = OrderedDict()
        self._names: dict[str, dict[str, str]] = {}
        self._headers = (
            self.tr("Name"), self.tr("Sex"), self.tr("Date of birth"), self.tr("ID number"),
            self.tr("Phone"), self.tr("Grid"), self.tr("Category"), self.tr("Status"),
        )
        self._sexes = {"1": self.tr("Male"), "2": self.tr("Female")}

    # -- feeding ------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[str]) -> None:
        """A new result (search, filter or sort): every cached page belongs to the old order."""
        self.beginResetModel()
        self._ids = tuple(ids)
        self._pages.clear()
        self.endResetModel()

    def set_code_names(self, names: Mapping[str, Mapping[str, str]]) -> None:
        """Chinese names of codes by kind ("registration_type", "resident_status") for display."""
        self._names = {kind: dict(items) for kind, items in names.items()}
        if self._ids:
            self.dataChanged.emit(self.index(0, COL_TYPE), self.index(len(self._ids) - 1, COL_STATUS))

    def refresh_rows(self) -> None:
        """Drop cached rows (after an edit) but keep the order, so the view does not jump."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COLUMN_COUNT - 1))

    def ids(self) -> tuple[str, ...]:
        return self._ids

    def resident_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, resident_id: str) -> int:
        try:
            return self._ids.index(resident_id)
        except ValueError:
            return -1

    def cached_pages(self) -> int:
        return len(self._pages)

    def row_at(self, row: int) -> ResidentRow | None:
        """The row's data, fetching its page if needed; None if it has gone since the ids were read."""
        if not 0 <= row < len(self._ids):
            return None
        number, offset = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            start = number * self._page_size
            page = self._fetch_rows(self._ids[start : start + self._page_size])
            self._pages[number] = page
            self._evict(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def _evict(self, keep: int) -> None:
        while len(self._pages) > self._max_pages:
            farthest = max((n for n in self._pages if n != keep), key=lambda n: abs(n - keep))
            del self._pages[farthest]

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt signature)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < COLUMN_COUNT:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == IdRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return self.tr("(removed)") if index.column() == COL_NAME and role != SortRole else None
        return self._value(row, index.column(), role == SortRole)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is not None:
            self.sortRequested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def _value(self, row: ResidentRow, column: int, raw: bool) -> Any:
        if column == COL_NAME:
            return row.name
        if column == COL_SEX:
            return row.sex if raw else self._sexes.get(row.sex or "", "")
        if column == COL_BIRTH:
            return row.birth_date.isoformat() if row.birth_date else ""
        if column == COL_ID_NUMBER:
            return row.id_number or ""
        if column == COL_PHONE:
            return row.phone or ""
        if column == COL_GRID:
            return row.grid_name or ""
        if column == COL_TYPE:
            return row.registration_type if raw else self._names.get("registration_type", {}).get(
                row.registration_type, row.registration_type)
        if column == COL_STATUS:
            return row.status if raw else self._names.get("resident_status", {}).get(row.status, row.status)
        return None
