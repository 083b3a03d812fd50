"""Change-sets as signed, encrypted files for a USB stick (sync.md §3.10): the format, shared with the county."""

# A package (format 2) is a ZIP of `manifest.json`, the payload members it lists, and `signature`
# (the sender's Ed25519 signature over the manifest's exact bytes). Each payload is gzip'd JSON
# encrypted with AES-256-GCM under a random content key (its own nonce, its member name as associated
# data); the content key is sealed to the recipient's key (`crypto.seal_key`: the county's key for a
# township's package, the device's key for the county's reply). The manifest lists every stored
# member's SHA-256 and size and carries the sealed key, so reading goes: bounded ZIP directory ->
# manifest -> signature -> recipient -> each member's size and hash -> unseal -> decrypt. An edit,
# a swapped member or a swapped sealed key is refused before anything is decrypted or applied.
# Format 1 (the same, in clear) is still read for sticks already in the field, never written.
# Enrolment files carry no payload (the county's public key, township, one-time code), so nothing
# is sealed: the device they are for does not have a key yet.
#
# Packages deliberately do NOT carry the store's wrapped keys, unlike backups (models/backup.py):
# they go to another trust domain (the county, and every stick and desk on the way), where the
# password-derived wraps would invite offline guessing of township passwords; and a store cannot
# be rebuilt from change-sets anyway, so the wraps would protect nothing a package could restore.

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from zongzhi_desktop import crypto
from zongzhi_desktop.crypto import SigningKey
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.sync import package_zip
from zongzhi_desktop.sync.package_zip import MAX_PACKAGE_BYTES, MAX_UNPACKED_BYTES

FORMAT = 2
READABLE_FORMATS = (1, 2)
_MANIFEST, _SIGNATURE = "manifest.json", "signature"


class Package:
    """An opened package: its manifest is readable at once (to know whose key to check it with);
    its payloads only after `verify` (the sender) and `unseal` (this recipient) have succeeded."""

    def __init__(self, path: Path, manifest: dict[str, Any], manifest_bytes: bytes, signature: bytes) -> None:
        self.path, self.manifest, self.manifest_bytes, self.signature = path, manifest, manifest_bytes, signature
        self._signer: str | None = None
        self._payloads: dict[str, bytes] | None = None

    def verify(self, signer_public_key_b64: str) -> None:
        """The signature over the manifest (which holds every payload's hash and the sealed key) is the signer's."""
        try:
            crypto.verify(signer_public_key_b64, self.signature, self.manifest_bytes)
        except crypto.BadSignature as exc:
            raise SyncError("sync.package_tampered", path=str(self.path)) from exc
        self._signer = signer_public_key_b64

    def unseal(self, recipient: SigningKey, *, not_for_me: str) -> None:
        """Check every member against the signed manifest, then decrypt them all, before any is used.
        A package sealed to another key is refused with `not_for_me` (wrong county, wrong device)."""
        if self._signer is None:
            raise RuntimeError("verify the sender before unsealing")  # a programming error, not bad input
        sealed = self.manifest.get("sealed_key")
        encrypted = self.manifest["format"] >= 2 and bool(self._listed())
        if encrypted and (not isinstance(sealed, dict) or sealed.get("recipient") != recipient.public_b64):
            raise SyncError(not_for_me, path=str(self.path))
        stored = self._read_members()
        if encrypted:
            try:
                content_key = crypto.open_sealed_key(recipient, sealed, sender_public_b64=self._signer,
                                                     purpose=_purpose(self.manifest))
                for name, blob in stored.items():  # one at a time, sliced without copying: one extra member in memory
                    view = memoryview(blob)
                    stored[name] = crypto.open_sealed(content_key, bytes(view[:crypto.NONCE_BYTES]),
                                                      view[crypto.NONCE_BYTES:], name.encode("utf-8"))
            except crypto.KeyMismatch as exc:  # signed by the sender, yet does not open: altered before signing
                raise SyncError("sync.package_tampered", path=str(self.path)) from exc
        self._payloads = stored

    def payload(self, name: str) -> Any:
        """A listed payload, decrypted, decompressed (within bounds) and parsed."""
        if self._payloads is None:
            raise RuntimeError("unseal the package before reading its payloads")
        if name not in self._payloads:  # signed, but not what this kind of package must hold
            raise SyncError("sync.package_damaged", path=str(self.path), reason=f"缺少 {name}")
        return json.loads(package_zip.gunzip(self._payloads[name], name, self.path).decode("utf-8"))

    def _listed(self) -> dict[str, dict[str, Any]]:
        """name -> {"sha256", "bytes"} of the stored members (format 1 lists the hash alone)."""
        files = self.manifest["files"]
        return {n: v if isinstance(v, dict) else {"sha256": v, "bytes": None} for n, v in files.items()}

    def _read_members(self) -> dict[str, bytes]:
        """Every listed member, each checked against its signed size before and its hash after reading."""
        listed, budget, members = self._listed(), MAX_UNPACKED_BYTES, {}
        try:
            with zipfile.ZipFile(self.path) as zf:
                package_zip.check_shape(zf, self.path)
                if set(zf.namelist()) != {_MANIFEST, _SIGNATURE, *listed}:
                    raise SyncError("sync.package_tampered", path=str(self.path))
                for name, entry in listed.items():
                    if entry["bytes"] is not None and zf.getinfo(name).file_size != entry["bytes"]:
                        raise SyncError("sync.package_tampered", path=str(self.path))
                    blob = package_zip.read_member(zf, name, self.path, budget)
                    budget -= len(blob)
                    if hashlib.sha256(blob).hexdigest() != entry["sha256"]:
                        raise SyncError("sync.package_tampered", path=str(self.path))
                    members[name] = blob
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            raise SyncError("sync.package_damaged", path=str(self.path), reason=type(exc).__name__) from exc
        return members


