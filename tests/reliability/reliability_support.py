"""Shared by the reliability tests: register workbooks, row counts, and the CLI as a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from zongzhi_desktop.domain.idnumber import make_number
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import resolve_paths

from tests_support import ADMIN, PASSWORD

SRC = Path(__file__).resolve().parents[2] / "src"
# What each fault suite reached (examples tried, rounds, edits ...): printed at the end of the run by
# tests/reliability/conftest.py, so CI's log shows the figures without -s.
REACHED: dict[str, str] = {}


def resident_workbook(path: Path, count: int, *, notes_len: int = 0, first: int = 0) -> Path:
    """A register of `count` valid people (distinct ID numbers), `notes_len` characters of notes each
    so that a small number of rows still needs many pages."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("实有人口")
    sheet.write_row(0, 0, ["姓名", "公民身份号码", "备注"])
    for i in range(first, first + count):
        born = date(1950, 1, 1) + timedelta(days=i // 1000)
        number = make_number("360731", born, i % 1000)
        sheet.write_row(i - first + 1, 0, [f"居民{i}", number, ("备注" * notes_len)[:notes_len]])
    book.close()
    return path


def counts(store: Store) -> dict[str, int]:
    """What a transaction leaves behind: people, captured changes and audit entries."""
    with store.engine.connect() as conn:
        return {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                for t in ("residents", "sync_outbox", "audit_log")}


def counts_at(home: Path) -> dict[str, int]:
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    try:
        return counts(store)
    finally:
        store.close()


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The test run's environment (scratch XDG folders, cheap KDF) plus this home's login."""
    env = dict(os.environ, ZONGZHI_HOME=str(home), ZONGZHI_USER=ADMIN, ZONGZHI_PASSWORD=PASSWORD,
               ZONGZHI_KDF_PROFILE="test", PYTHONPATH=str(SRC))
    env.update(extra)
    return env


def run_cli(home: Path, *argv: str, prefix: tuple[str, ...] = (), python: str = sys.executable,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m zongzhi_desktop --home HOME ARGV` in a child process; `prefix` runs it as someone else."""
    return subprocess.run([*prefix, python, "-m", "zongzhi_desktop", "--home", str(home), *argv],
                          env=env or child_env(home), capture_output=True, text=True, timeout=300, cwd="/")
