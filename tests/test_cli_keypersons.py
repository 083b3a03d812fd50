"""`zongzhi keypersons add/list/visit/due`: JSON output, exit codes, Chinese messages."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from zongzhi_desktop.cli import main
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.store import Store


@pytest.fixture
def resident_id(store: Store, cli_env: Path) -> str:
    with store.write() as s:
        s.add(grid := Grid(township_code="360731100", village_code="360731100001", code="01", name="长征网格"))
        s.flush()
        s.add(r := Resident(name="张三", id_number="360102199001010018", grid_id=grid.id))
    return r.id


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def test_add_list_visit_due_round_trip(resident_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    started = (date.today() - timedelta(days=10)).isoformat()
    assert main(["keypersons", "add", resident_id, "--type", "社区矫正人员", "--level", "high", "--helper", "李帮教",
                 "--helper-phone", "13912345678", "--detail", "罪名=盗窃", "--detail", "execute_type=缓刑",
                 "--started", started, "--json"]) == 0
    added = _json(capsys)
    assert added["type_code"] == "community_correction" and added["details"] == {"accusation": "盗窃", "execute_type": "缓刑"}
    assert added["next_visit_due"] == (date.today() - timedelta(days=3)).isoformat()

    assert main(["keypersons", "list", "--type", "community_correction", "--json"]) == 0
    [row] = _json(capsys)
    assert row["resident_name"] == "张三" and row["id_number_masked"] == "3601**********0018"

    assert main(["keypersons", "due", "--json"]) == 0
    [due] = _json(capsys)
    assert due["id"] == added["id"] and due["days_overdue"] == 3

    assert main(["keypersons", "visit", added["id"], "--summary", "在家，情况稳定", "--method", "phone", "--json"]) == 0
    visit = _json(capsys)
    assert visit["visited_on"] == date.today().isoformat() and visit["method_name"] == "电话回访"
    assert main(["keypersons", "due", "--within", "6", "--json"]) == 0
    assert _json(capsys) == []
    assert main(["keypersons", "due", "--within", "7"]) == 0
    assert "张三" in capsys.readouterr().out


def test_bad_input_exits_2_with_a_chinese_message(resident_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keypersons", "add", resident_id, "--type", "drug", "--detail", "鞋码=42"]) == 2
    assert "鞋码" in capsys.readouterr().err
    assert main(["keypersons", "add", resident_id, "--type", "drug", "--detail", "nokey"]) == 2
    assert "项目=内容" in capsys.readouterr().err
    assert main(["keypersons", "add", resident_id, "--type", "drug", "--helper-phone", "123"]) == 2
    assert "帮教人员电话" in capsys.readouterr().err
    assert main(["keypersons", "visit", "no-such-id", "--summary", "x"]) == 2
    assert "找不到重点人员" in capsys.readouterr().err
    assert main(["keypersons", "due", "--within", "abc"]) == 2
    assert "命令用法有误" in capsys.readouterr().err
    assert main(["keypersons", "list"]) == 0
    assert "共 0 人" in capsys.readouterr().out
