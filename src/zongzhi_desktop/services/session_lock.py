"""Unlocking an idle-locked screen: the same user's password, counted towards lock-out like a login."""

from __future__ import annotations

from zongzhi_desktop.errors import AuthError
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.paths import AppPaths


_LOGIN_WORDING = {"auth.failed": "auth.wrong_password", "auth.failed_left": "auth.wrong_password_left"}


def unlock(paths: AppPaths, username: str, password: str) -> None:
    """Verify `username`'s password or raise AuthError; a failure is saved at once, so five wrong
    tries lock the account exactly as five wrong logins do (and closing the program does not reset
    the count). A success clears the counter."""
    accounts = AccountsFile.load(paths.accounts_file)
    before = accounts.users.get(username)
    try:
        accounts.verify(username, password)
    except AuthError as exc:
        accounts.save(paths.accounts_file)
        # the lock screen asks for a password only: "用户名或密码错误" would blame a name nobody typed
        if exc.code in _LOGIN_WORDING:
            raise AuthError(_LOGIN_WORDING[exc.code], **exc.params) from None
        raise
    if accounts.users.get(username) != before:  # failures were cleared: remember that
        accounts.save(paths.accounts_file)


# The screen always locks after a while: no "never" (等保 2.0 asks for session locking), at most an hour.
IDLE_MINUTES_MIN, IDLE_MINUTES_MAX, IDLE_MINUTES_DEFAULT = 5, 60, 15


def idle_minutes(configured: object) -> int:
    """The idle time to use for a configured value: clamped to 5–60 minutes, default for nonsense."""
    try:
        minutes = int(configured)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return IDLE_MINUTES_DEFAULT
    return min(IDLE_MINUTES_MAX, max(IDLE_MINUTES_MIN, minutes))
