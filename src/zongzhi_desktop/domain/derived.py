"""Derived columns: recomputed from captured values wherever a row lands, so they never travel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from zongzhi_desktop.domain import idnumber, pinyin
from zongzhi_desktop.errors import InputError


def _resident(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"sex": None, "birth_date": None, "name_pinyin": None, "name_initials": None}
    raw_id = values.get("id_number")
    if raw_id:
        try:
            parsed = idnumber.parse(str(raw_id))
            out["sex"], out["birth_date"] = parsed.sex, parsed.birth_date
        except InputError:
            pass  # an invalid number keeps its text; the register flags it, derivation stays empty
    name = values.get("name")
    if name:
        keys = pinyin.name_keys(str(name))
        out["name_pinyin"] = keys.full[0] if keys.full else None
        out["name_initials"] = keys.initials[0] if keys.initials else None
    return out


DERIVERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {"residents": _resident}
# The captured fields each table's derived columns are computed from: a change to anything else
# leaves them as they are (a phone number does not move a birth date).
DERIVED_FROM: dict[str, frozenset[str]] = {"residents": frozenset({"name", "id_number"})}


# Raise when a release derives differently (new rules here or in domain/pinyin.py): every store
# then recomputes its derived columns once, so old and new PCs hold the same values.
RULES_VERSION = "1"


def rules_fingerprint() -> str:
    """What the derived values of this version depend on: its rules and the pinyin dictionary."""
    from importlib.metadata import version

    return f"{RULES_VERSION}/pypinyin-{version('pypinyin')}"


def derive(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Derived column values of `table` for a row whose captured values are `values`."""
    deriver = DERIVERS.get(table)
    return deriver(values) if deriver else {}


def as_sql_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
