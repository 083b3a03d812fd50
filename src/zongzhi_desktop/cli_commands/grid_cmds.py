"""`grids`, `workers`, `departments`, `mediators`, `villages`: the township's grids and organisations."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.departments import DepartmentService
from zongzhi_desktop.services.grids import GridService
from zongzhi_desktop.services.regions import RegionService

_Action = Callable[[Store, Actor, argparse.Namespace], tuple[str, Any]]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    grids = _group(sub, "grids", "网格：查看和新增")
    p = _command(grids, "list", "列出网格", _grids_list)
    p.add_argument("--village", help="只列出这个村（社区）代码下的网格")
    p = _command(grids, "add", "新增网格（编码留空则自动生成：村代码 + 3位序号）", _grids_add)
    p.add_argument("--village", required=True, help="12位村（社区）代码，见 zongzhi villages list")
    p.add_argument("--name", required=True)
    p.add_argument("--code", help="网格编码（留空自动生成）")
    p.add_argument("--kind", help="网格类型：代码或名称，如 admin 或 行政区域网格（默认）")

    workers = _group(sub, "workers", "网格员：查看、新增、安排岗位")
    _command(workers, "list", "列出网格员及其当前岗位", _workers_list)
    p = _command(workers, "add", "新增网格员", _workers_add)
    p.add_argument("--name", required=True)
    p.add_argument("--phone")
    p.add_argument("--id-number")
    p.add_argument("--employment", help="专兼职：fulltime/parttime 或 专职/兼职（默认专职）")
    p = _command(workers, "assign", "安排网格员到网格任职（定人、定岗、定责）", _workers_assign)
    p.add_argument("worker_id")
    p.add_argument("--grid", required=True, help="网格 id")
    p.add_argument("--role", required=True, help="岗位：代码或名称，如 leader 或 网格长")
    p.add_argument("--start", help="任职日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--duty", help="职责")

    departments = _group(sub, "departments", "部门和调解组织：查看和新增")
    _command(departments, "list", "列出部门（--department 可用其 id、代码或名称）", _departments_list)
    p = _command(departments, "add", "新增部门或调解组织", _departments_add)
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, help="类型：代码或名称，如 people_mediation 或 人民调解委员会")
    p.add_argument("--code", help="部门代码（可选，唯一）")
    p.add_argument("--phone")

    mediators = _group(sub, "mediators", "调解员：查看和新增")
    p = _command(mediators, "list", "列出调解员", _mediators_list)
    p.add_argument("--department", help="部门 id、代码或名称")
    p = _command(mediators, "add", "新增调解员", _mediators_add)
    p.add_argument("--department", required=True, help="部门 id、代码或名称")
    p.add_argument("--name", required=True)
    p.add_argument("--phone")
    p.add_argument("--id-number")
    p.add_argument("--title", help="职务")

    villages = _group(sub, "villages", "本乡镇的村（社区）")
    _command(villages, "list", "列出本乡镇的村（社区）及代码", _villages_list)


def _group(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    parser = sub.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_command", required=True)


def _command(group: argparse._SubParsersAction, name: str, help_text: str, action: _Action) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p = group.add_parser(name, help=help_text)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_handler(action))
    return p


def _handler(action: _Action) -> Callable[[argparse.Namespace, AppPaths], int]:
    """Log in, run one service call, print it (JSON or text), always close the store."""

    def handle(args: argparse.Namespace, paths: AppPaths) -> int:
        with logged_in(paths) as store:
            text, payload = action(store, store.actor, args)
        if args.json:
            emit_json(payload)
        else:
            print(text)
        return 0

    return handle


def _rows(items: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [asdict(item) for item in items]


def _grids_list(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    grids = GridService(store).list_grids(actor, village_code=args.village)
    lines = [f"{g.code}  {g.name}  {g.kind_name}  {g.village_name}  {g.id}" for g in grids]
    return "\n".join(lines) or "没有网格。", _rows(grids)


def _grids_add(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    grid = GridService(store).create_grid(actor, args.village, args.name, code=args.code, kind=args.kind)
    return f"已新增网格 {grid.name}（编码 {grid.code}，id {grid.id}）", asdict(grid)


def _workers_list(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    workers = GridService(store).list_workers(actor)
    lines = []
    for w in workers:
        posts = "、".join(f"{a.grid_name}（{a.role_name}）" for a in w.assignments) or "未安排岗位"
        lines.append(f"{w.name}  {w.employment_name}  {w.phone or '-'}  {posts}  {w.id}")
    return "\n".join(lines) or "没有网格员。", _rows(workers)


def _workers_add(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    worker = GridService(store).create_worker(
        actor, args.name, phone=args.phone, id_number=args.id_number, employment=args.employment
    )
    return f"已新增网格员 {worker.name}（id {worker.id}）", asdict(worker)


def _workers_assign(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    post = GridService(store).assign(actor, args.worker_id, args.grid, args.role, start_date=args.start, duty=args.duty)
    text = f"已安排 {post.worker_name} 任网格“{post.grid_name}”{post.role_name}，自 {post.start_date} 起（任职 id {post.id}）"
    return text, asdict(post)


def _departments_list(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    departments = DepartmentService(store).list_departments(actor)
    lines = [f"{d.name}  {d.kind_name}  {d.code or '-'}  {d.phone or '-'}  {d.id}" for d in departments]
    return "\n".join(lines) or "没有部门。", _rows(departments)


def _departments_add(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    dept = DepartmentService(store).create_department(actor, args.name, args.kind, code=args.code, phone=args.phone)
    return f"已新增{dept.kind_name} {dept.name}（id {dept.id}）", asdict(dept)


def _mediators_list(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    mediators = DepartmentService(store).list_mediators(actor, department=args.department)
    lines = [f"{m.name}  {m.department_name}  {m.title or '-'}  {m.phone or '-'}  {m.id}" for m in mediators]
    return "\n".join(lines) or "没有调解员。", _rows(mediators)


def _mediators_add(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    mediator = DepartmentService(store).create_mediator(
        actor, args.department, args.name, phone=args.phone, id_number=args.id_number, title=args.title
    )
    return f"已新增调解员 {mediator.name}（{mediator.department_name}，id {mediator.id}）", asdict(mediator)


def _villages_list(store: Store, actor: Actor, args: argparse.Namespace) -> tuple[str, Any]:
    villages = RegionService(store).list_villages(actor)
    return "\n".join(f"{v.code}  {v.name}" for v in villages) or "没有村（社区）。", _rows(villages)
