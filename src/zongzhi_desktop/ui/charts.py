"""Two small QPainter bar charts for the dashboard: stacked bars per month, horizontal bars per category.

Why our own widget rather than a chart library:
- Qt Charts is deprecated since Qt 6.10; building new screens on it means rewriting them later.
- Qt Graphs (its successor) draws through QtQuick/QML: it needs the PySide6-Addons wheel (about
  +150 MB on top of PySide6-Essentials), a QQuickWidget inside our widget pages and an OpenGL/RHI
  path that the old office PCs and remote desktops of township offices handle badly.
- pyqtgraph drags in numpy and is built for fast scientific plots, not two labelled bar charts.
- Two bar charts are ~200 lines of QPainter: no new dependency, Chinese labels in the app font,
  `render_chart()` paints onto any QPaintDevice (screen, image, printer), and tests can grab them.
Bars are clickable (`barClicked(key)`) so the charts click through to lists like the number cards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget


@dataclass(frozen=True)
class Series:
    name: str
    color: QColor


@dataclass(frozen=True)
class _Hit:
    rect: QRectF
    key: str
    tip: str


def nice_step(top: float, ticks: int = 4) -> int:
    """A round tick step (1, 2, 5 × 10ⁿ) giving about `ticks` grid lines up to `top`."""
    raw = max(top / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


class _BarChart(QWidget):
    """Shared plumbing: painting through `render_chart`, hit areas for tooltips and clicks, empty text."""

    barClicked = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: list[_Hit] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(320, 220)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(560, 320)

    def is_empty(self) -> bool:
        raise NotImplementedError

    def render_chart(self, painter: QPainter, rect: QRectF) -> None:
        """Paint the chart into `rect` of any device (screen, QImage, QPrinter); records where the bars are."""
        self._hits = []
        if self.is_empty():
            self._paint_empty(painter, rect)
        else:
            self._draw(painter, rect)

    def _draw(self, painter: QPainter, rect: QRectF) -> None:
        raise NotImplementedError

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        self.render_chart(painter, QRectF(self.rect()).adjusted(4, 4, -4, -4))
        painter.end()

    def _paint_empty(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("Charts", "No data yet"))

    def _hit_at(self, pos: QPointF) -> _Hit | None:
        return next((h for h in self._hits if h.rect.contains(pos)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        hit = self._hit_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        if hit:
            QToolTip.showText(event.globalPosition().toPoint(), hit.tip, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        hit = self._hit_at(event.position())
        if hit and event.button() == Qt.MouseButton.LeftButton:
            self.barClicked.emit(hit.key)

    def bar_rects(self) -> dict[str, QRectF]:
        """Where each bar was last painted (for tests and keyboard-free automation)."""
        return {h.key: h.rect for h in self._hits}

    def _text_pen(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _grid_pen(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Mid)


class StackedBarChart(_BarChart):
    """One stacked bar per slot (month), one segment per series, a legend on top, totals above bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = []
        self._keys: list[str] = []
        self._series: list[Series] = []
        self._values: list[list[int]] = []

    def set_data(self, labels: Sequence[str], keys: Sequence[str], series: Sequence[Series],
                 values: Sequence[Sequence[int]]) -> None:
        """`values[i][j]`: series j of bar i; `keys[i]` is what `barClicked` reports for bar i."""
        self._labels, self._keys, self._series = list(labels), list(keys), list(series)
        self._values = [list(v) for v in values]
        self.update()

    def values(self) -> list[list[int]]:
        return [list(v) for v in self._values]

    def is_empty(self) -> bool:
        return not any(any(v) for v in self._values)

    def _draw(self, painter: QPainter, rect: QRectF) -> None:
        fm = QFontMetricsF(painter.font())
        line = fm.height()
        # Legend, right-aligned on the first line.
        x = rect.right()
        for s in reversed(self._series):
            w = fm.horizontalAdvance(s.name)
            x -= w
            painter.setPen(self._text_pen())
            painter.drawText(QRectF(x, rect.top(), w + 2, line), Qt.AlignmentFlag.AlignVCenter, s.name)
            x -= line * 0.8 + 6
            painter.fillRect(QRectF(x, rect.top() + line * 0.15, line * 0.7, line * 0.7), s.color)
            x -= 16
        totals = [sum(v) for v in self._values]
        step = nice_step(max(totals))
        top_value = step * math.ceil(max(totals) / step)
        axis_w = fm.horizontalAdvance(str(top_value)) + 8
        # Room under the plot for two-line labels (month, and the year where it changes).
        plot = QRectF(rect.left() + axis_w, rect.top() + line * 2, rect.width() - axis_w, rect.height() - line * 4.4)
        # Grid lines and the value axis.
        for tick in range(0, top_value + 1, step):
            y = plot.bottom() - plot.height() * tick / top_value
            painter.setPen(QPen(self._grid_pen(), 1, Qt.PenStyle.SolidLine if tick == 0 else Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(self._text_pen())
            painter.drawText(QRectF(rect.left(), y - line / 2, axis_w - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick))
        slot = plot.width() / max(len(self._values), 1)
        bar_w = min(slot * 0.62, 48.0)
        widest = max((fm.horizontalAdvance(part) for t in self._labels for part in t.split("\n")), default=0)
        label_every = 1 if widest < slot - 2 else 2
        last = len(self._values) - 1  # count label positions back from the newest bar, which is always labelled
        for i, (values, total) in enumerate(zip(self._values, totals)):
            cx = plot.left() + slot * (i + 0.5)
            y = plot.bottom()
            for s, v in zip(self._series, values):
                h = plot.height() * v / top_value
                painter.fillRect(QRectF(cx - bar_w / 2, y - h, bar_w, h), s.color)
                y -= h
            painter.setPen(self._text_pen())
            if total:
                above = QRectF(cx - slot / 2, y - line - 2, slot, line)
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(total))
            if (last - i) % label_every == 0:
                painter.drawText(QRectF(cx - slot, plot.bottom() + 4, slot * 2, line * 2.2),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self._labels[i])
            heading = self._labels[i].replace("\n", " ")
            tip = "\n".join([f"{heading}：{total}"] + [f"{s.name}：{v}" for s, v in zip(self._series, values)])
            self._hits.append(_Hit(QRectF(cx - slot / 2, plot.top(), slot, plot.height()), self._keys[i], tip))


class HorizontalBarChart(_BarChart):
    """One horizontal bar per item, largest first as given, the label on the left, the count at the end."""

    def __init__(self, parent: QWidget | None = None, color: QColor | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, str, int]] = []
        self._color = color or QColor("#3b7dd8")

    def set_data(self, items: Sequence[tuple[str, str, int]]) -> None:
        """`items`: (key, label, value) in display order."""
        self._items = list(items)
        self.updateGeometry()
        self.update()

    def items(self) -> list[tuple[str, str, int]]:
        return list(self._items)

    def is_empty(self) -> bool:
        return not any(v for _, _, v in self._items)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # Every category stays readable: scroll rather than squash rows below one text line.
        row = QFontMetricsF(self.font()).height() + 4
        return QSize(320, max(220, int(row * len(self._items)) + 8))

    def _draw(self, painter: QPainter, rect: QRectF) -> None:
        fm = QFontMetricsF(painter.font())
        line = fm.height()
        label_w = min(max(fm.horizontalAdvance(label) for _, label, _ in self._items) + 10, rect.width() * 0.4)
        top = max(v for _, _, v in self._items)
        value_w = fm.horizontalAdvance(str(top)) + 10
        row_h = min(rect.height() / len(self._items), line * 2.0)
        bar_h = max(min(row_h * 0.66, line * 1.2), 4.0)
        bar_room = rect.width() - label_w - value_w
        for i, (key, label, value) in enumerate(self._items):
            y = rect.top() + row_h * i
            mid = y + row_h / 2
            painter.setPen(self._text_pen())
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 10)
            painter.drawText(QRectF(rect.left(), mid - line / 2, label_w - 10, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            w = bar_room * value / top
            painter.fillRect(QRectF(rect.left() + label_w, mid - bar_h / 2, w, bar_h), self._color)
            painter.drawText(QRectF(rect.left() + label_w + w + 6, mid - line / 2, value_w, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(value))
            self._hits.append(_Hit(QRectF(rect.left(), y, rect.width(), row_h), key, f"{label}：{value}"))
