"""`zongzhi residents import|export`: JSON counts, exit codes, all-or-nothing and the round trip."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from zongzhi_desktop.cli import main
from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.domain.messages import CATALOGUE
from zongzhi_desktop.domain.messages import imports as import_texts

# Until "imports" is in the catalogue's topic list (a no-op afterwards).
for _code, _text in import_texts.TEXTS.items():
    CATALOGUE.setdefault(_code, _text)

ID_A = make_number("360731", date(1990, 1, 2), 11)
ID_B = make_number("360731", date(1985, 6, 30), 22)


def _sheet(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.merge_cells("A1:E1")
    ws["A1"] = "实有人口导入模板"
    for r, values in enumerate([["所属网格", "姓名", "身份证号", "出生日期", "备注"], *rows], start=3):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"  # keep "=…" as text, as a clerk's typed text would be
    wb.save(path)
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip().startswith("{") else out), err


def _grid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grids", "add", "--village", "360731100001", "--name", "一网格"]) == 0
    capsys.readouterr()


def test_import_json_then_reimport_unchanged(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _grid(capsys)
    path = _sheet(tmp_path / "a.xlsx", [["一网格", "张三 ", ID_A, "1990年1月2日", "=SUM(A1:A2)"],
                                        ["360731100001001", "李四", ID_B, 31228, None]])
    code, result, _err = _run(capsys, "residents", "import", str(path), "--json")
    assert code == 0
    assert {k: result[k] for k in ("imported", "updated", "unchanged", "rejected", "errors")} == {
        "imported": 2, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []}
    code, again, _err = _run(capsys, "residents", "import", str(path), "--json")
    assert code == 0 and (again["imported"], again["unchanged"]) == (0, 2)


def test_one_bad_row_writes_nothing_and_exits_2(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _grid(capsys)
    path = _sheet(tmp_path / "b.xlsx", [["一网格", "张三", ID_A, None, None],
                                        ["一网格", "李四", ID_B[:-1] + "0" if ID_B[-1] != "0" else ID_B[:-1] + "1", None, None]])
    code, result, err = _run(capsys, "residents", "import", str(path), "--json")
    assert code == 2 and result["rejected"] == 1 and result["written"] is False
    assert result["errors"][0]["row"] == 5 and "校验位错误" in result["errors"][0]["reason"]
    assert "未写入任何数据" in err and (tmp_path / "b_错误行.xlsx").exists()
    code, found, _ = _run(capsys, "residents", "search", "张三", "--json")
    assert found == "[]\n" or found == []
    code, result, _err = _run(capsys, "residents", "import", str(path), "--valid-only", "--json")
    assert code == 0 and (result["imported"], result["rejected"]) == (1, 1)
    code, dry, _err = _run(capsys, "residents", "import", str(path), "--dry-run", "--json")
    assert code == 2 and (dry["unchanged"], dry["written"]) == (1, False)


def test_export_then_import_updates_nothing(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _grid(capsys)
    _run(capsys, "residents", "import", str(_sheet(tmp_path / "a.xlsx", [["一网格", "张三", ID_A, None, "@risky"]])))
    out = tmp_path / "导出.xlsx"
    code, text, _err = _run(capsys, "residents", "export", "-o", str(out), "--full-id-numbers")
    assert code == 0 and "已导出 1 名居民" in text
    code, result, _err = _run(capsys, "residents", "import", str(out), "--json")
    assert code == 0 and (result["imported"], result["updated"], result["unchanged"]) == (0, 0, 1)
    masked = tmp_path / "masked.xlsx"
    assert main(["residents", "export", "-o", str(masked)]) == 0
    values = [c.value for row in openpyxl.load_workbook(masked).active.iter_rows() for c in row]
    assert ID_A not in values and ID_A[:4] + "*" * 10 + ID_A[-4:] in values


@pytest.mark.parametrize(("content", "words"), [(b"PK\x03\x04garbage", "已损坏"), (b"", "没有任何数据")])
def test_unreadable_file_exits_2_without_traceback(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   content: bytes, words: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    code, _out, err = _run(capsys, "residents", "import", str(path))
    assert code == 2 and words in err and "Traceback" not in err
