"""Files of a case — the scanned signed agreement, photos, recordings — stored once by content hash,
sealed (models/attachment_files.py), listed on the case, size-limited, and ready for sync to carry."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from zongzhi_desktop.errors import InputError, NotFound, StoreError, read_failure
from zongzhi_desktop.files import safe_filename, safe_to_open
from zongzhi_desktop.models import opened_copies, trail
from zongzhi_desktop.models.attachment_files import AttachmentFiles, SealBroken
from zongzhi_desktop.models.disputes import Attachment, Dispute
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import audit, permissions


# A phone video of a mediation session fits; a whole DVD does not. Files are read, hashed and sealed
# in memory (the tag is checked before any byte is released), which this limit keeps affordable.
MAX_BYTES = 50 * 1024 * 1024
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
        self._files = AttachmentFiles(store.paths.attachments_dir, store._key)  # keys derived, never kept raw

    def add(self, actor: Actor, case_no: str, source: Path, *, kind: str = "other", note: str | None = None) -> StoredFile:
        permissions.require(actor, "disputes.act")
        if kind not in KINDS:
            raise InputError("input.invalid_choice", field="附件类型", value=kind, choices="、".join(KINDS))
        name = _safe_name(source.name)
        try:
            size = source.stat().st_size
            if size <= MAX_BYTES:
                with open(source, "rb") as fh:
                    data = fh.read(MAX_BYTES + 1)  # bounded, should the file have grown since
                size = len(data)
        except OSError as exc:
            raise InputError("disputes.attachment_unreadable", name=name, reason=read_failure(exc)) from exc
        if size > MAX_BYTES:
            raise InputError("disputes.attachment_too_large", name=name, size_mb=round(size / 2**20, 1),
                             max_mb=MAX_BYTES // 2**20)
        digest = hashlib.sha256(data).hexdigest()
        if not self._files.intact(digest):  # new, or a damaged copy that adding the original repairs
            self._files.put(digest, data)  # a full disk here is the store's, said as such by the caller
        stored = self.path_of(digest)
        with self._store.write(actor) as s:
            case = s.scalar(select(Dispute).where(Dispute.case_no == case_no, Dispute.deleted_at.is_(None),
                                                  permissions.case_scope(actor)))
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

    def open_copy(self, actor: Actor, attachment_id: str) -> Path:
        """A decrypted copy for the system's viewer, in the private cache folder, under a name that
        can neither leave that folder nor run as a program (a synced `../x` or `run.bat`)."""
        permissions.require(actor, "disputes.read")
        with self._store.read() as s:
            row = s.scalar(select(Attachment).join(Dispute, Dispute.id == Attachment.dispute_id).where(
                Attachment.id == attachment_id, Attachment.deleted_at.is_(None),
                permissions.case_scope(actor)))
            if row is None:
                raise NotFound("notfound.record", what="附件", key=attachment_id)
            sha256, filename = row.sha256, row.filename
        try:
            data = self._files.read(sha256)
        except FileNotFoundError:
            raise InputError("disputes.attachment_missing", name=filename) from None
        except SealBroken:
            raise StoreError("disputes.attachment_damaged", name=filename) from None
        copy = opened_copies.write_copy(self._store.paths.cache_dir, safe_to_open(filename), data)
        # a scanned agreement shows the parties' full identity: opening one is a look at personal data
        audit.record_now(self._store, actor, "attachment.open", "attachments", attachment_id)
        return copy

    def path_of(self, sha256: str) -> Path:
        """Where the sealed file of `sha256` lives (its name is a keyed hash of `sha256`)."""
        return self._files.path_of(sha256)


def remove_opened_copies(paths: AppPaths) -> int:
    """Zero and remove the decrypted copies made for the viewer (at the app's exit and start)."""
    return opened_copies.remove_all(paths.cache_dir)


def _safe_name(name: str) -> str:
    """Keep what people recognise; drop path parts, hidden marks and names Windows refuses."""
    return safe_filename(name, fallback="附件")


