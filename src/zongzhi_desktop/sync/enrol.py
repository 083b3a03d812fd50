"""Joining the county: a PC with no store is set up for its township; a PC with data enrols as is.

Either way the device keeps its own id, gets a token (kept in the store), generates an Ed25519 key
for signing packages, and pins the county's public key. The first sync that follows uploads the
PC's existing changes (its baseline) and pulls what the township already has, resumably.

A store that went back in time re-registers online (`re_register`): the smallest safe step is a
call authenticated by the token the store still holds, which gives a new device id, short number
and token in the same township; no administrator and no one-time code are needed, and the old id
stays valid for the other PC when the store was copied.
"""

from __future__ import annotations

import json
import platform
import uuid
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, text

from zongzhi_desktop import __version__, crypto
from zongzhi_desktop.domain.trail_hash import AUDIT_HASHED, HASHED, audit_hash, event_hash
from zongzhi_desktop.errors import PermissionDenied, SyncError
from zongzhi_desktop.models.db import IMMEDIATE
from zongzhi_desktop.models.store import Store, create_store, open_store
from zongzhi_desktop.models.triggers import set_applying
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.sync import state
from zongzhi_desktop.sync.outbox import newest_seq
from zongzhi_desktop.sync.packages import read_package, require_kind
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION, EnrollRequest, EnrollResponse, ReEnrollRequest, ServerInfo
from zongzhi_desktop.sync.transport import Transport


def enroll(paths: AppPaths, *, server: str, code: str, admin: str, password: str, ca_file: str | None = None,
           allow_insecure: bool = False, device_name: str | None = None) -> tuple[Store, EnrollResponse]:
    """Enrol this PC; returns the opened store (the caller runs the first sync)."""
    if paths.store_file.exists():
        store = open_store(paths, admin, password)
        try:
            return store, enroll_open_store(store, server=server, code=code, ca_file=ca_file,
                                            allow_insecure=allow_insecure, device_name=device_name)
        except BaseException:
            store.close()
            raise
    key = crypto.new_signing_key()
    device_id = str(uuid.uuid4())
    url, answer = _ask_county(server, code, device_id, None, key.public_b64, ca_file, allow_insecure, device_name)
    store = create_store(paths, township_code=answer.township_code, township_name=answer.township_name,
                         admin_user=admin, admin_password=password, device_id=device_id)
    try:  # a store left open would keep its file locked on Windows, where the wizard must remove it
        _keep_enrolment(store, url, answer, key.pem, ca_file, allow_insecure)
    except BaseException:
        store.close()
        raise
    return store, answer


def enroll_open_store(store: Store, *, server: str, code: str, ca_file: str | None = None,
                      allow_insecure: bool = False, device_name: str | None = None) -> EnrollResponse:
    """Enrol the store an administrator already has open (the 同步 page of a PC with a register).
    The store stays open; when the county refuses or cannot be reached nothing in it changes."""
    if store.actor.role != "admin":
        raise PermissionDenied("sync.admin_only")
    with store.engine.connect() as conn:
        current = state.load(conn)
    if current.enrolled:
        raise SyncError("sync.already_enrolled", device=current.device_id[:8])
    key = crypto.new_signing_key()
    url, answer = _ask_county(server, code, current.device_id, current.township_code, key.public_b64, ca_file,
                              allow_insecure, device_name)
    _keep_enrolment(store, url, answer, key.pem, ca_file, allow_insecure)
    return answer


def _ask_county(server: str, code: str, device_id: str, township: str | None, public_key: str, ca_file: str | None,
                allow_insecure: bool, device_name: str | None) -> tuple[str, EnrollResponse]:
    """The county's answer to the one-time code (and the server's address as the transport spelled it)."""
    with Transport(server, ca_file=ca_file, allow_insecure=allow_insecure) as transport:
        transport.get("/info", ServerInfo)
        answer = transport.post("/enroll", EnrollRequest(
            code=code, device_id=device_id, device_name=device_name or platform.node() or "township-pc",
            public_key=public_key, schema_ver=SCHEMA_VERSION, app_ver=__version__, township_code=township,
        ), EnrollResponse)
    return transport.url, answer


