"""The county service's settings: command-line flags first, then the environment (systemd's EnvironmentFile)."""

from __future__ import annotations

import argparse
import os
import ssl
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from zongzhi_county import high_water
from zongzhi_county.auth import ADMIN_TOKEN_ENV
from zongzhi_county.store import HOME_ENV
from zongzhi_desktop.sync.protocol import is_loopback

DB_ENV = "ZONGZHI_COUNTY_DB"
HOST_ENV = "ZONGZHI_COUNTY_HOST"
PORT_ENV = "ZONGZHI_COUNTY_PORT"
CERT_ENV = "ZONGZHI_COUNTY_CERT"
KEY_ENV = "ZONGZHI_COUNTY_KEY"
LOG_DIR_ENV = "ZONGZHI_COUNTY_LOG_DIR"
GRACE_ENV = "ZONGZHI_COUNTY_GRACEFUL_TIMEOUT"

# Every variable the county server reads (the env-file example may set only these; a test checks it).
ENV_VARS = (DB_ENV, HOST_ENV, PORT_ENV, CERT_ENV, KEY_ENV, LOG_DIR_ENV, GRACE_ENV, HOME_ENV, ADMIN_TOKEN_ENV,
            high_water.ENV)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8443
# Long enough for the biggest push (1000 ops) on a slow disk; systemd's TimeoutStopSec is set above it.
DEFAULT_GRACE_SECONDS = 30
CERT_WARN_DAYS = 30


class ConfigProblem(Exception):
    """A setting the server cannot start with; the message is the one line the officer reads."""


@dataclass(frozen=True)
class ServeSettings:
    host: str
    port: int
    cert: str | None
    key: str | None
    log_dir: Path | None
    graceful_timeout: int
    warnings: tuple[str, ...] = ()

    @property
    def base_url(self) -> str:
        return f"{'https' if self.cert else 'http'}://{self.host}:{self.port}"


def env(name: str) -> str | None:
    """An environment value; an empty one (`KEY=` left blank in the env file) counts as unset."""
    value = os.environ.get(name, "").strip()
    return value or None


def database_url(flag: str | None) -> str | None:
    return flag or env(DB_ENV)


def serve_settings(args: argparse.Namespace) -> ServeSettings:
    host = args.host or env(HOST_ENV) or DEFAULT_HOST
    port = _number(args.port, PORT_ENV, DEFAULT_PORT, "端口", 0, 65535)
    grace = _number(args.graceful_timeout, GRACE_ENV, DEFAULT_GRACE_SECONDS, "停止等待秒数", 1, 3600)
    cert, key = args.cert or env(CERT_ENV), args.key or env(KEY_ENV)
    log_dir_text = args.log_dir or env(LOG_DIR_ENV)
    warnings: list[str] = []
    if bool(cert) != bool(key):
        raise ConfigProblem(f"证书与私钥必须同时给出（--cert/--key，或 {CERT_ENV}/{KEY_ENV}）。")
    if cert and key:
        warnings += check_tls(cert, key)
    elif not args.insecure_http and not is_loopback(host):
        raise ConfigProblem(f"在非本机地址 {host} 上提供服务必须使用 --cert/--key（HTTPS，或 {CERT_ENV}/{KEY_ENV}），"
                            "或明确加 --insecure-http。")
    log_dir = Path(log_dir_text) if log_dir_text else None
    if log_dir is not None:
        _check_writable(log_dir)
    return ServeSettings(host, port, cert, key, log_dir, grace, tuple(warnings))


def _number(flag: int | None, name: str, default: int, label: str, low: int, high: int) -> int:
    if flag is not None:
        value: int | str = flag
    else:
        text = env(name)
        if text is None:
            return default
        value = text
    try:
        number = int(value)
    except ValueError:
        raise ConfigProblem(f"{label}不是整数：{name}={value}") from None
    if not low <= number <= high:
        raise ConfigProblem(f"{label}须在 {low}–{high} 之间：{number}")
    return number


def check_tls(cert: str, key: str) -> list[str]:
    """Readable files that make a working TLS pair and a certificate still valid; else one clear line.
    Returns warnings (the certificate expires within CERT_WARN_DAYS)."""
    for path, what in ((cert, "证书"), (key, "私钥")):
        try:
            Path(path).read_bytes()
        except FileNotFoundError:
            raise ConfigProblem(f"找不到 TLS {what}文件：{path}") from None
        except PermissionError:
            raise ConfigProblem(f"无权读取 TLS {what}文件：{path}（服务以 {_user()} 身份运行，该用户须能读取）") from None
        except OSError as exc:
            raise ConfigProblem(f"无法读取 TLS {what}文件：{path}（{exc.strerror or exc}）") from None
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key, password=_no_password)
    except (ssl.SSLError, ValueError, TypeError) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise ConfigProblem(f"TLS 证书与私钥无法配对使用（{reason}）：{cert}，{key}"
                            "（私钥须与证书匹配且未加密，PEM 格式）") from None
    return _expiry_warnings(cert)


def _no_password() -> bytes:
    # An encrypted key would make OpenSSL ask on the terminal; a service has none, so refuse instead.
    raise ValueError("encrypted key")


def _expiry_warnings(cert: str) -> list[str]:
    from cryptography import x509

    try:
        leaf = x509.load_pem_x509_certificate(Path(cert).read_bytes())
    except ValueError:
        return []  # OpenSSL accepted it (e.g. DER inside a bundle we cannot parse): nothing to add
    left = leaf.not_valid_after_utc - datetime.now(timezone.utc)
    until = leaf.not_valid_after_utc.strftime("%Y-%m-%d")
    if left.total_seconds() <= 0:
        raise ConfigProblem(f"TLS 证书已于 {until} 过期：{cert}（各乡镇将无法连接，请先更换证书）")
    if left.days < CERT_WARN_DAYS:
        return [f"TLS 证书将于 {until} 过期（剩 {left.days} 天）：{cert}，请及时更换。"]
    return []


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigProblem(f"无法建立日志目录 {folder}（{exc.strerror or exc}）") from None
    if not os.access(folder, os.W_OK):
        raise ConfigProblem(f"日志目录不可写：{folder}（服务以 {_user()} 身份运行）")


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return "当前用户"
