"""Who is calling: an enrolled device (bearer token, looked up by its hash) or the county's own
systems (the administrator token from the environment, compared in constant time)."""

from __future__ import annotations

import hmac
import os

from fastapi import Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from zongzhi_county.enrolment import device_for_token
from zongzhi_county.errors import CountyError

ADMIN_TOKEN_ENV = "ZONGZHI_COUNTY_ADMIN_TOKEN"  # the county's own systems call /county/v1 with it
MIN_ADMIN_TOKEN = 24  # characters (say `openssl rand -hex 16`): a shorter one is treated as none

# auto_error=False: a missing header is answered by us, as JSON 401 like every other refusal.
device_bearer = HTTPBearer(scheme_name="DeviceToken", auto_error=False,
                           description="注册时县级发给本机的设备令牌")
admin_bearer = HTTPBearer(scheme_name="AdminToken", auto_error=False,
                          description=f"县级管理员令牌（服务器环境变量 {ADMIN_TOKEN_ENV}）")


def device_dependency(engine: Engine):  # type: ignore[no-untyped-def]
    """A FastAPI dependency giving the calling device's row; 401 unknown token, 403 revoked device.
    The status is read on every request, so a revocation takes effect on the next call."""

    async def device(credentials: HTTPAuthorizationCredentials | None = Depends(device_bearer)) -> dict:
        token = credentials.credentials if credentials else ""
        if not token or len(token) > 200:  # enrolment hands out 43 characters
            raise CountyError("sync.unauthorized", status=401)
        return await run_in_threadpool(device_for_token, engine, token)

    return device


async def require_admin(credentials: HTTPAuthorizationCredentials | None = Depends(admin_bearer)) -> None:
    """The administrator token; unset (or too short) means the admin endpoints are closed to everyone."""
    expected = os.environ.get(ADMIN_TOKEN_ENV, "")
    given = credentials.credentials if credentials else ""
    if len(expected) < MIN_ADMIN_TOKEN or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CountyError("sync.unauthorized", status=401)
