"""Damaged sync packages (hypothesis, derandomised): random bytes, truncations and bit flips of real
packages are refused with a SyncError in Chinese before anything is applied, at the PC and the county."""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # sync_support lives with the sync tests

from county_support import CountyServer, join_new_pc, new_database  # noqa: E402
from reliability_support import REACHED  # noqa: E402
from sync_support import add_resident  # noqa: E402
from zongzhi_county import files  # noqa: E402
from zongzhi_desktop.errors import SyncError  # noqa: E402
from zongzhi_desktop.models.store import Store  # noqa: E402
from zongzhi_desktop.sync import file_sync  # noqa: E402

PACKAGES = settings(derandomize=True, database=None, deadline=None, max_examples=400,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
TRIED: Counter[str] = Counter()
CJK = re.compile("[\u4e00-\u9fff]")


class World:
    """One county, one enrolled PC with a change, its package and the county's reply to it."""

    def __init__(self, folder: Path) -> None:
        self.county = CountyServer(new_database("sqlite", folder), folder / "county").start()
        self.pc: Store = join_new_pc(self.county, self.county.new_township(), folder / "pc")
        add_resident(self.pc, "韩六")
        add_resident(self.pc, "魏七")
        self.package, self.reply = folder / "township.syncpkg", folder / "reply.syncpkg"
        file_sync.export_changes(self.pc, self.package)
        files.import_package(self.county.engine, self.package, self.reply)  # the county has it once
        self.pc.engine.dispose()  # closes the last connection: the WAL is folded into the file
        self.pc_copy = folder / "pc-before-reply.db"
        shutil.copyfile(self.pc.paths.store_file, self.pc_copy)

    def restore_pc(self) -> None:
        """Back to before the reply (after a mutation that changed nothing the signature covers)."""
        self.pc.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.pc.paths.store_file}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.pc_copy, self.pc.paths.store_file)

    def close(self) -> None:
        self.pc.close()
        self.county.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World(tmp_path_factory.mktemp("packages"))
    yield made
    made.close()
    REACHED["bad package examples tried"] = ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items()))


def _pc_state(pc: Store) -> Any:
    with pc.engine.connect() as conn:
        return [conn.exec_driver_sql(q).all() for q in (
            "SELECT key, value FROM sync_state ORDER BY key", "SELECT local_seq, state FROM sync_outbox ORDER BY 1",
            "SELECT tbl, row_id, server_seq FROM sync_row_ver ORDER BY 1, 2", "SELECT id, name FROM residents ORDER BY 1")]


def _county_state(county: CountyServer) -> Any:
    with county.engine.connect() as conn:
        return [conn.execute(text(q)).all() for q in (
            "SELECT count(*), max(server_seq) FROM change_log", "SELECT count(*) FROM records",
            "SELECT device_id, acked_local_seq FROM devices ORDER BY 1")]


def damaged(original: bytes) -> st.SearchStrategy[tuple[str, bytes]]:
    """What a bad stick, a cut copy or a hand edit does to a file."""
    size = len(original)

    def flip(bits: list[int]) -> bytes:
        data = bytearray(original)
        for bit in bits:
            data[bit // 8] ^= 1 << (bit % 8)
        return bytes(data)

    def overwrite(at: int, junk: bytes) -> bytes:
        return original[:at] + junk + original[at + len(junk):]

    return st.one_of(
        st.binary(max_size=4096).map(lambda b: ("random bytes", b)),
        st.integers(0, size - 1).map(lambda n: ("truncated", original[:n])),
        st.lists(st.integers(0, size * 8 - 1), min_size=1, max_size=8).map(lambda b: ("bit flips", flip(b))),
        st.tuples(st.integers(0, size - 1), st.binary(min_size=1, max_size=64)).map(
            lambda a: ("overwritten", overwrite(*a))),
        st.just(("zip header only", original[:30])),
    )


def _refused(error: SyncError) -> None:
    assert CJK.search(str(error)), error.code


@PACKAGES
@given(data=st.data())
def test_a_damaged_reply_is_refused_at_the_pc_before_anything_is_applied(world: World, tmp_path_factory: Any,
                                                                        data: st.DataObject) -> None:
    kind, blob = data.draw(damaged(world.reply.read_bytes()))
    path = tmp_path_factory.mktemp("reply") / "reply.syncpkg"
    path.write_bytes(blob)
    before = _pc_state(world.pc)
    TRIED[f"pc {kind}"] += 1
    try:
        file_sync.import_reply(world.pc, path)
    except SyncError as exc:
        _refused(exc)
        assert _pc_state(world.pc) == before, kind
        return
    # accepted: the flip missed every byte the signature and hashes cover (a zip timestamp, say)
    TRIED["pc accepted (unsigned bytes changed)"] += 1
    world.restore_pc()


@PACKAGES
@given(data=st.data())
def test_a_damaged_township_package_is_refused_at_the_county_before_anything_is_applied(
        world: World, tmp_path_factory: Any, data: st.DataObject) -> None:
    kind, blob = data.draw(damaged(world.package.read_bytes()))
    folder = tmp_path_factory.mktemp("package")
    (folder / "p.syncpkg").write_bytes(blob)
    before = _county_state(world.county)
    TRIED[f"county {kind}"] += 1
    try:
        files.import_package(world.county.engine, folder / "p.syncpkg", folder / "r.syncpkg")
    except SyncError as exc:
        _refused(exc)
        assert not (folder / "r.syncpkg").exists()
    else:  # accepted: the same signed changes again, answered from the receipts
        TRIED["county accepted (unsigned bytes changed)"] += 1
    assert _county_state(world.county) == before, kind
