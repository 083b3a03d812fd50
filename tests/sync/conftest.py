"""Fixtures shared by the sync tests that call the county's functions in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from county_support import backends, new_database
from zongzhi_county import admin
from zongzhi_county.store import make_engine


@pytest.fixture(params=backends())
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A county database of 于都县 with nothing else in it, on each backend the run has."""
    engine = make_engine(new_database(request.param, tmp_path))
    admin.init_county(engine, code="360731", name="于都县")
    yield engine
    engine.dispose()
