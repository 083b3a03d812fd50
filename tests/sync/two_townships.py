"""An in-process county with two townships and marked data in each, for the security and fuzz tests.

Township B's personal values are markers: no answer to a township A device may contain any of them.
Devices enrol over the HTTP API and push hand-made ops, so no desktop store is involved.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from county_support import new_database
from zongzhi_county import admin
from zongzhi_county.api import create_app
from zongzhi_county.store import make_engine
from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.sync.protocol import API, SCHEMA_VERSION, EnrollRequest, PushRequest, WireOp

TOWNSHIP_A, TOWNSHIP_B = "360731101", "360731102"


@dataclass
class Device:
    device_id: str
    token: str
    township: str
    seq: int = 0

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class World:
    client: TestClient
    engine: Engine
    blob_dir: Path
    a: Device
    a_spare: Device  # revoked by tests that need a revoked token
    b: Device
    ids: dict[str, str] = field(default_factory=dict)  # what each township holds, by role
    b_markers: tuple[str, ...] = ()  # B's personal values: never in an answer to A
    b_blob: bytes = b""

    @property
    def b_blob_sha(self) -> str:
        return hashlib.sha256(self.b_blob).hexdigest()

    def push(self, device: Device, ops: list[tuple[str, str, str, dict[str, Any]]]) -> Any:
        """Push (tbl, row_id, kind, fields) ops from `device` as one batch; returns the response."""
        now = int(time.time() * 1000)
        wire = []
        for tbl, row_id, kind, fields in ops:
            device.seq += 1
            wire.append(WireOp(local_seq=device.seq, op_id=str(uuid.uuid4()), tx_id=str(uuid.uuid4()), tbl=tbl,
                               row_id=row_id, kind=kind, fields=fields, hlc=now << 16, wall_ms=now,
                               user_id="admin", schema_ver=SCHEMA_VERSION))
        body = PushRequest(schema_ver=SCHEMA_VERSION, app_ver="test", device_id=device.device_id,
                           first_seq=wire[0].local_seq, last_seq=wire[-1].local_seq, client_wall_ms=now,
                           client_hlc=now << 16, ops=wire)
        return self.client.post(f"{API}/push", content=body.model_dump_json(), headers=device.auth)


def enrol(client: TestClient, engine: Engine, township: str) -> Device:
    device_id = str(uuid.uuid4())
    req = EnrollRequest(code=admin.new_enrol_code(engine, township=township), device_id=device_id,
                        device_name="测试机", public_key=base64.b64encode(os.urandom(32)).decode(),
                        schema_ver=SCHEMA_VERSION, app_ver="test")
    answer = client.post(f"{API}/enroll", content=req.model_dump_json())
    assert answer.status_code == 200, answer.text
    return Device(device_id, answer.json()["token"], township)


def build(backend: str, folder: Path) -> World:
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(new_database(backend, folder))
    admin.init_county(engine, code="360731", name="于都县")
    admin.add_township(engine, code=TOWNSHIP_A, name="甲镇")
    admin.add_township(engine, code=TOWNSHIP_B, name="乙镇")
    client = TestClient(create_app(engine, folder / "blobs"), raise_server_exceptions=False)
    world = World(client, engine, folder / "blobs", enrol(client, engine, TOWNSHIP_A),
                  enrol(client, engine, TOWNSHIP_A), enrol(client, engine, TOWNSHIP_B))
    _fill(world)
    return world


def _fill(world: World) -> None:
    ids = world.ids
    for town, device, name, phone in (("a", world.a, "甲镇张三", "13900000001"), ("b", world.b, "乙镇李秘密", "13955501234")):
        number = make_number("360731", date(1980 if town == "a" else 1975, 3, 9), 17)
        ids[f"{town}_resident"], ids[f"{town}_other"] = str(uuid.uuid4()), str(uuid.uuid4())
        ids[f"{town}_case"], ids[f"{town}_attachment"] = str(uuid.uuid4()), str(uuid.uuid4())
        ids[f"{town}_id_number"] = number
        blob = f"{name} 调解协议扫描件 {uuid.uuid4()}".encode() * 50
        answer = world.push(device, [
            ("residents", ids[f"{town}_resident"], "insert",
             {"name": name, "id_number": number, "phone": phone, "current_address": f"{name}家住址幸福路8号"}),
            ("residents", ids[f"{town}_other"], "insert", {"name": f"{name}之弟"}),
            ("disputes", ids[f"{town}_case"], "insert",
             {"title": f"{name}欠款纠纷", "description": f"{name}借款未还", "case_no": f"{town.upper()}-2026-0001"}),
            ("attachments", ids[f"{town}_attachment"], "insert",
             {"dispute_id": ids[f"{town}_case"], "sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob),
              "filename": f"{name}协议.pdf", "kind": "agreement_scan"}),
        ])
        assert answer.status_code == 200 and all(r["status"] == "applied" for r in answer.json()["results"]), answer.text
        stored = world.client.put(f"{API}/blobs/{hashlib.sha256(blob).hexdigest()}", content=blob, headers=device.auth)
        assert stored.status_code == 200, stored.text
        if town == "b":
            world.b_blob = blob
            world.b_markers = (name, number, phone, f"{name}家住址", f"{name}欠款纠纷", f"{name}协议.pdf")
