"""People who move or were entered twice: transfers between townships and merges of duplicates.

Both are county operations in one transaction: rows change owner (the old township's PCs get an
eviction, the new one the whole row), links are re-pointed, and every step is logged and versioned
so the PCs converge through their ordinary pulls.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update

from zongzhi_county.county_writes import CountyBatch, Key, load_values, owners, rows_referring
from zongzhi_county.errors import CountyError
from zongzhi_county.schema import duplicates, field_ver, townships, transfers
from zongzhi_county.store import now_text

# What travels with a person: their key-population records and those records' visits.
_DEPENDENTS = (("key_persons", "resident_id"),)
_GRANDCHILDREN = (("visits", "key_person_id"),)
# Links to a person from elsewhere, re-pointed when two records are merged.
_LINKS = (("key_persons", "resident_id"), ("dispute_parties", "resident_id"))


def request_transfer(engine: Engine, *, resident_id: str, to_township: str, reason: str, by: str,
                     from_township: str | None = None) -> dict[str, Any]:
    with engine.begin() as conn:
        owner = owners(conn, [("residents", resident_id)], lock=False).get(("residents", resident_id))
        if owner is None or (from_township and owner != from_township):
            raise CountyError("sync.op.unknown_row", status=404, tbl="residents", row=resident_id)
        if not conn.execute(select(townships.c.code).where(townships.c.code == to_township)).first():
            raise CountyError("sync.township_unknown", status=404, code=to_township)
        if owner == to_township:
            raise CountyError("sync.transfer_same", status=400, code=to_township)
        row = {"id": str(uuid.uuid4()), "resident_id": resident_id, "from_township": owner, "to_township": to_township,
               "reason": reason.strip() or "-", "requested_by": by, "requested_at": now_text(), "status": "requested"}
        conn.execute(insert(transfers), row)
    return row


def list_transfers(engine: Engine, status: str | None = None) -> list[dict[str, Any]]:
    query = select(transfers).order_by(transfers.c.requested_at)
    if status:
        query = query.where(transfers.c.status == status)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def decide_transfer(engine: Engine, transfer_id: str, *, approve: bool, note: str = "") -> dict[str, Any]:
    with engine.begin() as conn:
        t = conn.execute(select(transfers).where(transfers.c.id == transfer_id).with_for_update()).mappings().first()
        if t is None or t["status"] != "requested":
            raise CountyError("sync.transfer_not_open", status=404, id=transfer_id)
        if approve:
            person = ("residents", t["resident_id"])
            if owners(conn, [person]).get(person) != t["from_township"]:
                raise CountyError("sync.transfer_not_open", status=409, id=transfer_id)
            batch = CountyBatch()
            family = _with_dependents(conn, person)
            batch.values = load_values(conn, family)
            # The grid and household were the old township's; the new one assigns its own.
            batch.values[person].update(grid_id=None, household_id=None)
            _move(batch, family, t["from_township"], t["to_township"])
            batch.commit(conn)
        conn.execute(update(transfers).where(transfers.c.id == transfer_id).values(
            status="approved" if approve else "rejected", decided_at=now_text(), note=note or None))
        return dict(conn.execute(select(transfers).where(transfers.c.id == transfer_id)).mappings().one())


def _with_dependents(conn: Connection, person: Key) -> list[Key]:
    """The person and what travels with them, parents before children."""
    family = [person]
    for tbl, column in _DEPENDENTS:
        for child in rows_referring(conn, tbl, column, person[1]):
            family.append((tbl, child))
            for gtbl, gcolumn in _GRANDCHILDREN:
                family += [(gtbl, g) for g in rows_referring(conn, gtbl, gcolumn, child)]
    owners(conn, family)  # lock them all
    return family


def _move(batch: CountyBatch, family: list[Key], old: str, new: str) -> None:
    for key in reversed(family):  # children leave first (their PCs enforce the links)
        batch.evict(key, old)
    for key in family:
        batch.deliver(key, new)


def find_duplicates(conn: Connection, township: str, people: dict[str, str]) -> list[dict[str, Any]]:
    """New possible duplicates among `people` (resident id -> ID number just written by `township`)."""
    holders: dict[str, list[str]] = {}  # ID number -> every resident row holding it (this push included)
    numbers = list({json.dumps(n, ensure_ascii=False) for n in people.values()})
    for start in range(0, len(numbers), 500):
        # the field written as a literal: PostgreSQL's reusable plan for a bound value cannot use the
        # partial index on id_number (measured 54 ms against 0.03 ms per lookup)
        rows = conn.execute(select(field_ver.c.row_id, field_ver.c.value).where(
            field_ver.c.tbl == "residents", text("field_ver.field = 'id_number'"),
            field_ver.c.value.in_(numbers[start:start + 500])))
        for row_id, value in rows:
            holders.setdefault(json.loads(value), []).append(row_id)
    for row_id, number in people.items():
        holders.setdefault(number, []).append(row_id)
    found: list[dict[str, Any]] = []
    for row_id, number in people.items():
        for other in dict.fromkeys(holders[number]):
            if other == row_id or (other in people and other > row_id):  # each pair once
                continue
            if _already_known(conn, row_id, other) or not _live(conn, other):
                continue
            town_other = owners(conn, [("residents", other)], lock=False).get(("residents", other)) or township
            found.append({"id": str(uuid.uuid4()), "tbl": "residents", "row_a": other, "row_b": row_id,
                          "township_a": town_other, "township_b": township, "status": "open",
                          "created_at": now_text(), "resolved_at": None, "resolution": None})
    return found


def _already_known(conn: Connection, a: str, b: str) -> bool:
    pair = duplicates.c.row_a.in_((a, b)) & duplicates.c.row_b.in_((a, b))
    return conn.execute(select(duplicates.c.id).where(pair)).first() is not None


def _live(conn: Connection, row_id: str) -> bool:
    values = load_values(conn, [("residents", row_id)])[("residents", row_id)]
    return values.get("deleted_at") is None and values.get("merged_into") is None


def duplicate_notice(notice: Callable[[str, str, str, dict[str, Any]], Any], dup: dict[str, Any]) -> None:
    """Both townships (one, when it is the same) see the same task; `notice(tbl, row_id, township,
    payload)` adds it to whichever log batch is being written (a push, or a county operation)."""
    for town in dict.fromkeys((dup["township_a"], dup["township_b"])):
        notice("duplicates", dup["id"], town, dup)


def list_duplicates(engine: Engine, *, township: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    query = select(duplicates).order_by(duplicates.c.created_at)
    if township:
        query = query.where((duplicates.c.township_a == township) | (duplicates.c.township_b == township))
    if status:
        query = query.where(duplicates.c.status == status)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def merge_residents(engine: Engine, *, keep: str, drop: str, township: str | None = None) -> dict[str, Any]:
    """Merge `drop` into `keep`: every value kept (the survivor's empty fields filled from the other,
    the other record kept and pointing to the survivor), every link re-pointed, in one transaction.
    `township` limits a township's own request to its own records."""
    if keep == drop:
        raise CountyError("sync.merge_invalid", status=400)
    with engine.begin() as conn:
        a, b = ("residents", keep), ("residents", drop)
        towns = owners(conn, [a, b])
        if a not in towns or b not in towns or (township and {towns[a], towns[b]} != {township}):
            raise CountyError("sync.merge_invalid", status=400)
        batch = CountyBatch()
        links = [(t, r) for t, column in _LINKS for r in rows_referring(conn, t, column, drop)]
        moving = [k for k in _with_dependents(conn, b)[1:]] if towns[a] != towns[b] else []
        batch.values = load_values(conn, [a, b, *links, *moving])
        kept, dropped = batch.values[a], batch.values[b]
        if dropped.get("merged_into"):
            raise CountyError("sync.merge_invalid", status=409)
        filled = {f: v for f, v in dropped.items() if v not in (None, "") and kept.get(f) in (None, "")
                  and f not in ("merged_into", "deleted_at")}
        if filled:
            batch.change(a, towns[a], filled)
        batch.change(b, towns[b], {"merged_into": keep})
        for link in links:
            if link in moving:  # travels to the survivor's township already pointing at the survivor
                batch.values[link]["resident_id"] = keep
            else:
                batch.change(link, owners(conn, [link], lock=False)[link] or towns[b], {"resident_id": keep})
        if moving:  # the dropped record's key-population files go where the person now is
            _move(batch, moving, towns[b], towns[a])
        resolution = {"kept": keep, "dropped": drop, "filled": sorted(filled), "repointed": [list(k) for k in links],
                      "moved": [list(k) for k in moving], "at": now_text()}
        dup = _close_duplicate(conn, keep, drop, towns, "merged", resolution)
        duplicate_notice(batch.notice, dup)
        batch.commit(conn)
    return dup


