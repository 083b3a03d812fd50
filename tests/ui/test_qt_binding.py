"""Guards against a Qt binding that corrupts Python's reference counts (PySide6 6.12.0 on Python
3.11 drops a reference to None on every void call and aborts the app after a few thousand)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_void_calls_leave_none_refcount_alone(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("网格")
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -50, "this PySide6 build leaks None references; see pyproject.toml"


def test_signal_emits_leave_true_refcount_alone(qapp: QApplication) -> None:
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal()

    emitter = Emitter()
    emitter.fired.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.fired.emit()
    assert sys.getrefcount(True) - before > -50, "this PySide6 build leaks True references on emit()"
