"""Replaying the outbox into an empty store gives identical data, whatever path the writes took."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert, text, update

from zongzhi_desktop.models.checksums import store_checksums
from zongzhi_desktop.models.registers import Grid, KeyPerson, Resident, Visit
from zongzhi_desktop.models.store import Store, create_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync.apply import apply_ops, recompute_derived
from zongzhi_desktop.sync.outbox import read_ops


def _mixed_writes(store: Store) -> None:
    with store.write() as s:  # ORM
        grid = Grid(township_code="360731100", village_code="360731100001", code="001", name="一网格")
        s.add(grid)
        s.flush()
        person = Resident(name="单雄信", id_number="360102199001010018", grid_id=grid.id, phone="13800000000")
        s.add(person)
        s.flush()
        kp = KeyPerson(resident_id=person.id, type_code="released", helper_name="曾帮教")
        s.add(kp)
        s.flush()
        s.add(Visit(key_person_id=kp.id, visited_on=__import__("datetime").date(2026, 10, 1), summary="正常"))
    with store.write() as s:  # Core bulk insert
        s.execute(
            insert(Resident),
            [
                {"id": f"00000000-0000-7000-8000-{i:012d}", "name": f"居民{i}", "grid_id": grid.id,
                 "id_number": "36020319850515002X" if i % 2 else None}
                for i in range(200)
            ],
        )
    with store.write() as s:  # bulk update() and raw SQL
        s.execute(update(Resident).where(Resident.name.like("居民1%")).values(status="moved_out"))
        s.execute(text("UPDATE residents SET phone = '0797-1234567', name = '居民改' || substr(id, -3) WHERE name LIKE '居民2%'"))
        s.execute(text("DELETE FROM residents WHERE name LIKE '居民3%'"))
        s.execute(text("UPDATE key_persons SET attention_level = 'high'"))
    with store.write() as s:  # edit the same field twice, then back
        s.execute(text("UPDATE grids SET name = '二网格'"))
        s.execute(text("UPDATE grids SET name = '一网格'"))


def test_replaying_the_outbox_reproduces_every_synced_table(store: Store, tmp_path: Path) -> None:
    _mixed_writes(store)
    with store.engine.begin() as conn:
        recompute_derived(conn, "residents")  # raw SQL renamed people; derivation follows the name
        ops = read_ops(conn)
    replica = create_store(
        resolve_paths(tmp_path / "replica"),
        township_code="360731100", township_name="贡江镇", admin_user="admin", admin_password="Test-2026",
    )
    with replica.engine.begin() as conn:
        assert apply_ops(conn, ops) == len(ops)
    with replica.engine.begin() as conn:  # applying twice is harmless
        apply_ops(conn, ops)
    with store.engine.connect() as a, replica.engine.connect() as b:
        ours, theirs = store_checksums(a), store_checksums(b)
        count = a.execute(text("SELECT count(*) FROM residents")).scalar()
    assert count == 201
    assert ours == theirs
    with replica.engine.connect() as conn:  # nothing was captured on the replica while applying
        assert conn.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == 0
        derived = conn.execute(text("SELECT name_initials, sex FROM residents WHERE name = '单雄信'")).one()
    assert derived == ("sxx", "1")
    replica.close()
