"""The county IT officer's operations: the county and its townships, devices, conflicts, quarantine."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from typing import Any

from sqlalchemy import Engine, func, insert, select, update

from zongzhi_county.errors import CountyError
from zongzhi_county.changelog import take_numbers
from zongzhi_county.schema import change_log, conflicts, devices, enrol_codes, quarantine, server_meta, townships
from zongzhi_county.store import create_schema, now_ms, now_text, read_meta
from zongzhi_desktop.crypto import new_signing_key
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION

CODE_TTL_MS = 7 * 24 * 3600 * 1000
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def hash_secret(value: str) -> str:
    """Tokens and one-time codes are long random strings, so a plain SHA-256 suffices to keep
    them from being usable if the database leaks (no dictionary to attack, unlike passwords)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def init_county(engine: Engine, *, code: str, name: str) -> dict[str, Any]:
    code = code.strip()
    if not (code.isdigit() and len(code) == 6):  # GB/T 2260: once set it numbers cases and names the county
        raise CountyError("registers.county_code", code=code)
    _require_name(name, "县（市、区）名称")
    create_schema(engine)
    with engine.begin() as conn:
        meta = read_meta(conn)
        if meta is not None:
            raise CountyError("sync.county_exists", code=meta["county_code"])
        key = new_signing_key()
        row = {
            "id": 1, "server_epoch": str(uuid.uuid4()), "county_code": code.strip(), "county_name": name.strip(),
            "next_seq": 1, "hlc": now_ms() << 16,
            "signing_key": key.pem, "public_key": key.public_b64, "created_at": now_text(),
        }
        conn.execute(insert(server_meta), row)
    return {"county_code": row["county_code"], "county_name": row["county_name"], "server_epoch": row["server_epoch"]}


def _require_name(name: str, field: str) -> None:
    if not name.strip():
        raise CountyError("input.required", field=field)
    if len(name.strip()) > 64:
        raise CountyError("input.too_long", field=field, max=64)


def require_meta(engine: Engine) -> dict[str, Any]:
    try:
        with engine.connect() as conn:
            meta = read_meta(conn)
    except Exception as exc:  # no tables yet
        raise CountyError("sync.county_missing", status=503) from exc
    if meta is None:
        raise CountyError("sync.county_missing", status=503)
    return meta


def add_township(engine: Engine, *, code: str, name: str) -> dict[str, str]:
    meta = require_meta(engine)
    code = code.strip()
    if not (code.isdigit() and len(code) == 9):
        raise CountyError("registers.township_code", code=code)
    if not code.startswith(meta["county_code"]):  # a township's code begins with its county's (GB/T 10114)
        raise CountyError("registers.township_elsewhere", code=code, county=meta["county_code"])
    _require_name(name, "乡镇（街道）名称")
    with engine.begin() as conn:
        if conn.execute(select(townships.c.code).where(townships.c.code == code)).first():
            raise CountyError("sync.township_exists", code=code)
        conn.execute(insert(townships), {"code": code, "name": name.strip(), "next_device_no": 1, "created_at": now_text()})
    return {"code": code, "name": name.strip()}


def new_enrol_code(engine: Engine, *, township: str) -> str:
    require_meta(engine)
    with engine.begin() as conn:
        if not conn.execute(select(townships.c.code).where(townships.c.code == township)).first():
            raise CountyError("sync.township_unknown", code=township)
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
        conn.execute(
            insert(enrol_codes),
            {"code_hash": hash_secret(raw), "township_code": township, "created_at": now_text(),
             "expires_ms": now_ms() + CODE_TTL_MS, "used_by": None},
        )
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def list_devices(engine: Engine) -> list[dict[str, Any]]:
    cols = [devices.c[n] for n in ("device_id", "township_code", "device_no", "name", "status", "acked_local_seq",
                                   "schema_ver", "app_ver", "clock_skew_ms", "enrolled_at", "last_seen", "last_push",
                                   "last_pull")]
    with engine.connect() as conn:
        rows = conn.execute(select(*cols).order_by(devices.c.township_code, devices.c.device_no)).mappings()
        return [dict(r) for r in rows]


def revoke_device(engine: Engine, device_id: str) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(devices).where(devices.c.device_id == device_id).values(status="revoked"))
        if done.rowcount == 0:
            raise CountyError("sync.device_unknown", device=device_id)


def list_conflicts(engine: Engine, *, township: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    query = select(conflicts).order_by(conflicts.c.created_at, conflicts.c.id)
    if township:
        query = query.where(conflicts.c.township_code == township)
    if status:
        query = query.where(conflicts.c.status == status)
    with engine.connect() as conn:
        return [_decode(dict(r), "winner_val", "loser_val", "winner_origin", "loser_origin")
                for r in conn.execute(query).mappings()]


def resolve_conflict(engine: Engine, conflict_id: str, *, note: str = "") -> dict[str, Any]:
    """Close a conflict after review; the township's inbox learns it with its next pull."""
    with engine.begin() as conn:
        row = conn.execute(select(conflicts).where(conflicts.c.id == conflict_id).with_for_update()).mappings().first()
        if row is None:
            raise CountyError("sync.conflict_not_found", id=conflict_id)
        done = {**row, "status": "resolved", "resolved_at": now_text(), "resolution": note or None}
        conn.execute(update(conflicts).where(conflicts.c.id == conflict_id)
                     .values(status="resolved", resolved_at=done["resolved_at"], resolution=done["resolution"]))
        seq, county_hlc = take_numbers(conn, 1, now_ms())
        notice = {k: v for k, v in done.items() if k != "township_code"}
        conn.execute(insert(change_log), {
            "server_seq": seq, "tx_seq": seq, "tbl": "conflicts", "row_id": conflict_id, "kind": "notice",
            "fields": json.dumps(notice, ensure_ascii=False), "hlc": county_hlc, "origin_device": None,
            "origin_local_seq": None, "origin_user": None, "wall_ms": now_ms(), "township_code": row["township_code"],
            "schema_ver": SCHEMA_VERSION, "at": now_text(),
        })
    return _decode(dict(done), "winner_val", "loser_val", "winner_origin", "loser_origin")


def list_quarantine(engine: Engine, *, status: str | None = None) -> list[dict[str, Any]]:
    query = select(quarantine).order_by(quarantine.c.created_at, quarantine.c.local_seq)
    if status:
        query = query.where(quarantine.c.status == status)
    with engine.connect() as conn:
        return [_decode(dict(r), "payload", "reason") for r in conn.execute(query).mappings()]


def resolve_quarantine(engine: Engine, item_id: str) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(quarantine).where(quarantine.c.id == item_id).values(status="resolved"))
        if done.rowcount == 0:
            raise CountyError("sync.conflict_not_found", id=item_id)


def count_open(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            "conflicts": conn.execute(select(func.count()).select_from(conflicts).where(conflicts.c.status != "resolved")).scalar_one(),
            "quarantine": conn.execute(select(func.count()).select_from(quarantine).where(quarantine.c.status == "open")).scalar_one(),
        }


def _decode(row: dict[str, Any], *names: str) -> dict[str, Any]:
    for n in names:
        if row.get(n) is not None:
            row[n] = json.loads(row[n])
    return row
