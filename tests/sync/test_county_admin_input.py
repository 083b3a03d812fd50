"""The county officer's set-up commands refuse bad codes and names in Chinese and change nothing:
the county's code names its cases for ever, and a township must belong to the county."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from zongzhi_county import admin
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


@pytest.fixture
def county_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert _county(tmp_path, capsys, "init", "--county-code", "360731", "--county-name", "于都县")[0] == 0
    assert _county(tmp_path, capsys, "add-township", "--code", "360731100", "--name", "贡江镇")[0] == 0
    return tmp_path


@pytest.mark.parametrize(("month", "code", "params"), [
    ("2026-13", "reports.bad_month", {"value": "2026-13"}),
    ("十月", "reports.bad_month", {"value": "十月"}),
    ("2999-01", "reports.future_month", {"month": "2999-01"}),
])
def test_the_county_report_refuses_a_month_that_is_not_one(county_dir: Path, capsys: pytest.CaptureFixture[str],
                                                           month: str, code: str, params: dict[str, str]) -> None:
    out = county_dir / "全县月报.xlsx"
    rc, _out, err = _county(county_dir, capsys, "report", "monthly", "--month", month, "-o", str(out))
    assert rc == 2 and render(code, **params) in err and not out.exists()


def test_output_files_that_cannot_be_written_are_said_not_traced(county_dir: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = county_dir / "报表"
    folder.mkdir()
    rc, _out, err = _county(county_dir, capsys, "report", "monthly", "--month", "2026-10", "-o", str(folder))
    assert rc == 2 and render("file.is_folder", path=str(folder)) in err and "Traceback" not in err
    blocker = county_dir / "u盘.txt"
    blocker.write_text("x")
    for argv in (["report", "monthly", "--month", "2026-10", "-o", str(blocker / "月报.xlsx")],
                 ["enroll", "--township", "360731100", "--file", "-o", str(blocker / "注册.zzenrol")]):
        rc, _out, err = _county(county_dir, capsys, *argv)
        assert rc == 2 and render("file.no_folder", path=argv[-1]) in err, err
    leftovers = [p.name for p in county_dir.rglob("*") if p.name.endswith((".part", ".tmp"))]
    assert leftovers == [] and list(folder.iterdir()) == []


@pytest.mark.parametrize(("content", "reason"), [
    (b"PK\x03\x04 not json", "第 1 行第 1 列不是有效的 JSON"),
    (b'{"id": "x"}', "内容不是对象列表"),
    (b"[1, 2]", "内容不是对象列表"),
    ("[{\"id\": \"民族\"}]".encode("gbk"), "UnicodeDecodeError"),
])
def test_a_bad_reference_file_is_refused_and_publishes_nothing(county_dir: Path, capsys: pytest.CaptureFixture[str],
                                                               content: bytes, reason: str) -> None:
    source = county_dir / "codes.json"
    source.write_bytes(content)
    rc, _out, err = _county(county_dir, capsys, "reference", "code_items", str(source))
    assert rc == 2 and render("county.reference_file", file=str(source), reason=reason) in err
    missing = county_dir / "nothing.json"
    rc, _out, err = _county(county_dir, capsys, "reference", "holidays", str(missing))
    assert rc == 2 and render("county.reference_file", file=str(missing), reason="找不到文件") in err
    good = county_dir / "good.json"
    good.write_text('[{"id": "2026-10-01", "kind": "holiday", "name": "国庆节"}]', encoding="utf-8")
    rc, out, err = _county(county_dir, capsys, "reference", "holidays", str(good))
    assert rc == 0 and "已下发 1 条" in out  # the first rows the county published: none went out before


def test_a_bug_is_one_line_for_the_officer_not_a_traceback(county_dir: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(engine):  # type: ignore[no-untyped-def]
        raise KeyError("device_no")

    monkeypatch.setattr(admin, "list_devices", broken)
    rc, _out, err = _county(county_dir, capsys, "devices")
    assert rc == 1 and "Traceback" not in err and err.count("\n") == 1
    assert err.strip() == "错误：" + render("county.unexpected", kind="KeyError", detail="'device_no'")


def test_a_county_assignment_due_in_the_past_is_refused(county_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    argv = ["assign", "--township", "360731100", "--title", "县级交办：欠薪", "--category", "0701", "--deadline"]
    rc, _out, err = _county(county_dir, capsys, *argv, yesterday)
    assert rc == 2 and render("county.deadline_past", deadline=yesterday) in err
    rc, out, _err = _county(county_dir, capsys, *argv, date.today().isoformat(), "--json")
    assert rc == 0 and json.loads(out)["case_no"] == "C360731-%d-000001" % date.today().year  # the refused one took no number
