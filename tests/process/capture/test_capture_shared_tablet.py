"""One tablet, two observers: what one leaves unsent is never sent under the other's name."""

from __future__ import annotations

import pytest
from tests.support.browser import browser, need_browser, served, wait_until
from tests.support.capture_page import all_sent, enter_room, evidence, log_in, open_walk, start_walk, status, touch_page, write_note
from tests.support.server import add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def log_out(page) -> None:
    page.locator("footer").get_by_role("button").tap()


def test_a_note_left_waiting_at_logout_is_kept_for_its_author_and_never_sent_as_the_next_observer(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    add_account(db_path, "ben", observer="Ben Ode")
    with served(db_path) as base, browser(chromium) as instance, \
            touch_page(instance, "tablet", service_workers="block") as page:
        log_in(page, base, "ana")
        walk_id = start_walk(page, "Downey walkthrough", school="Lincoln Elem")
        enter_room(page, "Room 12")
        page.route("**/capture/api/ops", lambda route: route.abort())  # the Wi-Fi is gone for sending
        write_note(page, "Ana's note, not sent yet")
        wait_until(lambda: "1 note waiting to send" in status(page), what="Ana's note to wait")
        log_out(page)
        wait_until(lambda: "keeping 1 change" in page.locator("footer button").inner_text(),
                   what="logout to ask again")  # a second tap confirms
        with page.expect_navigation():
            log_out(page)
        page.unroute("**/capture/api/ops")

        log_in(page, base, "ben")
        open_walk(page, base, walk_id)
        wait_until(lambda: "1 change by another observer kept until they log in here" in status(page),
                   what="Ana's change kept for her")
        enter_room(page, "Room 14")
        write_note(page, "Ben's note")
        wait_until(lambda: [(n.text, n.observer) for n in evidence(db_path, walk_id)] == [("Ben's note", "Ben Ode")],
                   what="Ben's note, and only his, on the server")
        wait_until(lambda: status(page).startswith("online · nothing waiting to send · 1 change by another"),
                   what="Ben's queue empty, Ana's kept")
        with page.expect_navigation():
            log_out(page)  # nothing of Ben's waits: one tap

        log_in(page, base, "ana")
        open_walk(page, base, walk_id)
        all_sent(page)
        assert [p for p in page.problems if "ERR_FAILED" not in p] == []  # only the sends cut off above
    assert sorted((n.text, n.observer) for n in evidence(db_path, walk_id)) == [
        ("Ana's note, not sent yet", "Ana Ruiz"), ("Ben's note", "Ben Ode")]


def test_an_ended_login_keeps_the_notes_waiting_and_offers_to_log_in_again(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance, touch_page(instance, "phone") as page:
        log_in(page, base, "ana")
        walk_id = start_walk(page, "Downey walkthrough", school="Lincoln Elem")
        enter_room(page, "Room 12")
        page.context.clear_cookies()  # the session ran out
        write_note(page, "Written after the login ended")
        wait_until(lambda: status(page).startswith("log in again to send · 1 note waiting"), what="the login prompt")
        link = page.get_by_role("link", name="Your login has ended: log in again to send", exact=False)
        assert link.is_visible()
        link.tap()
        page.fill("#login", "ana")
        page.fill("#password", "chalk and talk 42")
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").tap()
        open_walk(page, base, walk_id)
        all_sent(page)
    assert [(n.text, n.observer) for n in evidence(db_path, walk_id)] == [("Written after the login ended", "Ana Ruiz")]
