"""The set-up wizard's slow part, run off the GUI thread: a new register, or joining the county by
server or by enrolment file, then the first download. No Qt here: the wizard runs it in the background."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zongzhi_desktop.errors import StoreError
from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import setup, users
from zongzhi_desktop.services.auth import Store, township_name
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.sync.enrol import enroll, enroll_by_file

log = logging.getLogger(__name__)
NEW, SERVER, FILE = "new", "server", "file"
Progress = Callable[[str, int, int], None]  # (step, done, total), from the worker thread


@dataclass(frozen=True)
class SetupRequest:
    way: str  # NEW, SERVER or FILE
    admin: str
    display_name: str
    password: str
    township: setup.TownshipChoice | None = None
    server: str = ""
    code: str = ""
    ca_file: str = ""
    enrol_file: str = ""


@dataclass(frozen=True)
class SetupOutcome:
    store: Store
    township_name: str
    pulled: int = 0
    sync_error: Exception | None = None  # the first download failed; the store is enrolled and resumes it


def carry_out(paths: AppPaths, request: SetupRequest, progress: Progress) -> SetupOutcome:
    """Make the store the request asks for; on failure nothing is left that would skip the wizard
    next time (services/setup.py). A failed first download keeps the enrolled store: the county has
    spent the code on this PC, and the next sync carries on where this one stopped."""
    if paths.store_file.exists():  # e.g. `zongzhi init` was run while the wizard was open
        raise StoreError("store.exists", path=str(paths.store_file))
    if request.way == NEW:
        assert request.township is not None
        progress("create", 0, 0)
        store = setup.new_register(paths, request.township, request.admin, request.display_name, request.password)
        return SetupOutcome(store, request.township.name)
    if request.way == FILE:
        progress("create", 0, 0)
        with setup.nothing_left_on_failure(paths):
            store, manifest = enroll_by_file(paths, enrol_file=Path(request.enrol_file), admin=request.admin.strip(),
                                             password=request.password)
            setup.name_first_admin(store, request.display_name)
        return SetupOutcome(store, manifest.get("township_name") or township_name(store))
    progress("contact", 0, 0)
    with setup.nothing_left_on_failure(paths):
        store, answer = enroll(paths, server=request.server.strip(), code=request.code.strip(),
                               admin=request.admin.strip(), password=request.password,
                               ca_file=request.ca_file.strip() or None)
        setup.name_first_admin(store, request.display_name)
    progress("download", 0, 0)
    try:
        result = sync_now(store, progress=lambda phase, done, total: progress("download", done, total))
        users.settle_after_sync(store)
    except Exception as exc:  # noqa: BLE001 - even a bug here must not hide the new store's recovery key
        log.warning("first sync after enrolment failed", exc_info=exc)
        return SetupOutcome(store, answer.township_name, sync_error=exc)
    return SetupOutcome(store, answer.township_name, pulled=result.pulled)
