"""A PC joins its township: the one-time code becomes a device with a hashed token."""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, Engine, insert, select, update

from zongzhi_county.admin import hash_secret, normalize_code
from zongzhi_county.errors import CountyError
from zongzhi_county.schema import devices, enrol_codes, server_meta, townships
from zongzhi_county.store import now_ms, now_text
from zongzhi_desktop.crypto import is_public_key
from zongzhi_desktop.sync.protocol import EnrollRequest, EnrollResponse, ReEnrollRequest


def enroll(engine: Engine, req: EnrollRequest) -> EnrollResponse:
    if not is_public_key(req.public_key):
        raise CountyError("sync.bad_code")
    with engine.begin() as conn:
        code = conn.execute(
            select(enrol_codes).where(enrol_codes.c.code_hash == hash_secret(normalize_code(req.code))).with_for_update()
        ).mappings().first()
        if code is None or code["used_by"] is not None or code["expires_ms"] < now_ms():
            raise CountyError("sync.bad_code", status=403)
        if req.township_code and req.township_code != code["township_code"]:
            raise CountyError("sync.enroll_township_mismatch", status=409, server=code["township_code"],
                              local=req.township_code)
        if conn.execute(select(devices.c.device_id).where(devices.c.device_id == req.device_id)).first():
            raise CountyError("sync.already_enrolled", status=409, device=req.device_id)
        answer = _register_device(conn, code["township_code"], req, name=req.device_name[:100], acked=0)
        conn.execute(update(enrol_codes).where(enrol_codes.c.code_hash == code["code_hash"]).values(used_by=req.device_id))
    return answer


def device_for_token(engine: Engine, token: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.token_hash == hash_secret(token))).mappings().first()
    if row is None:
        raise CountyError("sync.unauthorized", status=401)
    if row["status"] != "active":
        raise CountyError("sync.revoked", status=403)
    return dict(row)


def re_enroll(engine: Engine, old: dict, req: ReEnrollRequest) -> EnrollResponse:
    """A device whose store went back in time (restored, or copied to a second PC) gets a new id,
    short number and token in its own township, authenticated by the token it still holds. Its
    watermark starts at `resume_after`, so it carries on with its pending ops; the old id stays
    active, as a copied store's other PC may still be using it."""
    if not is_public_key(req.public_key):
        raise CountyError("sync.bad_code")
    with engine.begin() as conn:
        if conn.execute(select(devices.c.device_id).where(devices.c.device_id == req.device_id)).first():
            raise CountyError("sync.already_enrolled", status=409, device=req.device_id)
        # the lineage stays readable in `zongzhi-county devices`
        name = f"{req.device_name[:60]}（原设备 {old['device_id'][:8]} 重新注册）"
        return _register_device(conn, old["township_code"], req, name=name, acked=req.resume_after)


def _register_device(conn: Connection, township_code: str, req: EnrollRequest | ReEnrollRequest, *, name: str,
                     acked: int) -> EnrollResponse:
    """The next short number of the township, a new token (kept hashed) and the device's row."""
    town = conn.execute(select(townships).where(townships.c.code == township_code).with_for_update()).mappings().one()
    device_no = f"{town['next_device_no']:02d}"
    conn.execute(update(townships).where(townships.c.code == town["code"]).values(next_device_no=town["next_device_no"] + 1))
    token = secrets.token_urlsafe(32)
    conn.execute(insert(devices), {
        "device_id": req.device_id, "township_code": town["code"], "device_no": device_no, "name": name,
        "token_hash": hash_secret(token), "public_key": req.public_key, "status": "active",
        "acked_local_seq": acked, "schema_ver": req.schema_ver, "app_ver": req.app_ver,
        "clock_skew_ms": 0, "enrolled_at": now_text(), "last_seen": now_text(),
    })
    meta = conn.execute(select(server_meta)).mappings().one()
    return EnrollResponse(
        device_id=req.device_id, device_no=device_no, token=token, county_code=meta["county_code"],
        county_name=meta["county_name"], township_code=town["code"], township_name=town["name"],
        county_public_key=meta["public_key"], server_epoch=meta["server_epoch"],
    )
