"""工作台: today's case worklist as big clickable numbers, this month's figures, and two charts."""

from __future__ import annotations

import calendar
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QLocale, QTime, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.services.dashboard import DashboardFigures, DashboardService
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.charts import HorizontalBarChart, Series, StackedBarChart
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.page import Page

NORMAL, ALERT, CALM = "#1f4e8c", "#c62828", "#2e7d32"
REGISTERED, IN_PROGRESS, CLOSED = QColor("#f0a030"), QColor("#3b7dd8"), QColor("#5aa469")
CARD_STYLE = """
QPushButton#figure_card { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QPushButton#figure_card:hover { border: 2px solid #3b7dd8; }
QPushButton#figure_card:focus { border: 2px solid #3b7dd8; }
"""


def load_figures(store: Store, actor: Actor, today: date, task: Task) -> DashboardFigures:
    """Background work: the service only, never a widget."""
    return DashboardService(store).figures(actor, today)


class FigureCard(QPushButton):
    """A big number with its meaning underneath; the whole card is one button (Enter or click)."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure_card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(112)
        self.number = QLabel("—")
        font = QFont(self.font())
        font.setPointSize(26)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(caption)
        caption_font = QFont(self.font())
        caption_font.setPointSize(12)
        self.caption.setFont(caption_font)
        self.hint = QLabel("")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(0)
        for label in (self.number, self.caption, self.hint):
            # Labels must not swallow the clicks meant for the card.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)

    def set_value(self, value: int, hint: str = "", color: str = NORMAL) -> None:
        self.number.setText(str(value))
        self.number.setStyleSheet(f"color: {color};")
        self.hint.setText(hint)
        self.setAccessibleName(f"{self.caption.text()} {value}")
        self.setToolTip(hint)

    def value_text(self) -> str:
        return self.number.text()


class DashboardPage(Page):
    key = "dashboard"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.figures: DashboardFigures | None = None
        self._task: Task | None = None
        self._again = False
        self.setStyleSheet(CARD_STYLE)

        heading = QLabel(self.tr("Dashboard"))
        heading_font = QFont(self.font())
        heading_font.setPointSize(16)
        heading_font.setBold(True)
        heading.setFont(heading_font)
        self.updated = QLabel(self.tr("Loading…"), objectName="dashboard_updated")
        self.updated.setStyleSheet("color: palette(placeholder-text);")
        refresh = QPushButton(self.tr("Refresh"), objectName="dashboard_refresh")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.updated, 1)
        top.addWidget(refresh)

        self.cards: dict[str, FigureCard] = {
            "waiting": FigureCard(self.tr("Waiting for acceptance")),
            "in_progress": FigureCard(self.tr("In progress")),
            "due_soon": FigureCard(self.tr("Due within 3 working days")),
            "overdue": FigureCard(self.tr("Overdue")),
            "supervised": FigureCard(self.tr("Under supervision")),
            "month_intake": FigureCard(self.tr("Registered this month")),
            "month_resolved": FigureCard(self.tr("Closed this month")),
            "visits_due": FigureCard(self.tr("Key-person visits due")),
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, (name, card) in enumerate(self.cards.items()):
            card.clicked.connect(getattr(self, f"_open_{name}"))
            grid.addWidget(card, i // 4, i % 4)

        self.months_chart = StackedBarChart()
        self.months_chart.barClicked.connect(self._open_month)
        self.categories_chart = HorizontalBarChart()
        self.categories_chart.barClicked.connect(self._open_category)
        months_box = QGroupBox(self.tr("Cases registered per month, last 12 months (by current status)"))
        QVBoxLayout(months_box).addWidget(self.months_chart)
        categories_box = QGroupBox(self.tr("Cases by category, last 12 months"))
        QVBoxLayout(categories_box).addWidget(self.categories_chart)
        charts = QHBoxLayout()
        charts.setSpacing(12)
        charts.addWidget(months_box, 3)
        charts.addWidget(categories_box, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)

    def title(self) -> str:
        return self.tr("Dashboard")

    def activate(self, **filters: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Reload the figures in the background; a click while loading asks for one more load."""
        if self._task is not None and self._task.running:
            self._again = True
            return
        self._task = self.ctx.runner.run(partial(load_figures, self.ctx.store, self.ctx.actor, date.today()),
                                         on_done=self._show, on_error=self._failed)

    # -- results (GUI thread) --------------------------------------------------------------------
    def _show(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self._task = None
        locale = QLocale()
        # ISO dates, as on the case forms: unambiguous in both languages.
        due, since = figures.due_before.isoformat(), figures.month_start.isoformat()
        c = self.cards
        c["waiting"].set_value(figures.waiting, self.tr("Registered, not yet accepted"))
        c["in_progress"].set_value(figures.in_progress, self.tr("Accepted and not yet closed"))
        c["due_soon"].set_value(figures.due_soon, self.tr("Deadline on or before {0}").format(due),
                                ALERT if figures.due_soon else NORMAL)
        c["overdue"].set_value(figures.overdue, self.tr("Past the acceptance or closing deadline"),
                               ALERT if figures.overdue else CALM)
        c["supervised"].set_value(figures.supervised, self.tr("Cases with a supervision order"))
        c["month_intake"].set_value(figures.month_intake, self.tr("Since {0}").format(since))
        c["month_resolved"].set_value(figures.month_resolved, self.tr("Since {0}").format(since), CALM)
        c["visits_due"].set_value(figures.visits_due, self.tr("Due today or earlier"),
                                  ALERT if figures.visits_due else CALM)

        self.months_chart.set_data(
            [self._month_label(locale, m.month, first=i == 0) for i, m in enumerate(figures.months)],
            [m.month for m in figures.months],
            [Series(self.tr("Waiting for acceptance"), REGISTERED), Series(self.tr("In progress"), IN_PROGRESS),
             Series(self.tr("Closed or not accepted"), CLOSED)],
            [[m.registered, m.in_progress, m.closed] for m in figures.months],
        )
        self.categories_chart.set_data([(c.code, c.name, c.count) for c in figures.categories])
        self.updated.setText(self.tr("Figures as of {0}").format(locale.toString(QTime.currentTime(), "HH:mm")))
        if self._again:
            self._again = False
            self.refresh()

    @staticmethod
    def _month_label(locale: QLocale, month: str, first: bool) -> str:
        """The month's short name; the year under it where the year starts, so twelve months read unambiguously."""
        name = locale.standaloneMonthName(int(month[5:]), QLocale.FormatType.ShortFormat)
        return f"{name}\n{month[:4]}" if first or month.endswith("-01") else name

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._again = False
        self.updated.setText(self.tr("Could not load the figures: {0}").format(error_text(error)))

    # -- click-through: every number opens the list it counts --------------------------------------
    def _open_waiting(self) -> None:
        self.ctx.navigate("disputes", status="registered")

    def _open_in_progress(self) -> None:
        # No single status means "in progress": the list takes every open status except registered.
        self.ctx.navigate("disputes", status=None, in_progress=True)

    def _open_due_soon(self) -> None:
        if self.figures:
            self.ctx.navigate("disputes", due_before=self.figures.due_before)

    def _open_overdue(self) -> None:
        self.ctx.navigate("disputes", overdue=True)

    def _open_supervised(self) -> None:
        self.ctx.navigate("disputes", supervised=True)

    def _open_month_intake(self) -> None:
        if self.figures:
            self.ctx.navigate("disputes", registered_from=self.figures.month_start)

    def _open_month_resolved(self) -> None:
        if self.figures:
            self.ctx.navigate("disputes", status="closed", closed_from=self.figures.month_start)

    def _open_visits_due(self) -> None:
        self.ctx.navigate("residents", key_persons="due")

    def _open_month(self, month: str) -> None:
        year, mon = int(month[:4]), int(month[5:])
        self.ctx.navigate("disputes", registered_from=date(year, mon, 1),
                          registered_to=date(year, mon, calendar.monthrange(year, mon)[1]))

    def _open_category(self, code: str) -> None:
        if self.figures:
            self.ctx.navigate("disputes", category=code, registered_from=self.figures.window_start)
