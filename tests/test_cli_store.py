"""`zongzhi init` and `zongzhi check`: exit codes, UTF-8 output, Chinese messages, login required."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zongzhi_desktop.cli import main
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.db import raw_connect
from tests_support import ADMIN, PASSWORD


def test_check_passes_on_a_new_store(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "problems": []}


def test_missing_triggers_are_rebuilt_at_login_and_reported(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = AccountsFile.load(cli_env / "accounts.json").store_key(ADMIN, PASSWORD)
    conn = raw_connect(cli_env / "zongzhi.db", key.raw)  # an SQLCipher shell, behind the app's back
    conn.execute("DROP TRIGGER zz_cap_residents_upd")
    conn.close()
    # logging in rebuilds them at once (capture must not stay off) and the check says it happened
    assert main(["check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [p["code"] for p in report["problems"]] == ["check.triggers_repaired"]
    assert "zz_cap_residents_upd" in report["problems"][0]["message"]
    # a full check that finds no edit that escaped capture closes the matter
    assert main(["check", "--json", "--full"]) == 0
    capsys.readouterr()
    assert main(["check", "--json"]) == 0


def test_commands_need_a_login(cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_PASSWORD", "wrong-pass-1")
    assert main(["check"]) == 2
    assert "密码错误" in capsys.readouterr().err
    monkeypatch.delenv("ZONGZHI_PASSWORD")
    assert main(["check"]) == 2  # no terminal to prompt on: a clear message, not a hang
    assert "ZONGZHI_PASSWORD" in capsys.readouterr().err


def test_init_refuses_an_existing_store_and_bad_codes(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--township-code", "360731100", "--township-name", "贡江镇", "--admin", "a"]) == 1
    assert "已经有数据库" in capsys.readouterr().err
    assert main(["--home", str(tmp_path / "n"), "init", "--township-code", "3607", "--township-name", "x", "--admin", "a"]) == 2
    assert "乡镇代码" in capsys.readouterr().err
    assert not (tmp_path / "n" / "zongzhi.db").exists()


def test_usage_errors_exit_2_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert "命令用法有误" in capsys.readouterr().err


def test_console_script_writes_utf8_whatever_the_locale(tmp_path: Path) -> None:
    env = dict(os.environ, ZONGZHI_PASSWORD=PASSWORD, PYTHONIOENCODING="latin-1", LANG="C")
    init = subprocess.run(
        [sys.executable, "-m", "zongzhi_desktop", "--home", str(tmp_path / "h"), "init",
         "--township-code", "360731100", "--township-name", "贡江镇", "--admin", ADMIN],
        env=env, capture_output=True, timeout=120,
    )
    assert init.returncode == 0, init.stderr.decode("utf-8", "replace")
    assert "贡江镇" in init.stdout.decode("utf-8")
