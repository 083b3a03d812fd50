"""Finding people among hundreds of thousands: search by name, pinyin, initials, ID or phone
fragment, and the register list in keyset pages — always inside the actor's scope, in SQL."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, tuple_, union
from sqlalchemy.orm import Session, aliased

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import mask_phone
from zongzhi_desktop.models.registers import Grid, Household, Resident
from zongzhi_desktop.models.search import ID_SUFFIX, INITIALS, PHONE_SUFFIX, PINYIN, ResidentKey
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.codes import codes_of
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


SORT_KEYS = ("name", "sex", "birth_date", "id_number", "phone", "grid", "registration_type", "status")
MAX_ROWS_BY_IDS = 1000


@dataclass(frozen=True)
class CodeChoice:
    """One entry of a code table for a pick-list; `fields` are a key-population type's own fields."""

    code: str
    name: str
    fields: tuple[tuple[str, str], ...] = ()  # (key, label) in form order


@dataclass(frozen=True)
class HouseholdChoice:
    id: str
    household_no: str
    address: str | None


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
        """Matches `limit` at a time; `after` is the previous page's `next_after`.

        Names and numbers come in (name, id) order. Pinyin matches come in the order of the matched
        pinyin key, walked straight off its index: the first letter typed can match a tenth of
        the register, and sorting all of that by name would cost a blink on every keystroke.
        """
        permissions.require(actor, "residents.read")
        q = normalize_query(query)
        kind = classify(q)
        if not kind:
            return Page((), None)
        with self._store.read() as s:
            if kind == "pinyin":
                return _pinyin_page(s, actor, q.lower(), limit, after)
            where = (Resident.name >= q, Resident.name < q + _TOP) if kind == "name" else (
                Resident.id.in_(_candidates(kind, q)),)
            return _page(s, _row_select().where(*where, *_live(actor)), limit, after)

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

    def ordered_ids(
        self, actor: Actor, *, query: str = "", grid_id: str | None = None,
        village_code: str | None = None, registration_type: str | None = None, sort: str = "name",
        descending: bool = False, limit: int | None = None,
    ) -> tuple[str, ...]:
        """Every matching resident id in display order: the list knows its length and can jump anywhere.
        With `limit`, only the first ones (the list paints them while the rest load).

        A typed `query` narrows like `search` (too short a number fragment finds nothing). `sort` is
        one of SORT_KEYS ("name" orders by pinyin); ties break on id so the order is total and stable.
        """
        permissions.require(actor, "residents.read")
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}")
        q = normalize_query(query)
        kind = classify(q)
        if q and not kind:
            return ()
        # Names sort as people look them up, by pinyin (丁 ding after 陈 chen), not by code point.
        special = {"name": (Resident.name_pinyin, Resident.name), "grid": (Grid.name,)}
        keys = special[sort] if sort in special else (getattr(Resident, sort),)
        columns = (*keys, Resident.id)
        order = tuple(c.desc() for c in columns) if descending else columns
        with self._store.read() as s:
            filters = (*_live(actor), *_filters(grid_id, village_code, registration_type))
            if kind == "pinyin" and sort == "name" and not descending:
                # match order, like `search`, straight off the key index; the keys only exist for live,
                # unmerged people, so without further filters the residents table is not even read
                narrowed = bool(grid_id or village_code or registration_type) or not permissions.scoped_to_everything(actor)
                return _pinyin_ids(s, q.lower(), filters if narrowed else None)[:limit]
            stmt = select(Resident.id).where(*filters)
            if sort == "grid":
                stmt = stmt.outerjoin(Grid, Grid.id == Resident.grid_id)
            if kind:
                stmt = stmt.where(Resident.id.in_(_candidates(kind, q)))
            return _ids(s, stmt.order_by(*order).limit(limit))

    def rows_by_ids(self, actor: Actor, ids: Sequence[str]) -> list[ResidentRow | None]:
        """Rows for `ids` in the same order; None where a row was removed or left the actor's scope."""
        permissions.require(actor, "residents.read")
        if len(ids) > MAX_ROWS_BY_IDS:
            raise ValueError(f"at most {MAX_ROWS_BY_IDS} ids per call")
        if not ids:
            return []
        with self._store.read() as s:
            found = {r[0]: _as_row(r) for r in s.execute(_row_select().where(Resident.id.in_(list(ids)), *_live(actor)))}
        return [found.get(i) for i in ids]

    def code_choices(self, actor: Actor, kinds: Sequence[str]) -> dict[str, tuple[CodeChoice, ...]]:
        """Current code-table entries of `kinds` for pick-lists (registration type, relation, ...)."""
        permissions.require(actor, "residents.read")
        out: dict[str, tuple[CodeChoice, ...]] = {}
        with self._store.read() as s:
            for kind in kinds:
                out[kind] = tuple(CodeChoice(item.code, item.name, _fields(item.extra)) for item in codes_of(s, kind))
        return out

    def households(self, actor: Actor, grid_id: str, *, limit: int = 2000) -> tuple[HouseholdChoice, ...]:
        """Households of one grid for the form's pick-list, by household number."""
        permissions.require(actor, "residents.read")
        with self._store.read() as s:
            rows = s.execute(
                select(Household.id, Household.household_no, Household.address)
                .where(Household.grid_id == grid_id, Household.deleted_at.is_(None),
                       permissions.grid_scope(actor, Household.grid_id))
                .order_by(Household.household_no, Household.id).limit(max(1, min(limit, 5000)))
            ).all()
        return tuple(HouseholdChoice(r[0], r[1] or "", r[2]) for r in rows)


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


