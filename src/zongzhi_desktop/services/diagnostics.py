"""导出诊断信息: one zip for the county helpdesk — logs, versions, `check`, settings, disk and sync state,
never the register itself, the accounts file, keys, backups or attachments."""

from __future__ import annotations

import errno
import io
import json
import locale
import logging
import platform
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import text

from zongzhi_desktop import __version__
from zongzhi_desktop.errors import ZongzhiError
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.logs import log_files, scrub, scrub_numbers
from zongzhi_desktop.models import migrate
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.db import is_plain_sqlite
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.paths import AppPaths, filesystem_type, is_network_path
from zongzhi_desktop.services import audit

log = logging.getLogger(__name__)
AUDIT_ACTION = "diagnostics.export"
_SECRET_KEY = re.compile(r"token|password|passwd|secret|key|cookie|credential", re.IGNORECASE)
_SYNC_KEYS = ("device_id", "device_no", "township_code", "server_url", "server_epoch", "pull_cursor",
              "acked_local_seq", "clock_offset_ms", "last_ok_at", "last_error", "enrolled_at")
_PACKAGES = ("SQLAlchemy", "alembic", "sqlcipher3", "PySide6", "PySide6-Essentials", "shiboken6", "openpyxl", "XlsxWriter", "python-calamine",
             "argon2-cffi", "cryptography", "pypinyin", "platformdirs", "httpx", "reportlab", "fpdf2")
_RECENT_SYNC_RUNS = 10

README = """综治中心 诊断信息包
====================

本压缩包由“导出诊断信息”生成，供县综治中心技术支持人员排查问题。

包内文件：
  README.txt      本说明
  versions.json   程序、Python、Qt、SQLAlchemy、SQLite/SQLCipher 版本，数据库结构版本，操作系统和区域设置
  check.json      数据库自检（与 zongzhi check --json 相同）的结果；数据库未能打开时写明原因
  settings.json   本机设置（已去掉一切密码、令牌和密钥）
  disk.json       数据文件夹所在磁盘的剩余空间，数据库、备份、附件和日志的文件大小（只有大小）
  sync.json       同步状态摘要：设备编号、上次同步时间、待上传条数、最近几次同步的结果（不含令牌和密钥）
  logs/           程序日志（只记编号、数量和错误类型，不记姓名、身份证号和电话）

包内没有：数据库本身、账户文件、密钥、恢复密钥、备份、附件，也没有任何居民或当事人的姓名、
身份证号、电话。日志在写入和打包时都再次遮盖了形似身份证号和手机号的数字。

生成时间：{when}
"""


@dataclass(frozen=True)
class DiagnosticsResult:
    path: Path
    size: int
    entries: tuple[str, ...]
    store_checked: bool
    problems: int | None  # what `check` found; None when the store was not open


def default_file_name(now: datetime | None = None, township_code: str | None = None) -> str:
    """zongzhi-diagnostics-360731100-20261127-0712.zip: which township and when, no person's name."""
    now = now or datetime.now()
    middle = f"-{township_code}" if township_code and township_code.isdigit() else ""
    return f"zongzhi-diagnostics{middle}-{now:%Y%m%d-%H%M}.zip"


