"""GUI test fixtures: a logged-in main window over a small demo township, and the runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from demo_homes import build_demo_home, open_copy
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.ui.background import BackgroundRunner


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo township (made once per run, copied per test)."""
    home = tmp_path_factory.mktemp("gui-demo") / "home"
    build_demo_home(home, residents=600, disputes=80, seed=3).close()
    return home


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[Store]:
    store = open_copy(demo_template, tmp_path)
    yield store
    store.close()


@pytest.fixture
def runner(qtbot) -> Iterator[BackgroundRunner]:  # type: ignore[no-untyped-def]
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture(scope="session", autouse=True)
def chinese_ui(qapp):  # type: ignore[no-untyped-def]
    """The GUI under test speaks its default language, with the bundled CJK font."""
    from zongzhi_desktop.ui.fonts import install_fonts
    from zongzhi_desktop.ui.i18n import install_translators

    install_fonts(qapp)
    return install_translators(qapp, "zh_CN")
