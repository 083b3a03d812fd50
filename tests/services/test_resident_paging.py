"""The windowed register list's queries: every id in display order (filters, search and sort in SQL),
rows by id in the order asked, pick-lists for the form — always inside the actor's scope."""

from __future__ import annotations

from datetime import date

import pytest

from zongzhi_desktop.errors import PermissionDenied
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.households import HouseholdService
from zongzhi_desktop.services.resident_search import MAX_ROWS_BY_IDS, ResidentSearch
from zongzhi_desktop.services.residents import ResidentInput, ResidentService
from test_residents import ADMIN, make_grids

PEOPLE = [  # name, ID number, phone, registration type
    ("张三", "360102199001010018", "13800000001", "huji"),
    ("陈丽", "36020319850515002X", "13800000002", "floating"),
    ("丁一", "360502197808080036", None, "huji"),
    ("安娜", "36070219951231004X", "13900000004", "huji"),
    ("白雪", "360902196002290058", None, "floating"),
]


@pytest.fixture
def setup(store: Store) -> dict[str, str]:
    grid_a, grid_b, worker = make_grids(store)
    svc = ResidentService(store)
    ids = {"grid_a": grid_a, "grid_b": grid_b, "worker": worker}
    for n, (name, number, phone, kind) in enumerate(PEOPLE):
        ids[name] = svc.register(ADMIN, ResidentInput(name=name, id_number=number, phone=phone, registration_type=kind,
                                                      grid_id=grid_a if n % 2 == 0 else grid_b)).id
    return ids


def _names(store: Store, ids: tuple[str, ...]) -> list[str]:
    return [r.name for r in ResidentSearch(store).rows_by_ids(ADMIN, ids) if r]


def test_ordered_ids_sort_names_by_pinyin_and_know_the_count(store: Store, setup: dict[str, str]) -> None:
    search = ResidentSearch(store)
    ids = search.ordered_ids(ADMIN)
    assert _names(store, ids) == ["安娜", "白雪", "陈丽", "丁一", "张三"]  # an, bai, chen, ding, zhang
    assert len(ids) == search.count(ADMIN)
    assert _names(store, search.ordered_ids(ADMIN, descending=True)) == ["张三", "丁一", "陈丽", "白雪", "安娜"]


def test_ordered_ids_sort_by_other_columns_in_sql(store: Store, setup: dict[str, str]) -> None:
    search = ResidentSearch(store)
    assert _names(store, search.ordered_ids(ADMIN, sort="birth_date")) == ["白雪", "丁一", "陈丽", "张三", "安娜"]
    by_grid = _names(store, search.ordered_ids(ADMIN, sort="grid"))
    assert set(by_grid[:2]) == {"陈丽", "安娜"}  # 红旗 (hong) grid's name sorts first by code point too
    with pytest.raises(ValueError):
        search.ordered_ids(ADMIN, sort="name; DROP TABLE residents")


def test_ordered_ids_filter_and_search(store: Store, setup: dict[str, str]) -> None:
    search = ResidentSearch(store)
    assert _names(store, search.ordered_ids(ADMIN, grid_id=setup["grid_a"])) == ["白雪", "丁一", "张三"]
    assert _names(store, search.ordered_ids(ADMIN, registration_type="floating")) == ["白雪", "陈丽"]
    assert _names(store, search.ordered_ids(ADMIN, query="zs")) == ["张三"]
    assert _names(store, search.ordered_ids(ADMIN, query="1380000000")) == ["陈丽", "张三"]
    assert _names(store, search.ordered_ids(ADMIN, query="004X", grid_id=setup["grid_b"])) == ["安娜"]
    assert search.ordered_ids(ADMIN, query="13") == ()  # too short a number fragment: nothing, not everything


def test_grid_worker_gets_only_their_grids(store: Store, setup: dict[str, str]) -> None:
    worker = Actor("gw", "grid_worker", worker_id=setup["worker"])
    search = ResidentSearch(store)
    ids = search.ordered_ids(worker)
    assert _names(store, ids) == ["白雪", "丁一", "张三"]  # grid_a only
    assert search.ordered_ids(worker, grid_id=setup["grid_b"]) == ()
    rows = search.rows_by_ids(worker, [setup["张三"], setup["陈丽"]])
    assert rows[0] is not None and rows[0].name == "张三" and rows[1] is None  # 陈丽 lives in grid_b
    assert search.households(worker, setup["grid_b"]) == ()
    assert search.ordered_ids(Actor("nobody", "grid_worker")) == ()  # no worker record: sees nobody


def test_rows_by_ids_keep_the_order_mask_numbers_and_mark_gaps(store: Store, setup: dict[str, str]) -> None:
    search = ResidentSearch(store)
    wanted = [setup["张三"], "no-such-id", setup["安娜"]]
    rows = search.rows_by_ids(ADMIN, wanted)
    assert [r.name if r else None for r in rows] == ["张三", None, "安娜"]
    assert rows[0] is not None and rows[0].id_number == "3601**********0018" and rows[0].phone == "138****0001"
    assert rows[0].sex == "1" and rows[0].birth_date == date(1990, 1, 1) and rows[0].grid_name == "长征一网格"
    ResidentService(store).remove(ADMIN, setup["安娜"], "迁出本县")
    assert search.rows_by_ids(ADMIN, [setup["安娜"]]) == [None]
    assert search.rows_by_ids(ADMIN, []) == []
    with pytest.raises(ValueError):
        search.rows_by_ids(ADMIN, ["x"] * (MAX_ROWS_BY_IDS + 1))


def test_code_choices_carry_key_population_fields(store: Store) -> None:
    choices = ResidentSearch(store).code_choices(ADMIN, ("registration_type", "key_population", "visit_method"))
    assert [c.code for c in choices["registration_type"]][:2] == ["huji", "floating"]
    correction = next(c for c in choices["key_population"] if c.code == "community_correction")
    assert correction.name == "社区矫正人员" and ("accusation", "罪名") in correction.fields
    assert all(c.fields == () for c in choices["visit_method"])


def test_households_of_a_grid(store: Store, setup: dict[str, str]) -> None:
    households = HouseholdService(store)
    first = households.create(ADMIN, grid_id=setup["grid_a"], address="长征村1组1号")
    households.create(ADMIN, grid_id=setup["grid_b"], address="红旗村2组2号")
    found = ResidentSearch(store).households(ADMIN, setup["grid_a"])
    assert [(h.id, h.address) for h in found] == [(first.id, "长征村1组1号")]


def test_reading_needs_permission(store: Store) -> None:
    with pytest.raises(PermissionDenied):
        ResidentSearch(store).ordered_ids(Actor("guest", "guest"))
    with pytest.raises(PermissionDenied):
        ResidentSearch(store).rows_by_ids(Actor("guest", "guest"), ["x"])
