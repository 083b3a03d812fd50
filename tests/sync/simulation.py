"""A randomised county: PCs in two townships create, edit, delete, merge and transfer people and sync
in random orders over a connection that drops and repeats messages (sync.md §4 scenario 18).

Used by tests/sync/test_random_convergence.py (CI size) and bench/bench_convergence.py (larger).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from county_support import CountyServer, join_new_pc
from sync_support import add_resident, edit
from zongzhi_county import moves
from zongzhi_county.schema import field_ver, records
from zongzhi_desktop.domain.catalogue import township_tables
from zongzhi_desktop.errors import SyncError, ZongzhiError
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.models.triggers import captured_columns, table_columns
from zongzhi_desktop.services.key_persons import KeyPersonService
from zongzhi_desktop.services.residents import ResidentService
from zongzhi_desktop.sync import inbox, requests
from zongzhi_desktop.sync import transport as transport_mod
from zongzhi_desktop.sync.engine import sync_now

SHARED_ID_NUMBERS = ["360731199001010012", "36073119850202002X", "360731197003030034"]


@dataclass
class Tally:
    operations: int = 0
    syncs: int = 0
    failed_syncs: int = 0
    dropped: int = 0
    repeated: int = 0
    merges: int = 0
    transfers: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@contextmanager
def flaky_network(rng: random.Random, tally: Tally, rate: float) -> Iterator[None]:
    """Pushes and pulls that sometimes never arrive, lose their answer, or arrive twice."""
    post, get = transport_mod.Transport.post, transport_mod.Transport.get

    def unreliable(original):  # type: ignore[no-untyped-def]
        def call(self, path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if path not in ("/push", "/pull"):
                return original(self, path, *args, **kwargs)
            roll = rng.random()
            if roll < rate:  # lost on the way
                tally.dropped += 1
                raise SyncError("sync.unreachable", retry=True, url=self.url, reason="dropped")
            if roll < 2 * rate:  # arrived, answer lost
                original(self, path, *args, **kwargs)
                tally.dropped += 1
                raise SyncError("sync.unreachable", retry=True, url=self.url, reason="answer lost")
            if roll < 3 * rate:  # sent twice
                tally.repeated += 1
                original(self, path, *args, **kwargs)
            return original(self, path, *args, **kwargs)
        return call

    transport_mod.Transport.post, transport_mod.Transport.get = unreliable(post), unreliable(get)
    try:
        yield
    finally:
        transport_mod.Transport.post, transport_mod.Transport.get = post, get


class County:
    """PCs in townships around one county server."""

    def __init__(self, server: CountyServer, folder: Path, pcs_per_township: tuple[int, ...], seed: int) -> None:
        self.server = server
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.townships = [server.new_township(f"镇{i}") for i in range(len(pcs_per_township))]
        self.pcs: list[tuple[str, Store]] = [
            (town, join_new_pc(server, town, folder / f"pc{t}-{i}"))
            for t, (town, n) in enumerate(zip(self.townships, pcs_per_township)) for i in range(n)
        ]

    def close(self) -> None:
        for _, pc in self.pcs:
            pc.close()

    def run(self, rounds: int, ops_per_round: int, fault_rate: float) -> Tally:
        with flaky_network(self.rng, self.tally, fault_rate):
            for _ in range(rounds):
                for town, pc in self.pcs:
                    for _ in range(self.rng.randint(1, ops_per_round)):
                        self._operate(town, pc)
                for _, pc in self.rng.sample(self.pcs, self.rng.randint(1, len(self.pcs))):
                    self._sync(pc)
                if self.rng.random() < 0.3:
                    self._county_move()
        for _ in range(3):  # the network heals: everyone catches up
            for _, pc in self.pcs:
                sync_now(pc)
                self.tally.syncs += 1
        return self.tally

    def _sync(self, pc: Store) -> None:
        self.tally.syncs += 1
        try:
            sync_now(pc)
        except SyncError as exc:
            assert exc.retry, exc
            self.tally.failed_syncs += 1

    def _operate(self, town: str, pc: Store) -> None:
        people = _live(pc)
        roll = self.rng.random()
        kind = "create"
        try:
            if not people or roll < 0.25:
                number = self.rng.choice(SHARED_ID_NUMBERS) if self.rng.random() < 0.3 else None
                add_resident(pc, self.rng.choice("赵钱孙李周吴郑王") + self.rng.choice("一二三四"),
                             **({"id_number": number} if number else {}), phone=f"139{self.rng.randrange(10**8):08d}")
            elif roll < 0.5:
                kind = "edit"
                edit(pc, "residents", self.rng.choice(people), phone=f"138{self.rng.randrange(10**8):08d}")
            elif roll < 0.6:
                kind = "rename"
                ResidentService(pc).update(pc.actor, self.rng.choice(people), name=self.rng.choice(["刘备", "关羽"]))
            elif roll < 0.68:
                kind = "delete"
                ResidentService(pc).remove(pc.actor, self.rng.choice(people), "测试删除")
            elif roll < 0.78:
                kind = "key_person"
                KeyPersonService(pc).add(pc.actor, self.rng.choice(people), "released",
                                         details={"release_date": "2025-01-01"})
            elif roll < 0.88:
                kind = "merge"
                self._township_merge(pc)
            else:
                kind = "transfer_request"
                others = [t for t in self.townships if t != town]
                task = requests.ask_transfer(pc, pc.actor, self.rng.choice(people), self.rng.choice(others), "搬迁")
                moves.decide_transfer(self.server.engine, task.id, approve=True)
                self.tally.transfers += 1
        except ZongzhiError as exc:
            # offline, or a record that moved away meanwhile: what a clerk would see and shrug at
            kind = f"refused:{exc.code}"
        self.tally.operations += 1
        self.tally.by_kind[kind] = self.tally.by_kind.get(kind, 0) + 1

    def _township_merge(self, pc: Store) -> None:
        open_tasks = [d for d in inbox.duplicates(pc, pc.actor) if d.township_a == d.township_b]
        if open_tasks:
            d = self.rng.choice(open_tasks)
            requests.ask_merge(pc, pc.actor, d.row_a, d.row_b)
            self.tally.merges += 1

    def _county_move(self) -> None:
        """The county settles a cross-township duplicate now and then."""
        for dup in moves.list_duplicates(self.server.engine, status="open"):
            if dup["township_a"] != dup["township_b"]:
                try:
                    moves.merge_residents(self.server.engine, keep=dup["row_a"], drop=dup["row_b"])
                    self.tally.merges += 1
                except ZongzhiError:
                    pass
                return

    def differences(self) -> list[str]:
        """Every PC against the county's own rows for its township: empty when all agree."""
        problems = []
        for town, pc in self.pcs:
            expected = county_rows(self.server, town)
            actual = pc_rows(pc)
            for tbl in expected.keys() | actual.keys():
                e, a = expected.get(tbl, {}), actual.get(tbl, {})
                for row_id in e.keys() | a.keys():
                    if e.get(row_id) != a.get(row_id):
                        problems.append(f"{town} {tbl} {row_id}: county={e.get(row_id)} pc={a.get(row_id)}")
        return problems


