"""Every error code raised anywhere has a Chinese text in the one catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from zongzhi_desktop.domain.messages import CATALOGUE, render

SRC = Path(__file__).resolve().parents[1] / "src"
_RAISED = re.compile(r"""(?:Error|Denied|NotFound|Problem)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_raised_code_has_a_text() -> None:
    used = {code for p in SRC.rglob("*.py") for code in _RAISED.findall(p.read_text(encoding="utf-8"))}
    assert used, "the pattern must find the codes"
    assert sorted(used - CATALOGUE.keys()) == []


def test_texts_are_chinese() -> None:
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in CATALOGUE.values())


def test_unknown_codes_and_missing_parameters_still_render() -> None:
    assert "未知错误" in render("no.such.code", x=1)
    assert render("auth.failed_left") == CATALOGUE["auth.failed_left"]
