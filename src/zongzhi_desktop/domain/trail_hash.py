"""Hash chains: one canonical form of a record, hashed the same on PC and county; links checked per device.

Used by the case trail (`dispute_events`) and the audit log (`audit_log`): each PC chains its own
records, `hash = sha256(canonical [fields..., prev_hash])`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

HASHED = ("id", "dispute_id", "device_id", "device_seq", "hlc", "at", "actor", "department_id",
          "action", "from_status", "to_status", "note", "data", "prev_hash")
AUDIT_HASHED = ("id", "device_id", "seq", "at", "username", "role", "action", "subject_table", "subject_id",
                "detail", "prev_hash")


def chain_hash(row: Mapping[str, Any], fields: Iterable[str]) -> str:
    """sha256 over the listed fields in order (times in the store's text form)."""
    canonical = json.dumps([as_text(row.get(k)) for k in fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def event_hash(row: Mapping[str, Any]) -> str:
    return chain_hash(row, HASHED)


def audit_hash(row: Mapping[str, Any]) -> str:
    return chain_hash(row, AUDIT_HASHED)


def as_text(value: Any) -> Any:
    """Times as the store gives them back (microseconds, space-separated), whichever side hashes."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


@dataclass(frozen=True)
class BrokenLink:
    """One place a device's chain does not hold: `kind` is "gap" (missing, reordered or relinked
    record) or "altered" (the record no longer hashes to its stored hash)."""

    device_id: str
    seq: int
    row_id: str
    kind: str


def broken_links(rows: Iterable[Mapping[str, Any]], *, seq: str, hash_of: Callable[[Mapping[str, Any]], str]) -> list[BrokenLink]:
    """Walk every device's records in `seq` order (rows sorted by device, then seq)."""
    out: list[BrokenLink] = []
    device, prev_hash, expected = None, None, 1
    for row in rows:
        if row["device_id"] != device:
            device, prev_hash, expected = row["device_id"], None, 1
        if row[seq] != expected or row.get("prev_hash") != prev_hash:  # the county keeps no empty fields
            out.append(BrokenLink(device, row[seq], row["id"], "gap"))
        if hash_of(row) != row["hash"]:
            out.append(BrokenLink(device, row[seq], row["id"], "altered"))
        prev_hash, expected = row["hash"], row[seq] + 1
    return out
