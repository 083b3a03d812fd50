"""Field-by-field merge of one pushed op against the county's current versions (sync.md §3.4, §3.6).

Pure: given the current field versions of a row and an op, decide which fields are written, which
lose, and which conflicts are recorded. The push service feeds it and writes the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zongzhi_desktop.domain.catalogue import TABLES, Policy


@dataclass
class FieldVersion:
    """What the county holds for one field: value and who wrote it, when."""

    value: Any
    seq: int  # server_seq; 0 while the write is still inside the current batch
    hlc: int  # effective clock
    origin_device: str | None
    origin_local_seq: int | None
    origin_user: str | None
    wall_ms: int | None


@dataclass(frozen=True)
class Writer:
    """The op being merged, with its skew-corrected clock."""

    device_id: str
    local_seq: int
    hlc: int
    user: str | None
    wall_ms: int

    def version(self, value: Any) -> FieldVersion:
        return FieldVersion(value, 0, self.hlc, self.device_id, self.local_seq, self.user, self.wall_ms)


@dataclass(frozen=True)
class ConflictNote:
    field: str
    policy: str
    winner: FieldVersion
    loser: FieldVersion
    status: str  # open (LWW, informational) | needs_review (held)


@dataclass
class Outcome:
    written: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, FieldVersion] = field(default_factory=dict)  # the op lost here: restate these
    conflicts: list[ConflictNote] = field(default_factory=list)
    held: bool = False


def merge_fields(
    tbl: str, changes: dict[str, tuple[Any, int | None]], current: dict[str, FieldVersion], writer: Writer,
    *, deleting: bool = False,
) -> Outcome:
    """`changes`: field -> (new value, base_seq the PC edited from); `current`: the row's versions."""
    spec = TABLES[tbl]
    out = Outcome()
    _edit_against_delete(changes, current, writer, deleting, out)
    for name, (new, base_seq) in changes.items():
        cur = current.get(name)
        if cur is None or _fast_forward(cur, base_seq, writer):
            out.written[name] = new
            continue
        if cur.value == new:
            continue  # the same value from two places is agreement, not a conflict
        col = spec.column(name)
        policy = col.policy if col else Policy.LWW
        mine = writer.version(new)
        if policy is Policy.LWW:
            if (writer.hlc, writer.device_id) > (cur.hlc, cur.origin_device or ""):
                out.written[name] = new
                out.conflicts.append(ConflictNote(name, policy.value, mine, cur, "open"))
            else:
                out.kept[name] = cur
                out.conflicts.append(ConflictNote(name, policy.value, cur, mine, "open"))
        else:  # HOLD and IMMUTABLE: the current value stays until a person decides
            out.kept[name] = cur
            out.held = True
            out.conflicts.append(ConflictNote(name, policy.value, cur, mine, "needs_review"))
    return out


def _fast_forward(cur: FieldVersion, base_seq: int | None, writer: Writer) -> bool:
    """The PC had seen the current version when it edited (or wrote it itself, earlier)."""
    if cur.origin_device == writer.device_id and (cur.origin_local_seq or 0) < writer.local_seq:
        return True
    return base_seq is not None and cur.seq != 0 and base_seq >= cur.seq


def _edit_against_delete(changes: dict[str, tuple[Any, int | None]], current: dict[str, FieldVersion],
                         writer: Writer, deleting: bool, out: Outcome) -> None:
    """A deletion and an edit made without seeing each other: the row stays deleted, the edit's
    values are kept, and a person decides (restoring the other value un-deletes the record)."""
    deletion = current.get("deleted_at")
    if not deleting and (deletion is None or deletion.value is None):
        return  # nearly every op: an edit of a live record
    base = max((b for _v, b in changes.values() if b is not None), default=None)
    if not deleting and "deleted_at" not in changes and deletion is not None and deletion.value is not None \
            and not _fast_forward(deletion, base, writer):
        edited = writer.version(None)
        out.conflicts.append(ConflictNote("deleted_at", "delete", deletion, edited, "needs_review"))
    if deleting:
        unseen = [v for name, v in current.items() if name != "deleted_at" and not _fast_forward(v, base, writer)]
        if unseen:
            latest = max(unseen, key=lambda v: v.hlc)
            kept = FieldVersion(None, latest.seq, latest.hlc, latest.origin_device, latest.origin_local_seq,
                                latest.origin_user, latest.wall_ms)
            out.conflicts.append(ConflictNote("deleted_at", "delete", writer.version(changes["deleted_at"][0]), kept,
                                              "needs_review"))
