"""Sync by USB stick (sync.md §3.10, §4 30–32): signed packages through the online code path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, edit, outbox_states, township_checksums, value
from tests_support import ADMIN, PASSWORD
from zongzhi_county import admin, files
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync import file_sync
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.sync.enrol import enroll_by_file


def _round_trip(county: CountyServer, pc, folder: Path, name: str) -> dict:  # type: ignore[no-untyped-def]
    package, reply = folder / f"{name}.syncpkg", folder / f"{name}-reply.syncpkg"
    file_sync.export_changes(pc, package)
    counts = files.import_package(county.engine, package, reply)
    return {**counts, **file_sync.import_reply(pc, reply)}


def test_twice_reversed_and_mixed_with_online_sync_end_the_same(county: CountyServer, township: str,
                                                                 tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    other = join_new_pc(county, township, tmp_path / "other")
    person = add_resident(other, "杨一", phone="13800000000")
    sync_now(other)
    first = [add_resident(pc, f"离线{i}") for i in range(3)]
    p1, r1 = tmp_path / "p1.syncpkg", tmp_path / "r1.syncpkg"
    assert file_sync.export_changes(pc, p1) == 3
    assert outbox_states(pc) == {"pending": 3}  # exporting marks nothing sent
    second = add_resident(pc, "离线3")
    p2, r2 = tmp_path / "p2.syncpkg", tmp_path / "r2.syncpkg"
    assert file_sync.export_changes(pc, p2) == 4  # cumulative: a lost stick loses nothing
    assert files.import_package(county.engine, p2, r2) == {"applied": 4, "duplicates": 0, "rejected": 0}
    assert files.import_package(county.engine, p1, r1) == {"applied": 0, "duplicates": 3, "rejected": 0}
    assert file_sync.import_reply(pc, r2) == {"acked": 4, "pulled": 1, "rejected": 0}
    assert file_sync.import_reply(pc, r1) == {"acked": 0, "pulled": 0, "rejected": 0}
    assert file_sync.import_reply(pc, r2)["acked"] == 0
    assert value(pc, "residents", person, "name") == "杨一" and outbox_states(pc) == {"acked": 4}
    edit(pc, "residents", second, phone="13900000009")
    sync_now(pc)  # then the network comes back
    sync_now(other)
    assert township_checksums(pc) == township_checksums(other)
    assert set(first) <= {r for r in _ids(other)}
    pc.close()
    other.close()


def _ids(store) -> set[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with store.read() as s:
        return {r[0] for r in s.execute(text("SELECT id FROM residents"))}


def _rewrite(src: Path, dst: Path, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))


def test_damaged_and_foreign_packages_are_refused_before_anything_is_applied(county: CountyServer, township: str,
                                                                             tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    add_resident(pc, "朱二")
    good = tmp_path / "good.syncpkg"
    file_sync.export_changes(pc, good)
    edited = tmp_path / "edited.syncpkg"
    _rewrite(good, edited, lambda n, b: b.replace(b'"township"', b'"township" ') if n == "manifest.json" else b)
    truncated = tmp_path / "truncated.syncpkg"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    swapped = tmp_path / "swapped.syncpkg"
    _rewrite(good, swapped, lambda n, b: b[:-8] + b"\0" * 8 if n == "ops.json.gz" else b)
    expected = {edited: "sync.package_tampered", truncated: "sync.package_damaged", swapped: "sync.package_tampered"}
    for package, code in expected.items():
        with pytest.raises(SyncError) as info:
            files.import_package(county.engine, package, tmp_path / "reply.syncpkg")
        assert info.value.code == code, package.name
    assert not (tmp_path / "reply.syncpkg").exists()
    # a reply meant for another PC
    stranger = join_new_pc(county, township, tmp_path / "stranger")
    file_sync.export_changes(stranger, tmp_path / "s.syncpkg")
    files.import_package(county.engine, tmp_path / "s.syncpkg", tmp_path / "s-reply.syncpkg")
    with pytest.raises(SyncError) as info:
        file_sync.import_reply(pc, tmp_path / "s-reply.syncpkg")
    assert info.value.code == "sync.package_wrong_device"
    # a revoked PC's package
    admin.revoke_device(county.engine, pc.state("device_id") or "")
    with pytest.raises(SyncError) as info:
        files.import_package(county.engine, good, tmp_path / "reply.syncpkg")
    assert info.value.code == "sync.revoked"
    assert outbox_states(pc) == {"pending": 1}
    pc.close()
    stranger.close()


def test_a_township_that_was_never_online_enrols_by_file(county: CountyServer, township: str, tmp_path: Path) -> None:
    enrol_file = tmp_path / "enrol.syncpkg"
    files.write_enrolment_file(county.engine, township, enrol_file)
    pc, manifest = enroll_by_file(resolve_paths(tmp_path / "pc"), enrol_file=enrol_file, admin=ADMIN, password=PASSWORD)
    assert manifest["township_code"] == township
    person = add_resident(pc, "秦三")
    done = _round_trip(county, pc, tmp_path, "first")
    assert done["applied"] == 1 and done["acked"] == 1
    assert pc.state("device_no") and pc.state("enrol_code") is None
    online = join_new_pc(county, township, tmp_path / "online")
    sync_now(online)
    assert value(online, "residents", person, "name") == "秦三"
    edit(online, "residents", person, phone="13700000007")
    sync_now(online)
    assert _round_trip(county, pc, tmp_path, "second")["pulled"] == 1
    assert value(pc, "residents", person, "phone") == "13700000007"
    pc.close()
    online.close()


def test_the_command_line_contract_for_files(county: CountyServer, township: str, tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "ZONGZHI_USER": ADMIN, "ZONGZHI_PASSWORD": PASSWORD}
    county_cli = [str(bin_dir / "zongzhi-county"), "--db", county.db_url, "--home", str(county.home)]
    pc = [str(bin_dir / "zongzhi"), "--home", str(tmp_path / "pc")]

    def run(*cmd: str) -> str:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run(*county_cli, "enroll", "--township", township, "--file", "-o", str(tmp_path / "enrol.syncpkg"))
    run(*pc, "sync", "enroll", "--file", str(tmp_path / "enrol.syncpkg"), "--admin", ADMIN)
    run(*pc, "residents", "add", "--name", "尤四", "--id-number", "360731199001010012")
    assert json.loads(run(*pc, "sync", "export", "-o", str(tmp_path / "out.syncpkg"), "--json")) == {"changes": 1}
    counts = json.loads(run(*county_cli, "import", str(tmp_path / "out.syncpkg"), "-o", str(tmp_path / "back.syncpkg"),
                            "--json"))
    assert counts == {"applied": 1, "duplicates": 0, "rejected": 0}
    assert json.loads(run(*pc, "sync", "import", str(tmp_path / "back.syncpkg"), "--json")) == {"acked": 1, "pulled": 0}


@pytest.mark.parametrize(("key", "code"), [("county_code", "sync.package_wrong_county"),
                                           ("server_epoch", "sync.package_wrong_epoch")])
def test_a_package_for_another_county_or_epoch_is_refused(county: CountyServer, township: str, tmp_path: Path,
                                                          key: str, code: str) -> None:
    from zongzhi_desktop.sync import state

    pc = join_new_pc(county, township, tmp_path / "pc")
    person = add_resident(pc, "许五")
    with pc.engine.begin() as conn:  # as if the PC belonged to another county, or to a county restored from backup
        state.put(conn, **{key: "999999" if key == "county_code" else "00000000-0000-0000-0000-000000000000"})
    file_sync.export_changes(pc, tmp_path / "p.syncpkg")
    with pytest.raises(SyncError) as info:
        files.import_package(county.engine, tmp_path / "p.syncpkg", tmp_path / "r.syncpkg")
    assert info.value.code == code
    from sqlalchemy import select
    from zongzhi_county.schema import records

    with county.engine.connect() as conn:
        assert conn.execute(select(records.c.row_id).where(records.c.row_id == person)).first() is None
    pc.close()


def test_the_wrong_file_off_the_stick_is_named_for_what_it_is(county: CountyServer, township: str,
                                                              tmp_path: Path) -> None:
    """A clerk importing the package this PC exported (instead of the county's reply), a county officer
    importing a reply, a PC enrolling from a data package: each is told which file it picked."""
    pc = join_new_pc(county, township, tmp_path / "pc")
    add_resident(pc, "钱七")
    out, reply = tmp_path / "out.syncpkg", tmp_path / "reply.syncpkg"
    file_sync.export_changes(pc, out)
    files.import_package(county.engine, out, reply)
    wrong = [(lambda: file_sync.import_reply(pc, out), "乡镇导出交县级的数据包", "县级回执数据包"),
             (lambda: files.import_package(county.engine, reply, tmp_path / "again.syncpkg"),
              "县级回执数据包", "乡镇导出交县级的数据包"),
             (lambda: enroll_by_file(resolve_paths(tmp_path / "new"), enrol_file=out, admin=ADMIN, password=PASSWORD),
              "乡镇导出交县级的数据包", "县级注册文件")]
    for attempt, found, wanted in wrong:
        with pytest.raises(SyncError) as info:
            attempt()
        assert info.value.code == "sync.package_wrong_kind"
        assert f"是{found}，这里应导入{wanted}" in str(info.value)
    assert outbox_states(pc) == {"pending": 1}  # the PC took nothing from its own package
    assert not (tmp_path / "again.syncpkg").exists() and not (tmp_path / "new" / "zongzhi.db").exists()
    pc.close()
