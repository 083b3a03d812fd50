"""`residents …`: search, register, show and remove people of the register."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.resident_search import ResidentSearch
from zongzhi_desktop.services.residents import ResidentInput, ResidentService


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("residents", help="实有人口：查找、登记、查看")
    rsub = p.add_subparsers(dest="residents_command", required=True)

    s = rsub.add_parser("search", help="按姓名、拼音、拼音首字母、身份证号或电话片段查找")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_search)

    a = rsub.add_parser("add", help="登记一名居民")
    a.add_argument("--name", required=True)
    a.add_argument("--id-number")
    a.add_argument("--type", dest="registration_type", default="huji", help="户籍/流动/境外/未落户 或代码")
    a.add_argument("--grid", dest="grid_id")
    a.add_argument("--phone")
    a.add_argument("--address", dest="current_address")
    a.add_argument("--hukou-address")
    a.add_argument("--ethnicity")
    a.add_argument("--employer")
    a.add_argument("--notes")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_add)

    sh = rsub.add_parser("show", help="查看一名居民（--reveal 显示完整证件号，将记录在案）")
    sh.add_argument("resident_id")
    sh.add_argument("--reveal", action="store_true")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(handler=cmd_show)

    rm = rsub.add_parser("remove", help="删除一名居民（保留删除记录以便同步）")
    rm.add_argument("resident_id")
    rm.add_argument("--reason", required=True)
    rm.set_defaults(handler=cmd_remove)

    d = rsub.add_parser("duplicates", help="列出本乡镇身份证号重复的居民")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_duplicates)

    from zongzhi_desktop.cli_commands import import_cmds  # `residents import` and `residents export`

    import_cmds.register_residents(rsub)


def cmd_search(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        page = ResidentSearch(store).search(store.actor, args.query, limit=args.limit)
    if args.json:
        emit_json([asdict(row) for row in page.rows])
    else:
        for row in page.rows:
            print(f"{row.name}\t{row.id_number or ''}\t{row.grid_name or ''}\t{row.id}")
    return 0


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    data = ResidentInput(
        name=args.name, id_number=args.id_number, registration_type=args.registration_type, grid_id=args.grid_id,
        phone=args.phone, current_address=args.current_address, hukou_address=args.hukou_address,
        ethnicity=args.ethnicity, employer=args.employer, notes=args.notes,
    )
    with logged_in(paths) as store:
        result = ResidentService(store).register(store.actor, data)
    if args.json:
        emit_json(asdict(result))
    else:
        print(f"已登记：{result.id}")
        for notice in result.notices:
            print(notice.message)
    return 0


def cmd_show(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        residents = ResidentService(store)
        # Either way one audit entry: an opened record, or a revealed ID number and phone.
        detail = (residents.get(store.actor, args.resident_id, reveal=True) if args.reveal
                  else residents.open(store.actor, args.resident_id))
    if args.json:
        emit_json(asdict(detail))
    else:
        for key, value in asdict(detail).items():
            print(f"{key}: {'' if value is None else value}")
    return 0


def cmd_remove(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        ResidentService(store).remove(store.actor, args.resident_id, args.reason)
    print("已删除。")
    return 0


def cmd_duplicates(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        found = ResidentService(store).duplicates(store.actor)
    if args.json:
        emit_json([{"id_number": number, "ids": list(ids)} for number, ids in found])
    else:
        for number, ids in found:
            print(f"{number}\t{len(ids)} 人\t{' '.join(ids)}")
    return 0
