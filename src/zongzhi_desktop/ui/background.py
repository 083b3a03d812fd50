"""The one background primitive: slow work off the GUI thread, results back on it, progress after
half a second, cancel by flag (the work checks it; threads are never killed).

Database work runs on a single worker (SQLite has one writer); network-only work on a small pool.
Results return through a signal connected to a slot of this GUI-thread object, so callbacks always
run on the GUI thread — never connect worker signals to lambdas (they would run in the worker).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 500


class Cancelled(Exception):
    """Raised by work that noticed `task.cancelled` and stopped."""


@dataclass
class Task:
    """Handed to the work: check `cancelled` between steps; `report(done, total)` for progress."""

    label: str | None
    _cancel: threading.Event = field(default_factory=threading.Event)
    _runner: BackgroundRunner | None = None
    future: Future[Any] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int) -> None:
        if self._runner is not None:
            self._runner._progress.emit(self, done, total)

    @property
    def running(self) -> bool:
        return self.future is not None and not self.future.done()


class BackgroundRunner(QObject):
    _finished = Signal(object, object, object)  # task, result, error
    _progress = Signal(object, int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zz-db")
        self._net = ThreadPoolExecutor(max_workers=2, thread_name_prefix="zz-net")
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]] = {}
        self._dialogs: dict[int, QProgressDialog] = {}
        self._finished.connect(self._deliver)
        self._progress.connect(self._show_progress)

    def run(
        self,
        work: Callable[[Task], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        parent: QWidget | None = None,
        uses_db: bool = True,
    ) -> Task:
        """Run `work(task)` in the background; `on_done(result)` / `on_error(exc)` on the GUI thread.

        With a `label`, a cancellable progress dialog appears if the work takes over half a second.
        """
        task = Task(label, _runner=self)
        self._callbacks[id(task)] = (on_done, on_error)
        executor = self._db if uses_db else self._net

        def body() -> None:
            try:
                result = work(task)
            except BaseException as exc:  # delivered to on_error on the GUI thread
                self._finished.emit(task, None, exc)
            else:
                self._finished.emit(task, result, None)

        task.future = executor.submit(body)
        if label:
            QTimer.singleShot(PROGRESS_DELAY_MS, lambda: self._open_dialog(task, parent))
        return task

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until queued database work is done (shutdown, tests)."""
        self._db.submit(lambda: None).result(timeout)

    def shutdown(self) -> None:
        for task_id in list(self._callbacks):
            self._callbacks[task_id] = (None, None)
        self._db.shutdown(wait=True, cancel_futures=True)
        self._net.shutdown(wait=False, cancel_futures=True)

    # -- GUI-thread side ---------------------------------------------------------------------
    def _open_dialog(self, task: Task, parent: QWidget | None) -> None:
        if not task.running or id(task) in self._dialogs:
            return
        dialog = QProgressDialog(task.label or "", self.tr("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(task.cancel)
        dialog.show()
        self._dialogs[id(task)] = dialog

    @Slot(object, int, int)
    def _show_progress(self, task: Task, done: int, total: int) -> None:
        dialog = self._dialogs.get(id(task))
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total))

    @Slot(object, object, object)
    def _deliver(self, task: Task, result: Any, error: BaseException | None) -> None:
        dialog = self._dialogs.pop(id(task), None)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()
        on_done, on_error = self._callbacks.pop(id(task), (None, None))
        if error is None:
            if on_done is not None:
                on_done(result)
        elif isinstance(error, Cancelled):
            log.info("task cancelled: %s", task.label)
        elif on_error is not None:
            on_error(error)
        else:
            log.error("background task failed", exc_info=error)
