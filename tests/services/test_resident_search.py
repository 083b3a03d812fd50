"""Search: name, full pinyin, initials (every surname reading), ID and phone fragments, keyset pages,
always inside the grid worker's scope."""

from __future__ import annotations

import pytest

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.resident_search import ResidentSearch, classify, normalize_query
from zongzhi_desktop.services.residents import ResidentInput, ResidentService
from test_residents import ADMIN, make_grids

PEOPLE = [
    ("张三", "360102199001010018", "13800000001"),
    ("张三丰", "36020319850515002X", "13800000002"),
    ("单雄信", "360502197808080036", "13900000003"),
    ("曾国藩", "36070219951231004X", "13900000004"),
    ("解缙", "360902196002290058", "0797-8123456"),
    ("欧阳修", "361102198811110068", None),
    ("区小明", "361121200001010072", None),
]


@pytest.fixture
def people(store: Store) -> dict[str, str]:
    grid_a, grid_b, _ = make_grids(store)
    svc = ResidentService(store)
    ids = {}
    for n, (name, number, phone) in enumerate(PEOPLE):
        grid = grid_a if n % 2 == 0 else grid_b
        ids[name] = svc.register(ADMIN, ResidentInput(name=name, id_number=number, phone=phone, grid_id=grid)).id
    return ids


def _names(store: Store, query: str, actor: Actor = ADMIN) -> list[str]:
    return [r.name for r in ResidentSearch(store).search(actor, query).rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张三", ["张三", "张三丰"]),
        ("zs", ["张三", "张三丰"]),
        ("zsf", ["张三丰"]),
        ("ZhangSan", ["张三", "张三丰"]),
        ("shanxiongxin", ["单雄信"]),
        ("sxx", ["单雄信"]),
        ("dxx", ["单雄信"]),
        ("zengguofan", ["曾国藩"]),
        ("xiejin", ["解缙"]),
        ("jiejin", ["解缙"]),
        ("oyx", ["欧阳修"]),
        ("ouxiaoming", ["区小明"]),
        ("004x", ["曾国藩"]),
        ("004X", ["曾国藩"]),
        ("３６０１０２", ["张三"]),
        ("1380000000", ["张三", "张三丰"]),
        ("0003", ["单雄信"]),
        ("8123456", ["解缙"]),
    ],
)
def test_search_finds_by_every_key(store: Store, people: dict[str, str], query: str, expected: list[str]) -> None:
    assert _names(store, query) == expected


def test_nothing_searchable_returns_nothing(store: Store, people: dict[str, str]) -> None:
    assert _names(store, "") == [] and _names(store, "  ") == [] and _names(store, "12") == []
    assert classify(normalize_query("ｚｓ")) == "pinyin"


def test_removed_people_are_not_found(store: Store, people: dict[str, str]) -> None:
    ResidentService(store).remove(ADMIN, people["张三"], reason="迁出")
    assert _names(store, "zs") == ["张三丰"]


def test_a_renamed_person_is_found_by_the_new_name_only(store: Store, people: dict[str, str]) -> None:
    ResidentService(store).update(ADMIN, people["解缙"], name="谢进")
    assert _names(store, "jiejin") == [] and _names(store, "xj") == ["谢进"]


def test_grid_worker_search_is_limited_to_their_grids(store: Store, people: dict[str, str]) -> None:
    worker = _worker_id(store)
    gw = Actor("gw", "grid_worker", worker_id=worker)
    assert _names(store, "zs", gw) == ["张三"]  # 张三丰 lives in the other grid
    assert _names(store, "1390000000", gw) == ["单雄信"]
    assert ResidentSearch(store).count(gw) == 4 and ResidentSearch(store).count(ADMIN) == 7
    assert _names(store, "zs", Actor("nobody", "grid_worker")) == []


def test_keyset_pages_walk_the_whole_result_once(store: Store, people: dict[str, str]) -> None:
    search = ResidentSearch(store)
    seen, after = [], None
    while True:
        page = search.list_page(ADMIN, limit=3, after=after)
        seen += [r.name for r in page.rows]
        if page.next_after is None:
            break
        after = page.next_after
    assert sorted(seen) == sorted(p[0] for p in PEOPLE) and len(seen) == len(set(seen))


def _worker_id(store: Store) -> str:
    from sqlalchemy import text

    with store.read() as s:
        return s.execute(text("SELECT id FROM grid_workers")).scalar_one()


def test_pinyin_pages_walk_initials_then_full_pinyin_without_repeats(store: Store) -> None:
    grid, _, _ = make_grids(store)
    svc = ResidentService(store)
    names = ["张华", "张辉", "朱红", "赵海", "郑浩", "周慧", "张国华", "张华英"]
    numbers = ["360102199001010018", "36020319850515002X", "360502197808080036", "36070219951231004X",
               "360902196002290058", "361102198811110068", "361121200001010072", "440524188001010014"]
    for name, number in zip(names, numbers):
        svc.register(ADMIN, ResidentInput(name=name, id_number=number, grid_id=grid))
    search = ResidentSearch(store)
    for query in ("z", "zh", "zhang"):
        seen, after = [], None
        while True:
            page = search.search(ADMIN, query, limit=2, after=after)
            seen += [r.name for r in page.rows]
            if page.next_after is None:
                break
            after = page.next_after
        expected = {n for n in names if n.startswith("张")} if query == "zhang" else set(names)
        assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen)), query
