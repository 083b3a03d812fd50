"""Attachment files travel by content hash, only the ones the county lacks, within a size limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from county_support import CountyServer, join_new_pc
from zongzhi_desktop.services.attachments import AttachmentService
from zongzhi_desktop.services.disputes import DisputeService, IntakeInput, PartyInput
from zongzhi_desktop.sync import blobs
from zongzhi_desktop.sync.engine import sync_now


def _case(store) -> str:  # type: ignore[no-untyped-def]
    return DisputeService(store).register(store.actor, IntakeInput(
        title="欠款纠纷", category="借贷纠纷", channel="来访", parties=(PartyInput("甲", "申请人"),),
        description="借款未还。", people_involved=2)).case_no


def test_an_attachment_reaches_the_other_pc_once(county: CountyServer, township: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    case_no = _case(a)
    scan = tmp_path / "调解协议.pdf"
    scan.write_bytes(b"%PDF-1.4 agreement " * 1000)
    stored = AttachmentService(a).add(a.actor, case_no, scan, kind="agreement_scan")
    sync_now(a)
    sync_now(b)
    copy = AttachmentService(b).path_of(stored.sha256)
    assert copy.read_bytes().startswith(b"ZZSEALED") and b"agreement" not in copy.read_bytes()  # sealed on B too
    assert AttachmentService(b).open_copy(b.actor, stored.id).read_bytes() == scan.read_bytes()
    uploads: list[str] = []
    original = blobs.Transport.put_bytes
    monkeypatch.setattr(blobs.Transport, "put_bytes", lambda self, path, data: (uploads.append(path), original(self, path, data)))
    sync_now(a)
    sync_now(b)
    assert uploads == []  # the county has it: nothing is sent again
    a.close()
    b.close()


def test_a_file_over_the_limit_stays_on_its_pc(county: CountyServer, township: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    case_no = _case(a)
    big = tmp_path / "录像.mp4"
    big.write_bytes(b"x" * 5000)
    stored = AttachmentService(a).add(a.actor, case_no, big)
    monkeypatch.setattr(blobs, "MAX_ATTACHMENT_BYTES", 1000)
    assert sync_now(a).rejected == 0  # the record travels, the file does not; the sync does not fail
    sync_now(b)
    assert not AttachmentService(b).path_of(stored.sha256).exists()
    a.close()
    b.close()
