"""Rotating log files in the log directory; records carry ids, never names, ID numbers or phones."""

from __future__ import annotations

import logging
import os
import platform
import re
import sys
from datetime import date
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_NAME = "zongzhi.log"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5  # six files of 2 MB at most: weeks of ordinary use, bounded on a small disk

# SQLAlchemy appends the row's values to its errors ("[parameters: ('张三', '3607…')]"); an
# IntegrityError logged raw would carry the person into the log. The statement itself stays: it
# names the table, which is what the helpdesk needs.
_SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
# The last line of defence for values that slipped into a message: ID numbers (18 digits, or 15 for
# the old cards) and mainland mobile numbers, as standalone digit runs. A run is masked only when the
# part where an ID keeps the birth date is a date, so ids, clocks and byte counts stay readable.
_ID18 = re.compile(r"(?<![0-9A-Za-z])\d{6}(\d{8})\d{3}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])\d{6}(\d{6})\d{3}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
# Names are Chinese; the program's own log messages are English. Any Chinese that reaches a log line
# (a rendered error message, an exception quoting a row, a folder's name) is therefore hidden whole:
# error codes, classes and ids say what happened without it.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
TEXT_MASK = "[text]"
ID_MASK = "[ID number hidden]"
PHONE_MASK = "[phone hidden]"
PARAMETERS_MASK = "[parameters: hidden]"

log = logging.getLogger(__name__)


def scrub(text: str) -> str:
    """`text` without SQL parameters, Chinese text, ID numbers or mobile numbers."""
    return scrub_numbers(_CJK.sub(TEXT_MASK, text))


def scrub_numbers(text: str) -> str:
    """`text` without SQL parameters, ID numbers or mobile numbers (the program's own Chinese kept)."""
    text = _SQL_PARAMETERS.sub(PARAMETERS_MASK, text)
    text = _ID18.sub(lambda m: ID_MASK if _is_date(m.group(1)) else m.group(0), text)
    text = _ID15.sub(lambda m: ID_MASK if _is_date("19" + m.group(1)) else m.group(0), text)
    return _MOBILE.sub(PHONE_MASK, text)


def _is_date(yyyymmdd: str) -> bool:
    try:
        day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return 1880 <= day.year <= 2100


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then scrubs the whole line: message, arguments and traceback alike."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        """The traceback, and the codes of the program's own errors in it (their Chinese text is hidden)."""
        text = super().formatException(ei)
        codes, seen, exc = [], set(), ei[1] if ei else None
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            if getattr(exc, "code", None) and isinstance(getattr(exc, "params", None), dict):
                codes.append(str(exc.code))
            exc = exc.__cause__ or exc.__context__
        return text + (f"\nerror codes: {', '.join(codes)}" if codes else "")


class _QuietRotatingFileHandler(RotatingFileHandler):
    """A log that cannot be written (full disk, a second process holding the file on Windows while it
    rotates) drops the line: logging's own fallback would print a traceback at the person."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        return None


def setup_logging(log_dir: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger("zongzhi_desktop")
    target = str((log_dir / LOG_NAME).resolve())
    if any(getattr(h, "baseFilename", None) == target for h in root.handlers):
        return
    for handler in list(root.handlers):  # a new --home in the same process (tests) moves the log
        root.removeHandler(handler)
        handler.close()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = _QuietRotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        # an unwritable log folder must not stop the work, and must not let logging's last resort
        # print tracebacks at the person either: the store reports its own errors
        root.addHandler(logging.NullHandler())
        root.propagate = False
        return
    handler.setFormatter(ScrubbingFormatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = True  # an earlier home's unwritable folder (tests) switched it off
    log.info("started: %s", startup_line())


def startup_line() -> str:
    """Which program, version and machine wrote the lines that follow (no user, no path with a name)."""
    from zongzhi_desktop import __version__

    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "?"
    return (f"zongzhi {__version__}, program {program}, pid {os.getpid()}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def log_files(log_dir: Path) -> list[Path]:
    """The current log and its rotated predecessors, oldest first."""
    found = [p for p in log_dir.glob(LOG_NAME + "*") if p.is_file()]

    def age(path: Path) -> int:
        suffix = path.name[len(LOG_NAME):].lstrip(".")
        return int(suffix) if suffix.isdigit() else 0

    return sorted(found, key=age, reverse=True)
