"""Pinyin name keys: surname readings, compound surnames, polyphonic given names, query detection."""

from __future__ import annotations

import pytest

from zongzhi_desktop.domain.pinyin import NameKeys, is_pinyin_query, name_keys, query_to_ascii


def test_plain_name() -> None:
    assert name_keys("张三") == NameKeys(full=("zhangsan",), initials=("zs",))


def test_polyphonic_surname_shan_dan() -> None:
    keys = name_keys("单雄信")
    assert keys.full[0] == "shanxiongxin"  # the surname reading comes first
    assert {"shanxiongxin", "danxiongxin"} <= set(keys.full)
    assert {"sxx", "dxx"} <= set(keys.initials)


def test_zeng_is_read_as_surname() -> None:
    keys = name_keys("曾国藩")
    assert keys.full[0] == "zengguofan"
    assert not any(k.startswith("ceng") for k in keys.full)


def test_xie_and_jie() -> None:
    keys = name_keys("解缙")
    assert keys.full[:2] == ("xiejin", "jiejin")


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("欧阳修", "ouyangxiu", "oyx"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("诸葛亮", "zhugeliang", "zgl"),
    ],
)
def test_compound_surnames(name: str, full: str, initials: str) -> None:
    keys = name_keys(name)
    assert keys.full[0] == full
    assert keys.initials[0] == initials


@pytest.mark.parametrize(
    ("name", "first"),
    [("仇英", "qiu"), ("区寄", "ou"), ("朴实", "piao"), ("查良镛", "zha"), ("覃明", "qin"), ("翟明", "zhai")],
)
def test_single_surname_readings(name: str, first: str) -> None:
    assert name_keys(name).full[0].startswith(first)


def test_polyphonic_given_name() -> None:
    keys = name_keys("李行")
    assert keys.full[0] == "lixing"
    assert {"lixing", "lihang"} <= set(keys.full)
    assert {"lx", "lh"} <= set(keys.initials)


@pytest.mark.parametrize("cap", [1, 2, 3, 8])
def test_max_variants_respected(cap: int) -> None:
    keys = name_keys("单行行行", max_variants=cap)
    assert len(keys.full) == cap
    assert len(keys.initials) <= cap
    assert keys.full[0] == name_keys("单行行行").full[0]


def test_keys_are_unique_lower_ascii() -> None:
    keys = name_keys("重重重重重重", max_variants=20)
    assert len(keys.full) == len(set(keys.full)) == 20
    for key in keys.full + keys.initials:
        assert key.isascii() and key.isalnum() and key == key.lower()


def test_minority_name_separators_dropped() -> None:
    keys = name_keys("阿卜杜·热合曼")
    assert all("·" not in k and " " not in k for k in keys.full)
    assert keys.full[0].startswith("a") and keys.full[0].endswith("reheman")


def test_latin_and_digits_pass_through() -> None:
    assert name_keys("张A3 三") == NameKeys(full=("zhanga3san",), initials=("za3s",))
    assert name_keys("Tom Lee").full == ("tomlee",)


@pytest.mark.parametrize("name", ["", "  ", "·"])
def test_empty_name(name: str) -> None:
    assert name_keys(name) == NameKeys(full=(), initials=())


def test_query_helpers() -> None:
    assert query_to_ascii(" Zhang San ") == "zhangsan"
    assert query_to_ascii("ＺＳ") == "zs"
    assert is_pinyin_query("Zhang San")
    assert is_pinyin_query("zs")
    assert not is_pinyin_query("张三")
    assert not is_pinyin_query("zs1")
    assert not is_pinyin_query("   ")
