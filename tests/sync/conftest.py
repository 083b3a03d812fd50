"""Fixtures for the sync tests: one county server per backend and module, fresh townships per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from county_support import CountyServer, backends, new_database


@pytest.fixture(scope="module", params=backends())
def county(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    folder = tmp_path_factory.mktemp(f"county-{request.param}")
    server = CountyServer(new_database(request.param, folder), folder).start()
    yield server
    server.close()


@pytest.fixture
def township(county: CountyServer) -> str:
    return county.new_township()


@pytest.fixture
def fresh_county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyServer]:
    """A county of its own for tests that crash or restart the server (SQLite unless parametrised)."""
    backend = getattr(request, "param", "sqlite")
    server = CountyServer(new_database(backend, tmp_path), tmp_path / "county")
    yield server
    server.close()
