"""Working-day calendar (holidays and 调休 from the county's table) and per-step time limits for deadlines."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

from zongzhi_desktop.errors import InputError, NotFound

_RESOURCES: Path = Path(__file__).resolve().parents[3] / "resources"
DEFAULT_HOLIDAYS: Path = _RESOURCES / "holidays" / "holidays.csv"
DEFAULT_TIME_LIMITS: Path = _RESOURCES / "codes" / "time_limits.csv"

HOLIDAY = "holiday"  # a day off, including weekend days inside a holiday block
WORKDAY = "workday"  # 调休上班日: a weekend day worked in lieu
KINDS: tuple[str, ...] = (HOLIDAY, WORKDAY)
UNITS: tuple[str, ...] = ("working", "calendar")
ANY_CATEGORY = "*"

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """The county's holiday table. Days it does not list are working days from Monday to Friday.

    A year with no row at all is "uncovered": it is counted with weekends only, which is right for
    ordinary weeks but misses that year's holidays, so callers should warn (`workdays.uncovered`).
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    names: Mapping[date, str] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[date, str, str]]) -> Calendar:
        """Build from (date, kind, name) rows. Raises InputError("workdays.bad_row") on a bad kind or a repeat."""
        return _build((row, "节假日数据", n) for n, row in enumerate(rows, start=1))

    @property
    def years(self) -> frozenset[int]:
        return frozenset(d.year for d in self.holidays | self.workdays)

    def covers(self, year: int) -> bool:
        return year in self.years

    def uncovered_years(self, start: date, end: date) -> tuple[int, ...]:
        """Years between the two dates (either order, inclusive) that the table has no rows for."""
        low, high = sorted((start.year, end.year))
        known = self.years
        return tuple(y for y in range(low, high + 1) if y not in known)

    def name(self, d: date) -> str | None:
        """The holiday a listed day belongs to (for a 调休上班日, the holiday it pays for)."""
        return self.names.get(d)

    def is_working_day(self, d: date) -> bool:
        if d in self.holidays:
            return False
        if d in self.workdays:
            return True
        return d.weekday() < 5

    def next_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted): the end of "within n 工作日".

        n = 0 gives `start` unchanged, even on a holiday: nothing has been counted yet.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        d = start
        while n:
            d += _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b`; negative when b < a.

        The inverse of add_working_days: working_days_between(a, add_working_days(a, n)) == n.
        """
        if b < a:
            return -self.working_days_between(b, a)
        # A day-by-day walk: spans are weeks or months, and the holiday table makes closed forms fiddly.
        count, d = 0, a
        while d < b:
            d += _ONE_DAY
            count += self.is_working_day(d)
        return count

    def add_days(self, start: date, n: int, unit: str) -> date:
        """The deadline `n` days after `start`, in working or calendar days.

        Calendar days follow the usual rule for periods (as in 民事诉讼法: 期间届满的最后一日是法定休假日的，
        以法定休假日后的第一日为期间届满的日期): a deadline landing on a holiday or an ordinary weekend day
        moves to the next working day; a 调休上班日 is a working day, so it stays.
        """
        if unit == "working":
            return self.add_working_days(start, n)
        if unit == "calendar":
            if n < 0:
                raise ValueError(f"n must be >= 0, got {n}")
            return self.next_working_day(start + timedelta(days=n))
        raise ValueError(f"unknown unit {unit!r}; expected one of {UNITS}")


def _bad(file: str, row: int, reason: str) -> InputError:
    return InputError("workdays.bad_row", file=file, row=row, reason=reason)


def _build(rows: Iterable[tuple[tuple[date, str, str], str, int]]) -> Calendar:
    holidays: set[date] = set()
    workdays: set[date] = set()
    names: dict[date, str] = {}
    for (day, kind, name), file, row in rows:
        if kind not in KINDS:
            raise _bad(file, row, f"类型“{kind}”无效，应为 holiday（放假）或 workday（调休上班）")
        if day in names:
            raise _bad(file, row, f"日期 {day.isoformat()} 重复")
        (holidays if kind == HOLIDAY else workdays).add(day)
        names[day] = name
    return Calendar(frozenset(holidays), frozenset(workdays), MappingProxyType(names))


def _read_csv(path: Path, header: tuple[str, ...]) -> Iterable[tuple[dict[str, str], int]]:
    # utf-8-sig: a file saved from Excel/WPS starts with a BOM that must not stick to the first header cell.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(c.strip() for c in reader.fieldnames or ()) != header:
            raise _bad(str(path), 1, f"表头应为 {','.join(header)}")
        for rec in reader:
            if not any((v or "").strip() for v in rec.values()):
                continue  # blank lines are harmless in hand-edited files
            # line_num is the physical line just read, as an editor shows it (header = line 1).
            yield {k.strip(): (v or "").strip() for k, v in rec.items()}, reader.line_num


def load_calendar(path: Path | None = None) -> Calendar:
    """Read `id,kind,name` rows (default: the shipped resources/holidays/holidays.csv)."""
    path = path if path is not None else DEFAULT_HOLIDAYS
    file = str(path)

    def rows() -> Iterable[tuple[tuple[date, str, str], str, int]]:
        for rec, line in _read_csv(path, ("id", "kind", "name")):
            try:
                day = date.fromisoformat(rec["id"])
            except ValueError:
                raise _bad(file, line, f"日期“{rec['id']}”无效，应为 YYYY-MM-DD") from None
            yield (day, rec["kind"], rec["name"]), file, line

    return _build(rows())


@dataclass(frozen=True)
class TimeLimit:
    """How long a step may take: `days` working or calendar days; category `*` is the default."""

    step: str
    category: str
    days: int
    unit: str
    note: str = field(default="", compare=False)


def limit_for(limits: Iterable[TimeLimit], step: str, category_code: str | None) -> TimeLimit:
    """The limit for `step`: the exact category first, then its level-1 parent (first two characters), then `*`.

    Raises NotFound("workdays.no_limit") if not even a `*` row exists for the step.
    """
    by_category = {lim.category: lim for lim in limits if lim.step == step}
    code = category_code or ""
    for candidate in (code, code[:2], ANY_CATEGORY):
        if candidate and candidate in by_category:
            return by_category[candidate]
    raise NotFound("workdays.no_limit", step=step, category=category_code or ANY_CATEGORY)


def load_time_limits(path: Path | None = None) -> list[TimeLimit]:
    """Read `id,step,category,days,unit,note` rows (default: resources/codes/time_limits.csv).

    `id` must be `step:category`, the key the county's table is synced by.
    """
    path = path if path is not None else DEFAULT_TIME_LIMITS
    file = str(path)
    seen: dict[str, int] = {}
    limits: list[TimeLimit] = []
    for rec, line in _read_csv(path, ("id", "step", "category", "days", "unit", "note")):
        step, category = rec["step"], rec["category"]
        if not step or not category:
            raise _bad(file, line, "step 和 category 不能为空（默认类别写 *）")
        key = f"{step}:{category}"
        if rec["id"] != key:
            raise _bad(file, line, f"id 应为“{key}”，实际为“{rec['id']}”")
        if key in seen:
            raise _bad(file, line, f"{key} 重复（已见于第{seen[key]}行）")
        if not rec["days"].isdigit():
            raise _bad(file, line, f"天数“{rec['days']}”应为非负整数")
        if rec["unit"] not in UNITS:
            raise _bad(file, line, f"单位“{rec['unit']}”无效，应为 working（工作日）或 calendar（自然日）")
        seen[key] = line
        limits.append(TimeLimit(step, category, int(rec["days"]), rec["unit"], rec["note"]))
    return limits
