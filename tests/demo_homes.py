"""Demo townships built once per module or run, and opened as a fresh copy per test."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.models.store import Store, create_store, open_store
from zongzhi_desktop.paths import resolve_paths

DEMO_PASSWORD = "Demo-2026"


def build_demo_home(home: Path, *, residents: int, disputes: int, seed: int, today: date | None = None) -> Store:
    """A demo township of 贡江镇 in `home`, still open (the caller may change it, then closes it)."""
    store = create_store(resolve_paths(home), township_code="360731100", township_name="贡江镇",
                         admin_user="admin", admin_password=DEMO_PASSWORD)
    build_demo(store, residents=residents, disputes=disputes, seed=seed, today=today)
    return store


def open_copy(template: Path, tmp_path: Path) -> Store:
    """The template home copied under `tmp_path`, opened as its administrator."""
    home = tmp_path / "home"
    shutil.copytree(template, home)
    return open_store(resolve_paths(home), "admin", DEMO_PASSWORD)
