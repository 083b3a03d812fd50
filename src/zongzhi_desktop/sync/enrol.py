"""Joining the county: a PC with no store is set up for its township; a PC with data enrols as is.

Either way the device keeps its own id, gets a token (kept in the store), generates an Ed25519 key
for signing packages, and pins the county's public key. The first sync that follows uploads the
PC's existing changes (its baseline) and pulls what the township already has, resumably.
"""

from __future__ import annotations

import platform
import uuid
from datetime import datetime, timezone
from pathlib import Path

from zongzhi_desktop import __version__, crypto
from zongzhi_desktop.errors import PermissionDenied, SyncError
from zongzhi_desktop.models.store import Store, create_store, open_store
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.sync import state
from zongzhi_desktop.sync.packages import read_package
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION, EnrollRequest, EnrollResponse, ServerInfo
from zongzhi_desktop.sync.transport import Transport


def enroll(paths: AppPaths, *, server: str, code: str, admin: str, password: str, ca_file: str | None = None,
           allow_insecure: bool = False, device_name: str | None = None) -> tuple[Store, EnrollResponse]:
    """Enrol this PC; returns the opened store (the caller runs the first sync)."""
    key = crypto.new_signing_key()
    public = key.public_b64
    store: Store | None = None
    if paths.store_file.exists():
        store = open_store(paths, admin, password)
        if store.actor.role != "admin":
            store.close()
            raise PermissionDenied("sync.admin_only")
        with store.engine.connect() as conn:
            current = state.load(conn)
        if current.enrolled:
            store.close()
            raise SyncError("sync.already_enrolled", device=current.device_id[:8])
        device_id, township = current.device_id, current.township_code
    else:
        device_id, township = str(uuid.uuid4()), None
    try:
        with Transport(server, ca_file=ca_file, allow_insecure=allow_insecure) as transport:
            transport.get("/info", ServerInfo)
            answer = transport.post("/enroll", EnrollRequest(
                code=code, device_id=device_id, device_name=device_name or platform.node() or "township-pc",
                public_key=public, schema_ver=SCHEMA_VERSION, app_ver=__version__, township_code=township,
            ), EnrollResponse)
        if store is None:
            store = create_store(paths, township_code=answer.township_code, township_name=answer.township_name,
                                 admin_user=admin, admin_password=password, device_id=device_id)
    except BaseException:
        if store is not None:
            store.close()
        raise
    pem = key.pem
    with store.engine.begin() as conn:
        state.put(conn, server_url=transport.url, token=answer.token, device_no=answer.device_no,
                  ca_file=ca_file, allow_insecure="1" if allow_insecure else "0", server_epoch=answer.server_epoch,
                  county_public_key=answer.county_public_key, county_code=answer.county_code,
                  device_private_key=pem, enrolled_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return store, answer


def enroll_by_file(paths: AppPaths, *, enrol_file: Path, admin: str, password: str) -> tuple[Store, dict]:
    """Join from the county's enrolment file (no network): pin the county key, keep the one-time code
    for the first exported package, which carries this PC's public key; the county's reply completes it."""
    package = read_package(enrol_file)
    m = package.manifest
    if m.get("kind") != "enrolment":
        raise SyncError("sync.package_wrong_device", path=str(enrol_file))
    package.verify(m["county_public_key"])
    if paths.store_file.exists():
        store = open_store(paths, admin, password)
        with store.engine.connect() as conn:
            current = state.read_all(conn)
        if current.get("township_code") != m["township_code"]:
            store.close()
            raise SyncError("sync.enroll_township_mismatch", server=m["township_code"], local=current.get("township_code"))
        if current.get("county_public_key"):
            store.close()
            raise SyncError("sync.already_enrolled", device=(current.get("device_id") or "")[:8])
    else:
        store = create_store(paths, township_code=m["township_code"], township_name=m["township_name"],
                             admin_user=admin, admin_password=password)
    pem = crypto.new_signing_key().pem
    with store.engine.begin() as conn:
        state.put(conn, county_public_key=m["county_public_key"], county_code=m["county_code"],
                  server_epoch=m["server_epoch"], enrol_code=m["code"], device_private_key=pem,
                  enrolled_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return store, m
