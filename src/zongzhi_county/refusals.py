"""Every answer of the county server that is not a success: an ErrorBody (stable code, Chinese text)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from zongzhi_county.errors import CountyError
from zongzhi_desktop.sync.protocol import ErrorBody

# Published in the OpenAPI for every route, so clients (and the fuzz test) know the refusals' shape.
REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 426, 500, 503)
}


def answer_refusals_as_json(app: FastAPI) -> None:
    """Every answer that is not a success is an ErrorBody, whatever raised it."""

    def refuse(code: str, status: int, detail: str, **params: Any) -> JSONResponse:
        return JSONResponse(ErrorBody(code=code, params=params, detail=detail).model_dump(), status_code=status)

    @app.exception_handler(CountyError)
    async def _county(_request: Request, exc: CountyError) -> JSONResponse:
        body = ErrorBody(code=exc.code, params={k: v for k, v in exc.params.items() if isinstance(v, (str, int))},
                         expected_from=exc.params.get("expected_from"), detail=str(exc))
        return JSONResponse(body.model_dump(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return refuse("sync.bad_request", 422, f"请求参数不正确：{where}", reason=where[:100])

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        return refuse("sync.not_found" if exc.status_code == 404 else "sync.bad_request", exc.status_code,
                      str(exc.detail)[:200], reason=str(exc.detail)[:100])

    @app.exception_handler(Exception)
    async def _crash(_request: Request, _exc: Exception) -> JSONResponse:
        # No trace or SQL in the answer: it would tell a caller about the database; the log has it.
        return refuse("sync.server_error", 500, "县级服务器内部错误", status=500)
