"""The workbench: pages on the left (工作台, 矛盾纠纷, 实有人口, 网格, 设置), township and user in the
title and status bar, keyboard shortcuts for the daily moves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget,
)

from zongzhi_desktop.services.permissions import ROLE_NAMES
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.page import Page

PageFactory = Callable[[UiContext], Page]


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, pages: Sequence[PageFactory]) -> None:
        super().__init__()
        self.ctx = UiContext(ctx.store, ctx.runner, self.navigate)
        store = self.ctx.store
        township = store.state("township_name") or ""
        actor = store.actor
        role = ROLE_NAMES.get(actor.role, actor.role)
        self.setWindowTitle(self.tr("Comprehensive Governance Centre") + f" — {township} — {actor.display_name or actor.username}（{role}）")
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(QSize(24, 24))
        self.nav.setStyleSheet("QListWidget { font-size: 13pt; } QListWidget::item { padding: 12px 8px; }")
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for factory in pages:
            page = factory(self.ctx)
            self.pages[page.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title())
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.sync_label = QLabel(self.tr("Not connected to the county server"))
        self.statusBar().addWidget(QLabel(self.tr("Township: ") + township))
        self.statusBar().addWidget(QLabel(self.tr("User: ") + (actor.display_name or actor.username)))
        self.statusBar().addWidget(QLabel(self.tr("Role: ") + role))
        self.statusBar().addPermanentWidget(self.sync_label)

        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self._new_case)
        if self.nav.count():
            self.nav.setCurrentRow(0)

    def navigate(self, key: str, **filters: Any) -> None:
        """Show page `key` with `filters` (a dashboard number clicked through to its list)."""
        page = self.pages.get(key)
        if page is None:
            return
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(list(self.pages).index(key))
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(page)
        page.activate(**filters)

    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def _on_nav(self, row: int) -> None:
        if row >= 0:
            self.navigate(self.nav.item(row).data(Qt.ItemDataRole.UserRole))

    def _focus_search(self) -> None:
        self.current_page().focus_search()

    def _new_case(self) -> None:
        if "disputes" in self.pages:
            self.navigate("disputes")
            self.pages["disputes"].new_item()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.ctx.runner.wait_idle()
        super().closeEvent(event)
