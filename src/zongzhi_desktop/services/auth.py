"""Logging in for the GUI and scripts: the one door into the store, seen from the services layer."""

from __future__ import annotations

from zongzhi_desktop import crypto
from zongzhi_desktop.errors import AuthError, InputError
from zongzhi_desktop.models.accounts import check_password_strength
from zongzhi_desktop.models.checks import Problem, run_checks
from zongzhi_desktop.models.store import Actor, Store, open_store, open_store_with_recovery
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import audit

__all__ = ["Actor", "Problem", "Store", "check_recovery_key", "check_store", "confirms_last_group",
           "log_in", "log_in_with_recovery_key", "record_recovery", "township_name"]


def log_in(paths: AppPaths, username: str, password: str) -> Store:
    """Verify the user, then open (and if needed migrate) the store."""
    return open_store(paths, username, password)


def log_in_with_recovery_key(paths: AppPaths, username: str, recovery_key: str, new_password: str,
                             repeat: str) -> Store:
    """Forgotten password: the township recovery key gives `username` a new password (and clears a
    lock-out) and logs them in. Everything a person can get wrong is checked before anything is
    written, so a failure leaves the old password working."""
    if not username.strip():
        raise InputError("input.required", field="用户名")
    check_recovery_key(recovery_key)
    if new_password != repeat:
        raise InputError("auth.password_mismatch")
    check_password_strength(new_password)
    try:
        store = open_store_with_recovery(paths, recovery_key, username.strip(), new_password)
    except AuthError as exc:
        # raised only after the recovery key has opened the store, so naming the missing (or
        # disabled) account tells the holder of the township's master key nothing new
        if exc.code == "auth.failed":
            raise InputError("users.not_found", user=username.strip()) from None
        raise
    record_recovery(store)
    return store


def record_recovery(store: Store) -> None:
    """The master key was used to set a password: on record like any other change of who may log in."""
    audit.record_now(store, store.actor, "users.recover", "users", store.actor.username)


def check_recovery_key(typed: str) -> str:
    """The recovery key as typed, normalised (spaces, dashes, lower case, O/I/L read as 0/1); an
    InputError names the group with a typo."""
    return crypto.normalize_recovery_key(typed)


def confirms_last_group(recovery_key: str, typed: str) -> bool:
    """Whether `typed` is the key's last group, read the way the recovery form reads it (so a
    person who wrote an O for the 0 is not told they copied it wrong)."""
    groups = recovery_key.split("-")
    try:
        return crypto.normalize_recovery_key("-".join([*groups[:-1], typed])) == recovery_key
    except InputError:
        return False


def township_name(store: Store) -> str:
    return store.state("township_name") or ""


def check_store(store: Store, *, full: bool = False) -> list[Problem]:
    return run_checks(store.engine, full=full)
