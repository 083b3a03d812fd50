"""The one crypto module: wraps bound to their purpose, recovery keys people can type, Ed25519 signatures."""

from __future__ import annotations

import pytest

from zongzhi_desktop import crypto
from zongzhi_desktop.errors import InputError


def test_a_wrap_opens_only_with_its_secret_and_its_associated_data() -> None:
    key = crypto.new_data_key()
    wrapped = crypto.wrap_with_secret("Pass-2026", key, "zongzhi/360731100/user")
    assert wrapped["kdf"]["alg"] == "argon2id" and len(crypto._unb64(wrapped["kdf"]["salt"])) == 16
    assert crypto.unwrap_with_secret("Pass-2026", wrapped, "zongzhi/360731100/user") == key
    with pytest.raises(crypto.KeyMismatch):
        crypto.unwrap_with_secret("Pass-2027", wrapped, "zongzhi/360731100/user")
    with pytest.raises(crypto.KeyMismatch):  # another township's (or purpose's) file
        crypto.unwrap_with_secret("Pass-2026", wrapped, "zongzhi/360731101/user")
    tampered = {**wrapped, "ct": crypto._b64(bytes(48))}
    with pytest.raises(crypto.KeyMismatch):
        crypto.unwrap_with_secret("Pass-2026", tampered, "zongzhi/360731100/user")
    assert key.hex() not in str(wrapped)


def test_the_test_profile_is_cheap_and_the_default_is_rfc9106(monkeypatch: pytest.MonkeyPatch) -> None:
    assert crypto.new_kdf_params()["m"] == 8 * 1024
    monkeypatch.delenv("ZONGZHI_KDF_PROFILE")
    params = crypto.new_kdf_params()
    assert (params["t"], params["m"], params["p"]) == (3, 64 * 1024, 1)


def test_recovery_keys_are_seven_readable_groups_and_typing_is_forgiven() -> None:
    key = crypto.new_recovery_key()
    groups = key.split("-")
    assert len(groups) == 7 and all(len(g) == 5 for g in groups)
    assert not set(key.replace("-", "")) & set("ILOU")
    sloppy = "  " + " ".join(groups).lower().replace("0", "o").replace("1", "l") + " "
    assert crypto.normalize_recovery_key(sloppy) == key
    assert crypto.recovery_secret(sloppy) == key.replace("-", "").encode("ascii")
    assert key != crypto.new_recovery_key()


def test_a_typo_in_a_recovery_key_is_named_by_group() -> None:
    key = crypto.new_recovery_key()
    caught = 0
    for position in range(0, 35):  # every single-character slip, in every group
        chars = list(key.replace("-", ""))
        chars[position] = "Z" if chars[position] != "Z" else "Y"
        try:
            crypto.normalize_recovery_key("".join(chars))
        except InputError as exc:
            assert exc.code == "keys.recovery_typo" and exc.params["group"] == position // 5 + 1
            caught += 1
    assert caught == 35  # every single wrong character, named by its group
    groups = key.split("-")
    with pytest.raises(InputError):  # two whole groups swapped: the position is part of each check
        crypto.normalize_recovery_key("-".join([groups[1], groups[0], *groups[2:]]))
    with pytest.raises(InputError) as info:
        crypto.normalize_recovery_key("U" + key[1:])
    assert info.value.code == "keys.recovery_format"


def test_signatures_verify_only_for_their_data_and_key() -> None:
    key, other = crypto.new_signing_key(), crypto.new_signing_key()
    signature = key.sign(b"manifest")
    crypto.verify(key.public_b64, signature, b"manifest")
    for public, data in ((other.public_b64, b"manifest"), (key.public_b64, b"manifesto"), ("not base64!", b"manifest")):
        with pytest.raises(crypto.BadSignature):
            crypto.verify(public, signature, data)
    assert crypto.is_public_key(key.public_b64) and not crypto.is_public_key("AAAA")
    assert "PRIVATE" not in repr(key)
