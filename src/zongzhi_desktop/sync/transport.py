"""Talking to the county over HTTPS: gzip JSON bodies, the device token, server certificate checks.

Every failure becomes a `SyncError` with a message code; network trouble and server errors are
marked retryable so the engine's timer tries again by itself.
"""

from __future__ import annotations

import gzip
import json
import ssl
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from zongzhi_desktop import crash_points
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.sync.protocol import API, ErrorBody, is_loopback

M = TypeVar("M", bound=BaseModel)
# Server refusals that mean "not now" rather than "never".
_RETRYABLE_CODES = {"sync.gap", "sync.bad_response"}


def check_url(url: str, *, allow_insecure: bool = False) -> str:
    """HTTPS anywhere; plain HTTP only to this machine (or when the administrator insists)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("sync.unreachable", url=url, reason="地址格式不对，应为 https://主机:端口")
    if parts.scheme == "http" and not allow_insecure and not is_loopback(parts.hostname):
        raise SyncError("sync.insecure_url", url=url)
    return url.strip().rstrip("/")


class Transport:
    """One connection pool to the county server."""

    def __init__(self, url: str, *, token: str | None = None, ca_file: str | None = None,
                 allow_insecure: bool = False, timeout: float = 120.0) -> None:
        self.url = check_url(url, allow_insecure=allow_insecure)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # A county CA file replaces the system's trust store: the PC then trusts only its county.
        # The county's own CA when given; otherwise the operating system's trust store (the Windows
        # store, /etc/ssl on Linux), not the certifi copy inside the program, which no IT officer updates.
        verify: Any = ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()
        self._client = httpx.Client(base_url=self.url + API, headers=headers, verify=verify,
                                    timeout=httpx.Timeout(timeout, connect=10.0))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, path: str, model: type[M], params: dict[str, Any] | None = None) -> M:
        return self._parse(self._send("GET", path, params=params), model)

    def post(self, path: str, body: BaseModel, model: type[M]) -> M:
        raw = gzip.compress(body.model_dump_json().encode("utf-8"), compresslevel=5)
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return self._parse(self._send("POST", path, content=raw, headers=headers), model)

    def put_bytes(self, path: str, data: bytes) -> None:
        self._send("PUT", path, content=data, headers={"Content-Type": "application/octet-stream"})

    def get_bytes(self, path: str) -> bytes:
        return self._send("GET", path).content

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if crash_points.ARMED:
            crash_points.reach("http-before")
        try:
            response = self._client.request(method, path, **kwargs)
            response.read()  # a body cut short fails here, before anything is applied
        except httpx.ConnectError as exc:
            reason = str(exc) or type(exc).__name__
            if "CERTIFICATE" in reason.upper() or "SSL" in reason.upper():
                raise SyncError("sync.tls_failed", url=self.url, reason=reason) from exc
            raise SyncError("sync.unreachable", retry=True, url=self.url, reason=reason) from exc
        except httpx.HTTPError as exc:
            raise SyncError("sync.unreachable", retry=True, url=self.url, reason=type(exc).__name__) from exc
        if crash_points.ARMED:  # the server has done its part; the answer dies with us
            crash_points.reach("http-after")
        if response.status_code >= 400:
            raise self._refusal(response)
        return response

    def _refusal(self, response: httpx.Response) -> SyncError:
        try:
            body = ErrorBody.model_validate_json(response.content)
        except ValidationError:
            if response.status_code >= 500:
                return SyncError("sync.server_error", retry=True, status=response.status_code)
            return SyncError("sync.bad_response", retry=True, reason=f"HTTP {response.status_code}")
        params = {k: v for k, v in body.params.items() if k not in ("retry", "status")}
        return SyncError(body.code, retry=body.code in _RETRYABLE_CODES or response.status_code >= 500,
                         status=response.status_code, **params)

    @staticmethod
    def _parse(response: httpx.Response, model: type[M]) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise SyncError("sync.bad_response", retry=True, reason=json.dumps(exc.errors()[:1], default=str)) from exc
