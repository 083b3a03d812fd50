"""The PC's side of the integrity sums: row hashes built in SQL, summed per table, slice and bucket.

`domain.row_hash.row_hash` hashes the JSON text `[["col",value],...]` of a row's non-empty synced
values in column order. SQLite builds that very text with `json_array` (the same renderer the
capture triggers use, so it is what the county was sent) and one small Python function hashes it:
twice as fast as reading the rows into Python, and the same text (a test compares the two; text,
integers and NULL are all the synced columns hold -- a REAL column would need its exponent form
checked). Buckets are the last two characters of the id, as at the county.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text

from zongzhi_desktop.domain.catalogue import township_tables
from zongzhi_desktop.models.triggers import captured_columns, table_columns

HASH_FN = "zz_row_hash"
BUCKET_SQL = "substr(t.id, length(t.id) - 1)"  # = domain.row_hash.bucket_of, and the county's SQL
MAX_SLICES = 256
_HEX = "0123456789abcdef"


def text_hash(canonical: str) -> int:
    """The row hash of a canonical text (domain.row_hash.row_hash hashes the same bytes the same way)."""
    return int.from_bytes(hashlib.blake2b(canonical.encode("utf-8"), digest_size=4).digest(), "big") & 0x7FFFFFFF


def synced_tables(conn: Connection) -> dict[str, list[str]]:
    """Every township table (catalogue order: parents before the rows that point at them) -> its synced columns."""
    return {spec.name: captured_columns(spec, table_columns(conn, spec.name)) for spec in township_tables()}


def hash_sql(columns: list[str]) -> str:
    """SQL for one row's hash over `columns` of the table aliased `t`."""
    parts = " || ".join(
        f"""CASE WHEN t."{c}" IS NULL THEN '' ELSE ',' || json_array('{c}', t."{c}") END""" for c in sorted(columns)
    )
    return f"{HASH_FN}('[' || substr({parts}, 2) || ']')" if columns else f"{HASH_FN}('[]')"


def slices_for(total_rows: int, rows_per_pass: int) -> int:
    """How many passes one full comparison is spread over: a power of two, so slices are hex ranges."""
    n = 1
    while n < MAX_SLICES and total_rows > n * rows_per_pass:
        n *= 2
    return n


def slice_bounds(index: int, slices: int) -> tuple[str, str | None]:
    """Bucket range [lo, hi) of one slice; the first starts at "" and the last is open, so every bucket,
    hex or not, lies in exactly one slice."""
    def edge(k: int) -> str:
        v = k * 256 // slices
        return _HEX[v // 16] + _HEX[v % 16]
    return ("" if index == 0 else edge(index)), (None if index == slices - 1 else edge(index + 1))


def table_count(conn: Connection, tbl: str, exclude: list[str]) -> int:
    where, params = _excluding(exclude)
    return int(conn.execute(text(f'SELECT count(*) FROM "{tbl}" t WHERE {where}'), params).scalar_one())


def slice_sum(conn: Connection, tbl: str, columns: list[str], lo: str, hi: str | None, exclude: list[str]) -> tuple[int, int]:
    """(count, hash sum) of the rows whose bucket lies in [lo, hi), live and deleted alike."""
    _ready(conn)
    where, params = _excluding(exclude)
    if lo:
        where += f" AND {BUCKET_SQL} >= :lo"
    if hi is not None:
        where += f" AND {BUCKET_SQL} < :hi"
    row = conn.execute(text(f'SELECT count(*), coalesce(sum({hash_sql(columns)}), 0) FROM "{tbl}" t '
                            f"WHERE t.id IN ({_ids_where(tbl, where)})"), {**params, "lo": lo, "hi": hi}).one()
    return int(row[0]), int(row[1])


def bucket_sums(conn: Connection, tbl: str, columns: list[str], exclude: list[str]) -> dict[str, tuple[int, int, int]]:
    """bucket -> (count, hash sum, highest row mark)."""
    _ready(conn)
    where, params = _excluding(exclude)
    rows = conn.execute(text(
        f"SELECT {BUCKET_SQL} AS b, count(*), coalesce(sum({hash_sql(columns)}), 0), coalesce(max(m.server_seq), 0) "
        f'FROM "{tbl}" t LEFT JOIN sync_row_ver m ON m.tbl = :tbl AND m.row_id = t.id WHERE {where} GROUP BY b'
    ), {**params, "tbl": tbl})
    return {b: (int(n), int(s), int(m)) for b, n, s, m in rows}


def bucket_rows(conn: Connection, tbl: str, columns: list[str], buckets: list[str]) -> dict[str, tuple[int, int]]:
    """id -> (row hash, row mark) of every row in `buckets`."""
    _ready(conn)
    marks = ", ".join(f":b{i}" for i in range(len(buckets)))
    rows = conn.execute(text(
        f'SELECT t.id, {hash_sql(columns)}, coalesce(m.server_seq, 0) FROM "{tbl}" t '
        f"LEFT JOIN sync_row_ver m ON m.tbl = :tbl AND m.row_id = t.id "
        f"WHERE t.id IN ({_ids_where(tbl, f'{BUCKET_SQL} IN ({marks})')})"
    ), {"tbl": tbl, **{f"b{i}": b for i, b in enumerate(buckets)}})
    return {r: (int(h), int(m)) for r, h, m in rows}


def _ids_where(tbl: str, where: str) -> str:
    """The ids picked by bucket from the narrow primary-key index: only those rows are then read
    whole and hashed (measured: half the time of filtering a scan of the wide table)."""
    return f'SELECT t.id FROM "{tbl}" t WHERE {where}'


def _excluding(ids: list[str]) -> tuple[str, dict[str, str]]:
    if not ids:
        return "1", {}
    return f"t.id NOT IN ({', '.join(f':x{i}' for i in range(len(ids)))})", {f"x{i}": v for i, v in enumerate(ids)}


def _ready(conn: Connection) -> None:
    conn.connection.driver_connection.create_function(HASH_FN, 1, text_hash, deterministic=True)  # type: ignore[union-attr]
