"""The capture page's server side: logins, scope, and operations that are safe to repeat."""

from __future__ import annotations

import json
import uuid

import pytest

import classwalk
from classwalk.serve.throttle import LoginThrottle
from tests.support.pages import served_page
from tests.support.pilot import run
from tests.support.server import PASSWORD, add_account, with_client as server_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def with_client(db_path, check):
    """``check(client, server)`` against a server whose login throttle is quick."""
    return server_client(db_path, check, throttle=LoginThrottle(delay=0.05, free=2, first_wait=30))


async def log_in(client, login="ana", password=PASSWORD):
    return await client.post("/capture/login", data={"login": login, "password": password}, allow_redirects=False)


def make_walk(db_path, school="Lincoln Elem", observers=("Ana Ruiz",)):
    with classwalk.open_db(db_path) as db:
        walk = db.start_walk("downey", school=school, observers=list(observers))
        return walk.id


async def send(client, *ops):
    answer = await client.post("/capture/api/ops", data=json.dumps({"ops": list(ops)}),
                               headers={"Content-Type": "application/json"})
    return answer.status, (await answer.json())


def test_the_login_is_the_servers_own_and_leads_back_to_the_capture_page(db_path):
    add_account(db_path)

    async def check(client, server):
        await served_page(client, "/capture/", holds=('action="/capture/login"',),
                          policy=("style-src 'self';", "manifest-src 'self'"))
        wrong = await log_in(client, password="not it at all")
        assert wrong.status == 401 and "Wrong login or password." in await wrong.text()
        good = await log_in(client)
        assert good.status == 303 and good.headers["Location"] == "/capture/"
        home = await client.get("/capture/")
        assert "Start a walk" in await home.text()
        out = await client.post("/capture/logout", allow_redirects=False)
        assert out.status == 303 and out.headers["Location"] == "/capture/"

    run(with_client(db_path, check))


def test_a_repeated_note_is_stored_once_and_each_op_answers_for_itself(db_path):
    add_account(db_path)
    walk_id = make_walk(db_path)
    visit_id, note_id = str(uuid.uuid4()), str(uuid.uuid4())

    async def check(client, server):
        assert (await send(client, {"type": "note", "walk": walk_id}))[0] == 401
        await log_in(client)
        visit = {"type": "visit", "id": visit_id, "walk": walk_id, "classroom": "Room 12"}
        note = {"type": "note", "id": note_id, "walk": walk_id, "visit": visit_id, "text": "Pairs explain",
                "look_fors": ["orientation.can_explain"]}
        status, body = await send(client, visit, note, visit, note)
        assert status == 200 and all(result.get("ok") for result in body["results"])
        status, body = await send(client, {**note, "id": str(uuid.uuid4()), "look_fors": ["no.such"]})
        assert "look_fors: 'no.such' is not one of this protocol's" in body["results"][0]["error"]
        status, body = await send(client, {"type": "end_visit", "id": "x", "walk": walk_id, "visit": visit_id},
                                  {**note, "id": str(uuid.uuid4()), "text": "after the end"})
        assert body["results"][0]["ok"] and "had ended before this note was written" in body["results"][1]["error"]
        status, body = await send(client, note)  # a retry of a note saved before the end is still fine
        assert body["results"][0]["ok"]
        status, body = await send(client, {"type": "count", "walk": walk_id, "visit": visit_id, "snapshot": "x",
                                           "count": "many", "present": 3},
                                  {"type": "note", "id": str(uuid.uuid4()), "walk": walk_id, "visit": visit_id,
                                   "text": ["not", "text"]})
        assert status == 200 and all("error" in r for r in body["results"])
        bad = await client.post("/capture/api/ops", data=b"\xff\xfe", headers={"Content-Type": "application/json"})
        assert bad.status == 400 and "error" in await bad.json()

    run(with_client(db_path, check))
    with classwalk.open_db(db_path) as db:
        notes = db.evidence(walk_id)
        assert [(n.id, n.text, n.observer) for n in notes] == [(note_id, "Pairs explain", "Ana Ruiz")]
        assert len(db.visits(walk_id)) == 1


