"""First run: choosing the township from the region table, checking the first administrator, making
a new register, leaving nothing half-made behind when setting up fails, and a new recovery key when
the set-up ended before its key was confirmed."""

from __future__ import annotations

import logging
import os
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from zongzhi_desktop.domain.regions import Region, load_regions
from zongzhi_desktop.errors import InputError, NotFound
from zongzhi_desktop.models import keyring
from zongzhi_desktop.models.accounts import AccountsFile, check_password_strength
from zongzhi_desktop.models.store import Actor, Store, create_store
from zongzhi_desktop.paths import AppPaths, resources_dir

log = logging.getLogger(__name__)
USERNAME_MAX = 32
DISPLAY_NAME_MAX = 40


@dataclass(frozen=True)
class RegionChoice:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class TownshipChoice:
    code: str
    name: str
    place: str  # province, city and county names, for the summary ("江西省赣州市于都县")


@lru_cache(maxsize=1)
def _current_regions() -> dict[str, Region]:
    # renamed and merged units keep their old rows (with valid_to) for old ID numbers; a new
    # register is set up only for a unit in use today
    today = date.today()
    return {r.code: r for r in load_regions(resources_dir() / "regions") if r.active_on(today)}


def regions_under(parent_code: str | None) -> tuple[RegionChoice, ...]:
    """The current units one level below `parent_code` (provinces for None), in code order."""
    return tuple(RegionChoice(r.code, r.name, r.level) for r in sorted(_current_regions().values(), key=lambda r: r.code)
                 if r.parent_code == parent_code and r.level != "village")


def lists_townships(county_code: str) -> bool:
    """Whether the region table lists the townships of this county (so the code must be one of them)."""
    return bool(regions_under(county_code))


def check_township(code: str, name: str = "") -> TownshipChoice:
    """A 9-digit township code under a county of the region table. Where the table lists the county's
    townships the code must be one of them and the name comes from the table; elsewhere the name typed
    is used (the table has townships for the demo county only: resources/regions/README.md)."""
    code = (code or "").strip()
    if not (code.isascii() and code.isdigit() and len(code) == 9):
        raise InputError("registers.township_code", code=code)
    regions = _current_regions()
    county = regions.get(code[:6])
    if county is None or county.level != "county":
        raise NotFound("notfound.record", what="县级行政区划", key=code[:6])
    place = "".join(regions[c].name for c in (code[:2], code[:4], code[:6]) if c in regions)
    if lists_townships(county.code):
        listed = regions.get(code)
        if listed is None:
            raise NotFound("notfound.record", what=f"{county.name}的乡镇（街道）", key=code)
        return TownshipChoice(code, listed.name, place)
    if not name.strip():
        raise InputError("input.required", field="乡镇名称")
    if len(name.strip()) > DISPLAY_NAME_MAX:
        raise InputError("input.too_long", field="乡镇名称", max=DISPLAY_NAME_MAX)
    return TownshipChoice(code, name.strip(), place)


def check_admin(username: str, display_name: str, password: str, repeat: str) -> None:
    """The same rules as every other password of the application (models/accounts.py)."""
    if not username.strip():
        raise InputError("input.required", field="用户名")
    if len(username.strip()) > USERNAME_MAX:
        raise InputError("input.too_long", field="用户名", max=USERNAME_MAX)
    if len(display_name.strip()) > DISPLAY_NAME_MAX:
        raise InputError("input.too_long", field="姓名", max=DISPLAY_NAME_MAX)
    if password != repeat:
        raise InputError("auth.password_mismatch")
    check_password_strength(password)


def county_preset() -> tuple[str, str]:
    """The county server address and CA file an installer may preset for every PC of the county
    (ZONGZHI_COUNTY_SERVER, ZONGZHI_COUNTY_CA), so a clerk types only the one-time code."""
    return os.environ.get("ZONGZHI_COUNTY_SERVER", "").strip(), os.environ.get("ZONGZHI_COUNTY_CA", "").strip()


