"""Capture triggers, generated from each table's actual columns and the field catalogue.

Every write to a township-owned table -- ORM, Core bulk statements, raw SQL, data fixes in the
sqlite3 shell -- lands in `sync_outbox` in the same transaction, field by field:

* insert: `fields = {"col": value, ...}` for every captured column;
* update: `fields = {"col": {"new": v, "base_val": old, "base_seq": server_seq|null}, ...}` for the
  captured columns that changed (`IS NOT`), with the server version the edit started from (the
  field's own mark in `sync_field_ver` if it has one, else the row's in `sync_row_ver`);
* delete: a DELETE statement becomes a tombstone (`deleted_at` set, row kept); the resulting update
  is logged with kind "delete".

The clock `sync_ctx.hlc` is read and advanced inside the same statement (pure SQL, so any process
writing the file keeps one monotonic order). While `sync_ctx.applying = 1` (applying pulled data)
nothing is captured. County-owned tables are read-only unless applying.

Alembic's batch mode drops a table's triggers when it rebuilds the table, so `rebuild_triggers`
runs after every migration; `missing_triggers` lets `check` find a table left without them.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from collections.abc import Iterable

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.catalogue import TABLES, ColumnClass, Owner, TableSpec

PREFIX = "zz_"
NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
# Advances the device's hybrid logical clock inside the writing transaction (shared with the trail).
TICK = f"UPDATE sync_ctx SET hlc = max(hlc + 1, {NOW_MS} * 65536) WHERE id = 1"
_TICK = TICK + ";"
_NOT_APPLYING = "(SELECT applying FROM sync_ctx WHERE id = 1) = 0"


def trigger_names(spec: TableSpec) -> tuple[str, ...]:
    t = spec.name
    if spec.owner is Owner.COUNTY:
        return (f"{PREFIX}ro_{t}_ins", f"{PREFIX}ro_{t}_upd", f"{PREFIX}ro_{t}_del")
    return (f"{PREFIX}cap_{t}_ins", f"{PREFIX}cap_{t}_upd", f"{PREFIX}tomb_{t}_del", f"{PREFIX}key_{t}_upd")


def table_columns(conn: Connection, table: str) -> list[str]:
    return [row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({_q(table)})")]


def captured_columns(spec: TableSpec, actual: Iterable[str]) -> list[str]:
    """Columns to capture: the table's real columns minus key, derived and bookkeeping ones.

    A column the catalogue does not know is captured (losing data is worse than sending too
    much); `check` reports it so the catalogue gets updated.
    """
    skip = {ColumnClass.KEY, ColumnClass.DERIVED, ColumnClass.BOOKKEEPING}
    out = []
    for name in actual:
        col = spec.column(name)
        if col is None or col.cls not in skip:
            out.append(name)
    return out


def township_trigger_sql(spec: TableSpec, columns: list[str]) -> list[str]:
    t = spec.name
    ins, upd, tomb, key = trigger_names(spec)
    outbox_cols = "op_id, tx_id, tbl, row_id, kind, fields, hlc, wall_ms, user_id, schema_ver, state"
    common = (
        # op ids start with the clock so new outbox rows append to the op_id index instead of
        # landing at random places in it (measured: 5-20% faster captured writes); 64 random bits
        # keep devices apart.
        "printf('%016x', x.hlc) || lower(hex(randomblob(8))), coalesce(x.tx_id, 'solo-' || x.hlc), '{t}', NEW.id, "
        "{kind}, {fields}, "
        f"x.hlc, {NOW_MS}, x.user_id, x.schema_ver, 'pending' FROM sync_ctx x WHERE x.id = 1;"
    )
    insert_fields = "json_object(" + ", ".join(f"'{c}', NEW.{_q(c)}" for c in columns) + ")"
    capture_insert = (
        f"CREATE TRIGGER {ins} AFTER INSERT ON {_q(t)} WHEN {_NOT_APPLYING} BEGIN {_TICK} "
        f"INSERT INTO sync_outbox ({outbox_cols}) SELECT "
        + common.format(t=t, kind="'insert'", fields=insert_fields)
        + " END"
    )
    # Row ids are the identity every PC and the county agree on; they never change.
    fixed_key = (
        f"CREATE TRIGGER {key} BEFORE UPDATE OF id ON {_q(t)} WHEN OLD.id IS NOT NEW.id BEGIN "
        "SELECT RAISE(ABORT, 'ZZ_KEY_IMMUTABLE'); END"
    )
    if spec.append_only:  # trails: written once, never edited or removed (corrections are new rows)
        return [
            capture_insert,
            f"CREATE TRIGGER {upd} BEFORE UPDATE ON {_q(t)} WHEN {_NOT_APPLYING} BEGIN "
            "SELECT RAISE(ABORT, 'ZZ_APPEND_ONLY'); END",
            f"CREATE TRIGGER {tomb} BEFORE DELETE ON {_q(t)} WHEN {_NOT_APPLYING} BEGIN "
            "SELECT RAISE(ABORT, 'ZZ_APPEND_ONLY'); END",
            fixed_key,
        ]
    changed_rows = " UNION ALL ".join(
        f"SELECT '{c}' AS c, NEW.{_q(c)} AS n, OLD.{_q(c)} AS o WHERE OLD.{_q(c)} IS NOT NEW.{_q(c)}"
        for c in columns
    )
    update_fields = (
        "(SELECT json_group_object(f.c, json_object('new', f.n, 'base_val', f.o, 'base_seq', "
        f"coalesce((SELECT v.server_seq FROM sync_field_ver v WHERE v.tbl = '{t}' AND v.row_id = NEW.id AND v.field = f.c), "
        f"(SELECT w.server_seq FROM sync_row_ver w WHERE w.tbl = '{t}' AND w.row_id = NEW.id))))"
        f" FROM ({changed_rows}) AS f)"
    )
    any_changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in columns) or "0"
    kind = "CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END"
    return [
        capture_insert,
        f"CREATE TRIGGER {upd} AFTER UPDATE ON {_q(t)} WHEN {_NOT_APPLYING} AND ({any_changed}) BEGIN {_TICK} "
        f"INSERT INTO sync_outbox ({outbox_cols}) SELECT "
        + common.format(t=t, kind=kind, fields=update_fields)
        + " END",
        # A DELETE keeps the row as a tombstone: sync must be able to tell every PC it is gone.
        f"CREATE TRIGGER {tomb} BEFORE DELETE ON {_q(t)} WHEN {_NOT_APPLYING} BEGIN "
        f"UPDATE {_q(t)} SET deleted_at = strftime('%Y-%m-%d %H:%M:%f', 'now') "
        "WHERE id = OLD.id AND deleted_at IS NULL; SELECT RAISE(IGNORE); END",
        fixed_key,
    ]


def county_trigger_sql(spec: TableSpec) -> list[str]:
    t = spec.name
    names = trigger_names(spec)
    events = ("INSERT", "UPDATE", "DELETE")
    return [
        f"CREATE TRIGGER {name} BEFORE {ev} ON {_q(t)} WHEN {_NOT_APPLYING} BEGIN "
        f"SELECT RAISE(ABORT, 'ZZ_READONLY_COUNTY_TABLE'); END"
        for name, ev in zip(names, events)
    ]


def existing_triggers(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {r[0] for r in rows}


def wanted_sql(conn: Connection) -> list[str]:
    """Every trigger statement this version wants, from the tables' actual columns."""
    out: list[str] = []
    for spec in TABLES.values():
        if spec.owner is Owner.COUNTY:
            out += county_trigger_sql(spec)
        else:
            out += township_trigger_sql(spec, captured_columns(spec, table_columns(conn, spec.name)))
    return out


