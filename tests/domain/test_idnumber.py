"""GB 11643 ID-number rules: domain.md §5.2 vectors, folding, upgrade, dates, area warnings, masking."""

from __future__ import annotations

from datetime import date

import pytest

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.idnumber import check_char, is_valid, make_number, mask, normalize, parse
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import InputError

TODAY = date(2025, 6, 1)

# domain.md §5.2: checksum-valid published vectors.
VALID = [
    "11010519491231002X",
    "53010219200508011X",
    "34052419800101001X",
    "120223198902021249",
    "130132199210293822",
]
# (number, expected check char) for the published negative vectors.
INVALID = [
    ("110105194912310021", "X"),
    ("130402198207290622", "4"),
    ("110105195001010014", "2"),
    ("110105195001010027", "0"),
]
# Synthetic Jiangxi vectors: (number, sex, birth date).
JIANGXI = [
    ("360102199001010018", "1", date(1990, 1, 1)),
    ("36020319850515002X", "2", date(1985, 5, 15)),
    ("360502197808080036", "1", date(1978, 8, 8)),
    ("36070219951231004X", "2", date(1995, 12, 31)),
    ("360902196002290058", "1", date(1960, 2, 29)),
    ("361102198811110068", "2", date(1988, 11, 11)),
    ("361121200001010072", "1", date(2000, 1, 1)),
    # domain.md labels this one "M", but its 17th digit is 8 (even): by the same rule it is female.
    ("360721197007070081", "2", date(1970, 7, 7)),
]


def _error(raw: str, **kw: object) -> InputError:
    with pytest.raises(InputError) as info:
        parse(raw, today=TODAY, **kw)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize("number", VALID)
def test_published_valid_vectors_parse(number: str) -> None:
    result = parse(number, today=TODAY)
    assert result.number == number
    assert result.warnings == ()
    assert not result.upgraded_from_15


def test_standard_example_details() -> None:
    result = parse("11010519491231002X", today=TODAY)
    assert result.area_code == "110105"
    assert result.birth_date == date(1949, 12, 31)
    assert result.sex == "2"


def test_1880_classic_example_of_the_standard_is_valid() -> None:
    result = parse("440524188001010014", today=TODAY)
    assert result.birth_date == date(1880, 1, 1)
    assert result.sex == "1"


def test_birth_before_1800_is_a_typo() -> None:
    body = "44052417800101001"
    err = _error(body + check_char(body))
    assert err.code == "id.date_too_old"


@pytest.mark.parametrize(("number", "expected"), INVALID)
def test_published_invalid_vectors_fail_checksum(number: str, expected: str) -> None:
    err = _error(number)
    assert err.code == "id.checksum"
    assert err.params == {"expected": expected, "actual": number[-1]}
    assert not is_valid(number)


@pytest.mark.parametrize(("number", "sex", "born"), JIANGXI)
def test_jiangxi_vectors(number: str, sex: str, born: date) -> None:
    result = parse(number, today=TODAY)
    assert (result.sex, result.birth_date, result.area_code) == (sex, born, number[:6])
    assert result.warnings == ()


def test_check_char_matches_vectors_and_rejects_bad_input() -> None:
    for number, _, _ in JIANGXI:
        assert check_char(number[:17]) == number[17]
    with pytest.raises(ValueError):
        check_char("1234")


@pytest.mark.parametrize(
    "raw",
    [
        "３６０７０２１９９５１２３１００４ｘ",  # full-width digits and ｘ
        "３６０７０２１９９５１２３１００４Ｘ",
        "36070219951231004x",  # lower-case x
        " 360702 19951231 004X ",  # inner and outer spaces
        "360702\u300019951231\t004X\n",  # ideographic space, tab, newline
        "\ufeff36070219951231004X\u200b",  # BOM and zero-width space from a paste
    ],
)
def test_normalize_folds_and_strips(raw: str) -> None:
    assert normalize(raw) == "36070219951231004X"
    assert parse(raw, today=TODAY).number == "36070219951231004X"


def test_fifteen_digit_upgrade() -> None:
    # 360102199001010018 without "19" and without its check character.
    legacy = "360102900101001"
    result = parse(legacy, today=TODAY)
    assert result.number == "360102199001010018"
    assert result.upgraded_from_15
    assert result.birth_date == date(1990, 1, 1)
    assert result.sex == "1"


