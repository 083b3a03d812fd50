"""The county officer's set-up commands refuse bad codes and names in Chinese and change nothing:
the county's code names its cases for ever, and a township must belong to the county."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zongzhi_county.cli import main
from zongzhi_desktop.domain.messages import render


def _county(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--db", f"sqlite:///{tmp_path / 'county.db'}", "--home", str(tmp_path / "home"), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("code", ["36073", "3607311", "36073x", ""])
def test_a_county_code_that_is_not_six_digits_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         code: str) -> None:
    rc, _out, err = _county(tmp_path, capsys, "init", "--county-code", code, "--county-name", "于都县")
    assert rc == 2 and render("registers.county_code", code=code) in err
    rc, _out, _err = _county(tmp_path, capsys, "init", "--county-code", "360731", "--county-name", "于都县")
    assert rc == 0  # nothing was set up by the refused attempt


def test_townships_need_a_name_and_a_code_of_this_county(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _county(tmp_path, capsys, "init", "--county-code", "360731", "--county-name", "于都县")[0] == 0
    rc, _out, err = _county(tmp_path, capsys, "add-township", "--code", "360731100", "--name", "  ")
    assert rc == 2 and render("input.required", field="乡镇（街道）名称") in err
    rc, _out, err = _county(tmp_path, capsys, "add-township", "--code", "360732100", "--name", "别县镇")
    assert rc == 2 and render("registers.township_elsewhere", code="360732100", county="360731") in err
    rc, out, _err = _county(tmp_path, capsys, "add-township", "--code", "360731100", "--name", "贡江镇")
    assert rc == 0 and json.loads(out) == {"code": "360731100", "name": "贡江镇"}


def test_a_county_name_is_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _out, err = _county(tmp_path, capsys, "init", "--county-code", "360731", "--county-name", "")
    assert rc == 2 and render("input.required", field="县（市、区）名称") in err


def test_a_usage_error_is_said_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        _county(tmp_path, capsys, "dismiss-duplicate", "a", "b")
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "错误：命令用法有误：" in err and "Traceback" not in err
