"""One team walk, three accounts on three devices: each observer in their own room, with their own draft.

Two observers start in one classroom and split into two rooms; a third joins late and
follows one of them; the first follows later. Every note must land in its author's visit
of the room they were in, before that visit ended; a half-typed note stays on its own
device (a closed page brings it back) and never shows on a teammate's.
"""

from __future__ import annotations

import pytest

import classwalk
from tests.support.browser import browser, need_browser, served, wait_until
from tests.support.capture_page import all_sent, enter_room, kept_offline, log_in, open_walk, start_walk, touch_page, write_note
from tests.support.server import add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ANA, BEN, CY = "Ana Ruiz", "Ben Ode", "Cy Lin"
CY_DRAFT = "Cy, half-typed: the group at the back table has not started the"
BEN_DRAFT = "Ben, unsaved: teacher kneels by the"


def team_text(page) -> str:
    return page.locator("#team-notes").inner_text()


def room_of(page) -> str:
    return page.locator("#room-title").inner_text()


def follow(page, name: str, room: str) -> None:
    page.get_by_role("button", name=f"Follow {name} to {room}").tap()
    wait_until(lambda: room_of(page) == f"· {room}", what=f"the page to follow {name} to {room}")


def seen_by(page, text: str) -> None:
    wait_until(lambda: text in team_text(page), what=f"{text!r} in the team's notes")


def note_field(page) -> str:
    return page.input_value("#note")


def join(page, base: str, login: str, walk_id: str) -> None:
    """Log in as ``login`` and open the team's IFL walk from the list of walks."""
    log_in(page, base, login)
    page.get_by_role("link", name="IFL learning walk", exact=False).first.tap()
    page.wait_for_selector("#choose-room")
    assert walk_id in page.url


def test_three_observers_split_and_follow_and_every_note_and_draft_stays_with_its_author(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer=ANA)
    add_account(db_path, "ben", observer=BEN)
    add_account(db_path, "cy", observer=CY)
    with served(db_path) as base, browser(chromium) as instance, \
            touch_page(instance, "tablet") as ana, touch_page(instance, "landscape") as ben, \
            touch_page(instance, "phone") as cy:
        log_in(ana, base, "ana")
        walk_id = start_walk(ana, "IFL learning walk", school="Maple Grove", focus="student discourse",
                             guiding_question="How do students build on each other's ideas?", observers=BEN)
        enter_room(ana, "Room 14")
        write_note(ana, "Ana in 14: students revoice a classmate's claim")

        # Ben joins and follows Ana into the same classroom: his own visit of Room 14
        join(ben, base, "ben", walk_id)
        follow(ben, ANA, "Room 14")
        write_note(ben, "Ben in 14: teacher asks who can add on")
        seen_by(ana, "Ben in 14")

        # they split up: Ben moves on, Ana stays
        ben.get_by_role("button", name="Next room").tap()
        enter_room(ben, "Room 16")
        wait_until(lambda: f"{BEN} in Room 16" in ana.locator("#team-where").inner_text(), what="Ben's move on Ana's page")
        assert room_of(ana) == "· Room 14"
        write_note(ana, "Ana in 14 after the split: pairs compare answers")
        write_note(ben, "Ben in 16: students sort cards into claims and evidence")
        seen_by(ana, "Ben in 16")

        # Cy joins late on a phone, from the list of walks, and follows Ben
        join(cy, base, "cy", walk_id)
        wait_until(lambda: f"{ANA} in Room 14" in cy.locator("#team-where").inner_text()
                   and f"{BEN} in Room 16" in cy.locator("#team-where").inner_text(), what="the team on Cy's page")
        follow(cy, BEN, "Room 16")
        write_note(cy, "Cy in 16: a student explains the sort to a partner")
        seen_by(ben, "Cy in 16")

        # Cy types without saving: no one else's note line shows it, even after a reload
        cy.fill("#note", CY_DRAFT)
        write_note(ben, "Ben in 16 while Cy types: teacher restates the question")
        seen_by(cy, "while Cy types")
        assert note_field(cy) == CY_DRAFT  # a teammate's note arriving leaves the draft alone
        for teammate in (ana, ben):
            assert note_field(teammate) == ""
            open_walk(teammate, base, walk_id)
            assert note_field(teammate) == ""
            assert "half-typed" not in teammate.content()

        # Ben has his own half-typed words; Cy's page is closed mid-typing and opened again
        ben.fill("#note", BEN_DRAFT)
        context = cy.context
        cy_problems = cy.problems
        cy.close()
        again = context.new_page()
        open_walk(again, base, walk_id)
        again.wait_for_selector("#visit:not([hidden])")
        assert room_of(again) == "· Room 16"
        assert note_field(again) == CY_DRAFT
        assert "kneels" not in again.content()
        assert note_field(ana) == ""
        assert note_field(ben) == BEN_DRAFT

        # Ana follows later; Cy and Ben save what they had typed, each under their own name
        follow(ana, BEN, "Room 16")
        write_note(ana, "Ana in 16 after following: the sort is checked in pairs")
        again.get_by_role("button", name="Save note").tap()
        write_note(ben, BEN_DRAFT + " back table")
        for page in (ana, ben, again):
            all_sent(page)
        seen_by(ana, "has not started the")
        seen_by(again, "kneels by the back table")
        assert note_field(again) == "" and note_field(ben) == ""

        # Ana ends the walk's visits; both teammates are named as still in a room, and told
        ana.get_by_role("button", name="End visit").tap()
        ana.get_by_role("button", name="End the walk").tap()
        ending = ana.get_by_role("button", name="Tap again to end every visit of this walk", exact=False)
        still = ending.inner_text().split("(still in a room: ", 1)[1]
        assert sorted(still.rstrip(")").split(", ")) == [f"{BEN} in Room 16", f"{CY} in Room 16"]
        with ana.expect_navigation():
            ending.tap()
        for page in (ben, again):
            wait_until(lambda page=page: f"{ANA} ended the walk's visits" in page.locator("#problem").inner_text(),
                       what="the end of the walk on a teammate's page")
            assert page.locator("#choose-room").is_visible()
        assert ana.problems == [] and ben.problems == [] and cy_problems == []

    expected = {
        "Ana in 14: students revoice a classmate's claim": (ANA, "Room 14"),
        "Ben in 14: teacher asks who can add on": (BEN, "Room 14"),
        "Ana in 14 after the split: pairs compare answers": (ANA, "Room 14"),
        "Ben in 16: students sort cards into claims and evidence": (BEN, "Room 16"),
        "Cy in 16: a student explains the sort to a partner": (CY, "Room 16"),
        "Ben in 16 while Cy types: teacher restates the question": (BEN, "Room 16"),
        "Ana in 16 after following: the sort is checked in pairs": (ANA, "Room 16"),
        CY_DRAFT: (CY, "Room 16"),
        BEN_DRAFT + " back table": (BEN, "Room 16"),
    }
    with classwalk.open_db(db_path) as db:
        walk = db.walk(walk_id)
        visits = {v.id: v for v in db.visits(walk_id)}
        notes = db.evidence(walk_id)
    assert {o.name for o in walk.observers} == {ANA, BEN, CY}
    assert sorted((v.classroom, v.observer) for v in visits.values()) == [
        ("Room 14", ANA), ("Room 14", BEN), ("Room 16", ANA), ("Room 16", BEN), ("Room 16", CY)]
    assert all(v.ended for v in visits.values())
    for room in ("Room 14", "Room 16"):  # teammates in one classroom are one classroom visit
        assert len({v.stay_id for v in visits.values() if v.classroom == room}) == 1, room
    for name in (ANA, BEN, CY):  # one room at a time: leaving or following ends the room before
        own = sorted((v for v in visits.values() if v.observer == name), key=lambda v: v.started_at)
        assert all(left.ended_at <= entered.started_at for left, entered in zip(own, own[1:])), name
    assert sorted(n.text for n in notes) == sorted(expected)
    for note in notes:
        visit = visits[note.visit_id]
        author, room = expected[note.text]
        assert (note.observer, visit.observer, visit.classroom) == (author, author, room), note.text
        assert visit.started_at <= note.captured_at <= visit.ended_at, note.text


