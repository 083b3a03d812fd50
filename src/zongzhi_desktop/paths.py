"""Where everything lives: platformdirs by default, one folder when `--home`/`ZONGZHI_HOME` is given."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from zongzhi_desktop.errors import StoreError

APP_NAME = "zongzhi"
APP_AUTHOR = "zongzhi"
HOME_ENV = "ZONGZHI_HOME"

# File systems on which SQLite's WAL (shared memory index, POSIX locks) is unsafe.
_NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "fuse.sshfs",
    "9p", "afs", "ncpfs", "davfs", "fuse.davfs2", "glusterfs", "fuse.glusterfs", "ceph", "fuse.rclone",
}


@dataclass(frozen=True)
class AppPaths:
    """Every location the application writes to."""

    data_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def store_file(self) -> Path:
        return self.data_dir / "zongzhi.db"

    @property
    def accounts_file(self) -> Path:
        return self.data_dir / "accounts.json"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def cache_dir(self) -> Path:
        """Short-lived files of this PC's user only (decrypted attachment copies for the viewer)."""
        return self.data_dir / "cache"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    def ensure(self) -> None:
        """Create the folders, refusing a data directory on a network drive."""
        refuse_network_drive(self.data_dir)
        for folder in (self.data_dir, self.log_dir, self.config_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resolve_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """`home` (from `--home`) beats `ZONGZHI_HOME`, which beats the platform's user folders."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=root, log_dir=root / "logs", config_dir=root)
    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
    return AppPaths(
        data_dir=dirs.user_data_path,
        log_dir=dirs.user_log_path,
        config_dir=dirs.user_config_path,
    )


def resources_dir() -> Path:
    """The shipped `resources/` folder (repo checkout or bundled copy)."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    if getattr(sys, "_MEIPASS", None):  # PyInstaller one-folder build
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    raise StoreError("store.resources_missing", path=str(here.parents[2] / "resources"))


def filesystem_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The Linux file-system type holding `path` (longest matching mount point), or None."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(_existing_ancestor(path))
    best, best_type = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def is_network_path(path: Path, mounts_file: Path = Path("/proc/mounts")) -> bool:
    """True for UNC paths, mapped network drives (Windows) and network file systems (Linux)."""
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
    fs_type = filesystem_type(path, mounts_file)
    return fs_type is not None and fs_type.lower() in _NETWORK_FS


def refuse_network_drive(path: Path, mounts_file: Path = Path("/proc/mounts")) -> None:
    if is_network_path(path, mounts_file):
        raise StoreError("store.network_drive", path=str(path))


def _existing_ancestor(path: Path) -> Path:
    """`path` with symlinks of its existing part resolved; the folders still to be made kept as typed."""
    path = path.expanduser().absolute()
    rest: list[str] = []
    while not path.exists() and path != path.parent:
        rest.insert(0, path.name)
        path = path.parent
    return path.resolve().joinpath(*rest)
