"""The `report monthly` command-line contract: the workbook, draft → submitted, 更正 revisions, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from zongzhi_desktop import cli_commands
from zongzhi_desktop.cli import main
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.domain import messages
from zongzhi_desktop.domain.messages import reports
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import resolve_paths

from tests_support import ADMIN, PASSWORD


@pytest.fixture
def demo_cli(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if "report_cmds" not in cli_commands._MODULES:  # until the command is listed there
        monkeypatch.setattr(cli_commands, "_MODULES", (*cli_commands._MODULES, "report_cmds"))
    for code, template in reports.TEXTS.items():  # until "reports" is in the message topics
        monkeypatch.setitem(messages.CATALOGUE, code, template)
    store = open_store(resolve_paths(cli_env), ADMIN, PASSWORD)
    build_demo(store, residents=300, disputes=120, seed=5)
    store.close()
    return cli_env


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    out = captured.out
    return code, (json.loads(out) if out.strip().startswith("{") else out), captured.err


def _last_month() -> str:
    from datetime import date, timedelta

    return (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def test_draft_submit_and_correction(demo_cli: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    month, out = _last_month(), tmp_path / "report.xlsx"
    code, draft, _ = run(capsys, "report", "monthly", "--month", month, "-o", str(out), "--json")
    assert code == 0 and draft["revision"] == 1 and draft["status"] == "draft"
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("排查化解情况").to_python()
    total = next(r for r in rows if r[0] == "合计")
    assert total[2] == draft["figures"]["total"]["month"]["new"]
    code, text, _ = run(capsys, "report", "monthly", "--month", month, "-o", str(out), "--submit")
    assert code == 0 and "已上报" in text and "第1版" in text
    code, again, _ = run(capsys, "report", "monthly", "--month", month, "-o", str(out), "--json")
    assert code == 0 and (again["revision"], again["status"], again["note"]) == (2, "draft", "更正")


def test_bad_month_is_a_usage_error(demo_cli: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "report", "monthly", "--month", "2026/10", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and err.strip()
    assert not (tmp_path / "x.xlsx").exists()


def test_full_id_numbers_only_on_request(demo_cli: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    month = _last_month()
    masked, full = tmp_path / "m.xlsx", tmp_path / "f.xlsx"
    assert run(capsys, "report", "monthly", "--month", month, "-o", str(masked))[0] == 0
    assert run(capsys, "report", "monthly", "--month", month, "-o", str(full), "--full-id-numbers")[0] == 0
    parties = lambda p: [r[7] for r in CalamineWorkbook.from_path(str(p)).get_sheet_by_name("台账").to_python()[4:] if isinstance(r[7], str) and r[7]]  # noqa: E731
    assert parties(masked) and all("**********" in p for p in parties(masked) if "（" in p)
    assert not any("**********" in p for p in parties(full))