def test_a_note_typed_offline_after_a_teammate_ended_the_walk_is_refused_and_stays_on_the_device(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer=ANA)
    add_account(db_path, "ben", observer=BEN)
    with served(db_path) as base, browser(chromium) as instance, \
            touch_page(instance, "tablet") as ana, touch_page(instance, "phone") as ben:
        log_in(ana, base, "ana")
        walk_id = start_walk(ana, "IFL learning walk", school="Maple Grove", focus="student discourse",
                             guiding_question="How do students build on each other's ideas?", observers=BEN)
        enter_room(ana, "Room 14")
        log_in(ben, base, "ben")
        open_walk(ben, base, walk_id)
        enter_room(ben, "Room 16")
        write_note(ben, "Ben in 16 before the end")
        all_sent(ben)
        wait_until(lambda: kept_offline(ben), what="Ben's page to be kept for offline use")
        ben.context.set_offline(True)  # the Wi-Fi drops in Room 16: the end of the walk does not reach Ben
        ben.reload()
        ben.wait_for_selector("#visit:not([hidden])")

        ana.get_by_role("button", name="End visit").tap()
        ana.get_by_role("button", name="End the walk").tap()
        with ana.expect_navigation():
            ana.get_by_role("button", name="Tap again to end every visit of this walk", exact=False).tap()
        with classwalk.open_db(db_path) as db:
            wait_until(lambda: all(v.ended for v in db.visits(walk_id)), what="the walk's visits to end")

        write_note(ben, "Ben in 16 after the end, offline")
        ben.context.set_offline(False)
        wait_until(lambda: ben.locator("#choose-room").is_visible(), what="Ben's page to learn his visit ended")
        for _ in range(2):  # and after a reload: the refused note stays in sight, with the reason
            kept = ben.locator("#kept-notes li")
            wait_until(lambda kept=kept: kept.count() == 1, what="the refused note kept in sight")
            assert kept.locator(".text").inner_text() == "Ben in 16 after the end, offline"
            assert kept.locator(".meta").inner_text().endswith(" · Room 16")
            assert "visit Room 16 had ended before this note was written" in kept.locator(".badge").inner_text()
            open_walk(ben, base, walk_id)
        assert ana.problems == [] and [p for p in ben.problems if "ERR_INTERNET_DISCONNECTED" not in p] == []

    with classwalk.open_db(db_path) as db:
        assert [n.text for n in db.evidence(walk_id)] == ["Ben in 16 before the end"]
