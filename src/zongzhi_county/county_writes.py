"""Changes the county itself makes (transfers, merges): numbered, logged and versioned like pushes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, update

from zongzhi_county.changelog import take_numbers
from zongzhi_county.keys import Key, key_filters
from zongzhi_county.schema import change_log, field_ver, records
from zongzhi_county.sql import upsert
from zongzhi_county.store import now_ms, now_text
from zongzhi_desktop.domain.row_hash import row_hash
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION



def load_values(conn: Connection, keys: Iterable[Key]) -> dict[Key, dict[str, Any]]:
    keys = list(keys)
    out: dict[Key, dict[str, Any]] = {k: {} for k in keys}
    for where in key_filters(field_ver, keys):
        rows = conn.execute(select(field_ver.c.tbl, field_ver.c.row_id, field_ver.c.field, field_ver.c.value).where(where))
        for t, r, f, v in rows:
            out[(t, r)][f] = json.loads(v)
    return out


def owners(conn: Connection, keys: Iterable[Key], *, lock: bool = True) -> dict[Key, str | None]:
    found: dict[Key, str | None] = {}
    for where in key_filters(records, keys):
        query = select(records.c.tbl, records.c.row_id, records.c.township_code).where(where).order_by(
            records.c.tbl, records.c.row_id)
        found.update({(t, r): town for t, r, town in conn.execute(query.with_for_update() if lock else query)})
    return found


def rows_referring(conn: Connection, tbl: str, column: str, target: str) -> list[str]:
    """Ids of `tbl` rows whose `column` holds `target` (a link to another row)."""
    query = select(field_ver.c.row_id).where(field_ver.c.tbl == tbl, field_ver.c.field == column,
                                             field_ver.c.value == json.dumps(target))
    return [r[0] for r in conn.execute(query)]


@dataclass
class CountyBatch:
    """Log entries the county writes in one transaction, in the order PCs must apply them."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    values: dict[Key, dict[str, Any]] = field(default_factory=dict)  # rows' values after the batch
    moved: dict[Key, str] = field(default_factory=dict)  # new owner township
    created: dict[Key, str | None] = field(default_factory=dict)  # rows the county makes (owner; None: county-wide)

    def change(self, key: Key, township: str, fields: dict[str, Any]) -> None:
        self.values.setdefault(key, {}).update(fields)
        self._add(key, township, "update", fields)

    def evict(self, key: Key, township: str) -> None:
        self._add(key, township, "evict", {})

    def deliver(self, key: Key, township: str) -> None:
        """The whole row to a township that did not have it."""
        self.moved[key] = township
        self._add(key, township, "insert", dict(self.values[key]))

    def create(self, key: Key, township: str | None, values: dict[str, Any]) -> None:
        """A new row made by the county (an assigned case, reference data) for `township`, or for all."""
        self.created[key] = township
        self.values[key] = dict(values)
        self._add(key, township, "insert", dict(values))

    def notice(self, tbl: str, row_id: str, township: str, payload: dict[str, Any]) -> None:
        self._add((tbl, row_id), township, "notice", payload)

    def _add(self, key: Key, township: str | None, kind: str, fields: dict[str, Any]) -> None:
        self.entries.append({"tbl": key[0], "row_id": key[1], "kind": kind, "township_code": township,
                             "fields": fields})

    def commit(self, conn: Connection) -> None:
        if not self.entries:
            return
        first, county_hlc = take_numbers(conn, len(self.entries), now_ms())
        at, wall = now_text(), now_ms()
        rows, versions, last = [], {}, {}
        for i, e in enumerate(self.entries):
            seq = first + i
            rows.append({**e, "server_seq": seq, "tx_seq": first, "fields": json.dumps(e["fields"], ensure_ascii=False),
                         "hlc": county_hlc, "origin_device": None, "origin_local_seq": None, "origin_user": "county",
                         "wall_ms": wall, "schema_ver": SCHEMA_VERSION, "at": at})
            key = (e["tbl"], e["row_id"])
            if e["kind"] in ("update", "insert"):  # a delivered row carries its values as they now are
                for name, value in e["fields"].items():
                    versions[key + (name,)] = {"tbl": key[0], "row_id": key[1], "field": name,
                                               "value": json.dumps(value, ensure_ascii=False), "server_seq": seq,
                                               "hlc": county_hlc, "origin_device": None, "origin_local_seq": None,
                                               "origin_user": "county", "wall_ms": wall}
            if e["kind"] in ("update", "insert"):
                last[key] = seq
        conn.execute(change_log.insert(), rows)
        if self.created:
            conn.execute(records.insert(), [
                {"tbl": t, "row_id": r, "township_code": town, "created_seq": last[(t, r)], "last_seq": last[(t, r)],
                 "row_hash": row_hash(self.values[(t, r)])} for (t, r), town in self.created.items()])
        upsert(conn, field_ver, list(versions.values()), ("tbl", "row_id", "field"))
        for key, seq in last.items():
            stmt = update(records).where(records.c.tbl == key[0], records.c.row_id == key[1]).values(
                last_seq=seq, row_hash=row_hash(self.values[key]))
            if key in self.moved:
                stmt = stmt.values(township_code=self.moved[key])
            conn.execute(stmt)
