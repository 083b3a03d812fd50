"""The accounts file beside the store: argon2id password hashes, roles, lock-out counters.

Written atomically (temp file, fsync, rename, fsync of the folder) with a spare copy of the
previous good version, so a power cut mid-write never leaves nobody able to log in. The wrapped
store keys live under "keys" (layout in `models/keyring.py`) and go through the same atomic write.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from zongzhi_desktop.errors import AuthError, InputError, StoreError
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.models import keyring
from zongzhi_desktop.models.keyring import StoreKey

FORMAT = 1
MAX_FAILED = 5
LOCK_MINUTES = 15
ROLES = ("admin", "staff", "grid_worker", "dept_handler", "leader")
# Tests set ZONGZHI_KDF_PROFILE=test: the same argon2id, cheap parameters (hashes record their own).
_PROFILE_ENV = "ZONGZHI_KDF_PROFILE"


def _hasher() -> PasswordHasher:
    if os.environ.get(_PROFILE_ENV) == "test":
        return PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    return PasswordHasher()  # argon2-cffi's RFC 9106 low-memory profile: argon2id, t=3, m=64 MiB


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    password_hash: str
    display_name: str = ""
    worker_id: str | None = None  # grid workers: their register entry, for scope
    department_id: str | None = None
    failed_attempts: int = 0
    locked_until: str | None = None  # ISO UTC
    disabled: bool = False
    created_at: str = ""


@dataclass
class AccountsFile:
    """The parsed file; `keys` is reserved for wrapped encryption keys."""

    users: dict[str, Account] = field(default_factory=dict)
    township_code: str | None = None
    keys: dict[str, Any] = field(default_factory=dict)
    # Usernames the synced staff table knows but this file does not (users added on another PC of the
    # township), so a login can say why it fails before the store is unlocked. Not secret: names only,
    # refreshed at every login (models/staff.py `settle`).
    known_elsewhere: list[str] = field(default_factory=list)
    recovered: bool = field(default=False, compare=False)  # read from the spare: the main file needs rewriting

    # -- persistence -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> AccountsFile:
        """Read the file, falling back to the spare copy when the main one is missing or damaged."""
        for candidate in (path, spare_path(path)):
            try:
                raw = json.loads(candidate.read_text(encoding="utf-8"))
                loaded = cls._from_json(raw)
                loaded.recovered = candidate != path
                return loaded
            except FileNotFoundError:
                continue
            except (ValueError, KeyError, TypeError):
                continue
        if path.exists() or spare_path(path).exists():
            raise StoreError("store.accounts_damaged", path=str(path))
        raise StoreError("store.no_accounts", path=str(path))

    @classmethod
    def _from_json(cls, raw: dict[str, Any]) -> AccountsFile:
        if raw.get("format") != FORMAT:
            raise ValueError("unknown accounts file format")
        users = {name: Account(**data) for name, data in raw["users"].items()}
        return cls(users=users, township_code=raw.get("township_code"), keys=raw.get("keys", {}),
                   known_elsewhere=list(raw.get("known_elsewhere", [])))

    @classmethod
    def from_payload(cls, raw: dict[str, Any]) -> AccountsFile:
        """The parsed form of `payload()` (a backup header carries it); ValueError when not one."""
        try:
            return cls._from_json(raw)
        except (KeyError, TypeError) as exc:
            raise ValueError("not an accounts payload") from exc

    def payload(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "township_code": self.township_code,
            "users": {name: asdict(acc) for name, acc in sorted(self.users.items())},
            "keys": self.keys,
            "known_elsewhere": self.known_elsewhere,
        }

    def save(self, path: Path) -> None:
        data = json.dumps(self.payload(), ensure_ascii=False, indent=1).encode("utf-8")
        if path.exists():  # keep the last good version as the spare before replacing it
            try:
                json.loads(path.read_text(encoding="utf-8"))
                atomic_write(spare_path(path), path.read_bytes())
            except ValueError:
                pass  # a damaged main file must not overwrite a good spare
        atomic_write(path, data)
        atomic_write(spare_path(path), data)

    # -- users -------------------------------------------------------------------------------
    def add_user(self, username: str, password: str, role: str, *, key: StoreKey | None = None,
                 **extra: Any) -> Account:
        """A new account; with `key` (the store key of a logged-in administrator) it can open the
        store on this PC at once."""
        username = username.strip()
        if not username:
            raise InputError("input.required", field="用户名")
        if role not in ROLES:
            raise InputError("input.invalid_choice", field="角色", value=role, choices="、".join(ROLES))
        if username in self.users:
            raise InputError("auth.user_exists", user=username)
        check_password_strength(password)
        account = Account(
            username=username,
            role=role,
            password_hash=_hasher().hash(password),
            created_at=_now().isoformat(),
            **extra,
        )
        self.users[username] = account
        if username in self.known_elsewhere:
            self.known_elsewhere.remove(username)
        if key is not None:
            keyring.grant(self.keys, username, password, key)
        return account

    def set_password(self, username: str, password: str, key: StoreKey | None = None) -> None:
        """A new password; the user's key wrap is re-made under it with `key`, or dropped without
        (a wrap the password no longer opens is useless, and an administrator grants it again)."""
        check_password_strength(password)
        self.users[username] = replace(self.users[username], password_hash=_hasher().hash(password),
                                       failed_attempts=0, locked_until=None)
        if key is not None:
            keyring.grant(self.keys, username, password, key)
        else:
            keyring.revoke(self.keys, username)

    def store_key(self, username: str, password: str) -> StoreKey:
        """Unwrap the store key for a user whose password `verify` has just accepted."""
        return keyring.unlock_with_password(self.keys, self.township_code or "", username, password)

    def verify(self, username: str, password: str, now: datetime | None = None) -> Account:
        """Check a login; counts failures and locks after MAX_FAILED. Caller saves the file."""
        now = now or _now()
        account = self.users.get(username)
        if account is None and username in self.known_elsewhere:
            # says the name exists, as the login of a known name already does by its lock-out
            # countdown; the store stays shut, and the way in goes through an administrator
            raise AuthError("auth.not_granted_here", user=username)
        if account is None:
            raise AuthError("auth.failed")
        if account.disabled:  # said only to the holder of the right password; no lock-out counting
            if _matches(account.password_hash, password):
                raise AuthError("auth.disabled")
            raise AuthError("auth.failed")
        if account.locked_until and datetime.fromisoformat(account.locked_until) > now:
            raise AuthError("auth.locked", minutes=_minutes_left(account.locked_until, now))
        try:
            _hasher().verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            failed = account.failed_attempts + 1
            locked = (now + timedelta(minutes=LOCK_MINUTES)).isoformat() if failed >= MAX_FAILED else None
            self.users[username] = replace(
                account, failed_attempts=0 if locked else failed, locked_until=locked
            )
            if locked:
                raise AuthError("auth.locked", minutes=LOCK_MINUTES) from None
            raise AuthError("auth.failed_left", left=MAX_FAILED - failed) from None
        if account.failed_attempts or account.locked_until:
            account = replace(account, failed_attempts=0, locked_until=None)
            self.users[username] = account
        return account


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str) -> None:
    """At least 8 characters mixing two of: letters, digits, other characters."""
    classes = sum(
        (
            any(ch.isalpha() for ch in password),
            any(ch.isdigit() for ch in password),
            any(not ch.isalnum() for ch in password),
        )
    )
    if len(password) < 8 or classes < 2:
        raise InputError("auth.weak_password")


def spare_path(path: Path) -> Path:
    return path.with_name(path.name + ".spare")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _minutes_left(locked_until: str, now: datetime) -> int:
    seconds = (datetime.fromisoformat(locked_until) - now).total_seconds()
    return max(1, int(seconds // 60) + 1)
