"""Generate resources/holidays/holidays.csv from the `chinesecalendar` library's constants.

Refreshing when the State Council (国务院办公厅) publishes next year's 放假安排 (usually in
October–December):

    .venv/bin/pip install -U chinesecalendar        # a release with the new year's data
    .venv/bin/python tools/make_holidays_csv.py     # rewrite the CSV
    .venv/bin/python tools/make_holidays_csv.py --check   # exit 1 if the CSV is stale
    .venv/bin/python -m pytest tests/domain/test_workdays.py

Review the diff against the published notice (dates of 放假 and of 调休上班), raise the version pin,
and let the county send the new rows down. `tests/domain/test_workdays.py` fails if the shipped CSV
and the installed library disagree, so the table never drifts silently.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import chinese_calendar
from chinese_calendar import Holiday

OUT: Path = Path(__file__).resolve().parents[1] / "resources" / "holidays" / "holidays.csv"
HEADER: tuple[str, str, str] = ("id", "kind", "name")

# The library abbreviates some festivals (清明, 端午, 中秋); staff read the full names on notices.
_NAMES: dict[str, str] = {
    Holiday.tomb_sweeping_day.name: "清明节",
    Holiday.dragon_boat_festival.name: "端午节",
    Holiday.mid_autumn_festival.name: "中秋节",
}


def _name(english: str) -> str:
    holiday = Holiday(english)  # the constants store the enum's value, not the member
    return _NAMES.get(holiday.name, holiday.chinese)


def holiday_rows() -> list[tuple[str, str, str]]:
    """(ISO date, holiday|workday, Chinese name) for every date the library lists, in date order."""
    rows = [(d.isoformat(), "holiday", _name(v)) for d, v in chinese_calendar.holidays.items()]
    # A 调休上班日 carries the name of the holiday it pays for, so staff can see why they work that Sunday.
    rows += [(d.isoformat(), "workday", _name(v)) for d, v in chinese_calendar.workdays.items()]
    rows.sort()
    return rows


def render() -> str:
    """The CSV text exactly as shipped (UTF-8, LF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(holiday_rows())
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the file differs")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale; run tools/make_holidays_csv.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="")
    years = sorted({row[0][:4] for row in holiday_rows()})
    print(f"wrote {args.out}: {text.count(chr(10)) - 1} rows, {years[0]}–{years[-1]} "
          f"(chinesecalendar {chinese_calendar.__version__})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
