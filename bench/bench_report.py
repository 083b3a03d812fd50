"""The monthly report on a large township: figures + workbook, and XlsxWriter's raw speed on the same cells.

`report.monthly`  seconds for the whole report (compute + write .xlsx) on residents=SCALE and
                  disputes=SCALE//4 (aim ≤ 3 s); baseline: XlsxWriter writing the same cells -- every
                  sheet, position and value the report holds, read back with calamine -- with plain
                  write_number/write_string and no formats (aim ≤ 2× that). `extra.uniform_baseline_s`:
                  the former baseline, as many cells on one sheet with 97 distinct texts.
                  `extra.compute_phases_s`: the separate compute run split into the case table
                  (the trail read by case and the flags), the grouped sums, the lists (ledger, flagged, key
                  populations) and the 考核 by department.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook

from bench import harness
from bench.harness import Context, Measurement
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.models.store import create_store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.gc_pause import collector_paused
from zongzhi_desktop.reports.monthly_xlsx import Stamp, write_monthly_report
from zongzhi_desktop.services import monthly_report
from zongzhi_desktop.services.assessment import AssessmentService
from zongzhi_desktop.services.monthly_report import MonthlyReportService

PASSWORD = "Bench-2026"


def _cells(path: Path) -> tuple[int, int]:
    """(number cells, text cells) of a workbook, read back without recalculating."""
    numbers = texts = 0
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            for v in row:
                if isinstance(v, str):
                    texts += bool(v)
                else:
                    numbers += 1
    return numbers, texts


def _sheets(path: Path) -> list[tuple[str, list[tuple[int, int, Any]]]]:
    """Every non-empty cell of every sheet as (row, column, value), as calamine reads it back."""
    book = CalamineWorkbook.from_path(str(path))
    out = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        top, left = sheet.start or (0, 0)
        cells = [(top + r, left + c, v) for r, row in enumerate(sheet.to_python()) for c, v in enumerate(row)
                 if v != ""]
        out.append((name, cells))
    return out


def _raw_same(sheets: list[tuple[str, list[tuple[int, int, Any]]]]) -> None:
    """XlsxWriter writing the report's own cells, with nothing the report adds: no formats, formulas,
    merges, widths, print set-up or chart; with the cycle collector paused, as the report's writer
    pauses it (otherwise the baseline would be slower by the collector's work alone)."""
    with collector_paused():
        _write_same(sheets)


def _write_same(sheets: list[tuple[str, list[tuple[int, int, Any]]]]) -> None:
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    for name, cells in sheets:
        ws = wb.add_worksheet(name)
        write_string, write_number = ws.write_string, ws.write_number
        for r, c, v in cells:
            if isinstance(v, str):
                write_string(r, c, v)
            elif isinstance(v, (int, float)):
                write_number(r, c, v)
            else:
                write_string(r, c, str(v))
    wb.close()


def _raw(numbers: int, texts: int) -> None:
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet("raw")
    width = 20
    for i in range(numbers):
        ws.write_number(i // width, i % width, i)
    base = numbers // width + 1
    for i in range(texts):
        ws.write_string(base + i // width, i % width, f"邻里纠纷{i % 97}")
    wb.close()


# Phase name -> the functions whose calls it sums, wrapped for the untimed compute run only.
_PHASES = {"cases": [(monthly_report, "_materialise")], "groups": [(monthly_report, "_grouped")],
           "lists": [(monthly_report, "_ledger"), (monthly_report, "_flagged"), (monthly_report, "_key_populations")],
           "assessment": [(AssessmentService, "by_department")]}


@contextmanager
def _phase_clock(seconds: dict[str, float]) -> Iterator[None]:
    originals = [(owner, name, getattr(owner, name)) for targets in _PHASES.values() for owner, name in targets]

    def clocked(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - start
        return call

    for label, targets in _PHASES.items():
        for owner, name in targets:
            setattr(owner, name, clocked(label, getattr(owner, name)))
    try:
        yield
    finally:
        for owner, name, fn in originals:
            setattr(owner, name, fn)


@harness.benchmark("report.monthly", aim_value=3.0, aim_ratio=2.0, unit="s")
def bench_monthly(ctx: Context) -> Measurement:
    home = ctx.home("report")
    store = create_store(resolve_paths(home), township_code="360731100", township_name="贡江镇",
                         admin_user="admin", admin_password=PASSWORD)
    build_demo(store, residents=ctx.scale, disputes=ctx.scale // 4, seed=1)
    store.close()
    store = open_store(resolve_paths(home), "admin", PASSWORD)
    month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    out = home / "monthly.xlsx"
    try:
        def whole() -> None:
            figures = MonthlyReportService(store).compute(store.actor, month)
            write_monthly_report(figures, out, Stamp(prepared_by="bench"))

        seconds = min(harness.timed(whole) for _ in range(max(1, ctx.repeat)))
        phases: dict[str, float] = {}
        with _phase_clock(phases):
            start = time.perf_counter()
            figures = MonthlyReportService(store).compute(store.actor, month)
            compute_s = time.perf_counter() - start
        numbers, texts = _cells(out)
        sheets = _sheets(out)
        raw = min(harness.timed(lambda: _raw_same(sheets)) for _ in range(max(1, ctx.repeat)))
        uniform = min(harness.timed(lambda: _raw(numbers, texts)) for _ in range(max(1, ctx.repeat)))
    finally:
        store.close()
    return Measurement(seconds, baseline=raw, extra={
        "compute_s": round(compute_s, 3), "write_s": round(seconds - compute_s, 3), "cases_in_month": figures.total.month.new,
        "ledger_rows": len(figures.ledger), "flagged_rows": len(figures.flagged), "number_cells": numbers, "text_cells": texts,
        "distinct_texts": len({v for _n, cells in sheets for _r, _c, v in cells if isinstance(v, str)}),
        "uniform_baseline_s": round(uniform, 3),
        "compute_phases_s": {k: round(v, 3) for k, v in phases.items()},
    })
