"""Working-day arithmetic over the shipped 2025/2026 holidays and 调休, the uncovered-year fallback, time limits."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.domain.workdays import (
    DEFAULT_HOLIDAYS,
    Calendar,
    TimeLimit,
    limit_for,
    load_calendar,
    load_time_limits,
)
from zongzhi_desktop.errors import InputError, NotFound

D = date.fromisoformat
TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_holidays_csv.py"


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return load_calendar()


def _span(first: str, last: str) -> list[date]:
    start, end = D(first), D(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# --- the shipped table ----------------------------------------------------------------------------


def test_shipped_csv_is_what_the_generator_makes_from_the_installed_library() -> None:
    spec = importlib.util.spec_from_file_location("make_holidays_csv", TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)  # imports chinese_calendar: the library must be installed for tests
    assert DEFAULT_HOLIDAYS.read_text(encoding="utf-8") == tool.render(), "run tools/make_holidays_csv.py"


def test_shipped_table_covers_2004_to_2026(cal: Calendar) -> None:
    assert all(cal.covers(y) for y in range(2004, 2027))
    assert not cal.covers(2003) and not cal.covers(2027)


@pytest.mark.parametrize(
    ("holiday", "worked", "name"),
    [
        (("2025-01-28", "2025-02-04"), ("2025-01-26", "2025-02-08"), "春节"),
        (("2025-10-01", "2025-10-08"), ("2025-09-28", "2025-10-11"), "国庆节"),
        # 2026 as in chinesecalendar 1.11.0 (国务院办公厅 notice for 2026): 春节 2-15 (Sun) to 2-23 (Mon),
        # worked Sat 2-14 and Sat 2-28; 国庆节 10-01 to 10-07, worked Sun 9-20 and Sat 10-10.
        (("2026-02-15", "2026-02-23"), ("2026-02-14", "2026-02-28"), "春节"),
        (("2026-10-01", "2026-10-07"), ("2026-09-20", "2026-10-10"), "国庆节"),
    ],
)
def test_holiday_blocks_and_worked_weekend_days(
    cal: Calendar, holiday: tuple[str, str], worked: tuple[str, str], name: str
) -> None:
    block = _span(*holiday)
    assert not any(cal.is_working_day(d) for d in block)
    assert cal.is_working_day(block[0] - timedelta(days=1))
    assert cal.is_working_day(block[-1] + timedelta(days=1))
    for day in map(D, worked):
        assert day.weekday() >= 5 and cal.is_working_day(day)
        assert cal.name(day) == name  # a 调休上班日 names the holiday it pays for


def test_2025_national_day_block_includes_mid_autumn(cal: Calendar) -> None:
    assert cal.name(D("2025-10-06")) == "中秋节"
    assert [cal.name(d) for d in _span("2026-09-25", "2026-09-27")] == ["中秋节"] * 3


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2025-01-27", 1, "2025-02-05"),  # Mon before 春节 -> first day back
        ("2025-01-24", 1, "2025-01-26"),  # Fri -> the worked Sunday
        ("2025-01-24", 3, "2025-02-05"),
        ("2025-02-05", 3, "2025-02-08"),  # the worked Saturday counts
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-30", 3, "2025-10-11"),
        ("2026-02-13", 1, "2026-02-14"),  # Fri -> the worked Saturday
        ("2026-02-14", 1, "2026-02-24"),  # across the nine-day 春节 block
        ("2026-02-24", 4, "2026-02-28"),
        ("2026-09-24", 1, "2026-09-28"),  # across 中秋 (Fri-Sun)
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-10-08", 2, "2026-10-10"),
        ("2026-02-17", 0, "2026-02-17"),  # n = 0: nothing counted yet
    ],
)
def test_add_working_days(cal: Calendar, start: str, n: int, due: str) -> None:
    assert cal.add_working_days(D(start), n) == D(due)
    assert cal.add_days(D(start), n, "working") == D(due)
    assert cal.working_days_between(D(start), D(due)) == n


@pytest.mark.parametrize(
    ("a", "b", "count"),
    [
        ("2025-01-24", "2025-02-07", 5),  # 1-26 (Sun, worked), 1-27, 2-05, 2-06, 2-07
        ("2025-01-27", "2025-02-04", 0),  # the whole holiday
        ("2025-09-26", "2025-10-12", 6),  # 9-28, 9-29, 9-30, 10-09, 10-10, 10-11
        ("2026-09-18", "2026-10-11", 11),
        ("2026-02-13", "2026-02-13", 0),
    ],
)
def test_working_days_between(cal: Calendar, a: str, b: str, count: int) -> None:
    assert cal.working_days_between(D(a), D(b)) == count
    assert cal.working_days_between(D(b), D(a)) == -count


@given(start=st.dates(date(2024, 1, 1), date(2027, 12, 31)), n=st.integers(0, 60))
def test_add_and_between_are_inverse(start: date, n: int) -> None:
    cal = load_calendar()
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due) == n
    assert n == 0 or cal.is_working_day(due)


def test_negative_counts_are_a_caller_bug(cal: Calendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(D("2025-01-01"), -1)
    with pytest.raises(ValueError):
        cal.add_days(D("2025-01-01"), 1, "fortnights")


# --- calendar-day limits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2025-09-01", "2025-10-09"),  # day 30 is 10-01, inside 国庆: first working day after it
        ("2026-01-16", "2026-02-24"),  # day 30 is 2-15, inside 春节
        ("2025-01-09", "2025-02-08"),  # day 30 is a worked Saturday: stays
        ("2025-01-30", "2025-03-03"),  # day 30 is an ordinary Saturday
        ("2025-03-03", "2025-04-02"),  # an ordinary Wednesday
    ],
)
def test_calendar_day_deadline_moves_off_non_working_days(cal: Calendar, start: str, due: str) -> None:
    assert cal.add_days(D(start), 30, "calendar") == D(due)


# --- the fallback beyond the table ------------------------------------------------------------------


def test_uncovered_year_counts_weekends_only(cal: Calendar) -> None:
    # 2027-01-01 will be 元旦, but the table does not know 2027 yet: a Friday counts as a working day.
    assert cal.add_working_days(D("2026-12-31"), 1) == D("2027-01-01")
    assert cal.add_working_days(D("2027-02-05"), 1) == D("2027-02-08")  # Fri -> Mon, whatever 春节 does
    assert not cal.is_working_day(D("2027-02-06"))  # Saturday
    assert cal.working_days_between(D("2027-01-01"), D("2027-01-15")) == 10
    assert cal.uncovered_years(D("2026-12-31"), D("2027-01-04")) == (2027,)
    assert cal.uncovered_years(D("2028-03-01"), D("2026-01-01")) == (2027, 2028)
    assert cal.uncovered_years(D("2025-01-01"), D("2026-12-31")) == ()


def test_uncovered_warning_text() -> None:
    assert "2027年的节假日表尚未下发" in render("workdays.uncovered", years="2027")


def test_empty_calendar_is_weekends_only() -> None:
    empty = Calendar()
    assert empty.add_working_days(D("2025-09-30"), 1) == D("2025-10-01")
    assert empty.uncovered_years(D("2025-01-01"), D("2025-12-31")) == (2025,)


# --- building and loading -----------------------------------------------------------------------------


def test_from_rows() -> None:
    cal = Calendar.from_rows([(D("2030-01-01"), "holiday", "元旦"), (D("2030-01-05"), "workday", "元旦")])
    assert cal.covers(2030) and not cal.is_working_day(D("2030-01-01")) and cal.is_working_day(D("2030-01-05"))
    with pytest.raises(InputError) as bad:
        Calendar.from_rows([(D("2030-01-01"), "holiday", "元旦"), (D("2030-01-01"), "workday", "元旦")])
    assert bad.value.code == "workdays.bad_row" and bad.value.params["row"] == 2


@pytest.mark.parametrize(
    ("body", "row", "words"),
    [
        ("id,kind,name\n2030-01-01,holiday,元旦\n2030-01-02,rest,元旦\n", 3, "类型"),
        ("id,kind,name\n2030-13-01,holiday,元旦\n", 2, "日期"),
        ("id,kind,name\n2030-01-01,holiday,元旦\n\n2030-01-01,holiday,元旦\n", 4, "重复"),
        ("date,kind,name\n", 1, "表头"),
    ],
)
def test_load_calendar_reports_the_bad_line(tmp_path: Path, body: str, row: int, words: str) -> None:
    path = tmp_path / "holidays.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as bad:
        load_calendar(path)
    assert bad.value.code == "workdays.bad_row" and bad.value.params["row"] == row
    assert words in str(bad.value)


# --- time limits ------------------------------------------------------------------------------------


def test_shipped_time_limits_match_the_defaults() -> None:
    limits = {(lim.step, lim.category): (lim.days, lim.unit) for lim in load_time_limits()}
    assert limits == {
        ("accept", "*"): (1, "working"),
        ("checkin", "*"): (1, "working"),
        ("resolve", "*"): (30, "calendar"),
        ("verify", "*"): (10, "working"),
        ("extension", "*"): (30, "calendar"),
        ("yellow_accept", "*"): (1, "working"),
        ("red_accept", "*"): (2, "working"),
        ("yellow_resolve", "*"): (5, "working"),
        ("red_resolve", "*"): (10, "working"),
    }
    assert all(lim.note for lim in load_time_limits())


def test_limit_for_prefers_exact_then_level_one_then_default() -> None:
    limits = [
        TimeLimit("accept", "*", 1, "working"),
        TimeLimit("accept", "01", 2, "working"),
        TimeLimit("accept", "0102", 3, "working"),
        TimeLimit("resolve", "*", 30, "calendar"),
    ]
    assert limit_for(limits, "accept", "0102").days == 3
    assert limit_for(limits, "accept", "0103").days == 2  # falls back to its parent 01
    assert limit_for(limits, "accept", "01").days == 2
    assert limit_for(limits, "accept", "02").days == 1
    assert limit_for(limits, "accept", None).days == 1
    assert limit_for(limits, "resolve", "0102") == TimeLimit("resolve", "*", 30, "calendar")
    with pytest.raises(NotFound) as missing:
        limit_for(limits, "verify", "0102")
    assert missing.value.code == "workdays.no_limit"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("accept:*,accept,*,1,weeks,x", "单位"),
        ("accept:01,accept,*,1,working,x", "id 应为"),
        ("accept:*,accept,*,-1,working,x", "天数"),
    ],
)
def test_load_time_limits_reports_the_bad_line(tmp_path: Path, line: str, words: str) -> None:
    path = tmp_path / "time_limits.csv"
    path.write_text("id,step,category,days,unit,note\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as bad:
        load_time_limits(path)
    assert bad.value.params["row"] == 2 and words in bad.value.params["reason"]
