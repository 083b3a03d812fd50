"""The push's lean paths write and read exactly what the plain ones did: bulk writes (driver
executemany on SQLite, one JSON document on PostgreSQL) and the per-row grouped version reads, whose
row hash must equal `domain.row_hash` of the values decoded one by one."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select, text

from zongzhi_county.api import might_not_be_plain
from zongzhi_county.errors import CountyError
from zongzhi_county.merge import FieldVersion
from zongzhi_county.plain import check_plain
from zongzhi_county.push_rows import load_stored, materialise, row_hash_of
from zongzhi_county.schema import change_log, field_ver, records
from zongzhi_county.sql import prepare
from zongzhi_desktop.domain.row_hash import row_hash
from zongzhi_desktop.sync.protocol import PushRequest


# Values as awkward as a register holds: Chinese, quotes and backslashes, control characters, big and
# negative numbers, floats, booleans, nested lists and objects, empty text and null.
VALUES = {
    "name": "吕超", "notes": 'say "hi" \\ back\nslash\ttab', "phone": "13558202938", "empty": "",
    "count": 9_007_199_254_740_993, "neg": -42, "ratio": 0.1, "big_float": 1e16, "flag": True, "off": False,
    "tags": ["甲", {"k": "v", "n": [1, 2.5, None]}], "meta": {"z": 1, "a": "乙"}, "gone": None, "emoji": "😀",
}


def _version_row(row_id: str, name: str, value: object, seq: int, *, ascii_only: bool = False) -> dict:
    return {"tbl": "residents", "row_id": row_id, "field": name, "value": json.dumps(value, ensure_ascii=ascii_only),
            "server_seq": seq, "hlc": seq << 16, "origin_device": "dev", "origin_local_seq": seq, "origin_user": "u",
            "wall_ms": 1_700_000_000_000 + seq}


def test_bulk_insert_upsert_and_update_add_the_first_number_and_keep_none(engine: Engine) -> None:
    entry = {"tx_seq": 0, "tbl": "residents", "kind": "update", "fields": "{}", "hlc": 5, "origin_device": None,
             "origin_local_seq": None, "origin_user": None, "wall_ms": None, "township_code": "360731100",
             "schema_ver": 1, "at": "2026-11-27T09:00:00"}
    with engine.begin() as conn:
        first = int(conn.execute(text("SELECT next_seq FROM server_meta")).scalar_one())
        rows = [{**entry, "server_seq": i, "tx_seq": 0, "row_id": f"r{i}"} for i in range(3)]
        prepare(conn, change_log, rows, numbered=("server_seq", "tx_seq")).run(conn, first)
        prepare(conn, records, [{"tbl": "residents", "row_id": f"r{i}", "township_code": "360731100",
                                 "created_seq": i, "last_seq": i, "row_hash": 7} for i in range(3)],
                numbered=("created_seq", "last_seq")).run(conn, first)
        prepare(conn, records, [{"tbl": "residents", "row_id": "r1", "last_seq": 2, "row_hash": 99}],
                numbered=("last_seq",), update_keys=("tbl", "row_id")).run(conn, first)
        prepare(conn, field_ver, [_version_row("r0", "name", "甲", 0)], numbered=("server_seq",),
                upsert_keys=("tbl", "row_id", "field")).run(conn, first)
        again = {**_version_row("r0", "name", "乙", 2), "origin_device": None}
        prepare(conn, field_ver, [again], numbered=("server_seq",), upsert_keys=("tbl", "row_id", "field")).run(conn, first)
        logged = conn.execute(select(change_log.c.server_seq, change_log.c.tx_seq, change_log.c.origin_local_seq,
                                     change_log.c.fields).order_by(change_log.c.server_seq)).all()
        held = {r.row_id: (r.created_seq, r.last_seq, r.row_hash) for r in conn.execute(select(records))}
        version = conn.execute(select(field_ver)).mappings().one()
    assert [tuple(r) for r in logged] == [(first + i, first, None, "{}") for i in range(3)]
    assert held == {"r0": (first, first, 7), "r1": (first + 1, first + 2, 99), "r2": (first + 2, first + 2, 7)}
    assert (version["value"], version["server_seq"], version["origin_device"]) == ('"乙"', first + 2, None)


def test_grouped_read_gives_each_field_its_version_and_the_row_hash_of_a_full_decode(engine: Engine) -> None:
    stored_rows = [_version_row("a", name, value, i + 1, ascii_only=i % 2 == 0)
                   for i, (name, value) in enumerate(VALUES.items())]
    stored_rows.append(_version_row("b", "name", "孤", 50))
    with engine.begin() as conn:
        prepare(conn, field_ver, stored_rows).run(conn)
        stored = load_stored(conn, [("residents", "a"), ("residents", "b"), ("residents", "missing")],
                             ["notes", "phone", "name", "deleted_at"])
        every = load_stored(conn, [("residents", "a")], None)[("residents", "a")]
        none = load_stored(conn, [("residents", "b")], ["phone"])[("residents", "b")]
    assert set(stored) == {("residents", "a"), ("residents", "b")}
    assert stored[("residents", "a")].values == VALUES and every.values == VALUES
    assert set(stored[("residents", "a")].versions) == {"notes", "phone", "name"}  # only the weighed fields
    assert set(every.versions) == set(VALUES) and (none.values, none.versions) == ({"name": "孤"}, {})
    assert row_hash_of({}, stored[("residents", "a")]) == row_hash(VALUES)
    assert row_hash_of({}, stored[("residents", "b")]) == row_hash({"name": "孤"})

    versions: dict[str, FieldVersion] = {}
    materialise(versions, stored[("residents", "a")], ["notes", "deleted_at"])
    notes = versions["notes"]
    assert (notes.value, notes.seq, notes.hlc, notes.origin_device, notes.origin_local_seq, notes.origin_user,
            notes.wall_ms) == (VALUES["notes"], 2, 2 << 16, "dev", 2, "u", 1_700_000_000_002)
    assert set(versions) == {"notes"}  # no deletion mark stored: none made up
    # a field written since: the hash takes the new value, and dropping one to None leaves it out
    versions["phone"] = FieldVersion("13000000000", 0, 1, "dev", 99, "u", 1)
    versions["name"] = FieldVersion(None, 0, 1, "dev", 99, "u", 1)
    materialise(versions, stored[("residents", "a")], ["phone", "name"])  # already decided: stays
    assert versions["phone"].value == "13000000000" and versions["name"].value is None
    expected = {**VALUES, "phone": "13000000000", "name": None}
    assert row_hash_of(versions, stored[("residents", "a")]) == row_hash(expected)
    materialise(versions, every, None)  # a deletion weighs every field
    assert set(versions) == set(VALUES) and versions["count"] == FieldVersion(
        VALUES["count"], 5, 5 << 16, "dev", 5, "u", 1_700_000_000_005)
    assert row_hash_of(versions, every) == row_hash(expected)


def _push_body(fields: str, local_seq: str = "1", op_id: str = "01a21c4a794b10410000000000000300") -> bytes:
    op = (f'{{"local_seq":{local_seq},"op_id":"{op_id}","tx_id":"t","tbl":"residents","row_id":"r","kind":"update",'
          f'"fields":{fields},"hlc":117687565365678985,"wall_ms":1795769735194,"user_id":"admin","schema_ver":8}}')
    return (f'{{"schema_ver":8,"app_ver":"1","device_id":"d","first_seq":1,"last_seq":1,"client_wall_ms":1,'
            f'"client_hlc":1,"ops":[{op}]}}').encode()


@pytest.mark.parametrize(("body", "hint"), [
    (_push_body('{"phone":{"new":"贡江镇 \\u4e2d 1234567890123456789","base_seq":12}}'), False),
    (_push_body('{"phone":{"new":[1, -9223372036854775808, 2.5e300, true, null],"base_seq":null}}'), False),
    (_push_body('{"phone":{"new":"nul \\u0000 here","base_seq":null}}'), True),
    (_push_body('{"phone":{"new":{"deep":[9223372036854775808]},"base_seq":null}}'), True),
    (_push_body('{"phone":{"new":"x","base_seq":-9223372036854775809}}'), True),
    (_push_body('{"phone":"x"}', local_seq="9223372036854775808"), True),
])
def test_the_plain_value_walk_is_skipped_only_when_nothing_could_fail_it(body: bytes, hint: bool) -> None:
    req = PushRequest.model_validate_json(body)
    assert might_not_be_plain(body, req) is hint
    if not hint:
        check_plain(req.model_dump())  # what the skipped walk would have said: nothing
    else:
        with pytest.raises(CountyError):
            check_plain(req.model_dump())
