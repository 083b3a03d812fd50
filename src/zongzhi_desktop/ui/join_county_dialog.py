"""加入县级同步…: an administrator joins a PC that already keeps its register to the county, through
the county server (address and one-time code) or with the county's enrolment file; the first sync,
which uploads the register (the baseline), then runs in the background like every other sync."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QRadioButton,
    QSizePolicy, QVBoxLayout, QWidget,
)

from zongzhi_desktop.errors import SyncError, ZongzhiError
from zongzhi_desktop.services.auth import Store
from zongzhi_desktop.sync.enrol import enroll_open_store, enroll_open_store_by_file
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.setup_wizard_pages import CountyPage, hint_label
from zongzhi_desktop.ui.setup_wizard_work import FILE, SERVER
from zongzhi_desktop.ui.sync_status import BAD, OK, SyncOutcome, SyncScheduler


@dataclass(frozen=True)
class JoinRequest:
    way: str  # SERVER or FILE
    server: str = ""
    code: str = ""
    ca_file: str = ""
    enrol_file: str = ""


@dataclass(frozen=True)
class Joined:
    way: str
    place: str  # county and township, e.g. 于都县贡江镇
    device_no: str = ""


def join_county(store: Store, request: JoinRequest) -> Joined:
    """Background work: enrol the open store (no second login: the administrator is logged in).
    When the county refuses, or cannot be reached, nothing in the store changes (sync/enrol.py)."""
    if request.way == SERVER:
        answer = enroll_open_store(store, server=request.server.strip(), code=request.code.strip(),
                                   ca_file=request.ca_file.strip() or None)
        return Joined(SERVER, answer.county_name + answer.township_name, answer.device_no)
    manifest = enroll_open_store_by_file(store, Path(request.enrol_file.strip()).expanduser())
    return Joined(FILE, f"{manifest.get('county_name', '')}{manifest.get('township_name', '')}")


class JoinCountyDialog(QDialog):
    """Asks, joins in the background, then follows the first sync until it ends or the window is
    closed (the sync carries on either way; the page and the status bar show it)."""

    joined = Signal(object)  # Joined

    def __init__(self, ctx: UiContext, scheduler: SyncScheduler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("join_county_dialog")
        self.setWindowTitle(self.tr("Join county sync"))
        self.ctx = ctx
        self.scheduler = scheduler
        self.working = False
        self.outcome: Joined | None = None
        self.following_sync = False
        self.headline = ""  # "joined … as device …", kept above the first sync's progress
        intro = QLabel(self.tr(
            "This PC joins the county as it is: nothing in its register is deleted or replaced. The first sync "
            "then uploads the register to the county and downloads what the township's other PCs have."),
            objectName="intro", wordWrap=True)
        self.ways = QButtonGroup(self)
        self.by_server = QRadioButton(self.tr("Through the county server (address and one-time code)"),
                                      objectName="way_server", checked=True)
        self.by_file = QRadioButton(self.tr("With an enrolment file from the county (no network)"),
                                    objectName="way_file")
        for button in (self.by_server, self.by_file):
            self.ways.addButton(button)
            button.toggled.connect(self._way_changed)
        # the set-up wizard's county page, as a plain widget: the same fields, checks and wording
        self.county = CountyPage(self)
        self.county.layout().setContentsMargins(0, 0, 0, 0)
        self.county.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # notes right below
        self.file_note = hint_label(self.tr(
            "With a file, joining is completed by the county: export a package on the Sync page, take it to "
            "the county, and import the reply package the county gives back."))
        self.file_note.setObjectName("file_note")
        self.status = QLabel("", objectName="status", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar(objectName="progress", textVisible=False)
        self.bar.hide()
        self.background_note = hint_label(self.tr(
            "You can close this window: the upload carries on in the background and the Sync page shows how far "
            "it is. Keep the program open until it has finished."))
        self.background_note.setObjectName("background_note")
        self.background_note.hide()
        self.buttons = QDialogButtonBox()
        self.join_button = QPushButton(self.tr("Join"), objectName="join", default=True)
        self.close_button = QPushButton(self.tr("Cancel"), objectName="close")
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.join_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        ways = QHBoxLayout()
        ways.addWidget(self.by_server)
        ways.addWidget(self.by_file)
        ways.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(ways)
        layout.addWidget(self.county)
        layout.addWidget(self.file_note)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.background_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._way_changed()
        self.resize(640, 400)
        scheduler.sync_progress.connect(self._sync_progressed)
        scheduler.sync_finished.connect(self._sync_finished)

    def way(self) -> str:
        return FILE if self.by_file.isChecked() else SERVER

    def request(self) -> JoinRequest:
        c = self.county
        return JoinRequest(self.way(), c.server.text(), c.code.text(), c.ca_file.text(), c.enrol_file.text())

    @Slot()
    def _way_changed(self) -> None:
        self.county.show_way(self.way())
        self.county.message.clear()
        self.file_note.setVisible(self.way() == FILE)
        focus = self.county.enrol_file if self.way() == FILE else \
            self.county.code if self.county.server.text() else self.county.server
        focus.setFocus()

    # -- joining -----------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        if self.working or not self.county.validatePage():  # the page shows what is missing or wrong
            return
        self._set_working(True)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Contacting the county server…") if self.way() == SERVER
                            else self.tr("Checking the enrolment file…"))
        store, request = self.ctx.store, self.request()
        # the network pool, like every sync: a slow county must not hold up the pages' reads
        self.ctx.runner.run(lambda task: join_county(store, request), on_done=self._joined, on_error=self._failed,
                            uses_db=False)

    def _set_working(self, working: bool) -> None:
        self.working = working
        for widget in (self.by_server, self.by_file, self.county, self.join_button, self.close_button):
            widget.setEnabled(not working)
        self.bar.setVisible(working)
        self.bar.setRange(0, 0)

    def _failed(self, error: BaseException) -> None:
        self._set_working(False)
        self.status.clear()
        self.county.message.setText(self.reason(error))

    def reason(self, error: BaseException) -> str:
        """In Chinese, with what to check; the catalogue's own texts speak of the command line (--ca)
        or of a PC that has already joined ("syncs later"), which is not this one."""
        params = getattr(error, "params", {})
        code = error.code if isinstance(error, SyncError) else ""
        if code == "sync.unreachable":
            text = self.tr("Cannot reach the county server {0} ({1}). Check the address and that this PC is online, "
                           "then try again.").format(params.get("url", ""), params.get("reason", ""))
        elif code == "sync.tls_failed":
            text = self.tr("The county server {0} could not be verified ({1}). Check the address, or choose the "
                           "county's CA certificate file.").format(params.get("url", ""), params.get("reason", ""))
        else:
            text = error_text(error)
        if isinstance(error, ZongzhiError):
            text += " " + self.tr("Nothing was changed on this PC.")
        return text

    def _joined(self, joined: Joined) -> None:
        self.working, self.outcome = False, joined
        for widget in (self.by_server, self.by_file, self.county, self.join_button):
            widget.setEnabled(False)
        self.join_button.hide()
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setDefault(True)
        self.status.setStyleSheet(f"color: {OK};")
        self.joined.emit(joined)
        self.scheduler.refresh_status()  # the status bar: joined
        if joined.way == FILE:
            self.bar.hide()
            self.status.setText(self.tr(
                "This PC has joined {0} with the enrolment file. To complete it: export a package on the Sync "
                "page, take it to the county, and import the county's reply.").format(joined.place))
            return
        self.headline = self.tr("This PC has joined {0} as device {1}.").format(joined.place, joined.device_no)
        self._say(self.tr("The first sync starts: it uploads this PC's register to the county."))
        self.background_note.show()
        self.following_sync = self.scheduler.sync_now(manual=True)
        if not self.following_sync:  # another sync is running (started before the join): the next one uploads
            self.bar.hide()

    @Slot(str, int, int)
    def _sync_progressed(self, phase: str, done: int, total: int) -> None:
        if not self.following_sync:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        text = self.tr("Uploading this PC's register: {0} of {1} changes") if phase == "push" else \
            self.tr("Downloading the township's changes: {0} of {1}")
        self._say(text.format(done, total))

    @Slot(object)
    def _sync_finished(self, outcome: SyncOutcome) -> None:
        if not self.following_sync:
            return
        self.following_sync = False
        self.bar.hide()
        self.background_note.hide()
        result = outcome.result
        if result is None:
            self.status.setStyleSheet(f"color: {BAD};")
            self._say(self.tr("The first sync did not finish: {0} It carries on by itself; the Sync page shows how "
                              "it goes.").format(outcome.error))
            return
        self._say(self.tr("First sync finished: uploaded {0} changes, downloaded {1}.").format(
            result.pushed, result.pulled))

    def _say(self, line: str) -> None:
        self.status.setText(f"{self.headline}\n{line}" if self.headline else line)

    def reject(self) -> None:
        if self.working:
            return  # the county may be spending the code on this PC: the answer must be kept
        super().reject()

    def done(self, result: int) -> None:
        # the scheduler lives as long as the window; this dialog does not
        for signal, slot in ((self.scheduler.sync_progress, self._sync_progressed),
                             (self.scheduler.sync_finished, self._sync_finished)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        super().done(result)
