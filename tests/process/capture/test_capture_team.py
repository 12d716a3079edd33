"""A team walk on two devices: each observer's notes reach the other's page as they are saved."""

from __future__ import annotations

import pytest
from tests.support.browser import browser, need_browser, served, wait_until
from tests.support.capture_page import all_sent, enter_room, evidence, log_in, open_walk, start_walk, touch_page, visits, write_note
from tests.support.server import add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def team_text(page) -> str:
    return page.locator("#team-notes").inner_text()


def test_an_ifl_team_walk_with_two_accounts_shows_each_the_others_notes_live(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    add_account(db_path, "ben", observer="Ben Ode")
    with served(db_path) as base, browser(chromium) as instance, \
            touch_page(instance, "tablet") as ana, touch_page(instance, "landscape") as ben:
        log_in(ana, base, "ana")
        walk_id = start_walk(ana, "IFL learning walk", school="Maple Grove", focus="student discourse",
                             guiding_question="How do students build on each other's ideas?",
                             observers="Ben Ode")
        log_in(ben, base, "ben")
        ben.get_by_role("link", name="IFL learning walk", exact=False).first.tap()
        ben.wait_for_selector("#choose-room")
        assert walk_id in ben.url
        enter_room(ana, "Room 14")
        enter_room(ben, "Room 16")

        write_note(ana, "Two students revoice a classmate's claim before adding their own")
        wait_until(lambda: "Ana Ruiz · Room 14" in team_text(ben) and "revoice" in team_text(ben),
                   what="Ana's note on Ben's page")
        write_note(ben, "Teacher asks: who can add on to what Mia said?")
        wait_until(lambda: "Ben Ode · Room 16" in team_text(ana) and "add on" in team_text(ana),
                   what="Ben's note on Ana's page")
        assert "Ben Ode" not in ana.locator("#my-notes").inner_text()
        assert "Teacher asks" not in ben.locator("#team-notes").inner_text()

        # an edit and a deletion reach the teammate too
        ana.locator("#my-notes li").first.get_by_role("button", name="Edit").tap()
        ana.fill("#edit-text", "Three students revoice a classmate's claim before adding their own")
        ana.get_by_role("button", name="Save changes").tap()
        wait_until(lambda: "Three students" in team_text(ben), what="Ana's edit on Ben's page")
        ben.locator("#my-notes li").first.get_by_role("button", name="Delete").tap()
        wait_until(lambda: "add on" not in team_text(ana), what="Ben's deletion on Ana's page")
        ben.get_by_role("button", name="Undo delete").tap()
        all_sent(ana)
        all_sent(ben)
        # a reload keeps the names on the teammates' notes
        open_walk(ben, base, walk_id)
        wait_until(lambda: "Ana Ruiz · Room 14" in team_text(ben), what="names after a reload")
        wait_until(lambda: ben.locator("#team-where").inner_text() == "team: Ana Ruiz in Room 14",
                   what="where Ana is, on Ben's page")
        # Ana moves on; Ben is told and follows with one tap
        ana.get_by_role("button", name="Next room").tap()
        enter_room(ana, "Room 18")
        wait_until(lambda: ben.locator("#team-where").inner_text() == "team: Ana Ruiz in Room 18",
                   what="Ana's move on Ben's page")
        ben.get_by_role("button", name="Follow Ana Ruiz to Room 18").tap()
        assert ben.locator("#room-title").inner_text() == "· Room 18"
        write_note(ben, "Pairs in Room 18 compare two solutions")
        all_sent(ana)
        all_sent(ben)
        # Ana ends the walk: she is told who is still in a room; Ben's page follows
        ana.get_by_role("button", name="End visit").tap()
        ana.get_by_role("button", name="End the walk").tap()
        ending = ana.get_by_role("button", name="Tap again to end every visit of this walk", exact=False)
        assert ending.inner_text().endswith("(still in a room: Ben Ode in Room 18)")
        with ana.expect_navigation():
            ending.tap()
        wait_until(lambda: "Ana Ruiz ended the walk's visits" in ben.locator("#problem").inner_text(),
                   what="the end of the walk on Ben's page")
        assert ben.locator("#choose-room").is_visible()
        assert ana.problems == [] and ben.problems == []

    notes = evidence(db_path, walk_id)
    rooms = {v.id: (v.classroom, v.observer) for v in visits(db_path, walk_id)}
    assert sorted((v.classroom, v.observer, v.ended) for v in visits(db_path, walk_id)) == [
        ("Room 14", "Ana Ruiz", True), ("Room 16", "Ben Ode", True), ("Room 18", "Ana Ruiz", True),
        ("Room 18", "Ben Ode", True)]
    assert sorted((n.text, n.observer, rooms[n.visit_id]) for n in notes) == [
        ("Pairs in Room 18 compare two solutions", "Ben Ode", ("Room 18", "Ben Ode")),
        ("Teacher asks: who can add on to what Mia said?", "Ben Ode", ("Room 16", "Ben Ode")),
        ("Three students revoice a classmate's claim before adding their own", "Ana Ruiz", ("Room 14", "Ana Ruiz")),
    ]
