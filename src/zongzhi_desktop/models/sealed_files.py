"""The sealed-file format: one AES-256-GCM message per file, so a copied folder shows only noise.

Layout::

    b"ZZSEALED" (8 bytes) | format version (1 byte, now 1) | nonce (12 bytes) | ciphertext + tag (16 bytes)

The associated data is the magic and version followed by the caller's context (for an attachment:
the SHA-256 of its plaintext), so a changed header, a flipped bit or a file moved to another
attachment's name is refused. The whole file is sealed and opened in memory — the 50 MB attachment
limit bounds it — so the tag is checked before a single plaintext byte leaves this module: a
damaged file never yields a half-written copy. The size stays visible (plaintext + OVERHEAD bytes).
"""

from __future__ import annotations

from pathlib import Path

from zongzhi_desktop import crypto
from zongzhi_desktop.files import atomic_write

MAGIC = b"ZZSEALED"
VERSION = 1  # a national-algorithm (SM4) build would write 2 and keep opening 1
_HEAD = len(MAGIC) + 1
OVERHEAD = _HEAD + crypto.NONCE_BYTES + crypto.TAG_BYTES


class SealBroken(Exception):
    """Not a sealed file of a known version, or altered, or sealed under another key or context."""


def seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    head = MAGIC + bytes([VERSION])
    nonce, sealed = crypto.seal(key, plaintext, head + context.encode("utf-8"))
    return head + nonce + sealed


def unseal(key: bytes, data: bytes, context: str) -> bytes:
    if len(data) < OVERHEAD or data[: len(MAGIC)] != MAGIC:
        raise SealBroken("not a sealed file")
    if data[len(MAGIC)] != VERSION:
        raise SealBroken(f"unknown sealed-file version {data[len(MAGIC)]}")
    view = memoryview(data)  # no copy of a large ciphertext
    nonce, sealed = view[_HEAD:_HEAD + crypto.NONCE_BYTES], view[_HEAD + crypto.NONCE_BYTES:]
    try:
        return crypto.open_sealed(key, nonce, sealed, data[:_HEAD] + context.encode("utf-8"))
    except crypto.KeyMismatch as exc:
        raise SealBroken("altered, or sealed under another key or name") from exc


def write_sealed(path: Path, key: bytes, plaintext: bytes, context: str) -> None:
    """Seal into a temp file beside `path`, fsync, rename over it, fsync the folder (crash-safe)."""
    atomic_write(path, seal(key, plaintext, context))


def read_sealed(path: Path, key: bytes, context: str) -> bytes:
    return unseal(key, path.read_bytes(), context)


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC
