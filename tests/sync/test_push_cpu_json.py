"""The push's faster JSON paths write and read exactly what the json module did: the stored texts are
byte for byte the same (a field's value is compared as text), and decoded values equal, types too."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from zongzhi_county.push import _json_text
from zongzhi_county.push_rows import load_stored
from zongzhi_county.schema import field_ver
from zongzhi_county.sql import _document, prepare

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.text(), st.integers(-(2**63), 2**63 - 1), st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "甲乙", 'q"\\/\n\t\x00\x1f\x7f\u2028', "\ud800", "😀", 0.1, 1e16, -0.0, 5e-324, 2**63]),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)), max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_a_value_is_written_as_json_dumps_writes_it(value: object) -> None:
    assert _json_text(value) == json.dumps(value, ensure_ascii=False)


# Stored values at the edges of what orjson reads as the json module does.
EDGES = {
    "max": 2**63 - 1, "min": -(2**63), "u64": 2**64 - 1, "zero": 0, "neg_zero": -0.0, "tiny": 5e-324,
    "huge": 1.7976931348623157e308, "tenth": 0.1, "exp": 1e16, "text": "甲 \"q\" \\ \n\x01", "surrogate": "\ud800",
    "pair": "😀", "nested": {"a": [1, 2.5, None, True, {"b": "乙"}]}, "list": [], "obj": {}, "empty": "", "none": None,
}


def _row(name: str, value: object, seq: int, ascii_only: bool) -> dict:
    return {"tbl": "residents", "row_id": "r", "field": name, "value": json.dumps(value, ensure_ascii=ascii_only),
            "server_seq": seq, "hlc": (1_795_769_836_778 << 16) + seq, "origin_device": "dev",
            "origin_local_seq": 2**62 + seq, "origin_user": "u", "wall_ms": 1_795_769_836_778}


def test_stored_values_at_the_edges_decode_to_what_the_json_module_reads(engine: Engine) -> None:
    rows = [_row(name, value, i + 1, ascii_only=name == "surrogate" or i % 2 == 0)
            for i, (name, value) in enumerate(EDGES.items())]
    with engine.begin() as conn:
        prepare(conn, field_ver, rows).run(conn)
        stored = load_stored(conn, [("residents", "r")], None)[("residents", "r")]
        texts = dict(conn.execute(select(field_ver.c.field, field_ver.c.value)).all())
    for row in rows:
        name = row["field"]
        expected = json.loads(texts[name])
        got = stored.values[name]
        assert stored.versions[name] == [row["server_seq"], row["hlc"], "dev", row["origin_local_seq"], "u",
                                         row["wall_ms"]]
        assert _same(got, expected) and _same(got, EDGES[name]), (name, got, expected)


def _same(a: object, b: object) -> bool:
    """Equal with the same types all the way down (1 == 1.0 == True would hide a float read for an int)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)  # type: ignore[arg-type]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))  # type: ignore[arg-type]
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)  # type: ignore[union-attr,index]
    return a == b


def test_the_bulk_document_reads_back_as_the_rows_and_falls_back_where_orjson_will_not_write() -> None:
    rows = [{"a": "甲\x00\u2028", "n": 2**63 - 1, "z": None}, {"a": "", "n": -(2**63), "z": None}]
    assert json.loads(_document(rows)) == rows
    wide = [{"a": "x", "n": 2**64}]  # PostgreSQL refuses it as before, from the json module's text
    assert _document(wide) == json.dumps(wide, ensure_ascii=False, separators=(",", ":"))
    lone = [{"a": "\ud800"}]
    assert _document(lone) == json.dumps(lone, ensure_ascii=False, separators=(",", ":"))
