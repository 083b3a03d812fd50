"""The field catalogue: every synced table's owner and every column's class and conflict policy.

Shared by the desktop store (capture triggers, checks) and the county server (merge rules), so it
is plain data: no ORM, no Qt. A test holds the ORM models and this catalogue to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property


class Owner(str, Enum):
    """Who may write a table: the county (reference data) or the township (its registers)."""

    COUNTY = "county"
    TOWNSHIP = "township"


class ColumnClass(str, Enum):
    KEY = "key"  # the row id (UUID made on the PC, or an official code for reference rows)
    CAPTURED = "captured"  # travels in change-sets
    DERIVED = "derived"  # recomputed wherever the row lands (pinyin, birth date from ID, ...)
    BOOKKEEPING = "bookkeeping"  # who/when, taken from the change itself


class Policy(str, Enum):
    """How the county merges concurrent edits of one field (sync.md §3.6)."""

    LWW = "lww"  # last writer wins on (hlc, device); the loser is kept and shown
    HOLD = "hold"  # identity fields: keep the current value, raise a review item
    IMMUTABLE = "immutable"  # set once at creation (events, links)


class KeyKind(str, Enum):
    UUID = "uuid"
    CODE = "code"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    cls: ColumnClass
    policy: Policy = Policy.LWW


@dataclass(frozen=True)
class TableSpec:
    name: str
    owner: Owner
    key: KeyKind
    columns: tuple[ColumnSpec, ...]
    append_only: bool = False  # rows are never edited after insert (trails, visits of record)

    def column(self, name: str) -> ColumnSpec | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, ColumnSpec]:
        """Columns by name (the county looks one up for every pushed field); the first of a name wins."""
        found: dict[str, ColumnSpec] = {}
        for c in self.columns:
            found.setdefault(c.name, c)
        return found

    def names(self, cls: ColumnClass) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.cls is cls)

    @property
    def captured(self) -> tuple[str, ...]:
        return self.names(ColumnClass.CAPTURED)


# Column helpers keep the table list readable.
def _key() -> ColumnSpec:
    return ColumnSpec("id", ColumnClass.KEY, Policy.IMMUTABLE)


def _c(*names: str, policy: Policy = Policy.LWW) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(n, ColumnClass.CAPTURED, policy) for n in names)


def _d(*names: str) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(n, ColumnClass.DERIVED) for n in names)


_BOOKKEEPING = tuple(
    ColumnSpec(n, ColumnClass.BOOKKEEPING) for n in ("created_at", "created_by", "updated_at", "updated_by")
)
_TOMBSTONE = _c("deleted_at")


def _township(name: str, *columns: tuple[ColumnSpec, ...], append_only: bool = False) -> TableSpec:
    flat = tuple(c for group in columns for c in group)
    return TableSpec(name, Owner.TOWNSHIP, KeyKind.UUID, (_key(), *flat, *_TOMBSTONE, *_BOOKKEEPING), append_only)


def _county(name: str, *columns: tuple[ColumnSpec, ...]) -> TableSpec:
    flat = tuple(c for group in columns for c in group)
    return TableSpec(name, Owner.COUNTY, KeyKind.CODE, (_key(), *flat))


_TABLES: tuple[TableSpec, ...] = (
    # --- county-owned reference data, keyed by official code -----------------------------------
    _county("regions", _c("name", "level", "parent_code", "valid_from", "valid_to")),
    _county("code_items", _c("kind", "code", "name", "parent_code", "sort_order", "valid_from", "valid_to", "extra")),
    # --- township registers -----------------------------------------------------------------------
    _township(
        "grids",
        _c("township_code", "village_code", "code", "name", "kind", "area_desc", "notes"),
    ),
    _township(
        "grid_workers",
        _c("name", "id_number", policy=Policy.HOLD),
        _c("phone", "employment", "status", "notes"),
    ),
    _township(
        "grid_assignments",
        _c("grid_id", "worker_id", policy=Policy.HOLD),
        _c("role", "duty", "start_date", "end_date"),
    ),
    _township("departments", _c("code", "name", "kind", "level", "phone", "address", "notes")),
    _township(
        "mediators",
        _c("department_id", "name", "id_number", policy=Policy.HOLD),
        _c("phone", "title", "kind", "notes"),
    ),
    _township("households", _c("household_no", "grid_id", "address", "notes")),
    _township(
        "residents",
        _c("name", "id_number", "grid_id", "household_id", "merged_into", policy=Policy.HOLD),
        _c(
            "registration_type", "relation_to_head", "ethnicity", "hukou_address", "current_address",
            "phone", "employer", "occupation", "status", "notes",
        ),
        _d("sex", "birth_date", "name_pinyin", "name_initials"),
    ),
    _township(
        "key_persons",
        _c("resident_id", "type_code", policy=Policy.HOLD),
        _c(
            "attention_level", "helper_name", "helper_phone", "details", "visit_interval_days",
            "started_on", "ended_on", "end_reason", "notes",
        ),
    ),
    _township(
        "visits",
        _c("key_person_id", policy=Policy.IMMUTABLE),
        _c("visited_on", "visitor", "method", "summary", "findings"),
    ),
    # --- disputes -----------------------------------------------------------------------------
    _county("holidays", _c("kind", "name")),
    _county("time_limits", _c("step", "category", "days", "unit", "note")),
    _township(
        "disputes",
        _c("case_no", "origin", "registered_at", "registered_by", policy=Policy.IMMUTABLE),
        _c(
            "title", "category_code", "channel", "occurred_on", "place", "grid_id", "people_involved",
            "amount_cents", "description", "risk_level", "is_major", "county_deadline",
        ),
        _d(
            "status", "accepted_at", "closed_at", "accept_due", "resolve_due", "supervision",
            "mediation_type", "outcome", "closure_kind", "satisfaction", "escalated", "concurrent",
        ),
    ),
    _township(
        "dispute_parties",
        _c("dispute_id", policy=Policy.IMMUTABLE),
        _c("name", "id_number", policy=Policy.HOLD),
        _c("role", "sex", "ethnicity", "phone", "address", "resident_id", "sort_order"),
    ),
    _township(
        "dispute_events",
        _c(
            "dispute_id", "device_id", "device_seq", "hlc", "at", "actor", "actor_name", "department_id",
            "action", "from_status", "to_status", "note", "data", "prev_hash", "hash",
            policy=Policy.IMMUTABLE,
        ),
        append_only=True,
    ),
    # --- who looked at, exported or printed personal data (issue 10): one hash chain per device --
    _township(
        "audit_log",
        _c(
            "device_id", "seq", "at", "username", "role", "action", "subject_table", "subject_id", "detail",
            "prev_hash", "hash",
            policy=Policy.IMMUTABLE,
        ),
        append_only=True,
    ),
    # --- the township's users (issue 10): who they are and may be; never a password hash or key wrap,
    # which stay in each PC's accounts file (models/staff.py says why). The id is derived from the
    # username, so the username never changes.
    _township(
        "staff_accounts",
        _c("username", policy=Policy.IMMUTABLE),
        _c("display_name", "role", "department_id", "worker_id", "disabled"),
    ),
    _township(
        "attachments",
        _c("dispute_id", "sha256", "size", policy=Policy.IMMUTABLE),
        _c("filename", "mime", "kind", "note"),
    ),
    _township("screenings", _c("held_on", "scope", "grid_ids", "found_count", "led_by", "note")),
    _township(
        "monthly_reports",
        _c("month", "revision", policy=Policy.IMMUTABLE),
        _c("status", "figures", "file_sha256", "submitted_at", "submitted_by", "note"),
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in _TABLES}

# Columns that point at another township row which must exist in the same township (the PCs'
# foreign keys): the county refuses a change whose target is unknown or another township's.
# (A dispute party's resident_id may name someone registered elsewhere, so it is not listed.)
LINKS: dict[tuple[str, str], str] = {
    ("grid_assignments", "grid_id"): "grids",
    ("grid_assignments", "worker_id"): "grid_workers",
    ("mediators", "department_id"): "departments",
    ("households", "grid_id"): "grids",
    ("residents", "grid_id"): "grids",
    ("residents", "household_id"): "households",
    ("key_persons", "resident_id"): "residents",
    ("visits", "key_person_id"): "key_persons",
    ("disputes", "grid_id"): "grids",
    ("dispute_parties", "dispute_id"): "disputes",
    ("dispute_events", "dispute_id"): "disputes",
    ("attachments", "dispute_id"): "disputes",
    ("staff_accounts", "department_id"): "departments",
    ("staff_accounts", "worker_id"): "grid_workers",
}

# Store-internal tables that are never synced (the sync machinery itself, search indexes).
LOCAL_TABLES = frozenset(
    {
        "sync_ctx", "sync_state", "sync_outbox", "sync_field_ver", "sync_row_ver", "sync_conflicts", "sync_runs", "sync_duplicates",
        "sync_evictions",
        "alembic_version", "resident_keys",
    }
)


def township_tables() -> tuple[TableSpec, ...]:
    return tuple(t for t in _TABLES if t.owner is Owner.TOWNSHIP)


def county_tables() -> tuple[TableSpec, ...]:
    return tuple(t for t in _TABLES if t.owner is Owner.COUNTY)
