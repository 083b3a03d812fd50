"""Shapes shared by service results: pages for keyset paging."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One keyset page; pass `next_after` back to get the following page (None: no more)."""

    rows: tuple[T, ...]
    next_after: tuple[str, ...] | None
