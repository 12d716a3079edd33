"""Under ``classwalk serve`` each browser reads times in its own zone: the terminal UI and the
capture page's exports alike, two observers in two zones at once; a zone the server does not
know (a made-up or garbled cookie) falls back to the server's zone without a fault."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from tests.support.browser import ServedPage, browser, need_browser, served
from tests.support.pilot import run
from tests.support.server import PASSWORD, add_account, with_client

from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.core.storage.store import Store
from classwalk.features.outputs import localtime
from classwalk.serve.browser_zone import COOKIE, checked_zone
from classwalk.serve.server import ui_command

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CAPTURED = dt.datetime(2026, 11, 23, 15, 51, tzinfo=dt.timezone.utc)
NOTE = "Pairs explain the rule to each other"
ZONES = {"America/Chicago": ("CST", "09:51"), "Asia/Tokyo": ("JST", "00:51")}


def ended_walk(db_path) -> Walk:
    """A finished walk whose one note was captured at 15:51 UTC."""
    walk = Walk(protocol_id="downey", school="Lincoln Elem", date=CAPTURED.date(),
                observers=(Observer(name="Ana Ruiz"),), created_at=CAPTURED, updated_at=CAPTURED)
    visit = Visit(walk_id=walk.id, classroom="Room 12", started_at=CAPTURED - dt.timedelta(minutes=1),
                  ended_at=CAPTURED + dt.timedelta(minutes=4), observer="Ana Ruiz")
    with Store(db_path) as store:
        store.save_walk(walk)
        store.save_visit(visit)
        store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=NOTE,
                                    captured_at=CAPTURED, observer="Ana Ruiz"))
    return walk


# no browser --------------------------------------------------------------------------

@pytest.mark.parametrize("sent, kept", [
    ("America/Chicago", "America/Chicago"), ("America%2FChicago", "America/Chicago"), ("UTC", "UTC"),
    ("Mars/Olympus_Mons", None), ("../../etc/passwd", None), ("/etc/localtime", None), ("", None),
    (None, None), ("America/Chicago; rm -rf", None), ("A" * 200, None), ("Europe/Berlin\x00", None),
])
def test_only_a_zone_the_server_knows_is_taken(sent, kept):
    assert checked_zone(sent) == kept


def test_the_served_ui_is_started_in_the_browsers_zone(db_path):
    account = add_account(db_path, "ana")
    assert ui_command(db_path, account, "Asia/Tokyo").endswith("--tz Asia/Tokyo")
    assert "--tz" not in ui_command(db_path, account)


def test_two_requests_at_once_each_read_times_in_their_own_zone():
    async def read(zone: str) -> list[str]:
        seen = []
        with localtime.zone_while(zone):
            for _ in range(3):
                seen.append(localtime.clock(CAPTURED))
                await asyncio.sleep(0.01)  # the other request runs meanwhile
        return seen

    async def both():
        return await asyncio.gather(read("America/Chicago"), read("Asia/Tokyo"))

    chicago, tokyo = asyncio.run(both())
    assert chicago == ["09:51"] * 3 and tokyo == ["00:51"] * 3
    with pytest.raises(localtime.UnknownTimeZone):
        with localtime.zone_while("Mars/Olympus_Mons"):
            pass


def test_an_unknown_zone_cookie_gives_the_servers_zone_and_no_fault(db_path, monkeypatch):
    monkeypatch.setenv("CLASSWALK_TZ", "Europe/Berlin")
    localtime.use_zone(None)
    walk = ended_walk(db_path)
    add_account(db_path, "ana")

    async def check(client, server):
        await client.post("/capture/login", data={"login": "ana", "password": PASSWORD})
        answers = {}
        for cookie in ("Asia/Tokyo", "Mars/Olympus_Mons", "%00%0A..%2F", "x" * 300):
            client.session.cookie_jar.update_cookies({COOKIE: cookie})
            response = await client.get(f"/capture/walk/{walk.id}/export/md")
            answers[cookie] = (response.status, await response.text())
        return answers

    try:
        answers = run(with_client(db_path, check))
    finally:
        localtime.use_zone(None)
    assert all(status == 200 for status, _text in answers.values()), answers
    assert "00:51" in answers["Asia/Tokyo"][1]
    for cookie in ("Mars/Olympus_Mons", "%00%0A..%2F", "x" * 300):
        text = answers[cookie][1]
        assert "16:51" in text and "CET" in text and "00:51" not in text, cookie


# in a browser --------------------------------------------------------------------------

def _served_ui(instance, base: str, zone: str):
    context = instance.new_context(viewport={"width": 1280, "height": 800}, timezone_id=zone)
    page = context.new_page()
    ui = ServedPage(page)
    page.goto(base + "/")
    page.fill("#login", "ana")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page, ui


def test_each_browser_sees_the_terminal_ui_in_its_own_zone(db_path):
    chromium = need_browser()
    ended_walk(db_path)
    add_account(db_path, "ana")
    with served(db_path) as base, browser(chromium) as instance:
        pages = {zone: _served_ui(instance, base, zone) for zone in ZONES}  # both open at once
        for zone, (page, ui) in pages.items():
            ui.wait_for_text("d opens a walk's debrief")  # the walks are read
            page.wait_for_timeout(500)
            page.keyboard.press("d")  # the highlighted (only) walk's debrief
            label, clock = ZONES[zone]
            ui.wait_for_text(f"times in {label}")
            page.wait_for_timeout(500)
            page.keyboard.press("4")  # its notes, each with the time it was written
            ui.wait_for_text(clock)
            other = next(shown for name, (_label, shown) in ZONES.items() if name != zone)
            assert other not in ui.screen.text()


def test_each_capture_page_exports_in_its_own_zone(db_path):
    chromium = need_browser()
    walk = ended_walk(db_path)
    add_account(db_path, "ana")
    with served(db_path) as base, browser(chromium) as instance:
        for zone, (label, clock) in ZONES.items():
            context = instance.new_context(timezone_id=zone, viewport={"width": 768, "height": 1024})
            page = context.new_page()
            page.goto(base + "/capture/")
            page.fill("#login", "ana")
            page.fill("#password", PASSWORD)
            with page.expect_navigation():
                page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state("load")
            assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == zone
            deadline = time.monotonic() + 10
            while not any(cookie["name"] == COOKIE for cookie in context.cookies()) and time.monotonic() < deadline:
                page.wait_for_timeout(100)
            exported = page.request.get(f"{base}/capture/walk/{walk.id}/export/md").text()
            assert f"- {clock} **observation**: {NOTE}" in exported and f"local time ({label})" in exported, exported
            context.close()
