"""Users travel by sync, keys stay per PC: a user added on one PC of the township is named on the others,
gets in there through the administrator's reset or the recovery key, is refused everywhere once disabled,
takes a role change along, and no password hash or key wrap ever leaves the PC it was made on."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from county_support import CountyServer, join_new_pc
from zongzhi_county.schema import change_log, field_ver
from zongzhi_desktop.errors import AuthError, InputError
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.registers import Department
from zongzhi_desktop.models.store import Store, open_store
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.services import auth, users
from zongzhi_desktop.sync import inbox
from zongzhi_desktop.sync.engine import sync_now
from tests_support import ADMIN, PASSWORD

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"
SYNCED_COLUMNS = {"id", "username", "display_name", "role", "department_id", "worker_id", "disabled",
                  "deleted_at", "created_at", "created_by", "updated_at", "updated_by"}


@pytest.fixture
def two_pcs(county: CountyServer, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    township = county.new_township()
    a = join_new_pc(county, township, tmp_path / "a")
    b = join_new_pc(county, township, tmp_path / "b")
    _converge(a, b)
    yield a, b
    a.close()
    b.close()


def _converge(*pcs: Store) -> None:
    for pc in pcs + pcs:
        sync_now(pc)
        users.settle_after_sync(pc)  # what the sync command and the GUI's sync do after every sync


def _login_fails(store: Store, username: str, password: str) -> AuthError:
    with pytest.raises(AuthError) as info:
        open_store(store.paths, username, password).close()
    return info.value


def _add_on_a_and_grant_on_b(a: Store, b: Store, username: str = "xiaoli", role: str = "staff") -> None:
    users.add_user(a, a.actor, username, "Staff-2026", role, display_name="李明")
    _converge(a, b)
    users.reset_password(b, b.actor, username, "OnB-2026x")


def test_a_user_added_on_one_pc_is_named_on_the_other_and_let_in_by_its_admin(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    users.add_user(a, a.actor, "xiaoli", "Staff-2026", "staff", display_name="李明")
    _converge(a, b)

    error = _login_fails(b, "xiaoli", "Staff-2026")  # the password is A's, and B holds no key wrap for her
    assert error.code == "auth.not_granted_here"
    assert "该用户来自本乡镇其他电脑，尚未在本机授权" in str(error) and "恢复密钥" in str(error)
    assert _login_fails(b, "nobody", "Staff-2026").code == "auth.failed"  # an unknown name stays unknown
    listed = {u.username: u for u in users.list_users(b, b.actor)}
    assert (listed["xiaoli"].role, listed["xiaoli"].display_name, listed["xiaoli"].can_open_here) == ("staff", "李明", False)
    assert listed[ADMIN].can_open_here
    with pytest.raises(InputError) as info:  # adding her again here would fork one person into two accounts
        users.add_user(b, b.actor, "xiaoli", "Other-2026x", "leader")
    assert info.value.code == "users.exists_elsewhere"

    users.reset_password(b, b.actor, "xiaoli", "OnB-2026x")
    opened = open_store(b.paths, "xiaoli", "OnB-2026x")
    assert (opened.actor.role, opened.actor.display_name) == ("staff", "李明")
    opened.close()
    assert {u.username: u.can_open_here for u in users.list_users(b, b.actor)}["xiaoli"]
    assert "xiaoli" not in AccountsFile.load(b.paths.accounts_file).known_elsewhere
    # passwords are per PC: B's does not open A, A's still does
    assert _login_fails(a, "xiaoli", "OnB-2026x").code == "auth.failed_left"
    open_store(a.paths, "xiaoli", "Staff-2026").close()
    # both PCs made the same "admin" at set-up: one row, merged without a conflict
    with a.read() as s:
        assert s.execute(text("SELECT count(*) FROM staff_accounts WHERE username = :u"), {"u": ADMIN}).scalar() == 1
    assert inbox.conflicts(a, a.actor) == [] and inbox.conflicts(b, b.actor) == []


def test_the_recovery_key_lets_a_synced_user_in_with_their_role_and_department(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    recovery = b.new_recovery_key
    assert recovery
    with a.write() as s:
        department = Department(name="贡江镇司法所", kind="judicial")
        s.add(department)
        s.flush()
        department_id = department.id
    users.add_user(a, a.actor, "sifa", "Dept-2026x", "dept_handler", department_id=department_id)
    _converge(a, b)
    assert _login_fails(b, "sifa", "Dept-2026x").code == "auth.not_granted_here"

    opened = auth.log_in_with_recovery_key(b.paths, "sifa", recovery, "Recov-2026", "Recov-2026")
    assert (opened.actor.role, opened.actor.department_id) == ("dept_handler", department_id)
    with opened.read() as s:  # using the master key is on record
        assert s.execute(text("SELECT count(*) FROM audit_log WHERE action = 'users.recover' AND subject_id = 'sifa'")
                         ).scalar() == 1
    opened.close()
    open_store(b.paths, "sifa", "Recov-2026").close()
    with pytest.raises(InputError):  # a name the township does not know is still refused after the key
        auth.log_in_with_recovery_key(b.paths, "nobody", recovery, "Recov-2026", "Recov-2026")


def test_a_user_disabled_on_one_pc_is_refused_on_every_pc_after_sync(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    _add_on_a_and_grant_on_b(a, b)
    open_store(b.paths, "xiaoli", "OnB-2026x").close()

    users.set_disabled(a, a.actor, "xiaoli", True)
    for pc in (a, b):
        sync_now(pc)  # no login or settling on B since: its file still says enabled
    assert not AccountsFile.load(b.paths.accounts_file).users["xiaoli"].disabled
    error = _login_fails(b, "xiaoli", "OnB-2026x")
    assert error.code == "auth.disabled" and "停用" in str(error)
    assert AccountsFile.load(b.paths.accounts_file).users["xiaoli"].disabled  # the file now matches
    assert _login_fails(a, "xiaoli", "Staff-2026").code == "auth.disabled"
    assert _login_fails(a, "xiaoli", "Wrong-2026x").code == "auth.failed"  # nothing said without the password

    users.set_disabled(a, a.actor, "xiaoli", False)
    for pc in (a, b):
        sync_now(pc)
    open_store(b.paths, ADMIN, PASSWORD).close()  # a login by anyone brings the file in line
    open_store(b.paths, "xiaoli", "OnB-2026x").close()


def test_a_user_known_only_from_another_pc_can_be_disabled_here(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    users.add_user(a, a.actor, "xiaoli", "Staff-2026", "staff")
    _converge(a, b)
    info = users.set_disabled(b, b.actor, "xiaoli", True)
    assert info.disabled and not info.can_open_here
    assert "xiaoli" not in AccountsFile.load(b.paths.accounts_file).users  # nothing secret made up here
    _converge(b, a)
    assert _login_fails(a, "xiaoli", "Staff-2026").code == "auth.disabled"


def test_a_role_change_on_one_pc_applies_on_the_other_at_next_login(two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    _add_on_a_and_grant_on_b(a, b)
    opened = open_store(b.paths, "xiaoli", "OnB-2026x")
    assert opened.actor.role == "staff"
    opened.close()
    users.set_role(a, a.actor, "xiaoli", "leader")
    for pc in (a, b):
        sync_now(pc)
    opened = open_store(b.paths, "xiaoli", "OnB-2026x")
    assert opened.actor.role == "leader"
    opened.close()
    assert AccountsFile.load(b.paths.accounts_file).users["xiaoli"].role == "leader"


def test_no_password_hash_or_key_wrap_leaves_the_pc(county: CountyServer, two_pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = two_pcs
    _add_on_a_and_grant_on_b(a, b)
    users.set_role(b, b.actor, "xiaoli", "leader")
    _converge(a, b)
    secrets = _secrets(a) + _secrets(b)
    assert len(secrets) >= 8  # two hashes and at least two wraps (user and recovery) per PC

    for pc in (a, b):
        with pc.read() as s:
            columns = {r[1] for r in s.execute(text("PRAGMA table_info(staff_accounts)"))}
            rows = [json.dumps(list(r), default=str) for r in s.execute(text("SELECT * FROM staff_accounts"))]
            outbox = s.execute(text("SELECT tbl, fields FROM sync_outbox")).all()
        assert columns == SYNCED_COLUMNS
        staff_ops = [json.loads(f) for t, f in outbox if t == "staff_accounts"]
        assert staff_ops and all(set(op) <= SYNCED_COLUMNS for op in staff_ops)
        _assert_holds_none(rows + [f for _, f in outbox], secrets)
    with county.engine.connect() as conn:
        fields = conn.execute(select(field_ver.c.field, field_ver.c.value).where(field_ver.c.tbl == "staff_accounts")).all()
        logged = conn.execute(select(change_log.c.fields)).scalars().all()
    assert {f for f, _ in fields} <= SYNCED_COLUMNS and ("role", '"leader"') in fields
    _assert_holds_none([str(v) for _, v in fields] + list(logged), secrets)


def test_an_existing_store_fills_the_table_at_the_first_admin_login_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(FIXTURES / "rev0007", home)
    accounts = AccountsFile.load(home / "accounts.json")
    accounts.add_user("laozhang", "Older-2026", "leader")  # made before the table existed
    accounts.save(home / "accounts.json")
    paths = resolve_paths(home)
    store = open_store(paths, ADMIN, PASSWORD)
    with store.read() as s:
        names = s.execute(text("SELECT username FROM staff_accounts ORDER BY username")).scalars().all()
        pending = s.execute(text("SELECT count(*) FROM sync_outbox")).scalar()
    store.close()
    assert names == sorted(accounts.users)
    open_store(paths, ADMIN, PASSWORD).close()
    store = open_store(paths, ADMIN, PASSWORD)
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == pending  # idempotent
    store.close()


def test_the_row_is_written_in_the_same_unit_as_the_audit_entry(store: Store) -> None:
    with store.read() as s:  # a new store has nothing to sync: its administrator's row comes with the first change
        assert s.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == 0
    users.add_user(store, store.actor, "xiaoli", "Staff-2026", "staff")
    users.set_disabled(store, store.actor, "xiaoli", True)
    with store.read() as s:
        ops = s.execute(text(
            "SELECT o.tbl, o.kind, coalesce(s.username, a.action), o.tx_id FROM sync_outbox o "
            "LEFT JOIN staff_accounts s ON s.id = o.row_id LEFT JOIN audit_log a ON a.id = o.row_id "
            "ORDER BY o.local_seq")).all()
    assert [tuple(op[:3]) for op in ops] == [
        ("staff_accounts", "insert", "xiaoli"), ("staff_accounts", "insert", ADMIN), ("audit_log", "insert", "users.add"),
        ("staff_accounts", "update", "xiaoli"), ("audit_log", "insert", "users.disable")]
    units = [op[3] for op in ops]
    assert len(set(units[:3])) == 1 and len(set(units[3:])) == 1 and units[0] != units[3]


def _secrets(store: Store) -> list[str]:
    accounts = AccountsFile.load(store.paths.accounts_file)
    found = [a.password_hash for a in accounts.users.values()]
    found += [s for s in _strings(accounts.keys) if len(s) >= 24]  # wrapped keys, salts, nonces
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _assert_holds_none(texts: list[str], secrets: list[str]) -> None:
    leaks = [s[:16] for s in secrets if any(s in t for t in texts)]
    assert leaks == [] and not any("$argon2" in t for t in texts)
