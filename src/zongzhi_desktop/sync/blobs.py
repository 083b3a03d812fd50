"""Attachment files travel by content hash: upload only what the county lacks, fetch what this PC lacks.

The county gets and gives plaintext (TLS protects it on the way), addressed and checked by the
SHA-256 of the plaintext; on this PC every file is sealed (models/attachment_files.py): opened
when read for upload, sealed when a download is stored.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import text

from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.attachment_files import AttachmentFiles, SealBroken
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync.protocol import MAX_ATTACHMENT_BYTES, BlobMissing, BlobQuery
from zongzhi_desktop.sync.transport import Transport

log = logging.getLogger(__name__)


def _files(store: Store) -> AttachmentFiles:
    return AttachmentFiles(store.paths.attachments_dir, store._key)


def _hashes(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT DISTINCT sha256 FROM attachments WHERE deleted_at IS NULL"))]


def upload_missing(store: Store, transport: Transport) -> int:
    """Send the files the county has not got (too-big ones stay local, with a log line)."""
    files = _files(store)
    local = [h for h in _hashes(store) if files.has(h)]
    sent = 0
    for start in range(0, len(local), 500):
        answer = transport.post("/blobs/missing", BlobQuery(sha256=local[start:start + 500]), BlobMissing)
        for sha in answer.missing:
            size = files.size(sha)
            if size > MAX_ATTACHMENT_BYTES:
                log.warning("attachment %s is %d bytes: kept on this PC only", sha[:12], size)
                continue
            try:
                data = files.read(sha)
            except SealBroken:  # the county must not get a damaged file; the others still go
                log.warning("attachment %s is damaged on this PC: not sent", sha[:12])
                continue
            transport.put_bytes(f"/blobs/{sha}", data)
            sent += 1
    return sent


def download_missing(store: Store, transport: Transport) -> int:
    """Fetch files of attachments pulled from other PCs; a damaged download is refused, not saved."""
    files = _files(store)
    fetched = 0
    for sha in _hashes(store):
        if files.has(sha):
            continue
        try:
            data = transport.get_bytes(f"/blobs/{sha}")
        except SyncError as exc:  # the county may not have it yet (too big, not uploaded)
            log.info("attachment %s not fetched: %s", sha[:12], exc)
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            log.warning("attachment %s arrived damaged; not saved", sha[:12])
            continue
        files.put(sha, data)
        fetched += 1
    return fetched
