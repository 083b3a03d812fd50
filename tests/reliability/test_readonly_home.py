"""A read-only data folder: every command says so in Chinese, writes nothing, and the store stays whole.

Root ignores file permissions, so as root (CI) the command runs as `nobody` through setpriv; as
an ordinary user it runs as that user. Nothing here is skipped: a machine where `nobody` cannot run
this Python fails the test with the reason.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from zongzhi_desktop.domain.messages import render

from reliability_support import child_env, counts_at, run_cli

AS_NOBODY = ("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")


def _runs_as_nobody(python: str, env: dict[str, str]) -> str:
    """Why `python` cannot import the app as nobody ("" when it can)."""
    done = subprocess.run([*AS_NOBODY, python, "-c", "import zongzhi_desktop.cli, sqlcipher3"], env=env,
                          capture_output=True, text=True, cwd="/")
    return "" if done.returncode == 0 else f"{python}: {done.stderr.strip()[-300:]}"


@pytest.fixture(scope="module")
def unprivileged() -> tuple[tuple[str, ...], str, dict[str, str]]:
    """(command prefix, python, extra environment) to run the CLI as a user the permissions bind."""
    if os.geteuid() != 0:
        return (), sys.executable, {}
    # The venv's interpreter may live where nobody cannot reach it (here: pyenv under /root, mode
    # 700); then the same Python version from the system runs the venv's packages and the sources.
    packages = sysconfig.get_paths()["purelib"]
    extra = {"PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2] / "src"), packages])}
    env = dict(os.environ, **extra)
    reasons = []
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python in dict.fromkeys([sys.executable, os.path.realpath(sys.executable), shutil.which(version) or ""]):
        if python and not (why := _runs_as_nobody(python, env)):
            return AS_NOBODY, python, extra
        reasons.append(why or f"no {version} on PATH")
    pytest.fail("no Python the user nobody may run: " + "; ".join(reasons))


@pytest.fixture
def open_home(template_home: Path) -> Iterator[Path]:
    """A copy of a fresh home in a folder nobody may enter (pytest's tmp_path is root's alone),
    owned by nobody as a user's own data folder would be."""
    folder = Path(tempfile.mkdtemp(prefix="zongzhi-readonly-"))
    folder.chmod(0o755)
    home = folder / "home"
    shutil.copytree(template_home, home)
    if os.geteuid() == 0:
        for path in [home, *home.rglob("*")]:
            os.chown(path, 65534, 65534)
    yield home
    _make_writable(home)
    shutil.rmtree(folder)


def _make_read_only(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


def _make_writable(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)


def _snapshot(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


def test_the_unprivileged_user_really_cannot_write_the_read_only_home(unprivileged, open_home: Path) -> None:
    prefix, python, extra = unprivileged
    _make_read_only(open_home)
    done = subprocess.run([*prefix, python, "-c", f"open({str(open_home / 'probe')!r}, 'w')"],
                          env=child_env(open_home, **extra), capture_output=True, text=True, cwd="/")
    assert done.returncode != 0 and "PermissionError" in done.stderr  # else the tests below prove nothing


@pytest.mark.parametrize("argv", [
    ("residents", "add", "--name", "李四", "--type", "overseas"),  # a write
    ("residents", "search", "张"),  # a read: WAL needs its -shm file next to the store
    ("check", "--full"),
], ids=["write", "read", "check"])
def test_a_command_on_a_read_only_home_says_the_folder_is_not_writable(unprivileged, open_home: Path,
                                                                      argv: tuple[str, ...]) -> None:
    prefix, python, extra = unprivileged
    env = child_env(open_home, **extra)
    added = run_cli(open_home, "residents", "add", "--name", "张三", "--type", "overseas", prefix=prefix, python=python,
                    env=env)
    assert added.returncode == 0, added.stderr  # the same user writes while the folder is writable
    _make_read_only(open_home)
    before = _snapshot(open_home)
    done = run_cli(open_home, *argv, prefix=prefix, python=python, env=env)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
    assert render("store.readonly_dir", path=str(open_home)) in done.stderr, done.stderr
    assert _snapshot(open_home) == before
    _make_writable(open_home)
    assert counts_at(open_home)["residents"] == 1
    assert run_cli(open_home, "check", "--full", prefix=prefix, python=python, env=env).returncode == 0


def test_a_wrong_password_on_a_read_only_home_is_still_a_wrong_password(unprivileged, open_home: Path) -> None:
    """The failed attempt's counter cannot be saved; the person must still hear what went wrong."""
    prefix, python, extra = unprivileged
    _make_read_only(open_home)
    before = _snapshot(open_home)
    done = run_cli(open_home, "residents", "search", "张", prefix=prefix, python=python,
                   env=child_env(open_home, ZONGZHI_PASSWORD="Wrong-2026", **extra))
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
    assert _snapshot(open_home) == before
    assert "用户名或密码错误" in done.stderr, done.stderr
