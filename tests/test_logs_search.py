"""The end-of-run log search (tests/log_search_plugin.py) can fail: it finds a planted name, ID number
and phone, every person the demo generator makes, and fails a whole pytest session over one."""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import pytest

import log_search_plugin as search
from zongzhi_desktop.demo import people
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.logs import scrub

pytest_plugins = ["pytester"]


def test_a_planted_name_id_number_and_phone_are_found(tmp_path: Path) -> None:
    folder = tmp_path / "home" / "logs"
    folder.mkdir(parents=True)
    (folder / "zongzhi.log").write_text("2026-01-01 INFO x: all fine\n", encoding="utf-8")
    (folder / "zongzhi.log.2").write_text(
        "2026-01-01 INFO x: saved 张三\n2026-01-01 ERROR y: row 360731198003090017 tel 13907971234\n",
        encoding="utf-8")
    try:
        findings, lines = search.scan(search.log_files_under([tmp_path]), search.needles())
    finally:  # planted on purpose: the run's own search must not find it
        shutil.rmtree(tmp_path / "home")
    assert lines == 3
    kinds = {(f.file.name, f.line, f.kind) for f in findings}
    assert ("zongzhi.log.2", 1, "name (from the tests)") in kinds
    assert {("zongzhi.log.2", 2, "ID number"), ("zongzhi.log.2", 2, "mobile number")} <= kinds
    shown = " ".join(f.describe([tmp_path]) for f in findings)
    assert "360731198003090017" not in shown and "13907971234" not in shown and "张三" not in shown


def test_every_person_the_demo_generator_makes_is_found() -> None:
    rng = random.Random(7)
    found = search.needles()
    missed = []
    for _ in range(2000):
        p = people.person(rng, area_codes=["360731", "440106"], today=date(2026, 6, 1))
        hits = {kind for kind, _ in search.find_in_text(f"x {p.name} y {p.id_number} z {p.phone}", found)}
        if not {"ID number", "mobile number"} <= hits or not any(k.startswith("name") for k in hits):
            missed.append(p)
    assert missed == []
    assert found.count() > 1_000_000  # the generator's names, counted without listing them


def test_the_programs_own_chinese_and_ordinary_log_lines_are_not_taken_for_people() -> None:
    found = search.needles()
    lines = [render("backup.auto_failed", reason="磁盘已满"), render("audit.chain_ok", devices=2, entries=10),
             "2026-11-27 06:15:23,407 INFO zongzhi_desktop.sync.engine: sync run 12 ok: pushed 1048576, pulled 0",
             "clock 115620000000000000, device 4bcea792-3c87-4dd1-a4a3-27581bee977b, took 13000 ms"]
    assert [search.find_in_text(line, found) for line in lines] == [[]] * len(lines)


def test_what_the_log_formatter_lets_through_is_clean() -> None:
    line = scrub("IntegrityError for 欧阳明月 360102199001010018 13907971234 [parameters: ('曾小芳',)]")
    assert search.find_in_text(line, search.needles()) == []


def test_a_session_whose_logs_hold_a_name_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_inner="""
        def test_writes_a_log(tmp_path):
            (tmp_path / "logs").mkdir()
            (tmp_path / "logs" / "zongzhi.log").write_text("INFO saved resident 曾小芳\\n", encoding="utf-8")
    """)
    inner = pytester.path / "inner-basetemp"
    try:
        result = pytester.runpytest_inprocess("-p", "log_search_plugin", "-p", "no:cacheprovider",
                                              f"--basetemp={inner}")
    finally:
        shutil.rmtree(inner, ignore_errors=True)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*1 passed*"])
    result.stdout.fnmatch_lines(["log search: 1 log files, 1 lines searched for * 1 found*",
                                 "*zongzhi.log:1: name*"])
    assert "曾小芳" not in result.stdout.str()
