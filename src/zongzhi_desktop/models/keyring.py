"""The store key and its wraps in the accounts file: one wrap per user (password), one for the recovery key.

Layout of `AccountsFile.keys` (and of a backup header's `accounts.keys`)::

    {"format": 1, "cipher": "sqlcipher4-raw", "store_key_id": "<16 hex>",
     "users":    {"<username>": {"kdf": {"alg": "argon2id", "t", "m", "p", "salt"}, "alg": "AES-256-GCM",
                                  "nonce", "ct"}},
     "recovery": {"kdf": {"alg": "hmac-sha256", "salt"}, "alg": "AES-256-GCM", "nonce", "ct"},
     "recovery_created_at": "<ISO UTC>"}

Every wrap is bound (AES-GCM associated data) to the township code and its purpose, so a wrap copied
from another township's file does not open. The key itself is never written anywhere unwrapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from zongzhi_desktop import crypto
from zongzhi_desktop.errors import AuthError, StoreError

KEYS_FORMAT = 1
CIPHER = "sqlcipher4-raw"  # SQLCipher 4 defaults, keyed with the raw 256-bit key


@dataclass(frozen=True, repr=False)
class StoreKey:
    """The unwrapped store key, held in memory by an open Store only."""

    raw: bytes
    township_code: str

    @property
    def id(self) -> str:
        return crypto.key_id(self.raw)

    def __repr__(self) -> str:  # a traceback or log line never shows the key
        return f"StoreKey(id={self.id})"


def _aad(township_code: str, purpose: str) -> str:
    return f"zongzhi/store-key/v{KEYS_FORMAT}/{township_code}/{purpose}"


def has_store_key(keys: dict[str, Any]) -> bool:
    return bool(keys.get("store_key_id"))


def new_keys(township_code: str) -> tuple[StoreKey, dict[str, Any], str]:
    """A fresh random store key, its key section (recovery wrap only) and the recovery key to show once."""
    key = StoreKey(crypto.new_data_key(), township_code)
    keys: dict[str, Any] = {"format": KEYS_FORMAT, "cipher": CIPHER, "store_key_id": key.id, "users": {}}
    recovery = replace_recovery(keys, key)
    return key, keys, recovery


def replace_recovery(keys: dict[str, Any], key: StoreKey) -> str:
    """A new recovery key replaces the old one (whose wrap is dropped); returned to be shown once."""
    recovery = crypto.new_recovery_key()
    keys["recovery"] = crypto.wrap_with_secret(crypto.recovery_secret(recovery), key.raw,
                                               _aad(key.township_code, "recovery"), slow=False)
    keys["recovery_created_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return recovery


def grant(keys: dict[str, Any], username: str, password: str, key: StoreKey) -> None:
    """Wrap the key under `username`'s password (the caller has just set or checked that password)."""
    keys.setdefault("users", {})[username] = crypto.wrap_with_secret(password, key.raw,
                                                                     _aad(key.township_code, "user"))


def revoke(keys: dict[str, Any], username: str) -> None:
    keys.get("users", {}).pop(username, None)


def has_grant(keys: dict[str, Any], username: str) -> bool:
    return username in keys.get("users", {})


def unlock_with_password(keys: dict[str, Any], township_code: str, username: str, password: str) -> StoreKey:
    """The store key for a user whose password was already verified against their hash.

    No wrap (the user was added on another PC, or restored) or a wrap that the password does not
    open (set elsewhere) both mean: this PC has not granted the user the key yet.
    """
    wrapped = keys.get("users", {}).get(username)
    if wrapped is None:
        raise StoreError("keys.no_grant", user=username)
    try:
        raw = crypto.unwrap_with_secret(password, wrapped, _aad(township_code, "user"))
    except crypto.KeyMismatch:
        raise StoreError("keys.no_grant", user=username) from None
    return _checked(keys, raw, township_code)


def unlock_with_recovery(keys: dict[str, Any], township_code: str, recovery_key: str) -> StoreKey:
    """The store key from the township recovery key (format and typos are checked first)."""
    secret = crypto.recovery_secret(recovery_key)
    wrapped = keys.get("recovery")
    if wrapped is None:
        raise StoreError("keys.no_recovery")
    try:
        raw = crypto.unwrap_with_secret(secret, wrapped, _aad(township_code, "recovery"))
    except crypto.KeyMismatch:
        raise AuthError("keys.recovery_wrong") from None
    return _checked(keys, raw, township_code)


def _checked(keys: dict[str, Any], raw: bytes, township_code: str) -> StoreKey:
    key = StoreKey(raw, township_code)
    if key.id != keys.get("store_key_id"):
        raise StoreError("keys.mismatch")
    return key
