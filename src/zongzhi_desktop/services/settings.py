"""Per-PC settings (language, last user) in settings.json, and changing one's own password."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from zongzhi_desktop.errors import AuthError, InputError
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.models import keyring
from zongzhi_desktop.models.accounts import AccountsFile, check_password_strength
from zongzhi_desktop.models.store import Actor
from zongzhi_desktop.paths import AppPaths


@dataclass(frozen=True)
class Settings:
    language: str = "zh_CN"
    last_user: str = ""
    idle_lock_minutes: int = 15


def load_settings(paths: AppPaths) -> Settings:
    try:
        raw = json.loads(Path(paths.settings_file).read_text(encoding="utf-8"))
        known = {k: v for k, v in raw.items() if k in Settings.__dataclass_fields__}
        return Settings(**known)
    except (OSError, ValueError, TypeError):
        return Settings()  # missing or damaged settings never stop anyone from working


def save_settings(paths: AppPaths, settings: Settings) -> None:
    atomic_write(paths.settings_file, json.dumps(asdict(settings), ensure_ascii=False, indent=1).encode("utf-8"))


def update_settings(paths: AppPaths, **changes: object) -> Settings:
    settings = replace(load_settings(paths), **changes)
    save_settings(paths, settings)
    return settings


def change_password(paths: AppPaths, actor: Actor, old: str, new: str, repeat: str) -> None:
    """The acting user's own password; the old one must be right, the new one strong and typed twice.
    The store key's wrap for this user is re-made under the new password in the same atomic save."""
    if new != repeat:
        raise InputError("auth.password_mismatch")
    check_password_strength(new)
    accounts = AccountsFile.load(paths.accounts_file)
    try:
        accounts.verify(actor.username, old)
    except AuthError:
        accounts.save(paths.accounts_file)  # the failed attempt counts towards lock-out
        raise
    # the old password unwraps the store key, the new one wraps it again: the PC stays openable
    # (a user who never had a wrap here keeps having none: an administrator grants it)
    key = accounts.store_key(actor.username, old) if keyring.has_grant(accounts.keys, actor.username) else None
    accounts.set_password(actor.username, new, key)
    accounts.save(paths.accounts_file)
