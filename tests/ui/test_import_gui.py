"""导入/导出实有人口 through real widgets: the mapping shown for confirmation, a dry run's counts and
reasons, all-or-nothing without valid-only, the good rows landing in the list, and the export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.resident_search import ResidentSearch
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.import_dialog import ImportDialog
from zongzhi_desktop.ui.residents_page import ResidentsPage

WAIT = 10_000
GOOD_A = make_number("360731", date(1931, 3, 4), 917)
GOOD_B = make_number("360731", date(1932, 5, 6), 928)
BAD = GOOD_A[:-1] + ("0" if GOOD_A[-1] != "0" else "1")  # wrong check digit


def make_workbook(path: Path) -> Path:
    """A title row above the header, as hand-made registers have; row 5 carries a bad ID number."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1, 1, "贡江镇实有人口登记表")
    rows = [["姓名", "公民身份号码", "联系电话", "现住址"],
            ["导入甲", GOOD_A, "13800000001", "长征路1号"],
            ["导入乙", GOOD_B, "13800000002", "长征路2号"],
            ["导入丙", BAD, "13800000003", "长征路3号"]]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.data_type = "s"
    wb.save(path)
    return path


def _page(qtbot, store: Store, runner: BackgroundRunner) -> ResidentsPage:  # type: ignore[no-untyped-def]
    page = ResidentsPage(UiContext(store, runner))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activate()
    total = ResidentSearch(store).count(store.actor)
    qtbot.waitUntil(lambda: page._complete and page.model.rowCount() == total, timeout=WAIT)
    return page


def _wait_done(qtbot, dialog: ImportDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.busy, timeout=WAIT)


def test_import_dialog_mapping_dry_run_all_or_nothing_then_valid_only(
        qtbot, demo_store: Store, runner: BackgroundRunner, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_workbook(tmp_path / "登记表.xlsx")
    page = _page(qtbot, demo_store, runner)
    search = ResidentSearch(demo_store)
    before = search.count(demo_store.actor)
    assert page.import_button.text() == "导入…" and page.export_button.text() == "导出…"
    monkeypatch.setattr(page, "choose_import_path", lambda: str(source))
    dialog = page.import_file()
    assert dialog is not None and page.import_dialog is dialog
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy, timeout=WAIT)

    # The mapping for confirmation: every column with its detected field, and the first rows.
    assert dialog.mapping_table.rowCount() == 4
    assert [dialog.mapping_table.item(c, 0).text() for c in range(4)] == ["姓名", "公民身份号码", "联系电话", "现住址"]
    assert [dialog.combo(c).currentData() for c in range(4)] == ["name", "id_number", "phone", "current_address"]
    assert dialog.combo(0).currentText() == "姓名"
    assert dialog.rows_table.rowCount() == 3 and dialog.rows_table.item(0, 0).text() == "导入甲"
    assert "表头在第 2 行" in dialog.header_label.text() and "3 行数据" in dialog.header_label.text()
    assert dialog.mapping() == {"name": 0, "id_number": 1, "phone": 2, "current_address": 3}

    # 检查 (dry run): the counts and the bad row's reason, nothing written.
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, dialog)
    assert dialog.result is not None and not dialog.result.written
    assert "新增：2" in dialog.counts.text() and "拒绝：1" in dialog.counts.text()
    assert dialog.errors_table.rowCount() == 1
    assert dialog.errors_table.item(0, 0).text() == "5"
    assert "校验" in dialog.errors_table.item(0, 1).text()
    assert dialog.result.errors_path and Path(dialog.result.errors_path).exists()
    assert dialog.result.errors_path in dialog.errors_path.text()
    assert search.count(demo_store.actor) == before

    # 导入 without valid-only: the file is refused whole, and the dialog says so.
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, dialog)
    assert not dialog.result.written
    assert "未写入任何数据" in dialog.note.text() and "只导入校验通过的行" in dialog.note.text()
    assert search.count(demo_store.actor) == before

    # 导入 with valid-only: the two good rows land in the register and in the list.
    dialog.valid_only.setChecked(True)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    _wait_done(qtbot, dialog)
    assert dialog.result.written and dialog.result.imported == 2 and dialog.result.rejected == 1
    assert search.count(demo_store.actor) == before + 2
    qtbot.waitUntil(lambda: page._complete and page.model.rowCount() == before + 2, timeout=WAIT)
    ids = search.ordered_ids(demo_store.actor, query="导入")
    assert len(ids) == 2 and all(page.model.row_of(i) >= 0 for i in ids)


def test_import_dialog_changed_mapping_and_ignored_column(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    source = make_workbook(tmp_path / "登记表.xlsx")
    dialog = ImportDialog(UiContext(demo_store, runner), source)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy, timeout=WAIT)
    dialog.combo(2).setCurrentIndex(0)  # ignore the phone column
    assert dialog.mapping() == {"name": 0, "id_number": 1, "current_address": 3}
    dialog.combo(3).setCurrentIndex(dialog.combo(3).findData("name"))  # two columns for 姓名
    assert dialog.mapping() is None
    assert "“姓名”被选给了两列" in dialog.status.text()


def test_export_writes_through_the_chosen_path(qtbot, demo_store: Store, runner: BackgroundRunner,  # type: ignore[no-untyped-def]
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, demo_store, runner)
    total = ResidentSearch(demo_store).count(demo_store.actor)
    target = tmp_path / "导出"
    monkeypatch.setattr(page, "choose_export_path", lambda: str(target))
    monkeypatch.setattr(page, "ask_full_ids", lambda: False)
    page.export_file()
    written = tmp_path / "导出.xlsx"
    qtbot.waitUntil(lambda: page.export_message is not None, timeout=WAIT)
    assert written.exists()
    sheet = openpyxl.load_workbook(written, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "性别", "公民身份号码")
    assert len(rows) == total + 1
    numbers = [r[2] for r in rows[1:] if r[2]]
    assert numbers and all("*" in n for n in numbers), "masked unless full numbers were asked for"
    assert str(written) in page.export_message.text()
    page.export_message.close()
