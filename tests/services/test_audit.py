"""The audit log: one entry per look at personal data, none for lists and searches, no personal data
in the entries, masked numbers by default, and a hash chain that shows tampering where it happened."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from zongzhi_desktop.cli import main
from zongzhi_desktop.errors import InputError, PermissionDenied, StoreError
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.registers import Grid, KeyPerson, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit
from zongzhi_desktop.services.audit import AuditService
from zongzhi_desktop.services.dispute_forms import DisputeForms
from zongzhi_desktop.services.key_persons import KeyPersonService
from zongzhi_desktop.services.resident_export import ResidentExport
from zongzhi_desktop.services.resident_import import ResidentImport
from zongzhi_desktop.services.resident_search import ResidentSearch
from zongzhi_desktop.services.residents import ResidentService

ADMIN = Actor("admin", "admin", display_name="管理员")
STAFF = Actor("clerk", "staff", display_name="王干事")
LEADER = Actor("boss", "leader", display_name="李书记")
NAME, NUMBER, PHONE = "欧阳明月", "360102199001010018", "13907971234"
PERSONAL = (NAME, NUMBER, PHONE, NUMBER[6:14], PHONE[3:7] + PHONE[7:])


@pytest.fixture
def person(store: Store) -> str:
    with store.write() as s:
        s.add(grid := Grid(township_code="360731100", village_code="360731100001", code="01", name="长征网格"))
        s.flush()
        s.add(r := Resident(name=NAME, id_number=NUMBER, phone=PHONE, grid_id=grid.id, current_address="北门路8号"))
    return r.id


def entries(store: Store) -> list[dict[str, object]]:
    with store.read() as s:
        return [dict(r) for r in s.execute(text("SELECT * FROM audit_log ORDER BY seq")).mappings()]


def assert_no_personal_data(store: Store) -> None:
    dumped = json.dumps(entries(store), ensure_ascii=False, default=str)
    for secret in PERSONAL:
        assert secret not in dumped


def only_entry(store: Store, action: str, actor: Actor = ADMIN) -> dict[str, object]:
    rows = entries(store)
    assert [r["action"] for r in rows] == [action]
    row = rows[0]
    assert (row["username"], row["role"]) == (actor.username, actor.role)
    assert_no_personal_data(store)
    return row


def test_record_appends_a_chained_entry_and_refuses_unknown_actions(store: Store) -> None:
    first = audit.record_now(store, ADMIN, "resident.open", "residents", "r-1")
    second = audit.record_now(store, ADMIN, "resident.export", "residents", None, {"rows": 3, "masked": True})
    rows = entries(store)
    assert [r["id"] for r in rows] == [first, second] and [r["seq"] for r in rows] == [1, 2]
    assert rows[0]["prev_hash"] is None and rows[1]["prev_hash"] == rows[0]["hash"]
    assert json.loads(str(rows[1]["detail"])) == {"masked": True, "rows": 3}
    assert rows[0]["device_id"] == store.state("device_id")
    with pytest.raises(InputError):
        audit.record_now(store, ADMIN, "resident.peek")
    assert len(entries(store)) == 2


def test_record_refuses_a_read_unit_whose_rollback_would_lose_the_entry(store: Store) -> None:
    with store.read() as s:
        with pytest.raises(RuntimeError):
            audit.record(s, ADMIN, "resident.open", "residents", "r-1")
    assert entries(store) == []


def test_every_action_has_a_chinese_name_and_role_changes_read_in_chinese(store: Store) -> None:
    for code in audit.ACTIONS:
        assert not audit.action_name(code).startswith("未知")
    audit.record_now(store, ADMIN, "users.role", "users", "clerk", {"old": "staff", "new": "leader"})
    [entry] = AuditService(store).list(ADMIN)
    assert (entry.action_name, entry.subject_name, entry.detail_text) == ("变更用户角色", "用户", "新角色 领导（只读），原角色 中心工作人员")


def test_details_lose_anything_shaped_like_a_phone_or_id_number(store: Store) -> None:
    audit.record_now(store, ADMIN, "resident.export", detail={"file": f"{NUMBER}-{PHONE}-2026-11.xlsx"})
    detail = json.loads(str(entries(store)[0]["detail"]))
    assert NUMBER not in detail["file"] and PHONE not in detail["file"] and detail["file"].endswith("2026-11.xlsx")


def test_opening_a_record_is_one_entry_and_shows_masked_numbers(store: Store, person: str) -> None:
    detail = ResidentService(store).open(ADMIN, person)
    assert detail.id_number == "3601**********0018" and PHONE not in (detail.phone or "")
    row = only_entry(store, "resident.open")
    assert (row["subject_table"], row["subject_id"]) == ("residents", person)


def test_revealing_numbers_is_one_entry(store: Store, person: str) -> None:
    shown = ResidentService(store).reveal(STAFF, person)
    assert (shown.id_number, shown.phone) == (NUMBER, PHONE)
    row = only_entry(store, "resident.reveal", STAFF)
    assert row["subject_id"] == person


def test_reveal_without_the_right_is_refused_and_not_recorded(store: Store, person: str) -> None:
    with pytest.raises(PermissionDenied):
        ResidentService(store).get(LEADER, person, reveal=True)
    assert entries(store) == []


def test_lists_searches_and_masked_lookups_record_nothing(store: Store, person: str) -> None:
    search = ResidentSearch(store)
    found = search.search(ADMIN, "欧阳").rows
    assert [r.id for r in found] == [person]
    assert found[0].id_number == "3601**********0018" and found[0].phone != PHONE  # lists mask numbers
    search.search(ADMIN, NUMBER[:10])
    ResidentService(store).get(ADMIN, person)  # a name looked up for a message, masked
    with store.write() as s:
        kp = KeyPerson(resident_id=person, type_code="released")
        s.add(kp)
    rows = KeyPersonService(store).list(ADMIN).rows
    assert rows and rows[0].id_number_masked == "3601**********0018"
    assert entries(store) == []


def test_opening_key_population_records_is_one_entry(store: Store, person: str) -> None:
    svc = KeyPersonService(store)
    assert svc.list_for_resident(ADMIN, person) == ()  # nothing to see: nothing recorded
    assert entries(store) == []
    with store.write() as s:
        s.add(KeyPerson(resident_id=person, type_code="released"))
    assert len(svc.list_for_resident(ADMIN, person)) == 1
    row = only_entry(store, "keyperson.open")
    assert (row["subject_table"], row["subject_id"], json.loads(str(row["detail"]))) == ("residents", person, {"records": 1})


def test_deleting_a_resident_is_one_entry_without_the_reason(store: Store, person: str) -> None:
    ResidentService(store).remove(ADMIN, person, f"重复登记 {NAME}")
    row = only_entry(store, "resident.delete")
    assert row["subject_id"] == person and row["detail"] is None


def _cells(path: Path) -> list[list[object]]:
    return [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_export_is_masked_by_default_and_recorded(store: Store, person: str, tmp_path: Path) -> None:
    out = ResidentExport(store).export(STAFF, tmp_path / "居民名册.xlsx")
    dumped = json.dumps(_cells(Path(out.path)), ensure_ascii=False, default=str)
    assert NAME in dumped and NUMBER not in dumped and PHONE not in dumped
    row = only_entry(store, "resident.export", STAFF)
    assert json.loads(str(row["detail"])) == {"file": "居民名册.xlsx", "masked": True, "rows": 1}


def test_full_numbers_export_needs_the_export_right_and_is_recorded_unmasked(store: Store, person: str,
                                                                             tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        ResidentExport(store).export(LEADER, tmp_path / "x.xlsx", full_ids=True)
    assert entries(store) == [] and not (tmp_path / "x.xlsx").exists()
    out = ResidentExport(store).export(ADMIN, tmp_path / "full.xlsx", full_ids=True)
    dumped = json.dumps(_cells(Path(out.path)), ensure_ascii=False, default=str)
    assert NUMBER in dumped and PHONE in dumped
    assert json.loads(str(only_entry(store, "resident.export")["detail"]))["masked"] is False


def test_import_is_one_entry_with_counts(store: Store, person: str, tmp_path: Path) -> None:
    source = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "联系电话", "所属网格"])
    book.active.append(["司马光", "36020319850515002X", "13800001111", "长征网格"])
    book.save(source)
    result = ResidentImport(store).run(ADMIN, source)
    assert result.imported == 1
    row = only_entry(store, "resident.import")
    assert json.loads(str(row["detail"])) == {"file": "名单.xlsx", "imported": 1, "rejected": 0, "updated": 0,
                                              "written": True}
    dumped = json.dumps(entries(store), ensure_ascii=False)
    assert "司马光" not in dumped and "36020319850515002X" not in dumped


def test_printing_a_form_with_full_identity_is_one_entry(store: Store, tmp_path: Path) -> None:
    from test_disputes import new_case

    case_no = new_case(store)
    DisputeForms(store).print_form(ADMIN, case_no, "registration", tmp_path / "登记表.pdf")
    row = only_entry(store, "dispute.print")
    assert row["subject_table"] == "disputes"
    assert json.loads(str(row["detail"])) == {"file": "登记表.pdf", "form": "registration", "masked": False}


def test_monthly_report_export_is_recorded(cli_env: Path, store: Store, tmp_path: Path) -> None:
    month = date.today().strftime("%Y-%m")
    assert main(["report", "monthly", "--month", month, "-o", str(tmp_path / "月报.xlsx")]) == 0
    row = only_entry(store, "report.export")
    assert json.loads(str(row["detail"])) == {"file": "月报.xlsx", "masked": True, "month": month, "rows": 0}


def test_the_app_cannot_edit_or_delete_audit_entries(store: Store) -> None:
    audit.record_now(store, ADMIN, "resident.open", "residents", "r-1")
    for sql in ("UPDATE audit_log SET username = 'nobody'", "DELETE FROM audit_log"):
        with pytest.raises(StoreError) as info:
            with store.write() as s:
                s.execute(text(sql))
        assert info.value.code == "store.append_only"
    assert len(entries(store)) == 1


def _tamper(store: Store, trigger: str, sql: str) -> None:
    """Someone edits the store behind the app's back: the guard trigger dropped, the row changed."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
        conn.exec_driver_sql(sql)


