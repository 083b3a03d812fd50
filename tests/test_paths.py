"""Data locations: --home/ZONGZHI_HOME move everything; network drives are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.paths import filesystem_type, is_network_path, refuse_network_drive, resolve_paths


def test_home_moves_store_accounts_backups_logs_and_settings(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "h")
    for location in (paths.store_file, paths.accounts_file, paths.backup_dir, paths.log_dir, paths.settings_file):
        assert (tmp_path / "h") in location.parents


def test_env_variable_is_used_when_no_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONGZHI_HOME", str(tmp_path / "env"))
    assert resolve_paths().data_dir == (tmp_path / "env").resolve()
    assert resolve_paths(tmp_path / "flag").data_dir == (tmp_path / "flag").resolve()


def test_without_home_platform_folders_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZONGZHI_HOME")
    assert "zongzhi" in str(resolve_paths().data_dir)


def _mounts(tmp_path: Path, *lines: str) -> Path:
    f = tmp_path / "mounts"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_network_file_systems_are_refused(tmp_path: Path) -> None:
    mounts = _mounts(
        tmp_path,
        "/dev/vda / ext4 rw 0 0",
        f"//server/share {tmp_path}/share cifs rw 0 0",
        f"nas:/export {tmp_path}/nfs nfs4 rw 0 0",
    )
    assert filesystem_type(tmp_path / "share" / "zongzhi", mounts) == "cifs"
    assert is_network_path(tmp_path / "nfs" / "a" / "b", mounts)
    assert not is_network_path(tmp_path / "local", mounts)
    with pytest.raises(StoreError) as info:
        refuse_network_drive(tmp_path / "share" / "zongzhi", mounts)
    assert info.value.code == "store.network_drive" and "网络驱动器" in str(info.value)


def test_unc_paths_are_network_paths() -> None:
    assert is_network_path(Path("//fileserver/zongzhi"))