def test_an_account_limited_to_a_school_reaches_no_other_schools_walk_and_changes_no_ones_notes_but_its_own(db_path):
    add_account(db_path, "ana", observer="Ana Ruiz", school="Lincoln Elem")
    add_account(db_path, "ben", observer="Ben Ode")
    elsewhere = make_walk(db_path, school="Maple Grove")
    here = make_walk(db_path, observers=("Ana Ruiz", "Ben Ode"))
    with classwalk.open_db(db_path) as db:
        visit = db.start_visit(here, "Room 1", observer="Ben Ode")
        bens = db.record(visit, "Ben's note", observer="Ben Ode")

    async def check(client, server):
        await log_in(client, "ana")
        assert (await client.get(f"/capture/walk/{elsewhere}")).status == 404
        assert (await client.get(f"/capture/api/walks/{elsewhere}/notes")).status == 404
        assert (await client.get(f"/capture/walk/{elsewhere}/export/json")).status == 404
        home = await (await client.get("/capture/")).text()
        assert here in home and elsewhere not in home
        status, body = await send(client, {"type": "visit", "id": str(uuid.uuid4()), "walk": elsewhere,
                                           "classroom": "Room 9"})
        assert body["results"][0]["error"] == f"no walk with id {elsewhere}"
        status, body = await send(client, {"type": "visit", "id": str(uuid.uuid4()), "walk": here,
                                           "classroom": "Room 3"},
                                  {"type": "note", "id": str(uuid.uuid4()), "walk": here, "visit": visit.id,
                                   "text": "into Ben's visit"})
        assert body["results"][1]["error"] == "visit Room 1: Ben Ode's visit; notes go into your own"
        status, body = await send(client, {"type": "edit", "walk": here, "note": bens.id, "text": "changed"},
                                  {"type": "delete", "walk": here, "note": bens.id})
        assert all("only they change it" in r["error"] for r in body["results"])
        status, body = await send(client, {"type": "note", "id": bens.id, "walk": elsewhere, "visit": visit.id,
                                           "text": "reuse"})
        assert "no walk" in body["results"][0]["error"]
        status, body = await send(client, {"type": "visit", "id": str(uuid.uuid4()), "walk": here,
                                           "classroom": "Room 2", "observer": "Ben Ode"})
        assert body["results"][0]["error"] == "observer: this was written by Ben Ode; log in as them to send it"

    run(with_client(db_path, check))
    with classwalk.open_db(db_path) as db:
        assert [n.text for n in db.evidence(here)] == ["Ben's note"]
        assert db.visits(elsewhere) == []
        assert [v.classroom for v in db.visits(here)] == ["Room 1", "Room 3"]


def test_the_hint_is_the_terminals_and_exports_download(db_path):
    add_account(db_path)
    walk_id = make_walk(db_path)

    async def check(client, server):
        await log_in(client)
        answer = await client.post("/capture/api/coach", data=json.dumps({"walk": walk_id, "text": "A great lesson"}))
        from classwalk.features.capture.coach import find_judgements

        with classwalk.open_db(db_path) as db:
            expected = find_judgements("A great lesson", db.judgement_words(db.protocol("downey"))).hint
        assert (await answer.json())["hint"] == expected and expected
        for fmt, marker in (("md", "#"), ("csv", ","), ("json", "{")):
            download = await client.get(f"/capture/walk/{walk_id}/export/{fmt}")
            assert download.status == 200 and "attachment" in download.headers["Content-Disposition"]
            assert marker in await download.text()

    run(with_client(db_path, check))


def test_the_main_login_page_offers_the_capture_page_and_capture_redirects_to_its_folder(db_path):
    add_account(db_path)

    async def check(client, server):
        assert 'href="/capture/"' in await (await client.get("/")).text()
        moved = await client.get("/capture", allow_redirects=False)
        assert moved.status == 302 and moved.headers["Location"] == "/capture/"
        worker = await client.get("/capture/sw.js")
        assert worker.status == 200 and "javascript" in worker.headers["Content-Type"]
        manifest = await client.get("/capture/manifest.json")
        assert (await manifest.json())["start_url"] == "/capture/"

    run(with_client(db_path, check))


def test_the_team_feed_pushes_a_saved_note_with_its_observer_and_room(db_path):
    import asyncio

    add_account(db_path)
    walk_id = make_walk(db_path)

    async def check(client, server):
        await log_in(client)
        feed = await client.get(f"/capture/api/walks/{walk_id}/feed")
        assert feed.headers["Content-Type"].startswith("text/event-stream")
        assert await feed.content.readline() == b": open\n"
        await feed.content.readline()
        visit_id = str(uuid.uuid4())
        await send(client, {"type": "visit", "id": visit_id, "walk": walk_id, "classroom": "Room 12"},
                   {"type": "note", "id": str(uuid.uuid4()), "walk": walk_id, "visit": visit_id, "text": "Pairs talk"})
        events = []
        while len(events) < 2:
            line = (await asyncio.wait_for(feed.content.readline(), 5)).decode()
            if line.startswith("data: "):
                events.append(json.loads(line.removeprefix("data: ")))
        moved, event = events
        assert (moved["type"], moved["observer"], moved["room"], moved["ended"]) == ("visit", "Ana Ruiz", "Room 12", False)
        assert (event["note"]["text"], event["note"]["observer"], event["note"]["room"]) == (
            "Pairs talk", "Ana Ruiz", "Room 12")

    run(with_client(db_path, check))


def test_a_served_classwalk_stops_at_once_while_pages_listen_to_the_team_feed(db_path):
    import asyncio
    import time

    import aiohttp

    from tests.support.capture_page import RestartableServer

    add_account(db_path)
    walk_id = make_walk(db_path)
    with RestartableServer(db_path) as server:
        async def listen():
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
                await session.post(server.base + "/capture/login", data={"login": "ana", "password": PASSWORD})
                feed = await session.get(f"{server.base}/capture/api/walks/{walk_id}/feed")
                assert await feed.content.readline() == b": open\n"
                started = time.monotonic()
                server.process.terminate()
                await asyncio.get_running_loop().run_in_executor(None, server.process.wait, 30)
                return time.monotonic() - started

        assert run(listen()) < 8
        server.process = None