def _pinyin_page(s: Session, actor: Actor, q: str, limit: int, after: tuple[str, ...] | None) -> Page[ResidentRow]:
    """Residents whose initials or full pinyin start with `q`, in (key, id) order off the key index.

    Initials first, then full pinyin (every "i:" key sorts before every "p:" key), each range read
    on its own so the index walk stays inside it. One letter is matched on initials only (everyone
    whose pinyin starts with it has initials starting with it too). A person appears once: at the
    first of their keys in the range (heteronym names have several), and not again among the
    full-pinyin matches when the initials matched.
    """
    limit = max(1, min(limit, 1000))
    key, other = ResidentKey, aliased(ResidentKey)
    prefixes = [INITIALS] if len(q) == 1 else [INITIALS, PINYIN]
    rows: list[Any] = []
    for prefix in prefixes:
        low, high = prefix + q, prefix + q + "~"
        if after and after[0] >= high:
            continue  # the previous page already went past this range
        earlier_key = select(other.resident_id).where(
            other.resident_id == key.resident_id, other.key >= low, other.key < key.key)
        stmt = (_row_select().add_columns(key.key).join(key, key.resident_id == Resident.id)
                .where(key.key >= low, key.key < high, ~earlier_key.exists(), *_live(actor)))
        if prefix == PINYIN:
            by_initials = select(other.resident_id).where(
                other.resident_id == key.resident_id, other.key >= INITIALS + q, other.key < INITIALS + q + "~")
            stmt = stmt.where(~by_initials.exists())
        if after:
            stmt = stmt.where(tuple_(key.key, key.resident_id) > tuple_(*after))
        rows += s.execute(stmt.order_by(key.key, key.resident_id).limit(limit + 1 - len(rows))).all()
        if len(rows) > limit:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(tuple(_as_row(r) for r in rows), (rows[-1][-1], rows[-1][0]) if more and rows else None)


def _pinyin_ids(s: Session, q: str, filters: tuple | None) -> tuple[str, ...]:
    """Every resident matching pinyin `q`, in the order `search` pages them (initials, then full pinyin)."""
    prefixes = [INITIALS] if len(q) == 1 else [INITIALS, PINYIN]
    seen: dict[str, None] = {}
    for prefix in prefixes:
        stmt = (select(ResidentKey.resident_id)
                .where(ResidentKey.key >= prefix + q, ResidentKey.key < prefix + q + "~")
                .order_by(ResidentKey.key, ResidentKey.resident_id))
        if filters is not None:
            stmt = stmt.join(Resident, Resident.id == ResidentKey.resident_id).where(*filters)
        for resident_id in _ids(s, stmt):
            seen.setdefault(resident_id)  # a person once, at their first key
    return tuple(seen)


def _ids(s: Session, stmt: Select) -> tuple[str, ...]:
    """The first column of every row, straight off the DB-API cursor when the parameters are plain
    (200,000 ids through SQLAlchemy's row machinery cost four times the query itself)."""
    conn = s.connection()
    compiled = stmt.compile(conn)
    params = [compiled.params[k] for k in compiled.positiontup or ()]
    if not all(p is None or isinstance(p, (str, int)) for p in params):
        return tuple(s.scalars(stmt))  # typed parameters need SQLAlchemy's conversions
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return tuple(row[0] for row in cursor)
    finally:
        cursor.close()


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
    out = tuple(_as_row(r) for r in rows[:limit])
    return Page(out, (out[-1].name, out[-1].id) if more and out else None)


def _as_row(r: Any) -> ResidentRow:
    return ResidentRow(
        id=r[0], name=r[1], id_number=idnumber.mask(r[2]) if r[2] else None, sex=r[3], birth_date=r[4],
        phone=mask_phone(r[5]), grid_id=r[6], grid_name=r[7], registration_type=r[8], status=r[9],
    )


def _fields(extra: str | None) -> tuple[tuple[str, str], ...]:
    """A key-population type's own fields from the code table's `extra` ("key:label")."""
    items = json.loads(extra or "{}").get("fields", [])
    return tuple((key, label) for key, _, label in (str(f).partition(":") for f in items) if label)
