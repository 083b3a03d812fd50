"""`sync`: join the county, push and pull, see and restore conflicts, see the state of the queue."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zongzhi_desktop.cli import emit_json, logged_in, new_password, show_recovery_key
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import AuthError, InputError
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import permissions, users
from zongzhi_desktop.sync import file_sync, inbox, requests
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.sync.enrol import enroll, enroll_by_file


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sync", help="与县级服务器同步（先上传后下载）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sync)
    ssub = p.add_subparsers(dest="sync_command", parser_class=type(p))
    e = ssub.add_parser("enroll", help="用县级一次性注册码让本机加入同步")
    e.add_argument("--server", help="县级服务器地址，如 https://zongzhi.county.gov.cn:8443")
    e.add_argument("--code", help="一次性注册码")
    e.add_argument("--file", help="县级发来的注册文件（无网络时使用，代替 --server/--code）")
    e.add_argument("--admin", required=True, help="本机管理员用户名（密码取 ZONGZHI_PASSWORD）")
    e.add_argument("--ca", help="县级 CA 证书文件（服务器使用自签证书时）")
    e.add_argument("--insecure-http", action="store_true", help="允许不加密的 HTTP（仅限测试环境）")
    e.add_argument("--json", action="store_true")
    e.set_defaults(handler=cmd_enroll)
    c = ssub.add_parser("conflicts", help="列出同步冲突")
    c.add_argument("--all", action="store_true", help="包括已处理的")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_conflicts)
    r = ssub.add_parser("restore", help="恢复冲突中未被采用的值（作为一次普通修改同步）")
    r.add_argument("conflict_id")
    r.set_defaults(handler=cmd_restore)
    d = ssub.add_parser("duplicates", help="县级发现的疑似重复人员（同一身份证号）")
    d.add_argument("--all", action="store_true", help="包括已合并、已排除的")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_duplicates)
    m = ssub.add_parser("merge", help="把本乡镇的两条重复记录合并（DROP 并入 KEEP，由县级执行）")
    m.add_argument("keep")
    m.add_argument("drop")
    m.set_defaults(handler=cmd_merge)
    t = ssub.add_parser("request-transfer", help="申请把居民迁往其他乡镇（县级批准后生效）")
    t.add_argument("resident_id")
    t.add_argument("--to", required=True, help="迁入乡镇代码")
    t.add_argument("--reason", required=True)
    t.set_defaults(handler=cmd_request_transfer)
    x = ssub.add_parser("export", help="把尚未被县级确认的修改导出为数据包（U盘传递）")
    x.add_argument("-o", "--output", required=True)
    x.add_argument("--json", action="store_true")
    x.set_defaults(handler=cmd_export)
    i = ssub.add_parser("import", help="导入县级回执包")
    i.add_argument("file")
    i.add_argument("--json", action="store_true")
    i.set_defaults(handler=cmd_import)
    s = ssub.add_parser("status", help="同步状态：待上传、被拒收、冲突、上次成功时间")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_status)


def cmd_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        permissions.require(store.actor, "sync.run")
        result = sync_now(store)
        users.settle_after_sync(store)
    if args.json:
        emit_json(result.as_json())
    else:
        print(f"同步完成：上传 {result.pushed} 条，下载 {result.pulled} 条，冲突 {result.conflicts} 条，被拒收 {result.rejected} 条。")
    for code in result.warnings:
        print(render(code, minutes=abs(result.clock_offset_ms) // 60000))
    return 0


def cmd_enroll(args: argparse.Namespace, paths: AppPaths) -> int:
    password = os.environ.get("ZONGZHI_PASSWORD") if paths.store_file.exists() else new_password()
    if not password:
        raise AuthError("auth.no_credentials")
    if args.file:
        store, m = enroll_by_file(paths, enrol_file=Path(args.file), admin=args.admin, password=password)
        show_recovery_key(store)  # a store set up by the enrolment: its recovery key, shown once
        store.close()
        print(f"已按注册文件加入 {m['county_name']}{m['township_name']}。请用 zongzhi sync export 导出数据包交县级，"
              "导入县级回执后注册完成。")
        return 0
    if not (args.server and args.code):
        raise InputError("cli.usage", detail="需要 --server 和 --code，或 --file")
    store, answer = enroll(paths, server=args.server, code=args.code, admin=args.admin, password=password,
                           ca_file=args.ca, allow_insecure=args.insecure_http)
    show_recovery_key(store, sys.stderr if args.json else None)
    try:
        result = sync_now(store)
    finally:
        store.close()
    if args.json:
        emit_json({"device_id": answer.device_id, "device_no": answer.device_no, "township": answer.township_code,
                   **result.as_json()})
    else:
        print(f"已加入 {answer.county_name}{answer.township_name}（设备 {answer.device_no}）。"
              f"上传 {result.pushed} 条，下载 {result.pulled} 条。")
    return 0


def cmd_conflicts(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        items = inbox.conflicts(store, store.actor, include_done=args.all)
    if args.json:
        emit_json([i.as_json() for i in items])
        return 0
    if not items:
        print("没有待处理的同步冲突。")
    for i in items:
        print(f"{i.id}  {i.tbl}.{i.field}  采用：{i.winner!r}（{i.winner_origin.user}，{i.winner_origin.at}）"
              f"  未采用：{i.loser!r}（{i.loser_origin.user}，{i.loser_origin.at}）")
    return 0


def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        item = inbox.restore_other(store, store.actor, args.conflict_id)
    print(f"已恢复 {item.tbl}.{item.field} = {item.loser!r}，下次同步时上传。")
    return 0


def cmd_status(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        st = inbox.status(store)
    if args.json:
        emit_json(st.__dict__)
    else:
        print(f"服务器：{st.server_url or '未加入'}  上次成功：{st.last_ok_at or '从未'}  待上传：{st.pending}  "
              f"被拒收：{st.rejected}  冲突：{st.open_conflicts}")
    return 0


def cmd_duplicates(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        items = inbox.duplicates(store, store.actor, include_done=args.all)
    if args.json:
        emit_json([i.as_json() for i in items])
        return 0
    if not items:
        print("没有待处理的疑似重复人员。")
    for i in items:
        print(f"{i.id}  {i.row_a}（{i.township_a}） ≈ {i.row_b}（{i.township_b}）  {i.status}")
    return 0


def cmd_merge(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        task = requests.ask_merge(store, store.actor, args.keep, args.drop)
        result = sync_now(store)
    print(f"已合并（{task.id}），下载 {result.pulled} 条修改。")
    return 0


def cmd_request_transfer(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        task = requests.ask_transfer(store, store.actor, args.resident_id, args.to, args.reason)
    print(f"迁移申请已提交县级（{task.id}），批准后下次同步生效。")
    return 0


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        permissions.require(store.actor, "sync.run")
        n = file_sync.export_changes(store, Path(args.output))
    if args.json:
        emit_json({"changes": n})
    else:
        print(f"已导出 {n} 条未确认的修改到 {args.output}。请交县级导入，并把回执包带回。")
    return 0


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    with logged_in(paths) as store:
        permissions.require(store.actor, "sync.run")
        done = file_sync.import_reply(store, Path(args.file))
    if args.json:
        emit_json({"acked": done["acked"], "pulled": done["pulled"]})
    else:
        print(f"已导入回执：确认上传 {done['acked']} 条，下载 {done['pulled']} 条。")
    return 0
