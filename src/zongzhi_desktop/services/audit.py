"""The audit log: recording looks at personal data, listing the record, checking its hash chains.

What is recorded (issue 10): opening a person's full record, revealing a full ID number or phone,
exporting, printing, importing, deleting a resident and changing users or permissions. Lists and
searches are not recorded one by one. An entry holds ids, codes and counts, never a name, an ID
number or a phone: `detail` is scrubbed of long digit runs and kept short.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zongzhi_desktop.domain.messages import CATALOGUE, render
from zongzhi_desktop.errors import InputError
from zongzhi_desktop.models import audit as audit_log
from zongzhi_desktop.models.audit import AuditEntry
from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions

ACTIONS = (
    "resident.open", "resident.reveal", "resident.delete", "resident.export", "resident.import",
    "keyperson.open", "report.export", "dispute.print",
    # who may do what (services/users.py names them so): accounts added, roles, passwords, lock-outs
    "users.add", "users.role", "users.password", "users.unlock", "users.disable", "users.enable",
    "users.recover", "attachment.open", "diagnostics.export",
)
MAX_LIST = 5000
_DETAIL_TEXT = 80
_LONG_DIGITS = re.compile(r"\d{11,}")  # phones have 11 digits, ID numbers 15 or 18; dates stay readable


@dataclass(frozen=True)
class AuditRecord:
    id: str
    device_id: str
    seq: int
    at: datetime  # UTC
    username: str
    role: str
    action: str
    action_name: str
    subject_table: str | None
    subject_id: str | None
    detail: dict[str, Any]
    role_name: str = ""
    subject_name: str = ""  # what kind of record, in Chinese
    detail_text: str = ""  # the detail in Chinese, for lists


@dataclass(frozen=True)
class ChainProblem:
    device_id: str
    seq: int
    entry_id: str
    kind: str  # gap | altered | head
    message: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    devices: int
    problems: tuple[ChainProblem, ...]  # the first broken link of each device's chain

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        if self.ok:
            return render("audit.chain_ok", devices=self.devices, entries=self.entries)
        return "\n".join(p.message for p in self.problems)


def action_name(code: str) -> str:
    return render(f"audit.action.{code}")


def detail_text(detail: dict[str, Any]) -> str:
    """"行数 12，号码已隐藏中间位，文件 居民.xlsx": the detail as people read it."""
    parts = []
    for key, value in sorted(detail.items()):
        if key == "masked":
            parts.append(render(f"audit.detail.masked.{bool(value)}"))
            continue
        if key == "form":
            value = _known(f"audit.detail.form.{value}", value)
        elif key in ("role", "old", "new"):
            value = permissions.ROLE_NAMES.get(str(value), value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        parts.append(_known(f"audit.detail.{key}", f"{key}={value}", value=value))
    return "，".join(parts)


def _known(code: str, fallback: Any, **params: Any) -> str:
    return render(code, **params) if code in CATALOGUE else str(fallback)


def file_label(path: str | Path) -> str:
    """A written file as the log names it: the name without its folder."""
    return Path(path).name


def record(session: Session, actor: Actor, action: str, subject_table: str | None = None,
           subject_id: str | None = None, detail: dict[str, Any] | None = None) -> str:
    """Append one entry inside the caller's write unit (so the act and its record commit together)."""
    if action not in ACTIONS:
        raise InputError("audit.unknown_action", action=action)
    if not audit_log.in_write_unit(session.connection()):
        # a read unit rolls back at its end: the entry would vanish without a word
        raise RuntimeError("audit.record needs the caller's write unit (store.write), not a read unit")
    row = audit_log.append(
        session.connection(), username=actor.username, role=actor.role, action=action,
        subject_table=subject_table, subject_id=subject_id, detail=_detail_json(detail),
    )
    return str(row["id"])


def record_now(store: Store, actor: Actor, action: str, subject_table: str | None = None,
               subject_id: str | None = None, detail: dict[str, Any] | None = None) -> str:
    """Append one entry in a write unit of its own (for acts that wrote nothing to the store)."""
    with store.write(actor) as s:
        return record(s, actor, action, subject_table, subject_id, detail)


class AuditService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self, actor: Actor, *, user: str | None = None, action: str | None = None,
             since: date | None = None, until: date | None = None, limit: int = 1000) -> tuple[AuditRecord, ...]:
        """Newest first. `since`/`until` are local calendar days, inclusive."""
        permissions.require(actor, "audit.read")
        query = select(AuditEntry).where(AuditEntry.deleted_at.is_(None))
        if user and user.strip():
            query = query.where(AuditEntry.username == user.strip())
        if action:
            query = query.where(AuditEntry.action == action)
        if since:
            query = query.where(AuditEntry.at >= _local_day_start_utc(since))
        if until:
            query = query.where(AuditEntry.at < _local_day_start_utc(until + timedelta(days=1)))
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.device_id, AuditEntry.seq.desc())
        with self._store.read() as s:
            rows = s.scalars(query.limit(max(1, min(limit, MAX_LIST)))).all()
            return tuple(_to_record(r) for r in rows)

    def users(self, actor: Actor) -> tuple[str, ...]:
        """Every user name found in the log (for a filter's pick-list)."""
        permissions.require(actor, "audit.read")
        with self._store.read() as s:
            return tuple(s.scalars(select(AuditEntry.username).distinct().order_by(AuditEntry.username)))

    def verify(self, actor: Actor) -> ChainReport:
        """Recompute every device's chain; report the first broken link of each."""
        permissions.require(actor, "audit.read")
        with self._store.read() as s:
            conn = s.connection()
            count, links = audit_log.first_breaks(conn)
            devices = len(set(s.scalars(select(AuditEntry.device_id).distinct())))
        problems = [ChainProblem(link.device_id, link.seq, link.row_id, link.kind, render(
            f"audit.chain_{link.kind}", device=link.device_id[:8], seq=link.seq)) for link in links]
        return ChainReport(count, devices, tuple(problems))


def _detail_json(detail: dict[str, Any] | None) -> str | None:
    if not detail:
        return None
    return json.dumps({str(k): _scrub(v) for k, v in detail.items()}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def _scrub(value: Any) -> Any:
    """Counts, flags and codes pass; text is shortened and loses anything shaped like a phone or ID number."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = _LONG_DIGITS.sub("…", str(value))
    return text if len(text) <= _DETAIL_TEXT else text[:_DETAIL_TEXT - 1] + "…"


def _local_day_start_utc(day: date) -> datetime:
    """Entries are stamped in UTC; people filter by their own calendar days."""
    local = datetime.combine(day, time.min).astimezone()
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _to_record(r: AuditEntry) -> AuditRecord:
    detail = json.loads(r.detail or "{}")
    return AuditRecord(
        id=r.id, device_id=r.device_id, seq=r.seq, at=r.at, username=r.username, role=r.role, action=r.action,
        action_name=action_name(r.action) if r.action in ACTIONS else r.action,
        subject_table=r.subject_table, subject_id=r.subject_id, detail=detail,
        role_name=permissions.ROLE_NAMES.get(r.role, r.role),
        subject_name=_known(f"audit.subject.{r.subject_table}", r.subject_table or "") if r.subject_table else "",
        detail_text=detail_text(detail),
    )
