"""The HTTP face of the county server (FastAPI): enrol, push, pull, attachments, server info."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import os
from pathlib import Path

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine, insert, select

from zongzhi_county import admin, assignments, integrity, moves
from zongzhi_county.enrolment import device_for_token, enroll
from zongzhi_county.errors import CountyError
from zongzhi_county.pull import pull
from zongzhi_county.push import push
from zongzhi_county.schema import blobs
from zongzhi_county.store import now_ms, now_text
from zongzhi_desktop.sync.protocol import BucketQuery, BucketRows, BucketSums, RowAnswer, RowQuery, TableSums
from zongzhi_desktop.sync.protocol import (
    API, MAX_ATTACHMENT_BYTES, MIN_SCHEMA, PROTOCOL, SCHEMA_VERSION, BlobMissing, BlobQuery, CountyTask,
    EnrollRequest, EnrollResponse, ErrorBody, MergeAsk, PullResponse, PushRequest, PushResponse, ServerInfo,
    TransferAsk,
)


ADMIN_TOKEN_ENV = "ZONGZHI_COUNTY_ADMIN_TOKEN"  # the county's own systems call /county/v1 with it


def create_app(engine: Engine, blob_dir: Path) -> FastAPI:
    app = FastAPI(title="综治中心 县级同步服务", version=str(PROTOCOL))
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    blob_dir.mkdir(parents=True, exist_ok=True)

    @app.exception_handler(CountyError)
    async def _refusal(_request: Request, exc: CountyError) -> JSONResponse:
        body = ErrorBody(code=exc.code, params={k: v for k, v in exc.params.items() if isinstance(v, (str, int))},
                         expected_from=exc.params.get("expected_from"), detail=str(exc))
        return JSONResponse(body.model_dump(), status_code=exc.status)

    async def body_json(request: Request) -> bytes:
        raw = await request.body()
        if request.headers.get("content-encoding") == "gzip":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as exc:  # a cut or damaged upload: nothing is applied
                raise CountyError("sync.bad_response", status=400, reason="gzip") from exc
        return raw

    async def device(authorization: str = Header(default="")) -> dict:
        token = authorization.removeprefix("Bearer ").strip()
        return await run_in_threadpool(device_for_token, engine, token)

    def parse(model, raw: bytes):  # type: ignore[no-untyped-def]
        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            raise CountyError("sync.bad_response", status=422, reason=str(exc.errors()[:1])) from exc

    @app.get(f"{API}/info", response_model=ServerInfo)
    async def info() -> ServerInfo:
        meta = await run_in_threadpool(admin.require_meta, engine)
        return ServerInfo(county_code=meta["county_code"], county_name=meta["county_name"],
                          server_epoch=meta["server_epoch"], min_schema=MIN_SCHEMA, cur_schema=SCHEMA_VERSION,
                          server_now_ms=now_ms())

    @app.post(f"{API}/enroll", response_model=EnrollResponse)
    async def enroll_device(request: Request) -> EnrollResponse:
        req = parse(EnrollRequest, await body_json(request))
        return await run_in_threadpool(enroll, engine, req)

    @app.post(f"{API}/push", response_model=PushResponse,
              openapi_extra={"requestBody": {"content": {"application/json": {"schema": PushRequest.model_json_schema()}}}})
    async def push_ops(request: Request, dev: dict = Depends(device)) -> PushResponse:
        req = parse(PushRequest, await body_json(request))
        return await run_in_threadpool(push, engine, dev["device_id"], req)

    @app.get(f"{API}/pull", response_model=PullResponse)
    async def pull_changes(cursor: int = 0, limit: int = 5000, schema_ver: int | None = None,
                           dev: dict = Depends(device)) -> PullResponse:
        page = await run_in_threadpool(pull, engine, dev, cursor, limit, schema_ver)
        # Checked after the read, so a purge racing this pull is caught rather than half-served.
        await run_in_threadpool(integrity.require_fence, engine, cursor)
        return page

    @app.post(f"{API}/blobs/missing", response_model=BlobMissing)
    async def blobs_missing(request: Request, dev: dict = Depends(device)) -> BlobMissing:
        query = parse(BlobQuery, await body_json(request))
        return BlobMissing(missing=[s for s in query.sha256 if not (blob_dir / _blob_name(s)).exists()])

    @app.put(f"{API}/blobs/{{sha256}}")
    async def put_blob(sha256: str, request: Request, dev: dict = Depends(device)) -> dict:
        data = await request.body()
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise CountyError("sync.blob_too_big", status=413, name=sha256[:12], limit=MAX_ATTACHMENT_BYTES // 2**20)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise CountyError("sync.blob_mismatch", status=400)
        await run_in_threadpool(_store_blob, engine, blob_dir, sha256, data, dev["township_code"])
        return {"stored": sha256}

    @app.get(f"{API}/blobs/{{sha256}}")
    async def get_blob(sha256: str, dev: dict = Depends(device)) -> Response:
        path = blob_dir / _blob_name(sha256)
        if not path.exists() or not await run_in_threadpool(_blob_visible, engine, sha256, dev["township_code"]):
            raise CountyError("sync.blob_mismatch", status=404)
        return Response(path.read_bytes(), media_type="application/octet-stream")

    @app.post(f"{API}/transfers", response_model=CountyTask)
    async def ask_transfer(request: Request, dev: dict = Depends(device)) -> CountyTask:
        ask = parse(TransferAsk, await body_json(request))
        row = await run_in_threadpool(lambda: moves.request_transfer(
            engine, resident_id=ask.resident_id, to_township=ask.to_township, reason=ask.reason,
            by=dev["device_id"], from_township=dev["township_code"]))
        return CountyTask(id=row["id"], status=row["status"])

    @app.post(f"{API}/merges", response_model=CountyTask)
    async def merge(request: Request, dev: dict = Depends(device)) -> CountyTask:
        ask = parse(MergeAsk, await body_json(request))
        row = await run_in_threadpool(lambda: moves.merge_residents(
            engine, keep=ask.keep, drop=ask.drop, township=dev["township_code"]))
        return CountyTask(id=row["id"], status=row["status"])

    # Integrity and repair (integrity.py): sums, buckets, then only the rows that differ.
    @app.get(f"{API}/integrity/tables", response_model=TableSums)
    async def integrity_tables(lo: str = "", hi: str | None = None, dev: dict = Depends(device)) -> TableSums:
        return await run_in_threadpool(integrity.table_sums, engine, dev["township_code"], lo, hi)

    @app.get(f"{API}/integrity/buckets", response_model=BucketSums)
    async def integrity_buckets(tbl: str, dev: dict = Depends(device)) -> BucketSums:
        return await run_in_threadpool(integrity.bucket_sums, engine, dev["township_code"], tbl)

    @app.post(f"{API}/integrity/bucket-rows", response_model=BucketRows, openapi_extra=_body(BucketQuery))
    async def integrity_bucket_rows(request: Request, dev: dict = Depends(device)) -> BucketRows:
        query = parse(BucketQuery, await body_json(request))
        return await run_in_threadpool(integrity.bucket_rows, engine, dev["township_code"], query)

    @app.post(f"{API}/integrity/rows", response_model=RowAnswer, openapi_extra=_body(RowQuery))
    async def integrity_rows(request: Request, dev: dict = Depends(device)) -> RowAnswer:
        query = parse(RowQuery, await body_json(request))
        return await run_in_threadpool(integrity.current_rows, engine, dev["township_code"], query)

    @app.post("/county/v1/assign")
    async def assign(request: Request, authorization: str = Header(default="")) -> dict:
        """县级交办 over HTTP for the county's own systems; needs the administrator token."""
        expected = os.environ.get(ADMIN_TOKEN_ENV, "")
        given = authorization.removeprefix("Bearer ").strip()
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise CountyError("sync.unauthorized", status=401)
        ask = parse(AssignAsk, await body_json(request))
        case = await run_in_threadpool(lambda: assignments.assign_case(
            engine, township=ask.township, title=ask.title, category=ask.category, deadline=ask.deadline,
            description=ask.description))
        return {"case_no": case["case_no"], "deadline": case["deadline"]}

    return app


class AssignAsk(BaseModel):
    township: str
    title: str
    category: str
    deadline: str
    description: str = ""


def _body(model) -> dict:  # type: ignore[no-untyped-def]
    """OpenAPI for a request body the endpoint parses itself (it may arrive gzipped)."""
    return {"requestBody": {"content": {"application/json": {"schema": model.model_json_schema()}}}}


def _blob_name(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise CountyError("sync.blob_mismatch", status=400)
    return f"{sha256[:2]}/{sha256}"


def _store_blob(engine: Engine, blob_dir: Path, sha256: str, data: bytes, township: str) -> None:
    path = blob_dir / _blob_name(sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    with engine.begin() as conn:
        if not conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha256)).first():
            conn.execute(insert(blobs), {"sha256": sha256, "size": len(data), "township_code": township, "stored_at": now_text()})


def _blob_visible(engine: Engine, sha256: str, township: str) -> bool:
    with engine.connect() as conn:
        owner = conn.execute(select(blobs.c.township_code).where(blobs.c.sha256 == sha256)).scalar()
    return owner == township

