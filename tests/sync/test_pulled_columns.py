"""A pulled change can only ever write catalogued columns, whatever a county or a package sends."""

from __future__ import annotations

from sqlalchemy import text

from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync.protocol import Change
from zongzhi_desktop.sync.pull_apply import apply_page


def test_unknown_and_crafted_column_names_never_reach_sql(store: Store) -> None:
    crafted = {
        "name": "赵一",
        "sex": "1",
        "registration_type": "huji",
        "status": "active",
        'name" = \'x\'; DROP TABLE residents; --': "boom",
        "no_such_column": 1,
        "name_pinyin": "forged",  # derived: recomputed here, never taken from the wire
    }
    change = Change(server_seq=1, tx_seq=1, tbl="residents", row_id="r-crafted", kind="insert",
                    fields=crafted, hlc=1 << 16, origin_device="dev-x", origin_user="admin")
    with store.engine.begin() as conn:
        apply_page(conn, [change])
    with store.read() as s:
        name, pinyin = s.execute(text("SELECT name, name_pinyin FROM residents WHERE id = 'r-crafted'")).one()
        tables = s.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'residents'")).scalar_one()
    assert name == "赵一" and pinyin != "forged" and tables == 1
