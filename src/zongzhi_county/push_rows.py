"""The stored rows a push touches: locked, read as one JSON object per row, checked for their links.

A push of 1,000 one-field updates reads every field of 1,000 rows (about 9,000 `field_ver` rows)
because each row's hash covers all its values. Reading them as 9,000 result rows and decoding each
into a `FieldVersion` was the largest part of the push; here the database groups them by row and a
field stays a plain list until the merge asks for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, select, text

from zongzhi_county.keys import Key, id_chunks, key_filters
from zongzhi_county.merge import FieldVersion
from zongzhi_county.schema import records
from zongzhi_desktop.domain.catalogue import LINKS
from zongzhi_desktop.domain.row_hash import row_hash
from zongzhi_desktop.sync.protocol import WireOp


@dataclass(slots=True)
class Stored:
    """One stored row: every field's value (the row hash covers them all) and, as a plain list
    [server_seq, hlc, device, local_seq, user, wall_ms], the version of each field the merge weighs."""

    values: dict[str, Any]
    versions: dict[str, list[Any]]


# One row per record, its values and the wanted fields' versions as two JSON objects: one decode each
# in C, where building 9,000 result rows per push cost about 30 ms of Python. Only the fields the
# ops name carry their versions: a version for every field was twice the text to build and read.
_GROUPED = {
    "sqlite": "SELECT row_id, json_group_object(field, json(value)), json_group_object(field, json_array("
              "server_seq, hlc, origin_device, origin_local_seq, origin_user, wall_ms)) "
              "FILTER (WHERE :every OR field IN (SELECT value FROM json_each(:fields))) FROM field_ver "
              "WHERE tbl = :tbl AND row_id IN (SELECT value FROM json_each(:ids)) GROUP BY row_id",
    # as text: psycopg would decode it with the json module
    "postgresql": "SELECT row_id, CAST(json_object_agg(field, CAST(value AS json)) AS text), "
                  "CAST(json_object_agg(field, json_build_array(server_seq, hlc, origin_device, origin_local_seq, "
                  "origin_user, wall_ms)) FILTER (WHERE CAST(:every AS boolean) OR field IN "
                  "(SELECT json_array_elements_text(CAST(:fields AS json)))) AS text) FROM field_ver "
                  "WHERE tbl = :tbl AND row_id IN (SELECT json_array_elements_text(CAST(:ids AS json))) "
                  "GROUP BY row_id",
}
_CHUNK = 1000


def load_stored(conn: Connection, keys: list[Key], fields: Iterable[str] | None) -> dict[Key, Stored]:
    """Every stored value of `keys` (rows the county has), and the versions of `fields` (None: all)."""
    query = _for_dialect(conn, _GROUPED)
    wanted = {"every": fields is None, "fields": json.dumps(sorted(fields or ()))}
    out: dict[Key, Stored] = {}
    for tbl, ids in id_chunks(keys, _CHUNK):
        for row_id, values, versions in conn.execute(query, {"tbl": tbl, "ids": json.dumps(ids), **wanted}).all():
            out[(tbl, row_id)] = Stored(_loads(values), _loads(versions) if versions else {})
    return out


def _for_dialect(conn: Connection, variants: dict[str, str]) -> Any:
    return text(variants["postgresql" if conn.dialect.name == "postgresql" else "sqlite"])


def _loads(doc: str) -> Any:
    """orjson, twice as fast as the json module and reading the same values: it reads an integer
    beyond 64 bits as a float, but none is stored (plain.check_plain refuses them at every request,
    county-made values are text and small numbers). The json module for what orjson refuses and
    json accepts: NaN, Infinity, a lone surrogate."""
    try:
        return orjson.loads(doc)
    except orjson.JSONDecodeError:
        return json.loads(doc)


def materialise(versions: dict[str, FieldVersion], stored: Stored | None, names: Iterable[str] | None) -> None:
    """Put `names` (None: every field) of the `stored` row into `versions`, unless already there."""
    if not stored:
        return
    values, known = stored.values, stored.versions
    for name in values if names is None else names:
        if name in values and name not in versions:
            versions[name] = FieldVersion(values[name], *known[name])


def row_hash_of(versions: dict[str, FieldVersion], stored: Stored | None) -> int:
    """`domain.row_hash` of the row's values: the `versions` decided since, the rest as `stored`."""
    values = dict(stored.values) if stored else {}
    for name, version in versions.items():
        values[name] = version.value
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


# The rows of one table among a JSON list of ids, in key order, locked on PostgreSQL (SQLite's writer
# holds the whole database): one parameter, where an IN list of 500 cost SQLAlchemy a coercion each.
_LOCK = {
    "sqlite": "SELECT row_id, township_code FROM records "
              "WHERE tbl = :tbl AND row_id IN (SELECT value FROM json_each(:ids)) ORDER BY row_id",
    "postgresql": "SELECT row_id, township_code FROM records "
                  "WHERE tbl = :tbl AND row_id IN (SELECT json_array_elements_text(CAST(:ids AS json))) "
                  "ORDER BY row_id FOR UPDATE",
}


def lock_records(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Owners of the rows this batch touches, row-locked (in key order) against concurrent merges."""
    query = _for_dialect(conn, _LOCK)
    owners: dict[tuple[str, str], str] = {}
    for tbl, ids in id_chunks(keys, _CHUNK):
        rows = conn.execute(query, {"tbl": tbl, "ids": json.dumps(ids)}).all()
        owners.update({(tbl, row_id): owner or "" for row_id, owner in rows})
    return owners
