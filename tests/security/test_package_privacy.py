"""A USB sync package reveals no one: encrypted to its recipient, signed by its sender, checked before use."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from county_support import CountyServer, join_new_pc
from zongzhi_county import admin, files
from zongzhi_county.schema import records
from zongzhi_desktop import crypto
from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.services.residents import ResidentInput, ResidentService
from zongzhi_desktop.sync import file_sync, state
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.sync.packages import private_key, read_package, write_package

_P = 2**255 - 19


PEOPLE = [("欧阳明华", make_number("360731", date(1971, 3, 9), 412), "13912345678"),
          ("司马晓燕", make_number("360731", date(1985, 11, 23), 57), "15887654321")]


def _register(store: Store, name: str, id_number: str, phone: str) -> str:
    return ResidentService(store).register(store.actor, ResidentInput(name=name, id_number=id_number, phone=phone)).id


def _secrets_in(path: Path) -> list[str]:
    """Every name, ID number and phone of PEOPLE found in the raw file, in any member, or in any member
    that is gzip'd, once inflated (a plain format-1 package is caught by the last)."""
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        members = [zf.read(name) for name in zf.namelist()]
    views = [raw, *members, *(gzip.decompress(m) for m in members if m[:2] == b"\x1f\x8b")]
    needles = [value for person in PEOPLE for value in person]
    return [n for n in needles for view in views if n.encode("utf-8") in view]


def _county_rows(county: CountyServer) -> int:
    with county.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(records)).scalar_one())


