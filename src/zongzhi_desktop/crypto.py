"""Every cryptographic primitive the application uses, behind one small Qt-free, ORM-free module.

What lives here: random data keys; password-derived key-encryption keys (argon2id, parameters and
salt stored beside each wrap); AES-256-GCM key wrapping with associated data; the township recovery
key (Crockford base32 groups, each with a check character that catches any single typo); Ed25519
signing of sync packages, and sealing a package's content key to its recipient (X25519 converted from
the Ed25519 keys both sides already pin, HKDF-SHA256, AES-256-GCM); one-purpose keys derived from the store key (HKDF-SHA256), AES-256-GCM sealing of bytes (attachment
files, format in `models/sealed_files.py`) and keyed names (HMAC-SHA256, the attachment file names).

A county that must use the national algorithms (商用密码, 密评) swaps them here: SM4-GCM for
`wrap`/`unwrap` and `seal`/`open_sealed` (sealed files carry a format version byte: SM4 files get a
new version while AES ones stay readable), SM2 for `sign`/`verify`/`new_signing_key` (packages,
enrolment, the county's key) and for the package key agreement (SM2 key exchange in the X25519
section's place; packages carry a format version), SM3 in `derive_kek`'s place where a national KDF is required, in
`derive_key` (HKDF-SM3) and in `keyed_name` (HMAC-SM3: the attachment files then need renaming once,
at login, the way `models/attachment_files.py` seals old plain files). The wraps record their algorithm
(`alg`, `kdf.alg`), so old wraps stay readable while new ones use the new names. Outside this module
an SM3 swap also touches the SHA-256 hashes that are not secrets but integrity chains: the case
trail and audit hashes (`domain/trail_hash.py`), the row checksums (`models/checksums.py`), the
package payload hashes (`sync/packages.py`), the backup payload hash (`models/backup.py`) and the
attachments' content address (SHA-256 of the plaintext: `services/attachments.py`, `sync/blobs.py`
and the county's blob store, one change on both sides). The database cipher itself (SQLCipher:
AES-256-CBC + HMAC-SHA512) is chosen by the SQLCipher build; an SM4 build of SQLCipher exists
commercially and would be configured in `models/db.py`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zongzhi_desktop.errors import InputError

KEY_BYTES = 32
NONCE_BYTES = 12  # AES-GCM's 96-bit nonce, random per message: collisions stay negligible far past 2**32 files
TAG_BYTES = 16
WRAP_ALG = "AES-256-GCM"
_PROFILE_ENV = "ZONGZHI_KDF_PROFILE"  # "test": the same argon2id with cheap parameters
# Crockford's base32: no I, L, O, U, so nothing is misread aloud; I/L are read as 1 and O as 0.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_MISREAD = str.maketrans({"I": "1", "L": "1", "O": "0"})
RECOVERY_GROUPS = 7  # each group: 4 random characters (20 bits) + 1 check character -> 140 bits
_GROUP_DATA = 4


class KeyMismatch(Exception):
    """The key, password or recovery key does not open this wrap (or the wrap was altered)."""


class BadSignature(Exception):
    """The signature does not belong to the data and key."""


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def key_id(key: bytes) -> str:
    """A short public name for a key (which key opens which file), revealing nothing about it."""
    return hmac.new(key, b"zongzhi key id", hashlib.sha256).hexdigest()[:16]


# -- key-encryption keys ------------------------------------------------------------------------
def new_kdf_params() -> dict[str, Any]:
    """argon2id parameters for a new password wrap (RFC 9106 second choice: t=3, 64 MiB)."""
    cheap = os.environ.get(_PROFILE_ENV) == "test"
    return {"alg": "argon2id", "t": 1 if cheap else 3, "m": 8 * 1024 if cheap else 64 * 1024, "p": 1,
            "salt": _b64(secrets.token_bytes(16))}


def derive_kek(secret: str | bytes, params: dict[str, Any]) -> bytes:
    """The key-encryption key for a password (argon2id) or a recovery key (HKDF-like HMAC: it is
    already 140 random bits, so a slow function would add nothing)."""
    raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    salt = _unb64(params["salt"])
    if params["alg"] == "argon2id":
        return hash_secret_raw(raw, salt, time_cost=int(params["t"]), memory_cost=int(params["m"]),
                               parallelism=int(params["p"]), hash_len=KEY_BYTES, type=Type.ID)
    if params["alg"] == "hmac-sha256":
        return hmac.new(salt, raw, hashlib.sha256).digest()
    raise KeyMismatch(f"unknown kdf {params['alg']}")


# -- wrapping -----------------------------------------------------------------------------------
def wrap(kek: bytes, data_key: bytes, aad: str) -> dict[str, str]:
    """Encrypt `data_key` under `kek`; `aad` (e.g. township and purpose) must match to unwrap."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(kek).encrypt(nonce, data_key, aad.encode("utf-8"))
    return {"alg": WRAP_ALG, "nonce": _b64(nonce), "ct": _b64(sealed)}


