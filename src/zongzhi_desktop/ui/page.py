"""The base of every main-window page: a key, a title, activation with filters, a search focus."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from zongzhi_desktop.ui.context import UiContext


class Page(QWidget):
    """Subclasses set `key` and implement `title()`; `activate` refreshes and applies filters
    (the dashboard's numbers click through to filtered lists this way)."""

    key = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:
        raise NotImplementedError

    def activate(self, **filters: Any) -> None:
        """Called when the page is shown; filters come from a click elsewhere."""

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in this page's search box, if it has one."""

    def new_item(self) -> None:
        """Ctrl+N on this page."""
