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


@pytest.fixture(params=backends())
def fresh_county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyServer]:
    """A county of its own, not started, for tests that crash, restart or reconfigure the server."""
    server = CountyServer(new_database(request.param, tmp_path), tmp_path / "county")
    yield server
    server.close()
