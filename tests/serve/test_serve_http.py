"""The server's doors: login form, refused websocket and downloads, cookies, slow failures."""

from __future__ import annotations

import time

import pytest

from classwalk.core.storage.store import Store
from classwalk.features.accounts import Accounts
from classwalk.serve.server import ClasswalkServer, ui_command
from classwalk.serve.sessions import COOKIE_NAME
from tests.support.pages import served_page
from tests.support.pilot import run
from tests.support.server import add_account, log_in, with_client


def test_without_a_session_the_page_is_the_login_form_and_nothing_else_opens(db_path):
    add_account(db_path)

    async def check(client, server):
        text = await served_page(client, "/", holds=('<form method="post" action="/login">',),
                                 policy=("frame-ancestors 'none'",))
        assert "textual.js" not in text
        assert (await client.get("/ws")).status == 401
        assert (await client.get("/download/abc")).status == 401
        assert (await client.post("/import", data=b"{}", headers={"X-Classwalk-Sync": "1",
                                                                   "Content-Type": "application/json"})).status == 401
        assert (await client.get("/static/js/textual.js")).status == 200

    run(with_client(db_path, check))


def test_a_good_login_sets_a_strict_http_only_cookie_and_opens_the_ui_page(db_path):
    add_account(db_path)

    async def check(client, server):
        answer = await log_in(client)
        assert answer.status == 303 and answer.headers["Location"] == "/"
        cookie = answer.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=28800" in cookie
        assert "Secure" not in cookie  # plain http on this machine
        text = await (await client.get("/")).text()
        assert 'data-session-websocket-url="ws://127.0.0.1:' in text and "/static/js/textual.js" in text
        assert "fonts.googleapis" not in text

    run(with_client(db_path, check))


def test_behind_https_the_cookie_is_secure_and_the_websocket_wss(db_path):
    add_account(db_path)

    async def check(client, server):
        cookie = (await log_in(client, Origin="https://walks.example.org")).headers["Set-Cookie"]
        assert "Secure" in cookie
        client.session.cookie_jar.update_cookies({COOKIE_NAME: cookie.split(";")[0].split("=", 1)[1]})
        answer = await client.get("/")
        assert 'data-session-websocket-url="wss://walks.example.org/ws"' in await answer.text()
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")

    run(with_client(db_path, check, public_url="https://walks.example.org"))


def test_a_wrong_password_is_refused_slowly_and_then_held_back(db_path):
    add_account(db_path)

    async def check(client, server):
        for attempt in range(2):
            started = time.monotonic()
            answer = await log_in(client, password="not the password")
            assert answer.status == 401 and time.monotonic() - started >= 0.3
            assert "Wrong login or password." in await answer.text()
            assert COOKIE_NAME not in answer.cookies
        await log_in(client, password="still not it")
        held = await log_in(client)  # even the right password waits its turn now
        assert held.status == 429 and "Too many failed tries" in await held.text()
        unknown = await log_in(client, login="nobody")  # another account from this address is not held
        assert unknown.status == 401

    run(with_client(db_path, check))


def test_an_unknown_login_answers_like_a_wrong_password(db_path):
    add_account(db_path)

    async def check(client, server):
        answer = await log_in(client, login="nobody")
        assert answer.status == 401 and "Wrong login or password." in await answer.text()

    run(with_client(db_path, check))


def test_a_form_from_another_site_and_a_websocket_from_another_origin_are_refused(db_path):
    add_account(db_path)

    async def check(client, server):
        assert (await log_in(client, Origin="https://evil.example")).status == 403
        assert (await log_in(client)).status == 303
        answer = await client.get("/ws", headers={"Origin": "https://evil.example"})
        assert answer.status == 403

    run(with_client(db_path, check))


def test_a_new_password_or_a_removed_account_ends_the_session(db_path):
    add_account(db_path)

    async def check(client, server):
        await log_in(client)
        assert "textual.js" in await (await client.get("/")).text()
        Accounts(server.store).set_password("ana", "a new passphrase")
        assert "textual.js" not in await (await client.get("/")).text()
        assert (await client.get("/ws")).status == 401
        assert (await log_in(client, password="a new passphrase")).status == 303
        Accounts(server.store).remove("ana")
        assert (await client.get("/ws")).status == 401

    run(with_client(db_path, check))


def test_each_ui_runs_as_its_observer_and_school(db_path):
    limited = add_account(db_path, "ben", observer="Ben O'Neil; rm -rf", school="Lincoln Middle")
    command = ui_command(db_path, limited)
    assert "--observer 'Ben O'\"'\"'Neil; rm -rf'" in command
    assert command.endswith("--only-school 'Lincoln Middle'")


def test_serve_refuses_to_start_without_accounts(db_path, capsys):
    from classwalk.tui.__main__ import main

    code = main(["--db", str(db_path), "serve", "--port", "8999"])
    assert code == 1
    assert capsys.readouterr().err == (
        "classwalk: error: no accounts yet: add one with 'classwalk users add LOGIN' before serving\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--public-url", "walks.example.org"], "--public-url 'walks.example.org': give the full address"),
    (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key go together"),
    (["--port", "0"], "Invalid value for '--port'"),
])
def test_serve_options_are_checked(db_path, capsys, args, message):
    from classwalk.tui.__main__ import main

    add_account(db_path)
    code = main(["--db", str(db_path), "serve", *args])
    err = capsys.readouterr().err
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1


def test_the_secret_key_is_created_owner_only_beside_the_database(db_path):
    add_account(db_path)
    with Store(db_path):
        pass
    server = ClasswalkServer(db_path)
    server.store.close()
    key = db_path.with_name(db_path.name + ".serve-key")
    assert key.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("args", "warned"), [
    (["--host", "0.0.0.0"], True),
    (["--host", "192.0.2.10", "--public-url", "https://walks.example.org"], False),
    ([], False),
    (["--host", "localhost"], False),
])
def test_opening_to_the_network_without_tls_warns_in_one_line(db_path, capsys, monkeypatch, args, warned):
    from classwalk.tui.__main__ import main

    add_account(db_path)
    started = []
    monkeypatch.setattr(ClasswalkServer, "serve", lambda self: started.append((self.host, self.port)))
    assert main(["--db", str(db_path), "serve", *args]) == 0
    err = capsys.readouterr().err
    assert started and started[0][1] == 8000
    assert ("warning: serving on 0.0.0.0 without TLS" in err) is warned
    assert len(err.splitlines()) == (1 if warned else 0)
