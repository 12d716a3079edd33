"""The server holds: logins counted as they start, logout that ends the session, a fair
share of sessions per account, and imports that never hold up the other observers."""

from __future__ import annotations

import asyncio
import logging
import sys
import time

import pytest

from classwalk.serve.sessions import COOKIE_NAME
from classwalk.serve.throttle import LoginThrottle
from tests.support.pilot import run
from tests.support.server import add_account, log_in, with_client


def test_twenty_wrong_passwords_at_once_check_at_most_three(db_path, monkeypatch):
    add_account(db_path)
    checked = []

    def counting(password, stored):
        checked.append(password)
        time.sleep(0.05)  # a real check takes about a tenth of a second
        return False

    monkeypatch.setattr("classwalk.serve.server.password_matches", counting)

    async def check(client, server):
        answers = await asyncio.gather(*(log_in(client, password=f"guess number {n}") for n in range(20)))
        statuses = sorted(answer.status for answer in answers)
        assert len(checked) <= 3
        assert statuses.count(401) == len(checked) and statuses.count(429) == 20 - len(checked)
        assert all(COOKIE_NAME not in answer.cookies for answer in answers)

    run(with_client(db_path, check, throttle=LoginThrottle(delay=0.1, free=3, first_wait=60)))


def test_a_locked_account_never_holds_back_another_from_the_same_address(db_path):
    add_account(db_path, "ana", observer="Ana Ruiz")
    add_account(db_path, "ben", observer="Ben Okafor")

    async def check(client, server):
        for attempt in range(5):
            await log_in(client, "ben", password=f"wrong guess {attempt}")
        assert (await log_in(client, "ben")).status == 429  # ben is held, even with his password
        assert (await log_in(client, "ana")).status == 303  # ana, from the same address, is not

    run(with_client(db_path, check, throttle=LoginThrottle(delay=0.05, free=3, first_wait=60)))


def test_an_address_has_its_own_much_higher_cap(db_path):
    add_account(db_path)

    async def check(client, server):
        for number in range(6):  # six accounts tried from one address, each within its own free tries
            assert (await log_in(client, f"someone{number}", password="not it at all")).status == 401
        assert (await log_in(client, "ana")).status == 429  # the address is past its cap of 5

    run(with_client(db_path, check, throttle=LoginThrottle(delay=0.01, free=3, free_per_address=5, first_wait=60)))


def _cookie(answer) -> str:
    return answer.cookies[COOKIE_NAME].value


def test_logout_ends_the_session_on_the_server(db_path):
    add_account(db_path)

    async def check(client, server):
        token = _cookie(await log_in(client))
        answer = await client.post("/logout", allow_redirects=False)
        assert answer.status == 303 and answer.headers["Location"] == "/?logged-out"
        client.session.cookie_jar.update_cookies({COOKIE_NAME: token})  # the same cookie, sent again
        assert "You are logged out." in await (await client.get("/?logged-out")).text()
        page = await (await client.get("/")).text()
        assert "textual.js" not in page and 'action="/login"' in page
        assert (await client.get("/ws")).status == 401
        assert (await client.get("/download/abc")).status == 401
        assert (await log_in(client)).status == 303  # logging in again gives a new session

    run(with_client(db_path, check))

    async def after_restart(client, server):  # still refused by a server started afresh
        token = _cookie(await log_in(client))
        await client.post("/logout", allow_redirects=False)
        return token

    token = run(with_client(db_path, after_restart))

    async def check_again(client, server):
        client.session.cookie_jar.update_cookies({COOKIE_NAME: token})
        assert (await client.get("/ws")).status == 401

    run(with_client(db_path, check_again))