KIND_NAMES = {"township": "乡镇导出交县级的数据包", "county": "县级回执数据包", "enrolment": "县级注册文件"}


def require_kind(package: Package, wanted: str) -> None:
    """A package of another kind (a clerk picking the wrong file off the stick) is named for what it is."""
    found = package.manifest.get("kind")
    if found != wanted:
        raise SyncError("sync.package_wrong_kind", path=str(package.path),
                        found=KIND_NAMES.get(str(found), "无法识别的文件"), wanted=KIND_NAMES[wanted])


def private_key(pem: str) -> SigningKey:
    return SigningKey(pem)


def public_key_b64(key: SigningKey) -> str:
    return key.public_b64


def write_package(path: Path, manifest: dict[str, Any], files: dict[str, Any], key: SigningKey,
                  recipient_public_b64: str | None) -> None:
    """Write a format-2 package signed by `key`, its payloads sealed to `recipient_public_b64`;
    atomically: a temporary file, flushed to disk, then renamed over the target."""
    if files and not recipient_public_b64:
        raise ValueError("a package with payloads needs a recipient to encrypt them to")
    manifest = {**manifest, "format": FORMAT}
    blobs: dict[str, bytes] = {}
    if files:
        content_key = crypto.new_data_key()
        for name, value in files.items():
            nonce, sealed = crypto.seal(content_key, _encode(value), name.encode("utf-8"))
            blobs[name] = nonce + sealed
        manifest["sealed_key"] = crypto.seal_key(recipient_public_b64 or "", content_key,
                                                 sender_public_b64=key.public_b64, purpose=_purpose(manifest))
    manifest["files"] = {n: {"sha256": hashlib.sha256(b).hexdigest(), "bytes": len(b)}
                         for n, b in blobs.items()}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:  # encrypted bytes do not compress
        zf.writestr(_MANIFEST, manifest_bytes, zipfile.ZIP_DEFLATED)
        for name, blob in blobs.items():
            zf.writestr(name, blob)
        zf.writestr(_SIGNATURE, base64.b64encode(key.sign(manifest_bytes)))
    atomic_write(path, buffer.getvalue())  # no half package under the real name, no temp left by a failure


def read_package(path: Path) -> Package:
    """Open a package within bounds and read its manifest; the caller then checks who signed it
    (`Package.verify`) and opens it (`Package.unseal`) before reading any payload."""
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise package_zip.too_large(path, f"文件 {size // 2**20} MB", f"{MAX_PACKAGE_BYTES // 2**20} MB")
        with zipfile.ZipFile(path) as zf:
            package_zip.check_shape(zf, path)
            manifest_bytes = package_zip.read_member(zf, _MANIFEST, path, package_zip.MAX_MANIFEST_BYTES)
            signature = base64.b64decode(package_zip.read_member(zf, _SIGNATURE, path, package_zip.MAX_SIGNATURE_BYTES))
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except FileNotFoundError as exc:
        raise SyncError("sync.package_missing", path=str(path)) from exc
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise SyncError("sync.package_damaged", path=str(path), reason=type(exc).__name__) from exc
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE_FORMATS:
        version = manifest.get("format") if isinstance(manifest, dict) else "?"
        raise SyncError("sync.package_damaged", path=str(path), reason=f"格式版本 {version}")
    if not isinstance(manifest.get("files"), dict):
        raise SyncError("sync.package_damaged", path=str(path), reason="清单缺少文件列表")
    return Package(path, manifest, manifest_bytes, signature)


def _purpose(manifest: dict[str, Any]) -> str:
    """What a sealed key is for: a township's key cannot be moved into a reply, nor the other way."""
    return f"zongzhi sync package {manifest.get('kind')}"


def _encode(value: Any) -> bytes:
    return gzip.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), compresslevel=6)
