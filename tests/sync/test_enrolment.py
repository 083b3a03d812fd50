"""Joining the county: a new PC pulls its township; a PC with data uploads its baseline; scope holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from county_support import CountyServer, join_existing_pc, join_new_pc
from sync_support import add_resident, count, outbox_states, township_checksums
from tests_support import ADMIN, PASSWORD
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.store import create_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync.engine import sync_now


def test_a_pc_with_data_uploads_its_baseline_and_a_second_pc_pulls_it(county: CountyServer, township: str,
                                                                      tmp_path: Path) -> None:
    first = create_store(resolve_paths(tmp_path / "pc1"), township_code=township, township_name="测试镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    ids = [add_resident(first, f"居民{i}") for i in range(30)]
    first.close()
    pc1 = join_existing_pc(county, tmp_path / "pc1")
    result = sync_now(pc1)
    assert result.pushed == 30 and result.rejected == 0
    assert outbox_states(pc1) == {"acked": 30}

    pc2 = join_new_pc(county, township, tmp_path / "pc2")
    result = sync_now(pc2)
    assert result.pulled == 30
    assert township_checksums(pc2) == township_checksums(pc1)
    # derived data was rebuilt where the rows landed: pinyin search works on the second PC
    assert count(pc2, "SELECT count(*) FROM resident_keys WHERE resident_id = :id", id=ids[0]) > 0
    pc1.close()
    pc2.close()


def test_an_interrupted_baseline_upload_resumes_where_it_stopped(county: CountyServer, township: str,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = create_store(resolve_paths(tmp_path / "pc1"), township_code=township, township_name="测试镇",
                         admin_user=ADMIN, admin_password=PASSWORD)
    for i in range(25):
        add_resident(first, f"居民{i}")
    first.close()
    pc1 = join_existing_pc(county, tmp_path / "pc1")
    monkeypatch.setattr("zongzhi_desktop.sync.engine.PUSH_BATCH", 10)
    monkeypatch.setattr("zongzhi_desktop.sync.engine.ATTEMPTS", 1)  # no retry within the session: it stops here
    calls = {"n": 0}

    from zongzhi_desktop.sync import transport as transport_mod
    original = transport_mod.Transport.post

    def flaky(self, path, body, model):  # type: ignore[no-untyped-def]
        if path == "/push":
            calls["n"] += 1
            if calls["n"] == 2:
                raise SyncError("sync.unreachable", retry=True, url=self.url, reason="cable pulled")
        return original(self, path, body, model)

    monkeypatch.setattr(transport_mod.Transport, "post", flaky)
    with pytest.raises(SyncError) as info:
        sync_now(pc1)
    assert info.value.retry
    assert outbox_states(pc1) == {"acked": 10, "pending": 15}
    assert sync_now(pc1).pushed == 15
    assert outbox_states(pc1) == {"acked": 25}
    pc1.close()


def test_enrolment_codes_are_single_use_and_townships_must_match(county: CountyServer, township: str,
                                                                 tmp_path: Path) -> None:
    code = county.code_for(township)
    from zongzhi_desktop.sync.enrol import enroll

    store, _ = enroll(resolve_paths(tmp_path / "a"), server=county.url, code=code, admin=ADMIN, password=PASSWORD)
    store.close()
    with pytest.raises(SyncError) as info:
        enroll(resolve_paths(tmp_path / "b"), server=county.url, code=code, admin=ADMIN, password=PASSWORD)
    assert info.value.code == "sync.bad_code"
    assert not resolve_paths(tmp_path / "b").store_file.exists()  # nothing half-made
    other = county.new_township("别的镇")
    mine = create_store(resolve_paths(tmp_path / "c"), township_code=township, township_name="测试镇",
                        admin_user=ADMIN, admin_password=PASSWORD)
    mine.close()
    with pytest.raises(SyncError) as info:
        enroll(resolve_paths(tmp_path / "c"), server=county.url, code=county.code_for(other), admin=ADMIN,
               password=PASSWORD)
    assert info.value.code == "sync.enroll_township_mismatch"


def test_the_command_line_contract(county: CountyServer, township: str, tmp_path: Path) -> None:
    env = {**os.environ, "ZONGZHI_PASSWORD": PASSWORD, "ZONGZHI_USER": ADMIN}
    bin_dir = Path(sys.executable).parent
    county_cli = [str(bin_dir / "zongzhi-county"), "--db", county.db_url, "--home", str(county.home)]
    enrol = subprocess.run([*county_cli, "enroll", "--township", township, "--json"], capture_output=True, text=True,
                           env=env, check=True)
    code = json.loads(enrol.stdout)["code"]
    pc = [str(bin_dir / "zongzhi"), "--home", str(tmp_path / "pc")]
    done = subprocess.run([*pc, "sync", "enroll", "--server", county.url, "--code", code, "--admin", ADMIN],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    synced = subprocess.run([*pc, "sync", "--json"], capture_output=True, text=True, env=env)
    assert synced.returncode == 0, synced.stderr
    assert set(json.loads(synced.stdout)) == {"pushed", "pulled", "conflicts", "rejected"}
    listed = subprocess.run([*pc, "sync", "conflicts", "--json"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    devices = subprocess.run([*county_cli, "devices", "--json"], capture_output=True, text=True, env=env, check=True)
    assert any(d["township_code"] == township for d in json.loads(devices.stdout))


def test_a_revoked_device_is_refused_and_keeps_its_data(county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    sync_now(pc)
    person = add_resident(pc, "王五")
    from zongzhi_county.admin import revoke_device

    revoke_device(county.engine, pc.state("device_id") or "")
    with pytest.raises(SyncError) as info:
        sync_now(pc)
    assert info.value.code == "sync.revoked" and not info.value.retry
    assert count(pc, "SELECT count(*) FROM residents WHERE id = :id", id=person) == 1
    assert outbox_states(pc).get("pending") == 1
    pc.close()


def test_an_interrupted_first_pull_resumes_from_its_last_page(county: CountyServer, township: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = join_new_pc(county, township, tmp_path / "source")
    for i in range(35):
        add_resident(source, f"居民{i}")
    sync_now(source)
    fresh = join_new_pc(county, township, tmp_path / "fresh")
    monkeypatch.setattr("zongzhi_desktop.sync.engine.PULL_PAGE", 10)
    monkeypatch.setattr("zongzhi_desktop.sync.engine.ATTEMPTS", 1)  # no retry within the session: it stops here
    from zongzhi_desktop.sync import transport as transport_mod
    original = transport_mod.Transport.get
    pages = {"n": 0}

    def cut_after_two_pages(self, path, model, params=None):  # type: ignore[no-untyped-def]
        if path == "/pull":
            pages["n"] += 1
            if pages["n"] == 3:
                raise SyncError("sync.unreachable", retry=True, url=self.url, reason="connection reset")
        return original(self, path, model, params)

    monkeypatch.setattr(transport_mod.Transport, "get", cut_after_two_pages)
    with pytest.raises(SyncError):
        sync_now(fresh)
    assert count(fresh, "SELECT count(*) FROM residents") == 20  # two whole pages, each with its cursor
    assert sync_now(fresh).pulled == 15
    assert township_checksums(fresh) == township_checksums(source)
    source.close()
    fresh.close()
