"""Reference data shipped in `resources/` (regions, code tables, holidays, time limits), loaded as
if pulled from the county: capture off, and only into tables the county has not filled yet."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.regions import load_regions
from zongzhi_desktop.models.triggers import set_applying
from zongzhi_desktop.paths import resources_dir


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def region_rows() -> list[dict[str, object]]:
    return [
        {
            "id": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code,
            "valid_from": r.valid_from.isoformat() if r.valid_from else None,
            "valid_to": r.valid_to.isoformat() if r.valid_to else None,
        }
        for r in load_regions(resources_dir() / "regions")
    ]


def code_rows(folder: Path | None = None) -> list[dict[str, object]]:
    folder = folder or resources_dir() / "codes"
    rows: list[dict[str, object]] = []
    for path in sorted(folder.glob("*.csv")):
        if path.name == "time_limits.csv":
            continue  # its own table
        for rec in _csv(path):
            rows.append(
                {
                    "id": f"{rec['kind']}:{rec['code']}", "kind": rec["kind"], "code": rec["code"],
                    "name": rec["name"], "parent_code": rec["parent_code"] or None,
                    "sort_order": int(rec["sort_order"] or 0), "extra": rec.get("extra") or None,
                }
            )
    return rows


def holiday_rows() -> list[dict[str, object]]:
    return [dict(r) for r in _csv(resources_dir() / "holidays" / "holidays.csv")]


def time_limit_rows() -> list[dict[str, object]]:
    return [{**r, "days": int(r["days"])} for r in _csv(resources_dir() / "codes" / "time_limits.csv")]


_TABLES: dict[str, tuple[str, Callable[[], list[dict[str, object]]]]] = {
    "regions": ("id, name, level, parent_code, valid_from, valid_to", region_rows),
    "code_items": ("id, kind, code, name, parent_code, sort_order, extra", code_rows),
    "holidays": ("id, kind, name", holiday_rows),
    "time_limits": ("id, step, category, days, unit, note", time_limit_rows),
}


def seed_reference_data(conn: Connection, *, only_empty: bool = False) -> dict[str, int]:
    """Upsert the shipped reference tables; with `only_empty`, skip tables that already hold data
    (after an upgrade the county's own updates must not be overwritten by the shipped copy)."""
    present = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    loaded: dict[str, int] = {}
    set_applying(conn, True)
    try:
        for table, (columns, rows_of) in _TABLES.items():
            if table not in present:
                continue
            if only_empty and conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first():
                continue
            rows = rows_of()
            names = [c.strip() for c in columns.split(",")]
            conn.execute(
                text(f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({', '.join(':' + n for n in names)})"),
                rows,
            )
            loaded[table] = len(rows)
    finally:
        set_applying(conn, False)
    return loaded