def _live(pc: Store) -> list[str]:
    with pc.read() as s:
        return [r[0] for r in s.execute(text(
            "SELECT id FROM residents WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY id"))]


def county_rows(server: CountyServer, township: str) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    names = [t.name for t in township_tables()]
    with server.engine.connect() as conn:
        query = select(field_ver.c.tbl, field_ver.c.row_id, field_ver.c.field, field_ver.c.value).join(
            records, (records.c.tbl == field_ver.c.tbl) & (records.c.row_id == field_ver.c.row_id)
        ).where(records.c.township_code == township, records.c.tbl.in_(names))
        for tbl, row_id, name, value in conn.execute(query):
            decoded = json.loads(value)
            if decoded is not None:
                out.setdefault(tbl, {}).setdefault(row_id, {})[name] = decoded
    return out


def pc_rows(pc: Store) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with pc.engine.connect() as conn:
        for spec in township_tables():
            cols = captured_columns(spec, table_columns(conn, spec.name))
            listed = ", ".join(f'"{c}"' for c in ["id", *cols])
            for row in conn.exec_driver_sql(f'SELECT {listed} FROM "{spec.name}"'):
                values = {c: v for c, v in zip(cols, row[1:]) if v is not None}
                out.setdefault(spec.name, {})[row[0]] = values
    return out
