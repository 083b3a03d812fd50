"""The county's pull pages written straight as JSON (`pull_json`) say exactly what the page model says,
on both backends: own changes without values, county-wide changes, one local transaction never split."""

from __future__ import annotations

import base64
import json
import os
import time
import uuid

from sqlalchemy import Engine, insert, update

from zongzhi_county import admin
from zongzhi_county.enrolment import enroll
from zongzhi_county.pull import pull, pull_json
from zongzhi_county.push import push
from zongzhi_county.schema import change_log, server_meta
from zongzhi_county.store import now_text
from zongzhi_desktop import __version__
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION, EnrollRequest, PullResponse, PushRequest, WireOp


def _device(engine: Engine, township: str) -> dict:
    device_id = str(uuid.uuid4())
    enroll(engine, EnrollRequest(
        code=admin.new_enrol_code(engine, township=township), device_id=device_id, device_name="pc",
        public_key=base64.b64encode(os.urandom(32)).decode("ascii"), schema_ver=SCHEMA_VERSION, app_ver=__version__))
    return {"device_id": device_id, "township_code": township}


def _push(engine: Engine, device: dict, first_seq: int, rows: list[dict], tx: str) -> None:
    """New residents in one local transaction `tx`."""
    now = int(time.time() * 1000)
    ops = [WireOp(local_seq=first_seq + i, op_id=f"{device['device_id'][:8]}-{first_seq + i}", tx_id=tx,
                  tbl="residents", row_id=str(uuid.uuid4()), kind="insert", fields=fields,
                  hlc=(now << 16) + first_seq + i, wall_ms=now, user_id="管理员\"甲\"", schema_ver=SCHEMA_VERSION)
           for i, fields in enumerate(rows)]
    answer = push(engine, device["device_id"], PushRequest(
        schema_ver=SCHEMA_VERSION, app_ver=__version__, device_id=device["device_id"], first_seq=ops[0].local_seq,
        last_seq=ops[-1].local_seq, client_wall_ms=now, client_hlc=ops[-1].hlc, ops=ops))
    assert answer.acked_through == ops[-1].local_seq


def _pages(engine: Engine, device: dict, limit: int) -> tuple[list[dict], list[dict]]:
    """Every page from 0 as pull() models and as pull_json() parsed (the clock reading left out)."""
    as_model, as_json, cursor = [], [], 0
    while True:
        model = pull(engine, device, cursor, limit).model_dump()
        written = PullResponse.model_validate_json(pull_json(engine, device, cursor, limit)).model_dump()
        for page in (model, written):
            page.pop("server_now_ms")
        as_model.append(model)
        as_json.append(written)
        cursor = model["next_cursor"]
        if not model["has_more"]:
            return as_model, as_json


def test_pages_written_as_json_say_what_the_page_model_says(engine: Engine) -> None:
    town = admin.add_township(engine, code="360731401", name="甲镇")["code"]
    mine, other = _device(engine, town), _device(engine, town)
    people = [{"name": f"张{i}", "id_number": None, "phone": f"1380000{i:04d}", "registration_type": "huji",
               "status": "active", "notes": "引号\"与\\反斜杠\n换行" if i == 0 else None} for i in range(7)]
    _push(engine, other, 1, people[:4], "tx-a")  # one local transaction of four
    _push(engine, mine, 1, people[4:], "tx-b")
    with engine.begin() as conn:  # a county-wide entry (no township), numbered as the county numbers
        conn.execute(insert(change_log).values(
            server_seq=8, tx_seq=8, tbl="conflicts", row_id="c-1", kind="notice",
            fields=json.dumps({"tbl": "residents", "field": "phone", "status": "open"}, ensure_ascii=False),
            hlc=1, origin_device=None, origin_local_seq=None, origin_user=None, wall_ms=None, township_code=None,
            schema_ver=SCHEMA_VERSION, at=now_text()))
        conn.execute(update(server_meta).values(next_seq=9))

    for limit in (2, 3, 100):
        as_model, as_json = _pages(engine, mine, limit)
        assert as_json == as_model
        changes = [c for page in as_json for c in page["changes"]]
        assert [c["server_seq"] for c in changes] == list(range(1, 9))  # each once, in order
        by_tx: dict[int, set[int]] = {}
        for i, page in enumerate(as_json):
            for c in page["changes"]:
                by_tx.setdefault(c["tx_seq"], set()).add(i)
        assert all(len(pages) == 1 for pages in by_tx.values())  # a local transaction is never split
    changes = [c for page in _pages(engine, mine, 100)[1] for c in page["changes"]]
    assert [bool(c["fields"]) for c in changes] == [True] * 4 + [False] * 3 + [True]  # own changes: marks only
    assert changes[0]["fields"]["notes"] == "引号\"与\\反斜杠\n换行" and changes[0]["origin_user"] == "管理员\"甲\""
    assert changes[-1]["tbl"] == "conflicts" and changes[-1]["origin_device"] is None and changes[-1]["wall_ms"] is None


def test_a_page_after_the_head_is_empty_and_keeps_the_cursor(engine: Engine) -> None:
    town = admin.add_township(engine, code="360731402", name="乙镇")["code"]
    device = _device(engine, town)
    page = json.loads(pull_json(engine, device, 0))
    assert page["changes"] == [] and page["has_more"] is False and page["next_cursor"] == 0
    assert PullResponse.model_validate(page).device_acked_seq == 0


def test_a_full_page_that_ends_at_the_head_is_the_last(engine: Engine) -> None:
    """No empty page after it just to say so; the cursor ends at the head either way."""
    town = admin.add_township(engine, code="360731403", name="丙镇")["code"]
    mine, other = _device(engine, town), _device(engine, town)
    for i in range(4):  # four local transactions of one resident each
        _push(engine, other, i + 1, [{"name": f"李{i}", "id_number": None, "phone": None, "registration_type": "huji",
                                      "status": "active", "notes": None}], f"tx-{i}")
    whole = json.loads(pull_json(engine, mine, 0, 4))
    assert len(whole["changes"]) == 4 and whole["has_more"] is False
    assert whole["next_cursor"] == whole["head_seq"] == whole["changes"][-1]["server_seq"]
    first = json.loads(pull_json(engine, mine, 0, 3))
    assert first["has_more"] is True and first["next_cursor"] == first["changes"][-1]["server_seq"]
    rest = json.loads(pull_json(engine, mine, first["next_cursor"], 3))
    assert [c["server_seq"] for c in rest["changes"]] == [whole["head_seq"]] and rest["has_more"] is False
    assert pull(engine, mine, 0, 4).has_more is False  # reply packages page the same way
