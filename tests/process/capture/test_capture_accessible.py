"""Accessibility: axe-core finds nothing on any state of the page; targets are big enough; it reflows."""

from __future__ import annotations

import pytest
from tests.support.browser import browser, need_browser, served
from tests.support.capture_page import enter_room, log_in, start_ilw_walk, touch_page, write_note
from tests.support.pages import capture_page_for_ana
from tests.support.server import add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TARGETS = ("button, a.button, a.card, input, select, textarea")


def axe_violations(page) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return "" if results.violations_count == 0 else results.generate_report()


def small_targets(page) -> list[str]:
    """Visible controls smaller than 44 by 44 CSS pixels."""
    return page.evaluate("""(selector) => Array.from(document.querySelectorAll(selector))
        .filter(el => el.offsetParent !== null && el.type !== 'hidden')
        .map(el => [el, el.getBoundingClientRect()])
        .filter(([el, box]) => box.width < 44 || box.height < 44)
        .map(([el, box]) => `${el.outerHTML.slice(0, 80)} ${box.width}x${box.height}`)""", TARGETS)


def overflow(page) -> int:
    """How far the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_state_of_the_page_passes_axe_with_big_targets_at_320_px_and_200_percent_text(db_path, scheme):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance, touch_page(instance, "phone") as page:
        page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        page.set_viewport_size({"width": 320, "height": 700})
        states = {}
        page.goto(base + "/capture/")
        states["login"] = axe_violations(page)
        log_in(page, base)
        states["walks"] = axe_violations(page)
        page.get_by_role("link", name="Tiered instructional learning walk").tap()
        page.wait_for_selector("form[action='/capture/new']")
        states["walk form"] = axe_violations(page)
        page.goto(base + "/capture/")
        walk_id = start_ilw_walk(page)
        states["room chooser"] = axe_violations(page)
        enter_room(page, "Room 3")
        write_note(page, "Six students read aloud", look_fors=[])
        page.fill("#note", "The students are off task")  # the hint shows
        page.wait_for_selector("#coach:not(:empty)")
        page.locator("#my-notes li").first.get_by_role("button", name="Delete").tap()  # the undo bar shows
        states["room with notes, interview, hint and undo"] = axe_violations(page)
        assert small_targets(page) == []
        assert overflow(page) <= 0
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        assert overflow(page) <= 0, "200% text makes the page scroll sideways"
        page.goto(f"{base}/capture/walk/{walk_id}/debrief")
        page.wait_for_selector("form.prompt")
        states["debrief prompts"] = axe_violations(page)
        assert small_targets(page) == []
        assert page.problems == []
    assert {state: report for state, report in states.items() if report} == {}


def test_every_action_of_a_room_can_be_reached_and_done_with_the_keyboard_alone(db_path):
    with capture_page_for_ana(db_path, "landscape") as (page, base):
        start_ilw_walk(page)
        page.focus("#room-name")
        page.keyboard.type("Room 3")
        page.keyboard.press("Enter")
        page.wait_for_selector("#visit:not([hidden])")
        assert page.evaluate("() => document.activeElement.id") == "note"  # ready to write at once
        page.keyboard.type("Students read aloud")
        page.keyboard.press("Shift+Enter")
        page.keyboard.type("in pairs")
        page.keyboard.press("Enter")
        page.wait_for_selector("#my-notes li")
        assert page.locator("#my-notes li .text").inner_text() == "Students read aloud\nin pairs"
        # Tab from the note reaches a look-for; Space toggles it
        page.focus("button.lookfor")
        page.keyboard.press("Space")
        assert page.locator("button.lookfor").first.get_attribute("aria-pressed") == "true"
        assert "announce" in page.evaluate("() => document.querySelector('[aria-live=polite]#announce').id")
        assert page.locator("#status").get_attribute("role") == "status"


def test_the_interval_grid_counts_and_items_pass_axe(db_path, isolated_environment):
    from tests.process.capture.test_capture_intervals import code, short_intervals, start_interval_lesson
    from tests.support.capture_page import start_walk

    short_intervals(isolated_environment, seconds=60, grace=10)
    with capture_page_for_ana(db_path, "phone") as (page, base):
        start_interval_lesson(page)
        code(page, "listening to the instructor")
        page.get_by_role("button", name="Next interval now").tap()
        assert axe_violations(page) == ""
        assert small_targets(page) == []
        page.set_viewport_size({"width": 320, "height": 700})
        assert overflow(page) <= 0, "the interval grid makes a 320 px page scroll sideways"
        page.emulate_media(color_scheme="dark")
        assert axe_violations(page) == ""
        page.goto(base + "/capture/")
        name = page.locator("a.card[href*='engagement_snapshots']").inner_text()
        start_walk(page, name, school="Lincoln Elem")
        enter_room(page, "Room 5")
        assert axe_violations(page) == ""
        assert small_targets(page) == []
