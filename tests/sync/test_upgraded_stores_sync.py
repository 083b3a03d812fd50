"""A store of every earlier schema revision, upgraded by this version, enrols and syncs: its pending
changes all reach the county once, and a second PC of the township pulls an identical register."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from county_support import CountyServer, join_existing_pc, join_new_pc
from sync_support import differing_rows, outbox_states, township_checksums
from tests_support import ADMIN, PASSWORD
from zongzhi_county import admin
from zongzhi_desktop.models import migrate
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync.engine import sync_now

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "stores").glob("rev*"))
FIXTURE_TOWNSHIP = ("360731100", "贡江镇")  # tests/fixtures/make_store_fixture.py


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_an_upgraded_store_syncs_everything_it_held(fixture: Path, fresh_county: CountyServer,
                                                    tmp_path: Path) -> None:
    home = tmp_path / "pc1"
    shutil.copytree(fixture, home)
    upgraded = open_store(resolve_paths(home), ADMIN, PASSWORD)  # the upgrade happens here
    with upgraded.read() as s:
        pending = s.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar()
        revision = migrate.current_revision(s.connection())
    upgraded.close()
    assert revision == migrate.head_revision() and pending > 0

    fresh_county.start()
    admin.add_township(fresh_county.engine, code=FIXTURE_TOWNSHIP[0], name=FIXTURE_TOWNSHIP[1])
    pc1 = join_existing_pc(fresh_county, home)
    result = sync_now(pc1)
    assert result.rejected == 0 and result.pushed == pending
    assert outbox_states(pc1) == {"acked": pending}
    with fresh_county.engine.connect() as conn:
        receipts = conn.execute(text("SELECT count(*), count(DISTINCT op_id) FROM op_receipts")).one()
        logged = conn.execute(text("SELECT count(DISTINCT origin_local_seq) FROM change_log "
                                   "WHERE origin_device IS NOT NULL")).scalar()
    assert tuple(receipts) == (pending, pending) and logged == pending  # each op once

    pc2 = join_new_pc(fresh_county, FIXTURE_TOWNSHIP[0], tmp_path / "pc2")
    sync_now(pc2)
    sync_now(pc1)  # picks up anything the county derived from the upload (e.g. duplicate tasks)
    differing = {t: differing_rows(pc1, pc2, t) for t, sums in township_checksums(pc1).items()
                 if township_checksums(pc2)[t] != sums}
    assert differing == {}
    pc1.close()
    pc2.close()