def _five(store: Store) -> None:
    for i in range(5):
        audit.record_now(store, ADMIN, "resident.open", "residents", f"r-{i}")


def test_verify_passes_then_points_at_an_altered_entry(store: Store) -> None:
    _five(store)
    svc = AuditService(store)
    report = svc.verify(ADMIN)
    assert report.ok and (report.entries, report.devices) == (5, 1) and "5" in report.message()
    _tamper(store, "zz_cap_audit_log_upd", "UPDATE audit_log SET subject_id = 'r-x' WHERE seq = 3")
    report = svc.verify(ADMIN)
    assert not report.ok
    assert [(p.kind, p.seq) for p in report.problems] == [("altered", 3)]
    assert "audit.chain_altered" in {p.code for p in run_checks(store.engine)}  # `zongzhi check` says so too


def test_verify_points_at_the_gap_a_removed_entry_leaves_and_at_a_removed_newest_entry(store: Store) -> None:
    _five(store)
    _tamper(store, "zz_tomb_audit_log_del", "DELETE FROM audit_log WHERE seq = 2")
    assert [(p.kind, p.seq) for p in AuditService(store).verify(ADMIN).problems] == [("gap", 3)]
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 5")
    assert ("head", 5) in [(p.kind, p.seq) for p in AuditService(store).verify(ADMIN).problems]


