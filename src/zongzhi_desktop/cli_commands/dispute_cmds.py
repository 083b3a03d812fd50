"""`disputes …`: register, act on, show, list and print cases (the command-line contract)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.domain import case_flow
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.dispute_queries import CaseDetail, DisputeQueries
from zongzhi_desktop.services.disputes import ActInput, DisputeService, IntakeInput, PartyInput

ACTIONS = [a for a in case_flow.ACTIONS if a != "register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("disputes", help="矛盾纠纷：登记、办理、查看、列表、打印")
    dsub = p.add_subparsers(dest="disputes_command", required=True)

    n = dsub.add_parser("new", help="登记一件矛盾纠纷")
    n.add_argument("--title", required=True)
    n.add_argument("--category", required=True, help="纠纷类别（名称或代码）")
    n.add_argument("--channel", required=True, help="来源：来访/来电/网格员上报/部门移交/县级交办/网上/其他")
    n.add_argument("--party", action="append", default=[], help="当事人姓名（可重复）")
    n.add_argument("--party-role", action="append", default=[], help="与 --party 按顺序对应：申请人/被申请人/第三人")
    n.add_argument("--party-id", action="append", default=[], help="与 --party 按顺序对应的身份证号")
    n.add_argument("--party-phone", action="append", default=[])
    n.add_argument("--grid", help="网格（名称、编码或 id）")
    n.add_argument("--description")
    n.add_argument("--place")
    n.add_argument("--occurred-on")
    n.add_argument("--people", help="涉及人数")
    n.add_argument("--amount", help="涉及金额（元）")
    n.add_argument("--risk", default="low")
    n.add_argument("--major", action="store_true", help="重大矛盾纠纷")
    n.add_argument("--json", action="store_true")
    n.set_defaults(handler=cmd_new)

    a = dsub.add_parser("act", help="办理一步：" + "、".join(f"{k}={v.name}" for k, v in case_flow.ACTIONS.items() if k != "register"))
    a.add_argument("case_no")
    a.add_argument("action", choices=ACTIONS)
    a.add_argument("--department", action="append", default=[])
    a.add_argument("--note")
    a.add_argument("--agreement")
    a.add_argument("--agreement-form", default="written", help="书面协议/口头协议")
    a.add_argument("--responsibilities", help="协议：各方责任")
    a.add_argument("--performance-method", help="协议：履行方式")
    a.add_argument("--performance-place", help="协议：履行地点")
    a.add_argument("--performance-deadline", help="协议：履行期限 YYYY-MM-DD")
    a.add_argument("--referral")
    a.add_argument("--mediation-type")
    a.add_argument("--mediator", action="append", default=[])
    a.add_argument("--closure-kind")
    a.add_argument("--followup")
    a.add_argument("--satisfaction")
    a.add_argument("--days", type=int)
    a.add_argument("--level")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_act)

    sh = dsub.add_parser("show", help="查看案件及全部办理留痕")
    sh.add_argument("case_no")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(handler=cmd_show)

    ls = dsub.add_parser("list", help="案件列表")
    ls.add_argument("--status", choices=list(case_flow.STATUS_NAMES))
    ls.add_argument("--overdue", action="store_true")
    ls.add_argument("--supervised", action="store_true")
    ls.add_argument("--limit", type=int, default=200)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)

    pr = dsub.add_parser("print", help="打印受理登记表或调解协议书（PDF）")
    pr.add_argument("case_no")
    pr.add_argument("--form", required=True, choices=["registration", "agreement"])
    pr.add_argument("-o", "--output", required=True)
    pr.set_defaults(handler=cmd_print)


    at = dsub.add_parser("attach", help="为案件添加附件（协议书扫描件、照片、录音）")
    at.add_argument("case_no")
    at.add_argument("file")
    at.add_argument("--kind", default="other", help="agreement_scan / photo / recording / document / other")
    at.add_argument("--note")
    at.add_argument("--json", action="store_true")
    at.set_defaults(handler=cmd_attach)

    ass = dsub.add_parser("assess", help="考核：各部门或各网格在一段时间内的办理情况")
    ass.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    ass.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    ass.add_argument("--by", choices=["department", "grid"], default="department")
    ass.add_argument("--json", action="store_true")
    ass.set_defaults(handler=cmd_assess)

    sc = dsub.add_parser("screening", help="登记一次集中排查")
    sc.add_argument("--date", required=True, help="YYYY-MM-DD")
    sc.add_argument("--scope", required=True)
    sc.add_argument("--grid", action="append", default=[], help="覆盖的网格 id（可重复）")
    sc.add_argument("--found", type=int, default=0, help="发现矛盾纠纷数")
    sc.add_argument("--led-by")
    sc.add_argument("--json", action="store_true")
    sc.set_defaults(handler=cmd_screening)


def cmd_attach(args: argparse.Namespace, paths: AppPaths) -> int:
    from zongzhi_desktop.services.attachments import AttachmentService

    with logged_in(paths) as store:
        stored = AttachmentService(store).add(store.actor, args.case_no, Path(args.file), kind=args.kind, note=args.note)
    if args.json:
        emit_json({"id": stored.id, "sha256": stored.sha256, "filename": stored.filename, "size": stored.size})
    else:
        print(f"已添加附件：{stored.filename}（{stored.size} 字节）")
    return 0


def cmd_assess(args: argparse.Namespace, paths: AppPaths) -> int:
    from zongzhi_desktop.domain.fields import parse_date
    from zongzhi_desktop.services.assessment import AssessmentService

    start, end = parse_date(args.start, "开始日期"), parse_date(args.end, "结束日期")
    with logged_in(paths) as store:
        service = AssessmentService(store)
        scores = (service.by_department if args.by == "department" else service.by_grid)(store.actor, start, end)
    if args.json:
        emit_json([asdict(sc) for sc in scores])
    else:
        for sc in scores:
            rate = "-" if sc.success_rate is None else f"{sc.success_rate:.0%}"
            print(f"{sc.name}\t受理{sc.received}\t成功{sc.resolved}\t成功率{rate}\t超期{sc.overdue}")
    return 0


def cmd_screening(args: argparse.Namespace, paths: AppPaths) -> int:
    from zongzhi_desktop.services.screenings import ScreeningService

    with logged_in(paths) as store:
        rec = ScreeningService(store).record(store.actor, held_on=args.date, scope=args.scope, grid_ids=tuple(args.grid),
                                             found_count=args.found, led_by=args.led_by)
    if args.json:
        emit_json(asdict(rec))
    else:
        print(f"已登记集中排查：{rec.held_on}，发现 {rec.found_count} 件")
    return 0


def cmd_new(args: argparse.Namespace, paths: AppPaths) -> int:
    if not args.party:
        raise InputError("disputes.no_parties")
    if len(args.party_role) > len(args.party) or len(args.party_id) > len(args.party):
        raise InputError("cli.usage", detail="--party-role / --party-id 的个数不能多于 --party")
    parties = tuple(
        PartyInput(
            name=name,
            role=_nth(args.party_role, i) or ("applicant" if i == 0 else "respondent"),
            id_number=_nth(args.party_id, i), phone=_nth(args.party_phone, i),
        )
        for i, name in enumerate(args.party)
    )
    data = IntakeInput(
        title=args.title, category=args.category, channel=args.channel, parties=parties, grid=args.grid,
        description=args.description, place=args.place, occurred_on=args.occurred_on,
        people_involved=args.people, amount_yuan=args.amount, risk_level=args.risk, is_major=args.major,
    )
    with logged_in(paths) as store:
        case = DisputeService(store).register(store.actor, data)
    _print_case(case, args.json, brief=True)
    return 0


def cmd_act(args: argparse.Namespace, paths: AppPaths) -> int:
    data = ActInput(
        note=args.note, departments=tuple(args.department), mediation_type=args.mediation_type,
        agreement=args.agreement, agreement_form=args.agreement_form, referral=args.referral,
        followup=args.followup, satisfaction=args.satisfaction, closure_kind=args.closure_kind,
        days=args.days, level=args.level, mediators=tuple(args.mediator), responsibilities=args.responsibilities,
        performance_method=args.performance_method, performance_place=args.performance_place,
        performance_deadline=args.performance_deadline,
    )
    with logged_in(paths) as store:
        case = DisputeService(store).act(store.actor, args.case_no, args.action, data)
    _print_case(case, args.json, brief=True)
    return 0


def cmd_show(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        case = DisputeQueries(store).show(store.actor, args.case_no)
    _print_case(case, args.json, brief=False)
    return 0


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        page = DisputeQueries(store).list(store.actor, status=args.status, overdue=args.overdue,
                                          supervised=args.supervised, limit=args.limit)
    if args.json:
        emit_json([asdict(c) for c in page.rows])
    else:
        for c in page.rows:
            flag = f"【{c.overdue}】" if c.overdue else ""
            print(f"{c.case_no}\t{c.status_name}\t{c.deadline or ''}\t{c.title}{flag}")
    return 0


def cmd_print(args: argparse.Namespace, paths: AppPaths) -> int:
    from zongzhi_desktop.services.dispute_forms import DisputeForms

    with logged_in(paths) as store:
        out = DisputeForms(store).print_form(store.actor, args.case_no, args.form, Path(args.output))
    print(f"已生成：{out}")
    return 0


def _print_case(case: CaseDetail, as_json: bool, *, brief: bool) -> None:
    if as_json:
        payload: dict[str, Any] = asdict(case)
        payload["events"] = [
            {"action": e.action, "action_name": e.action_name, "actor": e.actor, "at": e.at,
             "from": e.from_status, "to": e.to_status, "department": e.department, "note": e.note, "data": e.data}
            for e in case.events
        ]
        emit_json(payload)
        return
    print(f"{case.case_no}  {case.title}  【{case.status_name}】  办结期限：{case.deadline or '-'}")
    if not brief:
        for e in case.events:
            print(f"  {e.at}  {e.action_name}  {e.actor}  {e.note or ''}")


def _nth(values: list[str], i: int) -> str | None:
    return values[i] if i < len(values) else None