@pytest.mark.parametrize("headers, status, ui_still_open", [
    pytest.param({}, 303, False, id="forgets-the-cookie"),
    pytest.param({"Origin": "https://evil.example"}, 403, True, id="from-another-site-is-refused"),
])
def test_a_logout_forgets_the_cookie_unless_it_comes_from_another_site(db_path, headers, status, ui_still_open):
    add_account(db_path)

    async def check(client, server):
        await log_in(client)
        answer = await client.post("/logout", allow_redirects=False, headers=headers)
        assert answer.status == status
        assert ("textual.js" in await (await client.get("/")).text()) == ui_still_open

    run(with_client(db_path, check))


def test_the_ui_page_has_a_labelled_log_out_button(db_path):
    add_account(db_path)

    async def check(client, server):
        await log_in(client)
        page = await (await client.get("/")).text()
        assert page.count('<button class="logout" type="submit">Log out</button>') == 2  # the bar, the end page
        assert "Logged in as ana" in page and '<script src="/page.js">' in page
        script = await client.get("/page.js")
        assert script.status == 200 and "xterm-helper-textarea" in await script.text()

    run(with_client(db_path, check))


def _idle_ui(monkeypatch):
    """Each UI is a quiet process instead of classwalk's, so sessions are cheap to open."""
    command = f"{sys.executable} -c 'import sys; sys.stdin.buffer.read()'"  # until its pipe closes
    monkeypatch.setattr("classwalk.serve.server.ui_command", lambda db_path, account, **kw: command)


def test_one_account_cannot_take_every_session(db_path, monkeypatch):
    add_account(db_path, "ana", observer="Ana Ruiz")
    add_account(db_path, "ben", observer="Ben Okafor")
    _idle_ui(monkeypatch)

    async def check(client, server):
        from aiohttp import WSServerHandshakeError

        await log_in(client, "ana")
        opened = [await client.ws_connect("/ws") for _ in range(2)]
        try:
            await client.ws_connect("/ws")
            raise AssertionError("a third session for ana opened")
        except WSServerHandshakeError as refused:
            assert refused.status == 429
        client.session.cookie_jar.clear()
        await log_in(client, "ben")
        opened.append(await client.ws_connect("/ws"))  # ben still has his share
        assert sorted(server.sessions.values()) == ["ana", "ana", "ben"]
        for socket in opened:
            await socket.close()

    run(with_client(db_path, check, max_sessions=10, max_sessions_per_account=2))


def test_logout_closes_the_sessions_it_opened(db_path, monkeypatch):
    add_account(db_path)
    _idle_ui(monkeypatch)

    async def check(client, server):
        await log_in(client)
        socket = await client.ws_connect("/ws")
        await asyncio.sleep(0.3)
        await client.post("/logout", allow_redirects=False)
        message = await asyncio.wait_for(socket.receive(), timeout=5)
        assert message.type.name in ("CLOSE", "CLOSED", "CLOSING")
        for _ in range(50):
            if not server.sessions:
                break
            await asyncio.sleep(0.1)
        assert server.sessions == {}

    run(with_client(db_path, check))


SYNC = {"X-Classwalk-Sync": "1", "Content-Type": "application/json"}


def test_a_body_that_is_not_utf8_or_not_json_is_one_line_400(db_path, caplog):
    add_account(db_path)

    async def check(client, server):
        await log_in(client)
        answers = {}
        for name, body in (("latin-1", '{"walk": "caf\u00e9"}'.encode("latin-1")), ("not json", b"{walk: 1"),
                           ("binary", bytes(range(256)))):
            answer = await client.post("/import", data=body, headers=SYNC)
            answers[name] = (answer.status, (await answer.json())["error"])
        return answers

    with caplog.at_level(logging.INFO):
        answers = run(with_client(db_path, check))
    for name, (status, error) in answers.items():
        assert status == 400, name
        assert "\n" not in error and error.startswith("bundle from ana:"), error
    assert "not UTF-8" in answers["latin-1"][1] and "not valid JSON" in answers["not json"][1]
    assert not [record for record in caplog.records if record.exc_info or "Traceback" in record.getMessage()]