def export_diagnostics(paths: AppPaths, target: Path, *, store: Store | None = None,
                       open_error: BaseException | None = None,
                       extra_versions: dict[str, str] | None = None) -> DiagnosticsResult:
    """Write the zip to `target` atomically. `store` (when the person could log in) adds the check and
    the sync state; without it (login window, a store that will not open) `open_error` says why."""
    target = Path(target).expanduser()
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    problems = run_checks(store.engine) if store is not None else None
    parts: dict[str, bytes] = {
        "README.txt": README.format(when=datetime.now().astimezone().isoformat(timespec="seconds")).encode("utf-8"),
        "versions.json": _json(versions(store, extra_versions)),
        "check.json": _json(_check(problems, open_error)),
        "settings.json": _json(settings_without_secrets(paths)),
        "disk.json": _json(disk_summary(paths)),
        "sync.json": _json(sync_summary(store) if store is not None else {"opened": False}),
    }
    for path in log_files(paths.log_dir):
        parts[f"logs/{path.name}"] = _clean_log(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    if store is not None:  # on record before the file appears, like every export
        audit.record_now(store, store.actor, AUDIT_ACTION,
                         detail={"files": len(parts), "logs": sum(n.startswith("logs/") for n in parts)})
    try:
        atomic_write(target, buffer.getvalue())
    except OSError as exc:  # a full USB stick, a read-only folder: said in Chinese, nothing half-written
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ZongzhiError("store.disk_full") from exc
        raise ZongzhiError("file.not_writable", path=str(target)) from exc
    result = DiagnosticsResult(target, target.stat().st_size, tuple(parts), store is not None,
                               None if problems is None else len(problems))
    log.info("diagnostics exported: %d files, %d bytes, store %s", len(parts), result.size,
             "checked" if store is not None else "not opened")
    return result


def versions(store: Store | None, extra: dict[str, str] | None = None) -> dict[str, Any]:
    """Program, libraries, SQLite/SQLCipher, schema revision, operating system and locale."""
    found: dict[str, Any] = {
        "zongzhi": __version__,
        "python": sys.version.split()[0],
        "python_build": platform.python_implementation() + " " + " ".join(platform.python_build()),
        "os": platform.platform(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "locale": ".".join(filter(None, locale.getlocale())) or "-",
        "encoding": locale.getpreferredencoding(False),
        "filesystem_encoding": sys.getfilesystemencoding(),
        "timezone": datetime.now().astimezone().strftime("%Z %z"),
        "schema_head": migrate.head_revision(),
        "packages": {name: _package_version(name) for name in _PACKAGES},
    }
    found.update(_sqlite_versions())
    if store is not None:
        with store.engine.connect() as conn:
            found["schema_revision"] = migrate.current_revision(conn)
    found.update(extra or {})
    return found


def settings_without_secrets(paths: AppPaths) -> dict[str, Any]:
    """settings.json as it is on disk, minus anything that looks like a secret."""
    try:
        raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"present": False}
    except (OSError, ValueError) as exc:
        return {"present": True, "readable": False, "error": type(exc).__name__}
    if not isinstance(raw, dict):
        return {"present": True, "readable": False, "error": "not an object"}
    return {k: "[removed]" if _SECRET_KEY.search(str(k)) else v for k, v in raw.items()}


def disk_summary(paths: AppPaths) -> dict[str, Any]:
    """Free space, the sizes of the store's files, backups, attachments and logs (sizes only)."""
    data = paths.data_dir
    summary: dict[str, Any] = {
        "data_dir": _without_home(data), "log_dir": _without_home(paths.log_dir),
        "filesystem": filesystem_type(data), "network_drive": is_network_path(data),
    }
    try:
        usage = shutil.disk_usage(data)
        summary.update(free_bytes=usage.free, total_bytes=usage.total)
    except OSError as exc:
        summary["disk_usage_error"] = type(exc).__name__
    store_file = paths.store_file
    summary["store_files"] = {p.name: _size(p) for p in (store_file, Path(f"{store_file}-wal"),
                                                          Path(f"{store_file}-shm"), paths.accounts_file)}
    summary["store_encrypted"] = store_file.exists() and not is_plain_sqlite(store_file)
    for key, folder in (("backups", paths.backup_dir), ("attachments", paths.attachments_dir),
                        ("logs", paths.log_dir)):
        files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
        summary[key] = {"files": len(files), "bytes": sum(_size(p) or 0 for p in files)}
    return summary


def sync_summary(store: Store) -> dict[str, Any]:
    """Device, marks, pending changes and the last sync runs; no token, key or county key."""
    with store.read() as s:
        state = {k: v for k, v in s.execute(text("SELECT key, value FROM sync_state"))}
        pending = s.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar_one()
        conflicts = s.execute(text("SELECT count(*) FROM sync_conflicts WHERE status != 'resolved'")).scalar_one()
        runs = s.execute(text(
            "SELECT started_at, finished_at, ok, pushed, pulled, conflicts, rejected, message FROM sync_runs "
            "ORDER BY id DESC LIMIT :n"), {"n": _RECENT_SYNC_RUNS}).mappings().all()
    summary: dict[str, Any] = {k: state.get(k) for k in _SYNC_KEYS}
    if summary["server_url"]:  # a user:password@ in the address is a secret too
        summary["server_url"] = re.sub(r"//[^/@]*@", "//", summary["server_url"])
    summary["enrolled"] = bool(state.get("server_url") and state.get("token"))
    summary["pending"] = int(pending)
    summary["open_conflicts"] = int(conflicts)
    # what the county answered may quote a row: its text is hidden like a log line's
    summary["last_error"] = scrub(summary["last_error"]) if summary["last_error"] else None
    summary["recent_runs"] = [{**r, "message": scrub(r["message"]) if r["message"] else None} for r in runs]
    return summary


def _check(problems: list[Any] | None, open_error: BaseException | None) -> dict[str, Any]:
    if problems is not None:
        return {"opened": True, "ok": not problems, "problems": [p.as_json() for p in problems]}
    reason: dict[str, Any] = {"opened": False, "ok": None}
    if open_error is not None:
        reason["error"] = type(open_error).__name__
        if isinstance(open_error, ZongzhiError):  # the program's own message, from the catalogue
            reason.update(code=open_error.code, message=str(open_error))
        else:  # a library's words may quote anything
            reason["message"] = scrub(str(open_error))
    return reason


def _json(payload: Any) -> bytes:
    # the program's own Chinese messages stay readable; a number shaped like a person's never does
    return scrub_numbers(json.dumps(payload, ensure_ascii=False, indent=1, default=str)).encode("utf-8")


def _clean_log(path: Path) -> bytes:
    """The log as written, scrubbed again: a log from an older version may predate the scrubbing."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return f"(log not readable: {type(exc).__name__})\n".encode()
    return scrub(raw.decode("utf-8", errors="replace")).encode("utf-8")


def _package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _sqlite_versions() -> dict[str, Any]:
    try:
        import sqlcipher3.dbapi2 as sqlcipher

        conn = sqlcipher.connect(":memory:")
        try:
            cipher = conn.execute("PRAGMA cipher_version").fetchone()
            return {"sqlite": sqlcipher.sqlite_version, "sqlcipher": cipher[0] if cipher else None}
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - a broken driver is itself what the helpdesk needs to read
        return {"sqlite": None, "sqlcipher": None, "sqlite_error": type(exc).__name__}


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _without_home(path: Path) -> str:
    """The Windows or Linux account name in the user's folder can be a person's name: shown as ~."""
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):
        return str(path)
