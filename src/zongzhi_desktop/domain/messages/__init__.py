"""The one message catalogue: stable error/warning codes rendered in Chinese for CLI, imports and reports.

Each topic keeps its texts in a sibling module exporting `TEXTS: dict[str, str]`; texts use
`str.format` placeholders named after the error's parameters. The GUI reuses these texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

_TOPICS = ("common", "store", "idnumber", "registers", "grids", "keypersons", "residents", "disputes", "workdays", "imports", "reports", "sync", "audit", "backups")


def _load() -> dict[str, str]:
    merged: dict[str, str] = {}
    for topic in _TOPICS:
        texts: Mapping[str, str] = import_module(f"{__name__}.{topic}").TEXTS
        overlap = merged.keys() & texts.keys()
        if overlap:
            raise RuntimeError(f"message codes defined twice: {sorted(overlap)}")
        merged.update(texts)
    return merged


CATALOGUE: dict[str, str] = _load()


def render(code: str, /, **params: Any) -> str:
    """Chinese text for `code`; unknown codes or missing parameters still give a readable line."""
    template = CATALOGUE.get(code)
    if template is None:
        detail = "，".join(f"{k}={v}" for k, v in params.items())
        return f"未知错误（{code}）" + (f"：{detail}" if detail else "")
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
