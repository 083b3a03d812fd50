"""Encryption at rest: nothing personal readable under the data directory, only the right key opens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop.cli import main
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.errors import AuthError, InputError, StoreError
from zongzhi_desktop.models.accounts import AccountsFile, spare_path
from zongzhi_desktop.models.db import DatabaseError, is_plain_sqlite, raw_connect
from zongzhi_desktop.models.store import create_store, open_store, open_store_with_recovery
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.settings import change_password, update_settings
from tests_support import ADMIN, PASSWORD
from security.support import files_holding, personal_data, plain_sqlite_files


@pytest.fixture
def demo_home(tmp_path: Path):  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    store = create_store(resolve_paths(home), township_code="360731100", township_name="贡江镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    build_demo(store, residents=300, seed=3, disputes=30)
    yield home, store
    store.close()


def test_no_name_or_id_number_in_any_file_under_the_home(demo_home, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    home, store = demo_home
    secrets = personal_data(store)
    store.back_up(store.paths.backup_dir / "manual.zzbak")
    update_settings(store.paths, last_user=ADMIN)
    change_password(store.paths, store.actor, PASSWORD, "Changed-2026", "Changed-2026")
    with store.write() as s:  # something in the WAL while the store is open
        s.execute(text("UPDATE residents SET notes = '走访' WHERE name = :n"), {"n": secrets[0]})
    monkeypatch.setenv("ZONGZHI_USER", ADMIN)
    monkeypatch.setenv("ZONGZHI_PASSWORD", "Changed-2026")
    assert main(["--home", str(home), "check", "--full"]) == 0  # logs, a second process's view
    capsys.readouterr()
    names = {p.name for p in home.rglob("*") if p.is_file()}
    assert {"zongzhi.db", "zongzhi.db-wal", "accounts.json", "accounts.json.spare", "settings.json", "manual.zzbak",
            "zongzhi.log"} <= names, names
    assert files_holding(home, secrets) == {}
    assert plain_sqlite_files(home) == []
    store.close()
    assert files_holding(home, secrets) == {}  # after the last close checkpointed the WAL too


def test_wrong_password_plain_sqlite_and_a_wrong_key_cannot_open(demo_home) -> None:
    home, store = demo_home
    store.close()
    paths = resolve_paths(home)
    with pytest.raises(AuthError):
        open_store(paths, ADMIN, "Wrong-2026")
    plain = sqlite3.connect(paths.store_file)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    with pytest.raises(DatabaseError, match="file is not a database"):
        raw_connect(paths.store_file, bytes(32))
    assert not is_plain_sqlite(paths.store_file)


def test_a_wrap_from_another_store_is_refused_in_chinese(demo_home, tmp_path: Path) -> None:
    home, store = demo_home
    store.close()
    other = create_store(resolve_paths(tmp_path / "other"), township_code="360731100", township_name="贡江镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    other.close()
    (home / "accounts.json").write_bytes((tmp_path / "other" / "accounts.json").read_bytes())
    spare_path(home / "accounts.json").unlink()
    with pytest.raises(StoreError) as info:
        open_store(resolve_paths(home), ADMIN, PASSWORD)
    assert info.value.code == "keys.wrong_key_for_file" and "密钥" in str(info.value)


def test_a_password_change_rewraps_the_key(demo_home) -> None:
    home, store = demo_home
    with store.read() as s:
        before = s.execute(text("SELECT count(*), max(name) FROM residents")).one()
    change_password(store.paths, store.actor, PASSWORD, "Other-2027", "Other-2027")
    store.close()
    paths = resolve_paths(home)
    with pytest.raises(AuthError):
        open_store(paths, ADMIN, PASSWORD)
    reopened = open_store(paths, ADMIN, "Other-2027")
    with reopened.read() as s:
        assert s.execute(text("SELECT count(*), max(name) FROM residents")).one() == before
    reopened.close()
    for copy in (paths.accounts_file, spare_path(paths.accounts_file)):  # the spare holds the new wrap too
        assert AccountsFile.load(copy).store_key(ADMIN, "Other-2027").raw


def test_the_recovery_key_opens_and_a_typo_is_named(demo_home) -> None:
    home, store = demo_home
    recovery = store.new_recovery_key
    assert recovery and len(recovery.split("-")) == 7
    store.close()
    paths = resolve_paths(home)
    groups = recovery.split("-")
    typo = groups[2][:4] + ("0" if groups[2][4] != "0" else "1")
    with pytest.raises(InputError) as info:
        open_store_with_recovery(paths, "-".join(groups[:2] + [typo] + groups[3:]), ADMIN, "Forgot-2027")
    assert info.value.code == "keys.recovery_typo" and "第 3 组" in str(info.value)
    with pytest.raises(InputError) as info:
        open_store_with_recovery(paths, recovery[:-6], ADMIN, "Forgot-2027")
    assert info.value.code == "keys.recovery_format"
    typed = " ".join(recovery.lower().split("-")).replace("0", "o")  # lower case, spaces, O for 0
    opened = open_store_with_recovery(paths, typed, ADMIN, "Forgot-2027")
    assert opened.new_recovery_key is None
    with opened.read() as s:
        assert s.execute(text("SELECT count(*) FROM residents")).scalar() == 300
    opened.close()
    open_store(paths, ADMIN, "Forgot-2027").close()  # the new password is the user's from now on


def test_a_recovery_key_of_another_township_store_is_refused(demo_home, tmp_path: Path) -> None:
    home, store = demo_home
    store.close()
    other = create_store(resolve_paths(tmp_path / "other"), township_code="360731100", township_name="贡江镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    other.close()
    with pytest.raises(AuthError) as info:
        open_store_with_recovery(resolve_paths(home), other.new_recovery_key or "", ADMIN, "Forgot-2027")
    assert info.value.code == "keys.recovery_wrong"
