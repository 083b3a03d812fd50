"""The sync issue's figures: enrolment, initial pull, 50,000 changes both ways, and thirty townships at once.

Every figure talks to a real county server (`zongzhi_county.cli serve`) in a child process on loopback.
Sizes follow `--scale` so that the default (100,000) is the issue's: a township of 2 × scale residents
(200,000) and scale / 2 field changes (50,000). The thirty-township figure always pushes 30 × 1,000 ops.

`sync.enrol`           seconds to enrol a PC that holds the township's residents and run its first sync,
                       which uploads every row as its baseline (no aim; one run, it is long).
`sync.initial_pull`    seconds for a fresh PC to enrol and pull the whole township (one run); baseline:
                       raw (keyed SQLCipher) executemany INSERT of the same resident rows into a store without capture.
`sync.changes`         seconds for scale / 2 one-field changes made on one PC to be pushed and pulled by
                       another (push + pull, aim ≤ 10 s); each repeat makes new changes.
`sync.apply`           seconds of `pull_apply.apply_page` (one transaction per pulled page) for those
                       changes on a copy of the pulling PC's store; baseline: raw keyed executemany UPDATE of
                       the same rows into another copy with the capture triggers dropped. Aim: apply
                       rate ≥ 25 % of raw, i.e. ratio ≤ 4.
`sync.concurrent.throughput` / `sync.concurrent.p95`
                       30 townships, one device each, push a 1,000-op batch (new residents) at the same
                       moment from one asyncio process (httpx.AsyncClient) to a server on PostgreSQL:
                       ops/s over the whole round, and the 95th percentile of one push's latency (aim
                       ≤ 1 s). Afterwards the change log's server_seq must be exactly 1..N.

The single-township figures use the county's default SQLite database unless
`ZONGZHI_BENCH_COUNTY_DB=postgresql`. PostgreSQL comes from `ZONGZHI_TEST_PG_URL` (as for the tests),
else from the throw-away cluster of `tools/pg_test_server.sh start` if it answers; each run creates
its own database there and drops it at the end.

`ZONGZHI_BENCH_PROFILE=DIR` also runs the client's push, pull and apply once more under cProfile and
writes DIR/sync.*.prof. The county server runs in its own process and is not profiled: profile
`zongzhi_county.push.push` in-process for its side.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import cProfile
import gzip
import os
import pstats
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from bench import cpu
from bench.datagen import (
    ADMIN_PASSWORD, ADMIN_USER, AREA_CODES, TODAY, TOWNSHIP_CODE, TOWNSHIP_NAME, build_store, new_store,
)
from bench.harness import Context, Measurement, benchmark, paired_best_of
from zongzhi_county import admin
from zongzhi_county.store import make_engine
from zongzhi_desktop import __version__
from zongzhi_desktop.demo import people
from zongzhi_desktop.demo.rng import DemoRandom
from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.db import IMMEDIATE, raw_connect
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.models.triggers import PREFIX
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync import engine as sync_engine
from zongzhi_desktop.sync.enrol import enroll
from zongzhi_desktop.sync.protocol import (
    API, PULL_PAGE, SCHEMA_VERSION, EnrollRequest, EnrollResponse, PullResponse, PushRequest, PushResponse, WireOp,
)
from zongzhi_desktop.sync.pull_apply import apply_page
from zongzhi_desktop.sync.transport import Transport

COUNTY = ("360731", "于都县")
PG_DEFAULT = "postgresql://zongzhi@127.0.0.1:54329/postgres"  # what tools/pg_test_server.sh start prints
TOWNSHIPS = 30
BATCH = 1000
CHANGED_FIELDS = ("phone", "current_address", "occupation", "notes")  # ordinary (LWW) fields, no derived columns


def residents_for(scale: int) -> int:
    return 2 * scale


def changes_for(scale: int) -> int:
    return max(1, scale // 2)


# --- the county server as a child process ------------------------------------------------------------


class County:
    """`zongzhi_county.cli serve` in a child process on a free loopback port, plus admin calls in-process."""

    def __init__(self, db_url: str, home: Path) -> None:
        self.db_url, self.home = db_url, home
        home.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(db_url)
        admin.init_county(self.engine, code=COUNTY[0], name=COUNTY[1])
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc: subprocess.Popen[bytes] | None = None
        self._log = open(home / "server.log", "ab")  # noqa: SIM115 - the child writes to it until stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> County:
        cmd = [sys.executable, "-m", "zongzhi_county.cli", "--db", self.db_url, "--home", str(self.home), "serve",
               "--host", "127.0.0.1", "--port", str(self.port)]
        env = {k: v for k, v in os.environ.items() if k != "ZONGZHI_COUNTY_FAULT"}
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=self._log)
        atexit.register(self.stop)  # a benchmark that fails half-way must not leave a server behind
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"county server exited: {(self.home / 'server.log').read_text()[-2000:]}")
            try:
                httpx.get(f"{self.url}{API}/info", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("county server did not start within 60 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.engine.dispose()
        self._log.close()

    def log_tail(self, chars: int = 3000) -> str:
        path = self.home / "server.log"
        return path.read_text(encoding="utf-8", errors="replace")[-chars:] if path.exists() else ""

    def add_township(self, code: str, name: str) -> str:
        admin.add_township(self.engine, code=code, name=name)
        return code

    def code_for(self, township: str) -> str:
        return admin.new_enrol_code(self.engine, township=township)


def pg_base_url() -> str:
    """The PostgreSQL the figures may create databases in, or a clear error saying how to get one."""
    url = os.environ.get("ZONGZHI_TEST_PG_URL") or PG_DEFAULT
    try:
        probe = create_engine(_psycopg(url))
        with probe.connect() as conn:
            conn.execute(text("SELECT 1"))
        probe.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        raise RuntimeError(
            f"PostgreSQL needed at {url} ({type(exc).__name__}): run tools/pg_test_server.sh start and "
            "export ZONGZHI_TEST_PG_URL=<the URL it prints>"
        ) from exc
    return url


def new_pg_database(base: str) -> str:
    name = f"zz_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(_psycopg(base), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = base.rsplit("/", 1)[0] + "/" + name
    atexit.register(drop_pg_database, base, name)
    return url


def drop_pg_database(base: str, name: str) -> None:
    engine = create_engine(_psycopg(base), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def county_db(ctx: Context, label: str) -> tuple[str, str]:
    """(database URL, backend) for the single-township figures."""
    if os.environ.get("ZONGZHI_BENCH_COUNTY_DB", "sqlite") == "postgresql":
        return new_pg_database(pg_base_url()), "postgresql"
    return f"sqlite:///{ctx.home(label) / 'county.db'}", "sqlite"


# --- one township with two PCs, built once per run -------------------------------------------------


@dataclass
class Township:
    county: County
    backend: str
    holder: Store  # the PC that held the data and uploaded it when it enrolled
    fresh: Store  # the PC that joined empty and pulled everything
    residents: int
    enrol_s: float
    enrol_pushed: int
    pull_s: float
    pulled: int
    resident_ids: list[str] = field(default_factory=list)
    rounds: int = 0  # change rounds made so far: each one writes new values


_townships: dict[int, Township] = {}


def township(ctx: Context) -> Township:
    """A county with one township of residents_for(scale) people on two enrolled PCs, in sync."""
    if ctx.scale in _townships:
        return _townships[ctx.scale]
    n = residents_for(ctx.scale)
    holder_home = ctx.home("holder")
    build_store(holder_home, residents=n)
    url, backend = county_db(ctx, "county")
    county = County(url, ctx.home("county-home")).start()
    county.add_township(TOWNSHIP_CODE, TOWNSHIP_NAME)

    start = time.perf_counter()
    holder, _ = enroll(resolve_paths(holder_home), server=county.url, code=county.code_for(TOWNSHIP_CODE),
                       admin=ADMIN_USER, password=ADMIN_PASSWORD)
    up = sync_engine.sync_now(holder)
    enrol_s = time.perf_counter() - start

    start = time.perf_counter()
    fresh, _ = enroll(resolve_paths(ctx.home("fresh")), server=county.url, code=county.code_for(TOWNSHIP_CODE),
                      admin=ADMIN_USER, password=ADMIN_PASSWORD)
    down = sync_engine.sync_now(fresh)
    pull_s = time.perf_counter() - start
    atexit.register(fresh.close)
    atexit.register(holder.close)

    with holder.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM residents ORDER BY id"))]
    with fresh.engine.connect() as conn:
        got = conn.execute(text("SELECT count(*) FROM residents")).scalar_one()
    if got != len(ids):
        raise RuntimeError(f"the fresh PC pulled {got} residents, the holder has {len(ids)}")
    _townships[ctx.scale] = Township(county, backend, holder, fresh, n, enrol_s, up.pushed, pull_s, down.pulled, ids)
    return _townships[ctx.scale]


def make_changes(t: Township, count: int) -> None:
    """`count` one-field edits on the holding PC, one per resident, captured as the app captures them."""
    t.rounds += 1
    stamp = f"{t.rounds:02d}"
    params: dict[str, list[dict[str, str]]] = {f: [] for f in CHANGED_FIELDS}
    for i, row_id in enumerate(t.resident_ids[:count]):
        name = CHANGED_FIELDS[i % len(CHANGED_FIELDS)]
        value = {
            "phone": f"13{stamp}{i:07d}"[:11],
            "current_address": f"贡江镇长征大道{i % 900 + 1}号{stamp}室",
            "occupation": ("农民", "个体", "教师", "务工")[(i + t.rounds) % 4] + stamp,
            "notes": f"第{stamp}轮核查",
        }[name]
        params[name].append({"v": value, "id": row_id})
    with t.holder.write() as session:
        for name, rows in params.items():
            if rows:
                session.execute(text(f'UPDATE residents SET "{name}" = :v WHERE id = :id'), rows)


def _outbox_pending(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar_one())


@benchmark("sync.enrol")
def enrol(ctx: Context) -> Measurement:
    t = township(ctx)
    return Measurement(t.enrol_s, extra={
        "residents": t.residents, "ops_pushed": t.enrol_pushed, "ops_per_s": round(t.enrol_pushed / t.enrol_s),
        "pushes": -(-t.enrol_pushed // sync_engine.PUSH_BATCH), "county_db": t.backend, "runs": 1,
    })


@benchmark("sync.initial_pull")
def initial_pull(ctx: Context) -> Measurement:
    t = township(ctx)
    raw = raw_resident_load(ctx, t.holder)
    return Measurement(t.pull_s, baseline=raw, extra={
        "residents": t.residents, "changes_pulled": t.pulled, "rows_per_s": round(t.pulled / t.pull_s),
        "baseline_rows_per_s": round(t.residents / raw), "county_db": t.backend, "runs": 1,
    })


def raw_resident_load(ctx: Context, source: Store) -> float:
    """Raw keyed executemany INSERT of the holder's resident rows into a copy of an empty store with the
    capture triggers dropped, in one transaction (the best of --repeat)."""
    with source.engine.connect() as conn:
        result = conn.exec_driver_sql("SELECT * FROM residents")
        cols = list(result.keys())
        rows = [tuple(_sql(v) for v in r) for r in result]
    template = ctx.home("raw-template")
    new_store(template).close()  # the app's schema and the bench grids the rows point at, no residents
    best = float("inf")
    for _ in range(max(1, ctx.repeat)):
        folder = ctx.home("raw-load")
        shutil.copytree(template, folder, dirs_exist_ok=True)
        conn = _raw_connect(resolve_paths(folder).store_file)
        try:
            marks = ", ".join("?" * len(cols))
            names = ", ".join(f'"{c}"' for c in cols)
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(f"INSERT INTO residents ({names}) VALUES ({marks})", rows)
            conn.execute("COMMIT")
            best = min(best, time.perf_counter() - start)
        finally:
            conn.close()
            shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(template, ignore_errors=True)
    return best


def _raw_connect(path: Path) -> Any:
    """A raw keyed SQLCipher connection with the pragmas of models/db.py and no zz_ triggers (the key
    unwrapped from the copied home's accounts file, outside the timing)."""
    key = AccountsFile.load(resolve_paths(path.parent).accounts_file).store_key(ADMIN_USER, ADMIN_PASSWORD)
    conn = raw_connect(path, key.raw)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "cache_size=-16384", "temp_store=MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        if name.startswith(PREFIX):
            conn.execute(f'DROP TRIGGER "{name}"')
    return conn


def _sql(value: Any) -> Any:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


@benchmark("sync.changes", aim_value=10.0)
def changes_both_ways(ctx: Context) -> Measurement:
    t = township(ctx)
    count = changes_for(ctx.scale)
    best, best_push, best_pull = float("inf"), 0.0, 0.0
    request_bytes = 0
    for _ in range(max(1, ctx.repeat)):
        make_changes(t, count)
        pending = _outbox_pending(t.holder)
        with sync_engine.transport_for(t.holder) as transport:
            counter = _ByteCounter(transport)
            result = sync_engine.SyncResult()
            start = time.perf_counter()
            sync_engine.push_all(t.holder, transport, result)
            push_s = time.perf_counter() - start
            request_bytes = counter.sent
        if result.pushed != pending or result.rejected:
            raise RuntimeError(f"pushed {result.pushed} of {pending} changes, {result.rejected} rejected")
        with sync_engine.transport_for(t.fresh) as transport:
            result = sync_engine.SyncResult()
            start = time.perf_counter()
            sync_engine.pull_all(t.fresh, transport, result)
            pull_s = time.perf_counter() - start
        if result.pulled != count:
            raise RuntimeError(f"pulled {result.pulled} changes, expected {count}")
        if push_s + pull_s < best:
            best, best_push, best_pull = push_s + pull_s, push_s, pull_s
    if PROFILE_DIR:  # one more round, untimed, for the client's side of push and pull
        make_changes(t, count)
        for name, store, step in (("push", t.holder, sync_engine.push_all), ("pull", t.fresh, sync_engine.pull_all)):
            with sync_engine.transport_for(store) as transport:
                profiled(f"sync.changes.{name}", lambda: step(store, transport, sync_engine.SyncResult()))
    return Measurement(best, extra={
        "changes": count, "residents": t.residents, "push_s": round(best_push, 3), "pull_s": round(best_pull, 3),
        "push_ops_per_s": round(count / best_push), "pull_ops_per_s": round(count / best_pull),
        "push_request_kib_gzip": round(request_bytes / 1024), "county_db": t.backend, "aim_value_s": 10.0,
    })


PROFILE_DIR = os.environ.get("ZONGZHI_BENCH_PROFILE")


def profiled(name: str, fn: Any) -> None:
    """Run `fn` under cProfile; write PROFILE_DIR/name.prof and print the top entries to stderr."""
    assert PROFILE_DIR
    profile = cProfile.Profile()
    profile.runcall(fn)
    out = Path(PROFILE_DIR) / f"{name}.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    profile.dump_stats(out)
    print(f"--- {name}: {out}", file=sys.stderr)
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)


