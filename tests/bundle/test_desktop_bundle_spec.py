"""The PyInstaller spec's inputs stay in step with the tree: every resources/ folder, every migration,
both entry points and every Qt module the code imports reach the desktop bundle (no build needed)."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _bundle_data() -> ModuleType:
    # loaded by path: a `packaging` import would find the PyPI distribution of that name
    spec = importlib.util.spec_from_file_location("bundle_data", PACKAGING / "bundle_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shipped() -> dict[str, str]:
    """Bundle path of every shipped data file -> its source path."""
    return {f"{dest}/{Path(src).name}": src for src, dest in _bundle_data().data_files(ROOT)}


def test_every_resources_folder_is_shipped() -> None:
    folders = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert set(_bundle_data().RESOURCE_DIRS) == folders, "list the folder in packaging/bundle_data.py RESOURCE_DIRS"
    shipped = _shipped()
    for folder in folders:
        assert any(dest.startswith(f"resources/{folder}/") for dest in shipped), folder


def test_translations_ship_compiled_only_and_all_of_them() -> None:
    shipped = _shipped()
    for qm in (ROOT / "resources" / "i18n").glob("*.qm"):
        assert f"resources/i18n/{qm.name}" in shipped
    assert not [d for d in shipped if d.endswith(".ts") or "/i18n/src/" in d]


def test_the_font_ships_with_its_licence_files() -> None:
    # resources/fonts/README.md: the Apache-2.0 redistribution needs the whole folder, not just the .ttc
    shipped = _shipped()
    for path in (ROOT / "resources" / "fonts").iterdir():
        assert f"resources/fonts/{path.name}" in shipped


def test_every_migration_ships_where_migrate_py_looks_for_it() -> None:
    shipped = _shipped()
    base = ROOT / "src" / "zongzhi_desktop" / "models" / "migrations"
    expected = [base / "env.py", *sorted((base / "versions").glob("*.py"))]
    assert len(expected) > 2
    for path in expected:
        assert f"zongzhi_desktop/models/migrations/{path.relative_to(base).as_posix()}" in shipped, path.name


def test_both_entry_points_match_the_project_scripts() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    spec = (PACKAGING / "zongzhi.spec").read_text(encoding="utf-8")
    for exe, entry in (("zongzhi-desktop", "entry_desktop.py"), ("zongzhi", "entry_cli.py")):
        module, func = scripts[exe].split(":")
        assert f"from {module} import {func}" in (PACKAGING / entry).read_text(encoding="utf-8")
        assert f'"{entry}"' in spec and f'"{exe}"' in spec


def test_no_qt_module_the_code_imports_is_excluded() -> None:
    used = set()
    for path in (ROOT / "src" / "zongzhi_desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used, "the GUI imports Qt modules"
    excluded = {name.removeprefix("PySide6.") for name in _bundle_data().QT_EXCLUDES}
    assert not used & excluded


def test_only_the_chinese_qt_base_catalogue_is_kept() -> None:
    keep = _bundle_data().keep_qt_data
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/translations/qt_help_zh_CN.qm")
    assert keep("resources/i18n/zongzhi_core_zh_CN.qm")


def test_code_outside_domain_passes_the_resources_folder_to_the_domain_loaders() -> None:
    """The domain loaders' defaults point into a source checkout (`parents[3] / "resources"`), which
    the bundle does not have: the application must pass `paths.resources_dir()` (frozen-aware)."""
    import ast

    loaders = {"load_regions", "load_calendar", "load_time_limits"}
    bare = []
    for path in (ROOT / "src" / "zongzhi_desktop").rglob("*.py"):
        if "domain" in path.relative_to(ROOT / "src" / "zongzhi_desktop").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and not node.args and not node.keywords:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in loaders:
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}()")
    assert bare == [], f"pass resources_dir() / ... (the default is missing in the built program): {bare}"
