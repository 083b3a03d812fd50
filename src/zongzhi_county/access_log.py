"""One JSON line per request: who called which route, how it ended, how long and how big; never what it carried.

Logged: time, request id, client address, method, the route's template (`/sync/v1/blobs/{sha256}`,
never the path as sent nor the query string), status, duration, bytes on the wire each way, and the
device and township once the bearer token has been checked. Never logged: headers (the token), bodies
(names and ID numbers travel in them).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOGGER = "zongzhi_county.access"
SCOPE_KEY = "zongzhi.access"  # where the device dependency notes who called
FILE_NAME = "access.log"
FILE_BYTES = 20 * 2**20  # rotated at 20 MB, ten kept: months of thirty townships' syncing
FILE_COUNT = 10
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")  # an id from a proxy in front is kept only if harmless


def configure(log_dir: Path | None, *, stream: Any = None) -> logging.Logger:
    """Lines go to stdout (journald under systemd) and, with a log folder, to a rotating file too."""
    logger = logging.getLogger(LOGGER)
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handlers: list[logging.Handler] = [logging.StreamHandler(stream or sys.stdout)]
    if log_dir is not None:
        handlers.append(logging.handlers.RotatingFileHandler(
            log_dir / FILE_NAME, maxBytes=FILE_BYTES, backupCount=FILE_COUNT, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


def event(name: str, **fields: Any) -> None:
    """A service event (start, stop) in the same stream and shape as the access lines."""
    logging.getLogger(LOGGER).info(json.dumps({"time": _now(), "event": name, **fields}, ensure_ascii=False))


def note_caller(scope: Scope, device: dict[str, Any]) -> None:
    noted = scope.get(SCOPE_KEY)
    if isinstance(noted, dict):
        noted["device"] = device.get("device_id")
        noted["township"] = device.get("township_code")


class AccessLog:
    """Pure ASGI (no buffering of streamed bodies); the outermost middleware, so the bytes counted
    are the ones on the wire (after gzip)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.logger = logging.getLogger(LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        noted: dict[str, Any] = {}
        scope[SCOPE_KEY] = noted
        seen = {"in": 0, "out": 0, "status": 500}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen["in"] += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())]}
            elif message["type"] == "http.response.body":
                seen["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            route = scope.get("route")
            client = scope.get("client")
            line = {
                "time": _now(), "event": "access", "request_id": request_id,
                "client": client[0] if client else None, "method": scope.get("method"),
                "path": getattr(route, "path", None) or "(unmatched)", "status": seen["status"],
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes_in": seen["in"], "bytes_out": seen["out"],
                "device": noted.get("device"), "township": noted.get("township"),
            }
            self.logger.info(json.dumps(line, ensure_ascii=False))


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _REQUEST_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
