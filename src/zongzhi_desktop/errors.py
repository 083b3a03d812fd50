"""Typed errors with a stable code and parameters; `domain.messages` renders them in Chinese."""

from __future__ import annotations

import errno
from typing import Any


class ZongzhiError(Exception):
    """Base of every error the application reports to a person.

    `code` is stable (scripts, logs and translations key on it); `params` fill the message.
    """

    exit_code = 1

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:  # rendered text, so a stray print still speaks Chinese
        from zongzhi_desktop.domain.messages import render

        return render(self.code, **self.params)


class InputError(ZongzhiError):
    """The user's input is invalid; nothing was changed."""

    exit_code = 2


class AuthError(ZongzhiError):
    """Login failed or the account is locked."""

    exit_code = 2


class PermissionDenied(ZongzhiError):
    """The acting user may not do this."""

    exit_code = 2


class NotFound(ZongzhiError):
    """A record asked for by id or number does not exist (or is not visible to the user)."""

    exit_code = 2


class StoreError(ZongzhiError):
    """The local store cannot be opened, migrated or trusted."""

    exit_code = 1


class SyncError(ZongzhiError):
    """A sync could not complete; local data is untouched. `retry` says whether trying again later
    (without the user doing anything) can succeed."""

    exit_code = 3

    def __init__(self, code: str, /, *, retry: bool = False, **params: Any) -> None:
        super().__init__(code, **params)
        self.retry = retry


_NO_ROOM = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ETXTBSY}
_NO_FOLDER = {errno.ENOENT, errno.ENOTDIR, errno.EEXIST}


def file_error(exc: OSError) -> ZongzhiError | None:
    """What a person is told when writing a file failed: a full disk, an unwritable place (a
    read-only stick, a file open in Excel or WPS on Windows), a folder given as the file name, or a
    folder that cannot be made. None for any other failure: that one is a bug to log."""
    path = exc.filename or "-"
    if exc.errno in _NO_ROOM:
        return StoreError("store.disk_full")
    if exc.errno in _NOT_WRITABLE or getattr(exc, "winerror", None) == 32:  # 32: used by another process
        return StoreError("file.not_writable", path=path)
    if exc.errno == errno.EISDIR:
        return InputError("file.is_folder", path=path)
    if exc.errno in _NO_FOLDER and exc.filename:
        return InputError("file.no_folder", path=path)
    return None


_READ_FAILURES = {errno.ENOENT: "文件不存在", errno.EISDIR: "这是一个文件夹，不是文件", errno.EACCES: "没有读取它的权限",
                  errno.EPERM: "没有读取它的权限", errno.EIO: "读取出错（U 盘或磁盘可能有损坏）"}


def read_failure(exc: OSError) -> str:
    """Why a file the person chose could not be read, in Chinese where the reason is a common one."""
    return _READ_FAILURES.get(exc.errno or 0) or exc.strerror or type(exc).__name__
