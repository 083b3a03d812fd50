"""The audit log (审计日志): who opened, revealed, exported, printed, imported or deleted personal data.

Append-only and hash-chained per device like the case trail; rows hold ids and codes, never a
person's name, ID number or phone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from zongzhi_desktop.domain.trail_hash import AUDIT_HASHED, BrokenLink, as_text, audit_hash, broken_links
from zongzhi_desktop.models import chain
from zongzhi_desktop.models.base import Base, Tracked, UuidKey, new_id, utc_now


class AuditEntry(UuidKey, Tracked, Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_device_seq", "device_id", "seq"),
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_username_at", "username", "at"),
    )
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)  # this device's running number, from 1
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    subject_table: Mapped[str | None] = mapped_column(String(64))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)  # short JSON of codes and counts
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


HEAD_KEY = "audit_head"  # sync_state: this PC's last (seq, hash)


def append(conn: Connection, *, username: str, role: str, action: str, subject_table: str | None,
           subject_id: str | None, detail: str | None) -> dict[str, Any]:
    """Insert one entry at the end of this PC's chain, inside the caller's transaction."""
    last = chain.head(conn, HEAD_KEY)
    row: dict[str, Any] = {
        "id": new_id(), "device_id": chain.device_id(conn), "seq": last["seq"] + 1, "at": as_text(utc_now()),
        "username": username, "role": role, "action": action, "subject_table": subject_table,
        "subject_id": subject_id, "detail": detail, "prev_hash": last["hash"],
    }
    row["hash"] = audit_hash(row)
    conn.execute(
        text(
            "INSERT INTO audit_log (id, device_id, seq, at, username, role, action, subject_table, subject_id, "
            "detail, prev_hash, hash, created_at, created_by, updated_at, updated_by) VALUES (:id, :device_id, "
            ":seq, :at, :username, :role, :action, :subject_table, :subject_id, :detail, :prev_hash, :hash, "
            ":at, :username, :at, :username)"
        ),
        row,
    )
    chain.set_head(conn, HEAD_KEY, row["seq"], row["hash"])
    return row


def in_write_unit(conn: Connection) -> bool:
    """Store.write stamps the transaction id for the capture triggers; read units have none."""
    return conn.execute(text("SELECT tx_id FROM sync_ctx WHERE id = 1")).scalar() is not None


def first_breaks(conn: Connection) -> tuple[int, list[BrokenLink]]:
    """(entries checked, the first broken link of each device's chain, and a missing newest entry of
    this PC's): later breaks of a chain follow from the first and would only bury it."""
    count, links = broken(conn)
    seen: set[tuple[str, bool]] = set()
    first = []
    for link in links:  # ordered by device, then seq
        key = (link.device_id, link.kind == "head")
        if key not in seen:
            seen.add(key)
            first.append(link)
    return count, first


def broken(conn: Connection) -> tuple[int, list[BrokenLink]]:
    """(entries checked, broken links of every device's chain), plus this PC's missing newest entries."""
    rows = conn.execute(
        text(f"SELECT {', '.join(AUDIT_HASHED)}, hash FROM audit_log ORDER BY device_id, seq")
    ).mappings().all()
    links = broken_links(rows, seq="seq", hash_of=audit_hash)
    recorded, own = chain.head_recorded(conn, HEAD_KEY), chain.state(conn, "device_id")
    if recorded and own:
        mine = [r for r in rows if r["device_id"] == own]
        if not mine or mine[-1]["seq"] != recorded["seq"] or mine[-1]["hash"] != recorded["hash"]:
            links.append(BrokenLink(own, recorded["seq"], "", "head"))
    return len(rows), links
