"""Broken networks between PCs and the county: a seeded fault schedule over many rounds, then convergence."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reliability_support import REACHED
from county_support import CountyServer, backends, join_new_pc, new_database
from fault_proxy import FAULTS, FaultProxy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # the sync tests' helpers
from sync_support import add_resident, edit, outbox_states, township_checksums
from zongzhi_county.schema import change_log, op_receipts
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.sync import engine
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.ui.sync_status import retry_delay_ms, status_text

SEED = 20261127
ROUNDS = 16
PCS = 3


@pytest.fixture(params=backends())
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyServer]:
    server = CountyServer(new_database(request.param, tmp_path), tmp_path / "county").start()
    yield server
    server.close()


@pytest.fixture
def proxy(county: CountyServer) -> Iterator[FaultProxy]:
    # "restart": the county is killed while a request is in flight; the round's end starts it again
    p = FaultProxy(county.port, on_restart=county.kill)
    county.url_for_pcs = p.url  # type: ignore[attr-defined]
    yield p
    p.close()


@pytest.fixture(autouse=True)
def short_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PAUSES", (0.02, 0.05))  # the bounded in-session retries, sped up


def _join(county: CountyServer, proxy: FaultProxy, township: str, home: Path):  # type: ignore[no-untyped-def]
    real = county.port
    county.port = proxy.port  # enrol through the proxy, so the stored server address is the proxy's
    try:
        return join_new_pc(county, township, home)
    finally:
        county.port = real


def _ensure_up(county: CountyServer) -> bool:
    if county.proc is not None and county.proc.poll() is None:
        return False
    county.start()
    return True


def test_every_pc_converges_after_a_seeded_fault_schedule(county: CountyServer, proxy: FaultProxy,
                                                          tmp_path: Path) -> None:
    township = county.new_township()
    pcs = [_join(county, proxy, township, tmp_path / f"pc{i}") for i in range(PCS)]
    for pc in pcs:
        sync_now(pc)
    rng = random.Random(SEED)
    people: list[str] = []
    proxy.seeded(SEED, rate=0.35)
    failures: dict[str, int] = {}
    restarts = 0
    for _round in range(ROUNDS):
        for pc in pcs:
            for _ in range(rng.randint(0, 4)):
                if people and rng.random() < 0.5:
                    edit(pc, "residents", rng.choice(people[-30:]), phone=f"139{rng.randrange(10**8):08d}")
                else:
                    people.append(add_resident(pc, f"居民{len(people)}"))
        for pc in rng.sample(pcs, len(pcs)):
            try:
                sync_now(pc)
            except SyncError as exc:
                assert exc.retry, f"a network fault must be retryable, got {exc.code}"
                failures[exc.code] = failures.get(exc.code, 0) + 1
            restarts += _ensure_up(county)
    proxy.only("pass")
    restarts += _ensure_up(county)
    for _ in range(2):  # once to push everything, once more so each PC pulls the others' last pushes
        for pc in pcs:
            sync_now(pc)
    sums = [township_checksums(pc) for pc in pcs]
    assert sums[0] == sums[1] == sums[2]
    assert all(outbox_states(pc).get("pending", 0) == 0 for pc in pcs)
    with county.engine.connect() as conn:
        origins = conn.execute(select(change_log.c.origin_device, change_log.c.origin_local_seq)
                               .where(change_log.c.origin_device.is_not(None))).all()
        receipts = conn.execute(select(func.count(), func.count(op_receipts.c.op_id.distinct()))).one()
    assert len(origins) == len(set(origins)), "an op was applied twice"
    assert receipts[0] == receipts[1], "one op id under two receipts"
    ops = sum(sum(outbox_states(pc).values()) for pc in pcs)
    injected = {k: v for k, v in proxy.counts.items() if k != "pass"}
    REACHED[f"network faults ({county.db_url.split(':')[0]})"] = (f"rounds={ROUNDS} pcs={PCS} ops={ops} "
          f"people={len(people)} requests={sum(proxy.counts.values())} faults={sum(injected.values())} "
          f"by kind={dict(sorted(injected.items()))} restarts={restarts} failed syncs={failures}")
    assert set(FAULTS) <= set(injected), "the schedule should reach every kind of fault"
    for pc in pcs:
        pc.close()


@pytest.mark.parametrize(("fault", "expected"), [
    ("drop", "网络中断，2 条修改待上传，将在 30 秒后重试。"),
    ("cut_request", "网络中断，2 条修改待上传，将在 30 秒后重试。"),
    ("http500", "县级服务器暂时出错，2 条修改待上传，将在 1 分钟后重试。"),
    ("http503", "县级服务器暂时出错，2 条修改待上传，将在 1 分钟后重试。"),
    ("truncate", "与县级服务器的连接中途断开，2 条修改待上传，将在 30 秒后重试。"),
], ids=["drop", "cut_request", "http500", "http503", "truncate"])
def test_the_status_says_what_failed_what_waits_and_when(county: CountyServer, proxy: FaultProxy, tmp_path: Path,
                                                         fault: str, expected: str) -> None:
    township = county.new_township()
    pc = _join(county, proxy, township, tmp_path / "pc")
    sync_now(pc)
    add_resident(pc, "甲")
    add_resident(pc, "乙")
    proxy.only(fault)
    with pytest.raises(SyncError) as info:
        sync_now(pc)
    assert info.value.retry
    failures = 1 if fault.startswith("http") else 0  # the scheduler's count of earlier failures
    assert status_text(info.value, None, outbox_states(pc)["pending"], retry_delay_ms(failures)) == expected
    proxy.only("pass")
    result = sync_now(pc)
    assert result.pushed == 2
    assert status_text(None, result, 0, None).startswith("同步完成：上传 2 条")
    pc.close()


def test_a_refusal_is_not_dressed_up_as_a_network_problem(county: CountyServer, proxy: FaultProxy, tmp_path: Path) -> None:
    from zongzhi_county.admin import revoke_device

    township = county.new_township()
    pc = _join(county, proxy, township, tmp_path / "pc")
    sync_now(pc)
    add_resident(pc, "丙")
    revoke_device(county.engine, pc.state("device_id"))
    with pytest.raises(SyncError) as info:
        sync_now(pc)
    assert not info.value.retry
    text = status_text(info.value, None, 1, None)
    assert text.startswith("县级服务器拒绝了本次同步：本机已被县级管理员停用") and text.endswith("（1 条修改保留在本机）")
    pc.close()
