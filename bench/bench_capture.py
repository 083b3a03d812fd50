"""Capture overhead: bulk writes through the capture triggers against the same writes with them dropped."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, text, update

from bench.datagen import ADMIN_PASSWORD, ADMIN_USER, build_store, insert_residents, new_store, resident_rows
from bench.harness import Context, Measurement, benchmark, paired_best_of
from zongzhi_desktop.models.registers import Resident
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.models.triggers import PREFIX, existing_triggers
from zongzhi_desktop.paths import resolve_paths

UPDATE_NOTE = "2026年度人口核查"  # no generated row has notes, so every row changes


def drop_capture(store: Store) -> int:
    """Drop every zz_ trigger: the store then writes exactly as it would without the sync capture."""
    with store.engine.begin() as conn:
        names = sorted(n for n in existing_triggers(conn) if n.startswith(PREFIX))
        for name in names:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    return len(names)


def outbox_figures(captured: Store, uncaptured: Store, rows: int, kind: str) -> dict[str, float]:
    """Outbox bytes per written row: the JSON payload, and the pages on disk (table plus its
    indexes) the captured copy holds beyond the uncaptured one, which started byte-identical."""
    with captured.engine.connect() as conn:
        payload, entries = conn.execute(
            text(
                "SELECT coalesce(sum(length(fields)), 0), count(*) FROM sync_outbox "
                "WHERE tbl = 'residents' AND kind = :k"
            ),
            {"k": kind},
        ).one()
        disk = _outbox_disk_bytes(conn)
    with uncaptured.engine.connect() as conn:
        disk -= _outbox_disk_bytes(conn)
    return {
        "outbox_entries": entries,
        "outbox_payload_bytes_per_row": round(payload / rows, 1),
        "outbox_disk_bytes_per_row": round(disk / rows, 1),
    }


def _outbox_disk_bytes(conn: Connection) -> int:
    """The pages in use in the whole file: the two copies differ only by what the capture wrote
    (SQLCipher's build has no `dbstat` table to count the outbox's own pages)."""
    pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    free = int(conn.exec_driver_sql("PRAGMA freelist_count").scalar() or 0)
    size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 0)  # SQLCipher answers with text
    return (pages - free) * size


class _Pairs:
    """Setup for paired timing: each call copies the template store twice, one copy without
    capture (baseline) and one with, so both writes start from byte-identical files."""

    def __init__(self, template: Path, ctx: Context) -> None:
        self.template, self.ctx = template, ctx
        self.opened: list[Store] = []

    def __call__(self) -> tuple[Store, Store]:
        self.close()  # the previous repeat's copies: at 100,000 rows each is tens of MB
        pair = []
        for label in ("uncaptured", "captured"):
            home = self.ctx.home(label)
            shutil.copytree(self.template, home, dirs_exist_ok=True)
            pair.append(open_store(resolve_paths(home), ADMIN_USER, ADMIN_PASSWORD))
        drop_capture(pair[0])
        self.opened = pair
        return pair[0], pair[1]

    def close(self) -> None:
        for store in self.opened:
            store.close()
            shutil.rmtree(store.paths.data_dir, ignore_errors=True)
        self.opened = []


def _measure(ctx: Context, template: Path, write: Callable[[Store], None], kind: str) -> Measurement:
    pairs = _Pairs(template, ctx)
    try:
        base, meas = paired_best_of(ctx.repeat, pairs, write, write)
        figures = outbox_figures(pairs.opened[1], pairs.opened[0], ctx.scale, kind)  # the last pair
    finally:
        pairs.close()
        shutil.rmtree(template, ignore_errors=True)
    extra = {
        "rows": ctx.scale, "rows_per_s": round(ctx.scale / meas), "baseline_rows_per_s": round(ctx.scale / base),
    }
    return Measurement(meas, base, {**extra, **figures})


@benchmark("capture.insert", aim_ratio=3.0)
def capture_insert(ctx: Context) -> Measurement:
    """Bulk insert of `scale` residents in one write unit, captured vs. triggers dropped."""
    rows = resident_rows(ctx.scale)
    template = ctx.home("template-empty")
    new_store(template).close()  # close: the WAL is checkpointed, so copying the folder copies the store
    return _measure(ctx, template, lambda store: insert_residents(store, rows), "insert")


@benchmark("capture.update")  # no aim in the issue: reported for tracking
def capture_update(ctx: Context) -> Measurement:
    """One UPDATE of one column over all `scale` residents, captured vs. triggers dropped."""
    template = ctx.home("template-full")
    build_store(template, residents=ctx.scale)

    def write(store: Store) -> None:
        with store.write() as session:
            session.execute(update(Resident).values(notes=UPDATE_NOTE))

    return _measure(ctx, template, write, "update")
