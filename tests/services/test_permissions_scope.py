"""Row scope: a grid worker sees only their grids' residents and cases, a department handler only the
cases routed to their department — in lists, searches, single records and steps."""

from __future__ import annotations

import pytest

from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.dispute_queries import DisputeQueries
from zongzhi_desktop.services.disputes import ActInput, DisputeService
from zongzhi_desktop.services.resident_search import ResidentSearch
from zongzhi_desktop.services.residents import ResidentInput, ResidentService

from permission_world import ADMIN, World, build_world, person_number


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def case_numbers(store: Store, actor: Actor, **filters: object) -> set[str]:
    return {c.case_no for c in DisputeQueries(store).list(actor, **filters).rows}  # type: ignore[arg-type]


def test_admin_sees_both_cases(store: Store, world: World) -> None:
    assert case_numbers(store, ADMIN) == {world.case, world.other_case}  # the scoped tests below mean something


def test_grid_worker_lists_searches_and_opens_only_their_grids(store: Store, world: World) -> None:
    me = world.actors["grid_worker"]
    queries = DisputeQueries(store)
    assert case_numbers(store, me) == {world.case}
    assert case_numbers(store, me, query=world.other_case) == set()  # searching by number does not reach it
    assert case_numbers(store, me, grid_id=world.other_grid) == set()
    assert sum(queries.count_by_status(me).values()) == 1
    assert queries.show(me, world.case).case_no == world.case
    with pytest.raises(PermissionDenied) as refused:
        queries.show(me, world.other_case)
    assert "本人负责网格" in str(refused.value) and world.other_case in str(refused.value)
    assert queries.show(me, world.case).allowed_actions == ()  # grid workers report cases, the centre handles them
    with pytest.raises(PermissionDenied):
        DisputeService(store).act(me, world.case, "record", ActInput(note="越权"))

    search = ResidentSearch(store)
    assert [r.name for r in search.list_page(me).rows] == ["张近"]
    assert [r.name for r in search.search(me, "李远").rows] == []
    assert [r.name for r in search.search(ADMIN, "李远").rows] == ["李远"]
    assert search.count(me) == 1


def test_a_grid_worker_without_a_worker_record_sees_no_case(store: Store, world: World) -> None:
    assert case_numbers(store, Actor("nobody", "grid_worker")) == set()


def test_dept_handler_sees_only_cases_routed_to_their_department(store: Store, world: World) -> None:
    me = world.actors["dept_handler"]
    queries = DisputeQueries(store)
    assert case_numbers(store, me) == {world.case}
    assert case_numbers(store, me, query=world.other_case) == set()
    assert sum(queries.count_by_status(me).values()) == 1
    case = queries.show(me, world.case)
    assert [p.name for p in case.parties] == ["张三", "李四"]
    assert case.parties[0].id_number == "3601**********0018" and case.parties[0].phone != "13800000001"
    assert set(case.allowed_actions) == {"checkin", "return", "record"}  # the department steps only
    with pytest.raises(PermissionDenied) as refused:
        queries.show(me, world.other_case)
    assert "部门经办人" in str(refused.value) and "分流到本部门" in str(refused.value)
    assert case_numbers(store, Actor("x", "dept_handler")) == set()  # no department on the account: nothing


def test_dept_handler_checks_in_records_and_returns_for_their_department_only(store: Store, world: World) -> None:
    me = world.actors["dept_handler"]
    service = DisputeService(store)
    service.act(ADMIN, world.case, "route", ActInput(departments=(world.other_department,), mediation_type="人民调解"))

    recorded = service.act(me, world.case, "record", ActInput(note="组织双方调解，初步达成一致", mediators=("王调解",)))
    last = recorded.events[-1]
    assert (last.action, last.actor, last.department) == ("record", "sifa", "贡江镇司法所")
    assert service.act(me, world.case, "checkin", ActInput()).events[-1].department == "贡江镇司法所"

    with pytest.raises(PermissionDenied) as refused:  # acting as another department on a shared case
        service.act(me, world.case, "return", ActInput(departments=(world.other_department,), note="不归我们"))
    assert "本部门" in str(refused.value)
    with pytest.raises(PermissionDenied):  # another department's case altogether
        service.act(me, world.other_case, "record", ActInput(note="越权记录"))
    for centre_step, data in (("resolve", ActInput(agreement="协议")), ("escalate", ActInput(note="上报")),
                              ("supervise", ActInput(level="黄牌"))):
        with pytest.raises(PermissionDenied):
            service.act(me, world.case, centre_step, data)

    returned = service.act(me, world.case, "return", ActInput(note="不属于司法所职责"))
    assert returned.events[-1].action == "return" and returned.events[-1].department == "贡江镇司法所"
    # returned: still readable (their own records are in it), but no longer theirs to act on
    after = DisputeQueries(store).show(me, world.case)
    assert after.allowed_actions == ()
    with pytest.raises(PermissionDenied):
        service.act(me, world.case, "record", ActInput(note="退回之后"))


def test_dept_handler_cannot_see_or_register_the_register(store: Store, world: World) -> None:
    me = world.actors["dept_handler"]
    with pytest.raises(PermissionDenied):
        ResidentSearch(store).list_page(me)
    with pytest.raises(PermissionDenied):
        ResidentSearch(store).search(me, "张近")
    with pytest.raises(PermissionDenied):
        ResidentService(store).get(me, world.resident)
    with pytest.raises(PermissionDenied):
        ResidentService(store).register(me, ResidentInput("王五", person_number(77), grid_id=world.grid))
