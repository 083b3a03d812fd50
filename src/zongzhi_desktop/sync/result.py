"""What one sync session did, as counted for the status bar, the history and `zongzhi sync --json`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    held: int = 0
    clock_offset_ms: int = 0
    repaired: int = 0  # rows the integrity check found different from the county's and fetched again
    repushed: int = 0  # acked ops sent again because the county had lost them
    retries: int = 0  # requests tried again within this session
    re_registered: str | None = None  # the new device number, when this store turned out rewound
    renumbered: list[str] = field(default_factory=list)  # case numbers changed by the re-registration
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {"pushed": self.pushed, "pulled": self.pulled, "conflicts": self.conflicts, "rejected": self.rejected}
