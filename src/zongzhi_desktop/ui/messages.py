"""Showing errors to people: the shared Chinese catalogue for known errors, a calm box for bugs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from zongzhi_desktop.errors import ZongzhiError

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    if isinstance(error, ZongzhiError):
        return str(error)  # rendered from the one Qt-free catalogue
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
