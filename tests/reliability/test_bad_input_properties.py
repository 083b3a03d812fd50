"""Bad input everywhere it enters (hypothesis, derandomised): ID numbers, register workbooks, wire messages.

Each property says: any input gives either a result or the module's own error with a Chinese
message -- never another exception -- and a refused or trial import writes nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import types
import typing
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pydantic import BaseModel, ValidationError

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.errors import InputError, ZongzhiError
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.resident_import import ResidentImport
from zongzhi_desktop.services.workbook_reader import HEADERS
from zongzhi_desktop.sync import protocol

from reliability_support import REACHED, counts
from tests_support import ADMIN, PASSWORD

# Same examples on every run (CI must not flake), few enough that the file runs in well under a minute.
settings.register_profile("reliability", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
FAST = settings(settings.get_profile("reliability"), max_examples=400)
SLOW = settings(settings.get_profile("reliability"), max_examples=150)
TRIED: Counter[str] = Counter()
CJK = re.compile("[\u4e00-\u9fff]")
TODAY = date(2026, 11, 27)  # fixed: a birth date is "in the future" relative to a day, and examples must not drift


@pytest.fixture(scope="module", autouse=True)
def _report() -> Any:
    yield
    REACHED["bad input examples tried"] = ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items()))


# -- ID numbers ------------------------------------------------------------------------------------
ID_CHARS = "0123456789Xx０１２３４５６７８９Ｘ \u3000\u200b\ufeff-"


@FAST
@given(st.one_of(st.text(), st.text(alphabet=ID_CHARS, min_size=13, max_size=20)))
def test_any_text_parses_or_is_refused_with_an_id_error(raw: str) -> None:
    TRIED["id text"] += 1
    try:
        parsed = idnumber.parse(raw, today=TODAY)
    except InputError as exc:
        assert exc.code.startswith("id.") and CJK.search(str(exc)), exc.code
        return
    assert len(parsed.number) == 18 and idnumber.parse(parsed.number, today=TODAY).number == parsed.number


births = st.dates(min_value=idnumber.EARLIEST_BIRTH, max_value=TODAY)
areas = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)


@FAST
@given(areas, births, st.integers(0, 999), st.sampled_from(["plain", "fullwidth", "spaced", "lower_x"]))
def test_a_valid_number_round_trips_however_it_was_typed(area: str, born: date, seq: int, typed: str) -> None:
    TRIED["id round trip"] += 1
    number = idnumber.make_number(area, born, seq)
    shown = {"plain": number, "lower_x": number.lower(),
             "fullwidth": "".join(chr(ord(c) + 0xFEE0) for c in number),
             "spaced": f" {number[:6]}\u3000{number[6:14]} {number[14:]}\u200b"}[typed]
    parsed = idnumber.parse(shown, today=TODAY)
    assert (parsed.number, parsed.birth_date, parsed.area_code) == (number, born, area)
    assert parsed.sex == ("1" if seq % 2 else "2") and not parsed.upgraded_from_15


@FAST
@given(areas, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), st.integers(0, 999))
def test_a_15_digit_number_upgrades_once_and_stays_upgraded(area: str, born: date, seq: int) -> None:
    TRIED["id 15->18"] += 1
    legacy = f"{area}{born:%y%m%d}{seq:03d}"
    upgraded = idnumber.parse(legacy, today=TODAY)
    assert upgraded.upgraded_from_15 and upgraded.number == idnumber.make_number(area, born, seq)
    again = idnumber.parse(upgraded.number, today=TODAY)
    assert again.number == upgraded.number and not again.upgraded_from_15 and again.birth_date == born


# -- register workbooks ------------------------------------------------------------------------------
KNOWN = [name for names in HEADERS.values() for name in names]
texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="张王李赵刘陈杨黄周吴网格户籍流动境外男女ＡＢ１２　 -/年月日", max_size=12),
    st.builds(lambda n: "长" * n, st.integers(5000, 32_000)),  # near Excel's cell limit of 32,767
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "=A1&B1", "=HYPERLINK(\"http://x\")", "#N/A", "TRUE", ""]),
)
ids = st.one_of(areas.flatmap(lambda a: st.builds(lambda b, s: idnumber.make_number(a, b, s), births,
                                                  st.integers(0, 999))),
                st.text(alphabet=ID_CHARS, max_size=20))
cells = st.one_of(st.none(), texts, ids, st.integers(-2**53, 2**53), st.floats(allow_nan=True),
                  st.booleans(), st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)))
headers = st.lists(st.one_of(st.sampled_from(KNOWN), texts), min_size=1, max_size=8)


def _write_book(path: Path, header: list[Any], rows: list[list[Any]], title_rows: int, writer: str) -> Path:
    """The sheet as openpyxl writes it (formulas without stored results) or as XlsxWriter does."""
    table = [[f"标题{r}"] for r in range(title_rows)] + [header, *rows]
    if writer == "xlsxwriter":
        book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True, "strings_to_numbers": False})
        sheet = book.add_worksheet()
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                sheet.write(r, c, value)  # "=..." becomes a formula with no stored result
        book.close()
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("?", value)  # openpyxl refuses control characters
            elif isinstance(value, float) and value != value:
                value = "NaN"  # openpyxl would write NaN as a number Excel cannot read
            sheet.cell(r, c, value)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def register(template_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    home = tmp_path_factory.mktemp("properties") / "home"
    shutil.copytree(template_home, home)
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    yield store
    store.close()


_numbers = iter(range(10**6))


def _new_number() -> str:
    """A valid ID number no earlier example used (a re-used one would only be an update)."""
    n = next(_numbers)
    return idnumber.make_number("360731", date(1950, 1, 1) + timedelta(days=n // 1000), n % 1000)


def _check_rows(result: Any) -> None:
    for error in result.errors:
        assert error.row >= 1 and CJK.search(error.reason), error


@SLOW
@given(header=headers, rows=st.lists(st.lists(cells, max_size=9), max_size=12), title_rows=st.integers(0, 3),
       with_name=st.booleans(), people=st.booleans(), writer=st.sampled_from(["openpyxl", "xlsxwriter"]))
def test_any_workbook_imports_or_is_refused_and_a_trial_or_refusal_writes_nothing(
        register: Store, tmp_path_factory: pytest.TempPathFactory, header: list[Any], rows: list[list[Any]],
        title_rows: int, with_name: bool, people: bool, writer: str) -> None:
    TRIED["workbooks"] += 1
    if with_name:
        header = ["姓名", "公民身份号码", *header]
        if people:  # real people in the first two columns: the rest of the row decides
            rows = [[f"居民{n}", _new_number(), *row[2:]] for n, row in enumerate(rows)]
    book = _write_book(tmp_path_factory.mktemp("book") / "导入.xlsx", header, rows, title_rows, writer)
    importer, before = ResidentImport(register), counts(register)
    try:
        trial = importer.run(register.actor, book, dry_run=True)
    except ZongzhiError as exc:  # the file as a whole: no header, empty, ...
        assert isinstance(exc, InputError) and CJK.search(str(exc)), exc
        TRIED["workbooks refused whole"] += 1
        assert counts(register) == before
        return
    _check_rows(trial)
    assert not trial.written and counts(register) == before
    result = importer.run(register.actor, book)
    _check_rows(result)
    after = counts(register)
    if result.rejected:  # all or nothing: one bad row and nothing of the file lands
        TRIED["workbooks with row errors"] += 1
        assert not result.written and after == before
    else:
        TRIED["workbooks imported"] += 1
        assert result.written and after["residents"] == before["residents"] + result.imported
        assert (result.imported, result.rejected) == (trial.imported, trial.rejected)


# -- wire messages -----------------------------------------------------------------------------------
MODELS = sorted((m for m in vars(protocol).values()
                 if isinstance(m, type) and issubclass(m, BaseModel) and m is not BaseModel), key=lambda m: m.__name__)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20)


def _typed(annotation: Any) -> st.SearchStrategy[Any]:
    """JSON of the annotated type (the wire models use ints, strs, bools, lists, dicts, tuples,
    Literals, optionals and nested models), so that most such objects validate."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _valid(annotation)
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_typed(a) for a in args))
    if origin is list:
        return st.lists(_typed(args[0]), max_size=3)
    if origin is tuple:
        return st.tuples(*(_typed(a) for a in args)).map(list)
    if origin is dict:
        return st.dictionaries(st.text(max_size=10), _typed(args[1]), max_size=3)
    simple = {int: st.integers(-2**63, 2**63 - 1), str: st.text(max_size=20), bool: st.booleans(),
              float: st.floats(allow_nan=False), type(None): st.none()}
    return simple.get(annotation, json_values)


