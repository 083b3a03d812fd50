"""Automatic sync with the county (a timer, backoff after failures) and its always-visible status bar line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.services import users
from zongzhi_desktop.sync import engine, inbox
from zongzhi_desktop.sync.protocol import CLOCK_WARN_MS
from zongzhi_desktop.sync.result import SyncResult
from zongzhi_desktop.sync.inbox import SyncStatus
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import error_text

log = logging.getLogger(__name__)
AUTO_SYNC_MS = 5 * 60_000  # a sync every five minutes while enrolled
STARTUP_SYNC_MS = 15_000  # the first one soon after logging in, once the window has settled
RETRY_FIRST_MS = 30_000  # after a failure: 30 s, 60 s, 120 s … up to RETRY_MAX_MS
RETRY_MAX_MS = 10 * 60_000
STATUS_REFRESH_MS = 30_000  # pending counts change with every edit anywhere in the window
OK, WARN, BAD, QUIET = "#2e7d32", "#8a6d00", "#c62828", "#666666"


def retry_delay_ms(failures: int) -> int:
    """Exponential backoff: the delay before retry number `failures + 1`."""
    return min(RETRY_FIRST_MS * 2 ** min(failures, 20), RETRY_MAX_MS)


def local_time(iso: str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored ISO timestamp in this PC's local time ('' when missing or unreadable)."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime(fmt)
    except ValueError:
        return iso


def clock_warning(offset_ms: int, warnings: list[str] | None = None) -> str:
    """The catalogue's Chinese warning when this PC's clock is off, else ''."""
    if abs(offset_ms) <= CLOCK_WARN_MS and "sync.clock_skew" not in (warnings or []):
        return ""
    return render("sync.clock_skew", minutes=round(abs(offset_ms) / 60_000))


def _when(ms: int) -> str:
    seconds = max(1, round(ms / 1000))
    return f"{seconds} 秒" if seconds < 60 else f"{round(seconds / 60)} 分钟"


def status_text(error: BaseException | None, result: SyncResult | None, pending: int, retry_ms: int | None) -> str:
    """The honest one-line state after an attempt: what failed, what waits, when the next try is."""
    if error is None:
        if result is None:
            return ""
        lines = [render("sync.status.ok", pushed=result.pushed, pulled=result.pulled)]
        lines += [render(code, device_no=result.re_registered, minutes=round(abs(result.clock_offset_ms) / 60_000))
                  for code in result.warnings]
        if result.renumbered:
            lines.append(render("sync.cases_renumbered", count=len(result.renumbered), numbers="、".join(result.renumbered)))
        return "\n".join(lines)
    code = error.code if isinstance(error, SyncError) else ""
    retrying = isinstance(error, SyncError) and error.retry and retry_ms is not None
    if not retrying:
        return render("sync.status.refused", reason=error_text(error), pending=pending)
    # a refused or cut connection is the network; a broken answer that did arrive is "cut short"
    kind = {"sync.unreachable": "offline", "sync.server_error": "server_error"}.get(code, "cut_short")
    return render(f"sync.status.{kind}", pending=pending, when=_when(retry_ms or 0))


@dataclass(frozen=True)
class SyncOutcome:
    """How the last attempt ended: a result, or a message in Chinese."""

    result: SyncResult | None
    error: str | None
    offline: bool  # the county could not be reached (or answered "try later")
    manual: bool


class SyncScheduler(QObject):
    """Owns every sync of the window: at most one at a time, always in the background runner."""

    status_changed = Signal(object)  # SyncStatus
    sync_started = Signal()
    sync_progress = Signal(str, int, int)  # phase ("push" | "pull"), done, total
    sync_finished = Signal(object)  # SyncOutcome
    _worker_progress = Signal(str, int, int)  # emitted in the worker, delivered here (queued)

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.status: SyncStatus | None = None
        self.outcome: SyncOutcome | None = None
        self.failures = 0
        self.last_error: BaseException | None = None
        self.next_interval_ms = 0
        self.busy = False
        self._stopped = True
        self._status_loading = False
        self._status_again = False  # a refresh asked for while one was loading: run it after
        self._deferred_delay_ms: int | None = None  # a retry asked for before the status knew of the join
        self.sync_timer = QTimer(self, singleShot=True)
        self.sync_timer.timeout.connect(self._auto_sync)
        self.status_timer = QTimer(self, interval=STATUS_REFRESH_MS)
        self.status_timer.timeout.connect(self.refresh_status)
        self._worker_progress.connect(self._relay_progress)

    @property
    def enrolled(self) -> bool:
        return self.status is not None and self.status.enrolled

    @property
    def offline(self) -> bool:
        if self.outcome is not None:
            return self.outcome.offline
        return self.status is not None and self.status.last_error is not None

    def start(self) -> None:
        self._stopped = False
        self.status_timer.start()
        self.refresh_status()

    def stop(self) -> None:
        self._stopped = True
        self.sync_timer.stop()
        self.status_timer.stop()

    def refresh_status(self) -> None:
        if self._status_loading:  # that load may have read the store before what prompted this call
            self._status_again = True
            return
        self._status_loading = True
        store = self.ctx.store
        self.ctx.runner.run(lambda task: inbox.status(store), on_done=self._status_loaded,
                            on_error=self._status_failed)

    def sync_now(self, *, manual: bool = True) -> bool:
        """Start a sync unless one is running; False when nothing was started."""
        if self.busy:
            return False
        self.busy = True
        self.sync_timer.stop()
        store, relay = self.ctx.store, self._worker_progress.emit

        def work(task: Task) -> SyncResult:
            result = engine.sync_now(store, progress=relay)
            users.settle_after_sync(store)  # users who arrived: the login can name them (services.users)
            return result

        # The network pool, not the database worker: a slow county must not hold up the pages'
        # reads; the engine's own writes are short transactions that wait their turn in SQLite.
        self.ctx.runner.run(work, on_done=lambda result: self._synced(result, manual),
                            on_error=lambda error: self._failed(error, manual), uses_db=False)
        self.sync_started.emit()
        return True

    # -- GUI-thread side ---------------------------------------------------------------------
    def _auto_sync(self) -> None:
        if self.enrolled and not self._stopped:
            self.sync_now(manual=False)

    def _schedule(self, delay_ms: int) -> None:
        if self._stopped:
            return
        if not self.enrolled:  # perhaps only not yet known: a PC that has just joined; the status decides
            self._deferred_delay_ms = delay_ms
            return
        self.next_interval_ms = delay_ms
        self.sync_timer.start(delay_ms)

    @Slot(str, int, int)
    def _relay_progress(self, phase: str, done: int, total: int) -> None:
        self.sync_progress.emit(phase, done, total)

    def _synced(self, result: SyncResult, manual: bool) -> None:
        self.busy = False
        self.last_error = None
        self.failures = 0
        self.outcome = SyncOutcome(result, None, offline=False, manual=manual)
        self._schedule(AUTO_SYNC_MS)
        self.sync_finished.emit(self.outcome)
        self.refresh_status()

    def _failed(self, error: BaseException, manual: bool) -> None:
        self.busy = False
        self.last_error = error
        offline = isinstance(error, SyncError) and error.retry
        self.outcome = SyncOutcome(None, error_text(error), offline=offline, manual=manual)
        if offline:
            self._schedule(retry_delay_ms(self.failures))
            self.failures += 1
        elif not (isinstance(error, SyncError) and error.code == "sync.not_enrolled"):
            self._schedule(AUTO_SYNC_MS)  # a refusal needs the county's attention: try again at the usual pace
        self.sync_finished.emit(self.outcome)
        self.refresh_status()

    def _status_loaded(self, status: SyncStatus) -> None:
        self._status_loading = False
        first = self.status is None
        self.status = status
        if not status.enrolled:
            self.sync_timer.stop()
        elif not self.busy and not self.sync_timer.isActive():
            deferred, self._deferred_delay_ms = self._deferred_delay_ms, None
            self._schedule(deferred if deferred is not None else STARTUP_SYNC_MS if first else AUTO_SYNC_MS)
        self.status_changed.emit(status)
        if self._status_again:
            self._status_again = False
            self.refresh_status()

    def _status_failed(self, error: BaseException) -> None:
        self._status_loading = False
        self._status_again = False  # the periodic refresh tries again
        log.warning("sync status unavailable: %s", error)


class SyncStatusWidget(QWidget):
    """同步 in the status bar: online or not, last success, pending changes, conflicts (a link)."""

    def __init__(self, scheduler: SyncScheduler, open_sync_page: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheduler = scheduler
        self.state_label = QLabel(self.tr("Sync: checking…"), objectName="sync_state")
        self.last_label = QLabel("", objectName="sync_last")
        self.pending_label = QLabel("", objectName="sync_pending")
        self.rejected_label = QLabel("", objectName="sync_rejected", styleSheet=f"color: {BAD};")
        self.conflicts_button = QPushButton("", objectName="sync_conflicts", flat=True)
        self.conflicts_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_button.setToolTip(self.tr("Open the Sync page to look at the conflicts"))
        self.conflicts_button.clicked.connect(open_sync_page)
        self.clock_label = QLabel("", objectName="sync_clock", styleSheet=f"color: {WARN};")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        for widget in (self.clock_label, self.state_label, self.last_label, self.pending_label,
                       self.rejected_label, self.conflicts_button):
            layout.addWidget(widget)
        scheduler.status_changed.connect(self.show_status)
        scheduler.sync_started.connect(self._started)
        scheduler.sync_finished.connect(self._finished)
        self.show_status(None)

    def show_status(self, status: SyncStatus | None) -> None:
        enrolled = status is not None and status.enrolled
        for widget in (self.last_label, self.pending_label, self.conflicts_button):
            widget.setVisible(enrolled)
        self.rejected_label.setVisible(enrolled and status is not None and status.rejected > 0)
        if status is None:
            return
        if not enrolled:
            self._state(self.tr("Not joined to county sync"), QUIET,
                        self.tr("An administrator joins this PC on the Sync page (Join county sync…)."))
            self.clock_label.hide()
            return
        self.last_label.setText(self.tr("Last sync: {0}").format(local_time(status.last_ok_at))
                                if status.last_ok_at else self.tr("Never synced yet"))
        self.pending_label.setText(self.tr("Waiting to upload: {0}").format(status.pending))
        self.rejected_label.setText(self.tr("Refused by the county: {0}").format(status.rejected))
        self.conflicts_button.setText(self.tr("Conflicts: {0}").format(status.open_conflicts))
        colour = WARN if status.open_conflicts else QUIET
        self.conflicts_button.setStyleSheet(f"QPushButton {{ color: {colour}; text-decoration: underline; "
                                            "border: none; padding: 0 2px; }")
        result = self.scheduler.outcome.result if self.scheduler.outcome else None
        warning = clock_warning(result.clock_offset_ms, result.warnings) if result else \
            clock_warning(status.clock_offset_ms)
        self.clock_label.setText(warning)
        self.clock_label.setVisible(bool(warning))
        if not self.scheduler.busy:
            self._show_connection(status)

    def _show_connection(self, status: SyncStatus) -> None:
        outcome = self.scheduler.outcome
        error = outcome.error if outcome is not None else status.last_error
        if self.scheduler.offline:
            timer = self.scheduler.sync_timer
            if timer.isActive():
                at = (datetime.now() + timedelta(milliseconds=timer.remainingTime())).strftime("%H:%M")
                text = self.tr("Offline, retrying at {0}").format(at)
            else:
                text = self.tr("Offline")
            failure = self.scheduler.last_error
            hint = status_text(failure, None, status.pending, timer.remainingTime() if timer.isActive() else None) \
                if failure is not None else ""
            self._state(text, BAD, f"{error or ''}\n{hint}".strip())
        elif error:
            self._state(self.tr("Sync failed"), BAD, error)
        else:
            self._state(self.tr("Online"), OK, status.server_url or "")

    def _state(self, text: str, colour: str, tip: str) -> None:
        self.state_label.setText("● " + text)
        self.state_label.setStyleSheet(f"color: {colour};")
        self.state_label.setToolTip(tip)

    def _started(self) -> None:
        self._state(self.tr("Syncing…"), QUIET, "")

    def _finished(self, outcome: SyncOutcome) -> None:
        if self.scheduler.status is not None:
            self.show_status(self.scheduler.status)
