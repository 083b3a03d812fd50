"""The reliability suites' figures (examples tried, rounds reached) at the end of every run."""

from __future__ import annotations

import pytest

from reliability_support import REACHED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REACHED:
        terminalreporter.section("reliability: what the fault suites reached")
        for name, figures in sorted(REACHED.items()):
            terminalreporter.write_line(f"{name}: {figures}")
