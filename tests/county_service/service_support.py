"""`zongzhi-county serve` as systemd runs it: configured only through ZONGZHI_COUNTY_* variables, watched via /health."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from county_support import COUNTY, free_port
from zongzhi_county import admin
from zongzhi_county.store import make_engine
from zongzhi_desktop.sync.protocol import API, SCHEMA_VERSION, EnrollRequest, PushRequest, WireOp

TOWNSHIP = "360731201"


@dataclass
class Service:
    db_url: str
    folder: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_dir(self) -> Path:
        return self.folder / "log"

    @property
    def stderr_file(self) -> Path:
        return self.folder / "stderr.txt"

    def prepare(self) -> None:
        """`init` and `add-township` through the CLI, reading the database URL from the environment."""
        for argv in (["init", "--county-code", COUNTY[0], "--county-name", COUNTY[1]],
                     ["add-township", "--code", TOWNSHIP, "--name", "服务镇"]):
            done = subprocess.run([sys.executable, "-m", "zongzhi_county.cli", *argv], env=self.env(),
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZONGZHI_COUNTY_")}
        env.update({
            "ZONGZHI_COUNTY_DB": self.db_url, "ZONGZHI_COUNTY_HOME": str(self.folder / "home"),
            "ZONGZHI_COUNTY_HOST": "127.0.0.1", "ZONGZHI_COUNTY_PORT": str(self.port),
            "ZONGZHI_COUNTY_LOG_DIR": str(self.log_dir), **self.extra_env,
        })
        return env

    def start(self) -> dict[str, Any]:
        """Started with no flags at all; returns the first 200 of /health."""
        self.proc = subprocess.Popen([sys.executable, "-m", "zongzhi_county.cli", "serve"], env=self.env(),
                                     stdout=subprocess.DEVNULL, stderr=open(self.stderr_file, "ab"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"county service exited {self.proc.returncode}: {self.stderr_file.read_text()[-2000:]}")
            try:
                answer = httpx.get(f"{self.url}/health", timeout=2)
                if answer.status_code == 200:
                    return answer.json()
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("county service did not answer /health")

    def wait_for_stderr(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.stderr_file.read_text(errors="replace"):
                return
            assert self.proc is not None and self.proc.poll() is None, self.stderr_file.read_text()[-2000:]
            time.sleep(0.02)
        raise AssertionError(f"never saw {text!r} on the server's stderr")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def enrol(self) -> tuple[str, str]:
        """A device of TOWNSHIP: (device_id, bearer token)."""
        engine = make_engine(self.db_url)
        try:
            req = enrol_request(engine)
        finally:
            engine.dispose()
        answer = httpx.post(f"{self.url}{API}/enroll", content=req.model_dump_json(), timeout=30)
        assert answer.status_code == 200, answer.text
        return req.device_id, answer.json()["token"]


def enrol_request(engine: Engine, township: str = TOWNSHIP) -> EnrollRequest:
    return EnrollRequest(code=admin.new_enrol_code(engine, township=township), device_id=str(uuid.uuid4()),
                         device_name="服务测试机", public_key=base64.b64encode(os.urandom(32)).decode(),
                         schema_ver=SCHEMA_VERSION, app_ver="test")


def push_body(device_id: str, residents: int, *, first_seq: int = 1) -> tuple[str, list[str]]:
    """A batch inserting `residents` residents; returns the JSON and the row ids."""
    now = int(time.time() * 1000)
    ids = [str(uuid.uuid4()) for _ in range(residents)]
    ops = [WireOp(local_seq=first_seq + i, op_id=str(uuid.uuid4()), tx_id=str(uuid.uuid4()), tbl="residents",
                  row_id=row_id, kind="insert", fields={"name": f"服务测试{i}", "phone": "13900000000"},
                  hlc=now << 16, wall_ms=now, user_id="admin", schema_ver=SCHEMA_VERSION)
           for i, row_id in enumerate(ids)]
    body = PushRequest(schema_ver=SCHEMA_VERSION, app_ver="test", device_id=device_id, first_seq=first_seq,
                       last_seq=first_seq + residents - 1, client_wall_ms=now, client_hlc=now << 16, ops=ops)
    return body.model_dump_json(), ids
