"""Pulled changes keep the resident search index right: a new phone replaces only the phone key,
a new name its pinyin keys, and people deleted elsewhere lose their keys."""

from __future__ import annotations

from sqlalchemy import text

from zongzhi_desktop.models import search
from zongzhi_desktop.models.store import Store
from zongzhi_desktop.sync.protocol import Change
from zongzhi_desktop.sync.pull_apply import apply_page

_seq = iter(range(1, 1000))


def _change(row_id: str, kind: str, fields: dict) -> Change:
    seq = next(_seq)
    return Change(server_seq=seq, tx_seq=seq, tbl="residents", row_id=row_id, kind=kind, fields=fields,
                  hlc=(1_767_225_600_000 + seq) << 16, origin_device="dev-other", origin_user="admin")


def _keys(store: Store, row_id: str) -> set[str]:
    with store.read() as s:
        return {r[0] for r in s.execute(text("SELECT key FROM resident_keys WHERE resident_id = :id"), {"id": row_id})}


def _pull(store: Store, *changes: Change) -> None:
    with store.engine.begin() as conn:
        apply_page(conn, list(changes))


def test_pulled_edits_refresh_exactly_the_keys_they_feed(store: Store) -> None:
    person = {"name": "赵一", "phone": "13800000001", "registration_type": "huji", "status": "active"}
    _pull(store, _change("r-1", "insert", person), _change("r-2", "insert", {**person, "phone": "13800000002"}))
    before = _keys(store, "r-1")
    assert search.PHONE_SUFFIX + "10000000831" in before and any(k.startswith(search.PINYIN) for k in before)

    _pull(store, _change("r-1", "update", {"phone": "13911112222"}), _change("r-2", "update", {"notes": "核查"}))
    after = _keys(store, "r-1")
    assert after == (before - {search.PHONE_SUFFIX + "10000000831"}) | {search.PHONE_SUFFIX + "22221111931"}
    assert search.PHONE_SUFFIX + "20000000831" in _keys(store, "r-2")  # untouched by an edit of other fields

    _pull(store, _change("r-1", "update", {"phone": None}), _change("r-2", "update", {"name": "钱二"}))
    assert _keys(store, "r-1") == {k for k in before if not k.startswith(search.PHONE_SUFFIX)}
    renamed = _keys(store, "r-2")
    assert not (renamed & before - {search.PHONE_SUFFIX + "10000000831"}) and search.PHONE_SUFFIX + "20000000831" in renamed

    # Deleted elsewhere, then the phone changes too: a deleted person has no keys, not even a phone.
    _pull(store, _change("r-2", "update", {"deleted_at": "2026-01-02 00:00:00"}))
    _pull(store, _change("r-2", "update", {"phone": "13700000003"}))
    assert _keys(store, "r-2") == set()
    with store.read() as s:  # what the index holds is what a full rebuild would make
        held = set(s.execute(text("SELECT key, resident_id FROM resident_keys")).all())
    with store.engine.begin() as conn:
        search.rebuild_all(conn)
    with store.read() as s:
        assert set(s.execute(text("SELECT key, resident_id FROM resident_keys")).all()) == held
