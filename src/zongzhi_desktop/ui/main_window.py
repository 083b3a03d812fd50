"""The workbench: pages on the left (工作台, 矛盾纠纷, 实有人口, 网格, 报表, 同步, 设置) as the role allows,
township, user and sync state in the status bar, keyboard shortcuts, and the idle screen lock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget,
)

from zongzhi_desktop.services.auth import Actor
from zongzhi_desktop.services.permissions import ROLE_NAMES, allowed
from zongzhi_desktop.services.settings import load_settings
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.idle_lock import IdleLock
from zongzhi_desktop.ui.page import Page
from zongzhi_desktop.ui.sync_page import SyncPage
from zongzhi_desktop.ui.sync_status import SyncScheduler, SyncStatusWidget

PageFactory = Callable[[UiContext], Page]

# The matrix action a page needs before it is offered at all (pages not named here: everyone).
PAGE_ACTIONS = {
    "dashboard": "stats.read", "disputes": "disputes.read", "residents": "residents.read", "grids": "grids.read",
    "reports": "stats.read", "sync": "sync.review", "users": "users.manage", "audit": "audit.read",
}


def page_key(factory: PageFactory) -> str:
    """A page factory's key without building the page (a class, or a partial of one)."""
    return getattr(factory, "key", "") or getattr(getattr(factory, "func", None), "key", "")


def pages_for(actor: Actor, factories: Sequence[PageFactory]) -> list[PageFactory]:
    """The pages this actor's role may open, in the given order."""
    return [f for f in factories if page_key(f) not in PAGE_ACTIONS or allowed(actor, PAGE_ACTIONS[page_key(f)])]


def with_sync_page(pages: Sequence[PageFactory], scheduler: SyncScheduler) -> list[PageFactory]:
    """The given pages with 同步 just before 设置 (at the end when there is no settings page)."""
    factories = list(pages)
    page = partial(SyncPage, scheduler=scheduler)
    if SyncPage in factories:
        factories[factories.index(SyncPage)] = page
    else:
        keys = [getattr(factory, "key", "") for factory in factories]
        factories.insert(keys.index("settings") if "settings" in keys else len(factories), page)
    return factories


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, pages: Sequence[PageFactory], *, idle_timeout_ms: int | None = None) -> None:
        """`idle_timeout_ms` overrides the configured idle-lock minutes (tests use a few milliseconds)."""
        super().__init__()
        store = ctx.store
        self.idle_lock = IdleLock(self, store.paths, store.actor.username, store.actor.display_name,
                                  minutes=load_settings(store.paths).idle_lock_minutes, timeout_ms=idle_timeout_ms)
        self.ctx = UiContext(store, ctx.runner, self.navigate, self.idle_lock.set_minutes)
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
        # The window owns sync: one scheduler behind the status bar line and the 同步 page.
        self.sync = SyncScheduler(self.ctx, self)
        for factory in pages_for(actor, with_sync_page(pages, self.sync)):
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

        self.sync_status = SyncStatusWidget(self.sync, lambda: self.navigate(SyncPage.key))
        self.sync_label = self.sync_status.state_label
        self.statusBar().addWidget(QLabel(self.tr("Township: ") + township))
        self.statusBar().addWidget(QLabel(self.tr("User: ") + (actor.display_name or actor.username)))
        self.statusBar().addWidget(QLabel(self.tr("Role: ") + role))
        self.statusBar().addPermanentWidget(self.sync_status)

        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self._new_case)
        if self.nav.count():
            self.nav.setCurrentRow(0)
        self.sync.start()

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
        self.idle_lock.stop()
        self.sync.stop()
        self.ctx.runner.wait_idle()
        super().closeEvent(event)
