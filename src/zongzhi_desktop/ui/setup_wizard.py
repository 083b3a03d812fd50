"""First run: with no store the application opens this wizard — a new register, or joining the county
by server or enrolment file — and ends with the recovery key printed and confirmed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from zongzhi_desktop.errors import SyncError, ZongzhiError
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import setup
from zongzhi_desktop.services.auth import Store, confirms_last_group, township_name
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.recovery_key_dialog import RecoveryKeyDialog
from zongzhi_desktop.ui.setup_wizard_pages import (
    AdminPage, CountyPage, TownshipPage, WelcomePage, hint_label, message_label,
)
from zongzhi_desktop.ui.setup_wizard_work import FILE, NEW, SERVER, SetupOutcome, SetupRequest, carry_out

__all__ = ["FILE", "NEW", "SERVER", "SetupWizard", "unfinished_key_dialog"]


class _Relay(QObject):
    """Carries progress from the worker thread to the page (a queued signal to a GUI-thread slot)."""

    progressed = Signal(str, int, int)


class WorkPage(QWizardPage):
    """Doing it: the store is made (and the county contacted) off the GUI thread. A failure leaves
    nothing behind and offers to change the details or try again."""

    def __init__(self, paths: AppPaths, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = runner
        self.outcome: SetupOutcome | None = None
        self.working = False
        self.setTitle(self.tr("Setting up"))
        self.setSubTitle(self.tr("Please wait and keep the PC switched on."))
        self.setCommitPage(True)  # once made, the store is not made again by going back
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continue"))
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        self.bar = QProgressBar(objectName="progress", textVisible=False)
        self.message = message_label()
        self.change = QPushButton(self.tr("Change the details"), objectName="change")
        self.change.clicked.connect(lambda: self.wizard().back())
        self.again = QPushButton(self.tr("Try again"), objectName="again")
        self.again.clicked.connect(self.start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change)
        buttons.addWidget(self.again)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        request = self.wizard().request()  # type: ignore[attr-defined]
        self.working, self.outcome = True, None
        self.message.clear()
        self.change.hide()
        self.again.hide()
        self.bar.show()
        self.bar.setRange(0, 0)
        self.wizard().button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self._progressed("create" if request.way != SERVER else "contact", 0, 0)
        relay = self._relay
        self._runner.run(lambda task: carry_out(self._paths, request, relay.progressed.emit),
                         on_done=self._done, on_error=self._failed)
        self.completeChanged.emit()

    @Slot(str, int, int)
    def _progressed(self, step: str, done: int, total: int) -> None:
        texts = {
            "create": self.tr("Creating the encrypted register… (this takes a few seconds)"),
            "contact": self.tr("Contacting the county server…"),
            "download": self.tr("Downloading the township's data from the county…"),
        }
        self.status.setText(texts.get(step, ""))
        self.bar.setRange(0, max(total, 0))
        if total:
            self.bar.setValue(min(done, total))

    def _done(self, outcome: SetupOutcome) -> None:
        self.working, self.outcome = False, outcome
        self.wizard().button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.wizard().store = outcome.store  # type: ignore[attr-defined]
        self.completeChanged.emit()
        self.wizard().next()

    def _failed(self, error: BaseException) -> None:
        self.working = False
        self.bar.hide()
        self.wizard().button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.status.setText(self.tr("Nothing was set up on this PC."))
        self.message.setText(self._reason(error))
        self.change.show()
        self.again.setVisible(isinstance(error, ZongzhiError) and getattr(error, "retry", False))
        self.completeChanged.emit()

    def _reason(self, error: BaseException) -> str:
        # the catalogue's sync texts speak of an enrolled PC ("saved here, syncs later") or of the
        # command line (--ca); before anything exists the person needs to know what to check
        params = getattr(error, "params", {})
        if isinstance(error, SyncError) and error.code == "sync.unreachable":
            return self.tr("Cannot reach the county server {0} ({1}). Check the address and that this PC is "
                           "online, then try again.").format(params.get("url", ""), params.get("reason", ""))
        if isinstance(error, SyncError) and error.code == "sync.tls_failed":
            return self.tr("The county server {0} could not be verified ({1}). Check the address, or choose "
                           "the county's CA certificate file.").format(params.get("url", ""), params.get("reason", ""))
        return error_text(error)

    def isComplete(self) -> bool:
        return self.outcome is not None


class KeyPage(QWizardPage):
    """The recovery key: shown, printable, and confirmed by typing its last group before finishing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Recovery key"))
        self.setSubTitle(self.tr("Print the key or copy it by hand, and have it locked away."))
        self.setFinalPage(True)
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.note = hint_label("")
        self.note.setObjectName("note")
        self.key_box: RecoveryKeyDialog | None = None
        self._key = ""
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.summary)
        self._layout.addWidget(self.note)

    def initializePage(self) -> None:
        outcome: SetupOutcome = self.wizard().work.outcome  # type: ignore[attr-defined]
        way = self.wizard().way()  # type: ignore[attr-defined]
        self.summary.setText(self.tr("The register of {0} is ready on this PC.").format(outcome.township_name))
        self.note.setText(self._note(way, outcome))
        self.note.setVisible(bool(self.note.text()))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Open the workbench"))
        if self.key_box is None:
            self._key = outcome.store.new_recovery_key or ""
            # the key dialog's own widgets, embedded: the wizard's Finish takes the place of its button
            box = RecoveryKeyDialog(self._key, outcome.township_name, self)
            box.setWindowFlags(Qt.WindowType.Widget)
            box.layout().itemAt(0).widget().hide()  # its heading: the page title says it
            box.layout().setContentsMargins(0, 0, 0, 0)
            box.done_button.hide()
            box.confirm.textChanged.connect(self.completeChanged)
            self._layout.addWidget(box)
            self.key_box = box
            box.confirm.setFocus()

    def _note(self, way: str, outcome: SetupOutcome) -> str:
        if way == FILE:
            return self.tr("To finish joining: on the Sync page export a package and take it to the county; "
                           "importing the county's reply completes the enrolment.")
        if way == SERVER and outcome.sync_error is not None:
            return self.tr("This PC has joined the county, but the first download did not finish ({0}). It "
                           "carries on by itself from the workbench.").format(error_text(outcome.sync_error))
        if way == SERVER:
            return self.tr("Joined the county; {0} changes downloaded.").format(outcome.pulled)
        return ""

    def isComplete(self) -> bool:
        box = self.key_box
        return box is not None and confirms_last_group(self._key, box.confirm.text())

    def warn(self) -> None:
        if self.key_box is not None:
            self.key_box.reject()  # its message: copy the key first, it cannot be shown again


