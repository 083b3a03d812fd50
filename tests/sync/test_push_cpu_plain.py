"""The push endpoint clears most bodies by their bytes before walking the parsed request: that byte
test must never call plain a body whose parsed request check_plain refuses."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from zongzhi_county.api import might_not_be_plain
from zongzhi_county.errors import CountyError
from zongzhi_county.plain import check_plain
from zongzhi_desktop.sync.protocol import PushRequest

_EDGES = [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64 - 1, 2**64, 10**18, 10**19, -(10**19), 0]


def _escaped(text: str, which: list[bool]) -> str:
    """`text` with the characters picked by `which` written as JSON \\u escapes."""
    return "".join(f"\\u{ord(c):04x}" if pick else c for c, pick in zip(text, which + [False] * len(text)))


@st.composite
def _int_texts(draw: st.DrawFn) -> str:
    """JSON texts an integer field or a free value might carry: numbers plain, with fractions or
    exponents, and the strings pydantic's lax mode reads as integers (signs, underscores, spaces,
    escaped characters)."""
    n = draw(st.one_of(st.sampled_from(_EDGES), st.integers(-(2**70), 2**70)))
    kind = draw(st.sampled_from(["int", "float", "exp", "exp0", "string", "underscored", "escaped", "padded", "word"]))
    if kind == "int":
        return str(n)
    if kind == "exp0":  # every digit kept, then an exponent: a float whatever its size
        return f"{n}{draw(st.sampled_from(['e0', 'E+0', 'e-2', 'e3']))}"
    if kind == "word":  # digits against a letter: an id of hex digits, a note
        letter = draw(st.sampled_from(["a", "f", "x", "Z", "e", "E"]))
        return json.dumps(f"{letter}{n}" if draw(st.booleans()) else f"{n}{letter}")
    if kind == "float":
        return f"{n}.{draw(st.sampled_from(['0', '00', '5']))}"
    if kind == "exp":
        digits = str(abs(n)).rstrip("0") or "0"
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exp = len(str(abs(n))) - 1 + draw(st.integers(-2, 2))
        return f"{'-' if n < 0 else ''}{mantissa}{draw(st.sampled_from(['e', 'E', 'e+']))}{exp}"
    text = str(n) if kind != "underscored" else f"{n:_}"
    if kind == "padded":
        text = f"{draw(st.sampled_from(['', ' ', '+']))}{text}{draw(st.sampled_from(['', ' ', '.0', '.00']))}"
    if kind == "escaped":
        text = _escaped(text, draw(st.lists(st.booleans(), max_size=len(text))))
    return json.dumps(text) if kind != "escaped" else f'"{text}"'


_TEXTS = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30).map(lambda s: json.dumps(s, ensure_ascii=False)),
    st.text(st.characters(codec="utf-8"), max_size=30).map(json.dumps),  # \u escapes, NUL among them
    st.sampled_from(['"\\u0000"', '"a\\u0000b"', '"１２３４５６７８９０１２３４５６７８９０１"']),
)
_VALUES = st.one_of(_int_texts(), _TEXTS, st.sampled_from(["null", "true", "1.5e300", "[1, 2.5]"]))


def _body(local_seq: str, hlc: str, new: str, base_seq: str, user: str, key: str) -> bytes:
    op = (f'{{"local_seq":{local_seq},"op_id":"01a21cd86e71000390d5cf1527515a14","tx_id":"t","tbl":"residents",'
          f'"row_id":"019b76da-a803-77ec-9e2f-eb89414c343c","kind":"update",'
          f'"fields":{{{key}:{{"new":{new},"base_seq":{base_seq}}}}},"hlc":{hlc},"wall_ms":1795769735194,'
          f'"user_id":{user},"schema_ver":8}}')
    return (f'{{"schema_ver":8,"app_ver":"1","device_id":"d","first_seq":1,"last_seq":1,"client_wall_ms":1,'
            f'"client_hlc":1,"ops":[{op}]}}').encode()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(local_seq=st.one_of(_int_texts(), st.just("7")), hlc=st.one_of(_int_texts(), st.just("117687565365678985")),
       new=_VALUES, base_seq=_VALUES, user=st.one_of(_TEXTS, st.just("null")),
       key=st.one_of(st.just('"phone"'), _TEXTS))
@example(local_seq='"1_000_000_000_000_000_000_000"', hlc="1", new='"x"', base_seq="1", user="null", key='"k"')
@example(local_seq='"\\u0031\\u0030000000000000000000"', hlc="1", new='"x"', base_seq="1", user="null", key='"k"')
@example(local_seq='"1\\u005f000000000000000000000"', hlc="1", new='"x"', base_seq="1", user="null", key='"k"')
@example(local_seq='" 100000000000000000000.0 "', hlc="1", new='"x"', base_seq="1", user="null", key='"k"')
@example(local_seq="1", hlc="9.3e18", new='"x"', base_seq="1", user="null", key='"k"')
@example(local_seq="1", hlc="12345678901234567890123e0", new='"x"', base_seq="1", user="null", key='"k"')
@example(local_seq='"x12345678901234567890123"', hlc="1", new='"x"', base_seq="1", user="null", key='"k"')
@example(local_seq="1", hlc="1", new="-9223372036854775809", base_seq="1", user="null", key='"k"')
@example(local_seq="1", hlc="1", new='"x"', base_seq="1", user="null", key='"a\\u0000"')
def test_the_byte_test_never_clears_a_body_check_plain_refuses(local_seq: str, hlc: str, new: str, base_seq: str,
                                                                user: str, key: str) -> None:
    body = _body(local_seq, hlc, new, base_seq, user, key)
    try:
        req = PushRequest.model_validate_json(body)
    except ValidationError:
        return  # refused before the plain check: nothing to clear
    if might_not_be_plain(body, req):
        return  # walked in full: the endpoint runs check_plain itself
    check_plain(req.model_dump())  # cleared by the bytes: must pass


def test_pydantic_reads_no_float_as_an_integer_beyond_bigint() -> None:
    """The byte test does not look for exponents: it relies on this."""
    for number in ("9.3e18", "1e19", "1.0e20", "10000000000000000000.0", "-9.3E18", "1e400"):
        with pytest.raises(ValidationError):
            PushRequest.model_validate_json(_body("1", number, '"x"', "1", "null", '"k"'))
    assert PushRequest.model_validate_json(_body("1", "9.2e18", '"x"', "1", "null", '"k"')).ops[0].hlc == 9.2e18


def test_an_ordinary_push_of_a_thousand_ops_is_cleared_by_its_bytes() -> None:
    ops = [
        # op ids of hex digits with runs of 20 digits between letters, as real ones often have
        {"local_seq": 600_000 + i, "op_id": f"01a21cfb2131{i:04d}136289580591fde2", "tx_id": "t", "tbl": "residents",
         "row_id": f"019b76da-a803-77ec-9e2f-{i:012x}", "kind": "update",
         "fields": {"notes": {"new": f"核查 {i} 号 \"引号\" \\ 斜杠\n换行", "base_seq": 5_000 + i, "base_val": "南门社区"}},
         "hlc": 117_687_572_023_083_008 + i, "wall_ms": 1_795_769_836_778, "user_id": "admin", "schema_ver": 8}
        for i in range(1000)
    ]
    req = PushRequest.model_validate({"schema_ver": 8, "app_ver": "1", "device_id": "d", "first_seq": 600_000,
                                      "last_seq": 600_999, "client_wall_ms": 1, "client_hlc": 1, "ops": ops})
    body = req.model_dump_json().encode()  # as the PC sends it
    assert might_not_be_plain(body, req) is False
    # decided by the bytes alone: a parsed request the walk would flag does not change the answer
    assert might_not_be_plain(body, req.model_copy(update={"client_hlc": 2**64})) is False
    assert might_not_be_plain(body + b" 18446744073709551616", req.model_copy(update={"client_hlc": 2**64})) is True


def test_a_body_with_a_nul_or_a_wide_integer_is_never_cleared() -> None:
    for body in (_body("1", "1", '"a\\u0000"', "1", "null", '"k"'),
                 _body('"9223372036854775808"', "1", '"x"', "1", "null", '"k"'),
                 _body('" 9223372036854775808"', "1", '"x"', "1", "null", '"k"'),
                 _body("1", "1", "[18446744073709551616]", "1", "null", '"k"')):
        req = PushRequest.model_validate_json(body)
        assert might_not_be_plain(body, req) is True
        with pytest.raises(CountyError):
            check_plain(req.model_dump())
