"""Importing residents from awkward real-world workbooks, and exporting them back unchanged."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select, text

from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.domain.messages import CATALOGUE
from zongzhi_desktop.domain.messages import imports as import_texts
from zongzhi_desktop.errors import InputError, PermissionDenied
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import resident_import, resident_import_write, workbook_reader
from zongzhi_desktop.services.resident_export import ResidentExport
from zongzhi_desktop.services.resident_import import ResidentImport
from zongzhi_desktop.services.residents import ResidentInput, ResidentService

# Until "imports" is in the catalogue's topic list (a no-op afterwards).
for _code, _text in import_texts.TEXTS.items():
    CATALOGUE.setdefault(_code, _text)

ADMIN = Actor("admin", "admin")
ID_A = make_number("360731", date(1990, 1, 2), 11)  # male
ID_B = make_number("360731", date(1985, 6, 30), 22)  # female
ID_C = make_number("360102", date(2001, 12, 31), 33)
LEGACY = "360731900102123"  # 15-digit: born 1990-01-02, upgraded on import
HEADER = ["序号", "联系电话", " 姓名 ", "公民身份号码", "性别", "出生日期", "所属网格", "人员类别", "现住址", "备注"]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def make_grids(store: Store) -> tuple[str, str]:
    with store.write() as s:
        a = Grid(township_code="360731100", village_code="360731100001", code="360731100001001", name="长征一网格")
        b = Grid(township_code="360731100", village_code="360731100002", code="360731100002001", name="红旗一网格")
        s.add_all([a, b])
        s.flush()
    return a.id, b.id


def workbook(path: Path, rows: list[list[Any]], header: list[str] = HEADER, title: bool = True) -> Path:
    """Header on row 3 under a merged title; text cells forced to text (openpyxl would make "=…" a formula)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.cell(1, 1, "贡江镇实有人口登记表（2026年第一季度）")
        ws.cell(2, 1, "填表单位：长征社区")
    start = ws.max_row + 1 if title else 1
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(start + r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
    wb.save(path)
    return path


def good_rows() -> list[list[Any]]:
    fullwidth = ID_A.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [
        [1, "138 0000 0001", "张三  ", fullwidth, "男", 32875, "长征一网格", "户籍", "长征路1号", '=HYPERLINK("http://x","点我")'],
        [2, "0797-8123456", "李四", ID_B + " ", "女", "1985年6月30日", "360731100002001", "流动人口", "红旗路2号", "@sum(A1)"],
        [3, None, "王五", LEGACY, None, "1990.1.2", "长征一网格", "户籍人口", None, "-老住户"],
        [4, 13900000002.0, "赵六", ID_C, None, "2001-12-31", "红旗一网格", "huji", " 北门3号 ", None],
        [None, None, None, None, None, None, None, None, None, None],  # blank line: skipped, not counted
    ]


def outbox(store: Store) -> int:
    with store.read() as s:
        return s.execute(text("SELECT count(*) FROM sync_outbox")).scalar_one()


def residents(store: Store) -> dict[str, SimpleNamespace]:
    with store.read() as s:  # plain copies: the read unit rolls back and expires ORM objects
        rows = s.execute(select(Resident.__table__).where(Resident.deleted_at.is_(None))).mappings()
        return {r["id_number"]: SimpleNamespace(**r) for r in rows}


def test_awkward_workbook_imports_every_row(store: Store, tmp_path: Path) -> None:
    grid_a, grid_b = make_grids(store)
    path = workbook(tmp_path / "登记表.xlsx", good_rows())
    before = outbox(store)
    result = ResidentImport(store).run(ADMIN, path)
    assert (result.imported, result.updated, result.unchanged, result.rejected) == (4, 0, 0, 0)
    assert result.written and result.errors == [] and result.errors_path is None
    people = residents(store)
    assert len(people) == 4 and {ID_A, ID_B, ID_C} <= set(people)
    a = people[ID_A]
    assert (a.name, a.phone, a.grid_id, a.sex, a.birth_date) == ("张三", "13800000001", grid_a, "1", date(1990, 1, 2))
    assert a.notes == '=HYPERLINK("http://x","点我")'  # stored as text, never evaluated
    b = people[ID_B]
    assert (b.registration_type, b.grid_id, b.phone, b.notes) == ("floating", grid_b, "0797-8123456", "@sum(A1)")
    legacy = next(r for n, r in people.items() if n.startswith("360731199001021"))
    assert len(legacy.id_number) == 18 and legacy.birth_date == date(1990, 1, 2) and legacy.notes == "-老住户"
    assert people[ID_C].current_address == "北门3号" and people[ID_C].phone == "13900000002"
    assert outbox(store) - before >= 4  # every row went through the capture
    assert ResidentService(store).duplicates(ADMIN) == []
    with store.read() as s:  # the search index knows the new people
        keys = s.execute(text("SELECT count(*) FROM resident_keys WHERE key = 'p:zhangsan'")).scalar_one()
    assert keys == 1


def test_preview_finds_header_under_title_rows(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    preview = ResidentImport(store).preview(ADMIN, workbook(tmp_path / "a.xlsx", good_rows()))
    assert preview.header_row == 3
    assert preview.mapping["name"] == 2 and preview.mapping["id_number"] == 3 and preview.mapping["phone"] == 1
    assert preview.unmapped == ("序号",)
    assert preview.first_rows[0][2] == "张三  " and len(preview.first_rows) == 4


def bad_rows() -> list[list[Any]]:
    return good_rows()[:2] + [
        [3, None, "坏校验", ID_C[:-1] + ("0" if ID_C[-1] != "0" else "1"), None, None, "长征一网格", "户籍", None, None],
        [4, None, "无网格", make_number("360731", date(1970, 1, 1), 5), None, None, "不存在网格", "户籍", None, None],
        [5, "12345", "坏电话", make_number("360731", date(1971, 1, 1), 7), None, None, None, "户籍", None, None],
        [6, None, "重复", ID_A, None, None, None, "户籍", None, None],
        [7, None, "日期不符", make_number("360731", date(1972, 3, 4), 9), None, "1972年3月5日", None, None, None, None],
        [8, None, "类别错", make_number("360731", date(1973, 1, 1), 13), None, None, None, "外星人", None, None],
        [9, None, "性别错", make_number("360731", date(1974, 1, 1), 15), "女", None, None, None, None, None],
        [10, None, "坏日期", make_number("360731", date(1975, 1, 1), 17), None, "去年", None, None, None, None],
        [11, None, "缺号码", None, None, None, None, "户籍", None, None],
    ]


def test_bad_rows_are_rejected_with_chinese_reasons_and_nothing_written(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    path = workbook(tmp_path / "bad.xlsx", bad_rows())
    before = outbox(store)
    result = ResidentImport(store).run(ADMIN, path)
    assert not result.written and outbox(store) == before and residents(store) == {}
    assert (result.imported, result.rejected) == (2, 9)
    reasons = {e.row: e.reason for e in result.errors}
    assert "校验位错误" in reasons[6]
    assert "所属网格“不存在网格”不存在" in reasons[7]
    assert "联系电话“12345”格式不正确" in reasons[8]
    assert reasons[9] == "身份证号码与第 4 行重复"
    assert reasons[10] == "出生日期 1972-03-05 与身份证号码中的出生日期 1972-03-04 不一致"
    assert "人员类别“外星人”无效" in reasons[11] and "户籍人口" in reasons[11]
    assert "性别“女”与身份证号码（男）不一致" in reasons[12]
    assert "出生日期“去年”不是有效日期" in reasons[13]
    assert reasons[14] == "公民身份号码不能为空"
    # the error workbook: original columns plus 错误原因, formula-looking text still text
    errors = openpyxl.load_workbook(result.errors_path).active
    header = [c.value for c in errors[1]]
    assert header[-1] == "错误原因" and header[:len(HEADER)] == HEADER
    assert errors.max_row == 10 and "原第6行" in errors.cell(2, len(header)).value
    assert errors.cell(2, 3).value == "坏校验"


def test_valid_only_writes_the_good_rows(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    result = ResidentImport(store).run(ADMIN, workbook(tmp_path / "bad.xlsx", bad_rows()), valid_only=True,
                                       errors_path=tmp_path / "errs" / "e.xlsx")
    assert result.written and (result.imported, result.rejected) == (2, 9)
    assert set(residents(store)) == {ID_A, ID_B}
    assert Path(result.errors_path or "") == tmp_path / "errs" / "e.xlsx" and Path(result.errors_path).exists()


def test_dry_run_writes_nothing(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    before = outbox(store)
    result = ResidentImport(store).run(ADMIN, workbook(tmp_path / "a.xlsx", good_rows()), dry_run=True)
    assert result.imported == 4 and not result.written and outbox(store) == before


def test_reimport_changes_nothing_and_edits_update_only_changed_fields(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    svc = ResidentImport(store)
    path = workbook(tmp_path / "a.xlsx", good_rows())
    svc.run(ADMIN, path)
    before = outbox(store)
    again = svc.run(ADMIN, path)
    assert (again.imported, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 0)
    assert outbox(store) == before
    rows = good_rows()
    rows[1][8] = "红旗路99号"  # one changed address
    rows[0][1] = None  # a blank cell keeps the register's phone
    edited = svc.run(ADMIN, workbook(tmp_path / "b.xlsx", rows))
    assert (edited.imported, edited.updated, edited.unchanged) == (0, 1, 3)
    people = residents(store)
    assert people[ID_B].current_address == "红旗路99号" and people[ID_A].phone == "13800000001"
    with store.read() as s:
        changes = s.execute(text("SELECT fields FROM sync_outbox WHERE local_seq > :n AND tbl = 'residents'"),
                            {"n": before}).scalars().all()
    assert len(changes) == 1 and "current_address" in changes[0] and "phone" not in changes[0]


def test_duplicate_in_register_is_rejected(store: Store, tmp_path: Path) -> None:
    grid_a, _ = make_grids(store)
    svc = ResidentService(store)
    for _ in range(2):
        svc.register(ADMIN, ResidentInput(name="张三", id_number=ID_A, grid_id=grid_a))
    result = ResidentImport(store).run(ADMIN, workbook(tmp_path / "a.xlsx", good_rows()[:1]))
    assert result.rejected == 1 and "已有 2 名居民使用该身份证号码" in result.errors[0].reason
    assert not result.written


def test_export_import_round_trip_updates_nothing(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    ResidentImport(store).run(ADMIN, workbook(tmp_path / "a.xlsx", good_rows()))
    out = ResidentExport(store).export(ADMIN, tmp_path / "导出.xlsx", full_ids=True)
    before = outbox(store)  # after the export, whose audit entry is a change of its own
    assert out.count == 4
    ws = openpyxl.load_workbook(out.path).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    formula = cells['=HYPERLINK("http://x","点我")']
    assert formula.data_type == "s" and formula.quotePrefix
    assert cells["@sum(A1)"].quotePrefix and cells["-老住户"].quotePrefix and not cells["张三"].quotePrefix
    assert ID_A in cells and cells[ID_A].data_type == "s"
    result = ResidentImport(store).run(ADMIN, out.path)
    assert (result.imported, result.updated, result.unchanged, result.rejected) == (0, 0, 4, 0)
    assert outbox(store) == before


def test_export_masks_numbers_unless_allowed(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    ResidentImport(store).run(ADMIN, workbook(tmp_path / "a.xlsx", good_rows()))
    out = ResidentExport(store).export(ADMIN, tmp_path / "masked.xlsx")
    values = {c.value for row in openpyxl.load_workbook(out.path).active.iter_rows() for c in row}
    assert ID_A[:4] + "*" * 10 + ID_A[-4:] in values and ID_A not in values and "138****0001" in values
    with pytest.raises(PermissionDenied):
        ResidentExport(store).export(Actor("boss", "leader"), tmp_path / "full.xlsx", full_ids=True)
    with pytest.raises(InputError) as err:
        ResidentExport(store).export(ADMIN, tmp_path / "x.csv")
    assert err.value.code == "imports.export_suffix"


def _convert(src: Path, fmt: str, outdir: Path) -> Path:
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{outdir}/lo-profile",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{fmt}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is needed to write .xls/.ods test files")
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods(store: Store, tmp_path: Path, fmt: str) -> None:
    make_grids(store)
    converted = _convert(workbook(tmp_path / "source.xlsx", good_rows()), fmt, tmp_path / "out")
    result = ResidentImport(store).run(ADMIN, converted)
    assert (result.imported, result.rejected) == (4, 0), result.errors
    people = residents(store)
    assert people[ID_A].notes == '=HYPERLINK("http://x","点我")' and people[ID_A].birth_date == date(1990, 1, 2)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("broken.xlsx", b"PK\x03\x04 this is not really a zip", "imports.corrupt"),
        ("random.xls", bytes(range(256)) * 8, "imports.corrupt"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
         + b"\0" * 512, "imports.encrypted"),
        ("web.xls", "<html><table><tr><td>姓名</td></tr></table></html>".encode(), "imports.html_xls"),
        ("empty.xlsx", b"", "imports.empty"),
        ("people.csv", "姓名\n张三\n".encode(), "imports.unsupported_format"),
    ],
)
def test_unreadable_files_give_clear_errors(store: Store, tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        ResidentImport(store).run(ADMIN, path)
    assert err.value.code == code and name in str(err.value) or name.endswith(".csv")
    assert "未知错误" not in str(err.value)


def test_empty_sheet_no_header_and_limits(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_grids(store)
    svc = ResidentImport(store)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(InputError, match="没有任何数据"):
        svc.run(ADMIN, empty)
    with pytest.raises(InputError, match="没有找到表头"):
        svc.run(ADMIN, workbook(tmp_path / "h.xlsx", [["a", "b"]], header=["甲", "乙"]))
    path = workbook(tmp_path / "a.xlsx", good_rows())
    monkeypatch.setattr(workbook_reader, "MAX_ROWS", 3)
    with pytest.raises(InputError, match="最多 3 行"):
        svc.run(ADMIN, path)
    monkeypatch.setattr(workbook_reader, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="文件过大"):
        svc.run(ADMIN, path)
    assert residents(store) == {}


def test_import_is_an_office_task_leaders_and_grid_workers_are_refused(store: Store, tmp_path: Path) -> None:
    make_grids(store)
    path = workbook(tmp_path / "a.xlsx", good_rows())
    for actor in (Actor("boss", "leader"), Actor("w", "grid_worker", worker_id="nobody")):  # "residents.import"
        with pytest.raises(PermissionDenied):
            ResidentImport(store).run(actor, path, dry_run=True)
        with pytest.raises(PermissionDenied):
            ResidentImport(store).preview(actor, path)
    assert residents(store) == {}


def test_a_large_file_gets_a_roomy_page_cache_only_while_it_is_written(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_grids(store)
    path = workbook(tmp_path / "登记表.xlsx", good_rows())
    with store.engine.connect() as conn:
        default = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    during: list[int] = []
    real_apply = resident_import.apply

    def spy(conn: Any, *args: Any, **kwargs: Any) -> None:
        during.append(conn.exec_driver_sql("PRAGMA cache_size").scalar())
        real_apply(conn, *args, **kwargs)

    monkeypatch.setattr(resident_import, "apply", spy)  # the run calls the name it imported
    monkeypatch.setattr(resident_import_write, "CACHE_KIB_PER_ROW", 50_000)  # four rows count as a big file here
    assert ResidentImport(store).run(ADMIN, path).imported == 4
    assert during == [-200_000]
    with store.engine.connect() as conn:  # the pooled connection is handed back as it was
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == default
    with store.read() as s:  # every key of every new person, written in key order
        stored = set(s.execute(text("SELECT key, resident_id FROM resident_keys")).all())
        wanted = {(k, r.id) for r in residents(store).values() for k in search_index.keys_for(vars(r))}
    assert stored == wanted
