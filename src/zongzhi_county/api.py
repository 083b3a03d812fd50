"""The HTTP face of the county server (FastAPI): enrol, push, pull, attachments, server info.

Who may call what (tests/sync/test_county_security.py walks every route):
- public: GET info (names the county, nothing of a township), POST enroll (spends a one-time code),
  GET /openapi.json (the contract, no data);
- an enrolled, not revoked device: everything else under /sync/v1, always scoped to its township;
- the county's own systems with the administrator token: /county/v1;
- public: GET /health (up or not, and why in a few words; no county data).
Every refusal is JSON (ErrorBody); bodies, pages and batches are bounded (limits.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Engine

from zongzhi_county import admin, assignments, blobs, high_water, integrity, moves, slow_points
from zongzhi_county.access_log import AccessLog, note_caller
from zongzhi_county.auth import device_dependency, require_admin
from zongzhi_county.enrolment import enroll, re_enroll
from zongzhi_county.errors import CountyError
from zongzhi_county.health import add_health
from zongzhi_county.limits import MAX_BLOB_QUERY, MAX_CURSOR, blob_body, json_body
from zongzhi_county.plain import check_plain
from zongzhi_county.refusals import REFUSALS, answer_refusals_as_json
from zongzhi_county.pull import pull_json
from zongzhi_county.push import push
from zongzhi_county.store import create_schema, now_ms
from zongzhi_desktop.sync.protocol import (
    API, MIN_SCHEMA, PROTOCOL, PULL_PAGE, SCHEMA_VERSION, BlobMissing, BlobQuery, BucketQuery, BucketRows,
    BucketSums, CountyTask, EnrollRequest, EnrollResponse, MergeAsk, PullResponse, PushRequest,
    PushResponse, ReEnrollRequest, RowAnswer, RowQuery, ServerInfo, TableSums, TransferAsk,
)

class BlobStored(BaseModel):
    stored: str


class AssignAsk(BaseModel):
    township: str = Field(max_length=12)
    title: str = Field(max_length=200)
    category: str = Field(max_length=20)
    deadline: str = Field(max_length=10)
    description: str = Field(default="", max_length=20000)


class Assigned(BaseModel):
    case_no: str
    deadline: str


def create_app(engine: Engine, blob_dir: Path) -> FastAPI:
    # The interactive /docs and /redoc pages load scripts from a CDN: not on a county server.
    app = FastAPI(title="综治中心 县级同步服务", version=str(PROTOCOL), docs_url=None, redoc_url=None,
                  responses=REFUSALS)
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)  # 9 cost 3x the time for 6 % smaller pages
    blob_dir.mkdir(parents=True, exist_ok=True)
    create_schema(engine)  # tables added since the county was set up (create_all skips existing ones)
    checked_device = device_dependency(engine)

    async def device(request: Request, dev: dict = Depends(checked_device)) -> dict:
        note_caller(request.scope, dev)  # the access log names the device and township, never the token
        return dev

    answer_refusals_as_json(app)
    add_health(app, engine)

    def parse(model, raw: bytes):  # type: ignore[no-untyped-def]
        try:
            value = model.model_validate_json(raw)
        except ValidationError as exc:
            raise CountyError("sync.bad_response", status=422, reason=str(exc.errors()[:1])[:300]) from exc
        check_plain(value.model_dump())
        return value

    @app.get(f"{API}/info", response_model=ServerInfo)
    async def info() -> ServerInfo:
        meta = await run_in_threadpool(admin.require_meta, engine)
        return ServerInfo(county_code=meta["county_code"], county_name=meta["county_name"],
                          server_epoch=meta["server_epoch"], min_schema=MIN_SCHEMA, cur_schema=SCHEMA_VERSION,
                          server_now_ms=now_ms())

    @app.post(f"{API}/enroll", response_model=EnrollResponse, openapi_extra=_body(EnrollRequest))
    async def enroll_device(request: Request) -> EnrollResponse:
        req = parse(EnrollRequest, await json_body(request))
        if max(len(req.code), len(req.device_id)) > 36 or len(req.public_key) > 100 or len(req.app_ver) > 40:
            raise CountyError("sync.bad_code", status=403)  # nothing enrolment hands out is that long
        return await run_in_threadpool(enroll, engine, req)

    @app.post(f"{API}/re-enroll", response_model=EnrollResponse, openapi_extra=_body(ReEnrollRequest))
    async def re_enroll_device(request: Request, dev: dict = Depends(device)) -> EnrollResponse:
        req = parse(ReEnrollRequest, await json_body(request))
        return await run_in_threadpool(re_enroll, engine, dev, req)

    @app.middleware("http")
    async def keep_high_water(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        await run_in_threadpool(high_water.flush)  # after the request's commit; cheap below the margin
        return response

    @app.post(f"{API}/push", response_model=PushResponse, openapi_extra=_body(PushRequest))
    async def push_ops(request: Request, dev: dict = Depends(device)) -> Response:
        raw = await json_body(request)
        try:
            req = PushRequest.model_validate_json(raw)
        except ValidationError as exc:
            raise CountyError("sync.bad_response", status=422, reason=str(exc.errors()[:1])[:300]) from exc
        if might_not_be_plain(raw, req):  # the full walk over 1,000 parsed ops cost 7 ms
            check_plain(req.model_dump())
        answer = await run_in_threadpool(slow_points.during_push(push), engine, dev["device_id"], req)
        # serialised here: FastAPI's own pass over a PushResponse (to_python, then json) took 6 ms
        return Response(answer.model_dump_json(), media_type="application/json")

    @app.get(f"{API}/pull", response_model=PullResponse)
    async def pull_changes(cursor: int = Query(0, ge=0, le=MAX_CURSOR), limit: int = Query(PULL_PAGE, ge=1, le=PULL_PAGE),
                           schema_ver: int | None = Query(None, ge=0, le=1_000_000),
                           dev: dict = Depends(device)) -> Response:
        page = await run_in_threadpool(pull_json, engine, dev, cursor, limit, schema_ver)
        # Checked after the read, so a purge racing this pull is caught rather than half-served.
        await run_in_threadpool(integrity.require_fence, engine, cursor)
        return Response(page, media_type="application/json")  # written by pull_json: not validated again

    @app.post(f"{API}/blobs/missing", response_model=BlobMissing, openapi_extra=_body(BlobQuery))
    async def blobs_missing(request: Request, dev: dict = Depends(device)) -> BlobMissing:
        query = parse(BlobQuery, await json_body(request))
        if len(query.sha256) > MAX_BLOB_QUERY:
            raise CountyError("sync.bad_request", status=413, reason=f"一次最多查询 {MAX_BLOB_QUERY} 个附件")
        return BlobMissing(missing=await run_in_threadpool(
            blobs.missing, engine, blob_dir, query.sha256, dev["township_code"]))

    @app.put(f"{API}/blobs/{{sha256}}", response_model=BlobStored, openapi_extra=_octets_in())
    async def put_blob(sha256: str, request: Request, dev: dict = Depends(device)) -> BlobStored:
        blobs.blob_path(blob_dir, sha256)  # a bad name is refused before the body is read
        data = await blob_body(request, sha256)
        await run_in_threadpool(blobs.store, engine, blob_dir, sha256, data, dev["township_code"])
        return BlobStored(stored=sha256)

    @app.get(f"{API}/blobs/{{sha256}}", response_class=Response, responses=_octets_out())
    async def get_blob(sha256: str, dev: dict = Depends(device)) -> Response:
        data = await run_in_threadpool(blobs.read, engine, blob_dir, sha256, dev["township_code"])
        return Response(data, media_type="application/octet-stream")

    @app.post(f"{API}/transfers", response_model=CountyTask, openapi_extra=_body(TransferAsk))
    async def ask_transfer(request: Request, dev: dict = Depends(device)) -> CountyTask:
        ask = parse(TransferAsk, await json_body(request))
        row = await run_in_threadpool(lambda: moves.request_transfer(
            engine, resident_id=ask.resident_id, to_township=ask.to_township, reason=ask.reason[:2000],
            by=dev["device_id"], from_township=dev["township_code"]))
        return CountyTask(id=row["id"], status=row["status"])

    @app.post(f"{API}/merges", response_model=CountyTask, openapi_extra=_body(MergeAsk))
    async def merge(request: Request, dev: dict = Depends(device)) -> CountyTask:
        ask = parse(MergeAsk, await json_body(request))
        row = await run_in_threadpool(lambda: moves.merge_residents(
            engine, keep=ask.keep, drop=ask.drop, township=dev["township_code"]))
        return CountyTask(id=row["id"], status=row["status"])

    # Integrity and repair (integrity.py): sums, buckets, then only the rows that differ.
    @app.get(f"{API}/integrity/tables", response_model=TableSums)
    async def integrity_tables(lo: str = Query("", max_length=64), hi: str | None = Query(None, max_length=64),
                               dev: dict = Depends(device)) -> TableSums:
        check_plain([lo, hi])
        return await run_in_threadpool(integrity.table_sums, engine, dev["township_code"], lo, hi)

    @app.get(f"{API}/integrity/buckets", response_model=BucketSums)
    async def integrity_buckets(tbl: str = Query(max_length=64), dev: dict = Depends(device)) -> BucketSums:
        check_plain(tbl)
        return await run_in_threadpool(integrity.bucket_sums, engine, dev["township_code"], tbl)

    @app.post(f"{API}/integrity/bucket-rows", response_model=BucketRows, openapi_extra=_body(BucketQuery))
    async def integrity_bucket_rows(request: Request, dev: dict = Depends(device)) -> BucketRows:
        query = parse(BucketQuery, await json_body(request))
        return await run_in_threadpool(integrity.bucket_rows, engine, dev["township_code"], query)

    @app.post(f"{API}/integrity/rows", response_model=RowAnswer, openapi_extra=_body(RowQuery))
    async def integrity_rows(request: Request, dev: dict = Depends(device)) -> RowAnswer:
        query = parse(RowQuery, await json_body(request))
        return await run_in_threadpool(integrity.current_rows, engine, dev["township_code"], query)

    @app.post("/county/v1/assign", response_model=Assigned, openapi_extra=_body(AssignAsk),
              dependencies=[Depends(require_admin)])
    async def assign(request: Request) -> Assigned:
        """县级交办 over HTTP for the county's own systems; needs the administrator token."""
        ask = parse(AssignAsk, await json_body(request))
        case = await run_in_threadpool(lambda: assignments.assign_case(
            engine, township=ask.township, title=ask.title, category=ask.category, deadline=ask.deadline,
            description=ask.description))
        return Assigned(case_no=case["case_no"], deadline=case["deadline"])

    _publish_nested(app)
    app.add_middleware(AccessLog)  # added last: the outermost, so it counts bytes as sent (after gzip)
    return app


