"""The dispute command-line contract: new, act, show, list, print, departments list — JSON shapes,
exit codes, Chinese messages, and the printed agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zongzhi_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, (json.loads(out) if out.strip().startswith(("{", "[")) else out)


@pytest.fixture
def department(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, _ = run(capsys, "departments", "add", "--name", "贡江镇人民调解委员会", "--kind", "人民调解委员会")
    assert code == 0
    code, listed = run(capsys, "departments", "list", "--json")
    assert code == 0 and listed[0]["name"] == "贡江镇人民调解委员会" and {"id", "code", "name"} <= listed[0].keys()
    return "贡江镇人民调解委员会"


def test_a_case_from_intake_to_closure_and_its_printed_agreement(
    cli_env: Path, department: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, created = run(capsys, "disputes", "new", "--title", "拖欠工资纠纷", "--category", "拖欠工资纠纷", "--channel", "来电",
                        "--party", "覃秀英", "--party-role", "申请人", "--party-id", "36070219951231004X",
                        "--party", "翟建国", "--party-role", "被申请人", "--json")
    assert code == 0 and created["status"] == "registered"
    case_no = created["case_no"]
    steps = [
        ["accept"], ["triage"], ["route", "--department", department, "--mediation-type", "人民调解"],
        ["checkin", "--department", department], ["record", "--note", "第一次调解"],
        ["resolve", "--agreement", "1. 翟建国于2026年12月31日前支付工资8000元；2. 覃秀英不再追究。"],
        ["verify", "--followup", "full", "--satisfaction", "满意"], ["close", "--closure-kind", "substantive"],
    ]
    for step in steps:
        code, result = run(capsys, "disputes", "act", case_no, *step, "--json")
        assert code == 0, step
    assert result["status"] == "closed"
    code, shown = run(capsys, "disputes", "show", case_no, "--json")
    assert shown["status"] == "closed" and shown["deadline"]
    assert [e["action"] for e in shown["events"]] == ["register"] + [s[0] for s in steps]
    assert all({"action", "actor", "at", "from", "to"} <= e.keys() for e in shown["events"])
    code, listed = run(capsys, "disputes", "list", "--status", "closed", "--json")
    assert [c["case_no"] for c in listed] == [case_no]
    pdf = tmp_path / "协议书.pdf"
    assert main(["disputes", "print", case_no, "--form", "agreement", "-o", str(pdf)]) == 0
    assert "已生成" in capsys.readouterr().out
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "人民调解协议书" in text and "覃秀英" in text and "36070219951231004X" in text and "8000" in text
    code, shown = run(capsys, "disputes", "show", case_no, "--json")
    assert shown["events"][-1]["action"] == "print"  # printing full identities is on record


def test_bad_input_exits_2_with_chinese_messages(cli_env: Path, department: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["disputes", "new", "--title", "x", "--category", "打架", "--channel", "来访", "--party", "张三"]) == 2
    assert "纠纷类别" in capsys.readouterr().err
    assert main(["disputes", "new", "--title", "x", "--category", "邻里纠纷", "--channel", "来访"]) == 2
    assert "当事人" in capsys.readouterr().err
    code, created = run(capsys, "disputes", "new", "--title", "x", "--category", "邻里纠纷", "--channel", "来访", "--party", "张三", "--json")
    assert main(["disputes", "act", created["case_no"], "close", "--closure-kind", "实质性办结"]) == 2
    assert "当前状态为“待受理”" in capsys.readouterr().err
    assert main(["disputes", "act", "no-such-case", "accept"]) == 2
    assert "找不到案件" in capsys.readouterr().err
    assert main(["disputes", "print", created["case_no"], "--form", "agreement", "-o", "/tmp/never.pdf"]) == 2
    assert "没有调解协议" in capsys.readouterr().err


def test_attachments_are_stored_by_content_and_listed(cli_env: Path, department: str, capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    code, created = run(capsys, "disputes", "new", "--title", "x", "--category", "邻里纠纷", "--channel", "来访", "--party", "张三", "--json")
    scan = tmp_path / "协议 扫描件.jpg"
    scan.write_bytes(b"\xff\xd8 fake jpeg " * 100)
    code, first = run(capsys, "disputes", "attach", created["case_no"], str(scan), "--kind", "agreement_scan", "--json")
    code, second = run(capsys, "disputes", "attach", created["case_no"], str(scan), "--json")
    assert code == 0 and first["sha256"] == second["sha256"]
    stored = [p for p in (cli_env / "attachments").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes().startswith(b"ZZSEALED")  # one sealed copy, however often attached
    assert b"fake jpeg" not in stored[0].read_bytes() and first["sha256"] not in str(stored[0])
    code, shown = run(capsys, "disputes", "show", created["case_no"], "--json")
    assert [a["filename"] for a in shown["attachments"]] == ["协议 扫描件.jpg"] * 2
    assert main(["disputes", "attach", created["case_no"], str(tmp_path / "missing.jpg")]) == 2
    assert capsys.readouterr().err.strip() == "无法读取附件 missing.jpg：文件不存在"
    assert main(["disputes", "attach", created["case_no"], str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == f"无法读取附件 {tmp_path.name}：这是一个文件夹，不是文件"


def test_assessment_and_screenings(cli_env: Path, department: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, created = run(capsys, "disputes", "new", "--title", "x", "--category", "邻里纠纷", "--channel", "来访", "--party", "张三", "--json")
    for step in (["accept"], ["route", "--department", department, "--mediation-type", "人民调解"], ["checkin", "--department", department]):
        assert main(["disputes", "act", created["case_no"], *step]) == 0
    capsys.readouterr()
    code, scores = run(capsys, "disputes", "assess", "--from", "2020-01-01", "--to", "2099-12-31", "--json")
    assert code == 0 and scores[0]["name"] == department
    assert scores[0]["received"] == 1 and scores[0]["checked_in_on_time"] == 1 and scores[0]["success_rate"] is None
    code, rec = run(capsys, "disputes", "screening", "--date", "2026-11-20", "--scope", "全镇集中排查", "--found", "4", "--json")
    assert code == 0 and rec["found_count"] == 4
    assert main(["disputes", "screening", "--date", "2026-13-01", "--scope", "x"]) == 2
