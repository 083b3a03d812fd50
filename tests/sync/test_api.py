"""The HTTP contract in-process: OpenAPI published from the shared wire models, refusals in one shape."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from zongzhi_county import admin
from zongzhi_county.api import create_app
from zongzhi_county.store import make_engine
from zongzhi_desktop.sync.protocol import API, ErrorBody, ServerInfo


def _client(tmp_path: Path) -> TestClient:
    engine = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    admin.init_county(engine, code="360731", name="于都县")
    return TestClient(create_app(engine, tmp_path / "blobs"))


def test_openapi_describes_the_sync_endpoints_with_the_shared_models(tmp_path: Path) -> None:
    doc = _client(tmp_path).get("/openapi.json").json()
    assert {f"{API}/push", f"{API}/pull", f"{API}/enroll", f"{API}/info"} <= set(doc["paths"])
    schemas = doc["components"]["schemas"]
    assert {"PushResponse", "PullResponse", "EnrollResponse", "Change"} <= set(schemas)
    pushed = doc["paths"][f"{API}/push"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "ops" in pushed["properties"]


def test_refusals_carry_a_code_and_chinese_text(tmp_path: Path) -> None:
    client = _client(tmp_path)
    assert ServerInfo.model_validate(client.get(f"{API}/info").json()).county_name == "于都县"
    answer = client.get(f"{API}/pull", headers={"Authorization": "Bearer wrong"})
    body = ErrorBody.model_validate(answer.json())
    assert answer.status_code == 401 and body.code == "sync.unauthorized" and "凭据" in (body.detail or "")
    answer = client.post(f"{API}/enroll", content=b"{not json")
    assert answer.status_code == 422 and ErrorBody.model_validate(answer.json()).code == "sync.bad_response"
