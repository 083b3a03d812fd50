"""Python's cycle collector paused around work that makes many long-lived objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block. A burst of objects that all live until the block ends
    (XlsxWriter's tuple per cell, a pulled page's 20,000 values) made the collector walk the whole
    heap again and again: a tenth of writing the monthly report, a quarter of the PC's CPU in a pull.
    Only postponed: it runs as usual afterwards, and an outer pause is left as it was."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
