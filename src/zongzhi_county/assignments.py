"""County work sent down (县级交办) and county reference data: rows the county itself makes.

An assigned case is a township case like any other, numbered by the county (C + county code) with
its deadline; its register event is written into a per-township county trail chain, hashed as the
PCs hash theirs, so the case's trail checks out on every PC. Progress and closure come back up as
the township's own events. Reference tables (code tables, holidays, time limits, regions) reach
every township and are read-only there.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select

from zongzhi_county import admin
from zongzhi_county.county_writes import CountyBatch, load_values, owners
from zongzhi_county.errors import CountyError
from zongzhi_county.schema import change_log, records, townships
from zongzhi_county.store import now_ms
from zongzhi_desktop.domain import case_flow
from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass, Owner
from zongzhi_desktop.domain.trail_hash import event_hash


def assign_case(engine: Engine, *, township: str, title: str, category: str, deadline: str,
                description: str = "", people_involved: int = 2) -> dict[str, Any]:
    meta = admin.require_meta(engine)
    due = _date(deadline)
    if not title.strip() or not category.strip():
        raise CountyError("input.required", field="标题和类别")
    if due < date.today():  # a mistyped year would hand the township a case overdue from its first day
        raise CountyError("county.deadline_past", deadline=due.isoformat())
    with engine.begin() as conn:
        if not conn.execute(select(townships.c.code).where(townships.c.code == township)).first():
            raise CountyError("sync.township_unknown", status=404, code=township)
        year = date.today().year
        made = conn.execute(select(func.count()).select_from(records).where(
            records.c.tbl == "disputes", records.c.row_id.like("c-%"))).scalar_one()
        case_no = f"C{meta['county_code']}-{year}-{made + 1:06d}"
        case_id, now = f"c-{uuid.uuid4()}", datetime.now().replace(microsecond=0)
        batch = CountyBatch()
        batch.create(("disputes", case_id), township, {
            "case_no": case_no, "origin": "county", "registered_at": now.isoformat(sep=" ", timespec="microseconds"),
            "registered_by": "county", "title": title.strip(), "category_code": category.strip(), "channel": "county",
            "occurred_on": None, "place": None, "grid_id": None, "people_involved": people_involved,
            "amount_cents": None, "description": description or None, "risk_level": "low", "is_major": 0,
            "county_deadline": due.isoformat(), "deleted_at": None,
        })
        event = _chain_event(conn, township, case_id, meta, now, description)
        batch.create(("dispute_events", event["id"]), township, event)
        batch.commit(conn)
    return {"case_no": case_no, "case_id": case_id, "township": township, "deadline": due.isoformat()}


def _chain_event(conn, township: str, case_id: str, meta: dict[str, Any], now: datetime,  # type: ignore[no-untyped-def]
                 note: str) -> dict[str, Any]:
    """The next event of the county's chain for this township (device id `county-<township>`)."""
    device = f"county-{township}"
    rows = conn.execute(select(change_log.c.fields).where(
        change_log.c.tbl == "dispute_events", change_log.c.township_code == township,
        change_log.c.origin_device.is_(None), change_log.c.kind == "insert")).scalars().all()
    chain = [e for e in map(json.loads, rows) if e.get("device_id") == device]
    head = max(chain, key=lambda e: e["device_seq"], default=None)
    event = {
        "id": f"ce-{uuid.uuid4()}", "dispute_id": case_id, "device_id": device,
        "device_seq": (head["device_seq"] + 1) if head else 1, "hlc": now_ms() << 16,
        "at": now.isoformat(sep=" ", timespec="microseconds"), "actor": "county", "actor_name": meta["county_name"],
        "department_id": None, "action": "register", "from_status": None, "to_status": "registered",
        "note": note or None, "data": json.dumps({"channel": "county"}, ensure_ascii=False),
        "prev_hash": head["hash"] if head else None, "deleted_at": None,
    }
    event["hash"] = event_hash(event)
    return event


def case_progress(engine: Engine, township: str | None = None) -> list[dict[str, Any]]:
    """Each county-assigned case with its status replayed from the township's trail."""
    with engine.connect() as conn:
        query = select(records.c.row_id, records.c.township_code).where(
            records.c.tbl == "disputes", records.c.row_id.like("c-%"))
        if township:
            query = query.where(records.c.township_code == township)
        cases = list(conn.execute(query))
        out = []
        for case_id, town in cases:
            values = load_values(conn, [("disputes", case_id)])[("disputes", case_id)]
            event_ids = conn.execute(select(records.c.row_id).where(records.c.tbl == "dispute_events",
                                                                     records.c.township_code == town)).scalars().all()
            events = [v for v in load_values(conn, [("dispute_events", e) for e in event_ids]).values()
                      if v.get("dispute_id") == case_id]
            state = case_flow.replay(case_flow.TrailEvent(e["action"], e["hlc"], e["device_id"], e["at"],
                                                          e.get("department_id"), json.loads(e.get("data") or "{}"),
                                                          e.get("from_status")) for e in events)
            out.append({"case_no": values.get("case_no"), "township": town, "title": values.get("title"),
                        "deadline": values.get("county_deadline"), "status": state.status,
                        "status_name": case_flow.STATUS_NAMES.get(state.status, state.status), "steps": len(events)})
        return sorted(out, key=lambda r: r["case_no"] or "")


def publish_reference(engine: Engine, table: str, rows: list[dict[str, Any]]) -> int:
    """New or changed county-owned rows (keyed by their official code) for every township."""
    spec = TABLES.get(table)
    if spec is None or spec.owner is not Owner.COUNTY:
        raise CountyError("sync.op.unknown_table", tbl=table)
    allowed = set(spec.names(ColumnClass.CAPTURED))
    with engine.begin() as conn:
        batch = CountyBatch()
        keys = [(table, str(r.get("id") or "")) for r in rows]
        if any(not k[1] for k in keys):
            raise CountyError("input.required", field="id")
        known = owners(conn, keys)
        batch.values = load_values(conn, [k for k in keys if k in known])
        for key, row in zip(keys, rows):
            fields = {k: v for k, v in row.items() if k != "id"}
            unknown = set(fields) - allowed
            if unknown:
                raise CountyError("sync.op.unknown_field", field=sorted(unknown)[0])
            if key in known:
                batch.change(key, None, fields)  # type: ignore[arg-type]
            else:
                batch.create(key, None, fields)
        batch.commit(conn)
    return len(rows)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CountyError("input.invalid_date", field="办结期限", value=text) from exc
