"""`audit list` and `audit verify`: read the audit log and check every device's hash chain (admins)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date, timezone

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.domain.fields import parse_date
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.audit import ACTIONS, AuditService


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="审计日志：查看、校验（管理员）")
    asub = p.add_subparsers(dest="audit_command", required=True)

    ls = asub.add_parser("list", help="列出审计记录，最新的在前")
    ls.add_argument("--user", help="只看某个用户")
    ls.add_argument("--action", help="只看某种动作：" + "、".join(ACTIONS))
    ls.add_argument("--since", help="从哪天起 YYYY-MM-DD（本地日期）")
    ls.add_argument("--until", help="到哪天止 YYYY-MM-DD（含）")
    ls.add_argument("--limit", type=int, default=1000)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)

    v = asub.add_parser("verify", help="校验每台设备的审计日志哈希链；断链时退出码为 1")
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_verify)


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.action and args.action not in ACTIONS:
        raise InputError("input.invalid_choice", field="动作", value=args.action, choices="、".join(ACTIONS))
    since, until = _day(args.since, "起始日期"), _day(args.until, "截止日期")
    with logged_in(paths) as store:
        rows = AuditService(store).list(store.actor, user=args.user, action=args.action, since=since, until=until,
                                        limit=args.limit)
    if args.json:
        emit_json([asdict(r) for r in rows])
        return 0
    if not rows:
        print(render("audit.empty"))
    for r in rows:
        local = r.at.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        subject = f"{r.subject_name} {r.subject_id}" if r.subject_id else r.subject_name
        print(f"{local}\t{r.username}（{r.role_name}）\t{r.action_name}\t{subject}\t{r.detail_text}")
    return 0


def cmd_verify(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        report = AuditService(store).verify(store.actor)
    if args.json:
        emit_json({"ok": report.ok, "entries": report.entries, "devices": report.devices,
                   "problems": [asdict(p) for p in report.problems]})
    else:
        print(report.message())
    return 0 if report.ok else 1


def _day(value: str | None, field: str) -> date | None:
    return parse_date(value, field) if value else None
