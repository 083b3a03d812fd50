"""Files of a case — the scanned signed agreement, photos, recordings — stored once by content hash
in the data folder, listed on the case, size-limited, and ready for sync to carry."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.files import atomic_copy
from zongzhi_desktop.models import trail
from zongzhi_desktop.models.disputes import Attachment, Dispute
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions


MAX_BYTES = 50 * 1024 * 1024  # a phone video of a mediation session fits; a whole DVD does not
KINDS = ("agreement_scan", "photo", "recording", "document", "other")


@dataclass(frozen=True)
class StoredFile:
    id: str
    sha256: str
    filename: str
    size: int
    path: Path


class AttachmentService:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._root = store.paths.attachments_dir

    def add(self, actor: Actor, case_no: str, source: Path, *, kind: str = "other", note: str | None = None) -> StoredFile:
        permissions.require(actor, "disputes.act")
        if kind not in KINDS:
            raise InputError("input.invalid_choice", field="附件类型", value=kind, choices="、".join(KINDS))
        name = _safe_name(source.name)
        try:
            size = source.stat().st_size
            if size > MAX_BYTES:
                raise InputError("disputes.attachment_too_large", name=name, size_mb=round(size / 2**20, 1),
                                 max_mb=MAX_BYTES // 2**20)
            digest = _sha256(source)
            stored = self.path_of(digest)
            if not stored.exists():
                atomic_copy(source, stored)
        except OSError as exc:
            raise InputError("disputes.attachment_unreadable", name=name, reason=exc.strerror or str(exc)) from exc
        with self._store.write(actor) as s:
            case = s.scalar(select(Dispute).where(Dispute.case_no == case_no, Dispute.deleted_at.is_(None),
                                                  permissions.grid_scope(actor, Dispute.grid_id)))
            if case is None:
                raise NotFound("notfound.record", what="案件", key=case_no)
            row = Attachment(dispute_id=case.id, sha256=digest, filename=name, size=size, kind=kind, note=note,
                             mime=mimetypes.guess_type(name)[0], created_by=actor.username, updated_by=actor.username)
            s.add(row)
            s.flush()
            trail.append(s.connection(), dispute_id=case.id, actor=actor.username, actor_name=actor.display_name,
                         action="attach", from_status=case.status, to_status=case.status,
                         data={"attachment": row.id, "filename": name, "sha256": digest})
            return StoredFile(row.id, digest, name, size, stored)

    def open_path(self, actor: Actor, attachment_id: str) -> Path:
        permissions.require(actor, "disputes.read")
        with self._store.read() as s:
            row = s.scalar(select(Attachment).join(Dispute, Dispute.id == Attachment.dispute_id).where(
                Attachment.id == attachment_id, Attachment.deleted_at.is_(None),
                permissions.grid_scope(actor, Dispute.grid_id)))
            if row is None:
                raise NotFound("notfound.record", what="附件", key=attachment_id)
            path = self.path_of(row.sha256)
            if not path.exists():
                raise InputError("disputes.attachment_missing", name=row.filename)
            return path

    def path_of(self, sha256: str) -> Path:
        return self._root / sha256[:2] / sha256


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_name(name: str) -> str:
    """Keep what people recognise; drop path parts and characters Windows refuses."""
    cleaned = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in os.path.basename(name)).strip(" .")
    return cleaned[:200] or "附件"


