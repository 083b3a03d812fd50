"""Settings from flags or ZONGZHI_COUNTY_* variables; a server that cannot start says so in one line, exit 2."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from county_support import free_port
from zongzhi_county.access_log import LOGGER
from zongzhi_county.cli import main


def _pair(folder: Path, *, days: int = 365, name: str = "county") -> tuple[Path, Path]:
    now = dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "zongzhi.county.example")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=400))
            .not_valid_after(now + dt.timedelta(days=days)).sign(key, hashes.SHA256()))
    cert_file, key_file = folder / f"{name}.pem", folder / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture
def county_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A county set up through ZONGZHI_COUNTY_DB alone (no --db flag anywhere)."""
    for name in ("HOST", "PORT", "CERT", "KEY", "LOG_DIR", "GRACEFUL_TIMEOUT", "ADMIN_TOKEN"):
        monkeypatch.delenv(f"ZONGZHI_COUNTY_{name}", raising=False)
    monkeypatch.setenv("ZONGZHI_COUNTY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ZONGZHI_COUNTY_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert main(["init", "--county-code", "360731", "--county-name", "于都县"]) == 0
    return tmp_path


def _serve(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["serve", *argv])
    err = capsys.readouterr().err
    return code, err


def test_other_commands_read_the_database_from_the_environment(county_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add-township", "--code", "360731100", "--name", "贡江镇"]) == 0
    assert (county_env / "env.db").is_file() and not (county_env / "home" / "county.db").exists()
    capsys.readouterr()
    assert main(["enroll", "--township", "360731100", "--json"]) == 0
    assert '"code"' in capsys.readouterr().out


def test_a_public_address_without_tls_is_refused_in_one_line(county_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_HOST", "0.0.0.0")
    code, err = _serve(capsys)
    assert code == 2 and "--cert" in err and "0.0.0.0" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("problem, expected", [
    ("missing", "找不到 TLS 证书文件"),
    ("folder", "无法读取 TLS 证书文件"),
    ("mismatch", "无法配对"),
    ("expired", "已于"),
    ("only_cert", "必须同时给出"),
])
def test_unusable_tls_files_are_refused_in_one_line(county_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], problem: str,
                                                     expected: str) -> None:
    cert, key = _pair(county_env)
    if problem == "missing":
        cert = county_env / "nowhere.pem"
    elif problem == "folder":
        cert = county_env
    elif problem == "mismatch":
        key = _pair(county_env, name="other")[1]
    elif problem == "expired":
        cert, key = _pair(county_env, days=-1, name="old")
    monkeypatch.setenv("ZONGZHI_COUNTY_CERT", str(cert))
    if problem != "only_cert":
        monkeypatch.setenv("ZONGZHI_COUNTY_KEY", str(key))
    code, err = _serve(capsys, "--host", "0.0.0.0")
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """uvicorn.run replaced by a recorder: `serve` goes through every check and returns 0 without listening."""
    import uvicorn

    from zongzhi_county import high_water, serve

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    monkeypatch.setattr(serve, "_exit_cleanly_on_stop_signals", lambda: None)  # not in the test process
    yield calls
    high_water.unwatch()
    access = logging.getLogger(LOGGER)  # its handlers point at this test's captured stdout and tmp folder
    for handler in list(access.handlers):
        access.removeHandler(handler)
        handler.close()


def test_the_environment_configures_serve_and_flags_win(county_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                        uvicorn_calls: list[dict[str, Any]]) -> None:
    cert, key = _pair(county_env)
    monkeypatch.setenv("ZONGZHI_COUNTY_HOST", "0.0.0.0")
    monkeypatch.setenv("ZONGZHI_COUNTY_PORT", "9443")
    monkeypatch.setenv("ZONGZHI_COUNTY_CERT", str(cert))
    monkeypatch.setenv("ZONGZHI_COUNTY_KEY", str(key))
    monkeypatch.setenv("ZONGZHI_COUNTY_GRACEFUL_TIMEOUT", "45")
    monkeypatch.setenv("ZONGZHI_COUNTY_LOG_DIR", str(county_env / "log"))
    assert main(["serve"]) == 0
    run = uvicorn_calls[-1]
    assert (run["host"], run["port"], run["ssl_certfile"], run["ssl_keyfile"]) == ("0.0.0.0", 9443, str(cert), str(key))
    assert run["timeout_graceful_shutdown"] == 45 and run["access_log"] is False
    assert (county_env / "log").is_dir()

    monkeypatch.setenv("ZONGZHI_COUNTY_CERT", str(county_env / "nowhere.pem"))  # the flags' pair is used
    assert main(["serve", "--host", "127.0.0.1", "--port", "8000", "--cert", str(cert), "--key", str(key),
                 "--graceful-timeout", "5"]) == 0
    run = uvicorn_calls[-1]
    assert (run["host"], run["port"], run["ssl_certfile"], run["timeout_graceful_shutdown"]) == ("127.0.0.1", 8000, str(cert), 5)


def test_bad_numbers_are_refused_in_one_line(county_env: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_PORT", "not-a-port")
    code, err = _serve(capsys)
    assert code == 2 and "ZONGZHI_COUNTY_PORT=not-a-port" in err
    code, err = _serve(capsys, "--port", "70000")  # the flag wins over the bad variable, and is checked too
    assert code == 2 and "70000" in err and len(err.strip().splitlines()) == 1


def test_a_certificate_about_to_expire_is_a_warning_not_a_refusal(county_env: Path) -> None:
    from zongzhi_county.service_config import check_tls

    cert, key = _pair(county_env, days=10)
    warnings = check_tls(str(cert), str(key))
    assert len(warnings) == 1 and "过期" in warnings[0]
    assert check_tls(*map(str, _pair(county_env, name="fresh"))) == []


def test_an_unreachable_database_is_one_line_without_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_HOME", str(tmp_path))
    monkeypatch.setenv("ZONGZHI_COUNTY_DB", f"postgresql://county:s3cret-pw@127.0.0.1:{free_port()}/county")
    for command in ("devices", "serve"):  # exit 1, not 2: systemd retries a server whose database is late
        assert main([command]) == 1
        err = capsys.readouterr().err
        assert "connection refused" in err and "s3cret" not in err and len(err.strip().splitlines()) == 1


def test_a_database_never_initialised_asks_for_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_HOME", str(tmp_path))
    monkeypatch.setenv("ZONGZHI_COUNTY_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    for command in ("devices", "serve"):  # exit 2: a restart would not help
        assert main([command]) == 2
        err = capsys.readouterr().err
        assert "zongzhi-county init" in err and "Traceback" not in err


@pytest.mark.parametrize("url", ["mysql://county:s3cret-pw@db/county", "not a url at all"])
def test_a_database_url_that_is_not_one_is_refused_without_echoing_it(url: str, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONGZHI_COUNTY_HOME", str(tmp_path))
    monkeypatch.setenv("ZONGZHI_COUNTY_DB", url)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "postgresql://" in err and "s3cret" not in err and len(err.strip().splitlines()) == 1
