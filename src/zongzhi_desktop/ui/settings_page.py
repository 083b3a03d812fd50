"""设置: change one's password, the idle screen lock, where the data lives, the language, 导出诊断信息
for the helpdesk; and for administrators two more tabs, 用户管理 and 备份与恢复."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox,
    QTabWidget, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services import session_lock
from zongzhi_desktop.services.permissions import allowed
from zongzhi_desktop.services.settings import change_password, load_settings, update_settings
from zongzhi_desktop.ui.backup_panel import BackupPanel
from zongzhi_desktop.ui.context import UiContext
from zongzhi_desktop.ui.diagnostics_box import DiagnosticsBox
from zongzhi_desktop.ui.i18n import LANGUAGES
from zongzhi_desktop.ui.messages import show_error
from zongzhi_desktop.ui.page import Page
from zongzhi_desktop.ui.users_page import UsersPanel


class SettingsPage(Page):
    key = "settings"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        paths = ctx.store.paths

        password_box = QGroupBox(self.tr("Change my password"))
        self.old = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="old_password")
        self.new = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="new_password")
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="repeat_password")
        change = QPushButton(self.tr("Change password"), objectName="change_password")
        change.clicked.connect(self._change_password)
        form = QFormLayout(password_box)
        form.addRow(self.tr("Current password"), self.old)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.repeat)
        form.addRow(QLabel(self.tr("At least 8 characters, mixing letters, digits or symbols.")))
        form.addRow(change)

        data_box = QGroupBox(self.tr("Data folder"))
        folder = QLabel(str(paths.data_dir), objectName="data_dir")
        folder.setWordWrap(True)
        open_folder = QPushButton(self.tr("Open folder"))
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir))))
        data_layout = QVBoxLayout(data_box)
        data_layout.addWidget(QLabel(self.tr("The register, backups and logs are kept here. To move them, start the "
                                             "program with --home FOLDER (a local disk, not a network drive).")))
        data_layout.addWidget(folder)
        data_layout.addWidget(open_folder)

        language_box = QGroupBox(self.tr("Language"))
        self.language = QComboBox(objectName="language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(load_settings(paths).language)))
        self.language.currentIndexChanged.connect(self._language_changed)
        language_layout = QVBoxLayout(language_box)
        language_layout.addWidget(self.language)
        language_layout.addWidget(QLabel(self.tr("Takes effect the next time the program starts.")))

        lock_box = QGroupBox(self.tr("Screen lock"))
        self.idle_minutes = QSpinBox(objectName="idle_minutes")
        self.idle_minutes.setRange(session_lock.IDLE_MINUTES_MIN, session_lock.IDLE_MINUTES_MAX)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_minutes.setMaximumWidth(140)
        self.idle_minutes.setValue(session_lock.idle_minutes(load_settings(paths).idle_lock_minutes))
        self.idle_minutes.valueChanged.connect(self._idle_minutes_changed)
        lock_form = QFormLayout(lock_box)
        lock_form.addRow(self.tr("Lock the screen after no use for"), self.idle_minutes)
        lock_form.addRow(QLabel(self.tr("Between 5 and 60 minutes. Your password unlocks it; open windows are kept."),
                                wordWrap=True))

        self.diagnostics = DiagnosticsBox(paths, ctx.runner, ctx.store)

        mine = QWidget()
        layout = QVBoxLayout(mine)
        for box in (password_box, lock_box, data_box, language_box, self.diagnostics):
            layout.addWidget(box)
        layout.addStretch(1)
        self.tabs = QTabWidget(objectName="settings_tabs")
        self.tabs.addTab(mine, self.tr("My settings"))
        self.users = None
        self.backups = None
        if allowed(ctx.actor, "users.manage"):
            self.users = UsersPanel(ctx)
            self.tabs.addTab(self.users, self.tr("Users"))
            self.tabs.currentChanged.connect(self._tab_changed)
            self.backups = BackupPanel(ctx)  # administrators only, like user management ("users.manage")
            self.tabs.addTab(self.backups, self.backups.title())
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)

    def title(self) -> str:
        return self.tr("Settings")

    def activate(self, **filters: Any) -> None:
        self.old.setFocus()
        if self.users is not None and self.tabs.currentWidget() is self.users:
            self.users.refresh()

    def _tab_changed(self, index: int) -> None:
        if self.users is not None and self.tabs.widget(index) is self.users:
            self.users.refresh()

    def _idle_minutes_changed(self, minutes: int) -> None:
        update_settings(self.ctx.store.paths, idle_lock_minutes=minutes)
        self.ctx.idle_minutes_changed(minutes)

    def _change_password(self) -> None:
        try:
            change_password(self.ctx.store.paths, self.ctx.actor, self.old.text(), self.new.text(), self.repeat.text())
        except Exception as exc:  # noqa: BLE001 - every failure is shown, none crashes the window
            show_error(self, exc)
            return
        finally:
            for field in (self.old, self.new, self.repeat):
                field.clear()
        QMessageBox.information(self, self.tr("Password changed"), self.tr("Your password has been changed."))

    def _language_changed(self) -> None:
        update_settings(self.ctx.store.paths, language=self.language.currentData())
