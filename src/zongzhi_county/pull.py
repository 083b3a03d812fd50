"""Handing a device its township's changes (and county-wide ones) after its cursor, page by page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, or_, select, update

from zongzhi_county.errors import CountyError
from zongzhi_county.schema import change_log, devices, server_meta
from zongzhi_county.store import now_ms, now_text
from zongzhi_desktop.sync.protocol import MIN_SCHEMA, PULL_PAGE, Change, PullResponse

# The columns a page carries, in the order of protocol.Change (the JSON page keeps that order too).
_COLUMNS = (change_log.c.server_seq, change_log.c.tx_seq, change_log.c.tbl, change_log.c.row_id, change_log.c.kind,
            change_log.c.fields, change_log.c.hlc, change_log.c.origin_device, change_log.c.origin_user,
            change_log.c.wall_ms)
_SEQ, _TX, _FIELDS, _ORIGIN = 0, 1, 5, 7


@dataclass
class _Page:
    rows: list[Any]  # tuples in _COLUMNS order
    next_cursor: int
    has_more: bool
    head: int
    meta: Any  # (next_seq, hlc, server_epoch)
    acked: int


def pull(engine: Engine, device: dict, cursor: int, limit: int = PULL_PAGE, schema_ver: int | None = None) -> PullResponse:
    """One page as a model (reply packages). Built without validating again what the county
    validated when it took the changes in; the PC validates every page it receives."""
    page = _read_page(engine, device, cursor, limit, schema_ver)
    me = device["device_id"]
    changes = [
        Change.model_construct(
            server_seq=r[0], tx_seq=r[1], tbl=r[2], row_id=r[3], kind=r[4],
            # the device's own changes only move its version marks: it has the values already
            fields={} if r[_ORIGIN] == me else json.loads(r[_FIELDS]),
            hlc=r[6], origin_device=r[7], origin_user=r[8], wall_ms=r[9],
        )
        for r in page.rows
    ]
    return PullResponse.model_construct(changes=changes, **_tail(page))


def pull_json(engine: Engine, device: dict, cursor: int, limit: int = PULL_PAGE, schema_ver: int | None = None) -> bytes:
    """The same page as PullResponse JSON, written straight from the change log: each change's
    `fields` is the JSON object text stored when the change was taken in, so nothing is parsed,
    validated and serialised again per change (that was most of the county's time per page)."""
    page = _read_page(engine, device, cursor, limit, schema_ver)
    me = device["device_id"]
    q = encode_basestring_ascii  # a str as its JSON text, quotes included (the C encoder json.dumps uses)
    parts = [
        f'{{"server_seq":{r[0]},"tx_seq":{r[1]},"tbl":{q(r[2])},"row_id":{q(r[3])},"kind":{q(r[4])},'
        f'"fields":{"{}" if r[_ORIGIN] == me else _object_text(r[_FIELDS])},"hlc":{r[6]},'
        f'"origin_device":{"null" if r[7] is None else q(r[7])},"origin_user":{"null" if r[8] is None else q(r[8])},'
        f'"wall_ms":{"null" if r[9] is None else int(r[9])}}}'
        for r in page.rows
    ]
    tail = json.dumps(_tail(page), separators=(",", ":"))
    return f'{{"changes":[{",".join(parts)}],{tail[1:]}'.encode()


def _object_text(stored: str) -> str:
    """A stored `fields` text as it goes out; anything but a JSON object text is parsed (and fails loudly)."""
    if stored[:1] == "{" and stored[-1:] == "}":
        return stored
    value = json.loads(stored)
    if not isinstance(value, dict):
        raise ValueError(f"change_log.fields is not a JSON object: {stored[:80]!r}")
    return json.dumps(value, ensure_ascii=False)


def _tail(page: _Page) -> dict[str, Any]:
    return {"next_cursor": page.next_cursor, "has_more": page.has_more, "head_seq": page.head,
            "server_epoch": page.meta[2], "server_hlc": int(page.meta[1]), "server_now_ms": now_ms(),
            "min_schema": MIN_SCHEMA, "device_acked_seq": page.acked}


def _read_page(engine: Engine, device: dict, cursor: int, limit: int, schema_ver: int | None) -> _Page:
    if schema_ver is not None and schema_ver < MIN_SCHEMA:
        raise CountyError("sync.client_outdated", status=426, minimum=MIN_SCHEMA)
    limit = max(1, min(limit, PULL_PAGE))
    township = device["township_code"]
    scope = or_(change_log.c.township_code == township, change_log.c.township_code.is_(None))
    with engine.connect() as conn:
        meta = conn.execute(select(server_meta.c.next_seq, server_meta.c.hlc, server_meta.c.server_epoch)).one()
        acked = int(conn.execute(select(devices.c.acked_local_seq)
                                 .where(devices.c.device_id == device["device_id"])).scalar_one())
        # Everything numbered up to head is committed: numbers are taken under a lock held to commit.
        head = int(meta[0]) - 1
        # The township's changes and the county-wide ones, each read in index order up to `limit`:
        # one query with `OR` made SQLite gather and sort everything after the cursor for every
        # page (50,000 changes pulled in ten pages read some 275,000 rows).
        # Each part fetched whole (.all(): one driver fetch, not a fetchone per row).
        rows = sorted((r for part in (change_log.c.township_code == township, change_log.c.township_code.is_(None))
                       for r in conn.execute(
                           select(*_COLUMNS).where(change_log.c.server_seq > cursor, change_log.c.server_seq <= head, part)
                           .order_by(change_log.c.server_seq).limit(limit)).all()),
                      key=itemgetter(_SEQ))[:limit]
        has_more = len(rows) >= limit
        if has_more:  # never split one local transaction across pages
            last = rows[-1]
            rows += [tuple(r) for r in conn.execute(
                select(*_COLUMNS).where(
                    change_log.c.tx_seq == last[_TX], change_log.c.server_seq > last[_SEQ],
                    change_log.c.server_seq <= head, scope,
                ).order_by(change_log.c.server_seq)
            )]
            # A full page that ends at the head is the last: no empty page (a round trip and a PC
            # transaction) just to say so. The cursor is the same either way: the head.
            has_more = rows[-1][_SEQ] < head
    with engine.begin() as conn:
        conn.execute(update(devices).where(devices.c.device_id == device["device_id"])
                     .values(last_pull=now_text(), last_seen=now_text()))
    return _Page(rows, rows[-1][_SEQ] if has_more else max(head, cursor), has_more, head, meta, acked)
