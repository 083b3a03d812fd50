"""Drives the real GUI in a fresh process for bench_gui: `python -m bench.gui_probe HOME PASSWORD`
prints one JSON object with the figures (a fresh process, so memory is the GUI's own)."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ZONGZHI_KDF_PROFILE", "test")
_state: dict[str, Any] = {}

def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    from zongzhi_desktop.ui.fonts import install_fonts
    from zongzhi_desktop.ui.i18n import install_translators

    app = QApplication.instance() or QApplication([])
    if "fonts" not in _state:
        install_fonts(app)
        install_translators(app, "zh_CN")
        _state["fonts"] = True
    return app


def _wait(app: Any, done: Any, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while not done():
        app.processEvents()
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the GUI did not get there in time")
        time.sleep(0.0005)
    return time.perf_counter() - start


def _window(home: str, password: str) -> tuple[Any, Any]:
    """Log in through the real dialog and open the workbench; keeps the window for later figures."""
    if "window" not in _state:
        from zongzhi_desktop.app import build_main_window
        from zongzhi_desktop.paths import resolve_paths
        from zongzhi_desktop.ui.background import BackgroundRunner
        from zongzhi_desktop.ui.login_dialog import LoginDialog

        app = _app()
        runner = BackgroundRunner()
        dialog = LoginDialog(resolve_paths(home), runner, username="admin")
        dialog.show()
        dialog.password.setText(password)
        start = time.perf_counter()
        dialog.try_login()
        _wait(app, lambda: dialog.store is not None)
        window = build_main_window(dialog.store, runner)
        window.resize(1366, 860)
        window.show()
        dashboard = window.pages["dashboard"]
        _wait(app, lambda: getattr(dashboard, "figures", None) is not None or not runner_busy(runner))
        _state["main_window_s"] = time.perf_counter() - start
        _state["window"], _state["runner"] = window, runner
    return _state["window"], _app()


def runner_busy(runner: Any) -> bool:
    return bool(runner._callbacks)  # noqa: SLF001 - the bench watches the queue drain


def main_window(home: str, password: str) -> dict[str, Any]:
    _window(home, password)
    return {"value": _state["main_window_s"]}


def first_page(home: str, password: str) -> dict[str, Any]:
    window, app = _window(home, password)
    page = window.pages["residents"]
    runner = _state["runner"]
    idle_wait = _wait(app, lambda: not runner_busy(runner))  # the dashboard has finished loading
    start = time.perf_counter()
    window.navigate("residents")
    _wait(app, lambda: page.model.rowCount() > 0 and page.model.row_at(0) is not None)
    app.processEvents()  # and painted
    return {"value": time.perf_counter() - start, "rows": page.model.rowCount(),
            "waited_for_dashboard_s": round(idle_wait, 3)}


def search_p95(home: str, password: str) -> dict[str, Any]:
    window, app = _window(home, password)
    page = window.pages["residents"]
    window.navigate("residents")
    _wait(app, lambda: page.model.rowCount() > 0)
    rng = random.Random(7)
    sample = [page.model.row_at(rng.randrange(min(page.model.rowCount(), 5000))) for _ in range(20)]
    queries = []
    for row in sample:
        if row is None:
            continue
        from zongzhi_desktop.domain.pinyin import name_keys

        keys = name_keys(row.name)
        queries += [keys.initials[0][:1], keys.initials[0][:2], keys.full[0][:4], row.name[:1], row.name[:2]]
    times = []
    for q in queries:
        before = page._generation  # noqa: SLF001 - the bench waits for this query's own answer
        start = time.perf_counter()
        page.search.setText(q)
        page.requery()  # what the typing pause triggers, without waiting out the debounce
        # the first rows on screen: the quick preview (or the full list, whichever lands first)
        _wait(app, lambda: page.shown_generation == before + 1)
        if page.model.rowCount():
            page.model.row_at(0)
        times.append(time.perf_counter() - start)
    p95 = statistics.quantiles(times, n=20)[-1]
    return {"value": p95, "queries": len(times), "p50_ms": round(statistics.median(times) * 1000, 2)}


def rss_after_scroll(home: str, password: str) -> dict[str, Any]:
    window, app = _window(home, password)
    page = window.pages["residents"]
    page.search.setText("")
    window.navigate("residents")
    _wait(app, lambda: page._complete and page.model.rowCount() > 1000)  # noqa: SLF001
    bar = page.table.verticalScrollBar()
    steps = 200
    for i in range(steps + 1):  # a drag from top to bottom, painting on the way
        bar.setValue(bar.maximum() * i // steps)
        app.processEvents()
    return {"value": _rss_mb(), "rows": page.model.rowCount(), "cached_pages": page.model.cached_pages()}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(home: str, password: str) -> None:
    figures = {
        "gui.main_window": main_window(home, password),
        "gui.first_page": first_page(home, password),
        "gui.search_p95": search_p95(home, password),
        "gui.rss_mb": rss_after_scroll(home, password),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
