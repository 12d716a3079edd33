"""Session tokens and the login throttle, on their own."""

from __future__ import annotations

import os
import stat

import pytest

from classwalk.core.errors import ClasswalkError
from classwalk.serve.secret import load_or_create_secret
from classwalk.serve.sessions import SessionSigner
from classwalk.serve.throttle import LoginThrottle
from tests.support.clock import StoppedClock


def test_a_token_reads_back_until_it_expires():
    signer = SessionSigner(b"k" * 32, lifetime=60)
    token = signer.issue("ana", "abc", now=1000)
    session = signer.read(token, now=1030)
    assert (session.login, session.fingerprint, session.expires) == ("ana", "abc", 1060)
    assert signer.read(token, now=1060) is None


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "eyJ1IjoiYm9iIiwiZiI6ImFiYyIsImUiOjk5OTk5OTk5OTl9." + t.split(".")[1],
    lambda t: t.split(".")[0],
    lambda t: "",
    lambda t: t + ".x",
    lambda t: "x" * 5000,
])
def test_a_changed_token_is_refused(mangle):
    signer = SessionSigner(b"k" * 32, lifetime=60)
    assert signer.read(mangle(signer.issue("ana", "abc", now=1000)), now=1001) is None


def test_another_key_refuses_the_token():
    token = SessionSigner(b"k" * 32).issue("ana", "abc")
    assert SessionSigner(b"j" * 32).read(token) is None


def test_failures_double_the_wait_and_success_clears_it():
    clock = StoppedClock(100.0)
    throttle = LoginThrottle(delay=0, free=2, first_wait=1, longest=8, clock=clock)

    def fail():
        assert throttle.begin("ana", "10.0.0.5") == 0
        throttle.failed("ana", "10.0.0.5")

    for _ in range(2):
        fail()
    assert throttle.wait("ana", "10.0.0.5") == 0
    waits = []
    for _ in range(5):
        fail()
        waits.append(throttle.wait("ana", "10.0.0.5"))
        clock.advance(waits[-1])
    assert waits == [1, 2, 4, 8, 8]
    fail()
    assert throttle.wait("ana", "127.0.0.9") == 8  # the account is held, from anywhere
    assert throttle.begin("ana", "127.0.0.9") == 8  # and a refused try is not counted
    assert throttle.wait("ben", "10.0.0.6") == 0  # another account from elsewhere is not
    clock.advance(8)
    assert throttle.wait("ana", "10.0.0.5") == 0
    assert throttle.begin("ana", "10.0.0.5") == 0
    throttle.succeeded("ana", "10.0.0.5")
    fail()
    assert throttle.wait("ana", "10.0.0.5") == 0


def test_tries_count_when_they_start():
    throttle = LoginThrottle(delay=0, free=3, first_wait=1, clock=StoppedClock(100.0))
    allowed = [throttle.begin("ana", "10.0.0.5") for _ in range(20)]  # none has finished yet
    assert allowed.count(0) == 3 and all(wait > 0 for wait in allowed[3:])


def test_an_address_has_its_own_higher_cap():
    clock = StoppedClock(100.0)
    throttle = LoginThrottle(delay=0, free=3, free_per_address=10, first_wait=1, clock=clock)
    for number in range(10):
        assert throttle.begin(f"user{number}", "10.0.0.5") == 0
        throttle.failed(f"user{number}", "10.0.0.5")
    assert throttle.wait("ana", "10.0.0.5") == 0  # ten tries: the address's allowance, used up
    assert throttle.begin("ana", "10.0.0.5") == 0  # the eleventh is checked and locks the address
    throttle.failed("ana", "10.0.0.5")
    assert throttle.wait("ben", "10.0.0.5") == 1
    assert throttle.wait("ben", "10.0.0.6") == 0


def test_the_server_key_is_owner_only_and_kept(tmp_path):
    path = tmp_path / "walks.db.serve-key"
    key = load_or_create_secret(path)
    assert len(key) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == key
    path.chmod(0o644)
    with pytest.raises(ClasswalkError, match="readable by others"):
        load_or_create_secret(path)


def test_the_server_key_never_follows_a_symlink(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_bytes(b"x" * 40)
    target.chmod(0o600)
    link = tmp_path / "walks.db.serve-key"
    os.symlink(target, link)
    with pytest.raises(ClasswalkError, match="cannot read the server key"):
        load_or_create_secret(link)