def _keep_enrolment(store: Store, url: str, answer: EnrollResponse, private_pem: str, ca_file: str | None,
                    allow_insecure: bool) -> None:
    with store.engine.begin() as conn:
        state.put(conn, server_url=url, token=answer.token, device_no=answer.device_no,
                  ca_file=ca_file, allow_insecure="1" if allow_insecure else "0", server_epoch=answer.server_epoch,
                  county_public_key=answer.county_public_key, county_code=answer.county_code,
                  device_private_key=private_pem, enrolled_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def enroll_by_file(paths: AppPaths, *, enrol_file: Path, admin: str, password: str) -> tuple[Store, dict]:
    """Join from the county's enrolment file (no network): pin the county key, keep the one-time code
    for the first exported package, which carries this PC's public key; the county's reply completes it."""
    m = _enrolment_manifest(enrol_file)
    if paths.store_file.exists():
        store = open_store(paths, admin, password)
        try:
            _check_file_fits(store, m)
        except BaseException:
            store.close()
            raise
    else:
        store = create_store(paths, township_code=m["township_code"], township_name=m["township_name"],
                             admin_user=admin, admin_password=password)
    _keep_file_enrolment(store, m)
    return store, m


def enroll_open_store_by_file(store: Store, enrol_file: Path) -> dict:
    """`enroll_by_file` for the store an administrator already has open; the store stays open and
    unchanged when the file is not this township's, or this PC has already joined."""
    if store.actor.role != "admin":
        raise PermissionDenied("sync.admin_only")
    m = _enrolment_manifest(enrol_file)
    _check_file_fits(store, m)
    _keep_file_enrolment(store, m)
    return m


def _enrolment_manifest(enrol_file: Path) -> dict:
    package = read_package(enrol_file)
    require_kind(package, "enrolment")
    m = package.manifest
    package.verify(m["county_public_key"])
    return m


def _check_file_fits(store: Store, m: dict) -> None:
    with store.engine.connect() as conn:
        current = state.read_all(conn)
    if current.get("township_code") != m["township_code"]:
        raise SyncError("sync.enroll_township_mismatch", server=m["township_code"], local=current.get("township_code"))
    if current.get("county_public_key"):
        raise SyncError("sync.already_enrolled", device=(current.get("device_id") or "")[:8])


def _keep_file_enrolment(store: Store, m: dict) -> None:
    pem = crypto.new_signing_key().pem
    with store.engine.begin() as conn:
        state.put(conn, county_public_key=m["county_public_key"], county_code=m["county_code"],
                  server_epoch=m["server_epoch"], enrol_code=m["code"], device_private_key=pem,
                  enrolled_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def re_register(store: Store, transport: Transport, result: Any) -> Transport:
    """This store went back in time (restored from its own backup, or copied to another PC): the
    county holds other ops under its device id and numbers. Ask, with the token still held, for a
    new id and short number; the pending ops then go under the new id, with numbers that continue
    after the last op the county has from the old one (sync.md §3.9).

    Cases registered here since the rewind carry the old short number and may repeat numbers the
    county already has from it: those not yet sent are renumbered with the new short number (the
    user is told which). A crash between the county's answer and the local commit leaves an unused
    device at the county; the next sync asks again."""
    with store.engine.connect() as conn:
        current = state.read_all(conn)
        first_pending = conn.execute(text("SELECT min(local_seq) FROM sync_outbox WHERE state = 'pending'")).scalar()
        newest = newest_seq(conn)
    resume_after = int(first_pending) - 1 if first_pending is not None else newest
    key = crypto.new_signing_key()
    answer = transport.post("/re-enroll", ReEnrollRequest(
        device_id=str(uuid.uuid4()), device_name=platform.node() or "township-pc", public_key=key.public_b64,
        resume_after=resume_after, schema_ver=SCHEMA_VERSION, app_ver=__version__,
    ), EnrollResponse)
    old_no = current.get("device_no") or "01"
    with store.engine.execution_options(**{IMMEDIATE: True}).begin() as conn:
        renumbered = _renumber_unsent_cases(conn, current.get("township_code") or "", old_no, answer.device_no)
        for chain in _CHAINS:
            _rechain_unsent(conn, answer.device_id, *chain)
        state.put(conn, device_id=answer.device_id, device_no=answer.device_no, token=answer.token,
                  device_private_key=key.pem, acked_local_seq=resume_after, server_epoch=answer.server_epoch,
                  previous_device_id=current.get("device_id"),
                  re_registered_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    result.re_registered = answer.device_no
    result.renumbered += renumbered
    result.warnings.append("sync.re_registered")
    return Transport(current.get("server_url") or transport.url, token=answer.token, ca_file=current.get("ca_file") or None,
                     allow_insecure=current.get("allow_insecure") == "1")


def _renumber_unsent_cases(conn: Connection, township: str, old_no: str, new_no: str) -> list[str]:
    """Cases whose registration has not reached the county and whose number carries the old short
    number get the new one (row and pending op together, capture off: the op has never left this PC)."""
    rows = conn.execute(text(
        "SELECT o.local_seq, o.fields, d.id, d.case_no FROM sync_outbox o JOIN disputes d ON d.id = o.row_id "
        "WHERE o.tbl = 'disputes' AND o.kind = 'insert' AND o.state = 'pending' ORDER BY o.local_seq")).all()
    prefix = f"{township}-"
    changed = []
    set_applying(conn, True)
    try:
        for local_seq, fields_json, row_id, case_no in rows:
            parts = (case_no or "").split("-")
            if not case_no.startswith(prefix) or len(parts) != 4 or parts[2] != old_no:
                continue  # a county-assigned or already renumbered case
            parts[2] = new_no
            number = "-".join(parts)
            fields = json.loads(fields_json)
            fields["case_no"] = number
            conn.execute(text("UPDATE disputes SET case_no = :n WHERE id = :id"), {"n": number, "id": row_id})
            conn.execute(text("UPDATE sync_outbox SET fields = :f WHERE local_seq = :s"),
                         {"f": json.dumps(fields, ensure_ascii=False), "s": local_seq})
            changed.append(f"{case_no} → {number}")
    finally:
        set_applying(conn, False)
    return changed


# The per-device hash chains: (table, its running-number column, the head kept in sync_state, the hash).
_CHAINS = (("dispute_events", "device_seq", "trail_head", event_hash, HASHED),
           ("audit_log", "seq", "audit_head", audit_hash, AUDIT_HASHED))


def _rechain_unsent(conn: Connection, new_device: str, tbl: str, seq_col: str, head_key: str,
                    hash_of: Callable[[dict[str, Any]], str], hashed: tuple[str, ...]) -> None:
    """Entries not yet sent move from the old device's chain (whose later links the county has from
    before the rewind) to the start of the new device's own chain: re-numbered and re-hashed, row
    and unsent op together. The acked part of the old chain stays as it is, and continues with the
    links the county sends back."""
    rows = conn.execute(text(
        f'SELECT o.local_seq, o.fields, {", ".join(f"r.{c}" for c in hashed)} FROM sync_outbox o '
        f'JOIN "{tbl}" r ON r.id = o.row_id WHERE o.tbl = :t AND o.kind = \'insert\' AND o.state = \'pending\' '
        "ORDER BY o.local_seq"), {"t": tbl}).mappings().all()
    seq, prev = 0, None
    set_applying(conn, True)
    try:
        for r in rows:
            row = {c: r[c] for c in hashed} | {"device_id": new_device, seq_col: seq + 1, "prev_hash": prev}
            row["hash"] = hash_of(row)
            seq, prev = seq + 1, row["hash"]
            conn.execute(text(f'UPDATE "{tbl}" SET device_id = :device_id, "{seq_col}" = :seq, prev_hash = :prev_hash, '
                              "hash = :hash WHERE id = :id"),
                         {"device_id": new_device, "seq": seq, "prev_hash": row["prev_hash"], "hash": row["hash"],
                          "id": row["id"]})
            fields = json.loads(r["fields"])
            fields.update({"device_id": new_device, seq_col: seq, "prev_hash": row["prev_hash"], "hash": row["hash"]})
            conn.execute(text("UPDATE sync_outbox SET fields = :f WHERE local_seq = :s"),
                         {"f": json.dumps(fields, ensure_ascii=False), "s": r["local_seq"]})
    finally:
        set_applying(conn, False)
    if seq:
        conn.execute(text("INSERT OR REPLACE INTO sync_state (key, value) VALUES (:k, :v)"),
                     {"k": head_key, "v": json.dumps({"seq": seq, "hash": prev})})
    else:  # the new device has no link yet: no head (as on a new PC)
        conn.execute(text("DELETE FROM sync_state WHERE key = :k"), {"k": head_key})
