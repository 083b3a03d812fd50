"""Attachment files travel by content hash: upload only what the county lacks, fetch what this PC lacks."""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import text

from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync.protocol import MAX_ATTACHMENT_BYTES, BlobMissing, BlobQuery
from zongzhi_desktop.sync.transport import Transport

log = logging.getLogger(__name__)


def _path(store: Store, sha256: str):  # type: ignore[no-untyped-def]
    return store.paths.attachments_dir / sha256[:2] / sha256


def _hashes(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT DISTINCT sha256 FROM attachments WHERE deleted_at IS NULL"))]


def upload_missing(store: Store, transport: Transport) -> int:
    """Send the files the county has not got (too-big ones stay local, with a log line)."""
    local = [h for h in _hashes(store) if _path(store, h).exists()]
    sent = 0
    for start in range(0, len(local), 500):
        answer = transport.post("/blobs/missing", BlobQuery(sha256=local[start:start + 500]), BlobMissing)
        for sha in answer.missing:
            data = _path(store, sha).read_bytes()
            if len(data) > MAX_ATTACHMENT_BYTES:
                log.warning("attachment %s is %d bytes: kept on this PC only", sha[:12], len(data))
                continue
            transport.put_bytes(f"/blobs/{sha}", data)
            sent += 1
    return sent


def download_missing(store: Store, transport: Transport) -> int:
    """Fetch files of attachments pulled from other PCs; a damaged download is refused, not saved."""
    fetched = 0
    for sha in _hashes(store):
        path = _path(store, sha)
        if path.exists():
            continue
        try:
            data = transport.get_bytes(f"/blobs/{sha}")
        except SyncError as exc:  # the county may not have it yet (too big, not uploaded)
            log.info("attachment %s not fetched: %s", sha[:12], exc)
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            log.warning("attachment %s arrived damaged; not saved", sha[:12])
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        fetched += 1
    return fetched
