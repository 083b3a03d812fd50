"""The county-wide monthly report: the townships' submitted figures side by side, and the total.

Counts are summed; rates are recomputed from the summed counts (never summed or averaged) and
written as live formulas with their values stored, like the township report. Each township's
figures are the ones it submitted, as sent. Until every township has submitted and synced since
the month closed, the report says it is provisional and lists who is missing.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy import Engine, select
from xlsxwriter.exceptions import FileCreateError

from zongzhi_county import admin
from zongzhi_county.county_writes import load_values
from zongzhi_county.errors import CountyError
from zongzhi_county.schema import devices, records, townships
from zongzhi_desktop.domain.spreadsheet_text import looks_like_formula

COLUMNS = (  # (key in the township's Counts, header)
    ("carried", "上月结转"), ("new", "本月新增"), ("major", "其中重大"), ("accepted", "受理"),
    ("mediated", "调解"), ("success", "调解成功"), ("still_open", "未结"), ("overdue", "超期"),
)
BUCKET_HEADERS = ("50人以下", "50至100人", "100人至500人", "500人以上")


@dataclass(frozen=True)
class TownshipFigures:
    code: str
    name: str
    figures: dict[str, Any] | None  # the submitted summary, None when nothing was submitted
    revision: int | None
    last_sync: str | None

    def counts(self, part: str = "month") -> dict[str, Any]:
        return (self.figures or {}).get("total", {}).get(part, {}) if self.figures else {}


def _checked_month(value: str) -> str:
    """YYYY-MM of a month that has begun, as the townships store it (2026-1 becomes 2026-01)."""
    try:
        start = datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        raise CountyError("reports.bad_month", value=value) from None
    if start > date.today():
        raise CountyError("reports.future_month", month=start.strftime("%Y-%m"))
    return start.strftime("%Y-%m")


def gather(engine: Engine, month: str) -> list[TownshipFigures]:
    """Each township's latest submitted revision of `month`, as it was sent."""
    with engine.connect() as conn:
        towns = conn.execute(select(townships.c.code, townships.c.name).order_by(townships.c.code)).all()
        report_ids = conn.execute(select(records.c.row_id, records.c.township_code)
                                  .where(records.c.tbl == "monthly_reports")).all()
        values = load_values(conn, [("monthly_reports", r) for r, _ in report_ids])
        syncs = dict(conn.execute(select(devices.c.township_code, devices.c.last_push)).all())
    best: dict[str, dict[str, Any]] = {}
    for row_id, town in report_ids:
        v = values[("monthly_reports", row_id)]
        if v.get("month") == month and v.get("status") == "submitted" and not v.get("deleted_at"):
            if town not in best or v["revision"] > best[town]["revision"]:
                best[town] = v
    return [TownshipFigures(code, name, json.loads(best[code]["figures"]) if code in best else None,
                            best[code]["revision"] if code in best else None, syncs.get(code)) for code, name in towns]


