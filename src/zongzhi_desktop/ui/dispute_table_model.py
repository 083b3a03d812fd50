"""The dispute list as a lazy table model: keyset pages fetched through the runner as you scroll."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from zongzhi_desktop.services.dispute_queries import CaseSummary, DisputeQueries
from zongzhi_desktop.services.results import Page as ResultPage
from zongzhi_desktop.ui.context import UiContext

# What a clerk scans for comes first; the long case number last (it is also in the detail's header).
COL_TITLE, COL_STATUS, COL_COUNTDOWN, COL_FLAGS, COL_CATEGORY, COL_GRID, COL_REGISTERED, COL_DEADLINE, COL_CASE_NO = range(9)
COLUMN_COUNT = 9
SortRole = Qt.ItemDataRole.UserRole
IdRole = Qt.ItemDataRole.UserRole + 1  # the case number
PAGE_SIZE = 100

OVERDUE_BACKGROUND = QColor("#fde4e2")
OVERDUE_TEXT = QColor("#a31515")
# Colour is never the only signal: the same cells always carry the level's name as text.
SUPERVISION_BACKGROUND = {"normal": QColor("#e3ecfb"), "yellow": QColor("#fff1b8"), "red": QColor("#f9c9c4")}

AnyIndex = QModelIndex | QPersistentModelIndex


class DisputeTableModel(QAbstractTableModel):
    """Rows are `CaseSummary` snapshots; a new filter resets the model and starts a new query."""

    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows loaded so far
    load_failed = Signal(object)

    def __init__(self, ctx: UiContext, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._rows: list[CaseSummary] = []
        self._after: tuple[str, ...] | None = None
        self._more = False
        self._loading = False
        # Bumped on every reset so a page that arrives for an older filter is dropped.
        self._generation = 0
        self._filters: dict[str, Any] = {}
        self._supervision_names: dict[str, str] = {}
        self._headers = {
            COL_TITLE: self.tr("Title"), COL_STATUS: self.tr("Status"), COL_COUNTDOWN: self.tr("Time left"),
            COL_FLAGS: self.tr("Flags"), COL_CATEGORY: self.tr("Category"), COL_GRID: self.tr("Grid"),
            COL_REGISTERED: self.tr("Registered"), COL_DEADLINE: self.tr("Deadline"), COL_CASE_NO: self.tr("Case no."),
        }

    # -- loading -----------------------------------------------------------------------------
    def set_supervision_names(self, names: dict[str, str]) -> None:
        self._supervision_names = dict(names)

    def set_filters(self, filters: dict[str, Any]) -> None:
        """Forget the loaded rows and query again with `filters` (DisputeQueries.list keywords)."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._after = None
        self._more = False
        self.endResetModel()
        self._filters = dict(filters)
        self._fetch()

    def refresh(self) -> None:
        self.set_filters(self._filters)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_more(self) -> bool:
        return self._more

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802 (Qt override)
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: N802 (Qt override)
        if self.canFetchMore(parent):
            self._fetch()

    def _fetch(self) -> None:
        generation, filters, after = self._generation, dict(self._filters), self._after
        queries: DisputeQueries = self._ctx.service(DisputeQueries)
        actor = self._ctx.actor

        def work(task: Any) -> tuple[int, ResultPage[CaseSummary]]:
            return generation, queries.list(actor, after=after, limit=PAGE_SIZE, **filters)  # type: ignore[arg-type]

        self._set_loading(True)
        self._ctx.runner.run(work, on_done=self._on_page, on_error=self._on_error)

    def _on_page(self, result: tuple[int, ResultPage[CaseSummary]]) -> None:
        generation, page = result
        if generation != self._generation:
            return  # an answer to a filter nobody looks at any more
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._after = page.next_after
        self._more = page.next_after is not None
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows))

    def _on_error(self, error: BaseException) -> None:
        self._set_loading(False)
        self.load_failed.emit(error)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # -- rows --------------------------------------------------------------------------------
    def case_at(self, row: int) -> CaseSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_no: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.case_no == case_no), -1)

    def update_case(self, case: CaseSummary) -> None:
        """Show a case's new state after an action without re-querying the whole list."""
        row = self.row_of(case.case_no)
        if row >= 0:
            self._rows[row] = case
            self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < COLUMN_COUNT:
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < COLUMN_COUNT:
            return None
        case, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, column)
        if role == SortRole:
            return self._sort_key(case, column)
        if role == IdRole:
            return case.case_no
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            return case.title
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == COL_FLAGS and case.supervision in SUPERVISION_BACKGROUND:
                return SUPERVISION_BACKGROUND[case.supervision]
            if case.overdue in ("accept", "resolve"):
                return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_COUNTDOWN, COL_STATUS) and case.overdue:
            return OVERDUE_TEXT
        return None

    def _text(self, case: CaseSummary, column: int) -> str:
        if column == COL_CASE_NO:
            return case.case_no
        if column == COL_TITLE:
            return case.title
        if column == COL_CATEGORY:
            return case.category_name
        if column == COL_STATUS:
            return case.status_name
        if column == COL_GRID:
            return case.grid_name or "—"
        if column == COL_REGISTERED:
            return case.registered_at[:16]
        if column == COL_DEADLINE:
            return case.deadline or "—"
        if column == COL_COUNTDOWN:
            return self.countdown(case)
        return "、".join(self._flags(case))

    def countdown(self, case: CaseSummary) -> str:
        """还剩N天 / 超期N天 / 超期未受理 / 超期办结 — the words that carry what the colour shows."""
        if case.overdue == "accept":
            return self.tr("Not accepted in time")
        if case.overdue == "closed_late":
            return self.tr("Closed late")
        if case.days_left is None:
            return "—"
        if case.days_left < 0:
            return self.tr("%n day(s) overdue", "", -case.days_left)
        return self.tr("%n day(s) left", "", case.days_left)

    def _flags(self, case: CaseSummary) -> list[str]:
        out = []
        if case.supervision:
            out.append(self._supervision_names.get(case.supervision) or self.tr("Supervised"))
        if case.is_major:
            out.append(self.tr("Major"))
        if case.concurrent:
            out.append(self.tr("Needs checking"))
        return out

    @staticmethod
    def _sort_key(case: CaseSummary, column: int) -> Any:
        if column == COL_COUNTDOWN:
            return case.days_left if case.days_left is not None else 1 << 30
        keys = {COL_TITLE: case.title, COL_STATUS: case.status, COL_FLAGS: case.supervision or "",
                COL_CATEGORY: case.category, COL_GRID: case.grid_name or "", COL_REGISTERED: case.registered_at,
                COL_DEADLINE: case.deadline or "", COL_CASE_NO: case.case_no}
        return keys[column]
