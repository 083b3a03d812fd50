"""Refusals the county answers with: an HTTP status plus a stable message code."""

from __future__ import annotations

from typing import Any

from zongzhi_desktop.errors import ZongzhiError


class CountyError(ZongzhiError):
    """A request the county refuses; `status` is the HTTP status it is answered with."""

    exit_code = 2

    def __init__(self, code: str, /, *, status: int = 400, **params: Any) -> None:
        super().__init__(code, **params)
        self.status = status
