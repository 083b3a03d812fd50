"""/health in process (published in the OpenAPI, 503 without secrets) and the JSON access lines' contents."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from county_support import COUNTY, free_port
from service_support import TOWNSHIP, enrol_request, push_body
from zongzhi_county import access_log, admin
from zongzhi_county.api import create_app
from zongzhi_county.health import add_health, short_reason
from zongzhi_county.store import make_engine
from zongzhi_desktop.sync.protocol import API


@dataclass
class World:
    client: TestClient
    engine: Engine
    device_id: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _world(folder: Path) -> World:
    folder.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{folder / 'county.db'}")
    admin.init_county(engine, code=COUNTY[0], name=COUNTY[1])
    admin.add_township(engine, code=TOWNSHIP, name="服务镇")
    client = TestClient(create_app(engine, folder / "blobs"), raise_server_exceptions=False)
    req = enrol_request(engine)
    enrolled = client.post(f"{API}/enroll", content=req.model_dump_json())
    assert enrolled.status_code == 200, enrolled.text
    return World(client, engine, req.device_id, enrolled.json()["token"])


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = _world(tmp_path / "county")
    yield w
    w.client.close()
    w.engine.dispose()


@pytest.fixture
def access_lines(tmp_path: Path) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    (tmp_path / "logs").mkdir()
    access_log.configure(tmp_path / "logs", stream=stream)
    yield stream
    logger = logging.getLogger(access_log.LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_health_is_public_and_published(world: World) -> None:
    answer = world.client.get("/health")
    assert answer.status_code == 200 and answer.json()["status"] == "ok" and answer.json()["database"] == "ok"
    assert answer.headers["cache-control"] == "no-store"
    doc = world.client.get("/openapi.json").json()
    operation = doc["paths"]["/health"]["get"]
    assert "security" not in operation
    assert {"200", "503"} <= set(operation["responses"])
    assert operation["responses"]["503"]["content"]["application/json"]["schema"]["$ref"].endswith("/HealthReport")


def test_health_says_unavailable_without_the_url_when_postgresql_does_not_answer() -> None:
    engine = make_engine(f"postgresql://county:s3cret-pw@127.0.0.1:{free_port()}/county")
    app = FastAPI()
    add_health(app, engine)  # the full app would need the database to start; the route alone does not
    answer = TestClient(app).get("/health")
    engine.dispose()
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable", "database": "connection refused"}


def test_health_of_a_sqlite_file_that_was_moved_away(tmp_path: Path) -> None:
    world = _world(tmp_path / "county")
    try:
        assert world.client.get("/health").status_code == 200
        db_file = tmp_path / "county" / "county.db"
        os.replace(db_file, tmp_path / "elsewhere.db")
        answer = world.client.get("/health")
        assert answer.status_code == 503 and answer.json()["database"] == "database file missing"
        assert str(tmp_path) not in answer.text
    finally:
        world.client.close()
        world.engine.dispose()


def test_reasons_name_the_failure_never_the_message() -> None:
    leaky = RuntimeError('connection to "db.example" as user "county" password "s3cret" failed: odd')
    assert short_reason(leaky) == "RuntimeError"
    assert short_reason(RuntimeError('FATAL: database "x" does not exist')) == "database does not exist"


def test_one_json_line_per_request_with_the_route_and_device_but_no_token_query_or_values(
        world: World, access_lines: io.StringIO, tmp_path: Path) -> None:
    body, _ids = push_body(world.device_id, 3)
    answer = world.client.post(f"{API}/push", content=body, headers=world.auth)
    assert answer.status_code == 200, answer.text
    pulled = world.client.get(f"{API}/pull", params={"cursor": 0, "limit": 5}, headers={**world.auth, "X-Request-ID": "abc-123"})
    assert pulled.headers["x-request-id"] == "abc-123"
    world.client.get(f"{API}/blobs/{'0' * 64}", headers={"Authorization": "Bearer not-a-real-token-xyz"})
    world.client.get("/no/such/path?token=leak-me")
    push_line, pull_line, refused_line, unknown_line = _lines(access_lines)
    assert push_line["path"] == f"{API}/push" and push_line["method"] == "POST" and push_line["status"] == 200
    assert push_line["device"] == world.device_id and push_line["township"] == TOWNSHIP
    assert push_line["bytes_in"] > 100 and push_line["bytes_out"] > 10 and push_line["duration_ms"] >= 0
    assert len(push_line["request_id"]) == 32 and push_line["time"].endswith("+00:00")
    assert pull_line["path"] == f"{API}/pull" and pull_line["request_id"] == "abc-123"
    assert refused_line["path"] == f"{API}/blobs/{{sha256}}" and refused_line["status"] == 401
    assert refused_line["device"] is None
    assert unknown_line["path"] == "(unmatched)" and unknown_line["status"] == 404
    written = access_lines.getvalue()
    assert (tmp_path / "logs" / "access.log").read_text(encoding="utf-8") == written
    for secret in (world.token, "not-a-real-token-xyz", "服务测试", "13900000000", "leak-me", "cursor", "0" * 64):
        assert secret not in written


def test_a_request_id_that_could_forge_log_lines_is_replaced(world: World, access_lines: io.StringIO) -> None:
    answer = world.client.get(f"{API}/info", headers={"X-Request-ID": 'x", "status": 200, "evil": "1'})
    assert len(answer.headers["x-request-id"]) == 32
    (line,) = _lines(access_lines)
    assert "evil" not in line and line["status"] == 200
