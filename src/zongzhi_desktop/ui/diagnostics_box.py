"""导出诊断信息… for the county help desk: on the settings page, and from the login window when the
store will not open."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QFileDialog, QGroupBox, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services.auth import Store
from zongzhi_desktop.services.diagnostics import DiagnosticsResult, default_file_name, export_diagnostics
from zongzhi_desktop.ui.background import BackgroundRunner
from zongzhi_desktop.ui.messages import show_error


class DiagnosticsBox(QGroupBox):
    """导出诊断信息…: asks where to save, builds the zip in the background, says where it is. Without a
    store (the login window, a store that will not open) the zip has the logs and versions only."""

    def __init__(self, paths: AppPaths, runner: BackgroundRunner, store: Store | None = None,
                 open_error: BaseException | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Help desk"), parent)
        self.paths, self.runner, self.store, self.open_error = paths, runner, store, open_error
        self.button = QPushButton(self.tr("Export diagnostics…"), objectName="export_diagnostics")
        self.button.clicked.connect(self.ask_and_export)
        self.notice = QLabel("", objectName="diagnostics_notice", wordWrap=True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("When something goes wrong, export the diagnostics and send the file to the "
                                        "county help desk. It holds the logs, versions and the check result: no "
                                        "register data, no names, ID numbers or phones, no passwords or keys."),
                                wordWrap=True))
        layout.addWidget(self.button)
        layout.addWidget(self.notice)

    def ask_and_export(self) -> None:
        township = self.store.state("township_code") if self.store is not None else None
        start = str(Path.home() / default_file_name(township_code=township))
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save diagnostics"), start, self.tr("Zip files (*.zip)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        paths, store, open_error = self.paths, self.store, self.open_error
        versions = {"qt": qVersion(), "pyside6": PySide6.__version__}
        self.button.setEnabled(False)
        self.notice.clear()
        self.runner.run(lambda task: export_diagnostics(paths, target, store=store, open_error=open_error,
                                                        extra_versions=versions),
                        on_done=self._exported, on_error=self._failed, label=self.tr("Exporting diagnostics…"),
                        parent=self, uses_db=store is not None)

    def _exported(self, result: DiagnosticsResult) -> None:
        self.button.setEnabled(True)
        self.notice.setText(self.tr("Saved to {0}. Send this file to the county help desk.").format(result.path))
        QMessageBox.information(self, self.tr("Diagnostics exported"), self.notice.text())

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        show_error(self, error)
