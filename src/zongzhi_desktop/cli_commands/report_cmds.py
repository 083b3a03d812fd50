"""`report monthly`: compile the month's report workbook, keep it as a draft or submit it (已编制 → 已上报)."""

from __future__ import annotations

import argparse
from pathlib import Path

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.reports.monthly_xlsx import Stamp, write_monthly_report
from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.monthly_report import MonthlyReportService


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="报表：矛盾纠纷排查化解月报")
    rsub = p.add_subparsers(dest="report_command", required=True)
    m = rsub.add_parser("monthly", help="编制月报（Excel）；--submit 上报")
    m.add_argument("--month", required=True, help="填报月份 YYYY-MM")
    m.add_argument("-o", "--output", required=True, help="输出文件 .xlsx")
    m.add_argument("--submit", action="store_true", help="上报（上报后该月数字冻结，再保存为更正版）")
    m.add_argument("--full-id-numbers", action="store_true", help="台账显示完整身份证号（需有导出权限，记入审计日志）")
    m.add_argument("--json", action="store_true")
    m.set_defaults(handler=cmd_monthly)


def cmd_monthly(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        actor = store.actor
        service = MonthlyReportService(store)
        may_record = permissions.allowed(actor, "disputes.act")
        if args.submit and not may_record:
            raise PermissionDenied("reports.submit_denied")
        figures = service.compute(actor, args.month, full_ids=args.full_id_numbers)
        revision, correction = service.next_revision(actor, figures.month)
        stamp = Stamp(prepared_by=actor.display_name or actor.username, revision=revision,
                      status="submitted" if args.submit else "draft", correction=correction)
        out = Path(args.output)
        service.record_export(actor, figures, out)  # on record before the file exists
        sha = write_monthly_report(figures, out, stamp)
        record = service.save(actor, figures, sha, submit=args.submit) if may_record else None
    if args.json:
        emit_json({"month": figures.month, "file": str(out), "sha256": sha, "revision": record and record.revision,
                   "status": record and record.status, "note": record and record.note,
                   "figures": figures.summary()})
        return 0
    if record is None:
        print(render("reports.exported_only", month=figures.month, path=out))
    elif record.status == "submitted":
        print(render("reports.submitted", month=figures.month, revision=record.revision, path=out))
    elif record.note:
        print(render("reports.saved_correction", month=figures.month, revision=record.revision, path=out))
    else:
        print(render("reports.saved_draft", month=figures.month, revision=record.revision, path=out))
    return 0
