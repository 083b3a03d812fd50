"""Helpers of the security tests: a demo-filled home, personal data to look for, a byte scan of a folder."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from zongzhi_desktop.models.store import Store


def personal_data(store: Store, limit: int = 40) -> list[str]:
    """Names, ID numbers and phone numbers the demo put into the register (what must never leak)."""
    with store.read() as s:
        rows = s.execute(text(
            "SELECT name, id_number, phone FROM residents WHERE id_number IS NOT NULL AND length(name) >= 2 "
            "ORDER BY id LIMIT :n"), {"n": limit}).all()
        parties = s.execute(text("SELECT name FROM dispute_parties WHERE length(name) >= 2 LIMIT 10")).scalars().all()
    values = [v for row in rows for v in row if v] + list(parties)
    assert len(values) > limit, "the demo must have filled the register"
    return values


def files_holding(folder: Path, needles: list[str]) -> dict[str, list[str]]:
    """Every file under `folder` whose bytes contain one of `needles` (UTF-8), with what it holds."""
    found: dict[str, list[str]] = {}
    encoded = [(n, n.encode("utf-8")) for n in needles]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        hits = [n for n, raw in encoded if raw in data]
        if hits:
            found[str(path.relative_to(folder))] = hits[:3]
    return found


def plain_sqlite_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and p.read_bytes()[:16] == b"SQLite format 3\x00")