class _ByteCounter:
    """Counts the (gzip) request bytes a transport sends, through an httpx request hook."""

    def __init__(self, transport: Transport) -> None:
        self.sent = 0
        transport._client.event_hooks["request"].append(self._count)  # noqa: SLF001 - measuring only

    def _count(self, request: httpx.Request) -> None:
        self.sent += len(request.content)


@benchmark("sync.apply", aim_ratio=4.0)
def apply_rate(ctx: Context) -> Measurement:
    t = township(ctx)
    count = changes_for(ctx.scale)
    make_changes(t, count)
    with sync_engine.transport_for(t.holder) as transport:
        sync_engine.push_all(t.holder, transport, sync_engine.SyncResult())
    pages = fetch_pages(t.fresh)
    if sum(len(p.changes) for p in pages) != count:
        raise RuntimeError(f"fetched {sum(len(p.changes) for p in pages)} changes, expected {count}")
    raw_pages = [_raw_rows(p) for p in pages]

    template = ctx.home("apply-template")
    t.fresh.close()  # checkpoints the WAL: the folder copy is then the whole store
    shutil.copytree(t.fresh.paths.data_dir, template, dirs_exist_ok=True)
    t.fresh = open_store(t.fresh.paths, ADMIN_USER, ADMIN_PASSWORD)
    atexit.register(t.fresh.close)

    opened: list[Any] = []

    def setup() -> tuple[Path, Store]:
        _close_all(opened)
        copies = []
        for label in ("raw", "apply"):
            home = ctx.home(f"apply-{label}")
            shutil.copytree(template, home, dirs_exist_ok=True)
            copies.append(home)
        store = open_store(resolve_paths(copies[1]), ADMIN_USER, ADMIN_PASSWORD)
        opened.extend([copies[0], store])
        return resolve_paths(copies[0]).store_file, store

    def measured(store: Store) -> None:
        writer = store.engine.execution_options(**{IMMEDIATE: True})
        for page in pages:
            with writer.begin() as conn:
                apply_page(conn, page.changes)

    def baseline(store_file: Path) -> None:
        conn = _raw_connect(store_file)
        try:
            for groups in raw_pages:
                conn.execute("BEGIN IMMEDIATE")
                for sql, rows in groups:
                    conn.executemany(sql, rows)
                conn.execute("COMMIT")
        finally:
            conn.close()

    try:
        base, meas = paired_best_of(ctx.repeat, setup, baseline, measured)
        if PROFILE_DIR:
            profiled("sync.apply", lambda: measured(setup()[1]))
    finally:
        _close_all(opened)
        shutil.rmtree(template, ignore_errors=True)
    with sync_engine.transport_for(t.fresh) as transport:  # the real PC catches up for later figures
        sync_engine.pull_all(t.fresh, transport, sync_engine.SyncResult())
    return Measurement(meas, baseline=base, extra={
        "changes": count, "pages": len(pages), "rows_per_s": round(count / meas),
        "baseline_rows_per_s": round(count / base), "apply_pct_of_raw": round(100 * base / meas, 1),
    })


