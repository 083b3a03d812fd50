"""Pushes from several townships (and two PCs of one township editing the same people) at once:
nothing lost or doubled, change-log numbers 1..N in commit order, and a puller running alongside
never skips a number that commits late."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import uuid
from datetime import date

from sqlalchemy import Engine, text

from zongzhi_county import admin
from zongzhi_county.enrolment import enroll
from zongzhi_county.pull import pull
from zongzhi_county.push import push
from zongzhi_desktop import __version__
from zongzhi_desktop.demo import people
from zongzhi_desktop.demo.rng import DemoRandom
from zongzhi_desktop.sync.protocol import SCHEMA_VERSION, EnrollRequest, PushRequest, WireOp


ROUNDS = 4
PER_PUSH = 40


class _Pc:
    def __init__(self, engine: Engine, township: str) -> None:
        self.device_id = str(uuid.uuid4())
        enroll(engine, EnrollRequest(
            code=admin.new_enrol_code(engine, township=township), device_id=self.device_id, device_name="pc",
            public_key=base64.b64encode(os.urandom(32)).decode("ascii"), schema_ver=SCHEMA_VERSION, app_ver=__version__))
        self.township = township
        self.next_seq = 1

    def request(self, ops: list[tuple[str, str, dict]]) -> PushRequest:
        """(kind, row id, fields) as this PC's outbox would send them, numbered on."""
        now = int(time.time() * 1000)
        wire = []
        for kind, row_id, fields in ops:
            hlc = (now << 16) + self.next_seq
            wire.append(WireOp(local_seq=self.next_seq, op_id=f"{self.device_id[:8]}-{self.next_seq}", tx_id=f"t{hlc}",
                               tbl="residents", row_id=row_id, kind=kind, fields=fields, hlc=hlc, wall_ms=now,
                               user_id="admin", schema_ver=SCHEMA_VERSION))
            self.next_seq += 1
        return PushRequest(schema_ver=SCHEMA_VERSION, app_ver=__version__, device_id=self.device_id,
                           first_seq=wire[0].local_seq, last_seq=wire[-1].local_seq, client_wall_ms=now,
                           client_hlc=wire[-1].hlc, ops=wire)


def _new_people(rng: DemoRandom, count: int) -> list[tuple[str, str, dict]]:
    out = []
    for _ in range(count):
        p = people.person(rng, area_codes=["360731"], today=date(2026, 1, 1))
        out.append(("insert", rng.next_id(), {"name": p.name, "id_number": p.id_number, "phone": p.phone,
                                              "registration_type": "huji", "status": "active"}))
    return out


def test_concurrent_pushes_keep_the_log_whole_and_in_commit_order(engine: Engine) -> None:
    towns = [admin.add_township(engine, code=f"360731{300 + i}", name=f"并发{i}镇")["code"] for i in range(3)]
    pcs = [_Pc(engine, towns[0]), _Pc(engine, towns[0]), _Pc(engine, towns[1]), _Pc(engine, towns[2])]
    rng = DemoRandom(11)
    shared = _new_people(rng, PER_PUSH)  # people both PCs of the first township then edit at once
    push(engine, pcs[0].device_id, pcs[0].request(shared))
    errors: list[BaseException] = []
    done = threading.Event()

    def pusher(pc: _Pc, index: int) -> None:
        try:
            for r in range(ROUNDS):
                if pc.township == towns[0]:  # both edit the same rows, in opposite orders (a deadlock would show)
                    rows = shared if index % 2 else shared[::-1]
                    ops = [("update", row_id, {"phone": {"old": None, "new": f"13{index}{r}{n:07d}", "base_seq": None}})
                           for n, (_k, row_id, _f) in enumerate(rows)]
                else:
                    ops = _new_people(DemoRandom(100 * index + r), PER_PUSH)
                answer = push(engine, pc.device_id, pc.request(ops))
                assert answer.acked_through == pc.next_seq - 1
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    pulled: dict[str, list[int]] = {t: [] for t in towns}

    def puller(pc: _Pc) -> None:
        device, cursor = {"device_id": pc.device_id, "township_code": pc.township}, 0
        try:
            while True:
                finished = done.is_set()  # read before the pull: the last pull starts after every commit
                page = pull(engine, device, cursor)
                pulled[pc.township] += [c.server_seq for c in page.changes]
                cursor = page.next_cursor
                if finished and not page.has_more:
                    return
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    pushers = [threading.Thread(target=pusher, args=(pc, i)) for i, pc in enumerate(pcs)]
    pullers = [threading.Thread(target=puller, args=(pc,)) for pc in (pcs[0], pcs[2], pcs[3])]
    for t in pushers + pullers:
        t.start()
    for t in pushers:
        t.join(120)
    done.set()
    for t in pullers:
        t.join(120)
    assert not errors, errors

    with engine.connect() as conn:
        seqs = [r[0] for r in conn.execute(text("SELECT server_seq FROM change_log ORDER BY server_seq"))]
        next_seq = conn.execute(text("SELECT next_seq FROM server_meta")).scalar_one()
        assert seqs == list(range(1, len(seqs) + 1)) and next_seq == len(seqs) + 1
        for town in towns:  # every change of the township reached its puller once, in order
            scoped = [r[0] for r in conn.execute(text(
                "SELECT server_seq FROM change_log WHERE township_code = :t OR township_code IS NULL "
                "ORDER BY server_seq"), {"t": town})]
            assert pulled[town] == scoped
        receipts = conn.execute(text("SELECT count(*), count(server_seq), count(DISTINCT server_seq), "
                                     "count(CASE WHEN status IN ('applied', 'conflict') THEN 1 END) FROM op_receipts")).one()
        assert receipts[0] == receipts[3] == PER_PUSH * (1 + ROUNDS * len(pcs))  # each op answered once, none refused
        assert receipts[1] == receipts[2] > PER_PUSH * (1 + 2 * ROUNDS)  # no two ops share a number
        # What the county holds for each field is what its log wrote last for it.
        latest: dict[tuple[str, str], str] = {}
        for row_id, fields in conn.execute(text(
                "SELECT row_id, fields FROM change_log WHERE tbl = 'residents' ORDER BY server_seq")):
            for name, value in json.loads(fields).items():
                latest[(row_id, name)] = value
        stored = {(r, f): json.loads(v) for r, f, v in conn.execute(text("SELECT row_id, field, value FROM field_ver"))}
        assert stored == {k: v for k, v in latest.items() if v is not None or k in stored}
        last = dict(conn.execute(text("SELECT row_id, max(server_seq) FROM change_log "  # writes, not restatements
                                      "WHERE origin_device IS NOT NULL GROUP BY row_id")).all())
        marks = dict(conn.execute(text("SELECT row_id, last_seq FROM records")).all())
        assert marks == {r: last[r] for r in marks}
