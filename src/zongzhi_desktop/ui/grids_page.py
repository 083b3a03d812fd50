"""Placeholder for the Grids page (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.page import Page


class GridsPage(Page):
    key = "grids"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        QVBoxLayout(self).addWidget(QLabel(self.title()))

    def title(self) -> str:
        return self.tr("Grids")