def test_no_name_id_number_or_phone_in_a_package_or_its_reply(county: CountyServer, township: str,
                                                              tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    other = join_new_pc(county, township, tmp_path / "other")
    _register(other, *PEOPLE[1])
    sync_now(other)  # the reply carries this person down to `pc`
    _register(pc, *PEOPLE[0])
    package, reply = tmp_path / "out.syncpkg", tmp_path / "back.syncpkg"
    assert file_sync.export_changes(pc, package) == 1
    assert _secrets_in(package) == []
    manifest = read_package(package).manifest
    assert manifest["format"] == 2 and manifest["sealed_key"]["recipient"] == pc.state("county_public_key")
    assert not {"kdf", "wraps", "recovery"} & set(json.dumps(manifest)), "no store key wraps travel in a package"
    assert files.import_package(county.engine, package, reply) == {"applied": 1, "duplicates": 0, "rejected": 0}
    assert _secrets_in(reply) == []
    assert read_package(reply).manifest["sealed_key"]["recipient"] == _device_public(pc)
    assert file_sync.import_reply(pc, reply) == {"acked": 1, "pulled": 1, "rejected": 0}
    with pc.read() as s:
        from sqlalchemy import text

        assert {r[0] for r in s.execute(text("SELECT name FROM residents"))} == {PEOPLE[0][0], PEOPLE[1][0]}
    pc.close()
    other.close()


def _device_public(pc: Store) -> str:
    return private_key(pc.state("device_private_key") or "").public_b64


def test_a_package_sealed_to_another_county_key_is_refused_as_for_another_county(
        county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    _register(pc, *PEOPLE[0])
    with pc.engine.begin() as conn:  # same county code, another county key (a copy, or a re-keyed server)
        state.put(conn, county_public_key=crypto.new_signing_key().public_b64)
    file_sync.export_changes(pc, tmp_path / "p.syncpkg")
    before = _county_rows(county)
    with pytest.raises(SyncError) as info:
        files.import_package(county.engine, tmp_path / "p.syncpkg", tmp_path / "r.syncpkg")
    assert info.value.code == "sync.package_wrong_county" and "其他县" in str(info.value)
    assert _county_rows(county) == before and not (tmp_path / "r.syncpkg").exists()
    pc.close()


def test_a_reply_sealed_to_another_device_is_refused_as_not_for_this_pc(county: CountyServer, township: str,
                                                                         tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    _register(pc, *PEOPLE[0])
    file_sync.export_changes(pc, tmp_path / "p.syncpkg")
    files.import_package(county.engine, tmp_path / "p.syncpkg", tmp_path / "r.syncpkg")
    genuine = read_package(tmp_path / "r.syncpkg")
    meta = admin.require_meta(county.engine)
    answers = [{"results": []}]
    forged = tmp_path / "elsewhere.syncpkg"  # signed by the county, this PC's id, sealed to another key
    write_package(forged, {k: v for k, v in genuine.manifest.items() if k not in ("files", "sealed_key", "format")},
                  {"answers.json.gz": answers, "pages.json.gz": []}, private_key(meta["signing_key"]),
                  recipient_public_b64=crypto.new_signing_key().public_b64)
    with pytest.raises(SyncError) as info:
        file_sync.import_reply(pc, forged)
    assert info.value.code == "sync.package_wrong_device" and "不是发给本机" in str(info.value)
    assert file_sync.import_reply(pc, tmp_path / "r.syncpkg")["acked"] == 1
    pc.close()


def _swap(src: Path, dst: Path, donor: Path, *, member: str | None = None, sealed_key: bool = False) -> None:
    """`src` with one member, or the manifest's sealed key, taken from `donor` (signature kept)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(donor) as zdonor, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == member:
                data = zdonor.read(name)
            elif name == "manifest.json" and sealed_key:
                manifest = json.loads(data)
                manifest["sealed_key"] = json.loads(zdonor.read(name))["sealed_key"]
                data = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
            zout.writestr(name, data)


def test_swapping_the_sealed_key_or_a_ciphertext_member_is_refused_before_anything_is_applied(
        county: CountyServer, township: str, tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    _register(pc, *PEOPLE[0])
    first = tmp_path / "first.syncpkg"
    file_sync.export_changes(pc, first)
    _register(pc, *PEOPLE[1])
    second = tmp_path / "second.syncpkg"
    file_sync.export_changes(pc, second)
    before = _county_rows(county)
    for kind in ("sealed_key", "member"):
        bad = tmp_path / f"{kind}.syncpkg"
        _swap(second, bad, first, member="ops.json.gz" if kind == "member" else None, sealed_key=kind == "sealed_key")
        with pytest.raises(SyncError) as info:
            files.import_package(county.engine, bad, tmp_path / "reply.syncpkg")
        assert info.value.code == "sync.package_tampered", kind
    assert _county_rows(county) == before and not (tmp_path / "reply.syncpkg").exists()
    assert files.import_package(county.engine, second, tmp_path / "reply.syncpkg")["applied"] == 2
    pc.close()


def _as_format_1(src: Path, dst: Path, signer_pem: str, recipient_pem: str) -> None:
    """The same package as the plain format 1 wrote it (payloads gzip'd JSON in clear)."""
    package = read_package(src)
    package.verify(private_key(signer_pem).public_b64)
    package.unseal(private_key(recipient_pem), not_for_me="sync.package_wrong_device")
    blobs = {name: gzip.compress(json.dumps(package.payload(name), ensure_ascii=False).encode("utf-8"))
             for name in package.manifest["files"]}
    manifest = {k: v for k, v in package.manifest.items() if k != "sealed_key"}
    manifest.update(format=1, files={n: hashlib.sha256(b).hexdigest() for n, b in blobs.items()})
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", manifest_bytes)
        for name, blob in blobs.items():
            zf.writestr(name, blob)
        zf.writestr("signature", base64.b64encode(private_key(signer_pem).sign(manifest_bytes)))
    dst.write_bytes(buffer.getvalue())


def test_an_old_plain_package_from_the_field_is_still_read_both_ways(county: CountyServer, township: str,
                                                                     tmp_path: Path) -> None:
    pc = join_new_pc(county, township, tmp_path / "pc")
    person = _register(pc, *PEOPLE[0])
    device_pem, county_pem = pc.state("device_private_key") or "", admin.require_meta(county.engine)["signing_key"]
    file_sync.export_changes(pc, tmp_path / "new.syncpkg")
    _as_format_1(tmp_path / "new.syncpkg", tmp_path / "old.syncpkg", device_pem, county_pem)
    assert set(PEOPLE[0]) <= set(_secrets_in(tmp_path / "old.syncpkg"))  # the search would see them in clear
    assert files.import_package(county.engine, tmp_path / "old.syncpkg", tmp_path / "r.syncpkg")["applied"] == 1
    _as_format_1(tmp_path / "r.syncpkg", tmp_path / "old-r.syncpkg", county_pem, device_pem)
    assert file_sync.import_reply(pc, tmp_path / "old-r.syncpkg")["acked"] == 1
    with county.engine.connect() as conn:
        assert conn.execute(select(records.c.row_id).where(records.c.row_id == person)).first() is not None
    pc.close()


# -- the Ed25519 -> X25519 conversion ------------------------------------------------------------------
def _raw_public(private: object) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)  # type: ignore[attr-defined]


def test_converted_private_and_public_keys_agree_for_many_random_keys() -> None:
    for _ in range(300):
        key = crypto.new_signing_key()
        assert _raw_public(crypto.x25519_private_from_ed25519(key)) == crypto.x25519_public_from_ed25519(key.public_b64)


def test_a_sealed_key_opens_only_for_its_recipient_sender_and_purpose() -> None:
    recipient, sender, stranger = crypto.new_signing_key(), crypto.new_signing_key(), crypto.new_signing_key()
    data_key = crypto.new_data_key()
    sealed = crypto.seal_key(recipient.public_b64, data_key, sender_public_b64=sender.public_b64, purpose="p township")
    assert crypto.open_sealed_key(recipient, sealed, sender_public_b64=sender.public_b64, purpose="p township") == data_key
    wrong = [(stranger, sender.public_b64, "p township"), (recipient, stranger.public_b64, "p township"),
             (recipient, sender.public_b64, "p county")]
    for key, claimed_sender, purpose in wrong:
        with pytest.raises(crypto.KeyMismatch):
            crypto.open_sealed_key(key, sealed, sender_public_b64=claimed_sender, purpose=purpose)
    low_order = {**sealed, "epk": base64.b64encode(bytes(32)).decode()}  # u = 0: the shared secret would be zero
    with pytest.raises(crypto.KeyMismatch):
        crypto.open_sealed_key(recipient, low_order, sender_public_b64=sender.public_b64, purpose="p township")


def _edwards(y: int) -> str:
    return base64.b64encode(y.to_bytes(32, "little")).decode()


def test_identity_small_order_non_canonical_and_off_curve_public_keys_are_refused() -> None:
    order_8_u = [325606250916557431795983626356110631294008115727848805560023387167927233504,
                 39382357235489614581723060781553021112529911719440698176882885853963445705823]
    order_8_y = [(u - 1) * pow(u + 1, -1, _P) % _P for u in order_8_u]  # y = (u - 1) / (u + 1)
    off_curve = next(y for y in range(2, 100) if not crypto._is_edwards_y(y))
    refused = [_edwards(1), _edwards(_P - 1), _edwards(0), *map(_edwards, order_8_y), _edwards(_P + 3),
               _edwards(off_curve), base64.b64encode(b"short").decode(), "not base64!"]
    for public in refused:
        with pytest.raises(crypto.KeyMismatch):
            crypto.x25519_public_from_ed25519(public)
        with pytest.raises(crypto.KeyMismatch):
            crypto.seal_key(public, crypto.new_data_key(), sender_public_b64=_edwards(9), purpose="p")
