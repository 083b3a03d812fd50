"""The stored rows a push touches: locked, read as one JSON object per row, checked for their links.

A push of 1,000 one-field updates reads every field of 1,000 rows (about 9,000 `field_ver` rows)
because each row's hash covers all its values. Reading them as 9,000 result rows and decoding each
into a `FieldVersion` was the largest part of the push; here the database groups them by row and a
field stays a plain list until the merge asks for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select, text

from zongzhi_county.keys import Key, key_filters
from zongzhi_county.merge import FieldVersion
from zongzhi_county.schema import records
from zongzhi_desktop.domain.catalogue import LINKS
from zongzhi_desktop.domain.row_hash import row_hash
from zongzhi_desktop.sync.protocol import WireOp

Stored = list[Any]  # [value, server_seq, hlc, device, local_seq, user, wall_ms], the value decoded
# One row per record, its fields as one JSON object (field -> [value, version…]): one json.loads per
# record in C, where building 9,000 result rows per push cost about 30 ms of Python.
_GROUPED = {
    "sqlite": "SELECT row_id, json_group_object(field, json_array(json(value), server_seq, hlc, origin_device, "
              "origin_local_seq, origin_user, wall_ms)) FROM field_ver "
              "WHERE tbl = :tbl AND row_id IN (SELECT value FROM json_each(:ids)) GROUP BY row_id",
    "postgresql": "SELECT row_id, json_object_agg(field, json_build_array(CAST(value AS json), server_seq, hlc, "
                  "origin_device, origin_local_seq, origin_user, wall_ms)) FROM field_ver "
                  "WHERE tbl = :tbl AND row_id IN (SELECT json_array_elements_text(CAST(:ids AS json))) "
                  "GROUP BY row_id",
}
_CHUNK = 1000


def load_stored(conn: Connection, keys: list[Key]) -> dict[Key, dict[str, Stored]]:
    """Every stored field of `keys` (rows the county has), with its version still a plain list."""
    by_table: dict[str, list[str]] = {}
    for tbl, row_id in keys:
        by_table.setdefault(tbl, []).append(row_id)
    query = text(_GROUPED["postgresql" if conn.dialect.name == "postgresql" else "sqlite"])
    out: dict[Key, dict[str, Stored]] = {}
    loads = json.loads
    for tbl, ids in sorted(by_table.items()):
        for start in range(0, len(ids), _CHUNK):
            chunk = json.dumps(ids[start:start + _CHUNK])
            for row_id, doc in conn.execute(query, {"tbl": tbl, "ids": chunk}).all():
                out[(tbl, row_id)] = doc if isinstance(doc, dict) else loads(doc)  # psycopg decodes json itself
    return out


def materialise(versions: dict[str, FieldVersion], stored: dict[str, Stored] | None, names: Iterable[str] | None) -> None:
    """Move `names` (None: every field) from `stored` into `versions`, decoded, unless already there."""
    if not stored:
        return
    for name in list(stored) if names is None else names:
        raw = stored.pop(name, None)
        if raw is not None and name not in versions:
            versions[name] = FieldVersion(*raw)


def row_hash_of(versions: dict[str, FieldVersion], stored: dict[str, Stored] | None) -> int:
    """`domain.row_hash` of the row's values: the materialised `versions` and the rest still `stored`."""
    values = {name: raw[0] for name, raw in stored.items()} if stored else {}
    values.update((name, v.value) for name, v in versions.items())
    return row_hash(values)


def _links_by_table() -> dict[str, dict[str, str]]:
    """Table -> its link fields -> the table they point at: most ops' tables have none to look at."""
    out: dict[str, dict[str, str]] = {}
    for (tbl, name), target in LINKS.items():
        out.setdefault(tbl, {})[name] = target
    return out


_LINKS_OF = _links_by_table()


def link_targets(ops: list[WireOp]) -> set[tuple[str, str]]:
    """The rows the ops' link fields point at."""
    out = set()
    for op in ops:
        for name, target_tbl in _LINKS_OF.get(op.tbl, {}).items():
            if name in op.fields:
                change = op.fields[name]
                target = change if op.kind == "insert" else (change or {}).get("new")
                if target:
                    out.add((target_tbl, str(target)))
    return out


def link_owners(conn: Connection, ops: list[WireOp], known: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Owners of the rows the batch's links point at (read, not locked: only their township matters)."""
    wanted = sorted(link_targets(ops) - known.keys())
    found: dict[tuple[str, str], str] = {}
    for where in key_filters(records, wanted):
        rows = conn.execute(select(records.c.tbl, records.c.row_id, records.c.township_code).where(where))
        found.update({(t, r): owner or "" for t, r, owner in rows})
    return found


def check_links(tbl: str, values: dict[str, Any], owners: dict, township: str) -> tuple[str, dict[str, Any]] | None:
    """A link must point at a row the county has, in the same township (the PCs enforce the link)."""
    links = _LINKS_OF.get(tbl)
    for name, target in values.items() if links else ():
        target_tbl = links.get(name)  # type: ignore[union-attr]
        if target_tbl and target and owners.get((target_tbl, str(target))) != township:
            return "sync.op.bad_link", {"field": name, "target": str(target)}
    return None


def lock_records(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Owners of the rows this batch touches, row-locked (in key order) against concurrent merges."""
    owners: dict[tuple[str, str], str] = {}
    for where in key_filters(records, keys):
        rows = conn.execute(
            select(records.c.tbl, records.c.row_id, records.c.township_code)
            .where(where)
            .order_by(records.c.tbl, records.c.row_id)
            .with_for_update()
        )
        owners.update({(t, r): owner or "" for t, r, owner in rows})
    return owners
