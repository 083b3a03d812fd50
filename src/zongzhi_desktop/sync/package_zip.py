"""Reading a package's ZIP within fixed bounds, so a crafted file cannot exhaust memory or disk."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from zongzhi_desktop.errors import SyncError

_MB = 2**20
MAX_PACKAGE_BYTES = 512 * _MB  # the file on the stick
# Payloads are gzip'd (and, from format 2, encrypted), so ZIP's own deflate gains nothing: an honest
# package unpacks to about its own size. Anything declaring more is refused before a byte is inflated.
MAX_UNPACKED_BYTES = 512 * _MB
MAX_MEMBERS = 16  # manifest, signature and a handful of payloads
MAX_MANIFEST_BYTES = 1 * _MB
MAX_SIGNATURE_BYTES = 1024
# What one payload's gzip'd JSON may expand to. sync.md §3.11 puts 50k ops at ~15 MB of JSON, so a
# whole township's baseline of several hundred thousand changes fits; parsing it needs a few GB of
# memory, which a county server has. A gzip bomb stops here after inflating only this much.
MAX_PAYLOAD_JSON_BYTES = 512 * _MB
_CHUNK = _MB


def check_shape(zf: zipfile.ZipFile, path: Path) -> None:
    """Refuse on the central directory alone: too many members, duplicate names, or more declared
    bytes than any honest package holds. Nothing is inflated yet."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise too_large(path, f"{len(infos)} 个成员", f"{MAX_MEMBERS} 个")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):  # zipfile would silently read only the last of two same-named members
        raise SyncError("sync.package_damaged", path=str(path), reason="成员重名")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED_BYTES:
        raise too_large(path, f"解压后 {declared // _MB} MB", f"{MAX_UNPACKED_BYTES // _MB} MB")


def read_member(zf: zipfile.ZipFile, name: str, path: Path, limit: int) -> bytes:
    """One member, counted as it inflates: more than `limit` or than its declared size is refused
    (a member that lies about its size also fails its CRC, which zipfile reports as damage)."""
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise too_large(path, f"{name} {_size(info.file_size)}", _size(limit))
    chunks, size = [], 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if size > min(limit, info.file_size):
                    raise too_large(path, f"{name} 解压后超过声明的大小", _size(limit))
                chunks.append(chunk)
    # what zipfile raises for a damaged deflate stream, a flipped compression method or encryption flag
    except (zlib.error, NotImplementedError, RuntimeError) as exc:
        raise SyncError("sync.package_damaged", path=str(path), reason=f"{name}: {type(exc).__name__}") from exc
    return b"".join(chunks)


def gunzip(blob: bytes, name: str, path: Path) -> bytes:
    """A payload's gzip stream inflated to at most MAX_PAYLOAD_JSON_BYTES."""
    inflater = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
    try:
        data = inflater.decompress(blob, MAX_PAYLOAD_JSON_BYTES + 1)
    except zlib.error as exc:
        raise SyncError("sync.package_damaged", path=str(path), reason=f"{name}: {exc}") from exc
    if len(data) > MAX_PAYLOAD_JSON_BYTES:
        raise too_large(path, f"{name} 解压后的内容过大", _size(MAX_PAYLOAD_JSON_BYTES))
    if not inflater.eof:
        raise SyncError("sync.package_damaged", path=str(path), reason=f"{name}: 压缩数据不完整")
    return data


def too_large(path: Path, what: str, limit: str) -> SyncError:
    return SyncError("sync.package_too_large", path=str(path), what=what, limit=limit)


def _size(count: int) -> str:
    return f"{count // _MB} MB" if count >= _MB else f"{count} 字节"
