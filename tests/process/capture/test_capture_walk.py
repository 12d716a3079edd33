"""A whole walk by touch on the capture page, and what the database holds afterwards."""

from __future__ import annotations

import pytest
from tests.support.browser import browser, need_browser, served, wait_until
from tests.support.capture_page import all_sent, enter_room, evidence, log_in, start_walk, tap, touch_page, visits, write_note
from tests.support.server import add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def answers_of(db_path, walk_id):
    import classwalk

    with classwalk.open_db(db_path) as db:
        return [(r.text, r.author) for r in db.bundle(walk_id).debrief_responses]


@pytest.mark.parametrize("size", ["phone", "tablet", "landscape"])
def test_a_whole_downey_walk_by_touch_lands_in_the_database_under_the_observer(db_path, size):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance, touch_page(instance, size) as page:
        log_in(page, base)
        walk_id = start_walk(page, "Downey walkthrough", school="Lincoln Elem")
        enter_room(page, "Room 12")
        write_note(page, "22 of 24 students working with fraction strips",
                   look_fors=["working on the task as you enter", "materials at hand"])
        page.fill("#note", "A great lesson")
        wait_until(lambda: "“great” reads as a judgement" in page.locator("#coach").inner_text(),
                   what="the judgement-word hint")
        page.fill("#note", "Objective on the board: compare fractions")
        page.locator("#note").press("Enter")  # a hardware keyboard's Enter saves too
        write_note(page, "Two students sharpening pencils")
        all_sent(page)
        assert page.locator("#my-notes li").count() == 3

        # edit the second note, delete the third and bring it back
        second = page.locator("#my-notes li").nth(1)
        second.get_by_role("button", name="Edit").tap()
        page.fill("#edit-text", "Objective on the board: compare fractions with unlike denominators")
        tap(page, "Save changes")
        page.locator("#my-notes li").nth(2).get_by_role("button", name="Delete").tap()
        assert page.locator("#my-notes li").count() == 2
        tap(page, "Undo delete")
        assert page.locator("#my-notes li").count() == 3
        page.locator("#my-notes li").nth(2).get_by_role("button", name="Delete").tap()
        all_sent(page)

        tap(page, "Next room")
        page.wait_for_selector("#choose-room:not([hidden])")
        assert page.locator("button.room", has_text="Room 12").count() == 1  # rooms seen before come first
        enter_room(page, "Room 14")
        page.locator("#kind").select_option(label="objective and task level")
        page.locator("#mark").select_option(label="apply")
        write_note(page, "Students say they are finding the main idea", look_fors=["objective can be named"])
        all_sent(page)

        tap(page, "End visit")
        tap(page, "End the walk")
        with page.expect_navigation():
            tap(page, "Tap again to end every visit of this walk")
        page.wait_for_selector("form.prompt")
        first_prompt = page.locator("form.prompt textarea").first
        first_prompt.fill("Students could say what they were doing in both rooms")
        page.locator("form.prompt").first.get_by_role("button").tap()
        wait_until(lambda: answers_of(db_path, walk_id), what="the answer on the server")
        all_sent(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Markdown").tap()
        exported = open(download.value.path(), encoding="utf-8").read()
        assert "Students say they are finding the main idea" in exported
        assert page.problems == []

    notes = evidence(db_path, walk_id)
    assert [(n.text, n.observer) for n in notes] == [
        ("22 of 24 students working with fraction strips", "Ana Ruiz"),
        ("Objective on the board: compare fractions with unlike denominators", "Ana Ruiz"),
        ("Students say they are finding the main idea", "Ana Ruiz"),
    ]
    assert set(notes[0].look_fors) == {"orientation.on_task", "orientation.materials"}
    assert (notes[2].kind, notes[2].mark, notes[2].look_fors) == ("objective", "apply", ("curricular.objective",))
    rooms = visits(db_path, walk_id)
    assert [(v.classroom, v.observer, v.ended) for v in rooms] == [("Room 12", "Ana Ruiz", True), ("Room 14", "Ana Ruiz", True)]
    assert notes[0].visit_id == rooms[0].id and notes[2].visit_id == rooms[1].id
    import classwalk

    with classwalk.open_db(db_path) as db:
        assert db.walk(walk_id).status == "debriefing"
        answers = [(r.text, r.author) for r in db.bundle(walk_id).debrief_responses]
    assert answers == [("Students could say what they were doing in both rooms", "Ana Ruiz")]
