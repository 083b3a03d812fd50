"""The county database: one generic record store plus the sync bookkeeping (sync.md §3.3).

Departure from sync.md, on purpose: instead of one server table per business table, every row is a
`records` entry (table, id, owning township) and its values live field by field in `field_ver`,
beside the version that last wrote them. The merge works field by field anyway, so this is the
natural shape; the server needs no migration when a township table gains a column, and one code
path serves every table of the catalogue. JSON is stored as text so SQLite and PostgreSQL behave
the same.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger, Column, Index, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text,
)

metadata = MetaData()

server_meta = Table(
    "server_meta", metadata,
    Column("id", Integer, primary_key=True),
    Column("server_epoch", String(36), nullable=False),
    Column("county_code", String(12), nullable=False),
    Column("county_name", Text, nullable=False),
    # The next change-log number. Taking it (UPDATE … RETURNING) row-locks this row until commit,
    # so numbers are handed out in commit order and a reader never skips a late commit.
    Column("next_seq", BigInteger, nullable=False),
    Column("hlc", BigInteger, nullable=False),
    Column("signing_key", Text, nullable=False),  # the county's Ed25519 private key (PEM)
    Column("public_key", Text, nullable=False),  # base64 of the raw public key, pinned by devices
    Column("created_at", String(32), nullable=False),
    Column("purged_before_seq", BigInteger, nullable=False, default=0, server_default="0"),  # integrity.purge_tombstones
)

townships = Table(
    "townships", metadata,
    Column("code", String(12), primary_key=True),
    Column("name", Text, nullable=False),
    Column("next_device_no", Integer, nullable=False, default=1),
    Column("created_at", String(32), nullable=False),
)

enrol_codes = Table(
    "enrol_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("township_code", String(12), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("used_by", String(36)),
)

devices = Table(
    "devices", metadata,
    Column("device_id", String(36), primary_key=True),
    Column("township_code", String(12), nullable=False),
    Column("device_no", String(4), nullable=False),
    Column("name", Text, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("public_key", Text, nullable=False),
    Column("status", String(12), nullable=False),  # active | revoked
    Column("acked_local_seq", BigInteger, nullable=False, default=0),
    Column("schema_ver", Integer),
    Column("app_ver", String(32)),
    Column("clock_skew_ms", BigInteger, nullable=False, default=0),
    Column("enrolled_at", String(32), nullable=False),
    Column("last_seen", String(32)),
    Column("last_push", String(32)),
    Column("last_pull", String(32)),
)

records = Table(
    "records", metadata,
    Column("tbl", String(64), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("township_code", String(12)),  # NULL: county-wide reference data
    Column("created_seq", BigInteger, nullable=False),
    Column("last_seq", BigInteger, nullable=False),  # the latest change-log entry that wrote the row
    Column("row_hash", BigInteger, nullable=False),  # domain.row_hash of its current values
    PrimaryKeyConstraint("tbl", "row_id"),
    Index("ix_records_township", "township_code", "tbl"),
)

field_ver = Table(
    "field_ver", metadata,
    Column("tbl", String(64), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", Text),  # JSON
    Column("server_seq", BigInteger, nullable=False),
    Column("hlc", BigInteger, nullable=False),  # the effective (skew-corrected) clock of the write
    Column("origin_device", String(36)),
    Column("origin_local_seq", BigInteger),
    Column("origin_user", String(64)),
    Column("wall_ms", BigInteger),
    PrimaryKeyConstraint("tbl", "row_id", "field"),
)
# Finding the same person twice: ID numbers only (values of other fields can be long texts).
Index("ix_field_ver_id_number", field_ver.c.tbl, field_ver.c.value,
      postgresql_where=field_ver.c.field == "id_number", sqlite_where=field_ver.c.field == "id_number")

change_log = Table(
    "change_log", metadata,
    Column("server_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("tx_seq", BigInteger, nullable=False),
    Column("tbl", String(64), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("fields", Text, nullable=False),  # JSON: field -> new value
    Column("hlc", BigInteger, nullable=False),
    Column("origin_device", String(36)),
    Column("origin_local_seq", BigInteger),
    Column("origin_user", String(64)),
    Column("wall_ms", BigInteger),
    Column("township_code", String(12)),  # the scope key; NULL = every township
    Column("schema_ver", Integer, nullable=False),
    Column("at", String(32), nullable=False),
    Index("ix_change_log_scope", "township_code", "server_seq"),
)

op_receipts = Table(
    "op_receipts", metadata,
    Column("device_id", String(36), nullable=False),
    Column("local_seq", BigInteger, nullable=False),
    Column("op_id", String(40), nullable=False),
    Column("status", String(10), nullable=False),
    Column("server_seq", BigInteger),
    Column("reason", Text),
    Column("conflicts", Integer, nullable=False, default=0),
    PrimaryKeyConstraint("device_id", "local_seq"),
)

conflicts = Table(
    "conflicts", metadata,
    Column("id", String(36), primary_key=True),
    Column("township_code", String(12), nullable=False),
    Column("tbl", String(64), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("field", String(64), nullable=False),
    Column("policy", String(10), nullable=False),
    Column("winner_val", Text),
    Column("loser_val", Text),
    Column("winner_origin", Text, nullable=False),  # JSON {device, user, wall_ms, hlc}
    Column("loser_origin", Text, nullable=False),
    Column("status", String(16), nullable=False),  # open | needs_review | resolved
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32)),
    Column("resolution", Text),
    Index("ix_conflicts_township", "township_code", "status"),
)

quarantine = Table(
    "quarantine", metadata,
    Column("id", String(36), primary_key=True),
    Column("device_id", String(36), nullable=False),
    Column("local_seq", BigInteger, nullable=False),
    Column("township_code", String(12), nullable=False),
    Column("payload", Text, nullable=False),  # the op as received, JSON
    Column("reason", Text, nullable=False),  # JSON [code, params]
    Column("status", String(12), nullable=False),  # open | resolved
    Column("created_at", String(32), nullable=False),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("township_code", String(12), nullable=False),
    Column("stored_at", String(32), nullable=False),
)

# Every township that has uploaded a file (not only the first): a hash alone is no key to another
# township's attachment, so a township may fetch only what one of its own PCs has sent.
blob_holders = Table(
    "blob_holders", metadata,
    Column("sha256", String(64), nullable=False),
    Column("township_code", String(12), nullable=False),
    Column("stored_at", String(32), nullable=False),
    PrimaryKeyConstraint("sha256", "township_code"),
)

transfers = Table(
    "transfers", metadata,
    Column("id", String(36), primary_key=True),
    Column("resident_id", String(64), nullable=False),
    Column("from_township", String(12), nullable=False),
    Column("to_township", String(12), nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_by", String(64)),  # device id, or "county"
    Column("requested_at", String(32), nullable=False),
    Column("status", String(12), nullable=False),  # requested | approved | rejected
    Column("decided_at", String(32)),
    Column("note", Text),
)

duplicates = Table(
    "duplicates", metadata,
    Column("id", String(36), primary_key=True),
    Column("tbl", String(64), nullable=False),
    Column("row_a", String(64), nullable=False),
    Column("row_b", String(64), nullable=False),
    Column("township_a", String(12), nullable=False),
    Column("township_b", String(12), nullable=False),
    Column("status", String(12), nullable=False),  # open | merged | dismissed
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32)),
    Column("resolution", Text),  # JSON: kept, dropped, fields filled in, references re-pointed
    Index("ix_duplicates_rows", "row_a", "row_b"),
)
