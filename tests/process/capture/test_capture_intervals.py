"""An interval lesson on the capture page: codes per interval, pause, correction, counts, items."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

import classwalk
from tests.support.browser import wait_until
from tests.support.capture_page import all_sent, enter_room, start_walk, status
from tests.support.pages import capture_page_for_ana

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def short_intervals(isolated_environment, seconds: int = 4, grace: int = 3) -> None:
    """The example interval protocol, with intervals short enough for a test."""
    folder = isolated_environment / "config" / "protocols"
    folder.mkdir(parents=True, exist_ok=True)
    text = (EXAMPLES / "interval-lesson-coding.toml").read_text()
    text = text.replace("minutes = 2\ngrace_seconds = 30", f"minutes = {seconds / 60!r}\ngrace_seconds = {grace}")
    assert f"grace_seconds = {grace}" in text
    (folder / "interval-lesson-coding.toml").write_text(text)
    shutil.copy(EXAMPLES / "snapshot-counts.toml", folder / "snapshot-counts.toml")


def code(page, label: str) -> None:
    page.locator("button.code", has_text=label).first.tap()


def interval_number(page) -> int:
    return int(page.locator("#interval-number").inner_text().split()[1])


def start_interval_lesson(page) -> str:
    """From the capture page's start: an interval lesson at Lincoln Elem, in Lab 2; the walk's id."""
    walk_id = start_walk(page, "Lesson coding in two-minute intervals", school="Lincoln Elem")
    enter_room(page, "Lab 2")
    return walk_id


def anas_coding(db_path, walk_id: str):
    """What Ana coded in the walk's first visit."""
    with classwalk.open_db(db_path) as db:
        return db.coding(db.visits(walk_id)[0], "Ana Ruiz")


def test_an_interval_lesson_of_several_intervals_is_coded_by_touch_and_stored_per_interval(
        db_path, isolated_environment):
    short_intervals(isolated_environment, seconds=6, grace=3)
    with capture_page_for_ana(db_path, "landscape") as (page, base):
        walk_id = start_interval_lesson(page)
        assert interval_number(page) == 1
        code(page, "listening to the instructor")
        code(page, "presenting content")
        page.locator("button.interval-choice", has_text="some").first.tap()
        page.get_by_role("button", name="Next interval now").tap()
        assert interval_number(page) == 2
        code(page, "discussing in small groups")
        page.get_by_role("button", name="Pause").tap()
        assert "(paused)" in page.locator("#interval-number").inner_text()
        time.sleep(7)  # longer than an interval: the clock stands still while paused
        assert interval_number(page) == 2
        page.get_by_role("button", name="Resume").tap()
        wait_until(lambda: interval_number(page) == 3, seconds=12, what="interval 3")
        assert "changed" in page.locator("#intervals").get_attribute("class")
        page.get_by_role("button", name="Correct interval 2").tap()
        code(page, "moving among groups and guiding")
        page.get_by_role("button", name="Correct interval 2").tap()  # back to the current interval
        code(page, "taking a test or quiz")
        assert page.locator("#grid tbody tr").count() > 10
        all_sent(page)
        assert page.problems == []

    coding = anas_coding(db_path, walk_id)
    with classwalk.open_db(db_path) as db:
        events = [e.kind for e in db.visit_capture(db.visits(walk_id)[0])["clock"]]
    assert coding.ticked(1) == {"students.listening", "instructor.lecturing"}
    assert coding.chosen(1) == {"engagement": "some"}
    assert coding.ticked(2) == {"students.groups", "instructor.moving"}
    assert coding.ticked(3) == {"students.test"}
    assert events == ["advance", "pause", "resume"]


def test_snapshot_counts_as_steppers_and_typed_items_are_stored_for_the_visit(db_path, isolated_environment):
    short_intervals(isolated_environment)
    with capture_page_for_ana(db_path, "phone") as (page, base):
        page.goto(base + "/capture/")
        name = page.locator("a.card[href*='engagement_snapshots']").inner_text()
        walk_id = start_walk(page, name, school="Lincoln Elem")
        enter_room(page, "Room 5")
        page.fill("#present", "24")
        page.fill("#count-on_task", "17")
        for _ in range(3):
            page.locator("button.step[data-target='count-on_task'][data-step='1']").tap()
        page.locator("button.step[data-target='count-on_task'][data-step='-1']").tap()
        assert page.input_value("#count-on_task") == "19"
        page.locator("button.save-count[data-id='on_task']").tap()
        page.locator("button.item-choice", has_text="pairs").tap()
        page.fill("#item-objective", "I can compare two fractions")
        page.locator("button.save-item[data-item='objective']").tap()
        all_sent(page)
        assert "nothing waiting" in status(page)

    with classwalk.open_db(db_path) as db:
        captured = db.visit_capture(db.visits(walk_id)[0], "Ana Ruiz")
    assert [(c.snapshot, c.count, c.present) for c in captured["snapshots"]] == [("on_task", 19, 24)]
    assert sorted((a.item, a.value) for a in captured["answers"]) == [
        ("grouping", "pairs"), ("objective", "I can compare two fractions")]


def test_a_short_code_two_sets_share_stays_two_codes_on_the_capture_page(db_path, isolated_environment):
    short_intervals(isolated_environment, seconds=60, grace=3)
    with capture_page_for_ana(db_path, "landscape") as (page, base):
        walk_id = start_interval_lesson(page)
        students = page.locator("button.code[data-id='students.waiting']")
        instructor = page.locator("button.code[data-id='instructor.waiting']")
        assert " ".join(students.text_content().split()) == "waiting (W)"  # each in its own set
        assert " ".join(instructor.text_content().split()) == "waiting (W)"
        instructor.tap()
        assert instructor.get_attribute("aria-pressed") == "true"
        assert students.get_attribute("aria-pressed") == "false"
        rows = [" ".join(text.split()) for text in page.locator("#grid tbody th").all_text_contents()]
        assert "Students: waiting (W)" in rows and "Instructor: waiting (W)" in rows
        all_sent(page)
        assert page.problems == []

    assert anas_coding(db_path, walk_id).ticked(1) == {"instructor.waiting"}
