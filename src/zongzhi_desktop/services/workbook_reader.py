"""Reading a register workbook (.xlsx/.xls/.ods via python-calamine): the header row under title
rows, which column feeds which field, cells as text and dates — every failure an InputError."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import python_calamine as calamine

from zongzhi_desktop.domain import idnumber
from zongzhi_desktop.errors import InputError

MAX_ROWS = 1_000_000
MAX_BYTES = 50 * 1024 * 1024
# .xlsx/.xlsm/.xlsb/.ods are zip archives and the reader inflates a whole sheet into memory: a 50 MB
# file of a million register rows unpacks to well under 1 GB at ratios of 5-20, while a zip bomb
# (a few MB that inflate to many GB) has ratios in the hundreds or thousands. Both checked from the
# archive's directory, before anything is inflated.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100  # per member bigger than RATIO_FLOOR; small members (styles, shared strings) may compress more
RATIO_FLOOR = 1024 * 1024
_ZIPPED = (".xlsx", ".xlsm", ".xlsb", ".ods")
HEADER_SCAN = 30  # title rows, notes and merged banners sit above the header, never this many
SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")

# Recognised header texts per field, after _header_key (spaces, *, brackets and colons removed).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "居民姓名", "人员姓名"),
    "sex": ("性别",),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "公民身份证号码", "证件号码", "身份证"),
    "birth_date": ("出生日期", "出生年月日", "出生年月", "生日"),
    "ethnicity": ("民族",),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
    "registration_type": ("人员类别", "人口类别", "人员类型", "人口类型"),
    "grid": ("所属网格", "网格", "网格名称", "网格编码"),
    "relation_to_head": ("与户主关系", "户主关系"),
    "hukou_address": ("户籍地址", "户籍地", "户籍地详址", "户籍所在地"),
    "current_address": ("现住址", "现居住地址", "居住地址", "现住地址", "实际居住地址"),
    "employer": ("工作单位", "服务处所", "工作单位服务处所"),
    "occupation": ("职业",),
    "notes": ("备注",),
}
_BY_HEADER = {h: f for f, names in HEADERS.items() for h in names}
_HEADER_NOISE = re.compile(r"[\s*＊:：()（）\[\]【】]|必填|选填")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 with Excel's phantom 1900-02-29 absorbed


@dataclass
class Sheet:
    name: str
    header_row: int
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (1-based row number, cells) after the header
    data_rows: int


# -- the sheet -------------------------------------------------------------------------------------
def open_sheet(path: Path) -> Sheet:
    """The first sheet with a recognisable header; every way a file can fail becomes an InputError."""
    if not path.is_file():
        raise InputError("imports.file_missing", path=str(path))
    if path.suffix.lower() not in SUFFIXES:
        raise InputError("imports.unsupported_format", suffix=path.suffix or path.name)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError("imports.file_too_large", size=round(size / 1048576, 1), max=MAX_BYTES // 1048576)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if size == 0:
        raise InputError("imports.empty", name=path.name)
    if head.startswith(b"\xd0\xcf\x11\xe0") and _is_encrypted_ooxml(path):
        raise InputError("imports.encrypted", name=path.name)  # what Excel writes for a password-protected .xlsx
    if head.lstrip().startswith(b"<"):
        raise InputError("imports.html_xls", name=path.name)
    if path.suffix.lower() in _ZIPPED and head.startswith(b"PK"):
        _check_unpacked_size(path)
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        sheets = [book.get_sheet_by_name(m.name) for m in book.sheets_metadata
                  if m.typ == calamine.SheetTypeEnum.WorkSheet]
    except calamine.PasswordError:
        raise InputError("imports.encrypted", name=path.name) from None
    except (calamine.CalamineError, OSError, ValueError):
        raise InputError("imports.corrupt", name=path.name) from None
    if not any(sh.height for sh in sheets):
        raise InputError("imports.empty", name=path.name)
    for sheet in sheets:
        if not sheet.height:
            continue
        last_row = (sheet.start[0] if sheet.start else 0) + sheet.height
        rows = enumerate(sheet.iter_rows(), start=1)  # iter_rows starts at A1's row: numbers match Excel
        scanned = []
        for number, cells in rows:
            scanned.append((number, cells))
            if number >= HEADER_SCAN:
                break
        found = _find_header(scanned)
        if found is None:
            continue
        number, cells = found
        data_rows = last_row - number
        if data_rows > MAX_ROWS:
            raise InputError("imports.too_many_rows", rows=data_rows, max=MAX_ROWS)
        rest = [item for item in scanned if item[0] > number]
        return Sheet(sheet.name, number, [cell_text(c) or "" for c in cells], _chain(rest, rows), data_rows)
    raise InputError("imports.no_header", rows=HEADER_SCAN)


def _chain(first: list[tuple[int, list[Any]]], rest: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    yield from first
    yield from rest


def _check_unpacked_size(path: Path) -> None:
    """Refuse a zip-packed workbook whose members inflate past the limits. The directory's sizes are
    checked first, then every member is inflated once as a stream (constant memory) so that a member
    whose directory entry lies about its size fails here (its CRC check), not in the reader."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _refuse_if_too_large(path, members)
            for member in members:
                with archive.open(member) as stream:  # reads at most file_size bytes, then checks the CRC
                    while stream.read(1 << 20):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError):
        raise InputError("imports.corrupt", name=path.name) from None