def _valid(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({n: _typed(f.annotation) for n, f in model.model_fields.items()})


def _broken(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """A well-typed object with one field dropped or replaced by any JSON: the edge of validity."""
    names = list(model.model_fields)
    return st.tuples(_valid(model), st.sampled_from(names), st.one_of(st.none(), json_values)).map(
        lambda t: {k: v for k, v in t[0].items() if k != t[1]} | ({} if t[2] is None else {t[1]: t[2]}))


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan")])
def test_a_number_json_cannot_carry_is_refused_at_the_door(number: float) -> None:
    """Python's json module reads `Infinity` and `NaN` (FastAPI parses request bodies with it); they
    would be written back as null, so a change must not carry them (found by the property below)."""
    op = {"local_seq": 1, "op_id": "a", "tx_id": "t", "tbl": "residents", "row_id": "r", "kind": "update",
          "hlc": 1, "wall_ms": 1, "schema_ver": 8, "fields": {"amount": {"new": [number], "base_seq": None}}}
    with pytest.raises(ValidationError):
        protocol.WireOp.model_validate(op)
    with pytest.raises(ValidationError):
        protocol.WireOp.model_validate(json.loads(json.dumps(op)))  # 'Infinity' / 'NaN' in the text


@FAST
@given(st.sampled_from(MODELS).flatmap(lambda m: st.tuples(st.just(m), st.one_of(json_values, _valid(m), _broken(m)))))
def test_any_json_is_a_valid_message_or_a_validation_error(case: tuple[type[BaseModel], Any]) -> None:
    model, value = case
    TRIED["protocol objects"] += 1
    try:
        parsed = model.model_validate(value)
    except ValidationError:
        return
    TRIED["protocol objects accepted"] += 1
    assert model.model_validate_json(parsed.model_dump_json()) == parsed


@FAST
@given(st.sampled_from(MODELS), st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                                          json_values.map(lambda v: json.dumps(v).encode())))
def test_any_bytes_on_the_wire_are_a_valid_message_or_a_validation_error(model: type[BaseModel], raw: bytes) -> None:
    TRIED["protocol bytes"] += 1
    try:
        model.model_validate_json(raw)
    except ValidationError:
        pass