class SetupWizard(QWizard):
    """Accepted with `store` open and logged in as the first administrator."""

    WELCOME, TOWNSHIP, ADMIN, COUNTY, WORK, KEY = range(6)

    def __init__(self, paths: AppPaths, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self.store: Store | None = None
        self.setWindowTitle(self.tr("Comprehensive Governance Centre — Set up"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.welcome = WelcomePage(paths)
        self.township = TownshipPage()
        self.admin = AdminPage()
        self.county = CountyPage()
        self.work = WorkPage(paths, runner)
        self.key = KeyPage()
        for page_id, page in ((self.WELCOME, self.welcome), (self.TOWNSHIP, self.township), (self.ADMIN, self.admin),
                              (self.COUNTY, self.county), (self.WORK, self.work), (self.KEY, self.key)):
            self.setPage(page_id, page)
        self.setStartId(self.WELCOME)
        self.resize(760, 620)

    def way(self) -> str:
        return self.welcome.way()

    def nextId(self) -> int:
        new = self.way() == NEW
        following = {
            self.WELCOME: self.TOWNSHIP if new else self.ADMIN,
            self.TOWNSHIP: self.ADMIN,
            self.ADMIN: self.WORK if new else self.COUNTY,
            self.COUNTY: self.WORK,
            self.WORK: self.KEY,
        }
        return following.get(self.currentId(), -1)

    def request(self) -> SetupRequest:
        a, c = self.admin, self.county
        return SetupRequest(
            way=self.way(), admin=a.username.text(), display_name=a.display_name.text(), password=a.password.text(),
            township=self.township.chosen if self.way() == NEW else None,
            server=c.server.text(), code=c.code.text(), ca_file=c.ca_file.text(), enrol_file=c.enrol_file.text(),
        )

    def accept(self) -> None:
        setup.key_confirmed(self._paths)
        super().accept()

    def reject(self) -> None:
        if self.work.working:
            return  # the store is being made: closing now could leave it without its key shown
        if self.work.outcome is not None:
            self.key.warn()  # the store exists: its recovery key would be lost for good
            return
        super().reject()


def unfinished_key_dialog(store: Store, parent: QWidget | None = None) -> RecoveryKeyDialog | None:
    """After a login: if the set-up ended before its recovery key was confirmed, a new key for the
    administrator to print and confirm (the dialog cannot be closed before); None otherwise."""
    recovery = setup.replace_unconfirmed_key(store)
    if recovery is None:
        return None
    dialog = RecoveryKeyDialog(recovery, township_name(store), parent)
    dialog.accepted.connect(lambda: setup.key_confirmed(store.paths))
    return dialog
