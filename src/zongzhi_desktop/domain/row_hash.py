"""One number per row over its synced values, computed the same way on the PC and at the county.

Per-table sums of these (with row counts) tell whether a township's replica agrees with the
county's; bucket sums narrow a difference down to the rows to fetch again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

BUCKET_CHARS = 2  # rows are bucketed by the last characters of their id (UUIDv7 starts with time)


def row_hash(values: Mapping[str, Any]) -> int:
    """A 31-bit hash of the non-empty values (sums of 200,000 of them stay far inside 64 bits)."""
    canonical = json.dumps(sorted((k, v) for k, v in values.items() if v is not None),
                           ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.blake2b(canonical.encode("utf-8"), digest_size=4).digest(), "big") & 0x7FFFFFFF


def bucket_of(row_id: str) -> str:
    return row_id[-BUCKET_CHARS:]
