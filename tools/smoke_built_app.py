"""Smoke test of the built desktop bundle (tools/build_desktop.sh): run the frozen programs, not the sources.

The frozen `zongzhi` upgrades the oldest fixture store to head, sets up an empty store, builds a small
demo township and prints a PDF form and a monthly report from it; the frozen `zongzhi-desktop` shows
its first window offscreen (`--self-test`). Prints the bundle's size and the start times; exits 1 with
a clear message at the first failure. Everything runs in a temporary folder (`--home`, HOME, XDG_*).

    .venv/bin/python tools/smoke_built_app.py [--bundle dist/desktop/zongzhi] [--report FILE.json] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "stores" / "rev0001"  # the oldest store a township PC can hold
FIXTURE_LOGIN = {"ZONGZHI_USER": "admin", "ZONGZHI_PASSWORD": "Test-2026"}  # tests/tests_support.py
DEMO_LOGIN = {"ZONGZHI_USER": "admin", "ZONGZHI_PASSWORD": "Demo-2026"}  # cli_commands/demo_cmds.py
MIGRATIONS = ROOT / "src" / "zongzhi_desktop" / "models" / "migrations" / "versions"
EXE = ".exe" if sys.platform == "win32" else ""


class SmokeFailure(Exception):
    """One check of the built program failed; the message says which and what came out."""


class Smoke:
    def __init__(self, bundle: Path, work: Path, timeout: float) -> None:
        self.bundle, self.work, self.timeout = bundle, work, timeout
        self.cli = bundle / f"zongzhi{EXE}"
        self.gui = bundle / f"zongzhi-desktop{EXE}"
        self.figures: dict[str, object] = {}
        self.env = _clean_env(work)

    # -- running the frozen programs ---------------------------------------------------------------
    def run_cli(self, label: str, args: list[str], login: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        env = {**self.env, **(login or {})}
        started = time.monotonic()
        try:
            done = subprocess.run([str(self.cli), *args], env=env, capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=self.timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"{label}: `zongzhi {' '.join(args)}` did not finish within {self.timeout:.0f} s") from None
        self.figures[f"cli_{label}_s"] = round(time.monotonic() - started, 2)
        if done.returncode != 0:
            raise SmokeFailure(f"{label}: `zongzhi {' '.join(args)}` exited {done.returncode}\n"
                               f"stdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-2000:]}")
        return done

    def run_gui(self, label: str, home: Path) -> dict[str, object]:
        """Start the GUI's self-test; the start time runs from process start to its result file."""
        out = self.work / f"selftest-{label}.json"
        out.unlink(missing_ok=True)
        started = time.monotonic()
        proc = subprocess.Popen([str(self.gui), "--home", str(home), "--self-test", str(out)], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        shown = None
        while time.monotonic() - started < self.timeout:
            if shown is None and _readable_json(out) is not None:
                shown = time.monotonic() - started
            if proc.poll() is not None:
                break
            time.sleep(0.02)
        else:
            proc.kill()
            proc.communicate()
            raise SmokeFailure(f"GUI {label}: no exit within {self.timeout:.0f} s "
                               f"(result file {'written' if shown else 'not written'}; does app.py know --self-test?)")
        stdout, stderr = (s.decode("utf-8", "replace") for s in proc.communicate())
        result = _readable_json(out)
        if proc.returncode != 0 or result is None:
            raise SmokeFailure(f"GUI {label}: exit code {proc.returncode}, result file "
                               f"{'present' if result else 'missing'}\nstdout: {stdout[-2000:]}\nstderr: {stderr[-2000:]}")
        self.figures[f"gui_{label}_start_s"] = round(shown if shown is not None else time.monotonic() - started, 2)
        return result

    # -- the checks ----------------------------------------------------------------------------------
    def check_bundle(self) -> None:
        for exe in (self.cli, self.gui):
            if not exe.is_file():
                raise SmokeFailure(f"{exe} is missing: build first with tools/build_desktop.sh")
        internal = self.bundle / "_internal"
        shipped = {p.name for p in (internal / "zongzhi_desktop/models/migrations/versions").glob("*.py")}
        source = {p.name for p in MIGRATIONS.glob("*.py")}
        if shipped != source:
            raise SmokeFailure(f"the bundle's migrations differ from the source: missing {sorted(source - shipped)}, "
                               f"extra {sorted(shipped - source)} (rebuild)")
        for needed in ("resources/fonts/wqy-microhei.ttc", "resources/holidays/holidays.csv",
                       "resources/i18n/zongzhi_core_zh_CN.qm", "resources/codes/disputes.csv"):
            if not (internal / needed).is_file():
                raise SmokeFailure(f"{needed} is not in the bundle")
        files = [p for p in self.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
        self.figures["bundle_mib"] = round(sum(p.stat().st_size for p in files) / 2**20, 1)
        self.figures["bundle_files"] = len(files)
        if sys.platform.startswith("linux"):
            self.figures["needs_glibc"] = _glibc_needed(files)

    def upgrade_oldest_store(self) -> None:
        home = self.work / "upgraded"
        shutil.copytree(FIXTURE, home)
        done = self.run_cli("upgrade_check", ["--home", str(home), "check", "--json"], FIXTURE_LOGIN)
        report = _json_of(done.stdout, "check --json on the upgraded store")
        # `check` reports check.schema_not_head when the store is not at the program's head revision
        if report.get("ok") is not True or report.get("problems"):
            raise SmokeFailure(f"the upgraded fixture store is not clean: {report}")
        if (home / "zongzhi.db").read_bytes()[:16] == b"SQLite format 3\x00":
            raise SmokeFailure("the upgraded fixture store is still a plain SQLite file (not encrypted)")
        gui = self.run_gui("login", home)
        self.run_gui("login_warm", home)
        self._expect_window(gui, "login")

    def set_up_empty_store(self) -> None:
        home = self.work / "fresh"
        # init reads the new administrator's password from ZONGZHI_PASSWORD
        self.run_cli("init", ["--home", str(home), "init", "--township-code", "360731100",
                              "--township-name", "贡江镇", "--admin", "admin"], FIXTURE_LOGIN)
        report = _json_of(self.run_cli("fresh_check", ["--home", str(home), "check", "--json"], FIXTURE_LOGIN).stdout,
                          "check --json on the new store")
        if report.get("ok") is not True:
            raise SmokeFailure(f"the newly set-up store is not clean: {report}")
        self._expect_window(self.run_gui("setup", self.work / "empty"), "setup")

    def demo_outputs(self) -> None:
        """Resources, fonts, pinyin data, fpdf2 and XlsxWriter inside the bundle, end to end."""
        home = self.work / "demo"
        self.run_cli("demo", ["--home", str(home), "demo", "--residents", "100", "--disputes", "10"])
        cases = _json_of(self.run_cli("disputes_list", ["--home", str(home), "disputes", "list", "--json"],
                                      DEMO_LOGIN).stdout, "disputes list")
        if not cases:
            raise SmokeFailure("the demo township has no dispute cases")
        pdf = self.work / "form.pdf"
        self.run_cli("print_pdf", ["--home", str(home), "disputes", "print", cases[0]["case_no"],
                                   "--form", "registration", "-o", str(pdf)], DEMO_LOGIN)
        data = pdf.read_bytes() if pdf.exists() else b""
        if not data.startswith(b"%PDF") or b"WenQuanYi" not in data:
            raise SmokeFailure(f"the printed form is not a PDF with the bundled font embedded ({len(data)} bytes)")
        xlsx = self.work / "monthly.xlsx"
        self.run_cli("report_xlsx", ["--home", str(home), "report", "monthly", "--month",
                                     time.strftime("%Y-%m"), "-o", str(xlsx)], DEMO_LOGIN)
        try:
            with zipfile.ZipFile(xlsx) as book:
                book.getinfo("xl/workbook.xml")
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            raise SmokeFailure(f"the monthly report is not an .xlsx workbook: {exc}") from None
        found = _json_of(self.run_cli("search_pinyin", ["--home", str(home), "residents", "search", "wang",
                                                        "--limit", "5", "--json"], DEMO_LOGIN).stdout, "residents search")
        names = [str(r.get("name", "")) for r in found]
        if not any(n.startswith("王") for n in names):  # 汪 is wang too: one 王 proves the pinyin data
            raise SmokeFailure(f"pinyin search for 'wang' found {names}, expected someone named 王…")

    def _expect_window(self, result: dict[str, object], window: str) -> None:
        head = max(p.name[:4] for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
        version = re.search(r'__version__ = "([^"]+)"', (ROOT / "src/zongzhi_desktop/__init__.py").read_text("utf-8"))
        expected = {"window": window, "schema_head": head, "version": version.group(1) if version else None}
        if {k: result.get(k) for k in expected} != expected:
            raise SmokeFailure(f"GUI self-test said {result}, expected {expected}")


def _clean_env(work: Path) -> dict[str, str]:
    """The caller's environment without anything pointing at real data, Qt offscreen, real KDF costs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZONGZHI_")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("LANG", "C.UTF-8")
    env["HOME"] = str(work / "user-home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(work / var.lower())
    return env


def _readable_json(path: Path) -> dict[str, object] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # not there yet, or half written
    return value if isinstance(value, dict) else None


def _json_of(text: str, what: str):  # type: ignore[no-untyped-def]
    try:
        return json.loads(text)
    except ValueError:
        raise SmokeFailure(f"{what} did not print JSON: {text[:500]!r}") from None


def _glibc_needed(files: list[Path]) -> str:
    """The newest GLIBC_x.y symbol version any bundled ELF file asks for: the oldest Linux it can run on."""
    newest = (0, 0)
    for path in files:
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
            data = fh.read()
        for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)", data):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def _show(figures: dict[str, object], report: Path | None) -> None:
    for key, value in figures.items():
        print(f"  {key:<28} {value}")
    if report:
        report.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "desktop" / "zongzhi")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds allowed for each program run")
    parser.add_argument("--report", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="zongzhi-smoke-"))
    smoke = Smoke(args.bundle.resolve(), work, args.timeout)
    started = time.monotonic()
    try:
        for step in (smoke.check_bundle, smoke.upgrade_oldest_store, smoke.set_up_empty_store, smoke.demo_outputs):
            print(f"smoke: {step.__name__.replace('_', ' ')} ...", flush=True)
            step()
    except SmokeFailure as exc:
        _show(smoke.figures, args.report)  # what was measured before the failure
        print(f"SMOKE FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"smoke: temporary folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    smoke.figures["total_s"] = round(time.monotonic() - started, 1)
    _show(smoke.figures, args.report)
    print(f"smoke: OK — {smoke.bundle} ({smoke.figures['bundle_mib']} MiB), GUI login window shown "
          f"{smoke.figures['gui_login_start_s']} s after start (warm {smoke.figures['gui_login_warm_start_s']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
