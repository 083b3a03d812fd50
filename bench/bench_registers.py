"""The registers issue's figures: building the demo township, and search latency on it.

`registers.demo`   seconds for `demo --residents SCALE` (aim: 200,000 in under a minute).
`registers.search` p95 of the first page of a realistic query mix (aim ≤ 50 ms), as a ratio to a
                   plain indexed SQLite lookup of the same rows (by primary key, a raw keyed SQLCipher connection).
`registers.growth` both figures at 10,000, 100,000 and 1,000,000 residents; run it on purpose:
                   `python -m bench --only registers.growth` (it builds a million-person store).
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench import harness
from bench.harness import Context, Measurement
from zongzhi_desktop.demo.township import build_demo
from zongzhi_desktop.models.store import Store, create_store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services.resident_search import ResidentSearch

PASSWORD = "Bench-2026"
QUERIES = 300
GROWTH_SIZES = (10_000, 100_000, 1_000_000)
_built: dict[int, tuple[Path, float]] = {}


def _build(ctx: Context, residents: int) -> tuple[Path, float]:
    """A demo township of `residents` people (built once per run and size), and its build time."""
    if residents not in _built:
        home = ctx.home(f"demo{residents}")
        store = create_store(resolve_paths(home), township_code="360731100", township_name="贡江镇",
                             admin_user="admin", admin_password=PASSWORD)
        start = time.perf_counter()
        build_demo(store, residents=residents, seed=1)
        _built[residents] = (home, time.perf_counter() - start)
        store.close()
    return _built[residents]


def _queries(store: Store, n: int, seed: int = 5) -> list[str]:
    """What clerks type: initials, full-pinyin prefixes, name prefixes, ID tails, phone heads."""
    rng = random.Random(seed)
    with store.read() as s:
        sample = s.connection().exec_driver_sql(
            "SELECT name, name_pinyin, name_initials, id_number, phone FROM residents "
            "WHERE id_number IS NOT NULL AND phone IS NOT NULL ORDER BY random() LIMIT ?", (n,)
        ).all()
    out = []
    for name, full, initials, number, phone in sample:
        kind = rng.randrange(5)
        out.append(
            [initials[:3], full[: rng.randint(3, 6)], name[:2], number[-rng.randint(4, 6):], phone[:7]][kind]
        )
    return out


def _latencies(store: Store, queries: list[str]) -> tuple[list[float], list[float]]:
    """Seconds per query: the service's first page, and a raw indexed fetch of the same rows."""
    search = ResidentSearch(store)
    actor = store.actor
    raw = store.connect_raw()  # keyed: the same SQLCipher file, behind the services
    ours, base = [], []
    for q in queries:
        start = time.perf_counter()
        page = search.search(actor, q, limit=50)
        ours.append(time.perf_counter() - start)
        ids = [r.id for r in page.rows]
        marks = ",".join("?" * len(ids)) or "NULL"
        start = time.perf_counter()
        raw.execute(
            "SELECT r.id, r.name, r.id_number, r.sex, r.birth_date, r.phone, r.grid_id, g.name, "
            f"r.registration_type, r.status FROM residents r LEFT JOIN grids g ON g.id = r.grid_id "
            f"WHERE r.id IN ({marks}) ORDER BY r.name, r.id", ids,
        ).fetchall()
        base.append(time.perf_counter() - start)
    raw.close()
    return ours, base


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def _search_figures(ctx: Context, residents: int) -> dict[str, Any]:
    home, build_seconds = _build(ctx, residents)
    store = open_store(resolve_paths(home), "admin", PASSWORD)
    try:
        queries = _queries(store, QUERIES)
        _latencies(store, queries[:30])  # warm the page cache like a PC that has been in use
        ours, base = _latencies(store, queries)
    finally:
        store.close()
    return {
        "residents": residents, "build_s": round(build_seconds, 2), "queries": len(queries),
        "p50_ms": round(statistics.median(ours) * 1000, 2), "p95_ms": round(_p95(ours) * 1000, 2),
        "max_ms": round(max(ours) * 1000, 2), "baseline_p95_ms": round(_p95(base) * 1000, 3),
    }


@harness.benchmark("registers.demo", aim_value=60.0, unit="s")
def demo_build(ctx: Context) -> Measurement:
    _home, seconds = _build(ctx, ctx.scale)
    return Measurement(seconds, extra={"residents": ctx.scale, "rows_per_s": round(ctx.scale / seconds)})


@harness.benchmark("registers.search", aim_value=0.050, unit="s")
def search_latency(ctx: Context) -> Measurement:
    f = _search_figures(ctx, ctx.scale)
    return Measurement(f["p95_ms"] / 1000, baseline=f["baseline_p95_ms"] / 1000, extra=f)


@harness.benchmark("registers.growth", unit="s", explicit=True)
def growth(ctx: Context) -> Measurement:
    figures = [_search_figures(ctx, n) for n in GROWTH_SIZES]
    largest = figures[-1]
    return Measurement(largest["p95_ms"] / 1000, extra={"by_size": figures})

