"""The accounts file: argon2id hashes, lock-out, atomic writes with a spare copy."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from zongzhi_desktop.errors import AuthError, InputError, StoreError
from zongzhi_desktop.models.accounts import AccountsFile, spare_path
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import AppPaths
from tests_support import ADMIN, PASSWORD


def test_password_is_stored_only_as_an_argon2id_hash(paths: AppPaths) -> None:
    text = paths.accounts_file.read_text(encoding="utf-8")
    assert "$argon2id$" in text and PASSWORD not in text


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(paths: AppPaths) -> None:
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthError) as info:
            open_store(paths, ADMIN, "wrong-1234")
        assert info.value.params == {"left": left}
    with pytest.raises(AuthError) as info:
        open_store(paths, ADMIN, "wrong-1234")
    assert info.value.code == "auth.locked"
    with pytest.raises(AuthError) as info:  # even the right password waits
        open_store(paths, ADMIN, PASSWORD)
    assert info.value.code == "auth.locked"
    accounts = AccountsFile.load(paths.accounts_file)
    later = datetime.now(timezone.utc) + timedelta(minutes=16)
    assert accounts.verify(ADMIN, PASSWORD, now=later).failed_attempts == 0


def test_unknown_user_and_wrong_password_look_the_same(paths: AppPaths) -> None:
    with pytest.raises(AuthError) as info:
        open_store(paths, "nobody", PASSWORD)
    assert info.value.code == "auth.failed"


def test_weak_passwords_are_refused(tmp_path: Path) -> None:
    accounts = AccountsFile()
    for weak in ("short1", "abcdefghij", "1234567890"):
        with pytest.raises(InputError):
            accounts.add_user("u", weak, "staff")
    with pytest.raises(InputError):
        accounts.add_user("u", "Good-pass1", "superuser")


def test_a_damaged_main_file_falls_back_to_the_spare(paths: AppPaths) -> None:
    paths.accounts_file.write_text('{"format": 1, "users": {"adm', encoding="utf-8")  # torn write
    open_store(paths, ADMIN, PASSWORD).close()  # the spare holds the key wraps too: the store opens
    accounts = AccountsFile.load(paths.accounts_file)
    assert accounts.users[ADMIN].role == "admin" and accounts.keys["store_key_id"]


def test_the_key_is_stored_only_wrapped(paths: AppPaths) -> None:
    store = open_store(paths, ADMIN, PASSWORD)
    key = store._key.raw
    store.close()
    accounts = AccountsFile.load(paths.accounts_file)
    assert set(accounts.keys["users"]) == {ADMIN} and "recovery" in accounts.keys
    for copy in (paths.accounts_file, spare_path(paths.accounts_file)):
        data = copy.read_bytes()
        assert key not in data and key.hex().encode() not in data and key.hex().upper().encode() not in data
        assert base64.b64encode(key) not in data


def test_both_copies_damaged_is_a_clear_error(paths: AppPaths) -> None:
    paths.accounts_file.write_text("garbage", encoding="utf-8")
    spare_path(paths.accounts_file).write_text("garbage", encoding="utf-8")
    with pytest.raises(StoreError) as info:
        open_store(paths, ADMIN, PASSWORD)
    assert info.value.code == "store.accounts_damaged"


def test_save_leaves_no_temporary_files(tmp_path: Path) -> None:
    accounts = AccountsFile(township_code="360731100")
    accounts.add_user("clerk", "Clerk-2026", "staff")
    target = tmp_path / "accounts.json"
    accounts.save(target)
    accounts.save(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.json", "accounts.json.spare"]
    assert AccountsFile.load(target).users["clerk"].role == "staff"
