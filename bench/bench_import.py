"""The import issue's figure: `residents import` of a generated workbook, against a raw calamine read.

`imports.residents`  seconds to import ctx.scale rows (aim ≤ 15 s at 100,000) into a fresh store with a
                     few grids; baseline = python-calamine reading the same cells into Python lists.
                     `extra.phases_s`: where the best run's time went (read = opening the sheet,
                     validate, match = register look-ups and ids, residents = the INSERTs with their
                     capture triggers, keys = the search keys, rest = commit and everything else).
                     `extra.capture_off`: one more import of the same file into a store whose `zz_`
                     triggers were dropped (never done by the app: it only shows what the capture costs),
                     with its phases; `extra.insert_only_ratio`: the captured `residents` phase alone
                     against the raw read, the floor this figure cannot get under with capture on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import python_calamine
import xlsxwriter

from bench import harness
from bench.bench_capture import drop_capture
from bench.harness import Context, Measurement
from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.models.registers import Grid
from zongzhi_desktop.models.store import Store, create_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services import resident_import, resident_import_write
from zongzhi_desktop.services.resident_import import ResidentImport

PASSWORD = "Bench-2026"
GRIDS = ("长征一网格", "长征二网格", "红旗一网格", "红旗二网格", "北门一网格")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
HEADER = ("姓名", "性别", "公民身份号码", "出生日期", "民族", "联系电话", "人员类别", "所属网格", "现住址", "备注")


def _workbook(path: Path, rows: int) -> Path:
    """`rows` distinct, valid people: constant_memory keeps generating 1,000,000 rows cheap."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("居民")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for i in range(rows):
        born = date(1940, 1, 1) + timedelta(days=i // 999 % 25_000)
        seq = i % 999 + 1
        name = SURNAMES[i % 20] + GIVEN[i // 20 % len(GIVEN)] + (GIVEN[i // 600 % len(GIVEN)] if i % 3 else "")
        sheet.write_string(i + 1, 0, name)
        sheet.write_string(i + 1, 1, "男" if seq % 2 else "女")
        sheet.write_string(i + 1, 2, make_number("360731", born, seq))
        sheet.write_datetime(i + 1, 3, born, day)
        sheet.write_string(i + 1, 4, "汉族")
        sheet.write_string(i + 1, 5, f"13{i % 10}{i:08d}"[-11:])
        sheet.write_string(i + 1, 6, "户籍" if i % 8 else "流动人口")
        sheet.write_string(i + 1, 7, GRIDS[i % len(GRIDS)])
        sheet.write_string(i + 1, 8, f"长征路{i % 500}号")
        if i % 50 == 0:
            sheet.write_string(i + 1, 9, "=不是公式")
    book.close()
    return path


def _fresh_store(ctx: Context) -> Store:
    store = create_store(resolve_paths(ctx.home("import")), township_code="360731100", township_name="贡江镇",
                         admin_user="admin", admin_password=PASSWORD)
    with store.write() as s:
        s.add_all(Grid(township_code="360731100", village_code=f"36073110000{i // 2 + 1}",
                       code=f"36073110000{i // 2 + 1}00{i % 2 + 1}", name=name) for i, name in enumerate(GRIDS))
    return store


# Phase name -> (module, function) whose calls it sums (wrapped for the timed runs only: a few
# hundred calls, so the clock costs nothing measurable). Each is patched where its caller looks it up.
_PHASES = {"read": (resident_import, "open_sheet"), "validate": (resident_import, "validate_rows"),
           "match": (resident_import, "classify"), "residents": (resident_import_write, "insert_residents"),
           "keys": (resident_import, "insert_keys")}


@contextmanager
def _phase_clock(seconds: dict[str, float]) -> Iterator[None]:
    originals = {label: getattr(module, name) for label, (module, name) in _PHASES.items()}

    def clocked(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - start
        return call

    for label, (module, name) in _PHASES.items():
        setattr(module, name, clocked(label, originals[label]))
    try:
        yield
    finally:
        for label, (module, name) in _PHASES.items():
            setattr(module, name, originals[label])


def _timed_import(store: Store, path: Path) -> tuple[float, dict[str, float], Any]:
    seconds: dict[str, float] = {}
    with _phase_clock(seconds):
        start = time.perf_counter()
        result = ResidentImport(store).run(store.actor, path)
        elapsed = time.perf_counter() - start
    phases = {k: round(v, 3) for k, v in seconds.items()}
    phases["rest"] = round(elapsed - sum(seconds.values()), 3)
    return elapsed, phases, result


def _raw_read(path: Path) -> int:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return len(sheet.to_python())


@harness.benchmark("imports.residents", aim_value=15.0, aim_ratio=3.0, unit="s")
def import_residents(ctx: Context) -> Measurement:
    path = _workbook(ctx.workdir / f"import-{ctx.scale}.xlsx", ctx.scale)
    baseline = min(harness.timed(lambda: _raw_read(path)) for _ in range(max(1, ctx.repeat)))
    best, counts, phases = float("inf"), {}, {}
    for _ in range(max(1, ctx.repeat)):
        store = _fresh_store(ctx)
        try:
            elapsed, seconds, result = _timed_import(store, path)
            if elapsed < best:
                best, phases = elapsed, seconds
            counts = {"imported": result.imported, "rejected": result.rejected}
        finally:
            store.close()
    store = _fresh_store(ctx)
    try:
        drop_capture(store)
        off_s, off_phases, _result = _timed_import(store, path)
    finally:
        store.close()
    return Measurement(best, baseline=baseline,
                       extra={"rows": ctx.scale, "rows_per_s": round(ctx.scale / best), **counts,
                              "file_mb": round(path.stat().st_size / 1048576, 1), "aim_value_s": 15.0,
                              "phases_s": phases, "insert_only_ratio": round(phases["residents"] / baseline, 2),
                              "capture_off": {"seconds": round(off_s, 3), "ratio": round(off_s / baseline, 2),
                                              "phases_s": off_phases}})
