"""恢复密钥: shows a newly made recovery key once, prints it, and lets the user go on only after copying it."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from zongzhi_desktop.services.auth import confirms_last_group

# Fonts whose 0/O and 1/I look different; the key's alphabet avoids O, I, L and U anyway.
MONOSPACE = ["Consolas", "Cascadia Mono", "DejaVu Sans Mono", "Liberation Mono", "Courier New"]


def key_font(point_size: int) -> QFont:
    font = QFont()
    font.setFamilies([*MONOSPACE, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(point_size)
    font.setBold(True)
    return font


class RecoveryKeyDialog(QDialog):
    """Independent of logging in: whoever made a key (a conversion at login, the set-up wizard)
    passes the key and the township name, and gets `accepted` once the user has copied it.

    The key is held only by this dialog and the printout: never logged, stored or put in settings.
    There is deliberately no 复制 button: clipboard managers (and Windows' clipboard history) keep
    what was copied, which would leave the township's master key on this very PC.
    """

    def __init__(self, recovery_key: str, township_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = recovery_key
        self._township = township_name
        self.setWindowTitle(self.tr("Recovery key"))
        self.setModal(True)

        heading = QLabel(self.tr("Recovery key"))
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.key_label = QLabel(recovery_key)
        self.key_label.setObjectName("recovery_key")
        self.key_label.setFont(key_font(20))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setStyleSheet("background: #f4f1e8; border: 1px solid #c9c2ad; padding: 16px;")
        # the whole key on one line, never clipped: it is copied group by group from left to right
        self.key_label.setMinimumWidth(QFontMetrics(self.key_label.font()).horizontalAdvance(recovery_key) + 48)
        # selectable text would be one right-click from the clipboard: the key is read, not copied
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        explanation = QLabel(self._explanation())
        explanation.setWordWrap(True)
        once = QLabel(self.tr("It is shown only this once."))
        once.setStyleSheet("color: #b00020; font-weight: bold;")

        self.confirm = QLineEdit(objectName="confirm_last_group")
        self.confirm.setFont(key_font(14))
        self.confirm.setMaxLength(12)
        self.confirm.setMaximumWidth(260)
        self.confirm.setPlaceholderText(self.tr("last group, e.g. {0}").format("XXXXX"))
        self.confirm.textChanged.connect(self._confirm_changed)
        confirm_label = QLabel(self.tr("To show it has been written down, type the last group ({0}) of the key "
                                       "from your copy:").format(len(recovery_key.split("-"))))
        confirm_label.setWordWrap(True)
        self.message = QLabel(objectName="message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)

        self.print_button = QPushButton(self.tr("Print…"), objectName="print")
        self.print_button.clicked.connect(self.print_key)
        self.done_button = QPushButton(self.tr("I have put it somewhere safe"), objectName="saved")
        self.done_button.setEnabled(False)
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading)
        layout.addWidget(self.key_label)
        layout.addWidget(explanation)
        layout.addWidget(once)
        layout.addSpacing(8)
        layout.addWidget(confirm_label)
        layout.addWidget(self.confirm)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.confirm.setFocus()

    def _confirm_changed(self, typed: str) -> None:
        self.done_button.setEnabled(confirms_last_group(self._key, typed))
        self.message.clear()

    def reject(self) -> None:
        # Esc or the window's close button would lose the key for good: it exists nowhere else
        self.message.setText(self.tr("Please copy the key first and type its last group; it cannot be shown again."))

    # -- printing -----------------------------------------------------------------------------
    def print_key(self) -> None:
        """Ask for a printer (or a PDF file to print from another PC) and print the key sheet."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.tr("Recovery key"))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the recovery key"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """The sheet: township, date, the key and what it is for — no personal data of anyone."""
        sheet = QTextDocument()
        sheet.setDefaultFont(self.font())
        sheet.setHtml(self._sheet_html())
        sheet.print_(printer)

    def _sheet_html(self) -> str:
        today = date.today()
        title = self.tr("{0} Comprehensive Governance Centre — recovery key").format(self._township)
        printed = self.tr("Printed on {0}-{1}-{2}").format(today.year, today.month, today.day)
        paragraphs = [self._explanation(),
                      self.tr("Keep this sheet locked away. Do not photograph it or send it to anyone."),
                      self.tr("Kept by (signature): ____________    Where: ____________")]
        mono = ", ".join(f"'{family}'" for family in MONOSPACE)
        return (f"<h2>{escape(title)}</h2><p>{escape(printed)}</p>"
                f'<p style="font-family: {mono}; font-size: 18pt; font-weight: bold; white-space: nowrap;">'
                f"{escape(self._key)}</p>" + "".join(f"<p>{escape(text)}</p>" for text in paragraphs))

    def _explanation(self) -> str:
        return self.tr("This is the only spare key to the data on this PC: you need it if every password is "
                       "forgotten, or to restore a backup onto a new PC. Print it or copy it by hand, and lock "
                       "it in a cabinet. Do not save it on this PC.")
