"""In a real browser (headless chromium): log in, walk, note, and the doors that stay shut."""

from __future__ import annotations

import time

import pytest

from classwalk.core.store import Store
from browser_helpers import browser, need_browser, served, wait_until
from serve_helpers import PASSWORD, add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def log_in(page, base: str, login: str = "ana", password: str = PASSWORD):
    page.goto(base + "/")
    page.fill("#login", login)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def newest(db_path, read):
    with Store(db_path) as store:
        return read(store)


def test_a_logged_in_observer_walks_and_every_note_carries_their_name(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance:
        page = instance.new_page(viewport={"width": 1280, "height": 800})
        log_in(page, base)
        page.wait_for_selector("body.-first-byte", timeout=30000)  # the UI drew its first screen
        page.click("#terminal")
        time.sleep(1.0)
        page.keyboard.press("n")
        time.sleep(1.5)
        page.keyboard.press("Tab")  # from the protocol to the school
        time.sleep(0.5)
        page.keyboard.type("Lincoln Elem", delay=20)
        page.keyboard.press("Control+s")
        walk = wait_until(lambda: newest(db_path, lambda s: s.list_walks()), what="the new walk")[0]
        assert walk.school == "Lincoln Elem" and [o.name for o in walk.observers] == ["Ana Ruiz"]
        time.sleep(1.0)
        page.keyboard.type("Room 12", delay=20)
        page.keyboard.press("Enter")
        wait_until(lambda: newest(db_path, lambda s: s.visits_for_walk(walk.id)), what="the visit")
        time.sleep(1.0)
        page.keyboard.type("Students explain the rule to a partner", delay=10)
        page.keyboard.press("Enter")
        time.sleep(0.5)
        for key in ("Escape", "a", "Escape"):  # to the look-fors, the first one, back to the note
            page.keyboard.press(key)
            time.sleep(0.4)  # an Escape followed at once by a key reads as alt+key
        page.keyboard.type("Eighteen of 24 at work within a minute", delay=10)
        page.keyboard.press("Enter")
        evidence = wait_until(lambda: (lambda found: found if len(found) == 2 else None)(
            newest(db_path, lambda s: s.evidence_for_walk(walk.id))), what="both notes")
        page.screenshot(path=str(db_path.with_name("walk.png")))
    assert [e.text for e in evidence] == ["Students explain the rule to a partner",
                                          "Eighteen of 24 at work within a minute"]
    assert {e.observer for e in evidence} == {"Ana Ruiz"}
    assert evidence[0].look_fors == () and len(evidence[1].look_fors) == 1


def test_without_logging_in_the_websocket_is_refused(db_path):
    chromium = need_browser()
    add_account(db_path)
    with served(db_path) as base, browser(chromium) as instance:
        page = instance.new_page()
        page.goto(base + "/")
        assert page.locator("form[action='/login']").count() == 1
        assert page.locator("#terminal").count() == 0
        outcome = page.evaluate("""url => new Promise(done => {
            const socket = new WebSocket(url);
            socket.onopen = () => done("open");
            socket.onerror = () => done("refused");
        })""", base.replace("http", "ws") + "/ws")
        assert outcome == "refused"
        answer = page.request.get(base + "/ws")
        assert answer.status == 401


def test_a_wrong_password_is_refused_and_slowed(db_path):
    chromium = need_browser()
    add_account(db_path)
    with served(db_path) as base, browser(chromium) as instance:
        page = instance.new_page()
        page.goto(base + "/")
        page.fill("#login", "ana")
        page.fill("#password", "not the password at all")
        started = time.monotonic()
        with page.expect_response(lambda r: r.url.endswith("/login")) as answer:
            page.click("button[type=submit]")
        elapsed = time.monotonic() - started
        assert answer.value.status == 401 and elapsed >= 0.9
        assert "Wrong login or password." in page.inner_text("[role=alert]")
        assert page.locator("#terminal").count() == 0
        assert not [c for c in page.context.cookies() if c["name"] == "classwalk_session"]
