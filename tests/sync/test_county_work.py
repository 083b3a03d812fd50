"""County work sent down (县级交办) by network and by file, its progress coming back; reference data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from county_support import CountyServer, join_new_pc
from sync_support import value
from zongzhi_county import assignments, files
from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.registers import Department
from zongzhi_desktop.services.dispute_queries import DisputeQueries
from zongzhi_desktop.services.disputes import ActInput, DisputeService
from zongzhi_desktop.sync import file_sync
from zongzhi_desktop.sync.engine import sync_now

IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()  # a deadline still ahead whenever this runs


def test_an_assigned_case_arrives_by_network_and_its_closure_flows_back(county: CountyServer, township: str,
                                                                         tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    case = assignments.assign_case(county.engine, township=township, title="县级交办：拖欠工资群体纠纷",
                                   category="0701", deadline=IN_A_MONTH, description="二十余名工人反映欠薪。")
    assert case["case_no"].startswith("C360731-")
    sync_now(pc)
    shown = DisputeQueries(pc).show(pc.actor, case["case_no"])
    assert shown.status == "registered" and shown.title.startswith("县级交办")
    assert [e.action for e in shown.events] == ["register"]
    assert run_checks(pc.engine) == []  # the county's trail event chains like a PC's
    service = DisputeService(pc)
    service.act(pc.actor, case["case_no"], "accept", ActInput())
    sync_now(pc)
    [progress] = [c for c in assignments.case_progress(county.engine, township) if c["case_no"] == case["case_no"]]
    assert progress["status"] == "accepted" and progress["steps"] == 2
    with pc.write() as s:
        s.add(Department(name="贡江镇劳动保障所", kind="judicial"))
    steps = [("triage", {}), ("route", {"departments": ("贡江镇劳动保障所",), "mediation_type": "人民调解"}),
             ("checkin", {"departments": ("贡江镇劳动保障所",)}), ("resolve", {"agreement": "企业分两期支付欠薪。"}),
             ("verify", {"followup": "已全部履行", "satisfaction": "满意"}), ("close", {"closure_kind": "实质性办结"})]
    for action, inputs in steps:
        service.act(pc.actor, case["case_no"], action, ActInput(**inputs))  # type: ignore[arg-type]
    sync_now(pc)
    [progress] = [c for c in assignments.case_progress(county.engine, township) if c["case_no"] == case["case_no"]]
    assert progress["status"] == "closed" and progress["status_name"] == "已办结"
    pc.close()


def test_an_assigned_case_arrives_by_file(county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    case = assignments.assign_case(county.engine, township=township, title="县级交办：土地承包纠纷",
                                   category="0801", deadline=IN_A_MONTH)
    out, back = tmp_path / "out.syncpkg", tmp_path / "back.syncpkg"
    file_sync.export_changes(pc, out)
    files.import_package(county.engine, out, back)
    assert file_sync.import_reply(pc, back)["pulled"] >= 2
    assert DisputeQueries(pc).show(pc.actor, case["case_no"]).status == "registered"
    pc.close()


def test_the_assign_endpoint_needs_the_administrator_token(fresh_county: CountyServer, monkeypatch: pytest.MonkeyPatch) -> None:
    township = fresh_county.new_township()
    monkeypatch.setenv("ZONGZHI_COUNTY_ADMIN_TOKEN", "county-secret-token-0001")
    fresh_county.start()
    body = {"township": township, "title": "县级交办：噪音扰民", "category": "0202", "deadline": IN_A_MONTH}
    refused = httpx.post(f"{fresh_county.url}/county/v1/assign", json=body, headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401
    done = httpx.post(f"{fresh_county.url}/county/v1/assign", json=body,
                      headers={"Authorization": "Bearer county-secret-token-0001"})
    assert done.status_code == 200 and done.json()["case_no"].startswith("C360731-")


def test_reference_data_reaches_every_township_and_stays_read_only(county: CountyServer, tmp_path: Path) -> None:
    a = join_new_pc(county, county.new_township("甲"), tmp_path / "a")
    b = join_new_pc(county, county.new_township("乙"), tmp_path / "b")
    assignments.publish_reference(county.engine, "holidays", [{"id": "2027-10-08", "kind": "holiday", "name": "国庆节"}])
    assignments.publish_reference(county.engine, "code_items", [{"id": "dispute_channel:other", "name": "其他渠道"}])
    for pc in (a, b):
        sync_now(pc)
        assert value(pc, "holidays", "2027-10-08", "name") == "国庆节"
        assert value(pc, "code_items", "dispute_channel:other", "name") == "其他渠道"
        with pytest.raises(StoreError) as info:
            with pc.write() as s:
                s.execute(text("UPDATE holidays SET name = '改' WHERE id = '2027-10-08'"))
        assert info.value.code == "store.readonly_table"
    a.close()
    b.close()
