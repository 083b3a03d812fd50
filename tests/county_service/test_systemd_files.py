"""packaging/systemd: units systemd accepts, hardened, stopping after the graceful timeout, and an env
example that sets only variables the server or the backup script read (and documents all of them)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zongzhi_county.service_config import DEFAULT_GRACE_SECONDS, ENV_VARS

PACKAGING = Path(__file__).resolve().parents[2] / "packaging" / "systemd"
UNITS = ("zongzhi-county.service", "zongzhi-county-backup.service", "zongzhi-county-backup.timer")
_LINE = re.compile(r"#?(ZONGZHI_COUNTY_[A-Z_]+)=(.*)")


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string((PACKAGING / name).read_text(encoding="utf-8"))
    return parser


def _example() -> dict[str, str]:
    """Variables the example sets (commented-out ones included, value "")."""
    found = {}
    for line in (PACKAGING / "county.env.example").read_text(encoding="utf-8").splitlines():
        match = _LINE.fullmatch(line)
        if match:
            found[match[1]] = "" if line.startswith("#") else match[2]
    return found


def _backup_script_vars() -> set[str]:
    return set(re.findall(r"\$\{(ZONGZHI_COUNTY_[A-Z_]+)", (PACKAGING / "zongzhi-county-backup").read_text()))


def test_the_service_unit_runs_serve_as_its_own_user_hardened() -> None:
    service = _unit("zongzhi-county.service")["Service"]
    assert service["User"] == "zongzhi" and service["EnvironmentFile"] == "/etc/zongzhi-county/county.env"
    assert service["ExecStart"] == "/opt/zongzhi-county/venv/bin/zongzhi-county serve"
    assert service["Restart"] == "on-failure" and service["RestartPreventExitStatus"] == "2"
    for key, value in (("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"),
                       ("PrivateTmp", "yes"), ("PrivateDevices", "yes"), ("CapabilityBoundingSet", "")):
        assert service[key] == value, key
    example = _example()
    assert set(service["ReadWritePaths"].split()) == {example["ZONGZHI_COUNTY_HOME"], example["ZONGZHI_COUNTY_LOG_DIR"]}
    grace = max(DEFAULT_GRACE_SECONDS, int(example["ZONGZHI_COUNTY_GRACEFUL_TIMEOUT"]))
    assert int(service["TimeoutStopSec"]) > grace  # systemd's SIGKILL never cuts a graceful stop short


def test_the_backup_unit_writes_only_where_the_example_puts_backups() -> None:
    service = _unit("zongzhi-county-backup.service")["Service"]
    example = _example()
    assert service["ReadWritePaths"].split() == [example["ZONGZHI_COUNTY_BACKUP_DIR"], example["ZONGZHI_COUNTY_HOME"]]
    assert service["User"] == "zongzhi" and service["EnvironmentFile"] == "/etc/zongzhi-county/county.env"
    timer = _unit("zongzhi-county-backup.timer")["Timer"]
    assert timer["Persistent"] == "true" and timer["OnCalendar"].startswith("*-*-*")


def test_the_env_example_sets_only_what_is_read_and_documents_all_of_it() -> None:
    example = _example()
    read = set(ENV_VARS) | _backup_script_vars()
    assert set(example) - read == set()  # a line the officer edits that nothing reads would be a trap
    assert set(ENV_VARS) - set(example) == set()
    for line in (PACKAGING / "county.env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):  # systemd and `. county.env` must read it the same way
            assert _LINE.fullmatch(line) and " " not in line and '"' not in line and "'" not in line, line


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    real = {"/opt/zongzhi-county/venv/bin/zongzhi-county": str(Path(sys.executable).with_name("zongzhi-county")),
            "/opt/zongzhi-county/bin/zongzhi-county-backup": str(PACKAGING / "zongzhi-county-backup")}
    for name in UNITS:  # verify wants the programs to exist: point at this checkout's
        text = (PACKAGING / name).read_text(encoding="utf-8")
        for installed, here in real.items():
            text = text.replace(installed, here)
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run([analyze, "verify", *(str(tmp_path / n) for n in UNITS)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr  # an unknown or misspelt key is only a warning there


def test_the_scripts_are_valid_shell() -> None:
    for name, shell in (("zongzhi-county-backup", "bash"), ("zongzhi-county-cli", "sh")):
        done = subprocess.run([shell, "-n", str(PACKAGING / name)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, (name, done.stderr)
        assert (PACKAGING / name).stat().st_mode & 0o111, f"{name} is not executable"
