"""How much a request may carry: body bytes on the wire, bytes after gunzip, hashes per blob query."""

from __future__ import annotations

import zlib

from fastapi import Request

from zongzhi_county.errors import CountyError
from zongzhi_desktop.sync.protocol import MAX_ATTACHMENT_BYTES

# A push of the client's 1000 ops is 1-3 MB of JSON and gzips to a few hundred KB; attachments
# (20 MB) travel raw. 32 MiB on the wire leaves room for both and for unusually long case texts.
MAX_BODY_BYTES = 32 * 2**20
# What a gzipped body may expand to: bounds memory per request (JSON parsing multiplies it again)
# and turns a gzip bomb (1 MB that inflates to 1 GB) into a 413 after reading only this much.
MAX_JSON_BYTES = 64 * 2**20
MAX_BLOB_QUERY = 1000  # hashes asked about per request (the PC asks 500 at a time)
MAX_CURSOR = 2**62  # change-log numbers are BIGINT: anything past this is not a cursor
_MB = 2**20


def too_large(limit: int) -> CountyError:
    return CountyError("sync.request_too_large", status=413, limit=max(1, limit // _MB))


async def read_body(request: Request, limit: int | None = None) -> bytes:
    """The raw body, refused with 413 as soon as it passes `limit` (a declared Content-Length that
    is too big is refused before anything is read; a chunked upload is counted as it arrives)."""
    limit = MAX_BODY_BYTES if limit is None else limit
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise CountyError("sync.bad_request", status=400, reason="Content-Length")
        if int(declared) > limit:
            raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def gunzip(raw: bytes, limit: int | None = None) -> bytes:
    """Inflate a gzip body (one or more members) without ever holding more than `limit` bytes."""
    limit = MAX_JSON_BYTES if limit is None else limit
    out = bytearray()
    data = raw
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(data, limit + 1 - len(out))
        except zlib.error as exc:  # a cut or damaged upload: nothing is applied, the PC sends it again
            raise CountyError("sync.bad_response", status=400, reason="gzip") from exc
        if len(out) > limit or inflater.unconsumed_tail:
            raise too_large(limit)
        if not inflater.eof:
            raise CountyError("sync.bad_response", status=400, reason="gzip")
        data = inflater.unused_data
    return bytes(out)


async def json_body(request: Request) -> bytes:
    """A JSON body as sent by the PC (gzip) or by anything else (plain), within the limits."""
    raw = await read_body(request)
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding == "gzip":
        return gunzip(raw)
    if encoding not in ("", "identity"):
        raise CountyError("sync.bad_request", status=415, reason=f"Content-Encoding {encoding[:20]}")
    return raw


async def blob_body(request: Request, sha256: str) -> bytes:
    """An attachment's bytes, refused past the attachment limit (the PC keeps bigger files local)."""
    try:
        return await read_body(request, MAX_ATTACHMENT_BYTES)
    except CountyError as exc:
        if exc.status != 413:
            raise
        raise CountyError("sync.blob_too_big", status=413, name=sha256[:12], limit=MAX_ATTACHMENT_BYTES // _MB) from None
