"""The audit log travels to the county like the case trail: append-only, one hash chain per device,
and no device can write into another device's chain."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import select, text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, outbox_states
from zongzhi_county.admin import list_quarantine
from zongzhi_county.county_writes import load_values
from zongzhi_county.schema import records
from zongzhi_desktop.domain.trail_hash import audit_hash, broken_links
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services.audit import AuditService
from zongzhi_desktop.services.residents import ResidentService
from zongzhi_desktop.sync.engine import sync_now

ADMIN = Actor("admin", "admin")


def county_audit_rows(county: CountyServer, township: str) -> list[dict[str, object]]:
    with county.engine.connect() as conn:
        ids = conn.execute(select(records.c.row_id).where(records.c.tbl == "audit_log",
                                                          records.c.township_code == township)).scalars().all()
        values = load_values(conn, [("audit_log", i) for i in ids])
    rows = [{"id": row_id, **v} for (_t, row_id), v in values.items()]
    return sorted(rows, key=lambda r: (str(r["device_id"]), int(r["seq"])))  # type: ignore[call-overload]


def _look(store: Store, person: str) -> None:
    svc = ResidentService(store)
    svc.open(store.actor, person)
    svc.reveal(store.actor, person)


def test_audit_entries_reach_the_county_chained_per_device_and_come_down_to_the_other_pc(
        county: CountyServer, township: str, tmp_path: Path) -> None:
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    person = add_resident(a, "上官婉儿", phone="13912345678")
    _look(a, person)
    sync_now(a)
    sync_now(b)
    _look(b, person)
    sync_now(b)
    sync_now(a)
    assert set(outbox_states(a)) == set(outbox_states(b)) == {"acked"}  # nothing refused, nothing left

    kept = county_audit_rows(county, township)
    assert len(kept) == 4 and {r["device_id"] for r in kept} == {a.state("device_id"), b.state("device_id")}
    assert broken_links(kept, seq="seq", hash_of=audit_hash) == []  # the county holds both chains intact
    dumped = json.dumps(kept, ensure_ascii=False)
    assert "上官婉儿" not in dumped and "13912345678" not in dumped
    for pc in (a, b):  # each PC holds and checks both chains
        report = AuditService(pc).verify(ADMIN)
        assert report.ok and (report.entries, report.devices) == (4, 2)
        assert [r.action for r in AuditService(pc).list(ADMIN)].count("resident.reveal") == 2
    a.close()
    b.close()


def _forge(store: Store, kind: str, row_id: str, fields: dict[str, object]) -> None:
    """A tampered PC slips a change into its own outbox by hand (the guard triggers would refuse it)."""
    with store.write() as s:
        hlc = int(s.execute(text("SELECT hlc FROM sync_ctx WHERE id = 1")).scalar_one()) + 1
        s.execute(text(
            "INSERT INTO sync_outbox (op_id, tx_id, tbl, row_id, kind, fields, hlc, wall_ms, user_id, schema_ver, state) "
            "VALUES (:op, :tx, 'audit_log', :row, :kind, :fields, :hlc, :wall, 'admin', "
            "(SELECT schema_ver FROM sync_ctx WHERE id = 1), 'pending')"),
            {"op": uuid.uuid4().hex, "tx": str(uuid.uuid4()), "row": row_id, "kind": kind,
             "fields": json.dumps(fields), "hlc": hlc, "wall": hlc >> 16})


def test_a_device_cannot_rewrite_or_extend_another_devices_chain(county: CountyServer, township: str,
                                                                 tmp_path: Path) -> None:
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    person = add_resident(a, "慕容复")
    _look(a, person)
    sync_now(a)
    sync_now(b)
    before = county_audit_rows(county, township)
    victim = before[0]
    # an edit of A's entry, a second insert under its id, and a new entry claiming to be A's
    _forge(b, "update", str(victim["id"]), {"username": {"new": "nobody", "base_seq": None, "base_val": "admin"}})
    _forge(b, "insert", str(victim["id"]), {**{k: v for k, v in victim.items() if k != "id"}, "username": "nobody"})
    fake = {**{k: v for k, v in before[-1].items() if k != "id"}, "seq": int(before[-1]["seq"]) + 1}  # type: ignore[call-overload]
    _forge(b, "insert", str(uuid.uuid4()), fake)
    result = sync_now(b)
    assert result.rejected == 3
    reasons = [q["reason"][0] for q in list_quarantine(county.engine) if q["device_id"] == b.state("device_id")]
    assert sorted(reasons) == ["sync.op.append_only", "sync.op.append_only", "sync.op.foreign_chain"]
    assert county_audit_rows(county, township) == before
    sync_now(a)
    assert AuditService(a).verify(ADMIN).ok
    a.close()
    b.close()
