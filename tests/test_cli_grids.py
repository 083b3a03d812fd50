"""`zongzhi grids|workers|departments|mediators|villages`: JSON outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zongzhi_desktop.cli import main


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_villages_and_grids(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    villages = _json(capsys, "villages", "list", "--json")
    assert {"code": "360731100001", "name": "北门社区", "level": "village", "parent_code": "360731100"} in villages
    grid = _json(capsys, "grids", "add", "--village", "360731100001", "--name", "一网格", "--kind", "专属网格", "--json")
    assert (grid["code"], grid["kind"]) == ("360731100001001", "special")
    assert main(["grids", "add", "--village", "360731100002", "--name", "南一网格"]) == 0
    assert "360731100002001" in capsys.readouterr().out
    listed = _json(capsys, "grids", "list", "--village", "360731100001", "--json")
    assert [g["id"] for g in listed] == [grid["id"]]


def test_workers_add_assign_and_list(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    grid = _json(capsys, "grids", "add", "--village", "360731100001", "--name", "一网格", "--json")
    worker = _json(capsys, "workers", "add", "--name", "张三", "--phone", "13800000001", "--employment", "兼职", "--json")
    assert worker["employment"] == "parttime"
    post = _json(capsys, "workers", "assign", worker["id"], "--grid", grid["id"], "--role", "网格长",
                 "--start", "2026-01-05", "--json")
    assert (post["role"], post["start_date"]) == ("leader", "2026-01-05")
    [listed] = _json(capsys, "workers", "list", "--json")
    assert [(a["grid_id"], a["role_name"]) for a in listed["assignments"]] == [(grid["id"], "网格长")]
    assert main(["workers", "assign", worker["id"], "--grid", grid["id"], "--role", "leader"]) == 2
    assert "不能重复安排" in capsys.readouterr().err


def test_departments_and_mediators(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dept = _json(capsys, "departments", "add", "--name", "贡江镇人民调解委员会", "--kind", "人民调解委员会",
                 "--phone", "0797-1234567", "--json")
    assert main(["mediators", "add", "--department", "贡江镇人民调解委员会", "--name", "李四"]) == 0
    assert "李四" in capsys.readouterr().out
    [listed] = _json(capsys, "departments", "list", "--json")
    assert {k: listed[k] for k in ("id", "code", "name", "kind")} == {
        "id": dept["id"], "code": None, "name": "贡江镇人民调解委员会", "kind": "people_mediation"}
    assert listed["mediators"] == 1


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["grids", "add", "--village", "3607", "--name", "x"], "村（社区）代码"),
        (["grids", "add", "--village", "360731100001", "--name", "x", "--kind", "bad"], "网格类型"),
        (["workers", "add", "--name", "x", "--phone", "12345"], "联系电话"),
        (["workers", "add", "--name", "x", "--id-number", "360731"], "身份证号"),
        (["workers", "assign", "nope", "--grid", "g", "--role", "leader"], "找不到网格员"),
        (["departments", "add", "--name", "x", "--kind", "居委会"], "部门类型"),
        (["mediators", "add", "--department", "nope", "--name", "x"], "找不到部门"),
        (["grids", "add", "--name", "x"], "命令用法有误"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(
    cli_env: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == ""