def _refuse_if_too_large(path: Path, members: list[zipfile.ZipInfo]) -> None:
    total = sum(m.file_size for m in members)
    bomb = any(m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members)
    if total > MAX_UNPACKED_BYTES or bomb:
        raise InputError("imports.unpacked_too_large", name=path.name, size=round(total / 1048576, 1),
                         max=MAX_UNPACKED_BYTES // 1048576)


def _is_encrypted_ooxml(path: Path) -> bool:
    # An encrypted .xlsx is an OLE compound file holding "EncryptionInfo" (UTF-16 directory name).
    with open(path, "rb") as fh:
        return "EncryptionInfo".encode("utf-16-le") in fh.read(MAX_BYTES)


def _header_key(text: str) -> str:
    return _HEADER_NOISE.sub("", text.replace("\u3000", ""))


def _find_header(rows: list[tuple[int, list[Any]]]) -> tuple[int, list[Any]] | None:
    """The row matching most known header names (at least 2, one of them 姓名)."""
    best, best_score = None, 1
    for number, cells in rows:
        fields = {_BY_HEADER.get(_header_key(c)) for c in cells if isinstance(c, str)} - {None}
        if "name" in fields and len(fields) > best_score:
            best, best_score = (number, cells), len(fields)
    return best


def detect_mapping(headers: Sequence[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for col, text in enumerate(headers):
        name = _BY_HEADER.get(_header_key(text))
        if name and name not in mapping:  # the first of two same-named columns wins
            mapping[name] = col
    return mapping


def check_mapping(mapping: dict[str, int], width: int) -> dict[str, int]:
    unknown = set(mapping) - set(HEADERS)
    if unknown:
        raise InputError("imports.mapping_invalid", detail="未知字段 " + "、".join(sorted(unknown)))
    if any(not 0 <= c < width for c in mapping.values()) or len(set(mapping.values())) != len(mapping):
        raise InputError("imports.mapping_invalid", detail="列号超出范围或重复")
    return dict(mapping)


def cell_text(value: Any) -> str | None:
    """A cell as text: integral floats lose their '.0' (phones and 15-digit IDs typed as numbers)."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def parse_date(cell: Any, label: str) -> date | None:
    """Excel serials, real date cells, 2026-01-02, 2026/1/2, 2026年1月2日, 2026.1.2, 20260102."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    try:
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            if 1 <= cell < 2958466:
                return _EXCEL_EPOCH + timedelta(days=int(cell))
        else:
            text = idnumber.normalize(str(cell))  # folds full-width digits, drops spaces
            match = _DATE.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
            if match:
                return date(int(match[1]), int(match[2]), int(match[3]))
    except (ValueError, OverflowError):
        pass
    raise InputError("imports.row_date_invalid", field=label, value=cell_text(cell))
