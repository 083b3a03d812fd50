"""Migrations: head matches the models, every old fixture store upgrades keeping rows and pending
changes, triggers survive batch-mode table rebuilds, and a failed upgrade puts the backup back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Column, String, text

from zongzhi_desktop.domain.derived import DERIVERS
from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models import Base, migrate
from zongzhi_desktop.models.checks import run_checks
from zongzhi_desktop.models.checksums import store_checksums
from zongzhi_desktop.models.db import is_plain_sqlite
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.models.triggers import missing_triggers, rebuild_triggers
from zongzhi_desktop.paths import resolve_paths
from tests_support import ADMIN, PASSWORD

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "stores").glob("rev*"))
# made before stores recorded the rules their derived columns were computed by (models/derived_refresh.py)
FIXTURES_BEFORE_DERIVED_RULES = [f for f in FIXTURES if f.name <= "rev0008"]


def test_a_store_at_head_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_there_is_a_fixture_store_for_every_revision() -> None:
    made = {p.name.removeprefix("rev") for p in FIXTURES}
    assert migrate.known_revisions() <= made, "run tests/fixtures/make_store_fixture.py and commit it"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_store_upgrades_to_head_keeping_rows_and_pending_changes(fixture: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(fixture, home)
    manifest = json.loads((home / "manifest.json").read_text(encoding="utf-8"))
    plain = is_plain_sqlite(home / "zongzhi.db")
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    # a plain store from before encryption is encrypted on the way (models/convert.py)
    assert not is_plain_sqlite(home / "zongzhi.db")
    assert bool(store.new_recovery_key) == plain
    assert not [p for p in home.rglob("*") if p.is_file() and is_plain_sqlite(p)]
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        op_ids = [r[0] for r in conn.execute(text("SELECT op_id FROM sync_outbox WHERE state = 'pending' ORDER BY local_seq"))]
        filled = [tuple(r) for r in conn.execute(text(
            "SELECT o.tbl, o.kind, s.username FROM sync_outbox o JOIN staff_accounts s ON s.id = o.row_id "
            "WHERE o.local_seq > :n ORDER BY o.local_seq"), {"n": len(manifest["op_ids"])})]
        sums = store_checksums(conn)
    # the pending changes survive in order; a store from before 0008 gets, at this first administrator
    # login, one new staff row per account of its file (and nothing else), so its users travel
    assert op_ids[:len(manifest["op_ids"])] == manifest["op_ids"]
    accounts = sorted(json.loads((home / "accounts.json").read_text(encoding="utf-8"))["users"])
    if "staff_accounts" in manifest["checksums"]:
        assert op_ids == manifest["op_ids"]
    else:
        assert len(op_ids) == len(manifest["op_ids"]) + len(accounts)
        assert filled == [("staff_accounts", "insert", name) for name in accounts]
    for table, (count, digest) in manifest["checksums"].items():
        assert sums[table][0] == count, table
    assert run_checks(store.engine, full=True) == []
    # the upgraded store still captures
    with store.write() as s:
        s.execute(text("UPDATE residents SET notes = '升级后' WHERE name = '单雄信'"))
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")).scalar() == len(op_ids) + 1
    store.close()


def test_batch_rebuild_drops_triggers_and_rebuild_restores_them(store: Store) -> None:
    with store.engine.connect() as conn:
        with conn.begin():
            ops = Operations(MigrationContext.configure(conn))
            with ops.batch_alter_table("grids", recreate="always") as batch:
                batch.add_column(Column("patrol_route", String(64)))
        assert {t for t in missing_triggers(conn) if "grids" in t}, "batch mode drops the table's triggers"
    problems = {p.code for p in run_checks(store.engine)}
    assert "check.trigger_missing" in problems and "check.column_uncatalogued" in problems
    with store.engine.begin() as conn:
        rebuild_triggers(conn)
    with store.engine.connect() as conn:
        assert missing_triggers(conn) == []
    with store.write() as s:  # the new column is captured (uncatalogued columns are never dropped)
        s.execute(text("INSERT INTO grids (id, township_code, village_code, code, name, kind, created_at, updated_at, patrol_route) "
                       "VALUES ('g1', '360731100', '360731100001', '009', '新网格', 'admin', '2026-01-01', '2026-01-01', '沿河')"))
    with store.read() as s:
        fields = json.loads(s.execute(text("SELECT fields FROM sync_outbox ORDER BY local_seq DESC LIMIT 1")).scalar())
    assert fields["patrol_route"] == "沿河"


def test_failed_upgrade_restores_the_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    shutil.copytree(FIXTURES[0], home)
    paths = resolve_paths(home)
    manifest = json.loads((home / "manifest.json").read_text(encoding="utf-8"))

    def broken_upgrade(engine) -> None:  # type: ignore[no-untyped-def]
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE half_done (x)")
        raise RuntimeError("disk yanked")

    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
    monkeypatch.setattr(migrate, "_upgrade_to_head", broken_upgrade)
    with pytest.raises(StoreError) as info:
        open_store(paths, ADMIN, PASSWORD)
    assert info.value.code == "store.migration_failed" and "备份" in str(info.value)
    assert list(paths.backup_dir.glob("*before-9999*"))
    monkeypatch.undo()
    store = open_store(paths, ADMIN, PASSWORD)
    with store.engine.connect() as conn:
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        sums = store_checksums(conn)
    store.close()
    assert "half_done" not in tables
    # (reopened without the fault, it upgrades for real: the old tables must hold what they held;
    # the fixture's residents were written without derived values, which the login derives)
    assert {t: list(sums[t]) for t in manifest["checksums"] if t not in DERIVERS} == \
        {t: v for t, v in manifest["checksums"].items() if t not in DERIVERS}
    assert {t: sums[t][0] for t in DERIVERS} == {t: manifest["checksums"][t][0] for t in DERIVERS}


def test_a_store_from_a_newer_version_is_refused(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'zz99'")
    with pytest.raises(StoreError) as info:
        open_store(store.paths, ADMIN, PASSWORD)
    assert info.value.code == "store.too_new"


def test_an_upgrade_that_fails_its_check_puts_the_backup_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The migration itself succeeds but leaves the store without a capture trigger: the check after
    it finds that, the backup goes back, and the message says what the check found."""
    home = tmp_path / "home"
    shutil.copytree(FIXTURES[0], home)
    paths = resolve_paths(home)
    real_upgrade = migrate._upgrade_to_head

    def upgrade_losing_a_trigger(engine) -> None:  # type: ignore[no-untyped-def]
        real_upgrade(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER " + missing_or_first_trigger(conn))

    monkeypatch.setattr(migrate, "_upgrade_to_head", upgrade_losing_a_trigger)
    with pytest.raises(StoreError) as info:
        open_store(paths, ADMIN, PASSWORD)
    assert info.value.code == "store.migration_failed"
    assert "升级后的检查" in str(info.value) and "备份" in str(info.value)
    monkeypatch.undo()
    store = open_store(paths, ADMIN, PASSWORD)  # the old store was put back, so it upgrades again
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert missing_triggers(conn) == []
    store.close()


def missing_or_first_trigger(conn) -> str:  # type: ignore[no-untyped-def]
    return conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'zz_%' "
                                "ORDER BY name LIMIT 1").scalar()


