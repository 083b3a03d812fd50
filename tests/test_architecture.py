"""Imports point one way: only ui/ touches PySide6; ui/ and domain/ never touch SQLAlchemy."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGES = [SRC / "zongzhi_desktop"] + ([SRC / "zongzhi_county"] if (SRC / "zongzhi_county").exists() else [])


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[tuple[Path, set[str]]]:
    return [(p, _imports(p)) for pkg in PACKAGES for p in sorted(pkg.rglob("*.py"))]


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def test_only_ui_and_app_import_pyside6() -> None:
    root = SRC / "zongzhi_desktop"
    offenders = [
        str(p.relative_to(SRC)) for p, names in _modules()
        if "PySide6" in _top(names) and not (p.is_relative_to(root / "ui") or p == root / "app.py")
    ]
    assert offenders == []


def test_ui_and_domain_never_import_sqlalchemy_or_models() -> None:
    root = SRC / "zongzhi_desktop"
    offenders = []
    for p, names in _modules():
        if p.is_relative_to(root / "ui") or p.is_relative_to(root / "domain"):
            bad = {n for n in names if n.split(".")[0] in {"sqlalchemy", "alembic"} or n.startswith("zongzhi_desktop.models")}
            if bad:
                offenders.append(f"{p.relative_to(SRC)}: {sorted(bad)}")
    assert offenders == []


def test_domain_imports_nothing_outside_the_standard_library_but_pypinyin() -> None:
    root = SRC / "zongzhi_desktop" / "domain"
    allowed_third_party = {"pypinyin"}
    offenders = []
    for p, names in _modules():
        if p.is_relative_to(root):
            for n in names:
                top = n.split(".")[0]
                if top in {"zongzhi_desktop"}:
                    if not (n.startswith("zongzhi_desktop.domain") or n == "zongzhi_desktop.errors"):
                        offenders.append(f"{p.name}: {n}")
                elif top not in allowed_third_party and top not in __import__("sys").stdlib_module_names:
                    offenders.append(f"{p.name}: {n}")
    assert offenders == []


def test_every_module_has_a_docstring() -> None:
    missing = [str(p.relative_to(SRC)) for p, _ in _modules()
               if p.stat().st_size and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
               and "migrations/versions" not in str(p)]
    assert missing == []


def test_the_county_server_shares_only_the_plain_parts_of_the_desktop() -> None:
    """One implementation of the rules on both sides, but no ORM, Qt or services on the server."""
    root = SRC / "zongzhi_county"
    allowed = ("zongzhi_desktop.domain", "zongzhi_desktop.errors", "zongzhi_desktop.sync.protocol",
               "zongzhi_desktop.sync.packages", "zongzhi_desktop.crypto")
    offenders = [
        f"{p.name}: {n}" for p, names in _modules() if p.is_relative_to(root)
        for n in names if n.startswith("zongzhi_desktop") and not n.startswith(allowed)
    ]
    assert offenders == []