def dismiss_duplicate(engine: Engine, duplicate_id: str, note: str = "") -> dict[str, Any]:
    with engine.begin() as conn:
        row = conn.execute(select(duplicates).where(duplicates.c.id == duplicate_id).with_for_update()).mappings().first()
        if row is None:
            raise CountyError("sync.merge_invalid", status=404)
        towns = {("residents", row["row_a"]): row["township_a"], ("residents", row["row_b"]): row["township_b"]}
        dup = _close_duplicate(conn, row["row_a"], row["row_b"], towns, "dismissed", {"note": note, "at": now_text()})
        batch = CountyBatch()
        duplicate_notice(batch.notice, dup)
        batch.commit(conn)
    return dup


def _close_duplicate(conn: Connection, keep: str, drop: str, towns: dict[Key, str | None], status: str,
                     resolution: dict[str, Any]) -> dict[str, Any]:
    pair = duplicates.c.row_a.in_((keep, drop)) & duplicates.c.row_b.in_((keep, drop))
    row = conn.execute(select(duplicates).where(pair)).mappings().first()
    values = {"status": status, "resolved_at": now_text(), "resolution": json.dumps(resolution, ensure_ascii=False)}
    if row is None:  # merged without the county having flagged them (a clerk spotted it)
        row = {"id": str(uuid.uuid4()), "tbl": "residents", "row_a": keep, "row_b": drop,
               "township_a": towns[("residents", keep)] or "", "township_b": towns[("residents", drop)] or "",
               "created_at": now_text(), **values}
        conn.execute(insert(duplicates), row)
        return row
    conn.execute(update(duplicates).where(duplicates.c.id == row["id"]).values(**values))
    return {**row, **values}
