"""At the end of the run, every log file the run wrote is searched for people's names, ID numbers and
phones; one found fails the session (issue 12: logs carry ids, never names, ID numbers or phones).

What is searched for, and why that is complete:
- names: every name the demo generator (demo/people.py, also used by bench/datagen.py and the GUI
  tests' demo township) can make — surname + one or two given-name characters, or a common given
  name — matched in the log's Chinese text without listing the million of them; plus the names the
  tests type themselves (string literals in tests/ that start with a surname, e.g. 张三, 曾小芳);
- ID numbers: every 18-digit run with a valid GB 11643 check character and a birth date, the 15-digit
  old cards, and the ID-shaped literals in tests/ (wrong check characters included);
- phones: every standalone mainland mobile number (1[3-9] + 9 digits).
Words of the application's own messages (the catalogue) are not names. A test that plants personal
data in a log on purpose removes the file before it ends.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
LOG_GLOB = "*.log*"
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d{9})(?![0-9A-Za-z])")
_LITERAL = re.compile(r"""["']([^"'\n]{2,40})["']""")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    kind: str
    shown: str  # enough to find it, not the whole value

    def describe(self, roots: list[Path]) -> str:
        where = self.file
        for root in roots:
            if self.file.is_relative_to(root):
                where = self.file.relative_to(root)
                break
        return f"{where}:{self.line}: {self.kind} ({self.shown})"


@dataclass(frozen=True)
class Needles:
    surnames: frozenset[str]
    given_chars: frozenset[str]
    given_names: frozenset[str]
    literal_names: frozenset[str]
    literal_numbers: frozenset[str]
    vocabulary: frozenset[str]  # 2-4 character pieces of the application's own wording

    def count(self) -> int:
        """How many names and numbers are searched for by value (the patterns come on top)."""
        given = len(self.given_chars) + len(self.given_names) + len(self.given_chars) ** 2
        return len(self.surnames) * given + len(self.literal_names) + len(self.literal_numbers)

    def is_name(self, candidate: str) -> bool:
        return candidate not in self.vocabulary


@lru_cache(maxsize=1)
def needles() -> Needles:
    from zongzhi_desktop.demo import people

    surnames = frozenset(people._SURNAME_WEIGHTS)
    chars = frozenset(people._MALE_CHARS + people._FEMALE_CHARS)
    names = frozenset(people._MALE_NAMES + people._FEMALE_NAMES)
    vocabulary = _vocabulary()
    literal_names: set[str] = set()
    literal_numbers: set[str] = set()
    for source in list(TESTS.rglob("*.py")) + list((REPO / "bench").glob("*.py")):
        for text in _LITERAL.findall(source.read_text(encoding="utf-8")):
            literal_numbers.update(n for n in re.findall(r"(?<!\d)\d{17}[0-9Xx](?!\d)", text) if _is_date(n[6:14]))
            for run in _CJK_RUN.findall(text):
                if 2 <= len(run) <= 4 and _surname_of(run, surnames) and run not in vocabulary:
                    literal_names.add(run)
    return Needles(surnames, chars, names, frozenset(literal_names), frozenset(literal_numbers),
                   frozenset(vocabulary))


def _vocabulary() -> set[str]:
    from zongzhi_desktop.domain.messages import CATALOGUE

    # the catalogue only: the GUI's translations hold example names (如：王芳) a log must not carry either
    pieces: set[str] = set()
    for text in map(str, CATALOGUE.values()):
        for run in _CJK_RUN.findall(text):
            for size in (2, 3, 4):
                pieces.update(run[i:i + size] for i in range(len(run) - size + 1))
    return pieces


def _surname_of(text: str, surnames: frozenset[str]) -> str | None:
    if text[:2] in surnames:
        return text[:2]
    return text[:1] if text[:1] in surnames else None


def find_in_text(text: str, found: Needles) -> list[tuple[str, str]]:
    """(kind, shown) for each name, ID number or phone in `text`."""
    hits: list[tuple[str, str]] = []
    for run in _CJK_RUN.findall(text):
        for i in range(len(run) - 1):
            for name in _names_at(run, i, found):
                if found.is_name(name):
                    hits.append(("name", name[0] + "*" * (len(name) - 1)))
        hits += [("name (from the tests)", n[0] + "*" * (len(n) - 1)) for n in found.literal_names if n in run]
    for number in _ID18.findall(text):
        if number in found.literal_numbers or _valid_id18(number):
            hits.append(("ID number", number[:6] + "…" + number[-2:]))
    hits += [("old 15-digit ID number", n[:6] + "…") for n in _ID15.findall(text) if _is_date("19" + n[6:12])]
    hits += [("mobile number", n[:3] + "…" + n[-2:]) for n in _MOBILE.findall(text)]
    return hits


def _names_at(run: str, i: int, found: Needles) -> list[str]:
    """Every name the generator could make that starts at run[i]."""
    made = []
    for surname in (run[i:i + 2], run[i]):
        if surname not in found.surnames:
            continue
        rest = run[i + len(surname):]
        if rest[:2] in found.given_names or (len(rest) >= 2 and set(rest[:2]) <= found.given_chars):
            made.append(surname + rest[:2])
        if rest[:1] and rest[0] in found.given_chars:
            made.append(surname + rest[0])
    return made


def _valid_id18(number: str) -> bool:
    body, check = number[:17], number[17].upper()
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == check and _is_date(number[6:14])


def _is_date(yyyymmdd: str) -> bool:
    try:
        day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return 1880 <= day.year <= 2100


def scan(files: list[Path], found: Needles) -> tuple[list[Finding], int]:
    """Findings in `files`, and how many lines were read."""
    findings: list[Finding] = []
    lines = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        lines += text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if not find_in_text(text, found):  # the usual case: one pass over the whole file
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            findings += [Finding(path, number, kind, shown) for kind, shown in find_in_text(line, found)]
    return findings, lines


def log_files_under(roots: list[Path]) -> list[Path]:
    files: set[Path] = set()
    for root in roots:
        if root.is_dir():
            files.update(p for p in root.rglob(LOG_GLOB) if p.is_file())
    return sorted(files)


# ---- the session hooks ----------------------------------------------------------------------------

# per session (a pytester run inside the run has its own)
_RESULT = pytest.StashKey[dict]()
_TAP = pytest.StashKey[logging.Handler]()


class _DesktopRecords(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.startswith("zongzhi_desktop")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """A tap on everything the desktop logs in this process, formatted as its log files are: some
    tests' homes are gone before the run ends (read-only homes), their lines are searched here."""
    if hasattr(session.config, "workerinput"):
        return
    from zongzhi_desktop.logs import FORMAT, ScrubbingFormatter

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    folder = factory.getbasetemp() / "log-search-tap"
    folder.mkdir(exist_ok=True)
    handler = logging.FileHandler(folder / "in-process.log", encoding="utf-8", delay=True)
    handler.setFormatter(ScrubbingFormatter(FORMAT))
    handler.addFilter(_DesktopRecords())
    logging.getLogger().addHandler(handler)
    session.config.stash[_TAP] = handler


