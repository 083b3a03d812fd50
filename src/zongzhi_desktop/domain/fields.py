"""Form fields shared by every register: text, phone numbers, ID numbers and dates — folding,
validation with a message naming the field, and masking for display."""

from __future__ import annotations

import re
from datetime import date

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.errors import InputError

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"－": "-", "（": "(", "）": ")"})
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")


def normalize_phone(raw: str | None, field: str = "联系电话") -> str | None:
    """An 11-digit mobile or a landline with area code (0797-1234567); None for empty input."""
    if raw is None:
        return None
    text = raw.translate(_FULLWIDTH).strip().replace(" ", "").replace("(", "").replace(")", "-")
    if text.startswith("+86"):
        text = text[3:]
    if not text:
        return None
    if _MOBILE.fullmatch(text):
        return text
    if _LANDLINE.fullmatch(text):
        if "-" in text[:5]:
            return text
        area = 3 if text[1] in "12" else 4  # 010 and 02x are the three-digit area codes
        return f"{text[:area]}-{text[area:]}"
    raise InputError("input.invalid_phone", field=field, value=raw)


def mask_phone(phone: str | None) -> str | None:
    """138****0001: enough to recognise, not enough to call."""
    if not phone:
        return phone
    digits = phone.replace("-", "")
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "****"


def clean_text(raw: str | None, field: str, *, max_len: int = 128, required: bool = False) -> str | None:
    """Trim, fold full-width spaces; refuse empty required fields and over-long text."""
    text = (raw or "").replace("\u3000", " ").strip()
    if not text:
        if required:
            raise InputError("input.required", field=field)
        return None
    if len(text) > max_len:
        raise InputError("input.too_long", field=field, max=max_len)
    return text


def clean_id_number(raw: str | None) -> str | None:
    """The canonical 18-character number, or None when blank; errors say which check failed."""
    if not (raw or "").strip():
        return None
    return idnumber.parse(raw or "").number


def parse_date(value: date | str | None, field: str, *, default_today: bool = True) -> date | None:
    """A date from a date or 'YYYY-MM-DD'; today (or None) when missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return date.today() if default_today else None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError("input.invalid_date", field=field, value=value) from None
