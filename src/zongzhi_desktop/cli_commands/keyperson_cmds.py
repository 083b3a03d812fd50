"""`keypersons`: register key persons, list them, record visits (走访) and show the visits due."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from typing import Any

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.key_persons import KeyPersonService


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    group = sub.add_parser("keypersons", help="重点人员：登记、列表、走访、待走访")
    cmds = group.add_subparsers(dest="keypersons_command", parser_class=type(group), required=True)

    p = cmds.add_parser("add", help="把一名居民登记为重点人员")
    p.add_argument("resident_id", metavar="RESIDENT_ID", help="居民编号")
    p.add_argument("--type", required=True, help="人员类型（代码或名称，如 community_correction 或 社区矫正人员）")
    p.add_argument("--level", default="normal", help="关注程度：high/medium/normal 或 重点关注/一般关注/日常管理")
    p.add_argument("--helper", help="帮教人员姓名")
    p.add_argument("--helper-phone", help="帮教人员电话")
    p.add_argument("--detail", action="append", default=[], metavar="KEY=VALUE",
                   help="专项信息，可重复，项目可用代码或名称，如 --detail 罪名=盗窃")
    p.add_argument("--interval", type=int, help="走访周期（天），默认按关注程度")
    p.add_argument("--started", help="列管开始日期 YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_add)

    p = cmds.add_parser("list", help="列出重点人员")
    p.add_argument("--type", help="人员类型（代码或名称）")
    p.add_argument("--village", help="村（社区）12位代码")
    p.add_argument("--all", action="store_true", help="包括已结束的记录")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = cmds.add_parser("visit", help="记录一次走访")
    p.add_argument("key_person_id", metavar="KEY_PERSON_ID", help="重点人员记录编号")
    p.add_argument("--summary", required=True, help="走访情况")
    p.add_argument("--date", help="走访日期 YYYY-MM-DD，默认今天")
    p.add_argument("--method", default="home", help="走访方式：home/phone/office/other 或中文名称")
    p.add_argument("--visitor", help="走访人，默认当前用户")
    p.add_argument("--findings", help="发现的问题")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_visit)

    p = cmds.add_parser("due", help="列出到期或即将到期的走访，逾期最久的在前")
    p.add_argument("--within", type=int, default=7, help="包括今后 N 天内到期的（默认 7）")
    p.add_argument("--on", help="按哪一天计算，YYYY-MM-DD，默认今天")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_due)


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    details = _details(args.detail)
    with logged_in(paths) as store:
        record = KeyPersonService(store).add(
            store.actor, args.resident_id, args.type, attention_level=args.level, helper_name=args.helper,
            helper_phone=args.helper_phone, details=details, visit_interval_days=args.interval,
            started_on=args.started,
        )
    if args.json:
        emit_json(asdict(record))
    else:
        print(f"已登记：{record.resident_name}，{record.type_name}（{record.attention_level_name}），"
              f"下次走访 {record.next_visit_due}，编号 {record.id}")
    return 0


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    rows: list[Any] = []
    with logged_in(paths) as store:
        service, after = KeyPersonService(store), None
        while True:  # the CLI prints everything: walk the pages
            page = service.list(store.actor, type_code=args.type, village_code=args.village,
                                active_only=not args.all, after=after)
            rows.extend(page.rows)
            if page.next_after is None:
                break
            after = page.next_after
    if args.json:
        emit_json([asdict(r) for r in rows])
    else:
        for r in rows:
            print(f"{r.resident_name}\t{r.id_number_masked}\t{r.grid_name or '-'}\t{r.type_name}\t"
                  f"{r.attention_level_name}\t上次走访 {r.last_visit_on or '-'}\t下次 {r.next_visit_due or '-'}\t{r.id}")
        print(f"共 {len(rows)} 人。")
    return 0


def cmd_visit(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        visit = KeyPersonService(store).record_visit(
            store.actor, args.key_person_id, args.date or date.today(), visitor=args.visitor,
            method=args.method, summary=args.summary, findings=args.findings,
        )
    if args.json:
        emit_json(asdict(visit))
    else:
        print(f"已记录 {visit.visited_on} 的走访（{visit.method_name}），编号 {visit.id}")
    return 0


def cmd_due(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        due = KeyPersonService(store).visits_due(store.actor, args.on or date.today(), within_days=args.within)
    if args.json:
        emit_json([asdict(d) for d in due])
    else:
        for d in due:
            when = f"逾期 {d.days_overdue} 天" if d.days_overdue > 0 else ("今天到期" if d.days_overdue == 0
                                                                         else f"还有 {-d.days_overdue} 天")
            print(f"{d.next_visit_due}\t{when}\t{d.resident_name}\t{d.type_name}\t{d.grid_name or '-'}\t{d.id}")
        print(f"共 {len(due)} 人待走访。")
    return 0


def _details(pairs: list[str]) -> dict[str, str]:
    details: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError("keypersons.bad_detail_arg", value=pair)
        details[key.strip()] = value.strip()
    return details
