"""The demo's seeded random generator, with reproducible time-ordered ids."""

from __future__ import annotations

import random
import uuid

_ID_EPOCH_MS = 1_767_225_600_000  # 2026-01-01: a fixed clock keeps the ids the same for one seed


class DemoRandom(random.Random):
    """The seeded generator, plus a fake clock for ids."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.ticks = 0

    def next_id(self) -> str:
        """A v7-layout id: reproducible for the seed, and appended to the primary-key index in
        order as real ids (models.base.new_id) are."""
        self.ticks += 1
        rand = self.getrandbits(74)
        ms = _ID_EPOCH_MS + self.ticks
        return str(uuid.UUID(int=ms << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | (rand & ((1 << 62) - 1))))

