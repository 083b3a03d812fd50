"""Exporting the resident register to .xlsx, with masked numbers and formula-safe text."""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy import select

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.domain.fields import mask_phone
from zongzhi_desktop.domain.spreadsheet_text import looks_like_formula
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.files import atomic_write
from zongzhi_desktop.models.reference import CodeItem
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit, permissions

log = logging.getLogger(__name__)

# Column order of the export. The names are the importer's first choice for each field, so an
# export with full numbers imports back with nothing to update.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "姓名"), ("sex", "性别"), ("id_number", "公民身份号码"), ("birth_date", "出生日期"),
    ("ethnicity", "民族"), ("phone", "联系电话"), ("registration_type", "人员类别"), ("grid", "所属网格"),
    ("relation_to_head", "与户主关系"), ("hukou_address", "户籍地址"), ("current_address", "现住址"),
    ("employer", "工作单位"), ("occupation", "职业"), ("notes", "备注"),
)
_WIDTHS = {"name": 10, "sex": 6, "id_number": 21, "birth_date": 12, "phone": 15, "hukou_address": 36,
           "current_address": 36, "notes": 30}
_SEX_NAMES = {"1": "男", "2": "女"}


@dataclass(frozen=True)
class ExportResult:
    path: str
    count: int
    full_id_numbers: bool


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]],
                widths: Sequence[int] | None = None) -> int:
    """Write one sheet (header + rows) atomically; returns the number of data rows."""
    data, count = build_table(header, rows, widths)
    atomic_write(path, data)
    return count


def build_table(header: Sequence[str], rows: Iterable[Sequence[Any]],
                widths: Sequence[int] | None = None) -> tuple[bytes, int]:
    """One sheet (header + rows) as .xlsx bytes, and the number of data rows.

    Text always goes through write_string (never parsed as a number or formula); text that Excel
    would treat as a formula also gets the quote-prefix style, so editing the cell keeps it text.
    """
    buffer = io.BytesIO()
    # constant_memory streams rows to a temp file: a 200,000-row export stays small in memory.
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    quoted = book.add_format({"quote_prefix": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("居民")
    for col, title in enumerate(header):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, (widths[col] if widths else 14))
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(count, col, value, quoted if looks_like_formula(value) else None)
            elif isinstance(value, (date, datetime)):
                sheet.write_datetime(count, col, value, day)
            elif isinstance(value, bool):
                sheet.write_string(count, col, "是" if value else "否")
            elif isinstance(value, (int, float)):
                sheet.write_number(count, col, value)
            else:
                text = str(value)
                sheet.write_string(count, col, text, quoted if looks_like_formula(text) else None)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue(), count


class ResidentExport:
    def __init__(self, store: Store) -> None:
        self._store = store

    def export(self, actor: Actor, path: str | Path, *, full_ids: bool = False) -> ExportResult:
        """All live residents the actor may see; numbers masked unless full ones are asked for
        and the actor may export them (asking without the right is refused, not silently masked).
        Every export is recorded in the audit log with its row count and whether it was masked."""
        permissions.require(actor, "residents.read")
        if full_ids:
            permissions.require(actor, "residents.export")
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise InputError("imports.export_suffix", path=str(target))
        with self._store.read() as s:
            grids = s.execute(select(Grid.id, Grid.name, Grid.code).where(Grid.deleted_at.is_(None))).all()
            # A grid name used twice in the township would not import back unambiguously: use its code.
            name_counts = Counter(g.name for g in grids)
            grid_label = {g.id: (g.name if name_counts[g.name] == 1 else g.code) for g in grids}
            codes = {(c.kind, c.code): c.name for c in s.scalars(
                select(CodeItem).where(CodeItem.kind.in_(("registration_type", "relation_to_head"))))}
            result = s.execute(
                select(*(getattr(Resident, f) for f, _ in EXPORT_COLUMNS if f != "grid"), Resident.grid_id)
                .where(Resident.deleted_at.is_(None), Resident.merged_into.is_(None),
                       permissions.grid_scope(actor, Resident.grid_id))
                .order_by(Resident.name_pinyin, Resident.name, Resident.id)
                .execution_options(yield_per=5000)
            ).mappings()
            rows = (self._row(r, grid_label, codes, full_ids) for r in result)
            data, count = build_table([h for _, h in EXPORT_COLUMNS], rows,
                                      [_WIDTHS.get(f, 14) for f, _ in EXPORT_COLUMNS])
        # Recorded before the file appears: a crash or a full disk between the two may leave an entry
        # for a file that was never written, but never a file of personal data nobody has on record.
        audit.record_now(self._store, actor, "resident.export", "residents", None,
                         {"rows": count, "masked": not full_ids, "file": audit.file_label(target)})
        atomic_write(target, data)
        # the file's name may hold a village's or a person's name: the log says only what kind it was
        log.info("residents exported: %d rows, %s numbers, .xlsx", count, "full" if full_ids else "masked")
        return ExportResult(str(target), count, full_ids)

    @staticmethod
    def _row(r: Any, grid_label: dict[str, str], codes: dict[tuple[str, str], str], full: bool) -> list[Any]:
        out: list[Any] = []
        for field, _ in EXPORT_COLUMNS:
            if field == "grid":
                value: Any = grid_label.get(r["grid_id"]) if r["grid_id"] else None
            elif field == "sex":
                value = _SEX_NAMES.get(r["sex"] or "")
            elif field == "id_number":
                value = r["id_number"] if full or not r["id_number"] else idnumber.mask(r["id_number"])
            elif field == "phone":
                value = r["phone"] if full else mask_phone(r["phone"])
            elif field in ("registration_type", "relation_to_head"):
                value = codes.get((field, r[field]), r[field]) if r[field] else None
            else:
                value = r[field]
            out.append(value)
        return out