def fetch_pages(store: Store) -> list[PullResponse]:
    """The pages a pull would apply, fetched without applying them (the cursor does not move)."""
    with store.engine.connect() as conn:
        cursor = sync_engine.state.load(conn).pull_cursor
    pages = []
    with sync_engine.transport_for(store) as transport:
        while True:
            params = {"cursor": cursor, "limit": PULL_PAGE, "schema_ver": SCHEMA_VERSION}
            page = transport.get("/pull", PullResponse, params)
            pages.append(page)
            cursor = page.next_cursor
            if not page.has_more:
                return pages


def _raw_rows(page: PullResponse) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The page's business rows as plain UPDATE statements and parameter tuples, grouped by columns."""
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}
    for c in page.changes:
        cols = tuple(c.fields)
        groups.setdefault((c.tbl, cols), []).append((*c.fields.values(), c.row_id))
    out = []
    for (tbl, cols), rows in groups.items():
        sets = ", ".join(f'"{name}" = ?' for name in cols)
        out.append((f'UPDATE "{tbl}" SET {sets} WHERE id = ?', rows))
    return out


def _close_all(opened: list[Any]) -> None:
    for item in opened:
        if isinstance(item, Store):
            item.close()
            shutil.rmtree(item.paths.data_dir, ignore_errors=True)
        else:
            shutil.rmtree(item, ignore_errors=True)
    opened.clear()


