"""A crafted package cannot exhaust memory: zip bombs, lying sizes and gzip bombs are refused, nothing applied."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, outbox_states
from zongzhi_county import files
from zongzhi_county.schema import records
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.sync import file_sync, package_zip
from zongzhi_desktop.sync.packages import MAX_PACKAGE_BYTES, private_key, read_package, write_package

_MB = 2**20


def _county_rows(county: CountyServer) -> int:
    with county.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(records)).scalar_one())


def _refused(county: CountyServer, package: Path, reply: Path) -> SyncError:
    before = _county_rows(county)
    with pytest.raises(SyncError) as info:
        files.import_package(county.engine, package, reply)
    assert _county_rows(county) == before and not reply.exists()
    return info.value


def _with_extra(src: Path, dst: Path, extra: dict[str, bytes]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, zin.read(name))
        for name, data in extra.items():
            zout.writestr(name, data)


def test_a_zip_bomb_is_refused_from_the_directory_without_inflating_it(county: CountyServer, township: str,
                                                                        tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    add_resident(pc, "韩六")
    good = tmp_path / "good.syncpkg"
    file_sync.export_changes(pc, good)
    bomb = tmp_path / "bomb.syncpkg"  # 600 MB of zeros in a file of well under 1 MB
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            with zout.open(name, "w", force_zip64=True) as fh:
                if name == "ops.json.gz":
                    for _ in range(600):
                        fh.write(bytes(_MB))
                else:
                    fh.write(zin.read(name))
    assert bomb.stat().st_size < 2 * _MB
    tracemalloc.start()
    started = time.monotonic()
    error = _refused(county, bomb, tmp_path / "reply.syncpkg")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.code == "sync.package_too_large"
    assert "安全上限" in str(error) and "解压后 600 MB" in str(error) and "未做任何导入" in str(error)
    assert peak < 20 * _MB and time.monotonic() - started < 5
    assert outbox_states(pc) == {"pending": 1}
    pc.close()


def _shrink_declared_size(path: Path, member: str, size: int) -> None:
    """Make the central directory claim `member` inflates to `size` bytes (its data is unchanged)."""
    with zipfile.ZipFile(path) as zf:
        entry = zf.start_dir  # the first central directory entry
    data = bytearray(path.read_bytes())
    while True:
        name_len = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46:entry + 46 + name_len] == member.encode():
            struct.pack_into("<I", data, entry + 24, size)
            break
        extra_len, comment_len = struct.unpack_from("<HH", data, entry + 30)
        entry += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def test_members_that_lie_about_their_size_are_refused(county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    add_resident(pc, "魏七")
    good = tmp_path / "good.syncpkg"
    file_sync.export_changes(pc, good)
    # the payload's size is signed in the manifest: a different size is an edit
    lying_payload = tmp_path / "payload.syncpkg"
    lying_payload.write_bytes(good.read_bytes())
    _shrink_declared_size(lying_payload, "ops.json.gz", 100)
    assert _refused(county, lying_payload, tmp_path / "r.syncpkg").code == "sync.package_tampered"
    # the manifest is read before anything is signed: cut off at its declared size, it fails its CRC
    lying_manifest = tmp_path / "manifest.syncpkg"
    lying_manifest.write_bytes(good.read_bytes())
    _shrink_declared_size(lying_manifest, "manifest.json", 100)
    error = _refused(county, lying_manifest, tmp_path / "r.syncpkg")
    assert error.code == "sync.package_damaged" and "BadZipFile" in str(error)
    pc.close()


def test_too_many_members_an_oversized_file_and_an_oversized_manifest_are_refused(
        county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    add_resident(pc, "蒋八")
    good = tmp_path / "good.syncpkg"
    file_sync.export_changes(pc, good)
    crowded = tmp_path / "crowded.syncpkg"
    _with_extra(good, crowded, {f"extra{i}": b"x" for i in range(package_zip.MAX_MEMBERS)})
    huge = tmp_path / "huge.syncpkg"
    huge.write_bytes(good.read_bytes())
    with open(huge, "r+b") as fh:  # sparse: nothing is written, the size alone must refuse it
        fh.truncate(MAX_PACKAGE_BYTES + 1)
    for package in (crowded, huge):
        error = _refused(county, package, tmp_path / "r.syncpkg")
        assert error.code == "sync.package_too_large", package.name
    fat = tmp_path / "fat.syncpkg"
    with zipfile.ZipFile(fat, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b" " * (package_zip.MAX_MANIFEST_BYTES + 1))
        zf.writestr("signature", b"")
    assert _refused(county, fat, tmp_path / "r.syncpkg").code == "sync.package_too_large"
    pc.close()


def test_a_gzip_bomb_inside_a_signed_payload_is_refused(county: CountyServer, township: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a package a real device signed (a stolen device key) cannot inflate past the payload bound."""
    pc = join_new_pc(county, township, tmp_path / "pc")
    good = tmp_path / "good.syncpkg"
    file_sync.export_changes(pc, good)
    manifest = {k: v for k, v in read_package(good).manifest.items() if k not in ("files", "sealed_key", "format")}
    bomb = tmp_path / "bomb.syncpkg"
    write_package(bomb, manifest, {"ops.json.gz": ["0" * (4 * _MB)]}, private_key(pc.state("device_private_key") or ""),
                  recipient_public_b64=pc.state("county_public_key"))
    assert bomb.stat().st_size < 64 * 1024
    monkeypatch.setattr(package_zip, "MAX_PAYLOAD_JSON_BYTES", _MB)
    error = _refused(county, bomb, tmp_path / "r.syncpkg")
    assert error.code == "sync.package_too_large" and "ops.json.gz" in str(error)
    pc.close()
