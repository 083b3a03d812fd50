"""工作台: the numbers on screen are the service's, every card and bar clicks through, charts always paint."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.dashboard import DashboardService
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.charts import HorizontalBarChart, Series, StackedBarChart, nice_step
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.dashboard_page import DashboardPage

CARDS = ("waiting", "in_progress", "due_soon", "overdue", "supervised", "month_intake", "month_resolved", "visits_due")


class Recorder:
    """Stands in for MainWindow.navigate."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, page: str, **filters: Any) -> None:
        self.calls.append((page, filters))


def _page(qtbot, store: Store, runner: BackgroundRunner, navigate: Recorder | None = None) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = DashboardPage(UiContext(store, runner, navigate or Recorder()))
    qtbot.addWidget(page)
    page.resize(1110, 760)  # the page's share of a 1280×800 window
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    return page


def test_numbers_on_screen_equal_the_service(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    expected = DashboardService(demo_store).figures(demo_store.actor, date.today())
    assert page.figures == expected
    for name in CARDS:
        assert page.cards[name].value_text() == str(getattr(expected, name)), name
    assert page.months_chart.values() == [[m.registered, m.in_progress, m.closed] for m in expected.months]
    assert page.categories_chart.items() == [(c.code, c.name, c.count) for c in expected.categories]
    assert page.cards["waiting"].caption.text() == "待受理" and page.title() == "工作台"
    assert "2" in page.cards["due_soon"].hint.text()  # names the last day it covers


def test_every_card_clicks_through_to_its_filtered_list(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    navigate = Recorder()
    page = _page(qtbot, demo_store, runner, navigate)
    f = page.figures
    assert f is not None
    for name in CARDS:
        qtbot.mouseClick(page.cards[name], Qt.MouseButton.LeftButton)
    assert navigate.calls == [
        ("disputes", {"status": "registered"}),
        ("disputes", {"status": None, "in_progress": True}),
        ("disputes", {"due_before": f.due_before}),
        ("disputes", {"overdue": True}),
        ("disputes", {"supervised": True}),
        ("disputes", {"registered_from": f.month_start}),
        ("disputes", {"status": "closed", "closed_from": f.month_start}),
        ("residents", {"key_persons": "due"}),
    ]


def test_chart_bars_click_through_too(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    navigate = Recorder()
    page = _page(qtbot, demo_store, runner, navigate)
    f = page.figures
    assert f is not None and f.categories
    page.grab()  # paint, so the charts know where their bars are
    month = page.months_chart.bar_rects()[f.months[-1].month]
    qtbot.mouseClick(page.months_chart, Qt.MouseButton.LeftButton, pos=month.center().toPoint())
    top = f.categories[0]
    bar = page.categories_chart.bar_rects()[top.code]
    qtbot.mouseClick(page.categories_chart, Qt.MouseButton.LeftButton, pos=bar.center().toPoint())
    first = f.month_start
    assert navigate.calls[0][1]["registered_from"] == first and navigate.calls[0][1]["registered_to"].month == first.month
    assert navigate.calls[1] == ("disputes", {"category": top.code, "registered_from": f.window_start})


def test_activate_refreshes_the_figures(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    first = page.figures
    page.activate()
    qtbot.waitUntil(lambda: page.figures is not first, timeout=10_000)
    assert page.figures == first and "更新" in page.updated.text()


def test_an_empty_township_shows_zeros_and_empty_charts(qtbot, store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store, runner)
    assert all(page.cards[name].value_text() == "0" for name in CARDS)
    assert page.months_chart.is_empty() and page.categories_chart.is_empty()
    assert not page.grab().isNull()


def _colours(chart: Any) -> set[int]:
    image = chart.grab().toImage()
    return {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}


@pytest.mark.parametrize("size", [(320, 220), (700, 420)])
def test_charts_paint_empty_and_full_data(qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    blue, green = QColor("#3b7dd8"), QColor("#5aa469")
    stacked = StackedBarChart()
    bars = HorizontalBarChart(color=blue)
    for chart in (stacked, bars):
        qtbot.addWidget(chart)
        chart.resize(*size)
    assert stacked.is_empty() and bars.is_empty()
    assert not stacked.grab().isNull() and not bars.grab().isNull()  # "no data" text, no exception
    series = [Series("待受理", QColor("#f0a030")), Series("办理中", blue), Series("已办结或不予受理", green)]
    labels = [f"{m}月" for m in range(1, 13)]
    stacked.set_data(labels, [f"2026-{m:02d}" for m in range(1, 13)], series,
                     [[m % 3, m, 2 * m] for m in range(1, 13)])
    bars.set_data([(f"{n:02d}", "一个名称很长很长很长很长的纠纷类别" if n == 3 else f"类别{n}", n * 7) for n in range(1, 15)])
    assert green.rgb() in _colours(stacked) and blue.rgb() in _colours(bars)
    assert len(stacked.bar_rects()) == 12 and len(bars.bar_rects()) == 14
    stacked.set_data(labels, labels, series, [[0, 0, 0]] * 12)  # all zero is "no data", not a division by zero
    assert stacked.is_empty() and not stacked.grab().isNull()


def test_nice_steps_are_round() -> None:
    assert [nice_step(n) for n in (0, 3, 4, 9, 15, 40, 95, 1234)] == [1, 1, 1, 5, 5, 10, 50, 500]


def test_card_is_reachable_by_keyboard(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    navigate = Recorder()
    page = _page(qtbot, demo_store, runner, navigate)
    card = page.cards["overdue"]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Space)
    assert navigate.calls == [("disputes", {"overdue": True})]
    assert card.accessibleName().startswith("已超期")
