"""The pull fetches the next page while it lands the current one; the cursor still moves only with
the data: every cursor is asked for once, and a page that fails to land or to arrive leaves the
store exactly at the pages before it, from where the next sync carries on (nothing lost or doubled)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, count, township_checksums
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync import engine as sync_engine
from zongzhi_desktop.sync import state
from zongzhi_desktop.sync.engine import SyncResult, pull_all, sync_now, transport_for

PAGE = 3
PEOPLE = 11


class Pulls:
    """The real transport; notes each /pull cursor and the page's next cursor, and can fail the n-th /pull."""

    def __init__(self, inner: Any, fail_at: int | None = None) -> None:
        self.inner, self.fail_at = inner, fail_at
        self.asked: list[int] = []
        self.answered: list[int] = []
        self.pages: list[Any] = []

    def get(self, path: str, model: Any, params: dict | None = None) -> Any:
        if path == "/pull":
            self.asked.append(int((params or {})["cursor"]))
            if len(self.asked) == self.fail_at:
                raise SyncError("sync.unreachable", url="test", reason="cut")
            page = self.inner.get(path, model, params)
            self.answered.append(page.next_cursor)
            self.pages.append(page)
            return page
        return self.inner.get(path, model, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_engine, "PULL_PAGE", PAGE)


@pytest.fixture
def pcs(county: CountyServer, township: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A PC that registered PEOPLE residents (one local transaction each) and synced, and a new PC not yet pulled."""
    first = join_new_pc(county, township, tmp_path / "a")
    for i in range(PEOPLE):
        add_resident(first, f"预取{i}", phone=f"1390000{i:04d}")
    sync_now(first)
    second = join_new_pc(county, township, tmp_path / "b")
    yield first, second
    second.close()
    first.close()


def _cursor(store: Store) -> int:
    with store.engine.connect() as conn:
        return state.load(conn).pull_cursor


def _residents(store: Store) -> int:
    return count(store, "SELECT count(*) FROM residents")


def _pull(store: Store, pulls: Pulls) -> SyncResult:
    result = SyncResult()
    try:
        pull_all(store, pulls, result)  # type: ignore[arg-type]
    finally:
        pulls.inner.close()
    return result


def test_each_cursor_is_asked_for_once_and_every_page_lands(small_pages: None, pcs: tuple[Store, Store]) -> None:
    first, second = pcs
    pulls = Pulls(transport_for(second))
    result = _pull(second, pulls)
    assert len(pulls.asked) >= PEOPLE // PAGE + 1
    assert pulls.asked == [0] + pulls.answered[:-1]  # each page asked from where the one before ends
    assert pulls.asked == sorted(set(pulls.asked))
    assert _cursor(second) == pulls.answered[-1] and result.pulled >= PEOPLE
    assert township_checksums(second) == township_checksums(first)


def test_a_page_that_fails_to_land_keeps_the_pages_before_it(small_pages: None, pcs: tuple[Store, Store],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = pcs
    real, calls = sync_engine.apply_page, []

    def fails_second(conn: Any, changes: list) -> Any:
        calls.append(len(changes))
        if len(calls) == 2:
            conn.execute(text("DELETE FROM residents"))  # half-done work that must roll back with the page
            raise OSError("disk trouble")
        return real(conn, changes)

    monkeypatch.setattr(sync_engine, "apply_page", fails_second)
    pulls = Pulls(transport_for(second))
    with pytest.raises(OSError):
        _pull(second, pulls)
    assert _cursor(second) == pulls.answered[0]  # the first page's end, with the first page's rows
    assert _residents(second) == len({c.row_id for c in pulls.pages[0].changes if c.tbl == "residents"}) > 0
    monkeypatch.setattr(sync_engine, "apply_page", real)
    sync_now(second)
    assert township_checksums(second) == township_checksums(first)
    assert count(second, "SELECT count(DISTINCT id) FROM residents") == _residents(second) == _residents(first)


def test_a_page_that_fails_to_arrive_keeps_what_landed(small_pages: None, pcs: tuple[Store, Store]) -> None:
    first, second = pcs
    pulls = Pulls(transport_for(second), fail_at=3)
    with pytest.raises(SyncError):
        _pull(second, pulls)
    assert pulls.asked == [0, pulls.answered[0], pulls.answered[1]]
    assert _cursor(second) == pulls.answered[1]  # two pages landed, the third never came
    assert _residents(second) == len({c.row_id for p in pulls.pages for c in p.changes if c.tbl == "residents"})
    assert 0 < _residents(second) < _residents(first)
    sync_now(second)
    assert township_checksums(second) == township_checksums(first)
    assert count(second, "SELECT count(DISTINCT id) FROM residents") == _residents(second) == _residents(first)


def test_the_collector_waits_while_pages_are_fetched_and_lands_after(small_pages: None, pcs: tuple[Store, Store],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = pcs
    pulls, collecting = Pulls(transport_for(second)), []
    real_get = pulls.get

    def get(path: str, model: Any, params: dict | None = None) -> Any:
        collecting.append(gc.isenabled())  # on the fetching thread too: it makes as many objects
        return real_get(path, model, params)

    monkeypatch.setattr(pulls, "get", get)
    _pull(second, pulls)
    assert len(collecting) > 1 and not any(collecting)
    assert gc.isenabled()
    assert township_checksums(second) == township_checksums(first)
