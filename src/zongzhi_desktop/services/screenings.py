"""Concentrated screening rounds (集中排查): when, where, which grids, what was found."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from zongzhi_desktop.domain.fields import clean_text, parse_date
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models.disputes import Screening
from zongzhi_desktop.models.registers import Grid
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions


@dataclass(frozen=True)
class ScreeningRecord:
    id: str
    held_on: date
    scope: str
    grid_ids: tuple[str, ...]
    found_count: int
    led_by: str | None
    note: str | None


class ScreeningService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def record(self, actor: Actor, *, held_on: date | str | None, scope: str, grid_ids: tuple[str, ...] = (),
               found_count: int = 0, led_by: str | None = None, note: str | None = None) -> ScreeningRecord:
        permissions.require(actor, "disputes.act")
        day = parse_date(held_on, "排查日期")
        if day and day > date.today():
            raise InputError("input.future_date", field="排查日期", value=day.isoformat())
        if found_count < 0:
            raise InputError("input.invalid_number", field="发现纠纷数", value=found_count)
        with self._store.write(actor) as s:
            known = set(s.scalars(select(Grid.id).where(Grid.id.in_(grid_ids), Grid.deleted_at.is_(None))))
            unknown = [g for g in grid_ids if g not in known]
            if unknown:
                raise InputError("disputes.grid_unknown", grid="、".join(unknown))
            row = Screening(held_on=day, scope=clean_text(scope, "排查范围", max_len=500, required=True),
                            grid_ids=json.dumps(list(grid_ids)), found_count=found_count,
                            led_by=clean_text(led_by, "带队人", max_len=64), note=clean_text(note, "备注", max_len=2000),
                            created_by=actor.username, updated_by=actor.username)
            s.add(row)
            s.flush()
            return _record(row)

    def between(self, actor: Actor, start: date, end: date) -> list[ScreeningRecord]:
        permissions.require(actor, "disputes.read")
        with self._store.read() as s:
            rows = s.scalars(select(Screening).where(Screening.deleted_at.is_(None), Screening.held_on >= start,
                                                     Screening.held_on <= end).order_by(Screening.held_on))
            return [_record(r) for r in rows]


def _record(r: Screening) -> ScreeningRecord:
    return ScreeningRecord(r.id, r.held_on, r.scope, tuple(json.loads(r.grid_ids or "[]")), r.found_count, r.led_by, r.note)
