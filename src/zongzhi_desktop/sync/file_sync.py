"""Sync by USB stick: export the unacknowledged changes as a signed package, import the county's reply.

Exports are cumulative (every op the county has not acknowledged) and never mark anything sent, so
a lost stick loses nothing. A reply is applied through the same code as an online sync: its push
answers ack the ops, its pages are applied with the cursor, and replies imported twice, out of
order or mixed with online sync leave the same end state.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from zongzhi_desktop import __version__
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.db import IMMEDIATE
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import state
from zongzhi_desktop.sync.answers import record_answer, wire
from zongzhi_desktop.sync.engine import land_page
from zongzhi_desktop.sync.result import SyncResult
from zongzhi_desktop.sync.outbox import read_ops
from zongzhi_desktop.sync.packages import private_key, public_key_b64, read_package, require_kind, write_package
from zongzhi_desktop.sync.protocol import PROTOCOL, SCHEMA_VERSION, PullResponse, PushResponse

log = logging.getLogger(__name__)


def export_changes(store: Store, out: Path) -> int:
    """Write every unacknowledged change to `out`; returns how many."""
    with store.engine.connect() as conn:
        s = state.read_all(conn)
        if not s.get("county_public_key") or not s.get("device_private_key"):
            raise SyncError("sync.not_enrolled")
        ops = read_ops(conn, state="pending")
        hlc = int(conn.execute(text("SELECT hlc FROM sync_ctx WHERE id = 1")).scalar_one())
    key = private_key(s["device_private_key"] or "")
    manifest = {
        "kind": "township", "protocol": PROTOCOL, "schema_ver": SCHEMA_VERSION, "app_ver": __version__,
        "device_id": s.get("device_id"), "township_code": s.get("township_code"), "county_code": s.get("county_code"),
        "server_epoch": s.get("server_epoch"), "pull_cursor": int(s.get("pull_cursor") or 0), "client_hlc": hlc,
        "created_wall_ms": int(time.time() * 1000), "op_count": len(ops),
        "first_seq": ops[0].local_seq if ops else None, "last_seq": ops[-1].local_seq if ops else None,
        "device_public_key": public_key_b64(key), "enrol_code": s.get("enrol_code"),
    }
    # encrypted to the county key pinned at enrolment: a lost stick shows no one's name
    write_package(out, manifest, {"ops.json.gz": [wire(op).model_dump() for op in ops]}, key,
                  recipient_public_b64=s["county_public_key"])
    log.info("sync package written: %d changes (local seq %s-%s)", len(ops), manifest["first_seq"], manifest["last_seq"])
    return len(ops)


def import_reply(store: Store, path: Path) -> dict[str, Any]:
    """Apply the county's reply package; returns {"acked": N, "pulled": N}."""
    package = read_package(path)
    require_kind(package, "county")
    with store.engine.connect() as conn:
        s = state.read_all(conn)
    county_key = s.get("county_public_key")
    if not county_key or not s.get("device_private_key"):
        raise SyncError("sync.not_enrolled")
    package.verify(county_key)
    m = package.manifest
    if m.get("kind") != "county" or m.get("device_id") != s.get("device_id"):
        raise SyncError("sync.package_wrong_device", path=str(path))
    if s.get("server_epoch") and m.get("server_epoch") != s.get("server_epoch"):
        raise SyncError("sync.package_wrong_epoch", path=str(path))
    package.unseal(private_key(s["device_private_key"]), not_for_me="sync.package_wrong_device")
    result = SyncResult()
    writer = store.engine.execution_options(**{IMMEDIATE: True})
    for raw in package.payload("answers.json.gz"):
        answer = PushResponse.model_validate(raw)
        with writer.begin() as conn:
            record_answer(conn, answer, result)
    if m.get("device_no"):
        with writer.begin() as conn:  # an enrolment by file is complete once the county has answered
            state.put(conn, device_no=m["device_no"], enrol_code=None)
    cursor = int(s.get("pull_cursor") or 0)
    if m["from_cursor"] > cursor:
        raise SyncError("sync.package_gap", have=cursor, starts=m["from_cursor"])
    for raw in package.payload("pages.json.gz"):
        page = PullResponse.model_validate(raw)
        with writer.begin() as conn:
            now = int(state.read_all(conn).get("pull_cursor") or 0)
            if page.next_cursor <= now:
                continue  # already applied (this reply, or a later one, came before)
            land_page(conn, page, now, result)
    log.info("sync reply imported: acked %d, pulled %d, rejected %d, conflicts %d", result.pushed, result.pulled,
             result.rejected, result.conflicts)
    return {"acked": result.pushed, "pulled": result.pulled, "rejected": result.rejected}