def might_not_be_plain(raw: bytes, req: BaseModel) -> bool:
    """Whether check_plain could refuse the parsed `req`: it refuses a NUL, which the JSON text holds
    escaped or raw wherever it is, and an integer outside BIGINT, found by walking the numbers only.

    Most bodies are cleared by their bytes alone (a millisecond, where the walk took three): an integer
    outside BIGINT has 19 digits or more, written in a row as a JSON number or as text an integer field
    reads (pydantic's lax mode takes "1_000" and ignores the ends' spaces), unless a digit or the
    underscore is written as an escape (\\u0031). A run of digits against an ASCII letter is neither:
    text with a letter is no integer, and a number with an exponent is a float (an op id of hex digits
    often holds such a run). Floats too big for BIGINT are refused by pydantic as integers
    (tests/sync/test_push_cpu_plain.py holds all this to check_plain)."""
    if b"\\u00" not in raw and b"\x00" not in raw:  # no NUL, nor any other escaped ASCII character
        shape = raw.translate(_SHAPES)
        if b"0_0" not in shape and not _bare_digit_run(shape):
            return False
    if b"\\u0000" in raw or b"\x00" in raw:
        return True
    stack: list[Any] = [req]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is int:
            if not -_BIGINT <= item < _BIGINT:
                return True
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is dict:
            stack.extend(item.values())
        elif isinstance(item, BaseModel):
            stack.extend(item.__dict__.values())
        elif isinstance(item, int) and not isinstance(item, bool):  # an int subclass: let the walk judge
            return True
    return False


