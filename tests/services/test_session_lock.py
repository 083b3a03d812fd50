"""Unlocking an idle-locked screen counts like a login, and the idle time stays between 5 and 60 minutes."""

from __future__ import annotations

import pytest

from zongzhi_desktop.errors import AuthError
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import session_lock

from tests_support import ADMIN, PASSWORD


def failed(paths: AppPaths) -> int:
    return AccountsFile.load(paths.accounts_file).users[ADMIN].failed_attempts


def test_wrong_passwords_are_saved_and_five_lock_the_account(paths: AppPaths) -> None:
    session_lock.unlock(paths, ADMIN, PASSWORD)
    with pytest.raises(AuthError) as wrong:
        session_lock.unlock(paths, ADMIN, "Wrong-2026")
    assert wrong.value.code == "auth.wrong_password_left" and failed(paths) == 1  # on disk, not only in memory
    session_lock.unlock(paths, ADMIN, PASSWORD)
    assert failed(paths) == 0  # a success clears the count
    for _ in range(4):
        with pytest.raises(AuthError):
            session_lock.unlock(paths, ADMIN, "Wrong-2026")
    with pytest.raises(AuthError) as locked:
        session_lock.unlock(paths, ADMIN, "Wrong-2026")
    assert locked.value.code == "auth.locked"
    with pytest.raises(AuthError) as still:
        session_lock.unlock(paths, ADMIN, PASSWORD)
    assert still.value.code == "auth.locked" and "锁定" in str(still.value)


def test_someone_else_cannot_unlock(paths: AppPaths) -> None:
    with pytest.raises(AuthError):
        session_lock.unlock(paths, "nobody", PASSWORD)


@pytest.mark.parametrize(("configured", "used"), [(15, 15), (0, 5), (-3, 5), (4, 5), (60, 60), (240, 60),
                                                  ("30", 30), (None, 15), ("soon", 15)])
def test_idle_minutes_are_clamped_to_5_to_60(configured: object, used: int) -> None:
    assert session_lock.idle_minutes(configured) == used
