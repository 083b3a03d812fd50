"""Administrative regions (GB/T 2260 + NBS statistical codes): loading, validation and ID area-code checks."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from zongzhi_desktop.errors import InputError

LEVELS: tuple[str, ...] = ("province", "city", "county", "township", "village")
CODE_LENGTHS: dict[str, int] = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
_LEVEL_BY_LENGTH: dict[int, str] = {n: level for level, n in CODE_LENGTHS.items()}
HEADER: tuple[str, ...] = ("code", "name", "level", "parent_code", "valid_from", "valid_to")

# The 34 GB/T 2260 province-level codes. They have not changed since 1997 (Chongqing, 50). We ship counties
# for Jiangxi only, so this list lets an ID-number check tell "another province" from "no such province".
PROVINCE_CODES: frozenset[str] = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

DEFAULT_DIR: Path = Path(__file__).resolve().parents[3] / "resources" / "regions"

AreaStatus = Literal["county", "city", "uncovered", "unknown"]


@dataclass(frozen=True)
class Region:
    """One administrative unit. `valid_from` is inclusive and `valid_to` exclusive; None means open-ended."""

    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None

    def active_on(self, day: date) -> bool:
        """Whether the code was in use on `day`. Historic codes still matter for old IDs and records."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day < self.valid_to

    @property
    def is_historic(self) -> bool:
        return self.valid_to is not None


def level_of_code(code: str) -> str:
    """Level implied by a code's length (2/4/6/9/12 digits); ValueError for anything else."""
    if not code.isdigit() or not code.isascii():
        raise ValueError(f"region code must be ASCII digits: {code!r}")
    try:
        return _LEVEL_BY_LENGTH[len(code)]
    except KeyError:
        raise ValueError(f"region code has no level for length {len(code)}: {code!r}") from None


def _parent_length(level: str) -> int | None:
    index = LEVELS.index(level)
    return None if index == 0 else CODE_LENGTHS[LEVELS[index - 1]]


@dataclass(frozen=True)
class _Located:
    # The file and line a region came from, kept so that a check across files (parents, duplicates)
    # can still tell the user exactly which line to fix.
    region: Region
    file: str
    row: int


def _bad(file: str, row: int, reason: str) -> InputError:
    return InputError("regions.bad_row", file=file, row=row, reason=reason)


def _parse_date(value: str, column: str, file: str, row: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(file, row, f"{column}“{value}”不是有效日期（应为 YYYY-MM-DD）") from None


def _parse_row(cells: list[str], file: str, row: int) -> Region:
    if len(cells) != len(HEADER):
        raise _bad(file, row, f"应有{len(HEADER)}列，实际{len(cells)}列")
    code, name, level, parent, valid_from_text, valid_to_text = (c.strip() for c in cells)
    if not name:
        raise _bad(file, row, "名称为空")
    if level not in CODE_LENGTHS:
        raise _bad(file, row, f"层级“{level}”无效，可选：{'/'.join(LEVELS)}")
    if not (code.isascii() and code.isdigit()):
        raise _bad(file, row, f"代码“{code}”应全为数字")
    if len(code) != CODE_LENGTHS[level]:
        raise _bad(file, row, f"{level}级代码应为{CODE_LENGTHS[level]}位，“{code}”为{len(code)}位")
    parent_length = _parent_length(level)
    if parent_length is None:
        if parent:
            raise _bad(file, row, "省级单位不应有上级代码")
        parent_code = None
    else:
        # Codes are hierarchical, so the only valid parent is the code's own prefix one level up.
        expected = code[:parent_length]
        if parent != expected:
            raise _bad(file, row, f"上级代码应为“{expected}”，实际为“{parent}”")
        parent_code = parent
    valid_from = _parse_date(valid_from_text, "valid_from", file, row)
    valid_to = _parse_date(valid_to_text, "valid_to", file, row)
    if valid_from is not None and valid_to is not None and valid_from >= valid_to:
        raise _bad(file, row, "valid_from 应早于 valid_to")
    return Region(code, name, level, parent_code, valid_from, valid_to)


def _read_file(path: Path) -> Iterator[_Located]:
    file = str(path)
    # utf-8-sig: files saved from Excel/WPS start with a BOM, which must not end up in the first header cell.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(c.strip() for c in header) != HEADER:
            raise _bad(file, 1, f"表头应为 {','.join(HEADER)}")
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines are harmless; people edit these files by hand
            # line_num is the physical line just read, i.e. what an editor shows (header = line 1).
            yield _Located(_parse_row(cells, file, reader.line_num), file, reader.line_num)


def _csv_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.csv"))  # sorted: the merged order must not depend on the filesystem
    return [path]


def load_regions(path: Path | None = None) -> list[Region]:
    """Read and validate one CSV file, or every `*.csv` in a directory (default: the repo's resources/regions).

    Raises InputError("regions.bad_row", file=, row=, reason=) on the first bad row; I/O errors propagate.
    """
    located: dict[str, _Located] = {}
    for csv_path in _csv_files(path if path is not None else DEFAULT_DIR):
        for item in _read_file(csv_path):
            first = located.get(item.region.code)
            if first is not None:
                raise _bad(item.file, item.row, f"代码{item.region.code}重复（已见于{first.file}第{first.row}行）")
            located[item.region.code] = item
    # Parents are checked only after all files are read, so a province may be split over several files.
    for item in located.values():
        parent = item.region.parent_code
        if parent is not None and parent not in located:
            raise _bad(item.file, item.row, f"上级代码{parent}不存在")
    return [item.region for item in located.values()]


def area_code_status(code6: str, regions: Iterable[Region]) -> AreaStatus:
    """How the 6-digit address code of an ID number relates to the loaded regions.

    - "county": an exact county-level code, historic ones included (IDs keep the code they were issued with);
    - "city": `xxxx00` or `xxxx01` (city itself / its 市辖区) of a loaded city, as found on some older IDs;
    - "uncovered": a real province whose counties are not loaded, so we cannot judge (e.g. a migrant from 广东);
    - "unknown": anything else, i.e. a bad province, or a code missing from a province we do cover.
    """
    if len(code6) != 6 or not (code6.isascii() and code6.isdigit()):
        return "unknown"
    codes: set[str] = set()
    covered_provinces: set[str] = set()
    for region in regions:
        codes.add(region.code)
        if region.level == "county":
            covered_provinces.add(region.code[:2])
    if code6 in codes:
        return "county"
    if code6[:4] in codes and code6[4:] in ("00", "01"):
        return "city"
    if code6[:2] in PROVINCE_CODES and code6[:2] not in covered_provinces:
        return "uncovered"
    return "unknown"


def area_code_known(code6: str, regions: Iterable[Region]) -> bool:
    """True unless `area_code_status` is "unknown". It is meant for a warning only, never a rejection.

    Provinces without loaded counties count as known: flagging every migrant's ID would bury real typos.
    """
    return area_code_status(code6, regions) != "unknown"
