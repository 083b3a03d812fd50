"""Every user-visible string of the GUI has a Chinese translation, and the shipped .qm files are
the compiled form of the committed .ts files."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import i18n  # noqa: E402  (tools/i18n.py)


def test_every_gui_string_has_a_chinese_translation(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "src" / "zongzhi_desktop" / "ui").rglob("*.py"))
    sources.append(str(ROOT / "src" / "zongzhi_desktop" / "app.py"))
    everything = i18n.extract("all", sources, target=tmp_path / "all.ts")
    wanted = set(i18n.messages(everything))
    translated: dict[tuple[str, str], str | None] = {}
    for ts in sorted(i18n.I18N.glob("*_zh_CN.ts")):
        translated.update({k: v for k, v in i18n.messages(ts).items() if v})
    missing = sorted(f"{ctx}: {src}" for ctx, src in wanted if not translated.get((ctx, src)))
    assert wanted, "lupdate found no strings: the check would pass vacuously"
    assert missing == [], "untranslated GUI strings (python tools/i18n.py extract/fill)"


def test_shipped_qm_files_match_the_ts_files(tmp_path: Path) -> None:
    fresh = {qm.name: qm.read_bytes() for qm in i18n.compile_all(tmp_path)}
    shipped = {qm.name: qm.read_bytes() for qm in i18n.I18N.glob("*.qm")}
    assert fresh == shipped, "run: python tools/i18n.py compile"