def test_a_rehashed_forgery_still_breaks_the_next_link(store: Store) -> None:
    _five(store)
    from zongzhi_desktop.domain.trail_hash import audit_hash

    row = next(r for r in entries(store) if r["seq"] == 2)
    forged = {**row, "username": "someone-else"}
    _tamper(store, "zz_cap_audit_log_upd",
            f"UPDATE audit_log SET username = 'someone-else', hash = '{audit_hash(forged)}' WHERE seq = 2")
    assert [(p.kind, p.seq) for p in AuditService(store).verify(ADMIN).problems] == [("gap", 3)]


def test_list_filters_and_needs_the_audit_right(store: Store) -> None:
    audit.record_now(store, ADMIN, "resident.open", "residents", "r-1")
    audit.record_now(store, STAFF, "resident.export", "residents", None, {"rows": 2})
    svc = AuditService(store)
    everything = svc.list(ADMIN)
    assert [r.action for r in everything] == ["resident.export", "resident.open"]  # newest first
    assert everything[0].action_name == "导出居民名册" and everything[0].detail == {"rows": 2}
    assert [r.username for r in svc.list(ADMIN, user="clerk")] == ["clerk"]
    assert [r.action for r in svc.list(ADMIN, action="resident.open")] == ["resident.open"]
    assert len(svc.list(ADMIN, since=date.today())) == 2
    assert svc.list(ADMIN, since=date.today() + timedelta(days=1)) == ()
    assert svc.list(ADMIN, until=date.today() - timedelta(days=1)) == ()
    assert svc.users(ADMIN) == ("admin", "clerk")
    for actor in (STAFF, LEADER):
        with pytest.raises(PermissionDenied):
            svc.list(actor)
        with pytest.raises(PermissionDenied):
            svc.verify(actor)


def test_cli_show_list_and_verify(cli_env: Path, store: Store, person: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["residents", "show", person, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id_number"] == "3601**********0018"
    assert main(["residents", "show", person, "--reveal", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id_number"] == NUMBER
    assert main(["audit", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["action"], r["subject_id"]) for r in listed] == [("resident.reveal", person), ("resident.open", person)]
    assert main(["audit", "list", "--action", "resident.open"]) == 0
    assert "查看居民档案" in capsys.readouterr().out
    assert main(["audit", "verify"]) == 0
    assert "校验通过" in capsys.readouterr().out
    _tamper(store, "zz_cap_audit_log_upd", "UPDATE audit_log SET role = 'staff' WHERE seq = 1")
    assert main(["audit", "verify", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["problems"][0]["seq"] == 1
