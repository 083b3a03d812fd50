"""A township PC restored from its own older backup (a rewound device, sync.md §3.9): nothing lost, nothing twice."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reliability_support import REACHED
from county_support import CountyServer, backends, join_new_pc, new_database
from zongzhi_county.schema import change_log, devices, field_ver
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.disputes import DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.ui.sync_status import status_text

from tests_support import ADMIN, PASSWORD

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # the sync tests' helpers
from sync_support import add_resident, edit, outbox_states, township_checksums, value  # noqa: E402


@pytest.fixture(params=backends())
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyServer]:
    server = CountyServer(new_database(request.param, tmp_path), tmp_path / "county").start()
    yield server
    server.close()


def _case(store: Store, title: str) -> str:
    return DisputeService(store).register(store.actor, IntakeInput(
        title=title, category="邻里纠纷", channel="来访", parties=(PartyInput("周一", "申请人"),),
        description="测试", people_involved=2)).case_no


def _county_case_numbers(county: CountyServer, township: str) -> list[str]:
    import json
    with county.engine.connect() as conn:
        values = conn.execute(select(field_ver.c.value).where(field_ver.c.tbl == "disputes",
                                                              field_ver.c.field == "case_no")).scalars()
        return [json.loads(v) for v in values if json.loads(v).startswith(township)]


def test_a_pc_restored_from_its_own_backup_loses_and_doubles_nothing(county: CountyServer, tmp_path: Path) -> None:
    township = county.new_township()
    home = tmp_path / "pc"
    pc = join_new_pc(county, township, home)
    before = [add_resident(pc, f"备份前{i}") for i in range(3)]
    first_case = _case(pc, "备份前的案件")
    sync_now(pc)
    pending_at_backup = add_resident(pc, "备份时未上传")  # in the backup as pending; sent before the restore
    pc.close()
    shutil.copytree(home, tmp_path / "backup")  # the files, copied with the store closed
    pc = open_store(resolve_paths(home), ADMIN, PASSWORD)
    after = [add_resident(pc, f"备份后{i}") for i in range(4)]
    edit(pc, "residents", before[0], phone="13700000000")
    lost_case = _case(pc, "备份后的案件")  # synced, then the PC goes back to the backup
    sync_now(pc)
    old_device, old_no = pc.state("device_id"), pc.state("device_no")
    pc.close()
    shutil.rmtree(home)
    shutil.copytree(tmp_path / "backup", home)  # restored
    pc = open_store(resolve_paths(home), ADMIN, PASSWORD)
    offline = [add_resident(pc, f"恢复后{i}") for i in range(2)]
    offline_case = _case(pc, "恢复后离线登记的案件")  # repeats the number the county has from before
    assert offline_case == lost_case
    result = sync_now(pc)
    assert result.re_registered and pc.state("device_id") != old_device and pc.state("device_no") != old_no
    assert result.renumbered == [f"{offline_case} → {offline_case.replace(f'-{old_no}-', f'-{result.re_registered}-')}"]
    new_case = pc.state("device_no")
    later_case = _case(pc, "重新注册后的案件")
    assert f"-{new_case}-" in later_case
    sync_now(pc)
    sync_now(pc)
    # nothing lost: what was sent before the restore came back to the restored PC, the new work went up
    for person in before + after + offline + [pending_at_backup]:
        assert value(pc, "residents", person, "id") == person
    assert value(pc, "residents", before[0], "phone") == "13700000000"
    assert set(outbox_states(pc)) == {"acked"}  # none pending, none refused
    # nothing twice: each op once in the county's log; every case number unique county-wide
    with county.engine.connect() as conn:
        origins = conn.execute(select(change_log.c.origin_device, change_log.c.origin_local_seq)
                               .where(change_log.c.origin_device.is_not(None))).all()
        devices_now = conn.execute(select(func.count()).select_from(devices)
                                   .where(devices.c.township_code == township)).scalar_one()
    assert len(origins) == len(set(origins))
    assert devices_now == 2
    numbers = _county_case_numbers(county, township)
    assert len(numbers) == len(set(numbers)) == 4 and {first_case, lost_case, later_case} <= set(numbers)
    other = join_new_pc(county, township, tmp_path / "other")
    sync_now(other)
    assert township_checksums(other) == township_checksums(pc)
    assert [p.as_json() for p in run_checks(pc.engine, full=True)] == []  # renumbered rows agree with their ops
    REACHED[f"rewound device ({county.db_url.split(':')[0]})"] = (
        f"re-registered as {result.re_registered}, renumbered {result.renumbered}; "
        f"status: {status_text(None, result, 0, None)!r}")
    pc.close()
    other.close()
