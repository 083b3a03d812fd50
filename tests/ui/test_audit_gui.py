"""The audit log through real widgets: a record opens masked, the reveal button shows the full
numbers and is recorded, and the administrators' audit page lists entries and checks the chain."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlalchemy import text

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.resident_search import ResidentSearch
from zongzhi_desktop.ui.audit_page import AuditPage
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.resident_dialog import ResidentDialog

WAIT = 10_000


class _As:
    """The demo store seen by another user (the context reads `store.actor`)."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self._store, self.actor = store, actor

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def _shot(widget: QWidget, name: str) -> None:
    """Screenshots for a person to look at: ZONGZHI_SHOTS=/tmp/shots (offscreen or under Xvfb)."""
    folder = os.environ.get("ZONGZHI_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / name))


def _actions(store: Store) -> list[str]:
    with store.read() as s:
        return list(s.execute(text("SELECT action FROM audit_log ORDER BY seq")).scalars())


def _full_number(store: Store, resident_id: str) -> tuple[str, str | None]:
    with store.read() as s:
        number, phone = s.execute(text("SELECT id_number, phone FROM residents WHERE id = :id"),
                                  {"id": resident_id}).one()
    return number, phone


def test_record_opens_masked_and_reveal_is_recorded(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    person = next(r for r in ResidentSearch(demo_store).list_page(demo_store.actor, limit=50).rows
                  if r.id_number and r.phone)
    number, phone = _full_number(demo_store, person.id)
    dialog = ResidentDialog(UiContext(demo_store, runner), person.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.form_widget.isEnabled, timeout=WAIT)
    assert "*" in dialog.id_number.text() and number not in dialog.id_number.text()
    assert phone not in dialog.phone.text()
    assert _actions(demo_store) == ["resident.open"]
    assert dialog.reveal_button.isVisible() and dialog.reveal_button.isEnabled()
    _shot(dialog, "resident_masked.png")
    dialog.reveal_button.click()
    qtbot.waitUntil(lambda: dialog.id_number.text() == number, timeout=WAIT)
    assert dialog.phone.text() == phone and not dialog.reveal_button.isVisible()
    assert not dialog.is_dirty()  # the true values, not an edit: closing asks nothing
    assert _actions(demo_store) == ["resident.open", "resident.reveal"]
    dialog.reject()


def test_leaders_get_no_reveal_button(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    person = ResidentSearch(demo_store).list_page(demo_store.actor, limit=1).rows[0]
    leader = _As(demo_store, Actor("boss", "leader"))
    dialog = ResidentDialog(UiContext(leader, runner), person.id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.message.text() == "", timeout=WAIT)
    assert not dialog.reveal_button.isVisible()
    assert _actions(demo_store) == ["resident.open"]


def test_audit_page_lists_filters_and_verifies(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    from zongzhi_desktop.services import audit

    ids = [r.id for r in ResidentSearch(demo_store).list_page(demo_store.actor, limit=3).rows]
    clerk = Actor("wang", "staff", display_name="王干事")
    audit.record_now(demo_store, demo_store.actor, "resident.open", "residents", ids[0])
    audit.record_now(demo_store, clerk, "resident.reveal", "residents", ids[1])
    audit.record_now(demo_store, clerk, "resident.export", "residents", None,
                     {"rows": 600, "masked": True, "file": "居民名册.xlsx"})
    audit.record_now(demo_store, demo_store.actor, "dispute.print", "disputes", ids[2],
                     {"form": "agreement", "masked": False, "file": "调解协议书.pdf"})
    page = AuditPage(UiContext(demo_store, runner))
    qtbot.addWidget(page)
    page.resize(1280, 600)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=WAIT)
    assert page.table.item(0, 3).text() == "打印含完整身份信息的文书"
    assert "调解协议书" in page.table.item(0, 5).text() and "号码完整显示" in page.table.item(0, 5).text()
    assert page.table.item(1, 1).text() == "wang" and "行数 600" in page.table.item(1, 5).text()
    assert page.user.findData("wang") >= 0
    page.user.setCurrentIndex(page.user.findData("wang"))
    page.search_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT)
    page.verify_button.click()
    qtbot.waitUntil(lambda: page.report is not None, timeout=WAIT)
    assert page.report.ok and "校验通过" in page.chain.text()
    if os.environ.get("ZONGZHI_SHOTS"):
        page.user.setCurrentIndex(0)
        page.search_button.click()
        qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=WAIT)
        _shot(page, "audit.png")


def test_audit_page_is_closed_to_non_administrators(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = AuditPage(UiContext(_As(demo_store, Actor("wang", "staff")), runner))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.activate()
    assert not page.search_button.isEnabled() and not page.verify_button.isEnabled()
    assert page.table.rowCount() == 0
