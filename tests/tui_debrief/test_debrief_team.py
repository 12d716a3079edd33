"""A team's debrief on one device: answers are saved under whoever is typing (ctrl+o
switches), and a second version of an answer kept by an import says when each came."""

from __future__ import annotations

import asyncio
import datetime as dt

from debrief_app import wait_loaded

from classwalk.core.model import DebriefResponse, Observer, Walk
from classwalk.core.store import Store
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.debrief_jobs import response_id
from classwalk.tui.widgets.next_steps import NextStepList
from classwalk.tui.widgets.observer_badge import ObserverBadge

from test_debrief_screen import answers_saved, screen_text

MORNING = dt.datetime(2026, 11, 18, 9, 30, tzinfo=dt.timezone.utc)


def team_walk(classwalk) -> Walk:
    walk = Walk(protocol_id="ifl_learning_walk", school="Lincoln Elementary", date=dt.date(2026, 11, 18),
                focus="talk", guiding_question="Who talks?", status="debriefing",
                observers=(Observer(name="Ana Ruiz", role="facilitator"), Observer(name="Ben Cho")))
    classwalk.store.save_walk(walk)
    return walk


def run(classwalk, walk, scenario, size=(100, 30)):
    async def main():
        app = ClasswalkApp(classwalk)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.open_debrief(walk.id)
            await scenario(pilot, await wait_loaded(pilot))
    asyncio.run(main())


def test_answers_go_under_whoever_is_typing(classwalk):
    walk = team_walk(classwalk)
    prompt = classwalk.protocols.get("ifl_learning_walk").debrief_prompts[0]

    async def scenario(pilot, screen):
        badge = screen.query_one(ObserverBadge)
        assert "Ana Ruiz" in str(badge.render())
        await pilot.press("2")
        await pilot.press(*"pairs talked first")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.active_observer == "Ben Cho"
        assert "Ben Cho" in str(badge.render())
        assert screen.focused is not None and screen.focused.id == f"answer-{prompt.id}"
        assert screen.focused.text == ""  # Ben's own answer, still empty
        assert "Ana Ruiz" in screen_text(pilot.app) and "pairs talked first" in screen_text(pilot.app)
        await pilot.press(*"only in room B")
        await answers_saved(pilot)
        with Store(classwalk.db_path) as store:
            saved = {(r.author, r.text) for r in store.responses_for_walk(walk.id)}
        assert saved == {("Ana Ruiz", "pairs talked first"), ("Ben Cho", "only in room B")}
        await pilot.press("ctrl+o")  # back to Ana: her answer is in the field again
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.focused.text == "pairs talked first"

    run(classwalk, walk, scenario)


def test_a_second_version_from_an_import_says_when_each_came(classwalk):
    walk = team_walk(classwalk)
    prompt = classwalk.protocols.get("ifl_learning_walk").debrief_prompts[0]
    mine = DebriefResponse(id=response_id(walk.id, prompt.id, "Ana Ruiz"), walk_id=walk.id,
                           prompt_id=prompt.id, text="frames helped", author="Ana Ruiz", updated_at=MORNING)
    other = DebriefResponse(walk_id=walk.id, prompt_id=prompt.id, text="frames helped in room B only",
                            author="Ana Ruiz", updated_at=MORNING + dt.timedelta(hours=2), conflict_of=mine.id)
    classwalk.store.save_response(mine)
    classwalk.store.save_response(other)

    async def scenario(pilot, screen):
        await pilot.press("2")
        await pilot.pause()
        assert screen.focused.text == "frames helped"  # she types into her own version
        shown = " ".join(screen_text(pilot.app).split())
        assert "this version written 2026-11-18 09:30" in shown
        assert "another version of this answer, kept by an import (written 2026-11-18 11:30)" in shown

    run(classwalk, walk, scenario, size=(140, 40))


def test_next_steps_are_written_by_whoever_is_typing(classwalk):
    walk = team_walk(classwalk)

    async def scenario(pilot, screen):
        await pilot.press("3", "a", *"share the frames", "enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("3", "a", *"visit room B again", "enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await screen.writes_done()
        with Store(classwalk.db_path) as store:
            steps = {(s.text, s.author) for s in store.next_steps_for_walk(walk.id)}
        assert steps == {("share the frames", "Ana Ruiz"), ("visit room B again", "Ben Cho")}
        await pilot.pause()
        table = screen.query_one(NextStepList)
        rows = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[4]) for i in range(table.row_count)}
        assert rows == {"share the frames": "Ana Ruiz", "visit room B again": "Ben Cho"}  # who wrote each

    run(classwalk, walk, scenario, size=(120, 40))