def ca_file_problem(path: str) -> str | None:
    """Why a county CA file cannot be used (missing, unreadable, not a certificate), or None."""
    try:
        ssl.create_default_context(cafile=str(Path(path).expanduser()))
    except (OSError, ssl.SSLError, ValueError) as exc:
        return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return None


def new_register(paths: AppPaths, township: TownshipChoice, admin: str, display_name: str, password: str) -> Store:
    """A new, empty register for the township with its first administrator, logged in. The recovery
    key is on `store.new_recovery_key`, once."""
    with nothing_left_on_failure(paths):
        store = create_store(paths, township_code=township.code, township_name=township.name,
                             admin_user=admin.strip(), admin_password=password)
        name_first_admin(store, display_name)
    return store


def name_first_admin(store: Store, display_name: str) -> None:
    """The administrator's own name instead of the "管理员" the store is made with. Before any change
    of users there is no synced staff row yet: the file is the only place it lives (models/staff.py
    fills the row from it with the first change of users). Closes the store if it fails."""
    name = display_name.strip()
    if not name:
        return
    try:
        accounts = AccountsFile.load(store.paths.accounts_file)
        account = replace(accounts.users[store.actor.username], display_name=name)
        accounts.users[account.username] = account
        accounts.save(store.paths.accounts_file)
    except BaseException:
        store.close()
        raise
    store.actor = Actor.from_account(account)


@contextmanager
def nothing_left_on_failure(paths: AppPaths) -> Iterator[None]:
    """When setting up fails, remove what it made (store, its WAL files, the accounts file), so the
    next start opens the set-up wizard again instead of a login to a half-made store. The caller
    closes any store it opened before the exception leaves this block."""
    existed = paths.store_file.exists()
    if not existed:
        # before the store exists: there is never a moment with a store whose key nobody saw and no mark
        paths.ensure()
        key_marker(paths).write_text("the recovery key of this store has not been confirmed yet\n", encoding="utf-8")
    try:
        yield
    except BaseException:
        if not existed:
            remove_half_made(paths)
        raise


def remove_half_made(paths: AppPaths) -> None:
    store = paths.store_file
    building = store.with_name(store.name + ".creating")
    accounts = paths.accounts_file
    for leftover in (store, building, accounts, accounts.with_name(accounts.name + ".spare")):
        for path in (leftover, Path(f"{leftover}-wal"), Path(f"{leftover}-shm")):
            try:
                path.unlink(missing_ok=True)
            except OSError:  # still open on Windows: the original failure is the one to report
                log.warning("could not remove %s after a failed set-up", path, exc_info=True)
    if not store.exists():  # a store left behind keeps its mark: its first administrator gets a new key
        key_marker(paths).unlink(missing_ok=True)


def key_marker(paths: AppPaths) -> Path:
    """Present from the start of a set-up until its recovery key has been confirmed."""
    return paths.data_dir / "recovery-key-unconfirmed"


def key_confirmed(paths: AppPaths) -> None:
    key_marker(paths).unlink(missing_ok=True)


def replace_unconfirmed_key(store: Store) -> str | None:
    """A set-up that ended (power cut, killed) after the store was made but before its recovery key
    was confirmed: the key was seen by nobody, so the first administrator to log in gets a new one
    (the old wrap is dropped). None when there is nothing to do, or the user is not an administrator."""
    if not key_marker(store.paths).exists() or store.actor.role != "admin":
        return None
    accounts = AccountsFile.load(store.paths.accounts_file)
    recovery = keyring.replace_recovery(accounts.keys, store._key)
    accounts.save(store.paths.accounts_file)
    return recovery


def schema_head() -> str:
    """The Alembic head this program migrates stores to (the packaged-build self-test reports it)."""
    from zongzhi_desktop.models.migrate import head_revision

    return head_revision()