def test_fifteen_digit_with_letter_is_rejected() -> None:
    err = _error("36010290010100A")
    assert (err.code, err.params) == ("id.chars", {"position": 15, "char": "A"})


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty(raw: str) -> None:
    assert _error(raw).code == "id.empty"


@pytest.mark.parametrize(("raw", "length"), [("3601021990", 10), ("3601021990010100181", 19), ("36010219900101001", 17)])
def test_bad_length(raw: str, length: int) -> None:
    err = _error(raw)
    assert (err.code, err.params) == ("id.length", {"length": length})


def test_letter_in_body_reports_position() -> None:
    err = _error("3601021990O1010018")  # letter O typed for zero at position 11
    assert (err.code, err.params) == ("id.chars", {"position": 11, "char": "O"})


def test_bad_check_character() -> None:
    err = _error("36010219900101001Y")
    assert (err.code, err.params) == ("id.chars", {"position": 18, "char": "Y"})


def test_invalid_date() -> None:
    number = make_number("360102", date(1999, 2, 28), 1)
    body = number[:6] + "19990230" + number[14:17]
    err = _error(body + check_char(body))
    assert (err.code, err.params) == ("id.date_invalid", {"date": "1999-02-30"})


def test_non_leap_29_february_is_invalid() -> None:
    body = "36090219610229005"
    assert _error(body + check_char(body)).code == "id.date_invalid"


def test_future_date_relative_to_today() -> None:
    number = make_number("360702", date(2025, 6, 2), 2)
    err = _error(number)
    assert (err.code, err.params) == ("id.date_future", {"date": "2025-06-02"})
    assert parse(number, today=date(2025, 6, 2)).birth_date == date(2025, 6, 2)


def test_unknown_area_is_a_warning_not_an_error() -> None:
    result = parse("36070219951231004X", today=TODAY, area_known=lambda code: False)
    assert result.warnings == ("id.area_unknown",)
    assert result.number == "36070219951231004X"
    assert parse("36070219951231004X", today=TODAY, area_known=lambda code: code == "360702").warnings == ()


def test_non_province_prefix_warns() -> None:
    number = make_number("990101", date(1990, 1, 1), 3)
    assert parse(number, today=TODAY).warnings == ("id.area_unknown",)


def test_every_error_and_warning_has_chinese_text() -> None:
    cases = {
        "id.empty": {},
        "id.length": {"length": 10},
        "id.chars": {"position": 3, "char": "A"},
        "id.checksum": {"expected": "X", "actual": "1"},
        "id.date_invalid": {"date": "1999-02-30"},
        "id.date_future": {"date": "2099-01-01"},
        "id.date_too_old": {"date": "1880-01-01"},
        "id.area_unknown": {"area": "990101"},
    }
    for code, params in cases.items():
        text = render(code, **params)
        assert "身份证" in text and "未知错误" not in text
        for value in params.values():
            assert str(value) in text
    assert render("id.checksum", expected="X", actual="1") == "身份证号码校验位错误：应为X，实际为1"
    assert str(InputError("id.length", length=10)).endswith("10位")


def test_mask() -> None:
    assert mask("36070219951231004X") == "3607**********004X"
    assert mask("360102900101001") == "3601*******1001"
    assert mask("") == ""
    assert mask("12345") == "*****"
    assert mask("12345678") == "********"


def test_make_number_round_trip() -> None:
    for seq, sex in ((0, "2"), (1, "1"), (998, "2"), (999, "1")):
        number = make_number("360702", date(2000, 2, 29), seq)
        result = parse(number, today=TODAY)
        assert (result.number, result.sex, result.birth_date) == (number, sex, date(2000, 2, 29))
    with pytest.raises(ValueError):
        make_number("3607", date(2000, 1, 1), 1)
    with pytest.raises(ValueError):
        make_number("360702", date(2000, 1, 1), 1000)


def test_is_valid_and_default_today() -> None:
    assert is_valid("11010519491231002X")
    assert not is_valid("")
    assert idnumber.parse("11010519491231002X").birth_date == date(1949, 12, 31)
