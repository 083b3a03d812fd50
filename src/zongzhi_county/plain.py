"""Values a request may carry into SQL: no NUL characters (PostgreSQL text refuses them) and no
integers beyond BIGINT. Caught here they are a 422; caught by the database they were a 500."""

from __future__ import annotations

from typing import Any

from zongzhi_county.errors import CountyError

_BIGINT = 2**63


def check_plain(value: Any) -> None:
    """Walk a parsed request (dicts, lists, tuples, scalars) and refuse what no column can hold."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise CountyError("sync.bad_request", status=422, reason="NUL")
        elif isinstance(item, bool) or item is None or isinstance(item, float):
            continue
        elif isinstance(item, int):
            if not -_BIGINT <= item < _BIGINT:
                raise CountyError("sync.bad_request", status=422, reason="integer out of range")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
