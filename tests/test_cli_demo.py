"""`zongzhi demo`, `stats` and `residents search` as scripts use them (the command-line contract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop.cli import main
from zongzhi_desktop.domain.idnumber import is_valid
from zongzhi_desktop.models.checksums import store_checksums
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import resolve_paths


def _demo(home: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["--home", str(home), "demo", "--residents", "400", "--disputes", "60", "--seed", "7", *extra]) == 0
    return capsys.readouterr().out


def test_demo_prints_the_login_and_makes_realistic_data(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = _demo(tmp_path / "h", capsys)
    lines = out.splitlines()
    user = next(line.split(": ", 1)[1] for line in lines if line.startswith("user: "))
    password = next(line.split(": ", 1)[1] for line in lines if line.startswith("password: "))
    monkeypatch.setenv("ZONGZHI_USER", user)
    monkeypatch.setenv("ZONGZHI_PASSWORD", password)
    monkeypatch.setenv("ZONGZHI_HOME", str(tmp_path / "h"))
    assert main(["stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["residents"] == 400 and stats["grids"] >= 12 and sum(stats["disputes"].values()) == 60
    assert {"closed", "rejected"} <= stats["disputes"].keys()
    assert stats["key_persons"] >= 1
    store = open_store(resolve_paths(tmp_path / "h"), user, password)
    with store.read() as s:
        numbers = [r[0] for r in s.execute(text("SELECT id_number FROM residents WHERE id_number IS NOT NULL"))]
        names = [r[0] for r in s.execute(text("SELECT name FROM residents"))]
        visits = s.execute(text("SELECT count(*) FROM visits")).scalar()
        mediators = s.execute(text("SELECT count(*) FROM mediators")).scalar()
        pending = s.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar()
    store.close()
    assert numbers and all(is_valid(n) for n in numbers)
    assert visits > 0 and mediators > 0 and pending > 400  # demo data is captured like any write
    assert assert_check_ok(tmp_path / "h", capsys)
    # search through the contract
    assert main(["residents", "search", names[0][:2], "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and {"id", "name", "id_number"} <= found[0].keys()
    assert all("*" in item["id_number"] for item in found if item["id_number"])


def assert_check_ok(home: Path, capsys: pytest.CaptureFixture[str]) -> bool:
    assert main(["--home", str(home), "check", "--json", "--full"]) == 0
    return json.loads(capsys.readouterr().out)["ok"]


def test_demo_is_deterministic_for_one_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _demo(tmp_path / "a", capsys)
    _demo(tmp_path / "b", capsys)
    sums, trails = [], []
    for name in ("a", "b"):
        store = open_store(resolve_paths(tmp_path / name), "admin", "Demo-2026")
        with store.engine.connect() as conn:
            sums.append(store_checksums(conn))
            # a trail event carries its PC's identity and clock (device id, hlc, hash): compare the rest
            trails.append(conn.execute(text("SELECT dispute_id, action, at, note, data FROM dispute_events "
                                            "ORDER BY dispute_id, hlc")).all())
        store.close()
    for table_sums in sums:
        table_sums.pop("dispute_events")
    assert sums[0] == sums[1] and trails[0] == trails[1]


def test_demo_on_an_existing_store_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _demo(tmp_path / "h", capsys)
    out = _demo(tmp_path / "h", capsys)
    assert "已存在" in out and "password: Demo-2026" in out


def test_bad_numbers_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path / "h"), "demo", "--residents", "-5"]) == 2
    assert main(["--home", str(tmp_path / "h"), "demo", "--residents", "many"]) == 2
    assert not (tmp_path / "h" / "zongzhi.db").exists()
