"""`zongzhi check`: schema at head, SQLite integrity, foreign keys, triggers, outbox against the data."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, text

from zongzhi_desktop.domain.catalogue import TABLES, Owner
from zongzhi_desktop.domain.messages import render
from zongzhi_desktop.models import audit, migrate
from zongzhi_desktop.models.trail import verify_chains
from zongzhi_desktop.models.triggers import captured_columns, missing_triggers, table_columns


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, **self.params)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params, "message": self.message}


def run_checks(engine: Engine, *, full: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    with engine.connect() as conn:
        outbox = _outbox(conn, full)  # the full fold is the slow part: done once, read twice
        problems += _repaired_triggers(conn, engine, full, outbox)
        problems += _schema(conn)
        problems += _integrity(conn, full)
        problems += _foreign_keys(conn)
        problems += [Problem("check.trigger_missing", {"trigger": t}) for t in missing_triggers(conn)]
        problems += _catalogue(conn)
        problems += outbox
        problems += [Problem(p.code, p.params) for p in verify_chains(conn)]
        problems += _audit_chains(conn)
        conn.rollback()
    return problems


def upgrade_problems(engine: Engine) -> list[Problem]:
    """What must hold right after a migration, before the upgraded store is used: the structure
    (schema at head, integrity, foreign keys, every capture trigger, every column catalogued).
    The data checks (outbox, chains) are left to `check`: a migration cannot have broken them."""
    with engine.connect() as conn:
        problems = _schema(conn) + _integrity(conn, False) + _foreign_keys(conn)
        problems += [Problem("check.trigger_missing", {"trigger": t}) for t in missing_triggers(conn)]
        problems += _catalogue(conn)
        conn.rollback()
    return problems


def _audit_chains(conn: Connection) -> list[Problem]:
    """The audit log's chains, like the trail's: the first break of each device's chain."""
    return [Problem(f"audit.chain_{link.kind}", {"device": link.device_id[:8], "seq": link.seq})
            for link in audit.first_breaks(conn)[1]]


def _repaired_triggers(conn: Connection, engine: Engine, full: bool, outbox: list[Problem]) -> list[Problem]:
    """Triggers found missing (and rebuilt) at login: edits may have escaped capture meanwhile.
    A full check that finds no escaped edit closes the matter."""
    note = conn.execute(text("SELECT value FROM sync_state WHERE key = 'triggers_repaired'")).scalar()
    if note is None:
        return []
    if full and not [p for p in outbox if p.code in ("check.untracked_row", "check.outbox_mismatch")]:
        with engine.begin() as w:
            w.execute(text("DELETE FROM sync_state WHERE key = 'triggers_repaired'"))
        return []
    when, _, names = note.partition(" ")
    return [Problem("check.triggers_repaired", {"when": when, "triggers": names})]


def _schema(conn: Connection) -> list[Problem]:
    current, head = migrate.current_revision(conn), migrate.head_revision()
    return [] if current == head else [Problem("check.schema_not_head", {"current": current, "head": head})]


def _integrity(conn: Connection, full: bool) -> list[Problem]:
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    return [] if rows == ["ok"] else [Problem("check.integrity", {"detail": "; ".join(rows[:5])})]


def _foreign_keys(conn: Connection) -> list[Problem]:
    rows = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
    return [Problem("check.foreign_key", {"table": r[0], "rowid": r[1], "parent": r[2]}) for r in rows[:20]]


def _catalogue(conn: Connection) -> list[Problem]:
    out = []
    for spec in TABLES.values():
        for column in table_columns(conn, spec.name):
            if spec.column(column) is None:
                out.append(Problem("check.column_uncatalogued", {"table": spec.name, "column": column}))
    return out


def _outbox(conn: Connection, full: bool) -> list[Problem]:
    out: list[Problem] = []
    if conn.execute(text("SELECT applying FROM sync_ctx WHERE id = 1")).scalar() != 0:
        out.append(Problem("check.ctx_applying"))
    backwards = conn.execute(
        text(
            "SELECT local_seq FROM (SELECT local_seq, hlc, lag(hlc) OVER (ORDER BY local_seq) AS prev "
            "FROM sync_outbox) WHERE hlc <= prev LIMIT 1"
        )
    ).scalar()
    if backwards is not None:
        out.append(Problem("check.outbox_order", {"seq": backwards}))
    for spec in TABLES.values():
        if spec.owner is not Owner.TOWNSHIP:
            continue
        t = spec.name
        dangling = conn.execute(
            text(
                f'SELECT count(*), min(o.row_id) FROM sync_outbox o LEFT JOIN "{t}" r ON r.id = o.row_id '
                "WHERE o.tbl = :t AND r.id IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM sync_evictions e WHERE e.tbl = o.tbl AND e.row_id = o.row_id)"
            ),
            {"t": t},
        ).one()
        if dangling[0]:
            out.append(Problem("check.outbox_dangling", {"count": dangling[0], "tbl": t, "row_id": dangling[1]}))
        untracked = conn.execute(
            text(
                f'SELECT count(*), min(r.id) FROM "{t}" r WHERE NOT EXISTS '
                "(SELECT 1 FROM sync_outbox o WHERE o.tbl = :t AND o.row_id = r.id) AND NOT EXISTS "
                "(SELECT 1 FROM sync_row_ver v WHERE v.tbl = :t AND v.row_id = r.id)"
            ),
            {"t": t},
        ).one()
        if untracked[0]:
            out.append(Problem("check.untracked_row", {"table": t, "count": untracked[0], "row_id": untracked[1]}))
        if full:
            out += _fold_compare(conn, t, captured_columns(spec, table_columns(conn, t)))
    return out


def _fold_compare(conn: Connection, table: str, columns: list[str]) -> list[Problem]:
    """For rows never touched by the server, folding their ops must give the row's current values."""
    expected: dict[str, dict[str, Any]] = {}
    rows = conn.execute(
        text(
            "SELECT row_id, kind, fields FROM sync_outbox o WHERE tbl = :t AND NOT EXISTS "
            "(SELECT 1 FROM sync_row_ver v WHERE v.tbl = o.tbl AND v.row_id = o.row_id) ORDER BY local_seq"
        ),
        {"t": table},
    )
    for row_id, kind, fields_json in rows:
        fields = json.loads(fields_json)
        target = expected.setdefault(row_id, {})
        target.update(fields if kind == "insert" else {k: v["new"] for k, v in fields.items()})
    problems: list[Problem] = []
    select = ", ".join(f'"{c}"' for c in columns)
    for row_id, values in expected.items():
        actual = conn.execute(text(f'SELECT {select} FROM "{table}" WHERE id = :id'), {"id": row_id}).mappings().first()
        if actual is None:
            continue  # reported as dangling
        for column in columns:
            if column in values and _norm(values[column]) != _norm(actual[column]):
                problems.append(
                    Problem(
                        "check.outbox_mismatch",
                        {"table": table, "row_id": row_id, "field": column,
                         "actual": actual[column], "expected": values[column]},
                    )
                )
                if len(problems) >= 20:
                    return problems
    return problems


def _norm(value: Any) -> Any:
    return None if value is None else str(value)
