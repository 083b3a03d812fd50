"""导出诊断信息: the zip has logs, versions and the check; it has no store, accounts, keys, backups or
attachments, and no person; it is made without a store too, on record when there is one; and
`zongzhi diagnostics` works even when the store will not open."""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop.cli import main
from zongzhi_desktop.errors import AuthError
from zongzhi_desktop.logs import setup_logging
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.diagnostics import AUDIT_ACTION, default_file_name, export_diagnostics
from zongzhi_desktop.sync import state

NAME, NUMBER, PHONE = "欧阳明月", "360102199001010018", "13907971234"
EXPECTED = {"README.txt", "versions.json", "check.json", "settings.json", "disk.json", "sync.json"}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def logged(paths: AppPaths) -> None:
    """A log with a line or two, and an exception that quotes a person (as a careless one might)."""
    setup_logging(paths.log_dir)
    log = logging.getLogger("zongzhi_desktop.services.residents")
    log.info("resident r-1 saved")
    try:
        raise ValueError(f"bad row {NAME} {NUMBER} {PHONE}")
    except ValueError:
        log.exception("import row 7 failed")
    for handler in logging.getLogger("zongzhi_desktop").handlers:
        handler.flush()


def plant_person(store: Store) -> None:
    with store.write() as s:
        s.add(grid := Grid(township_code="360731100", village_code="360731100001", code="01", name="长征网格"))
        s.flush()
        s.add(Resident(name=NAME, id_number=NUMBER, phone=PHONE, grid_id=grid.id, current_address="北门路8号"))
        state.put(s.connection(), last_error=f"县里拒绝了 {NAME} 的记录（{NUMBER}）", token="secret-token-xyz",
                  server_url="https://user:pw@county.example:8443/")


def test_the_zip_has_logs_versions_and_check_and_nothing_of_the_store(store: Store, paths: AppPaths,
                                                                      tmp_path: Path) -> None:
    logged(paths)
    paths.backup_dir.mkdir(exist_ok=True)
    (paths.backup_dir / "zongzhi-daily-1.zzbak").write_bytes(b"backup bytes")
    paths.attachments_dir.mkdir(exist_ok=True)
    (paths.attachments_dir / "ab12").write_bytes(b"sealed attachment")
    paths.settings_file.write_text(json.dumps({"language": "zh_CN", "last_user": "admin", "county_token": "t0k",
                                               "proxy_password": "pw"}), encoding="utf-8")

    result = export_diagnostics(paths, tmp_path / "out" / "diag", store=store, extra_versions={"qt": "6.x"})

    assert result.path == tmp_path / "out" / "diag.zip" and result.store_checked and result.problems == 0
    found = members(result.path)
    assert EXPECTED | {"logs/zongzhi.log"} == set(found) == set(result.entries)
    versions = json.loads(found["versions.json"])
    assert versions["zongzhi"] and versions["schema_revision"] == versions["schema_head"]
    assert versions["sqlite"] and versions["sqlcipher"] and versions["qt"] == "6.x"
    assert versions["packages"]["SQLAlchemy"]
    assert json.loads(found["check.json"]) == {"opened": True, "ok": True, "problems": []}
    settings = json.loads(found["settings.json"])
    assert settings == {"language": "zh_CN", "last_user": "admin", "county_token": "[removed]",
                        "proxy_password": "[removed]"}
    disk = json.loads(found["disk.json"])
    assert disk["free_bytes"] > 0 and disk["store_files"]["zongzhi.db"] > 0 and disk["store_encrypted"] is True
    assert disk["backups"] == {"files": 1, "bytes": 12} and disk["attachments"]["files"] == 1
    assert "resident r-1 saved" in found["logs/zongzhi.log"].decode()
    assert "README" in found["README.txt"].decode() or "诊断信息" in found["README.txt"].decode()
    # nothing of the store, the accounts file, keys, backups or attachments
    blob = b"\n".join(found.values())
    accounts = json.loads(paths.accounts_file.read_text(encoding="utf-8"))
    secrets = [v for v in json.dumps(accounts["keys"]).split('"')
               if len(v) >= 16 and not v[:4].isdigit()]  # key material, not the wraps' dates
    assert secrets and not [s for s in secrets if s.encode() in blob]
    assert b"backup bytes" not in blob and b"sealed attachment" not in blob and b"t0k" not in blob
    assert paths.store_file.read_bytes()[:4096] not in blob


def test_a_planted_resident_appears_nowhere_in_it(store: Store, paths: AppPaths, tmp_path: Path) -> None:
    plant_person(store)
    logged(paths)
    result = export_diagnostics(paths, tmp_path / "d.zip", store=store)
    found = members(result.path)
    for name, data in found.items():
        content = data.decode("utf-8")
        for value in (NAME, NUMBER, PHONE, "secret-token-xyz", "user:pw"):
            assert value not in content, (name, value)
    sync = json.loads(found["sync.json"])
    assert sync["device_id"] and sync["pending"] > 0 and sync["enrolled"] is True
    assert sync["server_url"] == "https://county.example:8443/" and "token" not in sync


def test_the_export_is_on_record(store: Store, paths: AppPaths, tmp_path: Path) -> None:
    result = export_diagnostics(paths, tmp_path / "d.zip", store=store)
    with store.read() as s:
        rows = s.execute(text("SELECT action, username, detail FROM audit_log")).all()
    assert [(r.action, r.username) for r in rows] == [(AUDIT_ACTION, "admin")]
    assert json.loads(rows[0].detail)["files"] == len(members(result.path))


def test_without_a_store_it_says_why_and_still_has_the_logs(paths: AppPaths, tmp_path: Path) -> None:
    logged(paths)
    result = export_diagnostics(paths, tmp_path / "d.zip", open_error=AuthError("auth.failed"))
    found = members(result.path)
    assert not result.store_checked and result.problems is None and "logs/zongzhi.log" in found
    check = json.loads(found["check.json"])
    assert check["opened"] is False and check["code"] == "auth.failed" and check["message"]
    assert json.loads(found["sync.json"]) == {"opened": False}
    assert "schema_revision" not in json.loads(found["versions.json"])


def test_the_default_file_name_says_township_and_time() -> None:
    from datetime import datetime

    assert default_file_name(datetime(2026, 11, 27, 7, 5), "360731100") == \
        "zongzhi-diagnostics-360731100-20261127-0705.zip"
    assert default_file_name(datetime(2026, 11, 27, 7, 5), "../x") == "zongzhi-diagnostics-20261127-0705.zip"


def test_the_cli_writes_it_logged_in(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnostics", "-o", str(tmp_path / "d.zip")]) == 0
    assert "已导出诊断信息" in capsys.readouterr().out
    assert json.loads(members(tmp_path / "d.zip")["check.json"])["opened"] is True


def test_the_cli_writes_it_when_the_store_will_not_open(cli_env: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (cli_env / "zongzhi.db").write_bytes(b"\0" * 8192)  # damaged beyond opening
    assert main(["diagnostics", "-o", str(tmp_path / "broken.zip")]) == 0
    out = capsys.readouterr()
    assert "数据库未能打开" in out.err and "已导出诊断信息" in out.out
    found = members(tmp_path / "broken.zip")
    assert json.loads(found["check.json"])["opened"] is False and "logs/zongzhi.log" in found

    monkeypatch.delenv("ZONGZHI_PASSWORD")
    monkeypatch.chdir(tmp_path)
    assert main(["diagnostics", "--no-login"]) == 0
    made = [p for p in tmp_path.glob("zongzhi-diagnostics-*.zip")]
    assert len(made) == 1 and "数据库未能打开" not in capsys.readouterr().err
