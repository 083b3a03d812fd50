"""Test set-up: offscreen Qt, cheap argon2, and a private data directory for every test."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before anything imports PySide6: without a display Qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ZONGZHI_KDF_PROFILE"] = "test"
os.environ.setdefault("LANG", "C.UTF-8")
# No test may touch the real user folders: point platformdirs and ZONGZHI_HOME at a scratch dir.
_SCRATCH = Path(tempfile.mkdtemp(prefix="zongzhi-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_SCRATCH / _var.lower())
os.environ["ZONGZHI_HOME"] = str(_SCRATCH / "default-home")
for _var in ("ZONGZHI_USER", "ZONGZHI_PASSWORD"):
    os.environ.pop(_var, None)

import pytest  # noqa: E402

from zongzhi_desktop.models.store import Store, create_store, open_store  # noqa: E402
from zongzhi_desktop.paths import AppPaths, resolve_paths  # noqa: E402

from county_support import CountyServer, backends, drop_databases, new_database  # noqa: E402
from tests_support import ADMIN, PASSWORD  # noqa: E402

# ---- issue 12: every log the run wrote is searched for names, ID numbers and phones at its end ----
pytest_plugins = ["log_search_plugin"]
# ---------------------------------------------------------------------------------------------------
TOWNSHIP = ("360731100", "贡江镇")


@pytest.fixture(scope="session")
def template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly initialised township home, made once and copied for each test (Anki's trick)."""
    home = tmp_path_factory.mktemp("template") / "home"
    store = create_store(
        resolve_paths(home),
        township_code=TOWNSHIP[0],
        township_name=TOWNSHIP[1],
        admin_user=ADMIN,
        admin_password=PASSWORD,
    )
    store.close()
    return home


@pytest.fixture
def home(template_home: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(template_home, target)
    return target


@pytest.fixture
def paths(home: Path) -> AppPaths:
    return resolve_paths(home)


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    opened = open_store(paths, ADMIN, PASSWORD)
    yield opened
    opened.close()


@pytest.fixture
def cli_env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Environment for running `zongzhi` in-process as the admin of the copied home."""
    monkeypatch.setenv("ZONGZHI_USER", ADMIN)
    monkeypatch.setenv("ZONGZHI_PASSWORD", PASSWORD)
    monkeypatch.setenv("ZONGZHI_HOME", str(home))
    return home


def pytest_sessionstart(session: pytest.Session) -> None:
    drop_databases(strays=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_databases(strays=False)
    shutil.rmtree(_SCRATCH, ignore_errors=True)


# The county server, shared by the sync, security and reliability tests: one per backend and module,
# fresh townships per test.
@pytest.fixture(scope="module", params=backends())
def county(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    folder = tmp_path_factory.mktemp(f"county-{request.param}")
    server = CountyServer(new_database(request.param, folder), folder).start()
    yield server
    server.close()


@pytest.fixture
def township(county: CountyServer) -> str:
    return county.new_township()


@pytest.fixture(params=backends())
def fresh_county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyServer]:
    """A county of its own, not started, for tests that crash, restart or reconfigure the server."""
    server = CountyServer(new_database(request.param, tmp_path), tmp_path / "county")
    yield server
    server.close()
