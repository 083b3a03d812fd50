"""Showing errors to people: the shared Chinese catalogue for known errors, a calm box for bugs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from zongzhi_desktop.errors import ZongzhiError, file_error

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    if isinstance(error, ZongzhiError):
        return str(error)  # rendered from the one Qt-free catalogue
    told = file_error(error) if isinstance(error, OSError) else None
    if told is not None:  # a full disk, a read-only stick, a workbook still open in Excel or WPS...
        log.warning("file error %s (errno %s)", type(error).__name__, getattr(error, "errno", None))
        return str(told)
    log.error("unexpected error in the GUI", exc_info=error)
    return QCoreApplication.translate(
        "Messages", "Something went wrong ({0}). Your data is safe; details were written to the log."
    ).format(type(error).__name__)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    QMessageBox.warning(parent, QCoreApplication.translate("Messages", "Cannot do that"), error_text(error))


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