# --- thirty townships at once, on PostgreSQL ---------------------------------------------------------


@dataclass
class _Device:
    township: str
    device_id: str
    token: str
    next_seq: int = 1


_concurrent: dict[int, dict[str, Any]] = {}


def _enrol_device(county: County, client: httpx.Client, township_code: str) -> _Device:
    device_id = str(uuid.uuid4())
    req = EnrollRequest(code=county.code_for(township_code), device_id=device_id, device_name=f"bench-{township_code}",
                        public_key=base64.b64encode(os.urandom(32)).decode("ascii"), schema_ver=SCHEMA_VERSION,
                        app_ver=__version__)
    response = client.post(f"{API}/enroll", content=req.model_dump_json(), headers={"Content-Type": "application/json"})
    response.raise_for_status()
    answer = EnrollResponse.model_validate_json(response.content)
    return _Device(township_code, device_id, answer.token)


_CAPTURED = TABLES["residents"].names(ColumnClass.CAPTURED)


def resident_ops(device: _Device, rng: DemoRandom, count: int) -> PushRequest:
    """`count` inserts of new, valid residents as a device's outbox would send them (flat fields)."""
    ops = []
    now = int(time.time() * 1000)
    for _ in range(count):
        seq = device.next_seq
        device.next_seq += 1
        p = people.person(rng, area_codes=AREA_CODES, today=TODAY)
        values = dict.fromkeys(_CAPTURED)
        values.update(name=p.name, id_number=p.id_number, phone=p.phone, ethnicity=p.ethnicity,
                      registration_type="huji", status="active",
                      current_address=people.street_address(rng, "北门社区"),
                      occupation=people.occupation(rng))
        hlc = (now << 16) + seq
        ops.append(WireOp(local_seq=seq, op_id=f"{hlc:016x}{rng.getrandbits(64):016x}", tx_id=f"solo-{hlc}",
                          tbl="residents", row_id=rng.next_id(), kind="insert", fields=values, hlc=hlc, wall_ms=now,
                          user_id=ADMIN_USER, schema_ver=SCHEMA_VERSION))
    return PushRequest(schema_ver=SCHEMA_VERSION, app_ver=__version__, device_id=device.device_id,
                       first_seq=ops[0].local_seq, last_seq=ops[-1].local_seq, client_wall_ms=now,
                       client_hlc=ops[-1].hlc, ops=ops)


