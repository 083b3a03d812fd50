"""Change-sets as signed files for a USB stick (sync.md §3.10): the format, shared with the county.

A package is a ZIP holding `manifest.json`, the payload files it lists with their SHA-256, and
`signature` (Ed25519 over the manifest's exact bytes). Nothing inside is trusted before the
signature and every listed hash check out; a truncated or edited file fails one or the other.
Plain data and cryptography only: the county server reads and writes the same files.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from zongzhi_desktop.errors import SyncError

FORMAT = 1
MAX_PACKAGE_BYTES = 512 * 1024 * 1024
_MANIFEST, _SIGNATURE = "manifest.json", "signature"


@dataclass(frozen=True)
class Package:
    path: Path
    manifest: dict[str, Any]
    files: dict[str, bytes]
    manifest_bytes: bytes
    signature: bytes

    def payload(self, name: str) -> Any:
        """A listed payload file, decompressed and parsed."""
        return json.loads(gzip.decompress(self.files[name]).decode("utf-8"))

    def verify(self, signer_public_key_b64: str) -> None:
        """The signature over the manifest (which holds every payload's hash) is the signer's."""
        try:
            Ed25519PublicKey.from_public_bytes(base64.b64decode(signer_public_key_b64)).verify(
                self.signature, self.manifest_bytes)
        except (InvalidSignature, ValueError) as exc:
            raise SyncError("sync.package_tampered", path=str(self.path)) from exc


def private_key(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def public_key_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def write_package(path: Path, manifest: dict[str, Any], files: dict[str, Any], key: Ed25519PrivateKey) -> None:
    """Write atomically: a temporary file, flushed to disk, then renamed over the target."""
    blobs = {name: _encode(value) for name, value in files.items()}  # every payload: gzip'd JSON
    manifest = {**manifest, "format": FORMAT, "files": {n: hashlib.sha256(b).hexdigest() for n, b in blobs.items()}}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_MANIFEST, manifest_bytes)
        for name, blob in blobs.items():
            zf.writestr(name, blob)
        zf.writestr(_SIGNATURE, base64.b64encode(key.sign(manifest_bytes)))
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(buffer.getvalue())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_package(path: Path) -> Package:
    """Open a package and check its structure and payload hashes; the caller then checks who signed
    it with `Package.verify` (it must read the manifest first to know whose key to use)."""
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise SyncError("sync.package_damaged", path=str(path), reason="文件过大")
        with zipfile.ZipFile(path) as zf:
            manifest_bytes = zf.read(_MANIFEST)
            signature = base64.b64decode(zf.read(_SIGNATURE))
            manifest = json.loads(manifest_bytes.decode("utf-8"))
            files = {name: zf.read(name) for name in manifest.get("files", {})}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise SyncError("sync.package_damaged", path=str(path), reason=type(exc).__name__) from exc
    if manifest.get("format") != FORMAT:
        raise SyncError("sync.package_damaged", path=str(path), reason=f"格式版本 {manifest.get('format')}")
    for name, digest in manifest["files"].items():
        if hashlib.sha256(files[name]).hexdigest() != digest:
            raise SyncError("sync.package_tampered", path=str(path))
    return Package(path, manifest, files, manifest_bytes, signature)


def _encode(value: Any) -> bytes:
    return gzip.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), compresslevel=6)
