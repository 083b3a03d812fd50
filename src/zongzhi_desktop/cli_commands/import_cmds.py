"""`residents import` and `residents export`: spreadsheets in and out of the resident register."""

from __future__ import annotations

import argparse
import sys

from zongzhi_desktop.cli import emit_json, logged_in
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.resident_export import ResidentExport
from zongzhi_desktop.services.resident_import import ResidentImport


def register_residents(rsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the two sub-commands under the existing `residents` parser (see resident_cmds.register)."""
    i = rsub.add_parser("import", help="从 Excel/WPS 表格（.xlsx/.xls/.ods）导入居民；有错误行时默认整表不导入")
    i.add_argument("file")
    i.add_argument("--dry-run", action="store_true", help="只校验并统计，不写入")
    i.add_argument("--valid-only", action="store_true", help="只导入通过校验的行")
    i.add_argument("--errors-out", help="错误行工作簿的保存位置（默认与导入文件同目录）")
    i.add_argument("--json", action="store_true")
    i.set_defaults(handler=cmd_import)

    e = rsub.add_parser("export", help="导出居民到 .xlsx（默认隐藏身份证号和电话的中间位）")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--full-id-numbers", action="store_true", help="导出完整身份证号和电话（需有查看权限）")
    e.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        result = ResidentImport(store).run(store.actor, args.file, valid_only=args.valid_only,
                                           dry_run=args.dry_run, errors_path=args.errors_out)
    refused = bool(result.rejected) and not args.valid_only
    if args.json:
        emit_json(result.as_json())
    else:
        print(render("imports.summary", imported=result.imported, updated=result.updated,
                     unchanged=result.unchanged, rejected=result.rejected))
        for error in result.errors:
            print(f"第{error.row}行：{error.reason}")
    if args.dry_run:
        print(render("imports.dry_run"), file=sys.stderr)
    elif refused:
        print(render("imports.nothing_written", rejected=result.rejected), file=sys.stderr)
    if result.errors_path:
        print(render("imports.errors_written", path=result.errors_path), file=sys.stderr)
    return 2 if refused else 0


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        result = ResidentExport(store).export(store.actor, args.output, full_ids=args.full_id_numbers)
    print(render("imports.export_done", count=result.count, path=result.path))
    return 0
