"""HTTPS: the PC verifies the county's certificate (county CA file); plain HTTP only on loopback."""

from __future__ import annotations

import datetime as dt
import ipaddress
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from county_support import CountyServer
from tests_support import ADMIN, PASSWORD
from zongzhi_desktop.errors import SyncError
from zongzhi_desktop.paths import resolve_paths
from zongzhi_desktop.sync.enrol import enroll
from zongzhi_desktop.sync.engine import sync_now
from zongzhi_desktop.sync.transport import check_url


def _write_ca_and_server_cert(folder: Path) -> tuple[Path, Path, Path]:
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "于都县综治中心 CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def test_enrol_and_sync_over_https_with_the_county_ca(fresh_county: CountyServer, tmp_path: Path) -> None:
    ca, cert, key = _write_ca_and_server_cert(tmp_path)
    township = fresh_county.new_township()
    fresh_county.start(extra=["--cert", str(cert), "--key", str(key)], scheme="https")
    url = f"https://127.0.0.1:{fresh_county.port}"
    with pytest.raises(SyncError) as info:  # the county's own CA is not in the system's trust store
        enroll(resolve_paths(tmp_path / "untrusting"), server=url, code=fresh_county.code_for(township),
               admin=ADMIN, password=PASSWORD)
    assert info.value.code == "sync.tls_failed"
    store, _ = enroll(resolve_paths(tmp_path / "pc"), server=url, code=fresh_county.code_for(township), admin=ADMIN,
                      password=PASSWORD, ca_file=str(ca))
    assert sync_now(store).rejected == 0
    store.close()


def test_plain_http_only_to_this_machine() -> None:
    assert check_url("http://127.0.0.1:8443") == "http://127.0.0.1:8443"
    with pytest.raises(SyncError) as info:
        check_url("http://zongzhi.county.example:8443")
    assert info.value.code == "sync.insecure_url"
    assert check_url("http://10.0.0.5:8080", allow_insecure=True)


def test_the_server_refuses_plain_http_beyond_loopback(fresh_county: CountyServer) -> None:
    done = subprocess.run([sys.executable, "-m", "zongzhi_county.cli", "--db", fresh_county.db_url, "--home",
                           str(fresh_county.home), "serve", "--host", "0.0.0.0", "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--cert" in done.stderr
