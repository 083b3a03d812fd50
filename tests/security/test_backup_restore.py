"""Backup files carry the key wraps: a USB backup restores into an empty home with the recovery key alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop.cli import main
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.errors import AuthError, StoreError
from zongzhi_desktop.models.backup import MAGIC, read_header
from zongzhi_desktop.models.checksums import store_checksums
from zongzhi_desktop.models.restore import restore_backup
from zongzhi_desktop.models.store import Store, create_store, open_store
from zongzhi_desktop.paths import resolve_paths
from tests_support import ADMIN, PASSWORD
from security.support import files_holding, personal_data, plain_sqlite_files


@pytest.fixture
def filled(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = create_store(resolve_paths(tmp_path / "office"), township_code="360731100", township_name="贡江镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    build_demo(store, residents=200, seed=5, disputes=20)
    yield store
    store.close()


def _sums(store: Store) -> dict[str, list[object]]:
    with store.engine.connect() as conn:
        return {t: list(v) for t, v in store_checksums(conn).items()}


def _without(sums: dict[str, list[object]], table: str) -> dict[str, list[object]]:
    return {t: v for t, v in sums.items() if t != table}


def test_a_usb_backup_restores_into_an_empty_home_with_only_the_recovery_key(
        filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    recovery, expected, secrets = filled.new_recovery_key, _sums(filled), personal_data(filled)
    monkeypatch.setenv("ZONGZHI_USER", ADMIN)
    monkeypatch.setenv("ZONGZHI_PASSWORD", PASSWORD)
    usb = tmp_path / "usb"
    assert main(["--home", str(filled.paths.data_dir), "backup", "--to", str(usb)]) == 0
    (backup_file,) = usb.iterdir()
    assert backup_file.read_bytes().startswith(MAGIC)
    assert files_holding(usb, secrets) == {} and plain_sqlite_files(usb) == []
    # a new PC: nothing but the file and the recovery key (typed in lower case with spaces)
    new_home = tmp_path / "new-pc"
    monkeypatch.setenv("ZONGZHI_USER", "zhangke")
    monkeypatch.setenv("ZONGZHI_PASSWORD", "Brand-New-2027")
    typed = (recovery or "").lower().replace("-", " ")
    assert main(["--home", str(new_home), "restore", str(backup_file), "--recovery-key", typed]) == 0
    assert "已从备份恢复" in capsys.readouterr().out
    restored = open_store(resolve_paths(new_home), "zhangke", "Brand-New-2027")
    assert restored.actor.role == "admin"
    # the synced staff table gained the administrator the recovery key made; everything else is as backed up
    assert _without(_sums(restored), "staff_accounts") == _without(expected, "staff_accounts")
    restored.close()
    open_store(resolve_paths(new_home), ADMIN, PASSWORD).close()  # the wraps in the header came along
    assert files_holding(new_home, secrets) == {}


def test_restore_with_an_administrators_password_and_the_current_store_kept_aside(filled: Store, tmp_path: Path) -> None:
    backup_file = filled.back_up(tmp_path / "b.zzbak")
    expected = _sums(filled)
    with filled.write() as s:
        s.execute(text("DELETE FROM visits"))
    filled.close()
    paths = filled.paths
    result = restore_backup(paths, backup_file, username=ADMIN, password=PASSWORD)
    assert [p.parent for p in result.set_aside] == [paths.backup_dir, paths.backup_dir]
    store = open_store(paths, ADMIN, PASSWORD)
    assert _sums(store) == expected
    store.close()


def test_restore_checks_everything_before_replacing_anything(filled: Store, tmp_path: Path) -> None:
    backup_file = filled.back_up(tmp_path / "b.zzbak")
    filled.close()
    paths = filled.paths
    before = paths.store_file.read_bytes()
    with pytest.raises(AuthError):  # a wrong password, or a user who is no administrator
        restore_backup(paths, backup_file, username=ADMIN, password="Wrong-2026")
    damaged = tmp_path / "damaged.zzbak"
    data = bytearray(backup_file.read_bytes())
    data[-100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        restore_backup(paths, damaged, username=ADMIN, password=PASSWORD)
    assert info.value.code == "backup.damaged"
    with pytest.raises(StoreError) as info:
        restore_backup(paths, paths.accounts_file, username=ADMIN, password=PASSWORD)
    assert info.value.code == "backup.not_a_backup"
    header = read_header(backup_file)
    assert header.township_code == "360731100" and header.schema_revision
    assert "recovery" in header.accounts["keys"]
    assert paths.store_file.read_bytes() == before


def test_the_backup_header_names_no_one(filled: Store, tmp_path: Path) -> None:
    backup_file = filled.back_up(tmp_path / "b.zzbak")
    header = read_header(backup_file)
    raw = backup_file.read_bytes()[: header.offset].decode("utf-8", "replace")
    assert not [v for v in personal_data(filled) if v in raw]
    assert json.loads(raw[len(MAGIC) + 4:])["store_key_id"] == header.store_key_id
