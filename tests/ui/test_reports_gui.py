"""报表: the preview shows the service's figures; saving and submitting run the CLI's calls."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import openpyxl
import pytest

from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.monthly_report import MonthlyReportService
from zongzhi_desktop.ui import messages, reports_page
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.reports_page import ReportsPage, last_month


def _page(qtbot, store: Store, runner: BackgroundRunner) -> ReportsPage:  # type: ignore[no-untyped-def]
    page = ReportsPage(UiContext(store, runner))
    qtbot.addWidget(page)
    page.resize(1110, 760)
    page.show()
    page.activate()
    return page


def _cells(page: ReportsPage) -> list[list[str]]:
    t = page.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_preview_shows_the_services_totals(qtbot, demo_store: Store, runner: BackgroundRunner) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store, runner)
    assert page.title() == "报表" and page.key == "reports"
    assert page.month.date() == last_month()
    month = page.month_text()
    page.preview_button.click()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=15_000)
    expected = MonthlyReportService(demo_store).compute(demo_store.actor, month)
    assert page.figures is not None and page.figures.categories == expected.categories
    rows = [*expected.categories, expected.total]
    assert _cells(page) == [page.row_values(r, total=r is expected.total) for r in rows]
    last = _cells(page)[-1]
    t = expected.total.month
    assert last[0] == "合计" and last[1:3] == [str(t.carried), str(t.new)] and last[7] == f"{t.success_rate:.2f}"
    assert page.table.horizontalHeaderItem(1).text() == "上月结转"
    assert month in page.status.text() and "尚未保存" in page.status.text()


def test_save_draft_writes_the_workbook(qtbot, demo_store: Store, runner: BackgroundRunner, tmp_path: Path,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, demo_store, runner)
    target = tmp_path / "draft"  # the page adds .xlsx
    asked: list[str] = []
    monkeypatch.setattr(page, "ask_path", lambda suggested: asked.append(suggested) or str(target))
    monkeypatch.setattr(reports_page, "confirm", lambda *a: pytest.fail("a draft needs no confirmation"))
    page.draft_button.click()
    qtbot.waitUntil(lambda: page.last_saved is not None, timeout=15_000)
    out = tmp_path / "draft.xlsx"
    assert asked and asked[0].endswith(".xlsx") and out.exists()
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "排查化解情况"
    month = page.month_text()
    history = MonthlyReportService(demo_store).history(demo_store.actor, month)
    assert [(r.revision, r.status) for r in history] == [(1, "draft")]
    assert history[0].file_sha256 == page.last_saved.sha256
    assert str(out) in page.saved.text() and "草稿" in page.status.text()
    assert page.table.rowCount() == len(page.last_saved.figures.categories) + 1


def test_submit_asks_then_freezes_the_month(qtbot, demo_store: Store, runner: BackgroundRunner, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, demo_store, runner)
    month = page.month_text()
    questions: list[str] = []
    answer = {"yes": False}

    def fake_confirm(parent, title: str, text: str) -> bool:  # type: ignore[no-untyped-def]
        questions.append(text)
        return answer["yes"]

    monkeypatch.setattr(reports_page, "confirm", fake_confirm)
    monkeypatch.setattr(page, "ask_path", lambda suggested: str(tmp_path / "submitted.xlsx"))
    page.submit_button.click()  # declined: nothing written, nothing recorded
    assert len(questions) == 1 and "冻结" in questions[0] and month in questions[0]
    runner.wait_idle()
    assert not (tmp_path / "submitted.xlsx").exists()
    assert MonthlyReportService(demo_store).history(demo_store.actor, month) == []

    answer["yes"] = True
    page.submit_button.click()
    qtbot.waitUntil(lambda: page.last_saved is not None, timeout=15_000)
    assert len(questions) == 2 and (tmp_path / "submitted.xlsx").exists()
    history = MonthlyReportService(demo_store).history(demo_store.actor, month)
    assert [(r.revision, r.status) for r in history] == [(1, "submitted")]
    assert "已上报" in page.saved.text() and "冻结" in page.status.text()


def test_saving_over_a_workbook_open_in_excel_says_so_and_records_nothing(  # type: ignore[no-untyped-def]
        qtbot, demo_store: Store, runner: BackgroundRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a workbook open in Excel or WPS cannot be replaced (PermissionError): the clerk is
    told which file and why, the old file stays, and no draft is recorded for a file that was not written."""
    page = _page(qtbot, demo_store, runner)
    out = tmp_path / "月报.xlsx"
    out.write_bytes(b"last month's file")
    real_replace = os.replace

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if str(dst) == str(out):
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(src))
        real_replace(src, dst)

    shown: list[str] = []
    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(page, "ask_path", lambda suggested: str(out))
    monkeypatch.setattr(messages.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    page.draft_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert shown == [render("file.not_writable", path=str(out))]
    assert out.read_bytes() == b"last month's file" and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert MonthlyReportService(demo_store).history(demo_store.actor, page.month_text()) == []
    assert page.draft_button.isEnabled()
