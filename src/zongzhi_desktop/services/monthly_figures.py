"""The monthly report's result shapes: counts per row and period, list rows, saved revisions.

Plain frozen dataclasses shared by the report service, the Excel writer and the 报表 page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from zongzhi_desktop.errors import InputError

BUCKETS = ("50人以下", "50至100人", "100人至500人", "500人以上")
NO_GRID = "未划分网格"
CORRECTION = "更正"  # the mark of a revision saved after the month was submitted
_FIELDS = ("carried", "new", "major", "accepted", "mediated", "success", "still_open", "overdue",
           "b1", "b2", "b3", "b4", "amount")


@dataclass(frozen=True)
class Counts:
    """The figures of one row for one period; `by_type` follows MonthlyFigures.mediation_types."""

    carried: int = 0
    new: int = 0
    major: int = 0
    accepted: int = 0
    mediated: int = 0
    success: int = 0
    still_open: int = 0
    overdue: int = 0
    by_type: tuple[int, ...] = ()
    people: tuple[int, int, int, int] = (0, 0, 0, 0)
    amount_cents: int = 0

    @property
    def success_rate(self) -> float:
        return round(self.success / self.mediated * 100, 2) if self.mediated else 0.0

    @property
    def amount_yuan(self) -> float:
        return self.amount_cents / 100

    def __add__(self, other: Counts) -> Counts:
        width = max(len(self.by_type), len(other.by_type))
        pad = lambda t: tuple(t) + (0,) * (width - len(t))  # noqa: E731
        return Counts(
            *(getattr(self, f) + getattr(other, f) for f in _FIELDS[:8]),
            by_type=tuple(a + b for a, b in zip(pad(self.by_type), pad(other.by_type))),
            people=tuple(a + b for a, b in zip(self.people, other.people)),  # type: ignore[arg-type]
            amount_cents=self.amount_cents + other.amount_cents,
        )


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    month: Counts
    ytd: Counts
    parent: str = ""  # the village of a grid row


@dataclass(frozen=True)
class DepartmentRow:
    name: str
    received: int
    routed: int
    checked_in_on_time: int
    resolved: int
    failed: int
    overdue: int
    avg_days_to_close: float | None
    satisfaction: float | None

    @property
    def success_rate(self) -> float:
        decided = self.resolved + self.failed
        return round(self.resolved / decided * 100, 2) if decided else 0.0


@dataclass(frozen=True)
class LedgerRow:
    case_no: str
    registered_on: str
    title: str
    category: str
    village: str
    grid: str
    parties: str  # "申请人 张三（3607**********004X）；…", masked unless full numbers were asked for
    people_involved: int
    amount_yuan: float | None
    is_major: bool
    mediation_type: str
    status: str
    outcome: str
    closed_on: str
    resolve_due: str
    overdue: bool


@dataclass(frozen=True)
class FlaggedRow:
    """A major (重大) or overdue (超期) case of the month."""

    case_no: str
    registered_on: str
    title: str
    category: str
    grid: str
    is_major: bool
    status: str
    resolve_due: str
    overdue_days: int  # 0 when not overdue
    supervision: str


@dataclass(frozen=True)
class KeyPopulationRow:
    type_name: str
    village: str
    active: int  # under management at the month end
    new: int
    removed: int
    visits: int


@dataclass(frozen=True)
class MonthlyFigures:
    month: str
    township: str
    start: date
    end: date
    as_of: date
    mediation_types: tuple[str, ...]  # names, last 未注明
    categories: tuple[Row, ...]
    villages: tuple[Row, ...]
    grids: tuple[Row, ...]
    total: Row
    report_a: tuple[tuple[str, int, int], ...]  # 综治 list A: (name, 排查数, 调处数), month
    departments: tuple[DepartmentRow, ...]
    ledger: tuple[LedgerRow, ...]
    flagged: tuple[FlaggedRow, ...]
    key_populations: tuple[KeyPopulationRow, ...]
    screenings: int
    screenings_found: int
    full_ids: bool = False
    generated_at: str = field(default_factory=lambda: datetime.now().isoformat(sep=" ", timespec="seconds"))

    def summary(self) -> dict[str, Any]:
        """What a report record keeps and sends: the figures, no personal data."""
        keep = ("month", "township", "mediation_types", "categories", "villages", "grids", "total", "report_a",
                "departments", "key_populations", "screenings", "screenings_found", "generated_at")
        out = {k: asdict(self)[k] if k in ("categories", "villages", "grids", "total", "departments", "key_populations")
               else getattr(self, k) for k in keep}
        out.update(ledger_count=len(self.ledger), flagged_count=len(self.flagged))
        return out


@dataclass(frozen=True)
class ReportRecord:
    id: str
    month: str
    revision: int
    status: str  # draft | submitted
    file_sha256: str | None
    submitted_at: datetime | None
    submitted_by: str | None
    note: str | None


def parse_month(value: str) -> tuple[date, date]:
    try:
        start = datetime.strptime(value.strip(), "%Y-%m").date()
    except (AttributeError, ValueError):
        raise InputError("reports.bad_month", value=value) from None
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return start, end
