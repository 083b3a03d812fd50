"""Dispute lifecycle: every path through the state machine, refusals, the trail and deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from zongzhi_desktop.errors import InputError, PermissionDenied
from zongzhi_desktop.models.registers import Department
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.dispute_queries import DisputeQueries
from zongzhi_desktop.services.disputes import ActInput, DisputeService, IntakeInput, PartyInput

ADMIN = Actor("admin", "admin", display_name="管理员")


@pytest.fixture
def depts(store: Store) -> dict[str, str]:
    with store.write() as s:
        rows = {name: Department(name=name, kind=kind) for name, kind in
                [("贡江镇司法所", "judicial"), ("贡江镇派出所", "police"), ("北门社区人民调解委员会", "people_mediation")]}
        s.add_all(rows.values())
    return {name: d.id for name, d in rows.items()}


def new_case(store: Store, **overrides: object) -> str:
    data = IntakeInput(
        title="宅基地边界纠纷", category="宅基地纠纷", channel="来访",
        parties=(PartyInput("张三", "申请人", "360102199001010018", "13800000001"), PartyInput("李四", "被申请人")),
        description="两户因宅基地边界发生争执。", people_involved=2, amount_yuan="5000", **overrides,  # type: ignore[arg-type]
    )
    return DisputeService(store).register(ADMIN, data).case_no


def act(store: Store, case_no: str, action: str, **kw: object) -> str:
    return DisputeService(store).act(ADMIN, case_no, action, ActInput(**kw)).status  # type: ignore[arg-type]


def _to_mediation(store: Store, case_no: str, dept: str = "贡江镇司法所") -> None:
    act(store, case_no, "accept")
    act(store, case_no, "triage")
    act(store, case_no, "route", departments=(dept,), mediation_type="人民调解")
    act(store, case_no, "checkin", departments=(dept,))


def test_registration_issues_a_number_and_deadlines(store: Store) -> None:
    first, second = new_case(store), new_case(store)
    assert first.startswith("360731100-") and first.endswith("-01-000001") and second.endswith("-000002")
    case = DisputeQueries(store).show(ADMIN, first)
    assert case.status == "registered" and case.category == "0301" and case.amount_yuan == "5000.00"
    assert case.accept_due and case.deadline and case.accept_due <= case.deadline
    assert [p.name for p in case.parties] == ["张三", "李四"] and case.parties[0].id_number == "3601**********0018"
    assert case.events[0].action == "register" and case.events[0].to_status == "registered"


def test_success_path_to_closure_with_a_complete_trail(store: Store, depts: dict[str, str]) -> None:
    case_no = new_case(store)
    _to_mediation(store, case_no)
    assert act(store, case_no, "record", note="第一次调解，双方陈述", mediators=("王调解",)) == "in_mediation"
    assert act(store, case_no, "resolve", agreement="一、以界桩为界；二、李四拆除越界围墙。") == "resolved"
    assert act(store, case_no, "verify", followup="已全部履行", satisfaction="满意") == "verified"
    assert act(store, case_no, "close", closure_kind="实质性办结") == "closed"
    case = DisputeQueries(store).show(ADMIN, case_no)
    steps = [(e.action, e.from_status, e.to_status) for e in case.events]
    assert steps == [
        ("register", None, "registered"), ("accept", "registered", "accepted"), ("triage", "accepted", "triaged"),
        ("route", "triaged", "routed"), ("checkin", "routed", "in_mediation"),
        ("record", "in_mediation", "in_mediation"), ("resolve", "in_mediation", "resolved"),
        ("verify", "resolved", "verified"), ("close", "verified", "closed"),
    ]
    assert all(e.actor == "admin" and e.at for e in case.events)
    assert case.events[3].department is None and case.events[3].data["department_names"] == ["贡江镇司法所"]
    assert case.events[4].department == "贡江镇司法所"
    assert case.outcome == "success" and case.closure_kind == "substantive" and case.days_left is None


def test_failure_with_referral_then_procedural_closure(store: Store, depts: dict[str, str]) -> None:
    case_no = new_case(store)
    _to_mediation(store, case_no)
    with pytest.raises(InputError, match="引导途径"):
        act(store, case_no, "fail")
    assert act(store, case_no, "fail", referral="诉讼", note="一方拒绝调解") == "failed"
    assert act(store, case_no, "close", closure_kind="程序性办结") == "closed"


def test_a_department_returns_the_case_and_it_is_routed_again(store: Store, depts: dict[str, str]) -> None:
    case_no = new_case(store)
    _to_mediation(store, case_no, "贡江镇派出所")
    with pytest.raises(InputError, match="原因"):
        act(store, case_no, "return", departments=("贡江镇派出所",))
    with pytest.raises(InputError, match="没有收到本案分流"):
        act(store, case_no, "return", departments=("贡江镇司法所",), note="不归我管")
    assert act(store, case_no, "return", departments=("贡江镇派出所",), note="属民事纠纷，非治安案件") == "triaged"
    assert act(store, case_no, "route", departments=("北门社区人民调解委员会",), mediation_type="人民调解") == "routed"
    assert act(store, case_no, "checkin", departments=("北门社区人民调解委员会",)) == "in_mediation"


def test_extension_is_requested_approved_and_moves_the_deadline(store: Store, depts: dict[str, str]) -> None:
    case_no = new_case(store)
    _to_mediation(store, case_no)
    before = DisputeQueries(store).show(ADMIN, case_no).deadline
    with pytest.raises(InputError, match="没有待审批"):
        act(store, case_no, "approve-extension")
    act(store, case_no, "extend", days=10, note="当事人外出务工")
    assert "approve-extension" in DisputeQueries(store).show(ADMIN, case_no).allowed_actions
    with pytest.raises(InputError):
        act(store, case_no, "approve-extension", days=11)
    act(store, case_no, "approve-extension", days=10)
    after = DisputeQueries(store).show(ADMIN, case_no).deadline
    assert before and after and date.fromisoformat(after) > date.fromisoformat(before)


def test_reject_and_reopen_and_escalation_and_supervision(store: Store, depts: dict[str, str]) -> None:
    case_no = new_case(store)
    with pytest.raises(InputError, match="原因"):
        act(store, case_no, "reject")
    assert act(store, case_no, "reject", note="不属于受理范围") == "rejected"
    assert act(store, case_no, "reopen", note="当事人补充材料") == "accepted"
    assert act(store, case_no, "supervise", level="黄牌督办") == "accepted"
    assert act(store, case_no, "escalate", note="涉及多个乡镇，报县级协调") == "escalated"
    case = DisputeQueries(store).show(ADMIN, case_no)
    assert case.supervision == "yellow" and "route" in case.allowed_actions


def test_illegal_transitions_are_refused_and_nothing_is_written(store: Store, depts: dict[str, str]) -> None:
    case_no = new_case(store)
    with store.read() as s:
        before = s.execute(text("SELECT count(*) FROM sync_outbox")).scalar()
    for action, kw in [("close", {"closure_kind": "实质性办结"}), ("resolve", {"agreement": "x"}),
                       ("checkin", {"departments": ("贡江镇司法所",)})]:
        with pytest.raises(InputError) as info:
            act(store, case_no, action, **kw)
        assert info.value.code in {"disputes.illegal", "disputes.not_routed_to"}
    with pytest.raises(InputError, match="当前状态为“待受理”"):
        act(store, case_no, "verify", satisfaction="满意")
    with pytest.raises(InputError, match="没有“fly”"):
        act(store, case_no, "fly")
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == before


def test_intake_validation_messages(store: Store) -> None:
    svc = DisputeService(store)
    base = dict(title="t", category="邻里纠纷", channel="来访", parties=(PartyInput("张三"),))
    for overrides, expected in [
        ({"category": "打架"}, "纠纷类别"), ({"channel": "飞鸽传书"}, "来源渠道"), ({"parties": ()}, "当事人"),
        ({"amount_yuan": "五千"}, "金额"), ({"people_involved": "0"}, "涉及人数"),
        ({"parties": (PartyInput("张三", id_number="123"),)}, "身份证"), ({"title": " "}, "事件名称"),
    ]:
        with pytest.raises(InputError, match=expected):
            svc.register(ADMIN, IntakeInput(**{**base, **overrides}))  # type: ignore[arg-type]


def test_leaders_read_but_cannot_act(store: Store) -> None:
    case_no = new_case(store)
    boss = Actor("boss", "leader")
    assert DisputeQueries(store).show(boss, case_no).case_no == case_no
    with pytest.raises(PermissionDenied):
        DisputeService(store).act(boss, case_no, "accept", ActInput())


def test_deadlines_count_working_days_across_national_day(store: Store) -> None:
    from datetime import datetime

    case_no = new_case(store, registered_at=datetime(2026, 9, 30, 16, 0))
    case = DisputeQueries(store).show(ADMIN, case_no, today=date(2026, 10, 9))
    # 1 working day to accept: 10-01..10-07 are holidays, 10-08 is the next working day
    assert case.accept_due == "2026-10-08"
    assert case.overdue == "accept"
    assert case_no in {c.case_no for c in DisputeQueries(store).list(ADMIN, overdue=True, today=date(2026, 10, 9)).rows}
    assert case_no not in {c.case_no for c in DisputeQueries(store).list(ADMIN, overdue=True, today=date(2026, 10, 8)).rows}
    # resolve: 30 calendar days from registration (10-30, a Friday) for people's mediation by default
    assert case.deadline == "2026-10-30"


def test_back_entry_cannot_be_in_the_future(store: Store) -> None:
    from datetime import datetime, timedelta

    with pytest.raises(InputError, match="晚于当前时间"):
        new_case(store, registered_at=datetime.now() + timedelta(days=2))


def test_a_deadline_beyond_the_holiday_table_says_so(store: Store) -> None:
    with store.engine.begin() as conn:  # the county's table stops at 2026; pretend it stopped at 2025
        conn.execute(text("UPDATE sync_ctx SET applying = 1"))
        conn.execute(text("DELETE FROM holidays WHERE id >= '2026'"))
        conn.execute(text("UPDATE sync_ctx SET applying = 0"))
    case = DisputeQueries(store).show(ADMIN, new_case(store))
    assert case.calendar_note and "2026" in case.calendar_note and "周末" in case.calendar_note


def test_agreement_details_reach_the_trail(store: Store, depts: dict[str, str]) -> None:
    case_no = new_case(store)
    _to_mediation(store, case_no)
    act(store, case_no, "resolve", agreement="拆除围墙", responsibilities="李四负主要责任",
        performance_method="一次性拆除", performance_place="张三家东侧", performance_deadline="2026-12-31")
    data = DisputeQueries(store).show(ADMIN, case_no).events[-1].data
    assert data["performance_deadline"] == "2026-12-31" and data["responsibilities"] == "李四负主要责任"
    other = new_case(store)
    _to_mediation(store, other)
    with pytest.raises(InputError, match="履行期限"):
        act(store, other, "resolve", agreement="x", performance_deadline="明年")
