"""The monthly report workbook (XlsxWriter): summary sheets with live totals whose values are stored too.

Why XlsxWriter and not openpyxl: a formula cell written by openpyxl has no cached value, so WPS
phone previews, python-calamine and anything else that reads without recalculating shows blanks or
zeros. XlsxWriter's `write_formula(..., value=...)` stores the computed value beside the formula;
it is also write-only and fast. openpyxl stays for reading imports.

Every piece of text goes through `write_string` (never `write`, which turns "=…" into a formula);
text that looks like a formula also gets a quote-prefix format, so editing the cell in Excel or WPS
keeps it text.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from zongzhi_desktop.domain.spreadsheet_text import FORMULA_STARTS
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.gc_pause import collector_paused
from zongzhi_desktop.services.monthly_report import Counts, MonthlyFigures, Row

FORMULA_LIKE = FORMULA_STARTS  # kept by this name for the hot loop in table()
STATUS_NAMES = {"draft": "已编制", "submitted": "已上报"}


@dataclass(frozen=True)
class Stamp:
    """What the header and footer print besides the figures."""

    prepared_by: str  # 制表人
    revision: int = 1
    status: str = "draft"
    correction: bool = False
    filled_on: date | None = None  # 填报日期, today by default


@dataclass(frozen=True)
class Col:
    header: str
    kind: str  # int | money | rate | text
    get: Callable[[Any], Any] | None = None
    group: str = ""
    rate_of: tuple[str, str] = ("", "")  # (numerator, denominator) headers+group keys of a rate column
    key: str = ""
    width: float = 8.5


class Book:
    """The workbook and its formats; sheets are added by the functions below and in monthly_xlsx_lists."""

    def __init__(self, figures: MonthlyFigures, stamp: Stamp) -> None:
        self.figures, self.stamp = figures, stamp
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_numbers": False, "strings_to_urls": False})
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        cell = {**base, "border": 1}
        f = self.wb.add_format
        self.title = f({**base, "bold": True, "font_size": 16, "align": "center"})
        self.meta = f({**base})
        self.header = f({**cell, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#E8EEF7"})
        self.text = f({**cell, "text_wrap": True})
        self.text_q = f({**cell, "text_wrap": True, "quote_prefix": True})
        self.int = f({**cell, "num_format": "0"})
        self.money = f({**cell, "num_format": "#,##0.00"})
        self.rate = f({**cell, "num_format": "0.00"})
        self.total_text = f({**cell, "bold": True, "align": "center", "bg_color": "#F3F3F3"})
        self.total_int = f({**cell, "bold": True, "num_format": "0", "bg_color": "#F3F3F3"})
        self.total_money = f({**cell, "bold": True, "num_format": "#,##0.00", "bg_color": "#F3F3F3"})
        self.total_rate = f({**cell, "bold": True, "num_format": "0.00", "bg_color": "#F3F3F3"})

    def string(self, ws: Any, r: int, c: int, value: object, fmt: Any = None) -> None:
        text = "" if value is None else str(value)
        quoted = text.startswith(FORMULA_LIKE)
        ws.write_string(r, c, text, self.text_q if quoted and fmt in (None, self.text) else fmt or self.text)

    def sheet(self, name: str, title: str, width: int, widths: Sequence[float]) -> tuple[Any, int]:
        """A sheet with the form's title and 填报单位/填报月份 line; returns it and the first free row."""
        ws = self.wb.add_worksheet(name)
        fig, st = self.figures, self.stamp
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.merge_range(0, 0, 0, width - 1, "", self.title)
        self.string(ws, 0, 0, f"{fig.start.year}年{fig.start.month}月{fig.township}{title}", self.title)
        ws.set_row(0, 28)
        third = max(1, width // 3)
        state = f"第{st.revision}版 {STATUS_NAMES.get(st.status, st.status)}" + ("（更正）" if st.correction else "")
        for c, text in ((0, f"填报单位：{fig.township}综治中心（盖章）"), (third, f"填报月份：{fig.start.year}年{fig.start.month}月"),
                        (2 * third, f"{state}　统计截至：{fig.as_of.isoformat()}")):
            self.string(ws, 1, c, text, self.meta)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.center_horizontally()
        ws.fit_to_pages(1, 0)  # as wide as one page, as many pages long as needed
        ws.set_footer("&C第 &P 页，共 &N 页")
        return ws, 3

    def footer(self, ws: Any, row: int, width: int) -> int:
        third = max(1, width // 3)
        filled = (self.stamp.filled_on or date.today()).isoformat()
        for c, text in ((0, f"制表人：{self.stamp.prepared_by}"), (third, "审核人：＿＿＿＿＿＿"), (2 * third, f"填报日期：{filled}")):
            self.string(ws, row + 1, c, text, self.meta)
        return row + 3

    def close(self, path: Path) -> str:
        """Write the file atomically (temp file, fsync, rename); returns its sha256."""
        self.wb.close()
        data = self.buffer.getvalue()
        atomic_write(path, data)
        return hashlib.sha256(data).hexdigest()


def write_monthly_report(figures: MonthlyFigures, path: Path, stamp: Stamp) -> str:
    from zongzhi_desktop.reports import monthly_xlsx_lists as lists

    with collector_paused():
        book = Book(figures, stamp)
        summary_sheet(book)
        units_sheet(book, "按村（社区）", ("村（社区）",), figures.villages, lambda r: (r.name,))
        units_sheet(book, "按网格", ("村（社区）", "网格"), figures.grids, lambda r: (r.parent, r.name))
        lists.department_sheet(book)
        lists.ledger_sheet(book)
        lists.flagged_sheet(book)
        lists.key_population_sheet(book)
        form_a_sheet(book)
        return book.close(path)


def count_columns(types: Sequence[str]) -> list[Col]:
    """The figure columns of the 排查化解情况 tables (sheets 1 and 2), in the paper form's order."""
    m: Callable[[str], Callable[[Row], Any]] = lambda a: lambda r: getattr(r.month, a)  # noqa: E731
    cols = [Col("上月结转", "int", m("carried"), key="carried"), Col("本月新增（排查数）", "int", m("new"), key="new"),
            Col("其中重大", "int", m("major")), Col("受理数", "int", m("accepted")),
            Col("调处数", "int", m("mediated"), key="mediated"), Col("调处成功数", "int", m("success"), key="success"),
            Col("成功率（%）", "rate", lambda r: r.month.success_rate, rate_of=("success", "mediated")),
            Col("未结数", "int", m("still_open")), Col("超期数", "int", m("overdue"))]
    cols += [Col(name, "int", (lambda i: lambda r: r.month.by_type[i])(i), group="化解方式（调处数）", width=7)
             for i, name in enumerate(types)]
    cols += [Col(name, "int", (lambda i: lambda r: r.month.people[i])(i), group="涉及人数（起数）", key=f"b{i}", width=7.5)
             for i, name in enumerate(("50人以下", "50至100人", "100人至500人", "500人以上"))]
    cols.append(Col("涉及金额（元）", "money", lambda r: r.month.amount_yuan, width=12))
    y: Callable[[str], Callable[[Row], Any]] = lambda a: lambda r: getattr(r.ytd, a)  # noqa: E731
    cols += [Col("排查数", "int", y("new"), group="年度累计"), Col("调处数", "int", y("mediated"), group="年度累计", key="y_med"),
             Col("成功数", "int", y("success"), group="年度累计", key="y_succ"),
             Col("成功率（%）", "rate", lambda r: r.ytd.success_rate, group="年度累计", rate_of=("y_succ", "y_med"))]
    return cols


def table(book: Book, ws: Any, row: int, labels: Sequence[str], cols: Sequence[Col], items: Sequence[Any],
          label_of: Callable[[Any], Sequence[str]] | None, total_label: str = "合计") -> tuple[int, int]:
    """A bordered table with a two-row header, one row per item and a 合计 row of live formulas.

    `label_of` None numbers the rows (序号 1, 2, …, written as text). Totals are SUM formulas and
    rates IF(…=0,0,ROUND(…)) formulas, each with the computed value stored. Returns (the 合计 row,
    the next free row)."""
    grouped = any(c.group for c in cols)
    head_rows = 2 if grouped else 1
    n = len(labels)
    for i, name in enumerate(labels):
        if grouped:
            book_merge(book, ws, row, i, row + 1, i, name)
        else:
            book.string(ws, row, i, name, book.header)
    c = 0
    while c < len(cols):
        col = cols[c]
        if not col.group:
            if grouped:
                book_merge(book, ws, row, n + c, row + 1, n + c, col.header)
            else:
                book.string(ws, row, n + c, col.header, book.header)
            c += 1
            continue
        span = 1
        while c + span < len(cols) and cols[c + span].group == col.group:
            span += 1
        book_merge(book, ws, row, n + c, row, n + c + span - 1, col.group)
        for k in range(span):
            book.string(ws, row + 1, n + c + k, cols[c + k].header, book.header)
        c += span
    ws.set_row(row + head_rows - 1, 30)
    first = row + head_rows
    where = {col.key: n + i for i, col in enumerate(cols) if col.key}
    fmt = {"int": book.int, "money": book.money, "rate": book.rate}
    # The cell loop of the big sheets (the ledger has tens of thousands of cells): names bound once,
    # text written as Book.string writes it (formula-looking text quote-prefixed).
    text_fmt, text_q, int_fmt = book.text, book.text_q, book.int
    write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
    plan = [(n + i, col.get, col.kind, fmt.get(col.kind), col) for i, col in enumerate(cols)]
    for k, item in enumerate(items):
        r = first + k
        for i, text in enumerate(label_of(item) if label_of else (str(k + 1),)):
            text = text if type(text) is str else "" if text is None else str(text)
            write_string(r, i, text, text_q if text.startswith(FORMULA_LIKE) else text_fmt)
        for c, get, kind, number_fmt, col in plan:
            value = get(item) if get else None
            if kind == "text":
                text = value if type(value) is str else "" if value is None else str(value)
                write_string(r, c, text, text_q if text.startswith(FORMULA_LIKE) else text_fmt)
            elif kind == "rate":
                ws.write_formula(r, c, rate_formula(r, where[col.rate_of[0]], where[col.rate_of[1]]), book.rate, value)
            elif value is None:
                write_blank(r, c, None, int_fmt)
            else:
                write_number(r, c, value, number_fmt)
    total = first + len(items)
    if n > 1:
        ws.merge_range(total, 0, total, n - 1, "", book.total_text)
    book.string(ws, total, 0, total_label, book.total_text)
    sums: dict[int, float] = {}
    for i, col in enumerate(cols):
        if col.kind in ("int", "money"):
            value = sum((col.get(item) or 0) for item in items) if col.get else 0
            sums[n + i] = value
            letter = xl_col_to_name(n + i)
            formula = f"=SUM({letter}{first + 1}:{letter}{total})" if items else "=0"
            ws.write_formula(total, n + i, formula, book.total_money if col.kind == "money" else book.total_int,
                             round(value, 2) if col.kind == "money" else value)
    for i, col in enumerate(cols):
        if col.kind == "rate":
            num, den = sums[where[col.rate_of[0]]], sums[where[col.rate_of[1]]]
            ws.write_formula(total, n + i, rate_formula(total, where[col.rate_of[0]], where[col.rate_of[1]]),
                             book.total_rate, round(num / den * 100, 2) if den else 0.0)
        elif col.kind == "text":
            ws.write_blank(total, n + i, None, book.total_text)
    ws.repeat_rows(row, first - 1)
    ws.freeze_panes(first, n)
    return total, total + 1


def rate_formula(r: int, num_col: int, den_col: int) -> str:
    num, den = xl_rowcol_to_cell(r, num_col), xl_rowcol_to_cell(r, den_col)
    return f"=IF({den}=0,0,ROUND({num}/{den}*100,2))"


def book_merge(book: Book, ws: Any, r1: int, c1: int, r2: int, c2: int, text: str) -> None:
    # merge_range with an empty string, then write_string: merge_range's own write would evaluate "=…"
    ws.merge_range(r1, c1, r2, c2, "", book.header)
    book.string(ws, r1, c1, text, book.header)


def summary_sheet(book: Book) -> None:
    fig = book.figures
    cols = count_columns(fig.mediation_types)
    width = 1 + len(cols)
    ws, row = book.sheet("排查化解情况", "矛盾纠纷排查化解情况表", width, [18] + [c.width for c in cols])
    total_row, row = table(book, ws, row, ("纠纷类别",), cols, [*fig.categories], lambda r: (r.name,))
    book.string(ws, row, 0, "本月开展集中排查（次）", book.text)
    ws.write_number(row, 1, fig.screenings, book.int)
    book.string(ws, row + 1, 0, "集中排查发现纠纷（件）", book.text)
    ws.write_number(row + 1, 1, fig.screenings_found, book.int)
    row = book.footer(ws, row + 1, width)
    chart = book.wb.add_chart({"type": "column"})
    first = total_row - len(fig.categories)
    for key, name in (("new", "本月新增"), ("mediated", "调处数")):
        c = 1 + next(i for i, col in enumerate(cols) if col.key == key)
        chart.add_series({"name": name, "categories": ["排查化解情况", first, 0, total_row - 1, 0],
                          "values": ["排查化解情况", first, c, total_row - 1, c], "data_labels": {"value": True}})
    chart.set_title({"name": "本月矛盾纠纷按类别", "name_font": {"name": "宋体", "size": 12}})
    chart.set_x_axis({"num_font": {"name": "宋体", "size": 8, "rotation": -45}})
    chart.set_y_axis({"num_font": {"name": "宋体", "size": 8}, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "top", "font": {"name": "宋体", "size": 9}})
    chart.set_size({"width": 900, "height": 340})
    ws.insert_chart(row, 0, chart)
    ws.print_area(0, 0, row + 18, width - 1)


def units_sheet(book: Book, name: str, labels: Sequence[str], rows: Sequence[Row], label_of: Callable[[Row], Sequence[str]]) -> None:
    cols = count_columns(book.figures.mediation_types)
    width = len(labels) + len(cols)
    ws, row = book.sheet(name, f"矛盾纠纷排查化解情况表（{name}）", width, [16] * len(labels) + [c.width for c in cols])
    _total, row = table(book, ws, row, labels, cols, rows, label_of)
    book.footer(ws, row, width)


def form_a_sheet(book: Book) -> None:
    """The 综治 form (domain §4.1): 总况, the 19 categories of list A, people buckets, 重大, 集中排查."""
    fig = book.figures
    t: Counts = fig.total.month
    y: Counts = fig.total.ytd
    ws, row = book.sheet("综治排查情况表", "矛盾纠纷排查情况表", 3, [46, 14, 14])
    for c, text in enumerate(("项目", "本月", "年度累计")):
        book.string(ws, row, c, text, book.header)
    head = row
    ws.repeat_rows(head, head)
    ws.freeze_panes(head + 1, 1)
    r = head + 1
    refs: dict[str, int] = {}

    def line(label: str, month: float | None, year: float | None, key: str = "") -> None:
        nonlocal r
        book.string(ws, r, 0, label)
        for c, v in ((1, month), (2, year)):
            if v is None:
                ws.write_blank(r, c, None, book.int)
            else:
                ws.write_number(r, c, v, book.int)
        if key:
            refs[key] = r
        r += 1

    def rate(label: str, num: str, den: str, month: float, year: float) -> None:
        nonlocal r
        book.string(ws, r, 0, label)
        for c, v in ((1, month), (2, year)):
            ws.write_formula(r, c, f"=IF({xl_rowcol_to_cell(refs[den], c)}=0,0,ROUND({xl_rowcol_to_cell(refs[num], c)}"
                             f"/{xl_rowcol_to_cell(refs[den], c)}*100,2))", book.rate, v)
        r += 1

    line("排查数", t.new, y.new, "new")
    line("调处数", t.mediated, y.mediated, "med")
    rate("调处率（%）", "med", "new", round(t.mediated / t.new * 100, 2) if t.new else 0.0,
         round(y.mediated / y.new * 100, 2) if y.new else 0.0)
    line("成功数", t.success, y.success, "succ")
    rate("成功率（%）", "succ", "med", t.success_rate, y.success_rate)
    for name, new, mediated in fig.report_a:
        line(f"{name}：排查数", new, None)
        line(f"{name}：调处数", mediated, None)
    first = r
    for name, m, yy in zip(("50人以下", "50至100人", "100人至500人", "500人以上"), t.people, y.people):
        line(f"涉及人数 {name}（起）", m, yy)
    book.string(ws, r, 0, "涉及人数合计（应等于排查数）", book.total_text)
    for c, v in ((1, sum(t.people)), (2, sum(y.people))):
        letter = xl_col_to_name(c)
        ws.write_formula(r, c, f"=SUM({letter}{first + 1}:{letter}{r})", book.total_int, v)
    r += 1
    line("重大矛盾纠纷 排查数", t.major, y.major)
    line("开展集中排查（次）", fig.screenings, None)
    book.footer(ws, r, 3)
