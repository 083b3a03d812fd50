"""A department handler in the real 矛盾纠纷 page: only their department's cases, only the department's
buttons (报到, 退回, 调解记录), and a mediation record through the dialog lands in the trail."""

from __future__ import annotations

from typing import Any

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.departments import DepartmentService
from zongzhi_desktop.services.dispute_queries import DisputeQueries
from zongzhi_desktop.services.disputes import ActInput, DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.dispute_action_dialog import DisputeActionDialog
from zongzhi_desktop.ui.disputes_page import DisputesPage

from permission_world import as_actor

WAIT = 15_000


def routed_case(store: Store, department: str) -> str:
    service = DisputeService(store)
    case_no = service.register(store.actor, IntakeInput(title="渔塘承包纠纷", category="0201", channel="visit",
                                                        parties=(PartyInput("赵六"), PartyInput("钱七")))).case_no
    for step, data in (("accept", ActInput()), ("route", ActInput(departments=(department,), mediation_type="people"))):
        service.act(store.actor, case_no, step, data)
    return case_no


def test_a_department_handler_works_their_cases_only(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    dept = DepartmentService(demo_store).create_department(demo_store.actor, "测试农业站", "admin")
    case_no = routed_case(demo_store, dept.id)
    handler = as_actor(demo_store, Actor("nong", "dept_handler", "农业站经办", department_id=dept.id))

    page = DisputesPage(UiContext(handler, runner))
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.model.loading and page.model.rowCount() == 1,
                    timeout=WAIT)
    assert page.model.case_at(0).case_no == case_no and not page.new_button.isVisible()
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.case is not None and bool(page.detail.action_buttons), timeout=WAIT)
    assert set(page.detail.action_buttons) == {"checkin", "return"}  # routed, not yet in mediation

    def do(kind: str, fill: Any) -> None:
        qtbot.waitUntil(lambda: kind in page.detail.action_buttons, timeout=WAIT)
        page.detail.action_buttons[kind].click()
        dialog = page.detail.current_dialog
        assert isinstance(dialog, DisputeActionDialog) and dialog.kind == kind
        fill(dialog)
        assert dialog.ok.isEnabled(), dialog.hint.text() + dialog.message.text()
        with qtbot.waitSignal(dialog.submitted, timeout=WAIT):
            dialog.ok.click()

    do("checkin", lambda d: None)
    qtbot.waitUntil(lambda: set(page.detail.action_buttons) == {"checkin", "return", "record"}, timeout=WAIT)
    do("record", lambda d: d.note.insertPlainText("到场调解，双方同意再协商"))
    last = DisputeQueries(demo_store).show(demo_store.actor, case_no).events[-1]
    assert (last.action, last.actor, last.department) == ("record", "nong", "测试农业站")
