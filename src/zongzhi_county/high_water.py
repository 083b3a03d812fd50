"""The high-water mark: the highest change-log number handed out, kept in a small file outside the database.

A database restored behind the server's back (a backup copied in, a snapshot rolled back) starts
with a head below numbers devices have already pulled. Reusing those numbers for new content would
make a PC skip it, so at start the server compares its head with the mark: head below the mark means
the database went back in time -> a new epoch (devices then re-push what it lost) and the next number
jumps past anything the lost database may have handed out.

The file is written only after a commit, with a head read from the database (so it never claims a
number that was rolled back: no false alarm after a crash), and only when the head has grown by
MARGIN since the last write, or at start and clean shutdown (one fsync per MARGIN numbers). A
restore that goes back less than MARGIN numbers since the last write is not caught here; devices
still catch it (their acknowledged ops above the county's watermark, sync/engine.py).
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from pathlib import Path

from sqlalchemy import Engine, select, update

from zongzhi_county.schema import server_meta

ENV = "ZONGZHI_COUNTY_HWM"  # a path for the mark file (default: beside the county data, home/high_water.json)
MARGIN = 1000
# How far past the mark numbers jump after a restore: beyond MARGIN and any one batch (a push of
# MAX_BATCH_OPS ops writes a few entries per op at most). Gaps in server_seq are harmless.
JUMP = 1_000_000

_lock = threading.Lock()  # guards _watch; held only for moments
_file_lock = threading.Lock()  # one writer of the mark file at a time
_watch: dict[str, object] = {}  # path, engine, written, seen: set by `watch`


def mark_path(home: Path) -> Path:
    return Path(os.environ.get(ENV) or home / "high_water.json")


def read_mark(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):  # a torn file: the .bak written before it holds the previous mark
        try:
            return json.loads(path.with_suffix(".bak").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


def write_mark(path: Path, mark: int, epoch: str) -> None:
    """Atomically: temp file, fsync, rename, fsync of the folder (the old mark kept as .bak)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"mark": mark, "epoch": epoch}).encode()
    for target in (path.with_suffix(".bak"), path):
        tmp = target.with_name(target.name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def head_and_epoch(engine: Engine) -> tuple[int, str]:
    with engine.connect() as conn:
        next_seq, epoch = conn.execute(select(server_meta.c.next_seq, server_meta.c.server_epoch)).one()
    return int(next_seq) - 1, str(epoch)


def new_epoch(engine: Engine, path: Path, *, past: int = 0) -> dict[str, object]:
    """A new server epoch, and the next number past both the database head and the mark (plus JUMP,
    for whatever a lost database may have handed out after the mark was written)."""
    mark = read_mark(path) or {}
    epoch = str(uuid.uuid4())
    with engine.begin() as conn:
        next_seq = int(conn.execute(select(server_meta.c.next_seq).with_for_update()).scalar_one())
        floor = max(next_seq - 1, int(mark.get("mark") or 0), past) + JUMP + 1
        conn.execute(update(server_meta).where(server_meta.c.id == 1).values(server_epoch=epoch, next_seq=floor))
    write_mark(path, floor - 1, epoch)
    return {"server_epoch": epoch, "next_seq": floor}


def check_at_start(engine: Engine, path: Path) -> dict[str, object] | None:
    """Before serving: a database behind the mark was restored behind our back -> a new epoch.
    Returns what changed (None when the database is where the mark says)."""
    head, epoch = head_and_epoch(engine)
    mark = read_mark(path)
    if mark is not None and head < int(mark.get("mark") or 0):
        return {"head": head, "mark": int(mark["mark"]), **new_epoch(engine, path)}
    write_mark(path, head, epoch)
    return None


def watch(engine: Engine, path: Path) -> None:
    """From now on `noted` numbers are written to `path` as the head grows (this process serves)."""
    head, _epoch = head_and_epoch(engine)
    with _lock:
        _watch.update(path=path, engine=engine, written=head, seen=head)


def noted(top: int) -> None:
    """take_numbers handed out numbers up to `top` (not yet committed: `flush` reads the head)."""
    with _lock:
        if _watch and top > int(_watch["seen"]):  # type: ignore[call-overload]
            _watch["seen"] = top


def flush(*, force: bool = False) -> None:
    """After a request: write the committed head when it has grown by MARGIN (or always, `force`).
    The head is read outside `_lock`: take_numbers notes under it while holding the database's
    number lock, and on SQLite even this read waits for that lock."""
    with _lock:
        if not _watch or (not force and int(_watch["seen"]) < int(_watch["written"]) + MARGIN):  # type: ignore[call-overload]
            return
        engine, path = _watch["engine"], _watch["path"]
    head, epoch = head_and_epoch(engine)  # type: ignore[arg-type]
    with _file_lock:
        with _lock:
            if not _watch or head < int(_watch["written"]):  # type: ignore[call-overload]  # never lower the mark
                return
        write_mark(path, head, epoch)  # type: ignore[arg-type]
        with _lock:
            _watch["written"] = head


def unwatch() -> None:
    with _lock:
        _watch.clear()
