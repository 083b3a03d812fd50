"""Code tables (county-owned reference data): look-ups by code or Chinese name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models.reference import CodeItem
from zongzhi_desktop.models.store import Store


def current(column_from: ColumnElement, column_to: ColumnElement, today: date) -> ColumnElement[bool]:
    # Codes retired by the county stay readable on old rows but are not offered for new input.
    return or_(column_to.is_(None), column_to > today) & or_(column_from.is_(None), column_from <= today)


def codes_of(s: Session, kind: str) -> list[CodeItem]:
    return list(
        s.scalars(
            select(CodeItem)
            .where(CodeItem.kind == kind, current(CodeItem.valid_from, CodeItem.valid_to, date.today()))
            .order_by(CodeItem.sort_order)
        )
    )


def lookup_code(s: Session, kind: str, value: str | None, field: str) -> CodeItem:
    """A code-table entry by its code or its Chinese name, so people can type either."""
    wanted = (value or "").strip()
    items = codes_of(s, kind)
    for item in items:
        if wanted.lower() == item.code.lower() or wanted == item.name:
            return item
    choices = "、".join(f"{i.code}（{i.name}）" for i in items)
    raise InputError("input.invalid_choice", field=field, value=value or "", choices=choices)


def resolve_code(s: Session, kind: str, value: str | None, field: str) -> str | None:
    """Like `lookup_code`, but a blank value is simply None."""
    if value is None or not str(value).strip():
        return None
    return lookup_code(s, kind, value, field).code


def code_name(s: Session, kind: str, code: str) -> str:
    return s.scalar(select(CodeItem.name).where(CodeItem.id == f"{kind}:{code}")) or code


def code_names(s: Session, kind: str) -> dict[str, str]:
    return {c.code: c.name for c in codes_of(s, kind)}


def code_options(store: Store, kind: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of a code table in the county's order, for choice boxes (no Session for the GUI)."""
    with store.read() as s:
        return tuple(code_names(s, kind).items())
