"""The monthly report's list sheets: per department, the ledger (台账), 重大及超期, key populations."""

from __future__ import annotations

from typing import Any

from zongzhi_desktop.reports.monthly_xlsx import Book, Col, table
from zongzhi_desktop.services.monthly_report import DepartmentRow, FlaggedRow, KeyPopulationRow, LedgerRow


def department_sheet(book: Book) -> None:
    cols = [Col("受理数", "int", lambda d: d.received), Col("分流数", "int", lambda d: d.routed),
            Col("按时报到数", "int", lambda d: d.checked_in_on_time), Col("调解成功", "int", lambda d: d.resolved, key="ok"),
            Col("调解不成功", "int", lambda d: d.failed), Col("已调处", "int", lambda d: d.resolved + d.failed, key="done"),
            Col("成功率（%）", "rate", lambda d: d.success_rate, rate_of=("ok", "done")),
            Col("超期数", "int", lambda d: d.overdue),
            Col("平均办结天数", "text", lambda d: "" if d.avg_days_to_close is None else f"{d.avg_days_to_close:.1f}", width=10),
            Col("满意度（1-5）", "text", lambda d: "" if d.satisfaction is None else f"{d.satisfaction:.2f}", width=10)]
    width = 1 + len(cols)
    ws, row = book.sheet("按部门", "矛盾纠纷分流办理情况表（按部门）", width, [30] + [c.width for c in cols])
    rows: list[DepartmentRow] = list(book.figures.departments)
    _total, row = table(book, ws, row, ("部门（调解组织）",), cols, rows, lambda d: (d.name,))
    book.string(ws, row, 0, "注：一件案件分流到多个部门时，各部门分别计数。", book.meta)
    book.footer(ws, row + 1, width)


def ledger_sheet(book: Book) -> None:
    cols = [Col("案件编号", "text", lambda r: r.case_no, width=24), Col("登记日期", "text", lambda r: r.registered_on, width=11),
            Col("案件名称", "text", lambda r: r.title, width=22), Col("纠纷类别", "text", lambda r: r.category, width=14),
            Col("村（社区）", "text", lambda r: r.village, width=12), Col("网格", "text", lambda r: r.grid, width=16),
            Col("当事人", "text", lambda r: r.parties, width=40), Col("涉及人数", "int", lambda r: r.people_involved, width=7),
            Col("涉及金额（元）", "money", lambda r: r.amount_yuan, width=12), Col("重大", "text", lambda r: "是" if r.is_major else "", width=5),
            Col("化解方式", "text", lambda r: r.mediation_type, width=9), Col("状态", "text", lambda r: r.status, width=10),
            Col("调解结果", "text", lambda r: r.outcome, width=7), Col("办结日期", "text", lambda r: r.closed_on, width=11),
            Col("办结期限", "text", lambda r: r.resolve_due, width=11), Col("超期", "text", lambda r: "是" if r.overdue else "", width=5)]
    rows: list[LedgerRow] = list(book.figures.ledger)
    _list_sheet(book, "台账", "矛盾纠纷排查化解工作台账", cols, rows)


def flagged_sheet(book: Book) -> None:
    cols = [Col("案件编号", "text", lambda r: r.case_no, width=24), Col("登记日期", "text", lambda r: r.registered_on, width=11),
            Col("案件名称", "text", lambda r: r.title, width=24), Col("纠纷类别", "text", lambda r: r.category, width=14),
            Col("网格", "text", lambda r: r.grid, width=18), Col("重大", "text", lambda r: "是" if r.is_major else "", width=6),
            Col("状态", "text", lambda r: r.status, width=10), Col("办结期限", "text", lambda r: r.resolve_due, width=11),
            Col("超期天数", "int", lambda r: r.overdue_days, width=8), Col("督办", "text", lambda r: r.supervision, width=9)]
    rows: list[FlaggedRow] = list(book.figures.flagged)
    _list_sheet(book, "重大及超期", "重大及超期矛盾纠纷明细表", cols, rows, total=False)


def key_population_sheet(book: Book) -> None:
    cols = [Col("在管人数（月末）", "int", lambda k: k.active, width=10), Col("本月新增", "int", lambda k: k.new),
            Col("本月解除（注销）", "int", lambda k: k.removed, width=10), Col("本月走访次数", "int", lambda k: k.visits, width=10)]
    width = 2 + len(cols)
    ws, row = book.sheet("重点人群", "重点人群服务管理情况表", width, [20, 18] + [c.width for c in cols])
    rows: list[KeyPopulationRow] = list(book.figures.key_populations)
    _total, row = table(book, ws, row, ("人员类型", "村（社区）"), cols, rows, lambda k: (k.type_name, k.village))
    fig = book.figures
    book.string(ws, row + 1, 0, "本月开展集中排查（次）", book.text)
    ws.write_number(row + 1, 1, fig.screenings, book.int)
    book.string(ws, row + 2, 0, "集中排查发现纠纷（件）", book.text)
    ws.write_number(row + 2, 1, fig.screenings_found, book.int)
    book.footer(ws, row + 3, width)


def _list_sheet(book: Book, name: str, title: str, cols: list[Col], rows: list[Any], total: bool = True) -> None:
    """序号 plus the columns; the 合计 row sums the number columns (and counts the cases)."""
    width = 1 + len(cols)
    ws, row = book.sheet(name, title, width, [5] + [c.width for c in cols])
    numbered = list(enumerate(rows, 1))
    if total:
        _t, row = table(book, ws, row, ("序号",), cols, rows, None, total_label=f"{len(rows)}件")
    else:
        for i, col in enumerate(["序号"] + [c.header for c in cols]):
            book.string(ws, row, i, col, book.header)
        ws.repeat_rows(row, row)
        ws.freeze_panes(row + 1, 2)
        for k, (n, item) in enumerate(numbered):
            r = row + 1 + k
            ws.write_number(r, 0, n, book.int)
            for i, col in enumerate(cols, 1):
                value = col.get(item) if col.get else None
                if col.kind == "text":
                    book.string(ws, r, i, value)
                else:
                    ws.write_number(r, i, value or 0, book.int)
        row = row + 1 + len(rows)
    book.footer(ws, row, width)
