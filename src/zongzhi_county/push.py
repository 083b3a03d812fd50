"""Receiving a device's pushed ops: replay, gap check, validation, merge, and the commit-ordered log."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from zongzhi_county.changelog import take_numbers
from zongzhi_county.errors import CountyError
from zongzhi_county.faults import crash_point
from zongzhi_county.merge import ConflictNote, FieldVersion, Outcome, Writer, merge_fields
from zongzhi_county.moves import duplicate_notice, find_duplicates
from zongzhi_county.push_rows import (
    Stored, check_links, link_owners, load_stored, lock_records, materialise, row_hash_of,
)
from zongzhi_county.schema import (
    change_log, conflicts, devices, duplicates, field_ver, op_receipts, quarantine, records, server_meta,
)
from zongzhi_county.sql import insert_many, prepare
from zongzhi_county.store import now_ms, now_text
from zongzhi_desktop.domain.op_rules import check_op, check_origin
from zongzhi_desktop.sync.protocol import (
    CLOCK_WARN_MS, SCHEMA_VERSION, OpResult, PushRequest, PushResponse, WireOp,
)

_CHUNK = 500


def _text_encoder() -> Callable[[Any], str]:
    """json.dumps(value, ensure_ascii=False), the very same text (a field's stored value is compared
    as text, integrity.py), without building an encoder per call: JSONEncoder.encode still makes a
    C encoder for every dict or list it writes, a third of the time of writing a one-field change."""
    plain = json.JSONEncoder(ensure_ascii=False)
    if c_make_encoder is None:
        return plain.encode
    # no circular-reference markers: every value was parsed from JSON, which cannot hold a cycle
    chunks = c_make_encoder(None, plain.default, encode_basestring, None, plain.key_separator,
                            plain.item_separator, False, False, True)

    def encode(value: Any) -> str:
        return encode_basestring(value) if type(value) is str else "".join(chunks(value, 0))
    return encode


_json_text = _text_encoder()


@dataclass
class _Batch:
    """Everything one push will write, gathered before the sequence numbers are taken."""

    township: str
    device_id: str
    tx_id: str = ""  # the client transaction of the op being merged
    entries: list[dict[str, Any]] = field(default_factory=list)  # change_log rows, seq filled later
    versions: dict[tuple[str, str, str], tuple[FieldVersion, int]] = field(default_factory=dict)  # -> entry index
    new_records: dict[tuple[str, str], int] = field(default_factory=dict)  # -> entry index
    receipts: list[dict[str, Any]] = field(default_factory=list)
    receipt_entry: dict[int, int] = field(default_factory=dict)  # receipt index -> entry index
    conflict_rows: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    current: dict[tuple[str, str], dict[str, FieldVersion]] = field(default_factory=dict)  # rows' versions
    stored: dict[tuple[str, str], Stored] = field(default_factory=dict)  # values and versions as read
    at: str = field(default_factory=now_text)  # when the entries were written


def push(engine: Engine, device_id: str, req: PushRequest) -> PushResponse:
    if req.schema_ver > SCHEMA_VERSION:
        raise CountyError("sync.server_outdated", status=426, server=SCHEMA_VERSION, client=req.schema_ver)
    if req.device_id != device_id:
        raise CountyError("sync.unauthorized", status=401)
    ops = sorted(req.ops, key=lambda o: o.local_seq)
    with engine.begin() as conn:
        dev = conn.execute(
            select(devices).where(devices.c.device_id == device_id).with_for_update()
        ).mappings().one()
        watermark = int(dev["acked_local_seq"])
        replayed = _replay(conn, device_id, [o for o in ops if o.local_seq <= watermark])
        fresh = [o for o in ops if o.local_seq > watermark]
        if fresh and fresh[0].local_seq > watermark + 1:
            raise CountyError("sync.gap", status=409, expected_from=watermark + 1)
        server_now = now_ms()
        skew = req.client_wall_ms - server_now
        batch = _Batch(dev["township_code"], device_id)
        if fresh:
            _merge(conn, batch, device_id, fresh, skew, server_now)
        acked = max([watermark] + [o.local_seq for o in fresh])
        conn.execute(
            update(devices).where(devices.c.device_id == device_id).values(
                acked_local_seq=acked, clock_skew_ms=skew, schema_ver=req.schema_ver, app_ver=req.app_ver,
                last_push=now_text(), last_seen=now_text(),
            )
        )
        epoch = conn.execute(select(server_meta.c.server_epoch)).scalar_one()
        crash_point("push_before_commit")
        first, server_hlc = _commit_log(conn, batch, server_now)
    crash_point("push_after_commit")
    for receipt in batch.receipts:  # their numbers were batch-relative until the commit
        if receipt["server_seq"] is not None:
            receipt["server_seq"] += first
    # One validation of plain dicts (their other keys ignored): an OpResult built per receipt was 13 ms a push.
    return PushResponse.model_validate({
        "acked_through": acked, "results": [*replayed, *batch.receipts], "server_hlc": server_hlc,
        "server_now_ms": server_now, "server_epoch": epoch, "clock_warning_ms": skew if abs(skew) > CLOCK_WARN_MS else None,
    })


def _replay(conn: Connection, device_id: str, ops: list[WireOp]) -> list[OpResult]:
    """Ops the county already has: answer from the stored receipts, after checking they are the
    same ops (a different op under a known number means a restored or copied database)."""
    if not ops:
        return []
    seqs = [o.local_seq for o in ops]
    stored = {
        r["local_seq"]: r
        for chunk in _chunks(seqs)
        for r in conn.execute(
            select(op_receipts).where(op_receipts.c.device_id == device_id, op_receipts.c.local_seq.in_(chunk))
        ).mappings()
    }
    out = []
    for op in ops:
        r = stored.get(op.local_seq)
        if r is None or r["op_id"] != op.op_id:
            # `known_through`: the ops before this one are the county's own (the device acks them by
            # sending them alone, then re-registers for the rest: sync/enrol.py re_register).
            raise CountyError("sync.re_register", status=409, known_through=op.local_seq - 1)
        out.append(OpResult(local_seq=op.local_seq, status=r["status"], server_seq=r["server_seq"],
                            reason=r["reason"], conflicts=r["conflicts"]))
    return out


def _merge(conn: Connection, batch: _Batch, device_id: str, ops: list[WireOp], skew: int, server_now: int) -> None:
    suspect = abs(skew) > CLOCK_WARN_MS
    ceiling = server_now << 16 | 0xFFFF
    keys = sorted({(o.tbl, o.row_id) for o in ops})
    owners = lock_records(conn, keys)
    # the fields the merge weighs on stored rows: those the ops name and the deletion mark; a deletion weighs all
    on_stored = [o for o in ops if (o.tbl, o.row_id) in owners]
    weighed = None if any(o.kind == "delete" for o in on_stored) else {"deleted_at"}.union(*(o.fields for o in on_stored))
    batch.stored = load_stored(conn, [k for k in keys if k in owners], weighed)
    current = batch.current
    owners.update(link_owners(conn, ops, owners))
    for op in ops:
        batch.tx_id = op.tx_id
        # A PC whose clock is off is judged by when the edit really happened (its wall clock less
        # the offset measured now; its HLC may ride on the county's clock since its last sync), and
        # no stamp may lie in the future.
        wall = op.wall_ms - skew if suspect else op.wall_ms  # also what people are shown as "when"
        eff = wall << 16 | (op.hlc & 0xFFFF) if suspect else op.hlc
        writer = Writer(device_id, op.local_seq, min(eff, ceiling), op.user_id, wall)
        _merge_op(batch, op, writer, owners, current)
    _flag_duplicates(conn, batch)


def _flag_duplicates(conn: Connection, batch: _Batch) -> None:
    """The same ID number on another live record, here or in another township: a task for both."""
    people = {r: v.value for (t, r, f), (v, _i) in batch.versions.items()
              if f == "id_number" and t == "residents" and v.value}
    for dup in find_duplicates(conn, batch.township, people) if people else []:
        batch.duplicates.append(dup)
        duplicate_notice(lambda tbl, row_id, town, payload: _entry(
            batch, tbl, row_id, "notice", payload, 0, None, None, None, None, SCHEMA_VERSION, town), dup)


def _merge_op(batch: _Batch, op: WireOp, writer: Writer, owners: dict, current: dict) -> None:
    key = (op.tbl, op.row_id)
    flat = op.fields if op.kind == "insert" else {k: (v or {}).get("new") for k, v in op.fields.items()}
    reason = check_op(op.tbl, op.kind, flat) or check_origin(op.tbl, op.kind, flat, batch.device_id, key in owners)
    owner = owners.get(key, "")
    if reason is None and key in owners and owner != batch.township:
        reason = ("sync.op.out_of_scope", {"owner": owner})
    if reason is None and key not in owners and op.kind != "insert":
        reason = ("sync.op.unknown_row", {"tbl": op.tbl, "row": op.row_id})
    if reason is None:
        reason = check_links(op.tbl, flat, owners, batch.township)
    if reason is not None:
        # A late edit to a record that moved away waits for its new owner, never dropped.
        _quarantine(batch, op, reason, owner if reason[0] == "sync.op.out_of_scope" else batch.township)
        return
    if key not in owners:  # a new row: it belongs to the pushing device's township
        owners[key] = batch.township
        # empty fields of a new row need no version: any later value simply fills them
        outcome = Outcome(written={k: v for k, v in flat.items() if v is not None})
        batch.new_records[key] = len(batch.entries)
    else:
        changes = (
            {k: (v, None) for k, v in flat.items()} if op.kind == "insert"
            else {k: ((v or {}).get("new"), (v or {}).get("base_seq")) for k, v in op.fields.items()}
        )
        deleting = op.kind == "delete"
        versions = current.setdefault(key, {})
        # what merge_fields reads: the changed fields and the deletion mark; a deletion weighs every field
        materialise(versions, batch.stored.get(key), None if deleting else [*changes, "deleted_at"])
        outcome = merge_fields(op.tbl, changes, versions, writer, deleting=deleting)
    row_versions = current.setdefault(key, {})
    receipt: dict[str, Any] = {
        "local_seq": op.local_seq, "op_id": op.op_id, "server_seq": None, "reason": None,
        "status": "held" if outcome.held else ("conflict" if outcome.conflicts else "applied"),
        "conflicts": len(outcome.conflicts),
    }
    if outcome.held:
        receipt["reason"] = "sync.op.identity_held"
    if outcome.written or op.kind == "insert":
        kind = "update" if op.kind == "insert" and key not in batch.new_records else op.kind
        idx = _entry(batch, op.tbl, op.row_id, kind, outcome.written, writer.hlc, writer.device_id,
                     op.local_seq, op.user_id, writer.wall_ms, op.schema_ver)
        batch.receipt_entry[len(batch.receipts)] = idx
        for name, value in outcome.written.items():
            version = writer.version(value)
            row_versions[name] = version
            batch.versions[(op.tbl, op.row_id, name)] = (version, idx)
    if outcome.kept:  # the PC holds a value that lost: tell it (and everyone) the value that stands
        kept = {name: v.value for name, v in outcome.kept.items()}
        _entry(batch, op.tbl, op.row_id, "update", kept, max(v.hlc for v in outcome.kept.values()),
               None, None, None, None, SCHEMA_VERSION)
    for note in outcome.conflicts:
        _conflict(batch, op, note)
    batch.receipts.append(receipt)


def _entry(batch: _Batch, tbl: str, row_id: str, kind: str, fields: dict[str, Any], hlc: int,
           device: str | None, local_seq: int | None, user: str | None, wall_ms: int | None, schema_ver: int,
           township: str | None = None) -> int:
    batch.entries.append({
        "tx_seq": batch.tx_id, "tbl": tbl, "row_id": row_id, "kind": kind, "fields": _json_text(fields),
        "hlc": hlc, "origin_device": device, "origin_local_seq": local_seq, "origin_user": user, "wall_ms": wall_ms,
        "township_code": township or batch.township, "schema_ver": schema_ver, "at": batch.at,
    })
    return len(batch.entries) - 1


def _origin(v: FieldVersion) -> str:
    return json.dumps({"device": v.origin_device, "user": v.origin_user, "wall_ms": v.wall_ms, "hlc": v.hlc})


def _conflict(batch: _Batch, op: WireOp, note: ConflictNote) -> None:
    row = {
        "id": str(uuid.uuid4()), "township_code": batch.township, "tbl": op.tbl, "row_id": op.row_id,
        "field": note.field, "policy": note.policy, "status": note.status, "created_at": now_text(),
        "winner_val": json.dumps(note.winner.value, ensure_ascii=False),
        "loser_val": json.dumps(note.loser.value, ensure_ascii=False),
        "winner_origin": _origin(note.winner), "loser_origin": _origin(note.loser),
        "resolved_at": None, "resolution": None,
    }
    batch.conflict_rows.append(row)
    # Both sides see the same list: the conflict travels to the township as a notice.
    notice = {k: v for k, v in row.items() if k not in ("township_code",)}
    _entry(batch, "conflicts", row["id"], "notice", notice, note.winner.hlc, None, None, None, None, SCHEMA_VERSION)


def _quarantine(batch: _Batch, op: WireOp, reason: tuple[str, dict[str, Any]], township: str) -> None:
    batch.quarantined.append({
        "id": str(uuid.uuid4()), "device_id": batch.device_id, "local_seq": op.local_seq, "township_code": township,
        "payload": op.model_dump_json(), "reason": json.dumps(list(reason), ensure_ascii=False),
        "status": "open", "created_at": now_text(),
    })
    batch.receipts.append({
        "local_seq": op.local_seq, "op_id": op.op_id, "status": "rejected", "server_seq": None,
        "reason": json.dumps(list(reason), ensure_ascii=False), "conflicts": 0,
    })


def _commit_log(conn: Connection, batch: _Batch, server_now: int) -> tuple[int, int]:
    """Write what the batch gathered, taking its (first) change-log number last; with the county clock.

    Taking numbers row-locks `server_meta` to commit (seq order is commit order), so everything is
    prepared before with batch-relative numbers: under the lock run only bulk statements adding the
    first number in SQL (with thirty pushes, each Python step under it waited for the GIL)."""
    for table, rows in ((conflicts, batch.conflict_rows), (quarantine, batch.quarantined), (duplicates, batch.duplicates)):
        insert_many(conn, table, rows)  # these carry no change-log number
    # One local transaction's changes stay together in pulls, grouped under their first seq.
    tx_first: dict[str, int] = {}
    for i, entry in enumerate(batch.entries):
        entry["server_seq"] = i
        entry["tx_seq"] = tx_first.setdefault(entry["tx_seq"], i)
    touched = _touched_rows(batch)
    created = [{"tbl": t, "row_id": r, "township_code": batch.township, "created_seq": idx, **touched.pop((t, r))}
               for (t, r), idx in batch.new_records.items()]
    changed = [{"tbl": t, "row_id": r, **v} for (t, r), v in touched.items()]
    versions = [
        {"tbl": t, "row_id": r, "field": f, "value": _json_text(v.value),
         "server_seq": idx, "hlc": v.hlc, "origin_device": v.origin_device,
         "origin_local_seq": v.origin_local_seq, "origin_user": v.origin_user, "wall_ms": v.wall_ms}
        for (t, r, f), (v, idx) in batch.versions.items()
    ]
    for i, receipt in enumerate(batch.receipts):
        receipt["server_seq"] = batch.receipt_entry.get(i)
    writes = [
        prepare(conn, change_log, batch.entries, numbered=("server_seq", "tx_seq")),
        prepare(conn, records, created, numbered=("created_seq", "last_seq")),
        prepare(conn, records, changed, numbered=("last_seq",), update_keys=("tbl", "row_id")),
        prepare(conn, field_ver, versions, numbered=("server_seq",), upsert_keys=("tbl", "row_id", "field")),
        prepare(conn, op_receipts, [{**r, "device_id": batch.device_id} for r in batch.receipts], numbered=("server_seq",)),
    ]
    first, county_hlc = take_numbers(conn, len(batch.entries), server_now)
    for write in writes:
        write.run(conn, first)
    return first, county_hlc


def _touched_rows(batch: _Batch) -> dict[tuple[str, str], dict[str, int]]:
    """Each row this push wrote: its latest change-log entry (batch-relative) and the hash of its values now."""
    last: dict[tuple[str, str], int] = {}
    for (t, r, _f), (_v, idx) in batch.versions.items():
        if last.get((t, r), -1) < idx:
            last[(t, r)] = idx
    current, stored = batch.current, batch.stored
    out = {key: {"last_seq": idx, "row_hash": row_hash_of(current[key], stored.get(key))} for key, idx in last.items()}
    for key, idx in batch.new_records.items():  # an insert of nothing but empty values still counts
        if key not in out:
            out[key] = {"last_seq": idx, "row_hash": row_hash_of({}, None)}
    return out


def _chunks(items: list, size: int = _CHUNK) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]