def missing(towns: list[TownshipFigures], month: str) -> list[tuple[TownshipFigures, str]]:
    """Townships the county is still waiting for: no submitted report, or no sync since the month closed."""
    year, mon = map(int, month.split("-"))
    closed = date(year + mon // 12, mon % 12 + 1, 1).isoformat()
    out = []
    for t in towns:
        if t.figures is None:
            out.append((t, "未上报"))
        elif not t.last_sync or t.last_sync[:10] < closed:
            out.append((t, "月末后未同步"))
    return out


def write_county_report(engine: Engine, month: str, out: Path) -> dict[str, Any]:
    meta = admin.require_meta(engine)
    month = _checked_month(month)
    towns = gather(engine, month)
    waiting = missing(towns, month)
    part = out.with_name(out.name + ".part")  # a half-written workbook never takes the real name
    # Names and category labels come from the townships' submissions: text stays text, never a
    # formula, number or link (xlsxwriter's write() would turn "=…" into a live formula).
    book = xlsxwriter.Workbook(str(part), {"strings_to_formulas": False, "strings_to_numbers": False,
                                           "strings_to_urls": False})
    f = _formats(book)
    title = f"{meta['county_name']}矛盾纠纷排查化解情况汇总表（{month}）" + ("（暂定）" if waiting else "")
    total = _summary_sheet(book, f, title, towns)
    for t in towns:
        if t.figures:
            _township_sheet(book, f, t, month)
    _missing_sheet(book, f, waiting)
    try:
        book.close()
        os.replace(part, out)
    except (FileCreateError, OSError) as exc:  # said by the CLI as a file error naming `out`
        with contextlib.suppress(OSError):  # below a file or on a full disk the part may not even exist
            part.unlink()
        cause = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
        raise OSError(getattr(cause, "errno", None) or errno.EIO, str(cause), str(out)) from exc
    return {"townships": len(towns), "submitted": sum(1 for t in towns if t.figures), "provisional": bool(waiting),
            "total": total}


def _summary_sheet(book, f, title: str, towns: list[TownshipFigures]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ws = book.add_worksheet("全县汇总")
    headers = ["乡镇（街道）", *[h for _, h in COLUMNS], "调解成功率(%)", *BUCKET_HEADERS, "涉及金额(元)", "报送"]
    _sheet_setup(ws, f, title, headers)
    first = 3
    for i, t in enumerate(towns):
        c = t.counts()
        row = [t.name, *[int(c.get(k, 0)) for k, _ in COLUMNS]]
        _write_row(ws, f, first + i, row, c, status=f"第{t.revision}版" if t.figures else "未上报")
    last = first + len(towns) - 1
    sums = {k: sum(int(t.counts().get(k, 0)) for t in towns) for k, _ in COLUMNS}
    people = [sum((t.counts().get("people") or [0, 0, 0, 0])[j] for t in towns) for j in range(4)]
    cents = sum(int(t.counts().get("amount_cents", 0)) for t in towns)
    r = last + 1
    _text(ws, f, r, 0, "全县合计", "total_text")
    for j, (k, _) in enumerate(COLUMNS, start=1):
        col = xlsxwriter.utility.xl_col_to_name(j)
        ws.write_formula(r, j, f"=SUM({col}{first + 1}:{col}{last + 1})", f["total"], sums[k])
    mediated, success = (xlsxwriter.utility.xl_rowcol_to_cell(r, j) for j in (5, 6))
    rate = round(sums["success"] / sums["mediated"] * 100, 2) if sums["mediated"] else 0.0
    ws.write_formula(r, 9, f"=IF({mediated}=0,0,ROUND({success}/{mediated}*100,2))", f["total_rate"], rate)
    for j in range(4):
        col = xlsxwriter.utility.xl_col_to_name(10 + j)
        ws.write_formula(r, 10 + j, f"=SUM({col}{first + 1}:{col}{last + 1})", f["total"], people[j])
    ws.write_formula(r, 14, f"=SUM(O{first + 1}:O{last + 1})", f["total_money"], cents / 100)
    ws.write_blank(r, 15, None, f["total_text"])
    _text(ws, f, r + 2, 0, f"制表：县综治中心    制表时间：{datetime.now():%Y-%m-%d %H:%M}", "note")
    return {**sums, "success_rate": rate, "amount_cents": cents}


def _write_row(ws, f, r: int, row: list[Any], c: dict[str, Any], status: str) -> None:  # type: ignore[no-untyped-def]
    _text(ws, f, r, 0, row[0], "text")
    for j, v in enumerate(row[1:], start=1):
        ws.write_number(r, j, v, f["num"])
    mediated, success = (xlsxwriter.utility.xl_rowcol_to_cell(r, j) for j in (5, 6))
    rate = round(row[6] / row[5] * 100, 2) if row[5] else 0.0
    ws.write_formula(r, 9, f"=IF({mediated}=0,0,ROUND({success}/{mediated}*100,2))", f["rate"], rate)
    for j, n in enumerate(c.get("people") or [0, 0, 0, 0]):
        ws.write_number(r, 10 + j, n, f["num"])
    ws.write_number(r, 14, int(c.get("amount_cents", 0)) / 100, f["money"])
    _text(ws, f, r, 15, status, "text")


def _township_sheet(book, f, t: TownshipFigures, month: str) -> None:  # type: ignore[no-untyped-def]
    ws = book.add_worksheet(_sheet_name(book, t))
    headers = ["纠纷类别", *[h for _, h in COLUMNS], "调解成功率(%)", *BUCKET_HEADERS, "涉及金额(元)", "本年累计新增"]
    _sheet_setup(ws, f, f"{t.name}矛盾纠纷排查化解情况（{month}，第{t.revision}版，按报送原样）", headers)
    rows = (t.figures or {}).get("categories", []) + [(t.figures or {}).get("total", {})]
    for i, row in enumerate(rows):
        c = row.get("month", {})
        values = [str(row.get("name") or "合计"), *[int(c.get(k, 0)) for k, _ in COLUMNS]]
        _write_row(ws, f, 3 + i, values, c, status="")
        ws.write_number(3 + i, 15, int(row.get("ytd", {}).get("new", 0)), f["num"])


def _missing_sheet(book, f, waiting: list[tuple[TownshipFigures, str]]) -> None:  # type: ignore[no-untyped-def]
    ws = book.add_worksheet("未报送或未同步")
    _sheet_setup(ws, f, "尚未报送或月末后尚未同步的乡镇（汇总为暂定数）", ["乡镇（街道）", "代码", "情况", "最近同步"])
    for i, (t, why) in enumerate(waiting):
        for j, value in enumerate((t.name, t.code, why, t.last_sync or "从未")):
            _text(ws, f, 3 + i, j, value, "text")
    if not waiting:
        _text(ws, f, 3, 0, "全部乡镇均已报送并同步。", "text")


def _sheet_setup(ws, f, title: str, headers: list[str]) -> None:  # type: ignore[no-untyped-def]
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 2)
    ws.merge_range(0, 0, 0, len(headers) - 1, "", f["title"])
    _text(ws, f, 0, 0, title, "title")
    for j, header in enumerate(headers):
        _text(ws, f, 2, j, header, "head")
    ws.set_row(2, 36)
    ws.set_column(0, 0, 22)
    ws.set_column(1, len(headers) - 1, 10)
    ws.freeze_panes(3, 1)


def _text(ws, f: dict[str, Any], r: int, c: int, value: object, style: str) -> None:  # type: ignore[no-untyped-def]
    """Text as text; formula-looking text also quote-prefixed, so editing it in Excel keeps it text."""
    text = "" if value is None else str(value)
    ws.write_string(r, c, text, f[f"{style}_q"] if looks_like_formula(text) else f[style])


_SHEET_FORBIDDEN = str.maketrans({ch: "_" for ch in "[]:*?/\\'"})


def _sheet_name(book, t: TownshipFigures) -> str:  # type: ignore[no-untyped-def]
    """Excel's rules for sheet names (31 characters, none of []:*?/\\, unique): a township named
    oddly still gets its sheet rather than failing the whole report."""
    name = (t.name.translate(_SHEET_FORBIDDEN).strip() or t.code)[:31]
    taken = {ws.get_name().lower() for ws in book.worksheets()}
    return name if name.lower() not in taken else f"{name[:21]}_{t.code}"[:31]


def _formats(book) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
    texts = {
        "title": {"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"},
        "head": {**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"},
        "text": base,
        "total_text": {**base, "bold": True},
        "note": {"font_name": "宋体", "font_size": 10},
    }
    numbers = {
        "num": {**base, "num_format": "0"},
        "rate": {**base, "num_format": "0.00"},
        "money": {**base, "num_format": "#,##0.00"},
        "total": {**base, "bold": True, "num_format": "0"},
        "total_rate": {**base, "bold": True, "num_format": "0.00"},
        "total_money": {**base, "bold": True, "num_format": "#,##0.00"},
    }
    formats = {k: book.add_format(v) for k, v in {**texts, **numbers}.items()}
    formats.update({f"{k}_q": book.add_format({**v, "quote_prefix": True}) for k, v in texts.items()})
    return formats
