"""The wire contract between township PCs and the county server, shared by both sides.

Pydantic models, because FastAPI publishes them as the OpenAPI schema and validates requests with
them, and the client validates the server's answers with the very same classes.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

PROTOCOL = 1
# The data model this code speaks: the ordinal of the newest store migration (a test holds them equal).
SCHEMA_VERSION = 8
MIN_SCHEMA = 1  # the oldest client data model the county still projects pulls for
API = "/sync/v1"
MAX_BATCH_OPS = 2000
PULL_PAGE = 5000
CLOCK_WARN_MS = 10 * 60 * 1000  # a PC clock off by more than ten minutes is warned about, never refused
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

OpKind = Literal["insert", "update", "delete"]
ChangeKind = Literal["insert", "update", "delete", "evict", "notice"]
OpStatus = Literal["applied", "conflict", "held", "rejected"]


def hlc_ms(hlc: int) -> int:
    """The wall-clock milliseconds inside a hybrid logical clock value."""
    return hlc >> 16


def hlc_at(ms: int) -> int:
    return ms << 16


def is_loopback(host: str) -> bool:
    """Plain HTTP is allowed to this machine only: the one rule both the PC and the county apply."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _only_finite(value: Any) -> Any:
    """JSON has no infinity or NaN; Python's json module reads them anyway (`Infinity`), and they would
    come back from the next serialisation as null: a value must mean the same at both ends."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    if isinstance(value, (dict, list)):
        for item in value.values() if isinstance(value, dict) else value:
            if type(item) not in _PLAIN_SCALARS:  # most values are text: no call for them (1,000 ops: 5 ms)
                _only_finite(item)
    return value


_PLAIN_SCALARS = frozenset({str, int, bool, type(None)})


JsonObject = Annotated[dict[str, Any], AfterValidator(_only_finite)]


class WireOp(BaseModel):
    """One captured change as it travels. `fields` is flat for inserts and
    `{col: {"new": v, "base_seq": n|None, "base_val": v}}` for updates and deletes."""

    local_seq: int
    op_id: str
    tx_id: str
    tbl: str
    row_id: str
    kind: OpKind
    fields: JsonObject
    hlc: int
    wall_ms: int
    user_id: str | None = None
    schema_ver: int


class PushRequest(BaseModel):
    protocol: int = PROTOCOL
    schema_ver: int
    app_ver: str
    device_id: str
    server_epoch: str | None = None
    first_seq: int
    last_seq: int
    client_wall_ms: int
    client_hlc: int
    ops: list[WireOp] = Field(max_length=MAX_BATCH_OPS)


class OpResult(BaseModel):
    local_seq: int
    status: OpStatus
    server_seq: int | None = None
    reason: str | None = None  # a message code from domain.messages (rejected/held)
    conflicts: int = 0


class PushResponse(BaseModel):
    acked_through: int
    results: list[OpResult]
    server_hlc: int
    server_now_ms: int
    server_epoch: str
    clock_warning_ms: int | None = None  # the measured offset when it is beyond CLOCK_WARN_MS


class Change(BaseModel):
    """One entry of the county's change log as a device receives it; `fields` holds new values.

    Changes the device itself pushed come back with empty `fields`: they only move its version
    marks (the values are already on the PC)."""

    server_seq: int
    tx_seq: int
    tbl: str
    row_id: str
    kind: ChangeKind
    fields: JsonObject
    hlc: int
    origin_device: str | None = None
    origin_user: str | None = None
    wall_ms: int | None = None


class PullResponse(BaseModel):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    head_seq: int
    server_epoch: str
    server_hlc: int
    server_now_ms: int
    min_schema: int
    # The county's watermark for the calling device: below what the PC holds acked -> the county
    # lost ops (restored from a backup); above the PC's newest op -> the PC was rewound (sync.md §3.9).
    device_acked_seq: int | None = None


class EnrollRequest(BaseModel):
    code: str
    device_id: str
    device_name: str
    public_key: str  # the device's Ed25519 public key, base64 of the 32 raw bytes
    schema_ver: int
    app_ver: str
    township_code: str | None = None  # a PC that already holds a township's data may join only that one


class ReEnrollRequest(BaseModel):
    """A rewound or copied PC asks, with its current token, for a new device id (sync.md §3.9)."""

    device_id: str = Field(max_length=36)  # the new id, made by the PC
    device_name: str = Field(max_length=100)
    public_key: str = Field(max_length=100)
    resume_after: int = Field(ge=0)  # the new device's watermark: its first op to push is resume_after + 1
    schema_ver: int
    app_ver: str = Field(max_length=40)


class EnrollResponse(BaseModel):
    device_id: str
    device_no: str
    token: str
    county_code: str
    county_name: str
    township_code: str
    township_name: str
    county_public_key: str  # pinned by the device: packages from the county are checked against it
    server_epoch: str


class ServerInfo(BaseModel):
    county_code: str
    county_name: str
    server_epoch: str
    min_schema: int
    cur_schema: int
    protocol: int = PROTOCOL
    server_now_ms: int


class ErrorBody(BaseModel):
    """Every refusal: a stable code (domain.messages) plus what the client needs to recover."""

    code: str
    params: JsonObject = Field(default_factory=dict)
    expected_from: int | None = None
    detail: str | None = None  # the rendered Chinese text, for people reading logs


class BlobQuery(BaseModel):
    sha256: list[str]


class BlobMissing(BaseModel):
    missing: list[str]


class TransferAsk(BaseModel):
    """A township asks the county to move a resident to another township."""

    resident_id: str
    to_township: str
    reason: str


class MergeAsk(BaseModel):
    """A township merges two of its own records of one person (`drop` into `keep`)."""

    keep: str
    drop: str


class CountyTask(BaseModel):
    """The county's answer to a transfer or merge request."""

    id: str
    status: str


# Integrity and repair (sync.md §3.7, §3.9): per-table sums, then buckets, then only the rows that differ.
MAX_REPAIR_BUCKETS = 64  # buckets listed per request
MAX_REPAIR_IDS = 1000  # rows fetched per request


class TableSum(BaseModel):
    """One table of the township at the county: all its records, and those in the asked bucket range."""

    count: int
    slice_count: int
    slice_sum: int  # sum of the records' row hashes (domain.row_hash)


class TableSums(BaseModel):
    head_seq: int  # the sums reflect at least every change up to here
    township_seq: int  # the newest change in the township's scope, read after the sums: at most this
    purged_before_seq: int
    tables: dict[str, TableSum]


class BucketSum(BaseModel):
    count: int
    sum: int
    max_seq: int  # the newest change-log number that wrote one of the bucket's rows


class BucketSums(BaseModel):
    buckets: dict[str, BucketSum]


class BucketQuery(BaseModel):
    tbl: str
    buckets: list[str] = Field(max_length=MAX_REPAIR_BUCKETS)


class BucketRows(BaseModel):
    rows: list[tuple[str, int, int]]  # (row_id, row_hash, last_seq)


class RowQuery(BaseModel):
    tbl: str
    ids: list[str] = Field(max_length=MAX_REPAIR_IDS)


class RowValues(BaseModel):
    """A row as the county holds it now: every field's value, the newest number and who wrote last."""

    row_id: str
    last_seq: int
    values: JsonObject
    first_hlc: int
    last_hlc: int
    user: str | None = None


class RowAnswer(BaseModel):
    rows: list[RowValues]  # the asked ids the township has
    elsewhere: list[str]  # asked ids the county holds for another township (the rest it has no record of)
