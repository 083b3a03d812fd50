"""Finding people among hundreds of thousands: search by name, pinyin, initials, ID or phone
fragment, and the register list in keyset pages — always inside the actor's scope, in SQL."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select, tuple_, union
from sqlalchemy.orm import Session

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import mask_phone
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.search import ID_SUFFIX, INITIALS, PHONE_SUFFIX, PINYIN, ResidentKey
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.results import Page

_DIGITS = re.compile(r"[0-9]+[0-9X]?")
_TOP = "\U0010ffff"  # sorts after every character: the upper bound of a prefix range
MIN_NUMBER_FRAGMENT = 3


@dataclass(frozen=True)
class ResidentRow:
    """One line of a list or search result; numbers masked (minimum necessary display)."""

    id: str
    name: str
    id_number: str | None
    sex: str | None
    birth_date: date | None
    phone: str | None
    grid_id: str | None
    grid_name: str | None
    registration_type: str
    status: str


def normalize_query(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").strip()
    return "".join(text.split())


def classify(query: str) -> str:
    """'pinyin', 'number', 'name' or '' (nothing searchable)."""
    if not query:
        return ""
    if query.isascii() and query.isalpha():
        return "pinyin"
    if _DIGITS.fullmatch(query.upper()):
        return "number" if len(query) >= MIN_NUMBER_FRAGMENT else ""
    return "name"


class ResidentSearch:
    def __init__(self, store: Store) -> None:
        self._store = store

    def search(
        self, actor: Actor, query: str, *, limit: int = 50, after: tuple[str, ...] | None = None
    ) -> Page[ResidentRow]:
        """Matches in (name, id) order, `limit` at a time; `after` is the previous page's `next_after`."""
        permissions.require(actor, "residents.read")
        q = normalize_query(query)
        kind = classify(q)
        if not kind:
            return Page((), None)
        with self._store.read() as s:
            candidates = _candidates(kind, q)
            stmt = _row_select().where(Resident.id.in_(candidates), *_live(actor))
            return _page(s, stmt, limit, after)

    def list_page(
        self,
        actor: Actor,
        *,
        grid_id: str | None = None,
        village_code: str | None = None,
        registration_type: str | None = None,
        limit: int = 200,
        after: tuple[str, ...] | None = None,
    ) -> Page[ResidentRow]:
        """The register in name order, filtered in SQL."""
        permissions.require(actor, "residents.read")
        with self._store.read() as s:
            stmt = _row_select().where(*_live(actor), *_filters(grid_id, village_code, registration_type))
            return _page(s, stmt, limit, after)

    def count(
        self, actor: Actor, *, grid_id: str | None = None, village_code: str | None = None,
        registration_type: str | None = None,
    ) -> int:
        permissions.require(actor, "residents.read")
        with self._store.read() as s:
            stmt = select(func.count()).select_from(Resident).where(
                *_live(actor), *_filters(grid_id, village_code, registration_type)
            )
            return int(s.scalar(stmt) or 0)


def _candidates(kind: str, q: str) -> Select:
    if kind == "name":
        return select(Resident.id).where(Resident.name >= q, Resident.name < q + _TOP)
    if kind == "pinyin":
        low = q.lower()
        return union(
            *(select(ResidentKey.resident_id).where(ResidentKey.key >= p + low, ResidentKey.key < p + low + "~")
              for p in (PINYIN, INITIALS))
        )  # type: ignore[return-value]
    number = q.upper()
    rev = number[::-1]
    return union(
        select(Resident.id).where(Resident.id_number >= number, Resident.id_number < number + _TOP),
        select(Resident.id).where(Resident.phone >= number, Resident.phone < number + _TOP),
        *(select(ResidentKey.resident_id).where(ResidentKey.key >= p + rev, ResidentKey.key < p + rev + "~")
          for p in (ID_SUFFIX, PHONE_SUFFIX)),
    )  # type: ignore[return-value]


def _live(actor: Actor) -> tuple:
    return (
        Resident.deleted_at.is_(None),
        Resident.merged_into.is_(None),
        permissions.grid_scope(actor, Resident.grid_id),
    )


def _filters(grid_id: str | None, village_code: str | None, registration_type: str | None) -> list:
    out = []
    if grid_id:
        out.append(Resident.grid_id == grid_id)
    if village_code:
        out.append(Resident.grid_id.in_(select(Grid.id).where(Grid.village_code == village_code)))
    if registration_type:
        out.append(Resident.registration_type == registration_type)
    return out


def _row_select() -> Select:
    return select(
        Resident.id, Resident.name, Resident.id_number, Resident.sex, Resident.birth_date, Resident.phone,
        Resident.grid_id, Grid.name, Resident.registration_type, Resident.status,
    ).outerjoin(Grid, Grid.id == Resident.grid_id)


def _page(s: Session, stmt: Select, limit: int, after: tuple[str, ...] | None) -> Page[ResidentRow]:
    limit = max(1, min(limit, 1000))
    if after:
        stmt = stmt.where(tuple_(Resident.name, Resident.id) > tuple_(*after))
    rows = s.execute(stmt.order_by(Resident.name, Resident.id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    out = tuple(
        ResidentRow(
            id=r[0], name=r[1], id_number=idnumber.mask(r[2]) if r[2] else None, sex=r[3], birth_date=r[4],
            phone=mask_phone(r[5]), grid_id=r[6], grid_name=r[7], registration_type=r[8], status=r[9],
        )
        for r in rows
    )
    return Page(out, (out[-1].name, out[-1].id) if more and out else None)

