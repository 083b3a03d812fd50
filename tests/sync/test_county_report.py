"""The county-wide monthly report: counts equal the sum of the townships' own submitted reports, rates
are recomputed from the sums, and townships still missing make it provisional."""

from __future__ import annotations

import os
from pathlib import Path

from python_calamine import CalamineWorkbook

from county_support import CountyServer, join_existing_pc
from tests_support import ADMIN, PASSWORD
from zongzhi_county.report import write_county_report
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.models.store import create_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.monthly_report import MonthlyReportService
from zongzhi_desktop.sync.engine import sync_now

MONTH = "2026-10"


def _township(county: CountyServer, folder: Path, seed: int, *, submit: bool):  # type: ignore[no-untyped-def]
    code = county.new_township(f"演示镇{seed}")
    store = create_store(resolve_paths(folder), township_code=code, township_name=f"演示镇{seed}",
                         admin_user=ADMIN, admin_password=PASSWORD)
    build_demo(store, residents=200, seed=seed, disputes=80)
    store.close()
    pc = join_existing_pc(county, folder)
    figures = None
    if submit:
        service = MonthlyReportService(pc)
        figures = service.compute(pc.actor, MONTH)
        service.save(pc.actor, figures, "0" * 64, submit=True)
    sync_now(pc)
    pc.close()
    return figures


KEYS = ("carried", "new", "major", "accepted", "mediated", "success", "still_open", "overdue")


def test_the_county_report_adds_up_the_townships_and_recomputes_rates(county: CountyServer, tmp_path: Path) -> None:
    sent = {f"演示镇{i}": _township(county, tmp_path / f"t{i}", seed=i, submit=True) for i in (1, 2)}
    _township(county, tmp_path / "late", seed=3, submit=False)
    out = Path(os.environ.get("ZONGZHI_KEEP_REPORT", tmp_path / "county.xlsx"))
    done = write_county_report(county.engine, MONTH, out)
    assert done["provisional"] and done["submitted"] == 2 and done["townships"] == 3
    book = CalamineWorkbook.from_path(str(out))  # read as stored, without recalculating
    rows = {r[0]: r for r in book.get_sheet_by_name("全县汇总").to_python()[3:] if r and r[0]}
    for name, figures in sent.items():
        assert [rows[name][j] for j in range(1, 9)] == [getattr(figures.total.month, k) for k in KEYS]
    assert [rows["演示镇3"][j] for j in range(1, 9)] == [0] * 8 and rows["演示镇3"][15] == "未上报"
    total = rows["全县合计"]
    assert [total[j] for j in range(1, 9)] == [sum(getattr(f.total.month, k) for f in sent.values()) for k in KEYS]
    assert total[5] > 0
    assert total[9] == round(total[6] / total[5] * 100, 2)  # recomputed from the summed counts
    assert total[14] == sum(f.total.month.amount_cents for f in sent.values()) / 100
    waiting = book.get_sheet_by_name("未报送或未同步").to_python()
    assert [r[2] for r in waiting[3:] if r[0] == "演示镇3"] == ["未上报"]
    assert {r[0] for r in waiting[3:]} == {"演示镇3"}
    for name in sent:  # one sheet per township, as it sent it
        assert name in book.sheet_names
