"""The demo township: villages' grids and workers, departments and mediators, households of
residents with key populations and their visits — realistic, and the same for one seed and day."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, text

from zongzhi_desktop.demo import people
from zongzhi_desktop.demo.disputes import build_disputes
from zongzhi_desktop.demo.rng import DemoRandom
from zongzhi_desktop.domain.derived import derive
from zongzhi_desktop.models import search as search_index
from zongzhi_desktop.models.reference import Region
from zongzhi_desktop.models.registers import (
    Department, Grid, GridAssignment, GridWorker, Household, KeyPerson, Mediator, Resident, Visit,
)
from zongzhi_desktop.models.store import Store

CHUNK = 10_000  # residents per transaction: bounded memory, and batches the sync can carry
RESIDENTS_PER_GRID = 400
# Where the register's people were born: mostly this county, some from the rest of Jiangxi.
AREA_CODES = ["360731"] * 12 + ["360702", "360703", "360704", "360732", "360781", "360102", "361102", "440106"]
_REGISTRATION = (("huji", 85), ("floating", 12), ("unsettled", 2.5), ("overseas", 0.5))
_KEY_TYPES = (("released", 30), ("community_correction", 15), ("mental", 25), ("drug", 10),
              ("youth", 12), ("petition", 6), ("aids", 2))
_DEPARTMENTS = (
    ("人民调解委员会", "people_mediation"), ("司法所", "judicial"), ("派出所", "police"),
    ("人民法庭", "court"), ("信访办", "petition"), ("农业农村办", "admin"), ("自然资源所", "admin"),
    ("劳动保障所", "admin"), ("市场监管所", "admin"), ("住建办", "admin"),
)


@dataclass(frozen=True)
class DemoSummary:
    villages: int
    grids: int
    workers: int
    households: int
    residents: int
    key_persons: int
    visits: int
    departments: int
    mediators: int
    disputes: int = 0
    dispute_events: int = 0


def build_demo(store: Store, *, residents: int, seed: int, disputes: int = 0, today: date | None = None) -> DemoSummary:
    """Fill an empty township store. Every row goes through the capture, like any other write."""
    today = today or date.today()
    rng = DemoRandom(seed)
    township = store.state("township_code") or ""
    township_name = store.state("township_name") or ""
    with store.read() as s:
        villages = s.execute(
            select(Region.id, Region.name).where(Region.parent_code == township).order_by(Region.id)
        ).all()
    if not villages:
        villages = [(township + "001", township_name + "居委会")]
    actor = store.actor
    grids: list[tuple[str, str, str]] = []  # (grid id, village code, village name)
    counts: dict[str, int] = {}
    with store.write(actor) as s:
        per_village = max(1, round(residents / RESIDENTS_PER_GRID / len(villages)))
        grid_rows, worker_rows, assignment_rows = [], [], []
        for code, vname in villages:
            for n in range(1, per_village + 1):
                gid = rng.next_id()
                grids.append((gid, code, vname))
                grid_rows.append({"id": gid, "township_code": township, "village_code": code,
                                  "code": f"{code}{n:03d}", "name": f"{vname}第{n}网格", "kind": "admin"})
                for role in ("leader" if n == 1 else "fulltime",) + (("parttime",) if n % 4 == 0 else ()):
                    p = people.person(rng, area_codes=AREA_CODES[:12], today=today)
                    wid = rng.next_id()
                    worker_rows.append({"id": wid, "name": p.name, "id_number": p.id_number, "phone": p.phone,
                                        "employment": "parttime" if role == "parttime" else "fulltime"})
                    assignment_rows.append({"id": rng.next_id(), "grid_id": gid, "worker_id": wid, "role": role,
                                            "duty": "负责本网格人口登记、矛盾排查、走访", "start_date": today - timedelta(days=rng.randint(60, 1500))})
        s.execute(insert(Grid), grid_rows)
        s.execute(insert(GridWorker), worker_rows)
        s.execute(insert(GridAssignment), assignment_rows)
        counts.update(villages=len(villages), grids=len(grid_rows), workers=len(worker_rows))
        counts.update(_departments(s, rng, township_name, villages))
    counts.update(_residents(store, rng, grids, residents, today))
    if disputes:
        counts["dispute_events"] = build_disputes(store, rng, count=disputes, today=today)
        counts["disputes"] = disputes
    return DemoSummary(**counts)


def _departments(s: Any, rng: DemoRandom, township_name: str, villages: list) -> dict[str, int]:
    dept_rows, mediator_rows = [], []
    names = [(f"{township_name}{n}", kind) for n, kind in _DEPARTMENTS]
    names += [(f"{vname}人民调解委员会", "people_mediation") for _code, vname in villages]
    for name, kind in names:
        did = rng.next_id()
        dept_rows.append({"id": did, "name": name, "kind": kind, "level": "township", "phone": "0797-6" + f"{rng.randrange(10**6):06d}"})
        for _ in range(rng.randint(2, 4) if kind in ("people_mediation", "judicial") else 1):
            p = people.person(rng, area_codes=AREA_CODES[:12], today=date(2026, 1, 1))
            mediator_rows.append({"id": rng.next_id(), "department_id": did, "name": p.name, "phone": p.phone,
                                  "title": "专职调解员" if kind == "people_mediation" else "工作人员",
                                  "kind": "fulltime"})
    s.execute(insert(Department), dept_rows)
    s.execute(insert(Mediator), mediator_rows)
    return {"departments": len(dept_rows), "mediators": len(mediator_rows)}


def _residents(store: Store, rng: DemoRandom, grids: list, total: int, today: date) -> dict[str, int]:
    made = {"households": 0, "residents": 0, "key_persons": 0, "visits": 0}
    for chunk in _chunks(_households(rng, grids, total, today), CHUNK):
        with store.write(store.actor) as s:
            conn = s.connection()
            house_rows = [h for h, _members in chunk]
            member_rows = [m for _h, members in chunk for m in members]
            conn.execute(insert(Household), house_rows)
            conn.execute(insert(Resident), member_rows)
            conn.execute(
                text("INSERT INTO resident_keys (key, resident_id) VALUES (:k, :id)"),
                [{"k": k, "id": m["id"]} for m in member_rows for k in search_index.keys_for(m)],
            )
            kp_rows, visit_rows = _key_persons(rng, member_rows, today)
            if kp_rows:
                conn.execute(insert(KeyPerson), kp_rows)
            if visit_rows:
                conn.execute(insert(Visit), visit_rows)
            made["households"] += len(house_rows)
            made["residents"] += len(member_rows)
            made["key_persons"] += len(kp_rows)
            made["visits"] += len(visit_rows)
    return made


def _households(rng: DemoRandom, grids: list, total: int, today: date) -> Iterator[tuple[dict, list[dict]]]:
    made = 0
    number = 0
    while made < total:
        gid, _vcode, vname = rng.choice(grids)
        size = min(total - made, rng.choices((1, 2, 3, 4, 5, 6), weights=(12, 25, 25, 22, 11, 5))[0])
        number += 1
        hid = rng.next_id()
        address = people.street_address(rng, vname)
        registration = rng.choices([r for r, _ in _REGISTRATION], weights=[w for _, w in _REGISTRATION])[0]
        members = []
        head = people.person(rng, area_codes=AREA_CODES, today=today)
        family_name = head.name[0]
        for i in range(size):
            p = head if i == 0 else people.person(rng, area_codes=AREA_CODES, today=today)
            name = p.name if i == 0 or rng.random() < 0.4 else family_name + p.name[1:]
            row = {
                "id": rng.next_id(), "name": name,
                "id_number": p.id_number if registration != "overseas" else None,
                "grid_id": gid, "household_id": hid, "registration_type": registration,
                "relation_to_head": "head" if i == 0 else rng.choice(("spouse", "child", "child", "parent", "grandchild")),
                "ethnicity": p.ethnicity, "current_address": address,
                "hukou_address": address if registration == "huji" else None,
                "phone": p.phone if rng.random() < 0.8 else None,
                "employer": people.employer(rng) if rng.random() < 0.35 else None,
                "occupation": people.occupation(rng) if rng.random() < 0.5 else None,
                "status": "active",
            }
            row.update(_derived(row["name"], row["id_number"]))
            members.append(row)
        made += size
        yield {"id": hid, "household_no": f"{number:08d}", "grid_id": gid, "address": address}, members


def _derived(name: str, id_number: str | None) -> dict[str, Any]:
    return derive("residents", {"name": name, "id_number": id_number})


def _key_persons(rng: DemoRandom, members: list[dict], today: date) -> tuple[list[dict], list[dict]]:
    kp_rows, visit_rows = [], []
    for m in members:
        birth = m.get("birth_date")
        if birth is None or rng.random() > 0.012 or (today.year - birth.year) < 14:
            continue
        type_code = rng.choices([t for t, _ in _KEY_TYPES], weights=[w for _, w in _KEY_TYPES])[0]
        level = rng.choices(("high", "medium", "normal"), weights=(15, 35, 50))[0]
        interval = {"high": 7, "medium": 15, "normal": 30}[level]
        started = today - timedelta(days=rng.randint(30, 900))
        kid = rng.next_id()
        helper = people.person(rng, area_codes=AREA_CODES[:12], today=today)
        kp_rows.append({
            "id": kid, "resident_id": m["id"], "type_code": type_code, "attention_level": level,
            "helper_name": helper.name, "helper_phone": helper.phone, "details": json.dumps({}, ensure_ascii=False),
            "visit_interval_days": interval, "started_on": started,
        })
        day = started
        while True:  # visits roughly on schedule, sometimes late, the last one possibly overdue now
            day += timedelta(days=interval + rng.randint(-2, interval // 2 + 3))
            if day >= today:
                break
            visit_rows.append({"id": rng.next_id(), "key_person_id": kid, "visited_on": day,
                               "visitor": helper.name, "method": rng.choice(("home", "home", "phone", "office")),
                               "summary": rng.choice(("情况稳定", "已落实帮扶措施", "思想动态正常", "家属配合管理"))})
    return kp_rows, visit_rows


def _chunks(items: Iterator[tuple[dict, list[dict]]], size: int) -> Iterator[list[tuple[dict, list[dict]]]]:
    batch, people_in_batch = [], 0
    for item in items:
        batch.append(item)
        people_in_batch += len(item[1])
        if people_in_batch >= size:
            yield batch
            batch, people_in_batch = [], 0
    if batch:
        yield batch
