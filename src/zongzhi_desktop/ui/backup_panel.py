"""备份与恢复 (administrators): the backups kept on this PC, back up now or to a USB folder, restore a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services import backups
from zongzhi_desktop.services.backups import BackupInfo, RestoreResult
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.messages import confirm, error_text, show_error


def kind_name(kind: str) -> str:
    names = {
        backups.AUTO: QCoreApplication.translate("BackupPanel", "Automatic"),
        backups.PRE_MIGRATION: QCoreApplication.translate("BackupPanel", "Before upgrade"),
        backups.PRE_RESTORE: QCoreApplication.translate("BackupPanel", "Before restore"),
        backups.MANUAL: QCoreApplication.translate("BackupPanel", "Manual"),
    }
    return names.get(kind, kind)


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def start_daily_backup(window: Any) -> None:
    """After login: today's automatic backup in the background, the outcome on the status bar.

    It runs on the network pool, not the database worker: it reads the store through its own
    connections (WAL lets the worker write meanwhile), so the first screens never wait for it.
    """
    def done(made: BackupInfo | None) -> None:
        if made is not None and not window.statusBar().currentMessage():  # a store check's warning comes first
            window.statusBar().showMessage(
                QCoreApplication.translate("BackupPanel", "Today's automatic backup is done ({0}).")
                .format(size_text(made.size)), 10_000)

    def failed(error: BaseException) -> None:
        window.statusBar().showMessage(
            QCoreApplication.translate("BackupPanel", "Today's automatic backup failed: {0}").format(error_text(error)))

    store = window.ctx.store
    window.ctx.runner.run(lambda task: backups.backup_if_due(store), on_done=done, on_error=failed, uses_db=False)


class BackupPanel(QWidget):
    COLUMNS = 5  # time, kind, size, schema revision, file

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[BackupInfo] = []

        self.table = QTableWidget(0, self.COLUMNS, objectName="backups")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Kind"), self.tr("Size"),
                                              self.tr("Data version"), self.tr("File")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.notice = QLabel(objectName="backups_notice", styleSheet="color: #1e6b2e;", wordWrap=True)

        self.now_button = QPushButton(self.tr("Back up now"), objectName="back_up_now")
        self.folder_button = QPushButton(self.tr("Back up to a folder…"), objectName="back_up_to_folder")
        self.restore_button = QPushButton(self.tr("Restore from a backup…"), objectName="restore_backup")
        self.open_button = QPushButton(self.tr("Open backup folder"), objectName="open_backup_folder")
        self.now_button.clicked.connect(lambda: self.back_up(None))
        self.folder_button.clicked.connect(self.back_up_to_folder)
        self.restore_button.clicked.connect(self.restore)
        self.open_button.clicked.connect(self._open_folder)
        buttons = QHBoxLayout()
        for button in (self.now_button, self.folder_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "The program backs up automatically after the first login of each day, and before every upgrade "
            "and every restore. Automatic backups are kept for the last 7 days, 4 weeks and 12 months; "
            "upgrade and restore backups for at least 30 days. Manual backups and backups in other folders "
            "(a USB stick) are never deleted by the program. Backups are encrypted: they open with an "
            "administrator's password or the township recovery key."), wordWrap=True))
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.notice)

    def title(self) -> str:
        return self.tr("Backup and restore")

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt override): the list is fresh whenever it is seen
        super().showEvent(event)
        self.refresh()

    # -- the list ----------------------------------------------------------------------------
    def refresh(self) -> None:
        if not allowed(self.ctx.actor, "users.manage"):
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.ctx.runner.run(lambda task: backups.list_backups(store, actor), on_done=self._loaded,
                            on_error=self._failed, uses_db=False)

    def _loaded(self, rows: list[BackupInfo]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, info in enumerate(rows):
            cells = (info.created_at.strftime("%Y-%m-%d %H:%M"), kind_name(info.kind), size_text(info.size),
                     info.revision or "", info.path.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(n, column, item)

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    # -- backing up --------------------------------------------------------------------------
    def back_up(self, folder: Path | None) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        self.notice.clear()
        self.ctx.runner.run(lambda task: backups.back_up_now(store, actor, folder), on_done=self._backed_up,
                            on_error=self._failed, label=self.tr("Backing up…"), parent=self)

    def back_up_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder for the backup (e.g. a USB stick)"))
        if folder:
            self.back_up(Path(folder))

    def _backed_up(self, made: BackupInfo) -> None:
        self.notice.setText(self.tr("Backed up to {0} ({1}, encrypted).").format(made.path, size_text(made.size)))
        self.refresh()

    def _open_folder(self) -> None:
        folder = self.ctx.store.paths.backup_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- restoring ---------------------------------------------------------------------------
    def restore(self) -> None:
        chosen = self.selected()
        start = str(chosen.path if chosen else self.ctx.store.paths.backup_dir)
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a backup to restore"), start,
                                              self.tr("Backup files (*.zzbak)"))
        if not name:
            return
        try:
            info = backups.describe(Path(name))
        except Exception as exc:  # noqa: BLE001 - a damaged or foreign file is explained, nothing else happens
            show_error(self, exc)
            return
        question = self.tr(
            "Replace all the data on this PC with the backup of {0} ({1}, {2})?\n\n"
            "The data as it is now is first saved as a \"before restore\" backup, so you can go back to it.\n"
            "After the restore the program closes; open it again and log in."
        ).format(info.created_at.strftime("%Y-%m-%d %H:%M"), kind_name(info.kind), size_text(info.size))
        if not confirm(self, self.tr("Restore from a backup"), question):
            return
        store, actor = self.ctx.store, self.ctx.actor
        password, ok = QInputDialog.getText(self, self.tr("Restore from a backup"),
                                            self.tr("Restoring replaces all the data on this PC.\n"
                                                    "To confirm, enter the password of {0}:").format(actor.username),
                                            QLineEdit.EchoMode.Password)
        if not ok or not password:
            return
        # Cancel counts until the file is verified; after that the restore runs to its end
        self.ctx.runner.run(lambda task: backups.restore_from_file(store, actor, info.path, password,
                                                                   before_replace=task.check),
                            on_done=lambda result: self._restored(info, result), on_error=self._failed,
                            label=self.tr("Checking and restoring the backup…"), parent=self)

    def _restored(self, info: BackupInfo, result: RestoreResult) -> None:
        kept = result.pre_restore or (result.set_aside[-1] if result.set_aside else None)
        QMessageBox.information(self, self.tr("Restore finished"), self.tr(
            "The backup of {0} has been restored. The data you had before is kept in the backup folder as "
            "{1}.\n\nThe program will now close. Open it again and log in."
        ).format(info.created_at.strftime("%Y-%m-%d %H:%M"), kept.name if kept else "-"))
        self.window().close()  # the store was closed for the restore: nothing more may run on it
