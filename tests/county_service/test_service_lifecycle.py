"""The county server as a service: started from its environment, healthy, stopped with SIGTERM while a
push is in flight (the batch commits and its receipts arrive), exit 0, and nothing listening afterwards."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from county_support import backends, new_database
from service_support import TOWNSHIP, Service, push_body
from zongzhi_county.schema import op_receipts, records
from zongzhi_county.slow_points import ANNOUNCE
from zongzhi_county.store import make_engine
from zongzhi_desktop.sync.protocol import API, PROTOCOL, SCHEMA_VERSION

BATCH = 200


@pytest.fixture(params=backends())
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    svc = Service(new_database(request.param, tmp_path), tmp_path)
    svc.prepare()
    yield svc
    svc.stop()


def test_sigterm_lets_the_push_in_flight_commit_and_answer_then_exits_zero(service: Service) -> None:
    service.extra_env.update({"ZONGZHI_COUNTY_SLOW": "push_commit:3", "ZONGZHI_COUNTY_GRACEFUL_TIMEOUT": "40"})
    health = service.start()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["protocol"] == PROTOCOL and health["schema_version"] == SCHEMA_VERSION and health["version"]
    device_id, token = service.enrol()
    body, row_ids = push_body(device_id, BATCH)
    answers: list[httpx.Response | BaseException] = []

    def push() -> None:
        try:
            answers.append(httpx.post(f"{service.url}{API}/push", content=body, timeout=120,
                                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            answers.append(exc)

    pusher = threading.Thread(target=push)
    pusher.start()
    service.wait_for_stderr(ANNOUNCE)  # the batch's transaction is open, its rows written, not committed
    assert service.proc is not None
    service.proc.send_signal(signal.SIGTERM)
    pusher.join(120)
    assert service.proc.wait(60) == 0

    answer = answers[0]
    assert isinstance(answer, httpx.Response), answer
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert len(results) == BATCH and {r["status"] for r in results} == {"applied"}
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{service.url}/health", timeout=5)

    engine = make_engine(service.db_url)
    try:
        with engine.connect() as conn:
            stored = set(conn.execute(select(records.c.row_id).where(
                records.c.tbl == "residents", records.c.township_code == TOWNSHIP)).scalars())
            receipts = conn.execute(select(func.count()).select_from(op_receipts).where(
                op_receipts.c.device_id == device_id)).scalar_one()
    finally:
        engine.dispose()
    assert stored == set(row_ids) and receipts == BATCH

    lines = [json.loads(line) for line in (service.log_dir / "access.log").read_text(encoding="utf-8").splitlines()]
    pushed = [line for line in lines if line.get("path") == f"{API}/push"]
    assert len(pushed) == 1 and pushed[0]["status"] == 200 and pushed[0]["device"] == device_id
    assert pushed[0]["township"] == TOWNSHIP and pushed[0]["bytes_in"] == len(body.encode())
    assert [line["event"] for line in lines if line["event"] != "access"] == ["start", "stop"]
    everything = (service.log_dir / "access.log").read_text(encoding="utf-8")
    assert token not in everything and "服务测试" not in everything  # no token, no payload value


def test_an_idle_service_stops_at_once_with_status_zero(service: Service) -> None:
    service.start()
    assert service.proc is not None
    service.proc.send_signal(signal.SIGTERM)
    assert service.proc.wait(30) == 0
    assert "Traceback" not in service.stderr_file.read_text()


def test_health_turns_503_when_the_database_goes_away_and_says_why_without_secrets(service: Service) -> None:
    service.start()
    if service.db_url.startswith("sqlite"):
        db_file = Path(service.db_url.removeprefix("sqlite:///"))
        os.replace(db_file, db_file.with_name("moved-away.db"))  # the server still holds the old file open
        expected = "database file missing"
    else:
        name = service.db_url.rsplit("/", 1)[1]
        admin_engine = create_engine(os.environ["ZONGZHI_TEST_PG_URL"].replace("postgresql://", "postgresql+psycopg://", 1),
                                     isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin_engine.dispose()
        expected = "database does not exist"
    answer = httpx.get(f"{service.url}/health", timeout=30)
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable", "database": expected}
    assert "zongzhi@" not in answer.text and str(service.folder) not in answer.text
