"""Reference data shipped in `resources/` (regions, code tables), loaded as if pulled from the county."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.regions import load_regions
from zongzhi_desktop.models.triggers import set_applying
from zongzhi_desktop.paths import resources_dir


def code_rows(folder: Path | None = None) -> list[dict[str, object]]:
    folder = folder or resources_dir() / "codes"
    rows: list[dict[str, object]] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for rec in csv.DictReader(fh):
                rows.append(
                    {
                        "id": f"{rec['kind']}:{rec['code']}",
                        "kind": rec["kind"],
                        "code": rec["code"],
                        "name": rec["name"],
                        "parent_code": rec["parent_code"] or None,
                        "sort_order": int(rec["sort_order"] or 0),
                        "extra": rec.get("extra") or None,
                    }
                )
    return rows


def seed_reference_data(conn: Connection) -> tuple[int, int]:
    """Upsert regions and code items; county-owned, so written with capture off."""
    set_applying(conn, True)
    try:
        regions = [
            {
                "id": r.code,
                "name": r.name,
                "level": r.level,
                "parent_code": r.parent_code,
                "valid_from": r.valid_from.isoformat() if r.valid_from else None,
                "valid_to": r.valid_to.isoformat() if r.valid_to else None,
            }
            for r in load_regions(resources_dir() / "regions")
        ]
        conn.execute(
            text(
                "INSERT OR REPLACE INTO regions (id, name, level, parent_code, valid_from, valid_to) "
                "VALUES (:id, :name, :level, :parent_code, :valid_from, :valid_to)"
            ),
            regions,
        )
        codes = code_rows()
        conn.execute(
            text(
                "INSERT OR REPLACE INTO code_items (id, kind, code, name, parent_code, sort_order, extra) "
                "VALUES (:id, :kind, :code, :name, :parent_code, :sort_order, :extra)"
            ),
            codes,
        )
    finally:
        set_applying(conn, False)
    return len(regions), len(codes)