async def push_round(
    url: str, devices: list[_Device], bodies: list[bytes]
) -> tuple[float, list[float], list[PushResponse]]:
    """Fire every device's push at once; (wall seconds of the round, per-push latencies, answers)."""
    limits = httpx.Limits(max_connections=len(devices) + 4, max_keepalive_connections=len(devices) + 4)
    async with httpx.AsyncClient(base_url=url + API, limits=limits, timeout=httpx.Timeout(300, connect=10)) as client:
        # Open every connection first so the round measures pushes, not TCP handshakes.
        await asyncio.gather(*(client.get("/info") for _ in devices))

        async def one(device: _Device, body: bytes) -> tuple[float, PushResponse]:
            headers = {"Authorization": f"Bearer {device.token}", "Content-Type": "application/json",
                       "Content-Encoding": "gzip"}
            start = time.perf_counter()
            response = await client.post("/push", content=body, headers=headers)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise RuntimeError(f"push refused: HTTP {response.status_code} {response.text[:300]}")
            return elapsed, PushResponse.model_validate_json(response.content)

        start = time.perf_counter()
        done = await asyncio.gather(*(one(d, b) for d, b in zip(devices, bodies)))
        wall = time.perf_counter() - start
    return wall, [d[0] for d in done], [d[1] for d in done]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) >= 2 else max(values)