def unwrap(kek: bytes, wrapped: dict[str, Any], aad: str) -> bytes:
    if wrapped.get("alg") != WRAP_ALG:
        raise KeyMismatch(f"unknown wrap {wrapped.get('alg')}")
    try:
        return AESGCM(kek).decrypt(_unb64(wrapped["nonce"]), _unb64(wrapped["ct"]), aad.encode("utf-8"))
    except (InvalidTag, ValueError, KeyError) as exc:
        raise KeyMismatch("wrong key or altered wrap") from exc


def wrap_with_secret(secret: str | bytes, data_key: bytes, aad: str, *, slow: bool = True) -> dict[str, Any]:
    """A wrap that carries its own KDF parameters and salt: {"kdf": {...}, "alg", "nonce", "ct"}."""
    params = new_kdf_params() if slow else {"alg": "hmac-sha256", "salt": _b64(secrets.token_bytes(16))}
    return {"kdf": params, **wrap(derive_kek(secret, params), data_key, aad)}


def unwrap_with_secret(secret: str | bytes, wrapped: dict[str, Any], aad: str) -> bytes:
    return unwrap(derive_kek(secret, wrapped["kdf"]), wrapped, aad)


# -- one key per purpose, sealing bytes, keyed names --------------------------------------------
def derive_key(master: bytes, purpose: str) -> bytes:
    """A key for `purpose` only (HKDF-SHA256, RFC 5869, the purpose label as `info`): the store key
    itself keys SQLCipher and nothing else, every other use gets its own key derived from it."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode("utf-8")).derive(master)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """AES-256-GCM under a fresh random nonce: (nonce, ciphertext with its 16-byte tag)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    """The plaintext, only once the tag proves key, nonce, ciphertext and `aad` all unchanged."""
    try:
        return AESGCM(key).decrypt(nonce, sealed, aad)
    except (InvalidTag, ValueError) as exc:
        raise KeyMismatch("wrong key or altered data") from exc


def keyed_name(key: bytes, text: str) -> str:
    """HMAC-SHA256 of `text` in hex: a name only the key holder can link back to `text`."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


# -- the recovery key ---------------------------------------------------------------------------
def new_recovery_key() -> str:
    """Seven groups like `7K3QD-M2XPA-...`: 140 random bits, each group ends in its own check."""
    groups = []
    for index in range(RECOVERY_GROUPS):
        data = "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_DATA))
        groups.append(data + _check_char(index, data))
    return "-".join(groups)


def normalize_recovery_key(typed: str) -> str:
    """Accept what people type: spaces, dashes, lower case, O for 0, I/L for 1. A typo in a group
    is caught by its check character and named (第 n 组), before any key is tried."""
    cleaned = "".join(ch for ch in typed.upper() if not ch.isspace() and ch not in "-_")
    cleaned = cleaned.translate(_MISREAD)
    size = RECOVERY_GROUPS * (_GROUP_DATA + 1)
    if len(cleaned) != size or any(ch not in _ALPHABET for ch in cleaned):
        raise InputError("keys.recovery_format", groups=RECOVERY_GROUPS)
    groups = [cleaned[i:i + _GROUP_DATA + 1] for i in range(0, size, _GROUP_DATA + 1)]
    for index, group in enumerate(groups):
        if _check_char(index, group[:_GROUP_DATA]) != group[-1]:
            raise InputError("keys.recovery_typo", group=index + 1, text=group)
    return "-".join(groups)


def recovery_secret(recovery_key: str) -> bytes:
    """The bytes a recovery key stands for (after normalising), fed to `derive_kek`."""
    return normalize_recovery_key(recovery_key).replace("-", "").encode("ascii")


def _check_char(index: int, data: str) -> str:
    """A weighted sum mod 32 with odd weights: odd numbers are invertible mod 32, so every single
    wrong character changes it (all caught); neighbours swapped are caught unless their values differ
    by exactly 16. The group's position is added in, so two whole groups swapped are caught too."""
    total = 7 * index + sum((2 * k + 1) * _ALPHABET.index(ch) for k, ch in enumerate(data))
    return _ALPHABET[total % 32]


