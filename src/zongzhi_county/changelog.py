"""Numbering the county's change log: the one serialised step, in commit order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, update

from zongzhi_county import high_water
from zongzhi_county.schema import server_meta


def take_numbers(conn: Connection, count: int, server_now: int) -> tuple[int, int]:
    """Reserve `count` consecutive change-log numbers; returns (first, county clock).

    The UPDATE row-locks `server_meta` until this transaction commits, so a later transaction gets
    higher numbers and commits after: seq order is commit order and no reader skips a late commit.
    Only this step is serialised between townships; their merges run side by side before it."""
    row = conn.execute(
        update(server_meta).where(server_meta.c.id == 1)
        .values(next_seq=server_meta.c.next_seq + count, hlc=_advance(server_meta.c.hlc, server_now))
        .returning(server_meta.c.next_seq, server_meta.c.hlc)
    ).one()
    high_water.noted(int(row[0]) - 1)
    return int(row[0]) - count, int(row[1])


def _advance(column: Any, server_now: int) -> Any:
    """The county clock: its own time, never a device's (a PC a year ahead must not drag it)."""
    return case((column + 1 > server_now << 16, column + 1), else_=server_now << 16)
