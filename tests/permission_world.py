"""A small township for permission tests: two grids with a worker each, two departments, residents and
cases in both, and one actor per role scoped to the first grid or department."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.departments import DepartmentService
from zongzhi_desktop.services.disputes import ActInput, DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.residents import ResidentInput, ResidentService

ADMIN = Actor("admin", "admin", display_name="管理员")
NORTH, SOUTH = "360731100001", "360731100002"  # 北门社区, 南门社区 of 贡江镇


@dataclass(frozen=True)
class World:
    grid: str  # the scoped actors' grid
    other_grid: str
    grid_name: str
    department: str  # the department handler's department
    other_department: str
    resident: str  # in `grid`
    other_resident: str  # in `other_grid`
    case: str  # in `grid`, routed to `department`, in mediation
    other_case: str  # in `other_grid`, routed to `other_department`, in mediation
    actors: dict[str, Actor]


def build_world(store: Store) -> World:
    grids, depts = GridService(store), DepartmentService(store)
    mine, other = grids.create_grid(ADMIN, NORTH, "北门一网格"), grids.create_grid(ADMIN, SOUTH, "南门一网格")
    worker, other_worker = grids.create_worker(ADMIN, "网格员甲"), grids.create_worker(ADMIN, "网格员乙")
    grids.assign(ADMIN, worker.id, mine.id, "fulltime", date(2020, 1, 1))
    grids.assign(ADMIN, other_worker.id, other.id, "fulltime", date(2020, 1, 1))
    judicial = depts.create_department(ADMIN, "贡江镇司法所", "judicial")
    police = depts.create_department(ADMIN, "贡江镇派出所", "police")
    residents = ResidentService(store)
    near = residents.register(ADMIN, ResidentInput("张近", "360102199001010018", grid_id=mine.id)).id
    far = residents.register(ADMIN, ResidentInput("李远", person_number(2), grid_id=other.id)).id
    case = new_case(store, mine.name, judicial.name)
    other_case = new_case(store, other.name, police.name)
    actors = {
        "admin": ADMIN,
        "staff": Actor("clerk", "staff", display_name="办事员"),
        "leader": Actor("boss", "leader", display_name="镇领导"),
        "grid_worker": Actor("jia", "grid_worker", display_name="网格员甲", worker_id=worker.id),
        "dept_handler": Actor("sifa", "dept_handler", display_name="司法所经办", department_id=judicial.id),
    }
    return World(mine.id, other.id, mine.name, judicial.id, police.id, near, far, case, other_case, actors)


def person_number(seq: int) -> str:
    """A valid ID number, different for each `seq`."""
    return make_number("360731", date(1980, 1, 1), seq)


def new_case(store: Store, grid: str, department: str | None = None) -> str:
    """A case in `grid`; with `department`, routed there and checked in (in mediation)."""
    service = DisputeService(store)
    case_no = service.register(ADMIN, IntakeInput(
        title="宅基地边界纠纷", category="宅基地纠纷", channel="来访", grid=grid,
        parties=(PartyInput("张三", "申请人", "360102199001010018", "13800000001"), PartyInput("李四", "被申请人")),
    )).case_no
    if department:
        for step, data in (("accept", ActInput()), ("triage", ActInput()),
                           ("route", ActInput(departments=(department,), mediation_type="人民调解")),
                           ("checkin", ActInput(departments=(department,)))):
            service.act(ADMIN, case_no, step, data)
    return case_no


def as_actor(store: Store, actor: Actor) -> Store:
    """The same opened store, acting as someone else (as if they had logged in on it)."""
    clone = copy.copy(store)
    clone.actor = actor
    return clone
