"""Which backups a grandfather-father-son rotation deletes: the newest of each recent day, week and month stay."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def day_of(when: datetime) -> tuple[int, ...]:
    return (when.year, when.month, when.day)


def week_of(when: datetime) -> tuple[int, ...]:
    iso = when.isocalendar()
    return (iso.year, iso.week)


def month_of(when: datetime) -> tuple[int, ...]:
    return (when.year, when.month)


def backups_to_delete(backups: Iterable[tuple[K, datetime]], *, daily: int = DAILY, weekly: int = WEEKLY,
                      monthly: int = MONTHLY) -> set[K]:
    """The keys to delete from `(key, local time)` pairs.

    Each rule walks the periods newest first and keeps the newest backup of each period until it has
    kept its count. A period whose newest backup an earlier rule kept is passed over without counting
    (as borg prune does), so the weekly and monthly rules reach further back than the daily one and
    never more than `daily + weekly + monthly` files stay. The newest backup is always kept.
    """
    ordered = sorted(backups, key=lambda item: item[1], reverse=True)
    keep: set[K] = set()
    rules: tuple[tuple[Callable[[datetime], tuple[int, ...]], int], ...] = (
        (day_of, daily), (week_of, weekly), (month_of, monthly))
    for period_of, count in rules:
        kept, last = 0, None
        for key, when in ordered:
            if kept >= count:
                break
            period = period_of(when)
            if period == last:
                continue
            last = period
            if key not in keep:
                keep.add(key)
                kept += 1
    return {key for key, _ in ordered} - keep
