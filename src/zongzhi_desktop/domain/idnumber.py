"""Resident ID numbers (GB 11643-1999): normalising, validating, upgrading, masking and building."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from zongzhi_desktop.errors import InputError

# Weights W_i = 2^(18-i) mod 11 for positions 1..17 (ISO 7064 MOD 11-2).
_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Check character indexed by Y = S mod 11.
_CHECK_CHARS = "10X98765432"
_DIGITS = frozenset("0123456789")

# Catches "17xx" typos. The standard's own classic example 440524188001010014 (born 1880) must
# stay valid, so the fence sits well before it.
EARLIEST_BIRTH = date(1800, 1, 1)

# Province-level GB/T 2260 prefixes (incl. 71 台湾, 81 香港, 82 澳门). Anything else is
# almost certainly a typo, but we only warn: IDs keep the code issued at registration.
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)

# Characters that survive str.split() but still sneak in when numbers are pasted from
# Excel/WeChat: zero-width space/joiners and the BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

WARN_AREA_UNKNOWN = "id.area_unknown"


@dataclass(frozen=True)
class IdNumber:
    """A validated, canonical 18-character resident ID number and what it encodes."""

    number: str
    area_code: str
    birth_date: date
    sex: str  # GB/T 2261.1: "1" male, "2" female
    upgraded_from_15: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def is_male(self) -> bool:
        return self.sex == "1"


def _fold_char(ch: str) -> str:
    # Full-width ASCII block U+FF01..U+FF5E maps 1:1 onto U+0021..U+007E.
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return ch


def normalize(raw: str) -> str:
    """Fold full-width characters, drop every kind of whitespace and upper-case the x check char."""
    if not raw:
        return ""
    if raw.isascii() and raw.isalnum():  # nothing to fold or drop: how nearly every number arrives
        return raw.replace("x", "X")
    folded = "".join(_fold_char(ch) for ch in raw.translate(_INVISIBLE))
    # str.split() with no argument splits on all Unicode whitespace, including U+3000.
    compact = "".join(folded.split())
    # Only x is upper-cased so that other stray letters are reported exactly as typed.
    return compact.replace("x", "X")


def check_char(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(body17) != 17 or not (body17.isascii() and body17.isdigit()):
        raise ValueError(f"check_char needs 17 ASCII digits, got {body17!r}")
    total = sum(map(operator.mul, map(int, body17), _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def _first_bad_char(text: str, allowed_last: frozenset[str] | None) -> tuple[int, str] | None:
    """1-based position and character of the first illegal character, or None."""
    if text.isascii() and text[:-1].isdigit() and (
            text[-1:].isdigit() or (allowed_last is not None and text[-1:] in allowed_last)):
        return None  # the common case, without a Python loop
    last = len(text) - 1
    for i, ch in enumerate(text):
        allowed = allowed_last if (allowed_last is not None and i == last) else _DIGITS
        if ch not in allowed:
            return i + 1, ch
    return None


def _birth_date(digits8: str, today: date) -> date:
    shown = f"{digits8[:4]}-{digits8[4:6]}-{digits8[6:8]}"
    try:
        born = date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        # Month 13, day 30 of February, 29 Feb in a non-leap year, year 0000 ...
        raise InputError("id.date_invalid", date=shown) from None
    if born < EARLIEST_BIRTH:
        raise InputError("id.date_too_old", date=shown)
    if born > today:
        raise InputError("id.date_future", date=shown)
    return born


def parse(
    raw: str,
    *,
    today: date | None = None,
    area_known: Callable[[str], bool] | None = None,
) -> IdNumber:
    """Validate `raw` and return the canonical number; raise InputError naming the failed check.

    Checks run in a fixed order (empty, length, characters, checksum, birth date) so the
    message always names the first problem. Unknown area codes only add a warning.
    """
    number = normalize(raw)
    if not number:
        raise InputError("id.empty")
    if len(number) not in (15, 18):
        raise InputError("id.length", length=len(number))

    upgraded = len(number) == 15
    if upgraded:
        bad = _first_bad_char(number, None)  # legacy numbers are all digits
        if bad:
            raise InputError("id.chars", position=bad[0], char=bad[1])
        # Legacy AAAAAA YYMMDD SSS: everyone was born in the 1900s (the standard's rule).
        body = number[:6] + "19" + number[6:]
        number = body + check_char(body)
    else:
        bad = _first_bad_char(number, frozenset("0123456789X"))
        if bad:
            raise InputError("id.chars", position=bad[0], char=bad[1])
        expected = check_char(number[:17])
        if number[17] != expected:
            raise InputError("id.checksum", expected=expected, actual=number[17])

    born = _birth_date(number[6:14], today or date.today())

    area = number[:6]
    warnings: list[str] = []
    province_ok = int(area[:2]) in _PROVINCES
    if not province_ok or (area_known is not None and not area_known(area)):
        warnings.append(WARN_AREA_UNKNOWN)

    return IdNumber(
        number=number,
        area_code=area,
        birth_date=born,
        # The 17th character (last sequence digit) is odd for men, even for women.
        sex="1" if int(number[16]) % 2 else "2",
        upgraded_from_15=upgraded,
        warnings=tuple(warnings),
    )


def is_valid(raw: str, *, today: date | None = None) -> bool:
    """True if `raw` parses (warnings allowed)."""
    try:
        parse(raw, today=today)
    except InputError:
        return False
    return True


def mask(number: str) -> str:
    """Show only the first and last 4 characters, e.g. 3607**********004X.

    Strings too short to keep 8 characters visible are starred completely: revealing
    most of a short fragment would defeat the purpose.
    """
    text = normalize(number or "")
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def make_number(area_code: str, birth: date, seq: int) -> str:
    """Build a valid 18-character number (demo/test data). Odd `seq` gives a male number."""
    if len(area_code) != 6 or not all(ch in _DIGITS for ch in area_code):
        raise ValueError(f"area_code must be 6 digits, got {area_code!r}")
    if not 0 <= seq <= 999:
        raise ValueError(f"seq must be 0..999, got {seq}")
    body = f"{area_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return body + check_char(body)
