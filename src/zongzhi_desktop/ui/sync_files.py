"""U盘同步: export the changes the county has not acknowledged to a folder, import the county's reply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from zongzhi_desktop.services import permissions
from zongzhi_desktop.services.auth import Actor, Store
from zongzhi_desktop.sync import file_sync
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.sync_status import BAD, OK

PACKAGE_SUFFIX = ".syncpkg"


def package_name(township: str, device: str, now: datetime) -> str:
    """sync.md §3.10: T<township>_D<device>_<YYYYMMDD-HHMM>.syncpkg."""
    return f"T{township}_D{device}_{now:%Y%m%d-%H%M}{PACKAGE_SUFFIX}"


def device_label(store: Store) -> str:
    """The county's short device number once enrolment is complete, else the first 8 of the device id."""
    number = store.state("device_no")
    if number and store.state("server_epoch") and not store.state("enrol_code"):
        return number
    return (store.state("device_id") or "")[:8] or "00000000"


@dataclass(frozen=True)
class Exported:
    count: int
    path: Path


def export_to(store: Store, actor: Actor, folder: Path, now: datetime | None = None) -> Exported:
    """Background work: write the package into `folder` under its standard name."""
    permissions.require(actor, "sync.run")
    name = package_name(store.state("township_code") or "000000000", device_label(store), now or datetime.now())
    path = folder / name
    return Exported(file_sync.export_changes(store, path), path)


def import_from(store: Store, actor: Actor, path: Path) -> dict[str, Any]:
    """Background work: apply the county's reply package."""
    permissions.require(actor, "sync.run")
    return file_sync.import_reply(store, path)


class FileSyncBox(QGroupBox):
    """导出数据包… / 导入回执包… for a PC without a network, with the outcome underneath."""

    imported = Signal()  # the reply changed what this PC holds: the page reloads

    def __init__(self, ctx: UiContext, may_run: bool, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Sync by USB stick"), parent)
        self.setObjectName("file_sync")
        self.ctx = ctx
        self.may_run = may_run
        self.folder = ""  # the last folder used, offered again next time
        self.note = QLabel(self.tr(
            "Without a network: export a package to a USB stick and take it to the county; then import the "
            "reply package the county gives back."), objectName="file_note", wordWrap=True)
        self.export_button = QPushButton(self.tr("Export package…"), objectName="export_package")
        self.export_button.setToolTip(self.tr("Writes every change the county has not confirmed yet. Exporting "
                                              "again is harmless: each package holds all of them."))
        self.export_button.clicked.connect(self.export_package)
        self.import_button = QPushButton(self.tr("Import reply package…"), objectName="import_reply")
        self.import_button.clicked.connect(self.import_reply)
        for button in (self.export_button, self.import_button):
            button.setMinimumHeight(30)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        self.message = QLabel("", objectName="file_message", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._busy(False)

    # -- export ------------------------------------------------------------------------------
    def export_package(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose where to save the package (for example the USB stick)"), self.folder)
        if not folder:
            return
        self.folder = folder
        store, actor = self.ctx.store, self.ctx.actor
        self._start()
        self.ctx.runner.run(lambda task: export_to(store, actor, Path(folder)), on_done=self._exported,
                            on_error=self._failed, label=self.tr("Exporting the package…"), parent=self)

    def _exported(self, done: Exported) -> None:
        self._busy(False)
        self._say(self.tr("Exported {0} changes to {1}. Take it to the county and bring the reply package "
                          "back to import it here.").format(done.count, str(done.path)), OK)

    # -- import ------------------------------------------------------------------------------
    def import_reply(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the county's reply package"), self.folder,
            self.tr("Sync packages (*.syncpkg);;All files (*)"))
        if not path:
            return
        self.folder = str(Path(path).parent)
        store, actor = self.ctx.store, self.ctx.actor
        self._start()
        self.ctx.runner.run(lambda task: import_from(store, actor, Path(path)), on_done=self._imported,
                            on_error=self._import_failed, label=self.tr("Importing the reply package…"),
                            parent=self)

    def _imported(self, counts: dict[str, Any]) -> None:
        self._busy(False)
        text = self.tr("Reply imported: {0} uploaded changes confirmed, {1} changes downloaded.").format(
            counts.get("acked", 0), counts.get("pulled", 0))
        if counts.get("rejected"):
            text += " " + self.tr("{0} changes refused by the county.").format(counts["rejected"])
        self._say(text, OK)
        self.imported.emit()

    def _import_failed(self, error: BaseException) -> None:
        self._failed(error)
        self.imported.emit()  # a gap is reported after the confirmations were recorded

    # -- showing -----------------------------------------------------------------------------
    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, OSError):
            text = self.tr("Could not write or read the file ({0}). Check that the USB stick is plugged in and "
                           "not write-protected.").format(error.strerror or type(error).__name__)
        else:
            text = error_text(error)
        self._say(text, BAD)

    def _start(self) -> None:
        self._busy(True)
        self._say("", None)

    def _busy(self, busy: bool) -> None:
        for button in (self.export_button, self.import_button):
            button.setEnabled(self.may_run and not busy)
            if not self.may_run:
                button.setToolTip(self.tr("Your account may not sync with the county."))

    def _say(self, text: str, colour: str | None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