def concurrent_figures(ctx: Context) -> dict[str, Any]:
    """Thirty townships' pushes at once, best of --repeat rounds after one warm-up round (built once per run)."""
    if ctx.scale in _concurrent:
        return _concurrent[ctx.scale]
    base = pg_base_url()
    county = County(new_pg_database(base), ctx.home("county-pg")).start()
    try:
        codes = [county.add_township(f"{COUNTY[0]}{200 + i:03d}", f"压测{i + 1}镇") for i in range(TOWNSHIPS)]
        with httpx.Client(base_url=county.url, timeout=60) as client:
            devices = [_enrol_device(county, client, code) for code in codes]
        rng = DemoRandom(7)

        def bodies(count: int) -> list[bytes]:
            return [gzip.compress(resident_ops(d, rng, count).model_dump_json().encode("utf-8"), compresslevel=5)
                    for d in devices]

        asyncio.run(push_round(county.url, devices, bodies(10)))  # warm-up: the server's pool and caches
        rounds = []
        for _ in range(max(1, ctx.repeat)):
            payload = bodies(BATCH)
            before = _cpu_now(county)
            wall, latencies, answers = asyncio.run(push_round(county.url, devices, payload))
            spent = _cpu_spent(before, _cpu_now(county))
            for device, answer in zip(devices, answers):
                bad = [r for r in answer.results if r.status != "applied"]
                if answer.acked_through != device.next_seq - 1 or bad:
                    raise RuntimeError(f"township {device.township}: acked {answer.acked_through}, "
                                       f"{len(bad)} ops not applied ({bad[:1]})")
            rounds.append({"wall_s": wall, "latencies": latencies, "body_kib": sum(map(len, payload)) / 1024,
                           "cpu": spent})
        gaps = _seq_check(county)
    except Exception as exc:
        raise RuntimeError(f"{exc}\n--- county server log ---\n{county.log_tail()}") from exc
    finally:
        county.stop()
    best_wall = min(r["wall_s"] for r in rounds)
    p95s = [_p95(r["latencies"]) for r in rounds]
    fastest = min(rounds, key=lambda r: r["wall_s"])
    ops = TOWNSHIPS * BATCH
    _concurrent[ctx.scale] = {
        "townships": TOWNSHIPS, "ops_per_push": BATCH, "ops_per_round": ops, "rounds": len(rounds),
        "throughput_ops_per_s": round(ops / best_wall), "round_s": round(best_wall, 3),
        "p95_s": round(min(p95s), 3), "p95_by_round_s": [round(p, 3) for p in p95s],
        "p50_s": round(statistics.median(fastest["latencies"]), 3), "max_s": round(max(fastest["latencies"]), 3),
        "request_kib_gzip_per_push": round(fastest["body_kib"] / TOWNSHIPS, 1),
        "cpu_s_fastest_round": fastest["cpu"], "cores": cpu.cores(), **gaps,
    }
    return _concurrent[ctx.scale]


