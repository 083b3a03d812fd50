"""Attachment files on this PC: sealed under a key derived from the store key, named by a keyed hash.

Attachments are addressed by the SHA-256 of their plaintext everywhere else (the database rows, the
county, the sync protocol). On disk a file is `attachments/<n[:2]>/<n>` with `n` the HMAC of that
hash under a name key: the bare hash of a photo names no one, but it would let anyone holding the
photo confirm that this PC has it; the keyed name does not. Files stored before encryption (plain,
named by the bare hash) are sealed at login by `seal_plain_files`, then zeroed and removed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from pathlib import Path

from zongzhi_desktop import crypto
from zongzhi_desktop.models import backup, sealed_files
from zongzhi_desktop.models.keyring import StoreKey
from zongzhi_desktop.models.sealed_files import SealBroken

log = logging.getLogger(__name__)

FILE_KEY_PURPOSE = "zongzhi/attachments/v1/file-key"
NAME_KEY_PURPOSE = "zongzhi/attachments/v1/file-name"
_HASH_NAME = re.compile(r"[0-9a-f]{64}")
# A temp file older than this is left by a crash (a write takes seconds); a younger one may be
# another process (the CLI beside the GUI) writing right now.
_STALE_TEMP_SECONDS = 3600

__all__ = ["AttachmentFiles", "SealBroken"]


class AttachmentFiles:
    """The attachment folder of one open store."""

    def __init__(self, root: Path, key: StoreKey) -> None:
        self.root = root
        self._file_key = crypto.derive_key(key.raw, FILE_KEY_PURPOSE)
        self._name_key = crypto.derive_key(key.raw, NAME_KEY_PURPOSE)

    def path_of(self, sha256: str) -> Path:
        name = crypto.keyed_name(self._name_key, sha256)
        return self.root / name[:2] / name

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).exists()

    def size(self, sha256: str) -> int:
        """The plaintext size, read from the file's length without opening it."""
        return self.path_of(sha256).stat().st_size - sealed_files.OVERHEAD

    def put(self, sha256: str, plaintext: bytes) -> Path:
        """Seal `plaintext` (whose SHA-256 the caller has computed) into its place, crash-safe."""
        path = self.path_of(sha256)
        sealed_files.write_sealed(path, self._file_key, plaintext, sha256)
        return path

    def read(self, sha256: str) -> bytes:
        """The plaintext; SealBroken if the file was altered, FileNotFoundError if it is not here."""
        return sealed_files.read_sealed(self.path_of(sha256), self._file_key, sha256)

    def intact(self, sha256: str) -> bool:
        try:
            return hashlib.sha256(self.read(sha256)).hexdigest() == sha256
        except (OSError, SealBroken):
            return False

    def seal_plain_files(self) -> int:
        """Seal every plain file left from before encryption; idempotent, run at every login.

        Per file: seal into a temp file, fsync, rename (`put`), check the sealed copy opens to the
        same bytes, and only then zero and remove the plain one. A crash between leaves both; the next
        run finds the sealed copy good and only removes the plain one.
        """
        if not self.root.is_dir():
            return 0
        sealed = 0
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and not p.is_symlink()):
            for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()):
                if path.name.startswith(".") and path.name.endswith(".tmp"):
                    _remove_stale_temp(path)
                    continue
                try:
                    if _HASH_NAME.fullmatch(path.name) and not sealed_files.is_sealed(path):
                        self._seal_plain(path)
                        sealed += 1
                except (OSError, SealBroken) as exc:  # one unreadable file must not lock the centre out
                    log.error("plain attachment %s not sealed yet (next login retries): %s", path.name[:12], exc)
        if sealed:
            log.info("sealed %d plain attachment file(s) from before encryption", sealed)
        return sealed

    def _seal_plain(self, plain: Path) -> None:
        sha256, data = plain.name, plain.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:  # kept as it was (sealed), so nothing is lost
            log.warning("plain attachment %s does not match its hash; sealed as found", sha256[:12])
        try:
            already = self.read(sha256) == data
        except (OSError, SealBroken):
            already = False
        if not already:
            self.put(sha256, data)
            if self.read(sha256) != data:
                raise SealBroken(f"sealed copy of {sha256[:12]} does not read back")
        backup.shred(plain)


def _remove_stale_temp(path: Path) -> None:
    """A crash's leftover: a half-sealed file, or a plain one from before encryption — zeroed either way."""
    try:
        if time.time() - path.stat().st_mtime > _STALE_TEMP_SECONDS:
            backup.shred(path)
    except OSError:
        pass
