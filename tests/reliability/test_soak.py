"""The soak at CI size: three townships, six PCs, many rounds of random work over a lossy network."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # the simulation lives with the sync tests

from county_support import CountyServer, backends, new_database  # noqa: E402
from reliability_support import REACHED  # noqa: E402
from soak import soak  # noqa: E402


@pytest.fixture(params=backends())
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyServer]:
    server = CountyServer(new_database(request.param, tmp_path), tmp_path / "county").start()
    yield server
    server.close()


def test_many_rounds_in_three_townships_end_equal_rows_and_checksums_at_every_pc(county: CountyServer,
                                                                               tmp_path: Path) -> None:
    result = soak(county, tmp_path, pcs_per_township=(2, 2, 2), rounds=12, ops_per_round=4, seed=11)
    REACHED[f"soak ({county.db_url.split(':')[0]})"] = result.line()
    assert result.differences == [], result.differences[:10]
    assert result.tally.operations >= 100 and result.tally.dropped and result.tally.repeated
