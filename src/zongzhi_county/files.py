"""The county's side of sync by file: import a township's package through the online push path,
answer with a signed reply (receipts plus everything the township should pull), and enrolment files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from zongzhi_county import admin
from zongzhi_county.enrolment import enroll
from zongzhi_county.errors import CountyError
from zongzhi_county.pull import pull
from zongzhi_county.push import push
from zongzhi_county.schema import devices, townships
from zongzhi_county.store import now_ms
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.sync.packages import Package, private_key, read_package, require_kind, write_package
from zongzhi_desktop.sync.protocol import MAX_BATCH_OPS, PROTOCOL, EnrollRequest, PushRequest, WireOp


def write_enrolment_file(engine: Engine, township: str, out: Path) -> str:
    """A township that has never been online joins with this file (the one-time code is inside)."""
    meta = admin.require_meta(engine)
    code = admin.new_enrol_code(engine, township=township)
    with engine.connect() as conn:
        name = conn.execute(select(townships.c.name).where(townships.c.code == township)).scalar_one()
    manifest = {"kind": "enrolment", "protocol": PROTOCOL, "county_code": meta["county_code"],
                "county_name": meta["county_name"], "township_code": township, "township_name": name,
                "county_public_key": meta["public_key"], "server_epoch": meta["server_epoch"], "code": code}
    write_package(out, manifest, {}, private_key(meta["signing_key"]), recipient_public_b64=None)  # nothing secret inside
    return code


def import_package(engine: Engine, path: Path, reply: Path) -> dict[str, int]:
    """Apply a township package; write the reply. Refuses (before applying anything) a package that is
    damaged, tampered with, for another county or epoch, or from an unknown or revoked device."""
    meta = admin.require_meta(engine)
    package = _checked(engine, meta, read_package(path))
    m = package.manifest
    device_id = m["device_id"]
    ops = [WireOp.model_validate(o) for o in package.payload("ops.json.gz")]
    answers, counts = [], {"applied": 0, "duplicates": 0, "rejected": 0}
    with engine.connect() as conn:
        watermark = conn.execute(select(devices.c.acked_local_seq).where(devices.c.device_id == device_id)).scalar_one()
    for start in range(0, len(ops), MAX_BATCH_OPS):
        chunk = ops[start:start + MAX_BATCH_OPS]
        answer = push(engine, device_id, PushRequest(
            schema_ver=m["schema_ver"], app_ver=m.get("app_ver") or "?", device_id=device_id,
            first_seq=chunk[0].local_seq, last_seq=chunk[-1].local_seq,
            # a file travels for days: its age says nothing about the PC's clock, so none is measured
            client_wall_ms=now_ms(), client_hlc=m["client_hlc"], ops=chunk))
        answers.append(answer.model_dump())
        for r in answer.results:
            if r.local_seq <= watermark:
                counts["duplicates"] += 1
            elif r.status == "rejected":
                counts["rejected"] += 1
            else:
                counts["applied"] += 1
    device = _device(engine, device_id)
    pages, cursor = [], int(m.get("pull_cursor") or 0)
    while True:
        page = pull(engine, device, cursor, schema_ver=m["schema_ver"])
        pages.append(page.model_dump())
        cursor = page.next_cursor
        if not page.has_more:
            break
    reply_manifest = {"kind": "county", "protocol": PROTOCOL, "device_id": device_id, "county_code": meta["county_code"],
                      "server_epoch": meta["server_epoch"], "from_cursor": int(m.get("pull_cursor") or 0),
                      "to_cursor": cursor, "device_no": device["device_no"]}
    write_package(reply, reply_manifest, {"answers.json.gz": answers, "pages.json.gz": pages},
                  private_key(meta["signing_key"]), recipient_public_b64=device["public_key"])  # for that PC only
    return counts


def _checked(engine: Engine, meta: dict[str, Any], package: Package) -> Package:
    m = package.manifest
    require_kind(package, "township")
    if m.get("county_code") != meta["county_code"]:
        raise SyncError("sync.package_wrong_county", path=str(package.path))
    if m.get("server_epoch") and m["server_epoch"] != meta["server_epoch"]:
        raise SyncError("sync.package_wrong_epoch", path=str(package.path))
    known = _device(engine, m.get("device_id") or "", missing_ok=True)
    if known is None:
        if not m.get("enrol_code"):
            raise SyncError("sync.package_wrong_device", path=str(package.path))
        package.verify(m.get("device_public_key") or "")  # the code inside vouches for this first key
        _unseal(meta, package)
        enroll(engine, EnrollRequest(code=m["enrol_code"], device_id=m["device_id"], device_name="U盘注册",
                                     public_key=m["device_public_key"], schema_ver=m["schema_ver"],
                                     app_ver=m.get("app_ver") or "?", township_code=m.get("township_code")))
        return package
    package.verify(known["public_key"])
    if known["status"] != "active":
        raise SyncError("sync.revoked")
    _unseal(meta, package)
    return package


def _unseal(meta: dict[str, Any], package: Package) -> None:
    """Every member checked and decrypted with the county's key; one sealed to another county's key
    (the same code, re-keyed or a copy) is refused as for another county."""
    package.unseal(private_key(meta["signing_key"]), not_for_me="sync.package_wrong_county")


def _device(engine: Engine, device_id: str, *, missing_ok: bool = False) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.device_id == device_id)).mappings().first()
    if row is None and not missing_ok:
        raise CountyError("sync.device_unknown", device=device_id)
    return dict(row) if row else None
