"""A pulled page lands in a few statements that each take all their rows as one JSON text, and lands
exactly what row-by-row statements landed: same values and SQL types, pending local edits and field
marks stepped around as before; values JSON would carry differently still go row by row."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from sqlalchemy import Connection, event, exc, text

from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync.apply import execute_many, write_many
from zongzhi_desktop.sync import pull_apply
from zongzhi_desktop.sync.protocol import Change
from zongzhi_desktop.sync.pull_apply import apply_page

_COLUMNS = ("a", "b", "c")
_JSON_SQL = "INSERT INTO {t} (id, a, b, c) SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?)"
_ROW_SQL = "INSERT INTO {t} (id, a, b, c) VALUES (?, ?, ?, ?)"


class Statements:
    """Every statement the store's engine sends (reads through the raw driver cursor are not seen)."""

    def __init__(self, store: Store) -> None:
        self.seen: list[tuple[str, bool]] = []
        self.engine = store.engine

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._note)

    def _note(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        self.seen.append((statement, executemany))


def _scratch(conn: Connection) -> None:
    for t in ("by_json", "by_row"):  # no declared types: SQLite keeps each value's own type
        conn.execute(text(f"DROP TABLE IF EXISTS temp.{t}"))
        conn.execute(text(f"CREATE TEMP TABLE {t} (id TEXT PRIMARY KEY, a, b, c)"))


def _landed(conn: Connection, table: str) -> list[tuple]:
    return conn.execute(text(f"SELECT id, typeof(a), a, typeof(b), b, typeof(c), c FROM {table} ORDER BY id")).all()


PLAIN = [
    ("r1", "引号\"与\\反斜杠\n换行\t制表", "", "😀 emoji and 中文"),
    ("r2", 0, -1, 2 ** 63 - 1),
    ("r3", -(2 ** 63), True, False),
    ("r4", None, "null", "[1, 2]"),
    ("r5", "{\"not\": \"an object\"}", " leading and trailing ", "\u2028\u2029"),
]


def test_plain_values_go_as_one_json_statement_and_land_as_row_by_row(store: Store) -> None:
    with store.engine.begin() as conn:
        _scratch(conn)
        with Statements(store) as sent:
            write_many(conn, _JSON_SQL.format(t="by_json"), _ROW_SQL.format(t="by_json"), PLAIN)
        execute_many(conn, _ROW_SQL.format(t="by_row"), PLAIN)
        assert _landed(conn, "by_json") == _landed(conn, "by_row")
        assert [r[0] for r in _landed(conn, "by_json")] == ["r1", "r2", "r3", "r4", "r5"]
    assert sent.seen == [(_JSON_SQL.format(t="by_json"), False)]  # one statement, one parameter


@pytest.mark.parametrize("odd", [0.1, 1e300, 2 ** 63, -(2 ** 63) - 1, "NUL\x00inside"])
def test_values_json_would_carry_differently_go_row_by_row(store: Store, odd: Any) -> None:
    rows = [("r1", "plain", 1, None), ("r2", odd, "x", True)]
    with store.engine.begin() as conn:
        _scratch(conn)
        if isinstance(odd, int) and not -(2 ** 63) <= odd < 2 ** 63:  # SQLite has no such integer: refused both ways
            with pytest.raises(OverflowError):
                write_many(conn, _JSON_SQL.format(t="by_json"), _ROW_SQL.format(t="by_json"), rows)
            with pytest.raises(OverflowError):
                execute_many(conn, _ROW_SQL.format(t="by_row"), rows)
            return
        with Statements(store) as sent:
            write_many(conn, _JSON_SQL.format(t="by_json"), _ROW_SQL.format(t="by_json"), rows)
        execute_many(conn, _ROW_SQL.format(t="by_row"), rows)
        assert _landed(conn, "by_json") == _landed(conn, "by_row")
        assert _landed(conn, "by_json")[1][2] == odd
    assert sent.seen == [(_ROW_SQL.format(t="by_json"), True)]  # row by row, as before


def test_an_object_value_is_refused_as_before(store: Store) -> None:
    """A field holding a JSON object never reached SQL as text: it still fails the page."""
    rows = [("r1", {"nested": 1}, None, None)]
    with store.engine.begin() as conn:
        _scratch(conn)
        with pytest.raises(exc.InterfaceError):
            execute_many(conn, _ROW_SQL.format(t="by_row"), rows)
    with store.engine.begin() as conn:
        _scratch(conn)
        with pytest.raises(exc.InterfaceError):
            write_many(conn, _JSON_SQL.format(t="by_json"), _ROW_SQL.format(t="by_json"), rows)


_seq = iter(range(1, 100_000))


def _change(row_id: str, fields: dict, *, seq: int | None = None, kind: str = "update", tbl: str = "residents") -> Change:
    seq = next(_seq) if seq is None else seq
    return Change(server_seq=seq, tx_seq=seq, tbl=tbl, row_id=row_id, kind=kind, fields=fields,
                  hlc=(1_767_225_600_000 + seq) << 16, origin_device="dev-other", origin_user="其他人")


def _person(i: int) -> dict:
    return {"name": f"批量{i}", "phone": f"1380000{i:04d}", "registration_type": "huji", "status": "active"}


def _statements_to_land(store: Store, people: int) -> list[tuple[str, bool]]:
    ids = [f"size{people}-{i}" for i in range(people)]
    with store.engine.begin() as conn:
        apply_page(conn, [_change(r, _person(i), kind="insert") for i, r in enumerate(ids)])
    with Statements(store) as sent, store.engine.begin() as conn:
        apply_page(conn, [_change(r, {"notes": f"核查{i}", "current_address": f"新址{i}号"}) for i, r in enumerate(ids)])
    return sent.seen


def test_a_page_takes_as_many_statements_whatever_its_size(store: Store) -> None:
    small, large = _statements_to_land(store, 30), _statements_to_land(store, 300)
    assert len(small) == len(large)
    assert not any(many for _, many in large)  # each write one statement with one JSON parameter


def _row(store: Store, row_id: str) -> tuple:
    with store.read() as s:
        return s.execute(text("SELECT phone, notes, updated_by FROM residents WHERE id = :id"), {"id": row_id}).one()


def _field_marks(store: Store) -> set[tuple]:
    with store.read() as s:
        return set(s.execute(text("SELECT row_id, field, server_seq FROM sync_field_ver")).all())


def _row_marks(store: Store, *ids: str) -> dict[str, int]:
    with store.read() as s:
        return {r: m for r, m in s.execute(text("SELECT row_id, server_seq FROM sync_row_ver")).all() if r in ids}


def test_one_page_steps_around_a_local_edit_and_lands_the_rest(store: Store) -> None:
    """Rows with nothing local take the quick way, the row with a pending edit the careful one, in one page."""
    with store.engine.begin() as conn:
        apply_page(conn, [_change(f"p-{i}", _person(i), seq=1000 + i, kind="insert") for i in range(3)])
    with store.write() as s:  # a local edit of p-1's phone, not yet pushed
        s.execute(text("UPDATE residents SET phone = '13700000000' WHERE id = 'p-1'"))
    page = [
        _change("p-0", {"notes": "甲", "phone": "13911110000", "no_such_column": "x"}, seq=2000),
        _change("p-1", {"notes": "乙", "phone": "13911110001"}, seq=2001),
        _change("p-2", {"notes": "丙"}, seq=1002),  # already applied (the row's mark): skipped
        _change("p-2", {"notes": "丁"}, seq=2002),
    ]
    with store.engine.begin() as conn:
        result = apply_page(conn, page)
    assert result.applied == 3
    assert _row(store, "p-0") == ("13911110000", "甲", "其他人")
    assert _row(store, "p-1") == ("13700000000", "乙", "其他人")  # the local phone stands, the note lands
    assert _row(store, "p-2")[1] == "丁"
    assert _field_marks(store) == {("p-1", "phone", 1001)}  # the local edit keeps the base it was made on
    assert _row_marks(store, "p-0", "p-1", "p-2") == {"p-0": 2000, "p-1": 2001, "p-2": 2002}

    # Once the county has answered that edit, the next change of p-1's phone lands and drops the mark,
    # while p-0 and p-2 (no marks of their own) land next to it in the same page.
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE sync_outbox SET state = 'acked', server_seq = 2003 WHERE row_id = 'p-1'"))
        apply_page(conn, [_change("p-1", {"phone": "13911119999"}, seq=2004),
                          _change("p-0", {"phone": "13911118888"}, seq=2005),
                          _change("p-2", {"notes": "戊"}, seq=2006)])
    assert _row(store, "p-1")[0] == "13911119999" and _row(store, "p-0")[0] == "13911118888"
    assert _row(store, "p-2")[1] == "戊" and _field_marks(store) == set()


def test_the_cycle_collector_waits_while_a_page_lands_and_runs_again_after(store: Store,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = pull_apply.write_rows
    monkeypatch.setattr(pull_apply, "write_rows", lambda *a, **k: (seen.append(gc.isenabled()), real(*a, **k))[1])
    with store.engine.begin() as conn:
        apply_page(conn, [_change("gc-1", _person(1), kind="insert")])
    assert seen == [False] and gc.isenabled()
    monkeypatch.setattr(pull_apply, "write_rows", lambda *a, **k: (_ for _ in ()).throw(OSError("disk trouble")))
    with pytest.raises(OSError), store.engine.begin() as conn:
        apply_page(conn, [_change("gc-2", _person(2), kind="insert")])
    assert gc.isenabled()  # back on after a page that failed too
    monkeypatch.setattr(pull_apply, "write_rows", real)
    gc.disable()  # an outer pause (pull_all's) is left as it was
    try:
        with store.engine.begin() as conn:
            apply_page(conn, [_change("gc-3", _person(3), kind="insert")])
        assert not gc.isenabled()
    finally:
        gc.enable()
