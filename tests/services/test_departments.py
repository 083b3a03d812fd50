"""Departments and mediators: coded kinds, unique names, resolve by id/code/name, soft delete."""

from __future__ import annotations

from datetime import date

import pytest

from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.errors import InputError, NotFound, PermissionDenied
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.departments import DepartmentRef, DepartmentService

ADMIN = Actor("admin", "admin")
LEADER = Actor("boss", "leader")


@pytest.fixture
def departments(store: Store) -> DepartmentService:
    return DepartmentService(store)


def test_kind_accepts_code_or_chinese_name(departments: DepartmentService) -> None:
    a = departments.create_department(ADMIN, "贡江镇人民调解委员会", "人民调解委员会", phone="0797-1234567")
    b = departments.create_department(ADMIN, "贡江司法所", "judicial", code="SFS")
    assert (a.kind, a.kind_name, a.phone, a.level) == ("people_mediation", "人民调解委员会", "0797-1234567", "township")
    assert (b.kind, b.code) == ("judicial", "SFS")
    with pytest.raises(InputError) as err:
        departments.create_department(ADMIN, "x", "居委会")
    assert err.value.code == "input.invalid_choice" and "部门类型" in str(err.value) and "司法所" in str(err.value)


def test_names_and_codes_are_unique_among_live_departments(departments: DepartmentService) -> None:
    a = departments.create_department(ADMIN, "贡江司法所", "judicial", code="SFS")
    with pytest.raises(InputError) as err:
        departments.create_department(ADMIN, " 贡江司法所 ", "judicial")
    assert err.value.code == "departments.name_taken" and "贡江司法所" in str(err.value)
    with pytest.raises(InputError) as err:
        departments.create_department(ADMIN, "另一个", "judicial", code="SFS")
    assert err.value.code == "departments.code_taken"
    with pytest.raises(InputError) as err:
        departments.create_department(ADMIN, "", "judicial")
    assert "部门名称" in str(err.value)
    departments.delete_department(ADMIN, a.id)
    assert departments.list_departments(ADMIN) == ()
    assert departments.create_department(ADMIN, "贡江司法所", "judicial", code="SFS").name == "贡江司法所"


def test_resolve_by_id_code_or_exact_name(departments: DepartmentService) -> None:
    dept = departments.create_department(ADMIN, "贡江派出所", "police", code="PCS")
    ref = DepartmentRef(dept.id, "PCS", "贡江派出所", "police")
    assert departments.resolve(ADMIN, dept.id) == ref
    assert departments.resolve(ADMIN, " PCS ") == ref
    assert departments.resolve(ADMIN, "贡江派出所") == ref
    with pytest.raises(NotFound) as err:
        departments.resolve(ADMIN, "派出所")
    assert "部门" in str(err.value) and "派出所" in str(err.value)


def test_mediators_belong_to_a_department(departments: DepartmentService) -> None:
    dept = departments.create_department(ADMIN, "贡江镇人民调解委员会", "people_mediation")
    number = make_number("360731", date(1970, 3, 8), 22)
    m = departments.create_mediator(ADMIN, "贡江镇人民调解委员会", "陈七", phone="13912345678",
                                    id_number=number.lower(), title="主任", kind="兼职")
    assert (m.department_id, m.department_name, m.id_number, m.title, m.kind) == (
        dept.id, "贡江镇人民调解委员会", number, "主任", "parttime")
    assert departments.get_department(ADMIN, dept.id).mediators == 1
    assert departments.list_mediators(ADMIN, department=dept.id) == (m,)
    updated = departments.update_mediator(ADMIN, m.id, title="", phone="0797-7654321")
    assert (updated.title, updated.phone) == (None, "0797-7654321")
    with pytest.raises(InputError) as err:
        departments.create_mediator(ADMIN, dept.id, "x", id_number="123")
    assert err.value.code == "id.length" and "18位" in str(err.value)
    with pytest.raises(InputError) as err:
        departments.create_mediator(ADMIN, dept.id, "x", phone="abc")
    assert err.value.code == "input.invalid_phone"
    with pytest.raises(NotFound):
        departments.create_mediator(ADMIN, "没有这个部门", "x")


def test_department_with_mediators_cannot_be_deleted(departments: DepartmentService) -> None:
    dept = departments.create_department(ADMIN, "调委会", "people_mediation")
    m = departments.create_mediator(ADMIN, dept.id, "陈七")
    with pytest.raises(InputError) as err:
        departments.delete_department(ADMIN, dept.id)
    assert err.value.params == {"name": "调委会", "count": 1}
    departments.delete_mediator(ADMIN, m.id)
    assert departments.list_mediators(ADMIN) == ()
    departments.delete_department(ADMIN, dept.id)
    with pytest.raises(NotFound):
        departments.get_department(ADMIN, dept.id)


def test_update_department(departments: DepartmentService) -> None:
    a = departments.create_department(ADMIN, "甲", "admin")
    departments.create_department(ADMIN, "乙", "admin")
    changed = departments.update_department(ADMIN, a.id, name="甲办", kind="信访办", phone="13800000000")
    assert (changed.name, changed.kind, changed.phone) == ("甲办", "petition", "13800000000")
    with pytest.raises(InputError):
        departments.update_department(ADMIN, a.id, name="乙")
    assert [d.name for d in departments.list_departments(ADMIN, kind="petition")] == ["甲办"]


def test_leader_reads_but_cannot_write(departments: DepartmentService) -> None:
    dept = departments.create_department(ADMIN, "调委会", "people_mediation")
    assert departments.list_departments(LEADER)[0].id == dept.id
    with pytest.raises(PermissionDenied):
        departments.create_department(LEADER, "x", "admin")
    with pytest.raises(PermissionDenied):
        departments.create_mediator(LEADER, dept.id, "x")
    with pytest.raises(PermissionDenied):
        departments.delete_department(LEADER, dept.id)