_BIGINT = 2**63
# digits as 0, ASCII letters as a: the shapes the byte test looks for
_SHAPES = bytes.maketrans(b"123456789" + bytes(range(65, 91)) + bytes(range(97, 123)), b"0" * 9 + b"a" * 52)
_RUN = b"0" * 19


def _bare_digit_run(shape: bytes) -> bool:
    """Whether `shape` holds 19 digits or more in a row with no ASCII letter on either side."""
    at = shape.find(_RUN)
    while at >= 0:  # `at` starts the run: a digit before it would have started it earlier
        end = at + len(_RUN)
        while shape[end:end + 1] == b"0":
            end += 1
        if shape[at - 1:at] != b"a" and shape[end:end + 1] != b"a":
            return True
        at = shape.find(_RUN, end)
    return False


# Models nested in the bodies above, published under components (a "#/$defs/…" reference inside a
# request body would point at the document's root, where there is no $defs).
_NESTED: dict[str, Any] = {}


def _body(model) -> dict:  # type: ignore[no-untyped-def]
    """OpenAPI for a request body the endpoint parses itself (it may arrive gzipped)."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    _NESTED.update(schema.pop("$defs", {}))
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _publish_nested(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        doc = generate()
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in _NESTED.items():
            schemas.setdefault(name, schema)
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def _octets_in() -> dict:
    return {"requestBody": {"required": True, "content": {"application/octet-stream": {
        "schema": {"type": "string", "format": "binary"}}}}}


def _octets_out() -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}
