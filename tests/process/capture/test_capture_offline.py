"""Offline first: everything is kept on the device, shown as waiting, and arrives exactly once."""

from __future__ import annotations

import time

import pytest
from tests.support.browser import browser, need_browser, wait_until
from tests.support.capture_page import RestartableServer, all_sent, answer, enter_room, evidence, kept_offline, log_in, start_ilw_walk, start_walk, status, touch_page, write_note
from tests.support.pages import capture_page_for_ana
from tests.support.server import add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_notes_and_answers_made_offline_survive_a_reload_and_arrive_once_back_online(db_path):
    with capture_page_for_ana(db_path, "tablet") as (page, _base):
        walk_id = start_ilw_walk(page)
        enter_room(page, "Room 3")
        wait_until(lambda: kept_offline(page), what="the page to be kept for offline use")
        write_note(page, "Online note before the Wi-Fi drops")
        all_sent(page)

        page.context.set_offline(True)
        for number in range(1, 11):
            write_note(page, f"Offline note {number}: students at work")
        answer(page, "finding the main idea")
        answer(page, "when my partner can say it back")
        page.locator("#my-notes li").first.get_by_role("button", name="Edit").tap()
        page.fill("#edit-text", "Online note before the Wi-Fi drops, half-edited")
        page.fill("#note", "half-typed when the tablet went to sleep")
        wait_until(lambda: status(page) == "offline · 10 notes, 2 answers waiting to send",
                   what="the waiting count")

        page.reload()
        page.wait_for_selector("#visit:not([hidden])")
        wait_until(lambda: status(page) == "offline · 10 notes, 2 answers waiting to send",
                   what="the waiting count after a reload")
        assert page.locator("#my-notes li", has_text="waiting to send").count() == 12
        assert page.input_value("#note") == "half-typed when the tablet went to sleep"
        assert page.input_value("#edit-text") == "Online note before the Wi-Fi drops, half-edited"
        page.get_by_role("button", name="Cancel").tap()
        assert "question 3 of 4" in page.locator("#interview-where").inner_text()
        assert len(evidence(db_path, walk_id)) == 1

        page.context.set_offline(False)
        all_sent(page, seconds=40)
        assert page.locator("#my-notes li", has_text="waiting to send").count() == 0
        page.reload()  # and once more: nothing is sent twice
        page.wait_for_selector("#visit:not([hidden])")
        all_sent(page)

    texts = [n.text for n in evidence(db_path, walk_id)]
    assert texts == (["Online note before the Wi-Fi drops"] + [f"Offline note {n}: students at work" for n in range(1, 11)]
                     + ["finding the main idea", "when my partner can say it back"])


def test_the_queue_drains_when_the_server_comes_back_after_being_killed_mid_walk(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with RestartableServer(db_path) as server, browser(chromium) as instance, touch_page(instance, "phone") as page:
        log_in(page, server.base)
        walk_id = start_walk(page, "Downey walkthrough", school="Lincoln Elem")
        enter_room(page, "Room 12")
        wait_until(lambda: kept_offline(page), what="the page to be kept for offline use")
        write_note(page, "Before the server stopped")
        all_sent(page)

        server.kill()
        write_note(page, "While the server was down 1")
        write_note(page, "While the server was down 2")
        wait_until(lambda: status(page).startswith("offline") and "2 notes waiting to send" in status(page),
                   what="the notes to wait")
        page.reload()  # the service worker shows the kept page
        page.wait_for_selector("#visit:not([hidden])")
        assert page.locator("#my-notes li", has_text="waiting to send").count() == 2

        server.start()
        all_sent(page, seconds=60)
        time.sleep(0.5)
    assert [n.text for n in evidence(db_path, walk_id)] == [
        "Before the server stopped", "While the server was down 1", "While the server was down 2"]


def test_interval_ticks_made_offline_wait_through_a_reload_and_arrive_once(db_path, isolated_environment):
    from tests.process.capture.test_capture_intervals import (
        anas_coding, code, interval_number, short_intervals, start_interval_lesson,
    )

    short_intervals(isolated_environment, seconds=60, grace=10)
    with capture_page_for_ana(db_path, "tablet") as (page, _base):
        walk_id = start_interval_lesson(page)
        wait_until(lambda: kept_offline(page), what="the page to be kept for offline use")
        all_sent(page)
        page.context.set_offline(True)
        code(page, "listening to the instructor")
        code(page, "presenting content")
        page.get_by_role("button", name="Next interval now").tap()
        code(page, "discussing in small groups")
        wait_until(lambda: status(page) == "offline · 3 ticks, 1 other change waiting to send", what="ticks waiting")
        page.reload()
        page.wait_for_selector("#visit:not([hidden])")
        wait_until(lambda: status(page) == "offline · 3 ticks, 1 other change waiting to send",
                   what="ticks waiting after a reload")
        assert interval_number(page) == 2
        assert [t.split()[-1] for t in page.locator("button.code[aria-pressed=true]").all_inner_texts()] == ["(G)"]
        page.context.set_offline(False)
        all_sent(page, seconds=40)

    import classwalk

    coding = anas_coding(db_path, walk_id)
    assert coding.ticked(1) == {"students.listening", "instructor.lecturing"}
    assert coding.ticked(2) == {"students.groups"}
    with classwalk.open_db(db_path) as db:
        assert [e.kind for e in db.visit_capture(db.visits(walk_id)[0])["clock"]] == ["advance"]
