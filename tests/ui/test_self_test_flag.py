"""`zongzhi-desktop --self-test FILE`: the first window a start would show, reported as JSON, no clicks
(the packaged-build smoke test runs it). Run as a child process, as the installed build would be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from zongzhi_desktop import __version__
from zongzhi_desktop.models.migrate import head_revision


def self_test(home: Path, target: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ZONGZHI_KDF_PROFILE="test")
    return subprocess.run([sys.executable, "-m", "zongzhi_desktop.app", "--home", str(home), "--self-test", str(target)],
                          env=env, capture_output=True, text=True, timeout=120)


def test_no_store_reports_the_set_up_wizard_and_makes_nothing(tmp_path: Path) -> None:
    home, target = tmp_path / "fresh", tmp_path / "result.json"
    done = self_test(home, target)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == {
        "window": "setup", "version": __version__, "schema_head": head_revision()}
    assert not (home / "zongzhi.db").exists() and not (home / "accounts.json").exists()


def test_a_store_reports_the_login(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    done = self_test(home, target)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["window"] == "login"


def test_a_failure_exits_non_zero_with_the_reason_on_stderr(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "result.json"
    done = self_test(home, target)
    assert done.returncode != 0 and not target.exists()
    assert "self-test failed" in done.stderr and "no-such-folder" in done.stderr
