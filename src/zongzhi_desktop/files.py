"""Writing files so that a power cut leaves either the old file or the new one, never half of one;
and file names from users or from sync made safe to use as a name in a folder."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Direction and zero-width marks: "协议\u202Efdp.exe" shows as "协议exe.pdf" but runs as a program.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"COM{i}" for i in range(10)),
                    *(f"LPT{i}" for i in range(10))}
# What Windows runs (or lets a script run) when the file is opened by double-click or by the
# system's "open" call: an attachment so named is opened as text instead.
EXECUTABLE_SUFFIXES = frozenset({
    ".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".cpl", ".dll", ".js", ".jse", ".vbs", ".vbe",
    ".wsf", ".wsh", ".ps1", ".psm1", ".hta", ".lnk", ".url", ".jar", ".reg", ".inf", ".scf", ".sh", ".appref-ms",
    ".application", ".gadget", ".msc", ".chm", ".iso", ".img", ".vhd", ".vhdx", ".library-ms", ".settingcontent-ms",
})
MAX_NAME = 200
# A temp file nobody has written to for this long belongs to a process that died mid-write (its
# writes keep the time fresh); an age rather than a process check, which Windows cannot do safely.
STALE_TEMP_SECONDS = 3600


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename over the target, fsync the folder."""
    _make_folder(path)
    _remove_stale_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)  # a full disk must not keep the half-written copy, taking the space
        _raise_as_target(exc, path)
        raise
    _sync_folder(path.parent)


def atomic_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target` the same way (streamed: attachments may be large)."""
    _make_folder(target)
    _remove_stale_temps(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if not (isinstance(exc, OSError) and exc.filename == str(source)):
            _raise_as_target(exc, target)
        raise
    _sync_folder(target.parent)


def _make_folder(target: Path) -> None:
    """The target's folder, made if missing; a failure names the target."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _raise_as_target(exc, target)
        raise


def _raise_as_target(exc: BaseException, target: Path) -> None:
    """An OSError of the hidden temp file or the rename, raised again naming the file the person
    chose (the same errno, so the same OSError subclass), so that the message names that file."""
    if isinstance(exc, OSError) and exc.errno is not None and exc.filename != str(target):
        raise OSError(exc.errno, exc.strerror, str(target)) from exc


def _remove_stale_temps(target: Path) -> None:
    """Temp files of earlier writes of `target` cut short by a crash: a report's or an export's
    hold personal data under a hidden name, and nothing else would ever remove them."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.\d+\.tmp")
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        siblings = [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]
        for stale in siblings:
            if stale.stat().st_mtime < cutoff:
                stale.unlink()
    except OSError:
        pass  # tidying up must never stop the write itself


def _sync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):  # makes the rename itself durable (POSIX; Windows has no such call)
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def safe_filename(name: str, fallback: str = "文件") -> str:
    """`name` as one harmless file name on Windows and Linux: no folder parts (either slash), no
    characters Windows refuses or hides, no device names (CON, NUL, COM1 …), no trailing dots or
    spaces, at most MAX_NAME characters with the extension kept."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = _FORBIDDEN.sub("_", _INVISIBLE.sub("", base)).strip(" .")
    if cleaned.split(".", 1)[0].upper().rstrip(" ") in _WINDOWS_DEVICES:
        cleaned = f"_{cleaned}"
    if len(cleaned) > MAX_NAME:
        keep = Path(cleaned).suffix[:20]
        cleaned = cleaned[:MAX_NAME - len(keep)] + keep
    return cleaned or fallback


def safe_to_open(name: str) -> str:
    """The name to give a copy that the system's viewer will open: a program or script (by its
    last extension) gets ".txt" added, so opening an attachment never runs it."""
    cleaned = safe_filename(name)
    return f"{cleaned}.txt" if Path(cleaned).suffix.lower() in EXECUTABLE_SUFFIXES else cleaned
