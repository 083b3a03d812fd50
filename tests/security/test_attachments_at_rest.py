"""Attachments are sealed at rest: no plaintext under the home, tampering refused, old plain files
sealed at login, decrypted copies only in the private cache under a name that cannot escape or run."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from zongzhi_desktop import crypto
from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models import sealed_files
from zongzhi_desktop.models.attachment_files import FILE_KEY_PURPOSE, NAME_KEY_PURPOSE
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import AppPaths, resolve_paths
from zongzhi_desktop.services.attachments import AttachmentService, remove_opened_copies
from zongzhi_desktop.services.disputes import DisputeService, IntakeInput, PartyInput
from tests_support import ADMIN, PASSWORD
from security.support import files_holding

MARKER = "王秀英-360731199001010027-调解协议"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"


def _case(store: Store) -> str:
    return DisputeService(store).register(store.actor, IntakeInput(
        title="宅基地纠纷", category="借贷纠纷", channel="来访", parties=(PartyInput("甲", "申请人"),),
        description="相邻通行。", people_involved=2)).case_no


def _pdf(folder: Path, name: str = "调解协议.pdf") -> Path:
    path = folder / name
    path.write_bytes(b"%PDF-1.4\n" + MARKER.encode("utf-8") * 200 + b"\n%%EOF")
    return path


def _jpeg(folder: Path) -> Path:
    path = folder / "现场照片.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(3000) + MARKER.encode("utf-8") + b"\xff\xd9")
    return path


def _opened_files(paths: AppPaths) -> list[Path]:
    return [p for p in paths.cache_dir.rglob("*") if p.is_file()]


def test_an_attachment_is_sealed_on_disk_and_opens_identical(store: Store, tmp_path: Path) -> None:
    case_no = _case(store)
    service = AttachmentService(store)
    originals = [_pdf(tmp_path), _jpeg(tmp_path)]
    stored = [service.add(store.actor, case_no, source, kind="document") for source in originals]
    home = store.paths.data_dir
    assert files_holding(home, [MARKER]) == {}
    for item, source in zip(stored, originals):
        raw = item.path.read_bytes()
        assert raw.startswith(sealed_files.MAGIC) and len(raw) == source.stat().st_size + sealed_files.OVERHEAD
        assert item.sha256 not in str(item.path)  # the name is a keyed hash, not the content hash
        opened = service.open_copy(store.actor, item.id)
        assert opened.read_bytes() == source.read_bytes() and opened.name == source.name
        assert store.paths.cache_dir in opened.parents
    assert remove_opened_copies(store.paths) == 2
    assert _opened_files(store.paths) == [] and files_holding(home, [MARKER]) == {}


def test_the_copy_for_the_viewer_is_private(store: Store, tmp_path: Path) -> None:
    item = AttachmentService(store).add(store.actor, _case(store), _pdf(tmp_path))
    opened = AttachmentService(store).open_copy(store.actor, item.id)
    for folder in (store.paths.cache_dir, opened.parent.parent, opened.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(opened.stat().st_mode) == 0o600
    again = AttachmentService(store).open_copy(store.actor, item.id)
    assert again != opened and again.name == opened.name  # a fresh folder each time: nothing overwritten


@pytest.mark.parametrize("synced_name, shown", [
    ("../../evil.bat", "evil.bat.txt"), ("..\\..\\evil.bat", "evil.bat.txt"), ("run.bat", "run.bat.txt"),
    ("协议\u202efdp.exe", "协议fdp.exe.txt"), ("CON.pdf", "_CON.pdf"), ("..", "文件"),
])
def test_a_synced_name_cannot_leave_the_folder_or_run(store: Store, tmp_path: Path, synced_name: str,
                                                       shown: str) -> None:
    item = AttachmentService(store).add(store.actor, _case(store), _pdf(tmp_path))
    with store.engine.begin() as conn:  # as a row from another PC could arrive: the name unchecked
        conn.execute(text("UPDATE attachments SET filename = :n WHERE id = :id"), {"n": synced_name, "id": item.id})
    opened = AttachmentService(store).open_copy(store.actor, item.id)
    assert opened.name == shown
    assert opened.parent.parent == store.paths.cache_dir / "opened"
    assert not (tmp_path / "evil.bat").exists() and not (store.paths.data_dir / "evil.bat").exists()


def test_a_tampered_file_is_refused_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    item = AttachmentService(store).add(store.actor, _case(store), _pdf(tmp_path))
    raw = bytearray(item.path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    item.path.write_bytes(bytes(raw))
    with pytest.raises(StoreError) as info:
        AttachmentService(store).open_copy(store.actor, item.id)
    assert info.value.code == "disputes.attachment_damaged"
    assert "调解协议.pdf" in str(info.value) and "已损坏或被改动" in str(info.value)
    assert _opened_files(store.paths) == []


def test_a_sealed_file_put_under_another_attachments_name_is_refused(store: Store, tmp_path: Path) -> None:
    service = AttachmentService(store)
    case_no = _case(store)
    first = service.add(store.actor, case_no, _pdf(tmp_path))
    second = service.add(store.actor, case_no, _jpeg(tmp_path))
    shutil.copyfile(first.path, second.path)  # the tag binds the content hash: a swap does not open
    with pytest.raises(StoreError):
        service.open_copy(store.actor, second.id)


def test_adding_the_original_again_repairs_a_damaged_copy(store: Store, tmp_path: Path) -> None:
    service = AttachmentService(store)
    source, case_no = _pdf(tmp_path), _case(store)
    item = service.add(store.actor, case_no, source)
    item.path.write_bytes(b"ZZSEALED\x01garbage")
    service.add(store.actor, case_no, source)
    assert service.open_copy(store.actor, item.id).read_bytes() == source.read_bytes()


def _make_plain(store: Store, sha256: str, data: bytes) -> Path:
    """Put the file back the way stores before this change kept it: plain, named by its hash."""
    plain = store.paths.attachments_dir / sha256[:2] / sha256
    plain.parent.mkdir(parents=True, exist_ok=True)
    plain.write_bytes(data)
    return plain


def test_plain_files_of_an_old_store_are_sealed_at_login(store: Store, tmp_path: Path) -> None:
    source = _pdf(tmp_path)
    item = AttachmentService(store).add(store.actor, _case(store), source)
    item.path.unlink()
    plain = _make_plain(store, item.sha256, source.read_bytes())
    leftover = plain.with_name(f".{plain.name}.4242.tmp")  # an old copy's temp file, cut short by a crash
    leftover.write_bytes(source.read_bytes()[:100])
    os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    store.close()
    assert files_holding(store.paths.data_dir, [MARKER])  # plain indeed
    reopened = open_store(store.paths, ADMIN, PASSWORD)
    try:
        assert not plain.exists() and not leftover.exists()
        assert files_holding(reopened.paths.data_dir, [MARKER]) == {}
        assert item.path.read_bytes().startswith(sealed_files.MAGIC)
        assert AttachmentService(reopened).open_copy(reopened.actor, item.id).read_bytes() == source.read_bytes()
    finally:
        reopened.close()


def test_a_crash_between_sealing_and_removing_is_finished_at_the_next_login(store: Store, tmp_path: Path) -> None:
    source = _pdf(tmp_path)
    item = AttachmentService(store).add(store.actor, _case(store), source)
    sealed_before = item.path.read_bytes()
    plain = _make_plain(store, item.sha256, source.read_bytes())  # both copies: the crash point
    young_temp = item.path.with_name(f".{item.path.name}.999.tmp")  # another process writing right now
    young_temp.write_bytes(b"ZZSEALED")
    store.close()
    open_store(store.paths, ADMIN, PASSWORD).close()
    assert not plain.exists() and item.path.read_bytes() == sealed_before  # the good sealed copy kept as is
    assert young_temp.exists()
    open_store(store.paths, ADMIN, PASSWORD).close()  # idempotent
    assert item.path.read_bytes() == sealed_before


def test_a_plain_store_with_plain_attachments_is_sealed_whole(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(FIXTURES / "rev0006", home)
    (home / "manifest.json").unlink()
    data = b"\xff\xd8\xff" + MARKER.encode("utf-8") * 50
    sha = hashlib.sha256(data).hexdigest()
    (home / "attachments" / sha[:2]).mkdir(parents=True)
    (home / "attachments" / sha[:2] / sha).write_bytes(data)
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    try:
        assert files_holding(home, [MARKER]) == {}
        assert AttachmentService(store).path_of(sha).read_bytes().startswith(sealed_files.MAGIC)
    finally:
        store.close()


def test_removing_copies_never_follows_a_link(store: Store, tmp_path: Path) -> None:
    item = AttachmentService(store).add(store.actor, _case(store), _pdf(tmp_path))
    opened = AttachmentService(store).open_copy(store.actor, item.id)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    (opened.parent / "link").symlink_to(precious)
    assert remove_opened_copies(store.paths) == 1
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert list((store.paths.cache_dir / "opened").iterdir()) == []


def test_each_purpose_has_its_own_key() -> None:
    master = crypto.new_data_key()
    file_key, name_key = crypto.derive_key(master, FILE_KEY_PURPOSE), crypto.derive_key(master, NAME_KEY_PURPOSE)
    assert len({master, file_key, name_key}) == 3 and len(file_key) == 32
    assert crypto.derive_key(master, FILE_KEY_PURPOSE) == file_key  # stable: files stay readable
    sealed = sealed_files.seal(file_key, b"data", "ctx")
    with pytest.raises(sealed_files.SealBroken):
        sealed_files.unseal(name_key, sealed, "ctx")
    with pytest.raises(sealed_files.SealBroken):
        sealed_files.unseal(file_key, sealed[:8] + b"\x02" + sealed[9:], "ctx")  # an unknown version
    assert sealed_files.unseal(file_key, sealed, "ctx") == b"data"


def test_opening_an_attachment_is_on_record_and_a_refused_open_is_not(store: Store, tmp_path: Path) -> None:
    from zongzhi_desktop.services.audit import AuditService

    service = AttachmentService(store)
    item = service.add(store.actor, _case(store), _pdf(tmp_path))
    service.open_copy(store.actor, item.id)
    raw = bytearray(item.path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    item.path.write_bytes(bytes(raw))
    with pytest.raises(StoreError):
        service.open_copy(store.actor, item.id)
    opened = [e for e in AuditService(store).list(store.actor) if e.action == "attachment.open"]
    assert [(e.subject_table, e.subject_id) for e in opened] == [("attachments", item.id)]