def _roots(session: pytest.Session) -> list[Path]:
    roots = []
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        roots.append(factory.getbasetemp())
    # tests/conftest.py points ZONGZHI_HOME and the XDG folders into one scratch folder of its own
    scratch = os.environ.get("XDG_DATA_HOME")
    if scratch:
        roots.append(Path(scratch).parent)
    return roots


@pytest.hookimpl(tryfirst=True)  # before tests/conftest.py removes its scratch folder
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller searches once
        return
    handler = session.config.stash.get(_TAP, None)
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
    started = time.perf_counter()
    roots = _roots(session)
    files = log_files_under(roots)
    found = needles()
    findings, lines = scan(files, found)
    session.config.stash[_RESULT] = dict(files=len(files), lines=lines, values=found.count(), findings=findings,
                                         roots=roots, seconds=time.perf_counter() - started)
    if findings and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    result = config.stash.get(_RESULT, None)
    if not result:
        return
    findings: list[Finding] = result["findings"]
    terminalreporter.write_line(
        f"log search: {result['files']} log files, {result['lines']} lines searched for {result['values']:,} "
        f"names and numbers (plus ID-number and mobile patterns) in {result['seconds']:.1f} s: "
        f"{len(findings)} found")
    if findings:
        terminalreporter.section("log search: personal data in the logs", red=True)
        for finding in findings[:50]:
            terminalreporter.write_line(finding.describe(result["roots"]))
        if len(findings) > 50:
            terminalreporter.write_line(f"… and {len(findings) - 50} more")
