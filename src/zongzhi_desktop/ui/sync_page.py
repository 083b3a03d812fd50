"""同步: sync now with progress, where this PC stands with the county (and joining it), sync by USB
stick, the conflict inbox, possible duplicate residents and the history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.sync import inbox
from zongzhi_desktop.sync.inbox import SyncRunItem, SyncStatus
from zongzhi_desktop.ui.background import Task
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.join_county_dialog import Joined, JoinCountyDialog
from zongzhi_desktop.ui.messages import confirm, error_text, show_error
from zongzhi_desktop.ui.page import Page
from zongzhi_desktop.ui.sync_conflicts import ConflictRow, ConflictTable, InboxData, load_inbox, where_text
from zongzhi_desktop.ui.sync_duplicates import DuplicatesBox, DuplicatesData, load_duplicates
from zongzhi_desktop.ui.sync_files import FileSyncBox
from zongzhi_desktop.ui.sync_status import BAD, OK, SyncOutcome, SyncScheduler, clock_warning, local_time

HISTORY_ROWS = 50


@dataclass(frozen=True)
class SyncPageData:
    status: SyncStatus
    history: list[SyncRunItem]
    inbox: InboxData
    duplicates: DuplicatesData
    joined_by_file: bool  # the county's key is pinned from an enrolment file; packages travel by USB stick
    completing: bool  # joined by file, the county's reply to the first package not imported yet


class SyncPage(Page):
    key = "sync"

    def __init__(self, ctx: UiContext, scheduler: SyncScheduler, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.scheduler = scheduler
        self.data: SyncPageData | None = None
        self.may_run = allowed(ctx.actor, "sync.run")
        self.may_join = ctx.actor.role == "admin"  # sync/enrol.py refuses everyone else
        self.joined_by_file: bool | None = None  # not known until the page has loaded
        self.completing = False
        self.join_dialog: JoinCountyDialog | None = None

        self.sync_button = QPushButton(self.tr("Sync now"), objectName="sync_now")
        self.sync_button.setMinimumHeight(34)
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.setEnabled(self.may_run and not scheduler.busy)
        self.progress = QProgressBar(objectName="progress", textVisible=False)
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.phase = QLabel("", objectName="phase")
        bar = QHBoxLayout()
        bar.addWidget(self.sync_button)
        bar.addWidget(self.progress)
        bar.addWidget(self.phase)
        bar.addStretch(1)
        self.message = QLabel("", objectName="message", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.server = QLabel("", objectName="server", wordWrap=True)
        self.last_ok = QLabel("", objectName="last_ok")
        self.pending = QLabel("", objectName="pending")
        self.rejected = QLabel("", objectName="rejected")
        self.clock = QLabel("", objectName="clock", wordWrap=True)
        self.join_row = self._join_row()
        status_box = QGroupBox(self.tr("This PC and the county"))
        form = QFormLayout(status_box)
        form.addRow(self.tr("County server"), self.server)
        form.addRow(self.join_row)
        form.addRow(self.tr("Last successful sync"), self.last_ok)
        form.addRow(self.tr("Changes waiting to upload"), self.pending)
        form.addRow(self.tr("Changes refused by the county"), self.rejected)
        form.addRow(self.tr("Clock"), self.clock)
        form.addRow(bar)
        form.addRow(self.message)

        self.conflicts = ConflictTable(self.restore)
        self.conflicts.may_restore = allowed(ctx.actor, "sync.resolve")
        self.conflicts_note = QLabel(self.tr(
            "When two PCs change the same item before syncing, the later change is used and the other value is "
            "kept here. Identity data (name, ID number, grid) keeps the current value until someone checks it."),
            objectName="conflicts_note", wordWrap=True)
        self.no_conflicts = QLabel(self.tr("No conflicts waiting."), objectName="no_conflicts",
                                   styleSheet=f"color: {OK};")
        conflicts_box = self.conflicts_box = QGroupBox(self.tr("Conflict inbox"))
        conflicts_layout = QVBoxLayout(conflicts_box)
        conflicts_layout.addWidget(self.conflicts_note)
        conflicts_layout.addWidget(self.no_conflicts)
        conflicts_layout.addWidget(self.conflicts)

        self.history = QTableWidget(0, 7, objectName="history")
        self.history.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Result"), self.tr("Uploaded"), self.tr("Downloaded"), self.tr("Conflicts"),
            self.tr("Refused"), self.tr("Message"),
        ])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        history_box = QGroupBox(self.tr("Sync history"))
        QVBoxLayout(history_box).addWidget(self.history)

        self.files = FileSyncBox(ctx, self.may_run)
        self.files.imported.connect(self._files_imported)
        self.duplicates = DuplicatesBox(ctx, scheduler, self.refresh)

        top = QHBoxLayout()
        top.addWidget(status_box, 3)
        top.addWidget(self.files, 2)
        layout = self.body = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(conflicts_box, 3)
        layout.addWidget(self.duplicates, 2)
        layout.addWidget(history_box, 2)

        scheduler.sync_started.connect(self._started)
        scheduler.sync_progress.connect(self._progressed)
        scheduler.sync_finished.connect(self._finished)
        scheduler.status_changed.connect(self._show_status)

    def _join_row(self) -> QWidget:
        row = QWidget(objectName="join_row")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.join_note = QLabel(self.tr(
            "Joining uploads this PC's register to the county; after that changes are exchanged with the county "
            "and the township's other PCs by themselves. It needs the county server address and a one-time code "
            "from the county, or the county's enrolment file."), objectName="join_note", wordWrap=True)
        self.join_note.setStyleSheet("color: #555;")
        self.join_button = QPushButton(self.tr("Join county sync…"), objectName="join_county")
        self.join_button.setMinimumHeight(30)
        self.join_button.clicked.connect(self.open_join_dialog)
        self.join_button.setVisible(self.may_join)
        self.ask_admin = QLabel(self.tr("Please ask an administrator to join this PC to county sync."),
                                objectName="ask_admin", wordWrap=True)
        self.ask_admin.setVisible(not self.may_join)
        line.addWidget(self.join_note, 1)
        line.addWidget(self.join_button, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.ask_admin, 0, Qt.AlignmentFlag.AlignTop)
        row.hide()
        return row

    def title(self) -> str:
        return self.tr("Sync")

    def activate(self, **filters: Any) -> None:
        self.refresh()
        self.sync_button.setFocus()

    def refresh(self) -> None:
        store, actor, may_run = self.ctx.store, self.ctx.actor, self.may_run

        def work(task: Task) -> SyncPageData:
            conflicts = load_inbox(store, actor) if may_run else InboxData([], "")
            return SyncPageData(inbox.status(store), inbox.history(store, HISTORY_ROWS), conflicts,
                                load_duplicates(store, actor), joined_by_file=bool(store.state("county_public_key")),
                                completing=bool(store.state("enrol_code")))

        self.ctx.runner.run(work, on_done=self._loaded, on_error=self._show_failure)

    # -- sync --------------------------------------------------------------------------------
    def sync_now(self) -> None:
        if not self.scheduler.sync_now(manual=True):
            self.message.setText(self.tr("A sync is already running."))

    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.phase.setText(self.tr("Connecting to the county server…"))
        self._say("", None)

    def _progressed(self, phase: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        text = self.tr("Uploading changes {0}/{1}") if phase == "push" else self.tr("Downloading changes {0}/{1}")
        self.phase.setText(text.format(done, total))

    def _finished(self, outcome: SyncOutcome) -> None:
        self.sync_button.setEnabled(self.may_run)
        self.progress.hide()
        self.phase.clear()
        result = outcome.result
        if result is None:
            self._say(outcome.error or "", BAD)
        else:
            text = self.tr("Sync finished: uploaded {0}, downloaded {1}, conflicts {2}, refused {3}.").format(
                result.pushed, result.pulled, result.conflicts, result.rejected)
            if result.held:
                text += " " + self.tr("{0} identity changes wait to be checked.").format(result.held)
            self._say(text, OK)
        self.refresh()

    # -- joining the county -------------------------------------------------------------------
    def open_join_dialog(self) -> JoinCountyDialog:
        dialog = JoinCountyDialog(self.ctx, self.scheduler, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.joined.connect(self._joined)
        dialog.open()
        self.join_dialog = dialog  # for the tests and the screenshots
        return dialog

    def _joined(self, joined: Joined) -> None:
        self.refresh()

    def _files_imported(self) -> None:
        self.refresh()
        self.scheduler.refresh_status()

    # -- conflicts ---------------------------------------------------------------------------
    def restore(self, row: ConflictRow) -> None:
        item = row.item
        where = where_text(item.tbl, item.field)
        shown = self.conflicts
        if not confirm(self, self.tr("Restore the value not used"),
                       self.tr("Change {0} of “{1}” from “{2}” back to “{3}”? The change is uploaded at the next "
                               "sync.").format(where, row.record, shown.value_text(item.winner),
                                               shown.value_text(item.loser))):
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.ctx.runner.run(lambda task: inbox.restore_other(store, actor, item.id),
                            on_done=lambda done: self._restored(row), on_error=self._restore_failed)

    def _restored(self, row: ConflictRow) -> None:
        self._say(self.tr("Restored {0} of “{1}” to “{2}”; it is uploaded at the next sync.").format(
            where_text(row.item.tbl, row.item.field), row.record, self.conflicts.value_text(row.item.loser)), OK)
        self.refresh()
        self.scheduler.refresh_status()

    def _restore_failed(self, error: BaseException) -> None:
        show_error(self, error)
        self.refresh()

    # -- showing -----------------------------------------------------------------------------
    def _loaded(self, data: SyncPageData) -> None:
        self.data = data
        self.joined_by_file = data.joined_by_file and not data.status.enrolled
        self.completing = data.completing
        self._show_status(data.status)
        self.conflicts.show_rows(data.inbox)
        self.no_conflicts.setVisible(not data.inbox.rows)
        self.conflicts.setVisible(bool(data.inbox.rows))
        self.duplicates.show_rows(data.duplicates)
        # empty lists shrink to their notes; the history takes the room
        self.body.setStretchFactor(self.conflicts_box, 3 if data.inbox.rows else 0)
        self.body.setStretchFactor(self.duplicates, 2 if data.duplicates.rows else 0)
        self.history.setRowCount(len(data.history))
        for r, run in enumerate(data.history):
            for c, value in enumerate(self.history_values(run)):
                cell = QTableWidgetItem(value)
                if 2 <= c <= 5:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 1:
                    cell.setForeground(QColor(OK if run.ok else BAD))
                if c == 6:
                    cell.setToolTip(value)
                self.history.setItem(r, c, cell)

    def history_values(self, run: SyncRunItem) -> list[str]:
        if run.ok:
            result = self.tr("Succeeded")
        elif run.finished_at:
            result = self.tr("Failed")
        else:
            result = self.tr("Interrupted")
        notes = [run.message] if run.message else []
        if run.conflicts:
            notes.append(self.tr("{0} conflicts, see the conflict inbox above.").format(run.conflicts))
        if run.rejected:
            notes.append(self.tr("{0} changes refused by the county.").format(run.rejected))
        return [local_time(run.finished_at or run.started_at, "%Y-%m-%d %H:%M:%S"), result, str(run.pushed),
                str(run.pulled), str(run.conflicts), str(run.rejected), " ".join(notes)]

    def _show_status(self, status: SyncStatus) -> None:
        if status.enrolled:
            self.server.setText(status.server_url or "")
        elif self.joined_by_file:
            self.server.setText(self.tr("Joined with the county's enrolment file: changes travel by USB stick.")
                                + (" " + self.tr("Joining is complete once the county's reply to the first package "
                                                 "has been imported.") if self.completing else ""))
        else:
            self.server.setText(self.tr("Not joined to county sync yet: every change is kept on this PC."))
        self.join_row.setVisible(not status.enrolled and self.joined_by_file is False)
        self.last_ok.setText(local_time(status.last_ok_at) or self.tr("never"))
        self.pending.setText(str(status.pending))
        self.rejected.setText(str(status.rejected))
        warning = clock_warning(status.clock_offset_ms)
        in_step = self.tr("In step with the county") if status.last_ok_at else "—"
        self.clock.setText(warning or in_step)
        self.clock.setStyleSheet(f"color: {BAD};" if warning else "")

    def _show_failure(self, error: BaseException) -> None:
        self._say(error_text(error), BAD)

    def _say(self, text: str, colour: str | None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