def fingerprint(conn: Connection) -> str:
    return hashlib.sha256("\n".join(wanted_sql(conn)).encode("utf-8")).hexdigest()


def ensure_triggers(conn: Connection) -> bool:
    """Rebuild the triggers when this version would write them differently (a new release may
    change capture without changing the schema), or when some are missing. Missing ones mean
    writes may have escaped capture meanwhile: that is recorded for `check` to report.
    Returns True when it rebuilt them."""
    missing = missing_triggers(conn)
    stored = conn.execute(text("SELECT value FROM sync_state WHERE key = 'trigger_fingerprint'")).scalar()
    if stored == fingerprint(conn) and not missing:
        return False
    rebuild_triggers(conn)
    if missing:
        conn.execute(
            text("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('triggers_repaired', :v)"),
            {"v": f"{datetime.now().isoformat(timespec='seconds')} {','.join(missing)}"},
        )
    return True


def rebuild_triggers(conn: Connection) -> int:
    """Drop and recreate every capture/guard trigger from the tables' actual columns."""
    for name in sorted(existing_triggers(conn)):
        if name.startswith(PREFIX):
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    statements = wanted_sql(conn)
    for sql in statements:
        conn.exec_driver_sql(sql)
    conn.execute(
        text("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('trigger_fingerprint', :v)"),
        {"v": hashlib.sha256("\n".join(statements).encode("utf-8")).hexdigest()},
    )
    return len(statements)


def missing_triggers(conn: Connection) -> list[str]:
    present = existing_triggers(conn)
    return [name for spec in TABLES.values() for name in trigger_names(spec) if name not in present]


def set_applying(conn: Connection, applying: bool) -> None:
    conn.execute(text("UPDATE sync_ctx SET applying = :a WHERE id = 1"), {"a": 1 if applying else 0})


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
