"""Rotating log files in the log directory; records carry ids, never names or ID numbers."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger("zongzhi_desktop")
    target = str((log_dir / "zongzhi.log").resolve())
    if any(getattr(h, "baseFilename", None) == target for h in root.handlers):
        return
    for handler in list(root.handlers):  # a new --home in the same process (tests) moves the log
        root.removeHandler(handler)
        handler.close()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(target, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        # an unwritable log folder must not stop the work, and must not let logging's last resort
        # print tracebacks at the person either: the store reports its own errors
        root.addHandler(logging.NullHandler())
        root.propagate = False
        return
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
