"""What every page of the main window gets: the opened store, the background runner, navigation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.ui.background import BackgroundRunner


@dataclass(frozen=True)
class UiContext:
    store: Store
    runner: BackgroundRunner
    # navigate("disputes", status="registered") switches page and applies the filters
    navigate: Callable[..., None] = field(default=lambda page, **filters: None)
    # the settings page changed the idle-lock time (minutes): the window's lock follows at once
    idle_minutes_changed: Callable[[int], None] = field(default=lambda minutes: None)

    @property
    def actor(self) -> Actor:
        return self.store.actor

    def service(self, cls: type[Any]) -> Any:
        """A service over this store (services are cheap, stateless wrappers)."""
        return cls(self.store)