# -- Ed25519 signatures (sync packages, enrolment files, the county's key) ----------------------------
@dataclass(frozen=True)
class SigningKey:
    """A private signing key, kept as PKCS#8 PEM text where it is stored."""

    pem: str

    @property
    def public_b64(self) -> str:
        raw = self._key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return _b64(raw)

    def sign(self, data: bytes) -> bytes:
        return self._key().sign(data)

    def _key(self) -> Ed25519PrivateKey:
        key = serialization.load_pem_private_key(self.pem.encode("ascii"), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise BadSignature("not an Ed25519 key")
        return key

    def __repr__(self) -> str:  # never print the private key into a log
        return f"SigningKey(public={self.public_b64})"


def new_signing_key() -> SigningKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode("ascii")
    return SigningKey(pem)


def is_public_key(public_b64: str) -> bool:
    try:
        return len(base64.b64decode(public_b64, validate=True)) == 32
    except ValueError:
        return False


def verify(public_b64: str, signature: bytes, data: bytes) -> None:
    """Raise BadSignature unless `signature` is the holder of `public_b64`'s over `data`."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64)).verify(signature, data)
    except (InvalidSignature, ValueError) as exc:
        raise BadSignature(str(exc)) from exc


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)


# -- sealing to a recipient's Ed25519 key (sync packages) -------------------------------------------
# Packages on a USB stick are encrypted to keys both sides already hold (the county key a device
# pinned at enrolment, each device's key the county stored), converted from Ed25519 to X25519 the way
# libsodium's crypto_sign_ed25519_{pk,sk}_to_curve25519 (and age, minisign-style tools) do, so no new
# key has to be exchanged. A content key is sealed by ephemeral X25519 + HKDF-SHA256 + AES-256-GCM.
# The national-algorithm swap for this part is SM2 key agreement (or SM2 encryption) + SM3 + SM4-GCM.
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey  # noqa: E402

SEAL_ALG = "X25519-HKDF-SHA256-AES-256-GCM"
_P25519 = 2**255 - 19
_D25519 = -121665 * pow(121666, -1, _P25519) % _P25519
# u-coordinates of the points of order 1, 2, 4 and 8: a "public key" there makes every shared secret
# one of a handful of known values (RFC 7748 §7); the identity (y = 1) has no u at all.
_SMALL_ORDER_U = frozenset({
    0, 1, _P25519 - 1,
    325606250916557431795983626356110631294008115727848805560023387167927233504,
    39382357235489614581723060781553021112529911719440698176882885853963445705823,
})


def x25519_public_from_ed25519(public_b64: str) -> bytes:
    """The X25519 public key (u = (1 + y) / (1 - y)) of an Ed25519 public key; refuses encodings that
    are not a point of the curve, and the identity and small-order points."""
    try:
        raw = base64.b64decode(public_b64, validate=True)
    except ValueError as exc:
        raise KeyMismatch("not an Ed25519 public key") from exc
    if len(raw) != KEY_BYTES:
        raise KeyMismatch("not an Ed25519 public key")
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)  # the top bit is the sign of x, not part of y
    if y >= _P25519 or y == 1 or not _is_edwards_y(y):
        raise KeyMismatch("not a usable Ed25519 public key")
    u = (1 + y) * pow(1 - y, -1, _P25519) % _P25519
    if u in _SMALL_ORDER_U:
        raise KeyMismatch("small-order public key")
    return u.to_bytes(KEY_BYTES, "little")


def x25519_private_from_ed25519(key: SigningKey) -> X25519PrivateKey:
    """The X25519 private key of an Ed25519 key: the first half of SHA-512 of its seed (the very scalar
    Ed25519 signs with; from_private_bytes clamps it)."""
    seed = key._key().private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
    return X25519PrivateKey.from_private_bytes(hashlib.sha512(seed).digest()[:KEY_BYTES])


def seal_key(recipient_public_b64: str, data_key: bytes, *, sender_public_b64: str, purpose: str) -> dict[str, str]:
    """Encrypt `data_key` so only the holder of the Ed25519 key `recipient_public_b64` can open it. The
    derived key binds both X25519 public keys, the sender's key and `purpose`, so a sealed key cannot
    be moved into a file of another sender or kind."""
    recipient = x25519_public_from_ed25519(recipient_public_b64)
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    kek = _seal_kek(shared, epk, recipient, sender_public_b64, purpose)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(kek).encrypt(nonce, data_key, purpose.encode("utf-8"))
    return {"alg": SEAL_ALG, "recipient": recipient_public_b64, "epk": _b64(epk), "nonce": _b64(nonce),
            "ct": _b64(sealed)}


def open_sealed_key(key: SigningKey, sealed: dict[str, Any], *, sender_public_b64: str, purpose: str) -> bytes:
    """The data key `seal_key` sealed to `key`; KeyMismatch if it was sealed to another key, by another
    sender, for another purpose, or altered."""
    if sealed.get("alg") != SEAL_ALG:
        raise KeyMismatch(f"unknown seal {sealed.get('alg')}")
    private = x25519_private_from_ed25519(key)
    recipient = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    try:
        epk = _unb64(sealed["epk"])
        shared = private.exchange(X25519PublicKey.from_public_bytes(epk))  # all-zero (small order): ValueError
        kek = _seal_kek(shared, epk, recipient, sender_public_b64, purpose)
        return AESGCM(kek).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["ct"]), purpose.encode("utf-8"))
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise KeyMismatch("not sealed to this key, or altered") from exc


def _is_edwards_y(y: int) -> bool:
    """Whether some x completes (x, y) on -x² + y² = 1 + d·x²·y²: x² = (y² - 1) / (d·y² + 1) is a square."""
    x2 = (y * y - 1) * pow(_D25519 * y * y + 1, -1, _P25519) % _P25519
    return x2 == 0 or pow(x2, (_P25519 - 1) // 2, _P25519) == 1


def _seal_kek(shared: bytes, epk: bytes, recipient: bytes, sender_public_b64: str, purpose: str) -> bytes:
    info = b"zongzhi seal v1\0" + purpose.encode("utf-8") + b"\0" + base64.b64decode(sender_public_b64)
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=epk + recipient, info=info).derive(shared)
