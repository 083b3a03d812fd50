"""`zongzhi-county`: set up the county, its townships and devices, look at conflicts, and serve."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError, ProgrammingError

from zongzhi_county import admin, assignments, files, high_water, integrity, moves, report, serve
from zongzhi_county.errors import CountyError
from zongzhi_county.health import short_reason
from zongzhi_county.service_config import ConfigProblem, database_url
from zongzhi_county.store import county_home, default_url, make_engine
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import ZongzhiError, file_error


class _Parser(argparse.ArgumentParser):
    """argparse that says a usage error in Chinese, as `zongzhi` does (its sub-parsers are of this class too)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{render('cli.usage', detail=message)}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="zongzhi-county", description="综治中心 县级同步服务器")
    p.add_argument("--db", help="数据库地址（默认 ZONGZHI_COUNTY_DB，或县级数据目录中的 SQLite 文件；生产环境用 postgresql://…）")
    p.add_argument("--home", help="县级数据目录（默认由系统决定，也可用 ZONGZHI_COUNTY_HOME）")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("init", help="建立本县")
    s.add_argument("--county-code", required=True)
    s.add_argument("--county-name", required=True)
    s = sub.add_parser("add-township", help="添加乡镇/街道")
    s.add_argument("--code", required=True)
    s.add_argument("--name", required=True)
    s = sub.add_parser("enroll", help="为乡镇的一台电脑生成一次性注册码（--file：写成注册文件，供无网络的乡镇使用）")
    s.add_argument("--township", required=True)
    s.add_argument("--json", action="store_true")
    s.add_argument("--file", action="store_true")
    s.add_argument("-o", "--output")
    s = sub.add_parser("import", help="导入乡镇的数据包，并写出回执包")
    s.add_argument("file")
    s.add_argument("-o", "--output", required=True, help="回执包")
    s.add_argument("--json", action="store_true")
    serve.add_arguments(sub.add_parser("serve", help="启动同步服务（设置也可来自环境变量 ZONGZHI_COUNTY_*）"))
    s = sub.add_parser("devices", help="列出设备、最近同步与时钟偏差")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("revoke", help="停用一台设备")
    s.add_argument("device_id")
    s = sub.add_parser("conflicts", help="列出冲突")
    s.add_argument("--township")
    s.add_argument("--status", choices=["open", "needs_review", "resolved"])
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("resolve-conflict", help="把一条冲突标为已核对处理（乡镇端下次同步时更新）")
    s.add_argument("conflict_id")
    s.add_argument("--note", default="")
    s = sub.add_parser("assign", help="县级交办：为乡镇新建一件矛盾纠纷（县级编号、办结期限）")
    s.add_argument("--township", required=True)
    s.add_argument("--title", required=True)
    s.add_argument("--category", required=True, help="纠纷类别代码，如 0301")
    s.add_argument("--deadline", required=True, help="办结期限 YYYY-MM-DD")
    s.add_argument("--description", default="")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("cases", help="县级交办案件的办理进度")
    s.add_argument("--township")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("reference", help="下发县级基础数据（代码表、节假日、办理时限、区划）")
    s.add_argument("table", choices=["code_items", "holidays", "time_limits", "regions"])
    s.add_argument("file", help="JSON 文件：对象列表，每个含 id 与要设置的字段")
    s = sub.add_parser("report", help="全县月报")
    rs = s.add_subparsers(dest="report_command", required=True)
    m = rs.add_parser("monthly", help="全县矛盾纠纷排查化解情况汇总（各乡镇已上报的月报）")
    m.add_argument("--month", required=True)
    m.add_argument("-o", "--output", required=True)
    m.add_argument("--json", action="store_true")
    s = sub.add_parser("transfers", help="列出居民迁移申请")
    s.add_argument("--status", choices=["requested", "approved", "rejected"])
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("request-transfer", help="县级发起居民迁移")
    s.add_argument("resident_id")
    s.add_argument("--to", required=True)
    s.add_argument("--reason", required=True)
    s = sub.add_parser("approve-transfer", help="批准迁移：原乡镇移出，新乡镇收到完整记录")
    s.add_argument("transfer_id")
    s.add_argument("--note", default="")
    s = sub.add_parser("reject-transfer", help="不批准迁移")
    s.add_argument("transfer_id")
    s.add_argument("--note", default="")
    s = sub.add_parser("duplicates", help="列出疑似重复人员")
    s.add_argument("--township")
    s.add_argument("--status", choices=["open", "merged", "dismissed"])
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("merge", help="合并重复人员（DROP 并入 KEEP，可跨乡镇）")
    s.add_argument("--keep", required=True)
    s.add_argument("--drop", required=True)
    s = sub.add_parser("dismiss-duplicate", help="确认不是同一人")
    s.add_argument("duplicate_id")
    s.add_argument("--note", default="")
    s = sub.add_parser("purge-tombstones", help="清理早于某序号的删除记录（离线超过该时点的电脑会自动重建基线）")
    s.add_argument("--before-seq", type=int, required=True, help="只清理全部变更都早于此序号的已删除记录")
    s = sub.add_parser("quarantine", help="列出被隔离（拒收）的修改")
    s.add_argument("--status", choices=["open", "resolved"])
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("resolve-quarantine", help="把一条隔离记录标为已处理")
    s.add_argument("item_id")
    s = sub.add_parser("restore", help="用备份文件恢复县级数据库（SQLite；服务须先停止），并更换服务器纪元")
    s.add_argument("file", help="SQLite 备份文件（PostgreSQL 用 pg_restore 恢复后运行 new-epoch）")
    s = sub.add_parser("new-epoch", help="数据库从备份恢复后：更换服务器纪元，序号越过高水位，各乡镇自动补传")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    home = county_home(args.home)
    url = database_url(args.db) or default_url(home)
    try:
        if not url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
            raise ArgumentError("unsupported database")
        engine = make_engine(url)
    except ArgumentError:  # the URL itself is not printed: it may hold a password
        print("错误：无法识别数据库地址（--db 或 ZONGZHI_COUNTY_DB），应为 postgresql://… 或 sqlite:///…。", file=sys.stderr)
        return 2
    try:
        return _run(args, engine, home)
    except ZongzhiError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except ConfigProblem as exc:  # exit 2: systemd does not restart a server that cannot start as configured
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except (OperationalError, InterfaceError, ProgrammingError) as exc:
        reason = short_reason(exc)
        if reason == "county schema missing":
            print("错误：县级服务器尚未初始化，请先运行 zongzhi-county init。", file=sys.stderr)
            return 2
        print(f"错误：无法使用县级数据库（{reason}）。", file=sys.stderr)
        return 1  # worth a retry: systemd restarts `serve` (PostgreSQL may come up later than us)
    except OSError as exc:  # a report, package or enrolment file that cannot be written there
        told = file_error(exc) or ZongzhiError("county.unexpected", kind=type(exc).__name__, detail=exc)
        print(f"错误：{told}", file=sys.stderr)
        return told.exit_code
    except Exception as exc:  # noqa: BLE001 - a bug: one line for the officer to pass on, not a traceback
        print(f"错误：{ZongzhiError('county.unexpected', kind=type(exc).__name__, detail=exc)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, engine: Any, home: Any) -> int:
    cmd = args.command
    if cmd == "init":
        _out(admin.init_county(engine, code=args.county_code, name=args.county_name), True)
    elif cmd == "add-township":
        _out(admin.add_township(engine, code=args.code, name=args.name), True)
    elif cmd == "enroll" and args.file:
        if not args.output:
            print("错误：--file 需要 -o 注册文件", file=sys.stderr)
            return 2
        files.write_enrolment_file(engine, args.township, Path(args.output))
        print(f"注册文件已写出：{args.output}（7 天内有效，一次有效）")
    elif cmd == "import":
        counts = files.import_package(engine, Path(args.file), Path(args.output))
        _out(counts, True) if args.json else print(
            f"已导入：新修改 {counts['applied']} 条，重复 {counts['duplicates']} 条，拒收 {counts['rejected']} 条；回执：{args.output}")
    elif cmd == "enroll":
        code = admin.new_enrol_code(engine, township=args.township)
        _out({"code": code}, args.json) if args.json else print(f"一次性注册码（7 天内有效）：{code}")
    elif cmd == "devices":
        _table(admin.list_devices(engine), args.json)
    elif cmd == "revoke":
        admin.revoke_device(engine, args.device_id)
        print("已停用。")
    elif cmd == "conflicts":
        _table(admin.list_conflicts(engine, township=args.township, status=args.status), args.json)
    elif cmd == "resolve-conflict":
        admin.resolve_conflict(engine, args.conflict_id, note=args.note)
        print("已标为处理。")
    elif cmd == "assign":
        case = assignments.assign_case(engine, township=args.township, title=args.title, category=args.category,
                                       deadline=args.deadline, description=args.description)
        _out({"case_no": case["case_no"], "deadline": case["deadline"]}, True) if args.json else print(
            f"已交办 {case['case_no']}（{args.township}，期限 {case['deadline']}），乡镇下次同步时收到。")
    elif cmd == "cases":
        _table(assignments.case_progress(engine, args.township), args.json)
    elif cmd == "reference":
        rows = _reference_rows(Path(args.file))
        print(f"已下发 {assignments.publish_reference(engine, args.table, rows)} 条 {args.table}。")
    elif cmd == "report":
        done = report.write_county_report(engine, args.month, Path(args.output))
        _out(done, True) if args.json else print(
            f"已生成 {args.output}：{done['submitted']}/{done['townships']} 个乡镇已上报" + ("（暂定）" if done["provisional"] else ""))
    elif cmd == "transfers":
        _table(moves.list_transfers(engine, args.status), args.json)
    elif cmd == "request-transfer":
        _out(moves.request_transfer(engine, resident_id=args.resident_id, to_township=args.to, reason=args.reason,
                                    by="county"), True)
    elif cmd in ("approve-transfer", "reject-transfer"):
        _out(moves.decide_transfer(engine, args.transfer_id, approve=cmd == "approve-transfer", note=args.note), True)
    elif cmd == "duplicates":
        _table(moves.list_duplicates(engine, township=args.township, status=args.status), args.json)
    elif cmd == "merge":
        _out(moves.merge_residents(engine, keep=args.keep, drop=args.drop), True)
    elif cmd == "dismiss-duplicate":
        _out(moves.dismiss_duplicate(engine, args.duplicate_id, args.note), True)
    elif cmd == "purge-tombstones":
        _out(integrity.purge_tombstones(engine, args.before_seq), True)
    elif cmd == "quarantine":
        _table(admin.list_quarantine(engine, status=args.status), args.json)
    elif cmd == "resolve-quarantine":
        admin.resolve_quarantine(engine, args.item_id)
        print("已标为处理。")
    elif cmd == "restore":
        _out(_restore(args, engine, home), True)
    elif cmd == "new-epoch":
        admin.require_meta(engine)
        _out(high_water.new_epoch(engine, high_water.mark_path(home)), True)
    elif cmd == "serve":
        return serve.serve(args, engine, home)
    return 0


def _reference_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a reference file, or a message saying what is wrong with it (nothing is published)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CountyError("county.reference_file", file=str(path), reason="找不到文件") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CountyError("county.reference_file", file=str(path), reason=type(exc).__name__) from None
    except json.JSONDecodeError as exc:
        raise CountyError("county.reference_file", file=str(path),
                          reason=f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise CountyError("county.reference_file", file=str(path), reason="内容不是对象列表")
    return rows


def _restore(args: argparse.Namespace, engine: Any, home: Any) -> dict[str, Any]:
    """SQLite: the current file (and its WAL) set aside, the backup copied in, then a new epoch past
    the high-water mark. PostgreSQL: pg_restore is the database's own tool; then `new-epoch`."""
    url = str(engine.url)
    if not url.startswith("sqlite"):
        raise CountyError("sync.restore_pg", file=args.file)
    source = Path(args.file)
    if not source.is_file():
        raise CountyError("sync.restore_missing", file=args.file)
    _check_backup(source)
    target = Path(engine.url.database)
    try:  # numbers the replaced file handed out (the mark file may be missing or behind)
        past = high_water.head_and_epoch(engine)[0] if target.exists() else 0
    except Exception:  # noqa: BLE001 - a damaged database is a reason to restore, not to stop
        past = 0
    engine.dispose()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):  # a WAL left beside another database file would corrupt it
        old = Path(f"{target}{suffix}")
        if old.exists():
            os.replace(old, old.with_name(f"{old.name}.before-restore-{stamp}"))
    _copy_in(source, target)
    admin.require_meta(engine)
    return {"restored": str(source), **high_water.new_epoch(engine, high_water.mark_path(home), past=past)}


def _copy_in(source: Path, target: Path) -> None:
    """Copied under a temporary name, fsynced, then renamed: a cut-off copy never becomes the database."""
    tmp = target.with_name(f".{target.name}.restoring")
    with open(source, "rb") as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, target)


def _check_backup(source: Path) -> None:
    """Before anything is replaced: a whole SQLite file holding a county (read-only: the backup stays as it is)."""
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            whole = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            county = conn.execute("SELECT count(*) FROM server_meta").fetchone()[0] == 1
        finally:
            conn.close()
    except sqlite3.Error:
        whole = county = False
    if not (whole and county):
        raise CountyError("sync.restore_missing", file=str(source))


def _out(value: Any, as_json: bool) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=None if as_json else 2))


def _table(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        print("（无）")
    for r in rows:
        print("  ".join(f"{k}={v}" for k, v in r.items()))


if __name__ == "__main__":
    sys.exit(main())
