"""Every write path lands in the outbox in the same transaction, field by field."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert, text, update

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models.registers import Grid, Resident
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.models.triggers import set_applying


def _outbox(store: Store) -> list[dict]:
    with store.read() as s:
        rows = s.execute(text("SELECT * FROM sync_outbox ORDER BY local_seq")).mappings().all()
    return [dict(r, fields=json.loads(r["fields"])) for r in rows]


def _grid(store: Store) -> str:
    with store.write() as s:
        grid = Grid(township_code="360731100", village_code="360731100001", code="001", name="长征网格")
        s.add(grid)
    return grid.id


def test_orm_insert_is_captured_with_all_captured_fields(store: Store) -> None:
    grid_id = _grid(store)
    with store.write() as s:
        s.add(Resident(name="张三", id_number="360102199001010018", grid_id=grid_id, name_pinyin="zhangsan"))
    ops = _outbox(store)
    assert [op["tbl"] for op in ops] == ["grids", "residents"]
    resident = ops[1]
    assert resident["kind"] == "insert"
    assert resident["fields"]["name"] == "张三"
    assert resident["fields"]["grid_id"] == grid_id
    # derived and bookkeeping columns never travel
    assert "name_pinyin" not in resident["fields"] and "created_at" not in resident["fields"]
    assert resident["user_id"] == "admin" and resident["schema_ver"] >= 1 and resident["state"] == "pending"


def test_update_carries_base_value_and_only_changed_fields(store: Store) -> None:
    grid_id = _grid(store)
    with store.write() as s:
        s.add(r := Resident(name="李四", phone="13800000001", grid_id=grid_id))
    with store.write() as s:
        s.execute(update(Resident).where(Resident.id == r.id).values(phone="13900000002", notes="搬家"))
    last = _outbox(store)[-1]
    assert last["kind"] == "update"
    assert last["fields"] == {
        "phone": {"new": "13900000002", "base_val": "13800000001", "base_seq": None},
        "notes": {"new": "搬家", "base_val": None, "base_seq": None},
    }


def test_base_seq_comes_from_the_last_server_version(store: Store) -> None:
    grid_id = _grid(store)
    with store.write() as s:
        s.add(r := Resident(name="王五", grid_id=grid_id))
        s.flush()
        s.execute(
            text("INSERT INTO sync_field_ver (tbl, row_id, field, server_seq, hlc) VALUES ('residents', :id, 'name', 41, 0)"),
            {"id": r.id},
        )
    with store.write() as s:
        s.execute(text("UPDATE residents SET name = '王武' WHERE id = :id"), {"id": r.id})
    assert _outbox(store)[-1]["fields"]["name"] == {"new": "王武", "base_val": "王五", "base_seq": 41}


def test_noop_derived_and_bookkeeping_updates_are_not_captured(store: Store) -> None:
    grid_id = _grid(store)
    with store.write() as s:
        s.add(r := Resident(name="赵六", grid_id=grid_id))
    before = len(_outbox(store))
    with store.write() as s:
        s.execute(text("UPDATE residents SET name = name, name_pinyin = 'zhaoliu', updated_by = 'x' WHERE id = :id"), {"id": r.id})
    assert len(_outbox(store)) == before


def test_raw_sql_bulk_insert_and_bulk_update_are_captured_in_one_transaction(store: Store) -> None:
    grid_id = _grid(store)
    rows = [{"id": f"00000000-0000-7000-8000-{i:012d}", "name": f"居民{i}", "grid_id": grid_id} for i in range(50)]
    with store.write() as s:
        s.execute(insert(Resident), rows)
    with store.write() as s:
        s.execute(text("UPDATE residents SET status = 'moved_out' WHERE name LIKE '居民1%'"))
    ops = _outbox(store)[1:]
    inserts = [op for op in ops if op["kind"] == "insert"]
    updates = [op for op in ops if op["kind"] == "update"]
    assert len(inserts) == 50 and len({op["tx_id"] for op in inserts}) == 1
    assert len(updates) == 11 and len({op["tx_id"] for op in updates}) == 1
    assert inserts[0]["tx_id"] != updates[0]["tx_id"]
    seqs = [op["local_seq"] for op in ops]
    hlcs = [op["hlc"] for op in ops]
    assert seqs == sorted(seqs) and all(b > a for a, b in zip(hlcs, hlcs[1:]))


def test_delete_becomes_a_tombstone(store: Store) -> None:
    grid_id = _grid(store)
    with store.write() as s:
        s.add(r := Resident(name="钱七", grid_id=grid_id))
    with store.write() as s:
        result = s.execute(text("DELETE FROM residents WHERE id = :id"), {"id": r.id})
    with store.read() as s:
        deleted_at = s.execute(text("SELECT deleted_at FROM residents WHERE id = :id"), {"id": r.id}).scalar()
    assert deleted_at is not None
    last = _outbox(store)[-1]
    assert last["kind"] == "delete" and last["fields"]["deleted_at"]["new"] == deleted_at
    assert result.rowcount == 0  # the row itself was kept


def test_row_ids_cannot_change(store: Store) -> None:
    grid_id = _grid(store)
    with pytest.raises(Exception, match="ZZ_KEY_IMMUTABLE"):
        with store.write() as s:
            s.execute(text("UPDATE grids SET id = 'other' WHERE id = :id"), {"id": grid_id})


def test_county_tables_are_read_only_at_the_township(store: Store) -> None:
    with pytest.raises(StoreError) as info:
        with store.write() as s:
            s.execute(text("UPDATE regions SET name = '改名' WHERE id = '360731'"))
    assert info.value.code == "store.readonly_table"
    assert "基础数据" in str(info.value)


def test_applying_pulled_data_is_not_captured(store: Store) -> None:
    grid_id = _grid(store)
    before = len(_outbox(store))
    with store.write() as s:
        conn = s.connection()
        set_applying(conn, True)
        conn.execute(text("UPDATE grids SET name = '来自县里' WHERE id = :id"), {"id": grid_id})
        set_applying(conn, False)
    assert len(_outbox(store)) == before


def test_a_failed_transaction_leaves_neither_data_nor_outbox(store: Store) -> None:
    grid_id = _grid(store)
    before = len(_outbox(store))
    with pytest.raises(RuntimeError):
        with store.write() as s:
            s.add(Resident(name="孙八", grid_id=grid_id))
            s.flush()
            raise RuntimeError("power cut")
    assert len(_outbox(store)) == before
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM residents")).scalar() == 0
        assert s.execute(text("SELECT tx_id FROM sync_ctx")).scalar() is None


def test_writes_outside_the_app_are_still_captured(store: Store) -> None:
    """A data fix in an SQLCipher shell: no app transaction stamp, still captured, one op per group."""
    grid_id = _grid(store)
    raw = store.connect_raw()
    raw.execute("UPDATE grids SET notes = '手工修正' WHERE id = ?", (grid_id,))
    raw.commit()
    raw.close()
    last = _outbox(store)[-1]
    assert last["fields"]["notes"]["new"] == "手工修正"
    assert last["tx_id"].startswith("solo-") and last["user_id"] is None
