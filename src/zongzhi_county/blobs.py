"""Attachment files at the county, stored once by content hash and visible per township: a
township sees a file only after one of its own PCs has uploaded it (proof it holds the file)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from zongzhi_county.errors import CountyError
from zongzhi_county.schema import blob_holders, blobs
from zongzhi_county.sql import insert_ignore
from zongzhi_county.store import now_text

_HEX = frozenset("0123456789abcdef")


def blob_path(blob_dir: Path, sha256: str) -> Path:
    """Where a file lives; anything but 64 lowercase hex digits is refused (no path tricks)."""
    if len(sha256) != 64 or not _HEX.issuperset(sha256):
        raise CountyError("sync.blob_mismatch", status=400)
    return blob_dir / sha256[:2] / sha256


def store(engine: Engine, blob_dir: Path, sha256: str, data: bytes, township: str) -> None:
    path = blob_path(blob_dir, sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise CountyError("sync.blob_mismatch", status=400)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{sha256}.{township}.part")  # one writer per township at a time
        tmp.write_bytes(data)
        tmp.replace(path)
    with engine.begin() as conn:
        insert_ignore(conn, blobs, {"sha256": sha256, "size": len(data), "township_code": township,
                                    "stored_at": now_text()})
        insert_ignore(conn, blob_holders, {"sha256": sha256, "township_code": township, "stored_at": now_text()})


def missing(engine: Engine, blob_dir: Path, hashes: list[str], township: str) -> list[str]:
    """Which of `hashes` this township has not uploaded: another township's copy does not count, so
    the answer says nothing about other townships' files."""
    for sha in hashes:
        blob_path(blob_dir, sha)
    with engine.connect() as conn:
        held = _held_among(conn, hashes, township)
    return [sha for sha in hashes if sha not in held or not blob_path(blob_dir, sha).exists()]


def read(engine: Engine, blob_dir: Path, sha256: str, township: str) -> bytes:
    path = blob_path(blob_dir, sha256)
    with engine.connect() as conn:
        visible = bool(_held_among(conn, [sha256], township))
    if not visible or not path.exists():  # the same answer for "not yours" and "not here"
        raise CountyError("sync.blob_mismatch", status=404)
    return path.read_bytes()


def _held_among(conn: Connection, hashes: list[str], township: str) -> set[str]:
    if not hashes:
        return set()
    # blobs.township_code is the first uploader, recorded before blob_holders existed
    first = select(blobs.c.sha256).where(blobs.c.township_code == township, blobs.c.sha256.in_(hashes))
    later = select(blob_holders.c.sha256).where(blob_holders.c.township_code == township,
                                                blob_holders.c.sha256.in_(hashes))
    return {r[0] for r in conn.execute(first.union(later))}
