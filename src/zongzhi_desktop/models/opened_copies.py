"""Decrypted attachment copies for the system's viewer: a private folder, emptied at exit and at start.

The viewer is another program and needs a plain file, so while it is open a plain copy exists —
that is in the threat model (whoever sits at the unlocked PC may see the attachment anyway). The
copies live under `<home>/cache/opened/`, not the shared temp folder where other accounts could
list them or plant a name first: every folder is made 0700 (on Windows the home's folder rights
in the user's profile do that work), every copy 0600, each in its own random folder so two files of
the same name never meet, under a name the caller made safe (`files.safe_to_open`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from zongzhi_desktop.models import backup

_FOLDER = "opened"
_PRIVATE_DIR = 0o700
_PRIVATE_FILE = 0o600
# O_EXCL: never write through a file or link someone placed there before us
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def write_copy(cache_dir: Path, safe_name: str, data: bytes) -> Path:
    """`data` as `<cache>/opened/<random>/<safe_name>`, readable by this account only."""
    folder = _private_dir(_private_dir(_private_dir(cache_dir) / _FOLDER) / secrets.token_hex(8))
    target = folder / safe_name
    if target.parent != folder:  # a name with folder parts was not made safe
        raise ValueError(f"unsafe name {safe_name!r}")
    fd = os.open(target, _CREATE, _PRIVATE_FILE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return target


def remove_all(cache_dir: Path) -> int:
    """Zero and remove every copy; one still held open by a viewer (Windows refuses) waits for next time."""
    root = cache_dir / _FOLDER
    if not root.is_dir():
        return 0
    removed = 0
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):  # files before folders
        try:
            if path.is_symlink():  # never zero what a link points at
                path.unlink()
            elif path.is_dir():
                path.rmdir()
            else:
                backup.shred(path)
                removed += 1
        except OSError:
            continue
    return removed


def _private_dir(folder: Path) -> Path:
    folder.mkdir(mode=_PRIVATE_DIR, exist_ok=True)
    os.chmod(folder, _PRIVATE_DIR)  # also when it existed with wider rights; umask cannot widen it
    return folder
