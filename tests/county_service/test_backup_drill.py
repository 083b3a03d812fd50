"""The nightly backup script and the restore drill of docs/county-server.md, with the commands it gives."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from county_support import backends, new_database
from zongzhi_county import admin, high_water
from zongzhi_county.cli import main
from zongzhi_county.schema import townships
from zongzhi_county.store import make_engine

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "systemd" / "zongzhi-county-backup"
BLOB = "ab" + "0" * 62


def _run_backup(env: dict[str, str]) -> str:
    done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _township_codes(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(select(townships.c.code)).scalars())
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", backends())
def test_nightly_backup_rotates_and_restores_to_a_new_epoch(backend: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    url, home, dest = new_database(backend, tmp_path), tmp_path / "home", tmp_path / "backups"
    engine = make_engine(url)
    admin.init_county(engine, code="360731", name="于都县")
    admin.add_township(engine, code="360731100", name="贡江镇")
    (home / "blobs" / "ab").mkdir(parents=True)
    (home / "blobs" / "ab" / BLOB).write_bytes(b"scan")
    dest.mkdir()
    stale = dest / "county-20200101-023000.dump"
    stale.write_bytes(b"old")
    os.utime(stale, (time.time() - 30 * 86400,) * 2)
    env = {**os.environ, "ZONGZHI_COUNTY_DB": url, "ZONGZHI_COUNTY_HOME": str(home),
           "ZONGZHI_COUNTY_BACKUP_DIR": str(dest), "ZONGZHI_COUNTY_PYTHON": sys.executable}

    assert "1 new attachment" in _run_backup(env)
    (backup,) = dest.glob("county-*")
    assert backup.suffix == (".dump" if backend == "postgresql" else ".db")
    assert (dest / "blobs" / "ab" / BLOB).read_bytes() == b"scan" and not stale.exists()
    (monthly,) = dest.glob("monthly-*")
    assert monthly.samefile(backup)
    time.sleep(1.1)  # the next copy gets its own second in the name
    assert "0 new attachment" in _run_backup(env)
    assert len(list(dest.glob("county-*"))) == 2 and len(list(dest.glob("monthly-*"))) == 1

    admin.add_township(engine, code="360731101", name="备份后新建镇")  # written after the backup: lost by the restore
    epoch_before = high_water.head_and_epoch(engine)[1]
    engine.dispose()
    monkeypatch.setenv("ZONGZHI_COUNTY_DB", url)
    monkeypatch.setenv("ZONGZHI_COUNTY_HOME", str(home))
    if backend == "postgresql":  # the drill's commands: pg_restore over the stopped county, then new-epoch
        done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={url}", str(backup)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert main(["new-epoch"]) == 0
    else:
        assert main(["restore", str(backup)]) == 0
    assert _township_codes(url) == {"360731100"}
    engine = make_engine(url)
    assert high_water.head_and_epoch(engine)[1] != epoch_before  # PCs see a new epoch and re-send what was lost
    engine.dispose()


def test_the_backup_refuses_a_database_it_cannot_copy(tmp_path: Path) -> None:
    env = {**os.environ, "ZONGZHI_COUNTY_DB": "mysql://county@localhost/county", "ZONGZHI_COUNTY_HOME": str(tmp_path),
           "ZONGZHI_COUNTY_BACKUP_DIR": str(tmp_path / "b"), "ZONGZHI_COUNTY_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "postgresql://" in done.stderr and not list((tmp_path / "b").glob("county-*"))
