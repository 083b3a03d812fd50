"""The case trail's hash chain: one canonical form of an event, hashed the same on PC and county."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

HASHED = ("id", "dispute_id", "device_id", "device_seq", "hlc", "at", "actor", "department_id",
          "action", "from_status", "to_status", "note", "data", "prev_hash")


def event_hash(row: dict[str, Any]) -> str:
    canonical = json.dumps([as_text(row.get(k)) for k in HASHED], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def as_text(value: Any) -> Any:
    """Times as the store gives them back (microseconds, space-separated), whichever side hashes."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value
