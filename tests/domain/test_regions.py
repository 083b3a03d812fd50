"""Regions: the shipped CSV loads and is consistent; malformed files fail with the row number."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zongzhi_desktop.domain.regions import (
    CODE_LENGTHS,
    DEFAULT_DIR,
    LEVELS,
    Region,
    area_code_known,
    area_code_status,
    level_of_code,
    load_regions,
)
from zongzhi_desktop.errors import InputError

HEADER = "code,name,level,parent_code,valid_from,valid_to\n"


@pytest.fixture(scope="module")
def regions() -> list[Region]:
    return load_regions()


@pytest.fixture(scope="module")
def by_code(regions: list[Region]) -> dict[str, Region]:
    return {r.code: r for r in regions}


def test_default_dir_is_repo_resources() -> None:
    assert DEFAULT_DIR.is_dir()
    assert (DEFAULT_DIR / "jiangxi.csv").is_file()


def test_shipped_csv_loads_with_all_levels(regions: list[Region], by_code: dict[str, Region]) -> None:
    assert by_code["36"].name == "江西省"
    assert by_code["36"].parent_code is None
    counts = {level: sum(r.level == level for r in regions) for level in LEVELS}
    assert counts["province"] == 1
    assert counts["city"] == 11
    assert counts["county"] >= 100
    assert counts["township"] == 23
    assert counts["village"] >= 20


def test_hierarchy_is_consistent(regions: list[Region], by_code: dict[str, Region]) -> None:
    assert len(by_code) == len(regions)  # no duplicates
    for region in regions:
        assert region.code.isdigit()
        assert len(region.code) == CODE_LENGTHS[region.level]
        assert level_of_code(region.code) == region.level
        if region.level == "province":
            continue
        parent = by_code[region.parent_code]  # type: ignore[index]
        assert region.code.startswith(parent.code)
        assert LEVELS.index(parent.level) == LEVELS.index(region.level) - 1


def test_yudu_townships_and_gongjiang_villages(regions: list[Region], by_code: dict[str, Region]) -> None:
    townships = [r for r in regions if r.parent_code == "360731"]
    names = {r.name for r in townships}
    assert {"贡江镇", "铁山垅镇", "段屋乡", "罗江乡"} <= names
    for t in townships:  # NBS rule: 1xx 镇, 2xx 乡
        assert t.code[6] == ("1" if t.name.endswith("镇") else "2")
    assert by_code["360731100"].name == "贡江镇"
    villages_by_township: dict[str, list[Region]] = {}
    for r in regions:
        if r.level == "village":
            villages_by_township.setdefault(r.parent_code or "", []).append(r)
    assert len(villages_by_township) >= 4
    assert all(5 <= len(v) <= 12 for v in villages_by_township.values())
    assert len(villages_by_township["360731100"]) >= 5
    for r in regions:
        if r.level == "village":  # 0xx 社区, 2xx 村
            assert r.code[9] == ("0" if r.name.endswith("社区") else "2")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("360105", "360113"),  # 湾里区 → 红谷滩区
        ("361121", "361104"),  # 上饶县 → 广信区
        ("360721", "360704"),  # 赣县 → 赣县区
        ("360421", "360404"),  # 九江县 → 柴桑区
        ("360622", "360603"),  # 余江县 → 余江区
        ("360727", "360783"),  # 龙南县 → 龙南市
    ],
)
def test_historic_codes_and_successors(by_code: dict[str, Region], old: str, new: str) -> None:
    before, after = by_code[old], by_code[new]
    assert before.is_historic and before.valid_to is not None
    assert not after.is_historic
    assert after.valid_from == before.valid_to
    assert before.active_on(date(2000, 1, 1))
    assert not before.active_on(before.valid_to)
    assert after.active_on(before.valid_to)
    assert before.parent_code == after.parent_code


def test_level_of_code() -> None:
    assert [level_of_code(c) for c in ("36", "3607", "360731", "360731100", "360731100001")] == list(LEVELS)
    for bad in ("", "3", "36073", "36a7", "３６"):
        with pytest.raises(ValueError):
            level_of_code(bad)


def test_area_code_checks(regions: list[Region]) -> None:
    assert area_code_status("360731", regions) == "county"
    assert area_code_status("361121", regions) == "county"  # historic codes stay valid on IDs
    assert area_code_status("360701", regions) == "city"
    assert area_code_status("440106", regions) == "uncovered"  # Guangdong: not loaded, cannot judge
    assert area_code_status("360799", regions) == "unknown"
    assert area_code_status("990101", regions) == "unknown"
    assert area_code_status("36073", regions) == "unknown"
    assert area_code_known("360105", regions)
    assert area_code_known("440106", regions)
    assert not area_code_known("369901", regions)


def _write(tmp_path: Path, body: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "row", "needle"),
    [
        ("36,江西省,province,,,\n3607,赣州市,city,36,,\n36x731,于都县,county,3607,,\n", 4, "数字"),
        ("36,江西省,province,,,\n3607,赣州市,city,36,,\n3607311,于都县,county,3607,,\n", 4, "6位"),
        ("36,江西省,province,,,\n3607,赣州市,city,36,,\n360731,于都县,county,3608,,\n", 4, "上级代码"),
        ("36,江西省,province,,,\n3607,赣州市,town,36,,\n", 3, "层级"),
        ("36,江西省,province,,,\n3607,赣州市,city,36,2020-13-01,\n", 3, "有效日期"),
        ("36,江西省,province,,,\n\n3607,赣州市,city,36\n", 4, "6列"),
        ("36,江西省,province,,,\n3607,赣州市,city,36,,\n3607,赣州市,city,36,,\n", 4, "重复"),
        ("36,江西省,province,,,\n360731100,贡江镇,township,360731,,\n", 3, "不存在"),
        ("36,江西省,province,,,\n3607,,city,36,,\n", 3, "名称"),
        ("36,江西省,province,,2020-01-01,2019-01-01\n", 2, "早于"),
    ],
)
def test_malformed_csv_reports_row(tmp_path: Path, body: str, row: int, needle: str) -> None:
    path = _write(tmp_path, HEADER + body)
    with pytest.raises(InputError) as info:
        load_regions(path)
    err = info.value
    assert err.code == "regions.bad_row"
    assert err.params["row"] == row
    assert err.params["file"] == str(path)
    assert needle in err.params["reason"]
    assert f"第{row}行" in str(err)  # rendered through the message catalogue


def test_bad_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "code,name,level\n36,江西省,province\n")
    with pytest.raises(InputError) as info:
        load_regions(path)
    assert info.value.params["row"] == 1


def test_directory_merges_files_and_tolerates_bom(tmp_path: Path) -> None:
    # The province lives in one file and its city in another; parents resolve across files.
    (tmp_path / "a.csv").write_text(HEADER + "36,江西省,province,,,\n", encoding="utf-8-sig")
    _write(tmp_path, HEADER + "3607,赣州市,city,36,,\n", name="b.csv")
    codes = [r.code for r in load_regions(tmp_path)]
    assert codes == ["36", "3607"]