def test_derived_columns_are_recomputed_once_when_the_rules_change(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture stores' residents were written without derived values (no derivation rules were
    recorded): the first login derives them, queueing nothing; later rule changes do it again once."""
    from zongzhi_desktop.models import derived_refresh

    home = tmp_path / "home"
    shutil.copytree(FIXTURES_BEFORE_DERIVED_RULES[-1], home)
    manifest = json.loads((home / "manifest.json").read_text(encoding="utf-8"))
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    with store.read() as s:
        rows = s.execute(text("SELECT id, name_pinyin, birth_date FROM residents WHERE name = '单雄信'")).one()
        assert rows.name_pinyin and str(rows.birth_date) == "1990-01-01"
        assert [r[0] for r in s.execute(text("SELECT op_id FROM sync_outbox ORDER BY local_seq"))] == manifest["op_ids"]
        assert s.execute(text("SELECT count(*) FROM resident_keys WHERE resident_id = :id"), {"id": rows.id}).scalar()
    with store.write() as s:
        s.execute(text("UPDATE residents SET name_pinyin = 'stale' WHERE id = :id"), {"id": rows.id})
    with store.engine.connect() as conn:
        assert not derived_refresh.ensure_derived(conn)  # same rules: nothing to do
        monkeypatch.setattr(derived_refresh, "rules_fingerprint", lambda: "2/test")
        assert derived_refresh.ensure_derived(conn)
        assert not derived_refresh.ensure_derived(conn)
        conn.commit()
    with store.read() as s:
        assert s.execute(text("SELECT name_pinyin FROM residents WHERE id = :id"), {"id": rows.id}).scalar() != "stale"
        pending = s.execute(text("SELECT count(*) FROM sync_outbox")).scalar()
    assert pending == len(manifest["op_ids"])  # derived columns are not captured: neither edit queued anything
    store.close()


def test_0010_reads_the_trail_by_case_through_two_partial_indexes(tmp_path: Path) -> None:
    """The rev0009 store gets the decisions-by-case and route/check-in indexes; 0009's decisions by
    time, which nothing reads any more, is gone; the case's events are all still there."""
    home = tmp_path / "home"
    shutil.copytree(next(f for f in FIXTURES if f.name == "rev0009"), home)
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    with store.engine.connect() as conn:
        indexes = {r[0]: r[1] for r in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dispute_events'")}
        routed = conn.exec_driver_sql(
            "SELECT count(*) FROM dispute_events INDEXED BY ix_dispute_events_routing "
            "WHERE action IN ('route', 'checkin') AND dispute_id IS NOT NULL").scalar()
        decided = conn.exec_driver_sql(
            "SELECT count(*) FROM dispute_events INDEXED BY ix_dispute_events_case_decisions "
            "WHERE action IN ('accept', 'reject', 'resolve', 'fail') AND dispute_id IS NOT NULL").scalar()
    store.close()
    assert "ix_dispute_events_decisions" not in indexes
    assert "WHERE action IN ('accept', 'reject', 'resolve', 'fail')" in indexes["ix_dispute_events_case_decisions"]
    assert "WHERE action IN ('route', 'checkin')" in indexes["ix_dispute_events_routing"]
    assert (routed, decided) == (1, 1)  # the fixture's case was accepted, then routed
