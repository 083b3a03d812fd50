"""Handing a device its township's changes (and county-wide ones) after its cursor, page by page."""

from __future__ import annotations

import json

from sqlalchemy import Engine, or_, select, update

from zongzhi_county.errors import CountyError
from zongzhi_county.schema import change_log, devices, server_meta
from zongzhi_county.store import now_ms, now_text
from zongzhi_desktop.sync.protocol import MIN_SCHEMA, PULL_PAGE, Change, PullResponse


def pull(engine: Engine, device: dict, cursor: int, limit: int = PULL_PAGE, schema_ver: int | None = None) -> PullResponse:
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
        rows = sorted((r for part in (change_log.c.township_code == township, change_log.c.township_code.is_(None))
                       for r in conn.execute(
                           select(change_log).where(change_log.c.server_seq > cursor, change_log.c.server_seq <= head, part)
                           .order_by(change_log.c.server_seq).limit(limit)).mappings()),
                      key=lambda r: r["server_seq"])[:limit]
        has_more = len(rows) >= limit
        if has_more:  # never split one local transaction across pages
            last = rows[-1]
            rows += conn.execute(
                select(change_log).where(
                    change_log.c.tx_seq == last["tx_seq"], change_log.c.server_seq > last["server_seq"],
                    change_log.c.server_seq <= head, scope,
                ).order_by(change_log.c.server_seq)
            ).mappings()
    with engine.begin() as conn:
        conn.execute(update(devices).where(devices.c.device_id == device["device_id"])
                     .values(last_pull=now_text(), last_seen=now_text()))
    me = device["device_id"]
    changes = [
        Change(
            server_seq=r["server_seq"], tx_seq=r["tx_seq"], tbl=r["tbl"], row_id=r["row_id"], kind=r["kind"],
            # the device's own changes only move its version marks: it has the values already
            fields={} if r["origin_device"] == me else json.loads(r["fields"]),
            hlc=r["hlc"], origin_device=r["origin_device"], origin_user=r["origin_user"], wall_ms=r["wall_ms"],
        )
        for r in rows
    ]
    return PullResponse(
        changes=changes, next_cursor=rows[-1]["server_seq"] if has_more else max(head, cursor),
        has_more=has_more, head_seq=head, server_epoch=meta[2], server_hlc=int(meta[1]),
        server_now_ms=now_ms(), min_schema=MIN_SCHEMA, device_acked_seq=acked,
    )
