"""In a real browser (headless chromium): log in, walk, note, and the doors that stay shut."""

from __future__ import annotations

import contextlib
import time

import pytest

from classwalk.core.storage.store import Store
from tests.support.browser import browser, need_browser, served, wait_until
from tests.support.server import PASSWORD, add_account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def log_in(page, base: str, login: str = "ana", password: str = PASSWORD):
    page.goto(base + "/")
    page.fill("#login", login)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


@contextlib.contextmanager
def login_form(db_path):
    """``classwalk serve`` on ``db_path`` with Ana's account, and a browser page that has not
    logged in opened at its address; yields ``(page, base)``."""
    chromium = need_browser()
    add_account(db_path)
    with served(db_path) as base, browser(chromium) as instance:
        page = instance.new_page()
        page.goto(base + "/")
        yield page, base


def newest(db_path, read):
    with Store(db_path) as store:
        return read(store)


def test_a_logged_in_observer_walks_and_every_note_carries_their_name(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance:
        page, ui = served_page(instance, base)
        page.wait_for_selector("body.-first-byte", timeout=30000)  # the UI drew its first screen
        ui.wait_for_text("New walk")  # Home, with its footer
        page.click("#terminal")
        page.keyboard.press("n")
        ui.wait_for_text("Start walk (ctrl+s)")
        page.keyboard.press("Tab")  # from the protocol to the school
        page.keyboard.type("Lincoln Elem", delay=20)
        ui.wait_for_text("Lincoln Elem")
        page.keyboard.press("Control+s")
        walk = wait_until(lambda: newest(db_path, lambda s: s.list_walks()), what="the new walk")[0]
        assert walk.school == "Lincoln Elem" and [o.name for o in walk.observers] == ["Ana Ruiz"]
        ui.wait_for_text("Next classroom")
        page.keyboard.type("Room 12", delay=20)
        ui.wait_for_text("Room 12")
        page.keyboard.press("Enter")
        wait_until(lambda: newest(db_path, lambda s: s.visits_for_walk(walk.id)), what="the visit")
        ui.wait_for_text("Evidence (this visit)")
        page.keyboard.type("Students explain the rule to a partner", delay=10)
        page.keyboard.press("Enter")
        wait_until(lambda: newest(db_path, lambda s: s.evidence_for_walk(walk.id)), what="the first note")
        ui.wait_for_text("Students explain the rule")  # in the visit's list
        # an Escape read together with the next key is alt+key: each step waits to be seen
        page.keyboard.press("Escape")  # to the look-fors
        ui.wait_for_text("Letters tag the next note")
        page.keyboard.press("a")  # the first one
        ui.wait_for_text("tags: —", gone=True)
        page.keyboard.press("Escape")  # back to the note
        ui.wait_for_text("Letters tag the next note", gone=True)
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
    with login_form(db_path) as (page, base):
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
    with login_form(db_path) as (page, base):
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


# the page around the UI: keyboard, footer, Start, taps, downloads, logging out ----------------

def served_page(instance, base: str, login: str = "ana", **context):
    from tests.support.browser import ServedPage

    page = instance.new_context(viewport={"width": 1280, "height": 800}, **context).new_page()
    ui = ServedPage(page)
    log_in(page, base, login)
    return page, ui


def test_after_login_the_ui_has_the_keyboard_and_its_footer(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance:
        page, ui = served_page(instance, base)
        ui.wait_for_text("Quit")  # the footer, drawn before any key or tap
        assert not [message for message in ui.sent if "[<" in message]  # no click or tap sent yet
        page.keyboard.press("n")  # no click first: the keys already go to the UI
        ui.wait_for_text("Start walk (ctrl+s)")


def tap_footer_until(ui, press: str, label: str, shown: str) -> None:
    """Tap (or click) the footer key ``label`` until ``shown`` is on screen, three times at most.

    The footer redraws its keys whenever they change (a screen opens, the focus moves),
    and a tap that lands while it does so finds no key. Only a tap that visibly did
    nothing is repeated: once ``shown`` appears no further tap is sent.
    """
    for attempt in range(3):
        getattr(ui, press)(label, last_row=True)
        try:
            ui.wait_for_text(shown, seconds=10)
            return
        except AssertionError:
            if attempt == 2:
                raise


def test_start_button_click_or_tap_opens_the_room_and_footer_taps_are_keys(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    add_account(db_path, "ben", observer="Ben Okafor")
    with served(db_path) as base, browser(chromium) as instance:
        for login, school, press in (("ana", "Lincoln Elem", "click"), ("ben", "Hillside Middle", "tap")):
            page, ui = served_page(instance, base, login, has_touch=True)
            ui.wait_for_text("New walk")
            tap_footer_until(ui, press, "New walk", "Start walk (ctrl+s)")  # the footer key, as n
            page.keyboard.press("Tab")  # from the protocol to the school
            page.keyboard.type(school, delay=20)
            ui.wait_for_text(school)
            getattr(ui, press)("Start walk (ctrl+s)")  # the button, not ctrl+s
            ui.wait_for_text("Next classroom")
            page.keyboard.type("Room 12", delay=20)
            ui.wait_for_text("Room 12")
            page.keyboard.press("Enter")
            ui.wait_for_text("Evidence (this visit)")  # the room opened: not back on Home
            tap_footer_until(ui, press, "End visits", "End the walk's visits?")  # the footer key, as ctrl+e
            page.keyboard.press("Escape")
            ui.wait_for_text("End the walk's visits?", gone=True)
            page.close()
        with Store(db_path) as store:
            walks = {walk.school: walk for walk in store.list_walks()}
            assert sorted(walks) == ["Hillside Middle", "Lincoln Elem"]  # one each, no stray walk
            for school, observer in (("Lincoln Elem", "Ana Ruiz"), ("Hillside Middle", "Ben Okafor")):
                visits = store.visits_for_walk(walks[school].id)
                assert [(v.classroom, v.observer, v.ended_at) for v in visits] == [("Room 12", observer, None)]


def test_a_click_on_start_at_once_after_typing_the_school_waits_for_every_key(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    school = "Lincoln Elementary School of the Arts"
    with served(db_path) as base, browser(chromium) as instance:
        page, ui = served_page(instance, base)
        ui.wait_for_text("Quit")
        page.keyboard.press("n")
        ui.wait_for_text("Start walk (ctrl+s)")
        start = ui.point("Start walk (ctrl+s)")
        page.keyboard.press("Tab")  # from the protocol to the school
        page.keyboard.type(school)  # no pause: the click follows the keys at once
        page.mouse.click(*start)
        ui.wait_for_text("Next classroom")
        with Store(db_path) as store:
            assert [walk.school for walk in store.list_walks()] == [school]


def test_export_downloads_in_the_browser_and_names_no_server_path(db_path, tmp_path, monkeypatch):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    workdir = tmp_path / "server-workdir"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # where the old dialog would have written
    with served(db_path) as base, browser(chromium) as instance:
        page, ui = served_page(instance, base)
        downloads = []
        page.context.on("page", lambda popup: popup.on("download", lambda download: downloads.append(download)))
        page.on("download", lambda download: downloads.append(download))
        ui.wait_for_text("Quit")
        page.keyboard.press("n")
        ui.wait_for_text("Start walk (ctrl+s)")
        page.keyboard.press("Tab")
        page.keyboard.type("Lincoln Elem", delay=20)
        ui.wait_for_text("Lincoln Elem")
        page.keyboard.press("Control+s")
        ui.wait_for_text("Next classroom")
        page.keyboard.type("Room 12", delay=20)
        ui.wait_for_text("Room 12")
        page.keyboard.press("Enter")
        ui.wait_for_text("Evidence (this visit)")
        page.keyboard.type("Pairs explain a rule to each other", delay=10)
        ui.wait_for_text("Pairs explain a rule to each other")  # typed in full (a busy machine is slow)
        page.keyboard.press("Enter")
        wait_until(lambda: newest(db_path, lambda s: [e for w in s.list_walks() for e in s.evidence_for_walk(w.id)]),
                   seconds=30, what="the saved note")
        page.keyboard.press("Control+e")
        ui.wait_for_text("End the walk's visits?")
        page.keyboard.press("Enter")
        ui.wait_for_text("classwalk — Debrief")
        ui.wait_for_text("Export", seconds=30)  # the debrief's keys, in its footer
        page.keyboard.press("e")
        ui.wait_for_text("downloads to this device")
        screen = ui.screen.text()
        assert str(workdir) not in screen and str(db_path.parent) not in screen and "Folder" not in screen
        page.keyboard.press("Enter")
        ui.wait_for_text("Downloading lincoln-elem-")
        wait_until(lambda: downloads or page.wait_for_timeout(200), what="the download")
        download = downloads[0]
        assert download.suggested_filename.startswith("lincoln-elem-") and download.suggested_filename.endswith(".md")
        text = open(download.path(), encoding="utf-8").read()
        assert "Lincoln Elem" in text and "Pairs explain a rule to each other" in text
        assert "/" not in ui.screen.text().split("Downloading", 1)[1].splitlines()[0]
    assert list(workdir.iterdir()) == []  # nothing written on the server's side


def test_log_out_is_on_the_page_while_the_ui_runs_and_ends_the_session(db_path):
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance:
        page, ui = served_page(instance, base)
        ui.wait_for_text("Quit")
        button = page.get_by_role("button", name="Log out")
        assert button.is_visible()
        style = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
        assert style[0] != style[1]  # the label can be read
        cookie = next(c for c in page.context.cookies() if c["name"] == "classwalk_session")
        with page.expect_navigation():
            button.click()
        assert "You are logged out." in page.inner_text("[role=alert]")
        assert page.locator("#terminal").count() == 0
        page.context.add_cookies([cookie])  # the same cookie again: refused
        page.goto(base + "/")
        assert page.locator("form[action='/login']").count() == 1
        assert page.request.get(base + "/ws").status == 401
