"""The device's sync settings and marks, kept in the store's `sync_state` table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

KEYS = ("device_id", "device_no", "township_code", "server_url", "token", "ca_file", "allow_insecure",
        "server_epoch", "county_public_key", "pull_cursor", "acked_local_seq", "clock_offset_ms", "last_ok_at",
        "last_error", "enrolled_at")


@dataclass(frozen=True)
class DeviceSync:
    device_id: str
    township_code: str
    server_url: str | None
    token: str | None
    ca_file: str | None
    allow_insecure: bool
    server_epoch: str | None
    pull_cursor: int

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url and self.token)


def read_all(conn: Connection) -> dict[str, str | None]:
    return {k: v for k, v in conn.execute(text("SELECT key, value FROM sync_state"))}


def load(conn: Connection) -> DeviceSync:
    s = read_all(conn)
    return DeviceSync(
        device_id=s.get("device_id") or "", township_code=s.get("township_code") or "",
        server_url=s.get("server_url"), token=s.get("token"), ca_file=s.get("ca_file") or None,
        allow_insecure=s.get("allow_insecure") == "1", server_epoch=s.get("server_epoch"),
        pull_cursor=int(s.get("pull_cursor") or 0),
    )


def put(conn: Connection, **values: object) -> None:
    conn.execute(
        text("INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        [{"k": k, "v": None if v is None else str(v)} for k, v in values.items()],
    )
