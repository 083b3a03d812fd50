"""Importing residents from .xlsx/.xls/.ods: the run and its rules (reading: workbook_reader; rows: resident_import_rows; writing: resident_import_write).

Matching rule (how a row meets the register):

* A row with an ID number matches the live (not deleted, not merged) resident holding the same
  canonical number (full-width folded, 15-digit upgraded) when exactly one does. Matched: only the
  fields whose value differs are updated ("unchanged" when none differ); a blank cell keeps the
  register's value (clearing is done in the form, never by a missing cell). Unmatched: a new resident.
  Two or more live holders: the row is rejected (duplicate in the register, with the count).
* A row without an ID number (境外/未落户) matches the one live resident without a number of the same
  name and grid, so re-importing the same file never doubles people; several such: rejected.
* Sex and birth date are derived from the ID number; a 性别/出生日期 cell contradicting it is a
  rejection. 所属网格 is a grid name or code in the actor's scope; 人员类别 a code-table name,
  code or short form (户籍/流动/境外/未落户).

Writes: every row is validated first. Without `valid_only` a file with any rejected row writes
nothing; otherwise ALL chunks go into ONE `store.write` so the file lands whole or not at all (the
chunks of 2,000 still bound statement and memory size, but the sync then carries the file as one
transaction). With `valid_only` each chunk is its own transaction: smaller sync batches, and a crash
mid-file leaves whole chunks, which re-running the same file completes (re-import is idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import audit, permissions
from zongzhi_desktop.services.resident_export import write_table
from zongzhi_desktop.services.resident_import_rows import ImportResult, RowError, Rules, validate_rows
from zongzhi_desktop.services.resident_import_write import apply, classify, insert_keys, roomy_cache
from zongzhi_desktop.services.workbook_reader import (  # noqa: F401  (HEADERS re-exported for callers)
    HEADERS, check_mapping, detect_mapping, open_sheet, cell_text,
)

__all__ = ["CHUNK", "HEADERS", "ImportPreview", "ImportResult", "ResidentImport", "RowError"]

CHUNK = 2_000
# New residents' search keys are written in batches of about this many rows, after several chunks
# of residents: alternating small batches of the two tables made each evict the other's pages from
# SQLite's cache (measured at 100,000 rows: about 1.5 s more); the batch bounds the memory held meanwhile.
KEY_BATCH = 100_000
ERROR_COLUMN = "错误原因"


@dataclass(frozen=True)
class ImportPreview:
    """What the GUI shows for confirmation: where the header is and which column feeds which field."""

    sheet: str
    header_row: int  # 1-based, as Excel shows it
    headers: tuple[str, ...]
    mapping: dict[str, int]  # field -> 0-based column
    unmapped: tuple[str, ...]  # header texts nobody reads
    first_rows: tuple[tuple[str, ...], ...]
    data_rows: int


class ResidentImport:
    def __init__(self, store: Store) -> None:
        self._store = store

    def preview(self, actor: Actor, path: str | Path, rows: int = 10) -> ImportPreview:
        permissions.require(actor, "residents.import")
        sheet = open_sheet(Path(path))
        mapping = detect_mapping(sheet.headers)
        first = []
        for _n, cells in sheet.rows:
            if len(first) >= rows:
                break
            if any(cell_text(c) for c in cells):
                first.append(tuple(cell_text(c) or "" for c in cells))
        used = set(mapping.values())
        return ImportPreview(sheet.name, sheet.header_row, tuple(sheet.headers), mapping,
                             tuple(h for i, h in enumerate(sheet.headers) if h and i not in used),
                             tuple(first), sheet.data_rows)

    def run(self, actor: Actor, path: str | Path, *, valid_only: bool = False, dry_run: bool = False,
            mapping: dict[str, int] | None = None, errors_path: str | Path | None = None) -> ImportResult:
        permissions.require(actor, "residents.import")
        source = Path(path)
        sheet = open_sheet(source)
        mapping = check_mapping(mapping, len(sheet.headers)) if mapping else detect_mapping(sheet.headers)
        if "name" not in mapping:
            raise InputError("imports.missing_column", column="姓名")
        with self._store.read() as s:
            rules = Rules.load(s.connection(), actor)
        result = ImportResult()
        rows = validate_rows(sheet, mapping, rules, result)
        if dry_run or (result.rejected and not valid_only):
            with self._store.read() as s:
                classify(s.connection(), rows, rules, result)
        elif valid_only:
            for start in range(0, len(rows), CHUNK):
                with self._store.write(actor) as s:  # a chunk fits the usual page cache
                    apply(s.connection(), actor, classify(s.connection(), rows[start:start + CHUNK], rules, result))
            result.written = True
            if result.imported or result.updated:
                audit.record_now(self._store, actor, "resident.import", "residents", None, _audit_detail(source, result))
        else:
            with self._store.write(actor) as s, roomy_cache(s.connection(), len(rows)):
                conn = s.connection()
                plans = [classify(conn, rows[i:i + CHUNK], rules, result) for i in range(0, len(rows), CHUNK)]
                if not result.rejected:  # matching against the register may still reject a row
                    keys: list[tuple[str, str]] = []
                    for plan in plans:
                        apply(conn, actor, plan, keys)
                        if len(keys) >= KEY_BATCH:
                            insert_keys(conn, keys)
                    insert_keys(conn, keys)
                    result.written = True
                    if result.imported or result.updated:  # a re-import that changed nothing changed no one
                        audit.record(s, actor, "resident.import", "residents", None, _audit_detail(source, result))
        result.errors.sort(key=lambda e: e.row)
        if result.errors:
            target = Path(errors_path) if errors_path else source.with_name(f"{source.stem}_错误行.xlsx")
            _write_errors(target, source, result.errors)
            result.errors_path = str(target)  # rows of the person's own file, not of the register: not audited
        return result


def _audit_detail(source: Path, result: ImportResult) -> dict[str, Any]:
    return {"file": audit.file_label(source), "written": result.written, "imported": result.imported,
            "updated": result.updated, "rejected": result.rejected}


def _write_errors(path: Path, source: Path, errors: list[RowError]) -> None:
    """Rejected rows with their original cells and a reason, ready to fix and import again."""
    sheet = open_sheet(source)  # a second read only when something failed: validation keeps no raw cells
    wanted = {e.row for e in errors}
    originals = {n: list(cells) for n, cells in sheet.rows if n in wanted}
    headers = sheet.headers
    width = max([len(headers)] + [len(c) for c in originals.values()])
    reasons: dict[int, list[str]] = {}
    for e in errors:
        reasons.setdefault(e.row, []).append(e.reason)
    header = list(headers) + [""] * (width - len(headers)) + [ERROR_COLUMN]
    rows = [list(originals.get(n, [])) + [""] * (width - len(originals.get(n, []))) + [f"（原第{n}行）" + "；".join(r)]
            for n, r in sorted(reasons.items())]
    write_table(path, header, rows)
