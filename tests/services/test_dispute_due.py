"""The list's `due_before` filter (open cases whose deadline falls on or before a date) and the code
tables the dispute forms offer."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.dispute_queries import DisputeQueries
from zongzhi_desktop.services.disputes import ActInput, DisputeService, IntakeInput, PartyInput

ADMIN = Actor("admin", "admin", display_name="管理员")


def _case(store: Store, registered_at: datetime, title: str = "邻里排水纠纷") -> str:
    data = IntakeInput(title=title, category="邻里纠纷", channel="来访", parties=(PartyInput("张三"),),
                       registered_at=registered_at)
    return DisputeService(store).register(ADMIN, data).case_no


def _deadline(store: Store, case_no: str) -> date:
    deadline = DisputeQueries(store).show(ADMIN, case_no).deadline
    assert deadline
    return date.fromisoformat(deadline)


def _due(store: Store, when: date, today: date = date(2026, 1, 1), **filters: object) -> set[str]:
    page = DisputeQueries(store).list(ADMIN, due_before=when, today=today, **filters)  # type: ignore[arg-type]
    return {c.case_no for c in page.rows}


def test_due_before_includes_the_deadline_day_and_excludes_later_ones(store: Store) -> None:
    early = _case(store, datetime(2026, 3, 2, 9, 0))
    late = _case(store, datetime(2026, 4, 1, 9, 0))
    early_due, late_due = _deadline(store, early), _deadline(store, late)
    assert early_due < late_due
    assert _due(store, early_due) == {early}
    assert _due(store, early_due - timedelta(days=1)) == set()
    assert _due(store, late_due) == {early, late}


def test_due_before_leaves_out_finished_cases(store: Store) -> None:
    rejected = _case(store, datetime(2026, 3, 2, 9, 0))
    still_open = _case(store, datetime(2026, 3, 2, 10, 0))
    DisputeService(store).act(ADMIN, rejected, "reject", ActInput(note="不属于受理范围"))
    assert _due(store, _deadline(store, still_open)) == {still_open}


def test_due_before_combines_with_other_filters_and_keeps_the_old_call_working(store: Store) -> None:
    first = _case(store, datetime(2026, 3, 2, 9, 0), title="排水沟堵塞纠纷")
    second = _case(store, datetime(2026, 3, 3, 9, 0), title="院墙通行纠纷")
    when = _deadline(store, second)
    assert _due(store, when, query="排水") == {first}
    assert _due(store, when, status="registered") == {first, second}
    assert _due(store, when, status="closed") == set()
    # callers that never heard of due_before see everything, as before
    assert {c.case_no for c in DisputeQueries(store).list(ADMIN).rows} == {first, second}


def test_choices_offer_both_category_levels_and_the_action_codes(store: Store) -> None:
    choices = DisputeQueries(store).choices(ADMIN)
    categories = choices.of("dispute_category")
    assert any(c.code == "02" and c.parent is None for c in categories)
    assert any(c.code == "0201" and c.parent == "02" for c in categories)
    assert choices.name("supervision_level", "red") == "红牌督办"
    assert [c.name for c in choices.of("agreement_form")] == ["书面协议", "口头协议"]
    assert choices.of("satisfaction") and choices.of("closure_kind") and choices.of("referral")


def test_choices_need_read_permission(store: Store) -> None:
    with pytest.raises(PermissionDenied):
        DisputeQueries(store).choices(Actor("nobody", "guest"))


def test_due_before_leaves_out_cases_already_overdue(store: Store) -> None:
    case_no = _case(store, datetime(2026, 3, 2, 9, 0))
    deadline = _deadline(store, case_no)
    assert _due(store, deadline, today=deadline) == {case_no}  # due today: still "due soon"
    assert _due(store, deadline + timedelta(days=5), today=deadline + timedelta(days=1)) == set()  # overdue now


def test_in_progress_and_closed_from(store: Store) -> None:
    waiting = _case(store, datetime(2026, 3, 2, 9, 0))
    working = _case(store, datetime(2026, 3, 3, 9, 0))
    DisputeService(store).act(ADMIN, working, "accept", ActInput())
    listed = {c.case_no for c in DisputeQueries(store).list(ADMIN, in_progress=True).rows}
    assert listed == {working} and waiting not in listed
    assert DisputeQueries(store).list(ADMIN, closed_from=date(2026, 1, 1)).rows == ()
