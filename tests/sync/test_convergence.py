"""End to end: three PCs of one township and one of another edit offline and sync in random orders;
the three end identical, the fourth holds none of their data."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, differing_rows, edit, township_checksums
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.residents import ResidentService
from zongzhi_desktop.services.disputes import ActInput, DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.sync.engine import sync_now


def _live(store: Store, table: str) -> list[str]:
    with store.read() as s:
        return [r[0] for r in s.execute(text(f'SELECT id FROM "{table}" WHERE deleted_at IS NULL ORDER BY id'))]


def _random_edit(rng: random.Random, pc: Store, n: int) -> None:
    people = _live(pc, "residents")
    choice = rng.random()
    if not people or choice < 0.25:
        add_resident(pc, rng.choice("赵钱孙李周吴郑王") + rng.choice(["一", "二", "三", "四"]),
                     phone=f"139{rng.randrange(10**8):08d}")
    elif choice < 0.55:
        edit(pc, "residents", rng.choice(people), phone=f"138{rng.randrange(10**8):08d}")
    elif choice < 0.7:
        edit(pc, "residents", rng.choice(people), current_address=f"{rng.choice('东南西北')}街{n}号")
    elif choice < 0.78:
        ResidentService(pc).update(pc.actor, rng.choice(people), name=rng.choice(["刘备", "关羽", "张飞"]))  # identity
    elif choice < 0.85:
        with pc.write() as s:
            s.execute(text("DELETE FROM residents WHERE id = :id"), {"id": rng.choice(people)})
    else:
        service = DisputeService(pc)
        case_no = service.register(pc.actor, IntakeInput(
            title=f"纠纷{n}", category="邻里纠纷", channel="来访", parties=(PartyInput("当事人", "申请人"),),
            description="测试", people_involved=2)).case_no
        service.act(pc.actor, case_no, "accept", ActInput())


@pytest.mark.parametrize("seed", [7, 2026])
def test_random_offline_work_converges(county: CountyServer, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    ours, other = county.new_township("同镇"), county.new_township("邻镇")
    pcs = [join_new_pc(county, ours, tmp_path / f"pc{i}") for i in range(3)]
    stranger = join_new_pc(county, other, tmp_path / "stranger")
    everyone = pcs + [stranger]
    try:
        for round_no in range(6):
            for pc in everyone:
                for k in range(rng.randint(1, 6)):
                    _random_edit(rng, pc, round_no * 10 + k)
            for pc in rng.sample(everyone, rng.randint(1, len(everyone))):
                sync_now(pc)
        for _ in range(2):
            for pc in everyone:
                sync_now(pc)
        sums = [township_checksums(pc) for pc in pcs]
        assert sums[0] == sums[1] == sums[2], [
            (i, t, differing_rows(pcs[0], pcs[i], t)) for i in (1, 2) for t in sums[0] if sums[0][t] != sums[i][t]
        ]
        assert sums[0]["residents"][0] > 0
        theirs = set(_live(stranger, "residents"))
        assert theirs and not theirs & {r for pc in pcs for r in _live(pc, "residents")}
    finally:
        for pc in everyone:
            pc.close()
