"""GUI test fixtures: a logged-in main window over a small demo township, and the runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.models.store import Store, create_store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.ui.background import BackgroundRunner

DEMO_PASSWORD = "Demo-2026"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo township (made once per run, copied per test)."""
    home = tmp_path_factory.mktemp("gui-demo") / "home"
    store = create_store(resolve_paths(home), township_code="360731100", township_name="贡江镇",
                         admin_user="admin", admin_password=DEMO_PASSWORD)
    build_demo(store, residents=600, disputes=80, seed=3)
    store.close()
    return home


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[Store]:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(demo_template, home)
    store = open_store(resolve_paths(home), "admin", DEMO_PASSWORD)
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
