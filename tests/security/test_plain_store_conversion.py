"""An existing plain store is encrypted in place at the first administrator login: backup first, no plain
bytes left (store, WAL, old backups), a recovery key handed back, the data identical; crashes resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.models import backup, convert
from zongzhi_desktop.models.accounts import AccountsFile
from zongzhi_desktop.models.checksums import store_checksums
from zongzhi_desktop.models.db import is_plain_sqlite
from zongzhi_desktop.models.store import open_store
from zongzhi_desktop.paths import resolve_paths
from tests_support import ADMIN, PASSWORD
from security.support import files_holding, plain_sqlite_files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"
# what the fixture stores hold (tests/fixtures/make_store_fixture.py)
PEOPLE = ["单雄信", "解缙", "360102199001010018", "36020319850515002X", "曾小芳", "13907970001"]


def _plain_home(tmp_path: Path, revision: str = "rev0006") -> Path:
    home = tmp_path / "home"
    shutil.copytree(FIXTURES / revision, home)
    # a plain backup an earlier migration left behind
    (home / "backups").mkdir()
    shutil.copyfile(FIXTURES / "rev0003" / "zongzhi.db", home / "backups" / "zongzhi-before-0004-20260101-000000-000000.db")
    return home


def test_a_plain_store_is_converted_at_the_first_admin_login(tmp_path: Path) -> None:
    home = _plain_home(tmp_path)
    manifest = json.loads((home / "manifest.json").read_text(encoding="utf-8"))
    (home / "manifest.json").unlink()  # the test's own notes, not part of a township home
    assert files_holding(home, PEOPLE)  # the fixture is plain indeed
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    assert store.new_recovery_key and len(store.new_recovery_key) == 41
    with store.engine.connect() as conn:
        sums = store_checksums(conn)
    for table, (count, _digest) in manifest["checksums"].items():
        assert sums[table][0] == count, table
    store.close()
    assert not is_plain_sqlite(home / "zongzhi.db")
    assert plain_sqlite_files(home) == []
    assert files_holding(home, PEOPLE) == {}
    kept = sorted(p.name for p in (home / "backups").iterdir())
    assert any("before-encryption" in n for n in kept) and "zongzhi-before-0004-20260101-000000-000000.zzbak" in kept
    header = backup.read_header(home / "backups" / "zongzhi-before-0004-20260101-000000-000000.zzbak")
    assert header.schema_revision == "0003"  # the old backup, converted, still restorable as what it was
    reopened = open_store(resolve_paths(home), ADMIN, PASSWORD)
    assert reopened.new_recovery_key is None
    reopened.close()


def test_only_an_administrator_converts(tmp_path: Path) -> None:
    home = _plain_home(tmp_path)
    accounts = AccountsFile.load(home / "accounts.json")
    accounts.add_user("xiaoli", "Staff-2026", "staff")
    accounts.save(home / "accounts.json")
    with pytest.raises(StoreError) as info:
        open_store(resolve_paths(home), "xiaoli", "Staff-2026")
    assert info.value.code == "keys.convert_needs_admin"
    assert is_plain_sqlite(home / "zongzhi.db")
    open_store(resolve_paths(home), ADMIN, PASSWORD).close()
    with pytest.raises(StoreError) as info:  # after conversion: no wrap for them yet on this PC
        open_store(resolve_paths(home), "xiaoli", "Staff-2026")
    assert info.value.code == "keys.no_grant" and "users passwd xiaoli" in str(info.value)


# where the power goes: (module, function, which call) — see the crash points in models/convert.py
CRASHES = {
    "export": (backup, "export_encrypted", lambda args: True),  # step 2
    "backup": (backup, "wrap_database", lambda args: True),  # step 3
    "rename": (convert.os, "replace", lambda args: str(args[0]).endswith(".encrypting")),  # step 5, link made
    "shred": (backup, "shred", lambda args: str(args[0]).endswith(".plain")),  # step 6
    "old_backups": (backup, "export_encrypted", lambda args: "backups" in str(args[0])),  # step 7
}


@pytest.mark.parametrize("crash_at", sorted(CRASHES))
def test_a_crash_during_conversion_is_finished_at_the_next_login(crash_at: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    home = _plain_home(tmp_path)
    (home / "manifest.json").unlink()
    module, name, hits = CRASHES[crash_at]
    real = getattr(module, name)

    def power_cut(*args, **kwargs):  # type: ignore[no-untyped-def]
        if hits(args):
            raise OSError("power cut")
        return real(*args, **kwargs)

    target = (module, name)
    monkeypatch.setattr(*target, power_cut)
    with pytest.raises(OSError):
        open_store(resolve_paths(home), ADMIN, PASSWORD)
    monkeypatch.undo()
    store = open_store(resolve_paths(home), ADMIN, PASSWORD)
    if crash_at in ("shred", "old_backups"):  # the store was in place already: only leftovers are cleaned
        assert store.new_recovery_key is None
    else:  # the first recovery key was never shown: a new one replaces it
        assert store.new_recovery_key
    store.close()
    assert plain_sqlite_files(home) == [] and files_holding(home, PEOPLE) == {}
    assert not list(home.glob("zongzhi.db.*"))