def _cpu_now(county: County) -> tuple[float | None, ...]:
    server = county.proc.pid if county.proc else None
    return (cpu.machine_busy_s(), cpu.process_s(server) if server else None, cpu.process_s(os.getpid()))


def _cpu_spent(before: tuple[float | None, ...], after: tuple[float | None, ...]) -> dict[str, float | None]:
    """Core-seconds the round used: the whole machine's busy time, the county server's process, this
    client process, and the rest (PostgreSQL, which shares the machine, plus any other load)."""
    machine, server, client = (None if a is None or b is None else round(b - a, 2) for a, b in zip(before, after))
    rest = None if None in (machine, server, client) else round(machine - server - client, 2)  # type: ignore[operator]
    return {"machine": machine, "county_server": server, "client": client, "postgresql_and_other": rest}


def _seq_check(county: County) -> dict[str, Any]:
    """The change log must be numbered 1..N without a hole, and next_seq must be N + 1."""
    with county.engine.connect() as conn:
        count, low, high = conn.execute(text("SELECT count(*), min(server_seq), max(server_seq) FROM change_log")).one()
        next_seq = conn.execute(text("SELECT next_seq FROM server_meta WHERE id = 1")).scalar_one()
    ok = count == high and low == 1 and next_seq == high + 1
    if not ok:
        raise RuntimeError(f"change_log has gaps: {count} entries numbered {low}..{high}, next_seq {next_seq}")
    return {"change_log_entries": int(count), "server_seq_contiguous": ok}


@benchmark("sync.concurrent.throughput", unit="ops/s")
def concurrent_throughput(ctx: Context) -> Measurement:
    f = concurrent_figures(ctx)
    return Measurement(f["throughput_ops_per_s"], extra=f)


@benchmark("sync.concurrent.p95", aim_value=1.0)
def concurrent_p95(ctx: Context) -> Measurement:
    f = concurrent_figures(ctx)
    return Measurement(f["p95_s"], extra={k: f[k] for k in ("p95_by_round_s", "p50_s", "max_s", "round_s")})
