"""Chinese fonts: the bundled WenQuanYi Micro Hei is always available; Simplified Chinese system
families are named first so Qt never picks a Japanese variant of a shared CJK font."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from zongzhi_desktop.paths import resources_dir

log = logging.getLogger(__name__)
PREFERRED = [
    "Microsoft YaHei", "Microsoft YaHei UI", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "SimHei", "SimSun",
]
BASE_POINT_SIZE = 11  # clerks read all day: a little larger than Qt's default


def install_fonts(app: QApplication) -> list[str]:
    """Register the bundled font and set the application font; returns the families in use."""
    bundled = resources_dir() / "fonts" / "wqy-microhei.ttc"
    if bundled.exists() and QFontDatabase.addApplicationFont(str(bundled)) < 0:
        log.warning("bundled CJK font could not be loaded: %s", bundled)
    available = set(QFontDatabase.families())
    families = [f for f in PREFERRED if f in available] or ["WenQuanYi Micro Hei"]
    font = QFont()
    font.setFamilies(families)
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    return families
