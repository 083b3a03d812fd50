"""A real county server in its own process for the sync tests, on SQLite or PostgreSQL.

`ZONGZHI_TEST_PG_URL` points at a PostgreSQL the tests may create databases in (CI starts one with
tools/pg_test_server.sh); with `ZONGZHI_REQUIRE_PG=1` a missing or unreachable PostgreSQL fails the
run instead of quietly testing SQLite only.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

from zongzhi_county import admin
from zongzhi_county.store import make_engine
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync.enrol import enroll

from tests_support import ADMIN, PASSWORD

COUNTY = ("360731", "于都县")
_township_numbers = itertools.count(100)


def backends() -> list[str]:
    wanted = os.environ.get("ZONGZHI_TEST_PG_URL")
    if os.environ.get("ZONGZHI_REQUIRE_PG") == "1" and not wanted:
        raise RuntimeError("ZONGZHI_REQUIRE_PG=1 but ZONGZHI_TEST_PG_URL is not set")
    return ["sqlite", "postgresql"] if wanted else ["sqlite"]


def new_database(backend: str, folder: Path) -> str:
    """A new county database: a file in `folder`, or a PostgreSQL database that `drop_databases`
    removes at the end of the run (named after this process, so that a later run can tell the
    leftovers of a killed one from those of a run still going)."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'county.db'}"
    base = os.environ["ZONGZHI_TEST_PG_URL"]
    name = f"zz_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    try:
        admin_engine = create_engine(_psycopg(base), isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin_engine.dispose()
    except Exception as exc:  # noqa: BLE001 - a required PostgreSQL that is not there fails loudly
        pytest.fail(f"PostgreSQL at {base} is required for the county tests but unusable: {exc}")
    _created.append(name)
    return base.rsplit("/", 1)[0] + "/" + name


_created: list[str] = []


def drop_databases(*, strays: bool) -> None:
    """Drop this run's PostgreSQL databases, and with `strays` those of test runs no longer alive
    (a killed run never reaches its end; a developer's cluster had grown to 22 GB of them)."""
    base = os.environ.get("ZONGZHI_TEST_PG_URL")
    if not base:
        return
    try:
        admin_engine = create_engine(_psycopg(base), isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            names = list(_created)
            if strays:
                names += [n for (n,) in conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE 'zz%'"))
                          if _left_by_dead_run(n)]
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()
    except Exception:  # noqa: BLE001 - tidying must not fail a run; an unreachable server is reported by the tests
        return
    _created.clear()


def _left_by_dead_run(name: str) -> bool:
    """zz_<pid>_<hex> of a process that has ended (this machine's pids; the cluster is loopback-only)."""
    parts = name.split("_")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountyServer:
    """`zongzhi-county serve` as a child process, plus in-process admin calls on its database."""

    def __init__(self, db_url: str, home: Path, *, fault: str | None = None) -> None:
        self.db_url = db_url
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.fault = fault
        self.proc: subprocess.Popen[bytes] | None = None
        self.engine: Engine = make_engine(db_url)
        admin.init_county(self.engine, code=COUNTY[0], name=COUNTY[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, fault: str | None = None, extra: list[str] | None = None, scheme: str = "http") -> CountyServer:
        env = dict(os.environ)
        env.pop("ZONGZHI_COUNTY_FAULT", None)
        if fault or self.fault:
            env["ZONGZHI_COUNTY_FAULT"] = fault or self.fault or ""
        cmd = [sys.executable, "-m", "zongzhi_county.cli", "--db", self.db_url, "--home", str(self.home), "serve",
               "--host", "127.0.0.1", "--port", str(self.port), *(extra or [])]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(self.home / "server.log", "ab"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"county server exited: {(self.home / 'server.log').read_text()[-2000:]}")
            try:
                httpx.get(f"{scheme}://127.0.0.1:{self.port}/sync/v1/info", timeout=1, verify=False)
                return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("county server did not start")

    def kill(self) -> None:
        """Like a power cut: no shutdown, no cleanup."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def wait_dead(self, timeout: float = 30) -> int | None:
        assert self.proc is not None
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def close(self) -> None:
        self.stop()
        self.engine.dispose()

    def new_township(self, name: str = "测试镇") -> str:
        code = f"{COUNTY[0]}{next(_township_numbers):03d}"
        while True:
            try:
                admin.add_township(self.engine, code=code, name=name)
                return code
            except Exception:  # noqa: BLE001 - taken by an earlier module sharing this database
                code = f"{COUNTY[0]}{next(_township_numbers):03d}"

    def code_for(self, township: str) -> str:
        return admin.new_enrol_code(self.engine, township=township)


def join_new_pc(server: CountyServer, township: str, home: Path) -> Store:
    """A PC with no store joins its township (store made by enrolment, first sync not yet run)."""
    store, _ = enroll(resolve_paths(home), server=server.url, code=server.code_for(township), admin=ADMIN,
                      password=PASSWORD)
    return store


def join_existing_pc(server: CountyServer, home: Path) -> Store:
    """A PC that already keeps its township's data enrols as it is."""
    paths = resolve_paths(home)
    township = _township_of(paths)
    store, _ = enroll(paths, server=server.url, code=server.code_for(township), admin=ADMIN, password=PASSWORD)
    return store


def _township_of(paths) -> str:  # type: ignore[no-untyped-def]
    store = open_store(paths, ADMIN, PASSWORD)
    try:
        return store.state("township_code") or ""
    finally:
        store.close()
