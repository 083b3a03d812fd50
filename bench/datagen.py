"""Deterministic bench data: grids and residents as plain dicts, and a populated-store builder."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from zongzhi_desktop.demo import people
from zongzhi_desktop.demo.rng import DemoRandom
from zongzhi_desktop.domain.derived import derive
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.store import Store, create_store
from zongzhi_desktop.paths import resolve_paths

TOWNSHIP_CODE = "360731100"
TOWNSHIP_NAME = "贡江镇"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "Bench-2026"
AREA_CODES = ["360731", "360731", "360731", "360702", "360721", "360781"]  # mostly 于都 itself
VILLAGES = (  # a few real villages/communities of 贡江镇 (resources/regions/jiangxi.csv)
    ("360731100001", "北门社区"), ("360731100002", "南门社区"), ("360731100005", "长征社区"),
    ("360731100201", "上欧村"), ("360731100202", "杨公村"), ("360731100204", "水头村"),
)
GRIDS_PER_VILLAGE = 2
TODAY = date(2026, 1, 1)  # fixed so ages, and so the data, do not drift with the calendar
STAMP = datetime(2026, 1, 1, 8, 0, 0)
CHUNK = 10_000
_REGISTRATION = (("huji", 85), ("floating", 13), ("unsettled", 1.5), ("overseas", 0.5))


def grid_rows(seed: int = 1) -> list[dict[str, Any]]:
    rng = DemoRandom(seed)  # seeded, time-ordered ids like real ones (append to the key index)
    rows = []
    for v, (village_code, village_name) in enumerate(VILLAGES):
        for g in range(1, GRIDS_PER_VILLAGE + 1):
            rows.append({
                "id": rng.next_id(),
                "township_code": TOWNSHIP_CODE, "village_code": village_code,
                "code": f"{village_code}{g:02d}", "name": f"{village_name}第{g}网格", "kind": "admin",
                "created_at": STAMP, "updated_at": STAMP, "created_by": ADMIN_USER, "updated_by": ADMIN_USER,
            })
    return rows


@lru_cache(maxsize=4)
def resident_rows(n: int, seed: int = 1) -> tuple[dict[str, Any], ...]:
    """`n` residents as column dicts for `insert(Resident)`; same (n, seed), same rows.

    Cached per process because several benchmarks insert the same data; callers must not mutate them.
    """
    rng = DemoRandom(seed + 1)
    grids = grid_rows(seed)
    village_names = {v: name for v, name in VILLAGES}
    kinds, weights = zip(*_REGISTRATION)
    rows = []
    for i in range(n):
        p = people.person(rng, area_codes=AREA_CODES, today=TODAY)
        grid = grids[rng.randrange(len(grids))]
        row: dict[str, Any] = {
            "id": rng.next_id(),
            "name": p.name, "id_number": p.id_number, "phone": p.phone, "ethnicity": p.ethnicity,
            "grid_id": grid["id"],
            "registration_type": rng.choices(kinds, weights)[0],
            "current_address": people.street_address(rng, village_names[grid["village_code"]]),
            "occupation": people.occupation(rng), "status": "active",
            "created_at": STAMP, "updated_at": STAMP, "created_by": ADMIN_USER, "updated_by": ADMIN_USER,
        }
        row.update(derive("residents", {"name": p.name, "id_number": p.id_number}))  # pinyin is cached per name
        rows.append(row)
    return tuple(rows)


def chunks(rows: Sequence[dict[str, Any]], size: int = CHUNK) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def insert_residents(store: Store, rows: Sequence[dict[str, Any]]) -> None:
    """One write unit, Core executemany in chunks (bounds SQLAlchemy's per-call parameter lists)."""
    with store.write() as session:
        for part in chunks(rows):
            session.execute(insert(Resident), list(part))


def new_store(home: Path, grids: Iterable[dict[str, Any]] | None = None) -> Store:
    """A freshly created bench store in `home`, with the bench grids already in it."""
    store = create_store(
        resolve_paths(home), township_code=TOWNSHIP_CODE, township_name=TOWNSHIP_NAME,
        admin_user=ADMIN_USER, admin_password=ADMIN_PASSWORD,
    )
    with store.write() as session:
        session.execute(insert(Grid), list(grid_rows() if grids is None else grids))
    return store


def build_store(home: Path, residents: int = 200_000, seed: int = 1) -> Path:
    """Create a store in `home` holding `residents` generated people (captured, as the app would);
    returns the store file. The engine is disposed so the WAL is checkpointed into the file."""
    store = new_store(home, grid_rows(seed))
    try:
        insert_residents(store, resident_rows(residents, seed))
    finally:
        store.close()
    return store.paths.store_file
