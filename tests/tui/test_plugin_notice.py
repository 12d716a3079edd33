"""A plugin answering wrongly (a string for the timer, an int for judgement words, one Pattern
for the debrief) neither crashes nor changes a walk in the UI: one line names the plugin."""

from __future__ import annotations

import types

from classwalk.api import Classwalk
from classwalk.core import hookimpl
from classwalk.core.records.patterns import Pattern
from classwalk.core.plugins.loader import Plugins, built_in_names
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.plugin_notice import notice_text
from tests.support.pilot import enter_room, note, screen_text, settle, start_walk
from tests.support.tui_steps import drive


def wrong_answers():
    module = types.ModuleType("wronganswers")
    module.classwalk_timing_status = hookimpl(tryfirst=True)(lambda protocol, walk, elapsed_seconds: "red")
    module.classwalk_judgement_words = hookimpl(lambda protocol: 7)
    module.classwalk_debrief_patterns = hookimpl(
        lambda protocol, walk, visits, evidence: Pattern(id="x", title="x", columns=("a",), rows=[[1]]))
    return module


async def a_note_after(pilot, clock, seconds: int) -> None:
    """From home: a Downey walk into Room 12 and, ``seconds`` into the visit, one tagged note."""
    await settle(pilot)
    await start_walk(pilot, "downey", "Lincoln Elem", "Dana")
    await enter_room(pilot, "Room 12")
    clock.advance(seconds)
    await pilot.pause(1.2)
    await note(pilot, "22 of 24 students working on fraction strips", tags="a")
    await settle(pilot)


def test_a_wrongly_answering_plugin_is_named_once_and_the_walk_goes_on(db_path, frozen_clock, monkeypatch):
    plugins = Plugins(only=built_in_names())
    plugins.register_module(wrong_answers(), name="wronganswers")
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
    # the notice stays on screen: it expires after seconds of wall time, which a busy
    # machine (the suite runs in parallel) can spend before the screen is read
    monkeypatch.setattr("classwalk.tui.plugin_notice.TIMEOUT_SECONDS", 600)
    app = ClasswalkApp(classwalk)

    async def steps(pilot):
        await a_note_after(pilot, frozen_clock, 200)
        text = screen_text(app)
        assert "Plugin wronganswers failed" in text
        assert "03:20" in text
        posted = [n.message for n in app._notifications]
        await pilot.press("ctrl+e", "enter")  # End visits asks once
        await settle(pilot, 0.5)
        assert type(app.screen).__name__ == "DebriefScreen"
        return posted

    messages = drive(app, steps, (120, 40), notifications=True)
    assert sum("wronganswers" in message for message in messages) == 1
    assert {f.where for f in plugins.failures} == {
        "classwalk_timing_status", "classwalk_judgement_words", "classwalk_debrief_patterns"}
    assert classwalk.store.list_walks()[0].status == "debriefing"
    assert len(classwalk.store.evidence_for_walk(classwalk.store.list_walks()[0].id)) == 1


def test_the_notice_is_one_line_naming_plugin_and_hook():
    from classwalk.core.plugins.loader import PluginFailure

    text = notice_text(PluginFailure("district\x1b[31m", "classwalk_timing_status", "WrongResult", "m"))
    assert "\n" not in text and "\x1b" not in text and "classwalk_timing_status" in text


def test_a_load_plugins_name_not_installed_is_one_line(db_path, frozen_clock, monkeypatch):
    monkeypatch.setenv("CLASSWALK_LOAD_PLUGINS", "downey,downy")
    app = ClasswalkApp(Classwalk(db_path=db_path, protocol_dirs_=[]))

    async def steps(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot, 0.3)
        return [n.message for n in app._notifications]

    messages = drive(app, steps, (120, 40), notifications=True)
    [warning] = [m for m in messages if "downy" in m]
    assert warning.startswith("CLASSWALK_LOAD_PLUGINS names downy: no such plugin is installed (installed: ")


def raising(name: str, raised: BaseException):
    module = types.ModuleType(name)
    module.CLASSWALK_EXTENDS = ["downey"]

    def fail(*_args):
        raise raised

    module.classwalk_timing_status = hookimpl(tryfirst=True)(lambda protocol, walk, elapsed_seconds: fail())
    module.classwalk_judgement_words = hookimpl(lambda protocol: fail())
    return module


def test_plugins_that_exit_or_interrupt_leave_the_room_open_and_one_notice_names_them_all(db_path, frozen_clock,
                                                                                         monkeypatch):
    monkeypatch.setattr("classwalk.tui.plugin_notice.TIMEOUT_SECONDS", 600)
    plugins = Plugins(only=built_in_names())
    plugins.register_module(raising("exiter", SystemExit("SYSEXIT in a hook")), name="exiter")
    plugins.register_module(raising("interrupter", KeyboardInterrupt()), name="interrupter")
    plugins.register_module(wrong_answers(), name="wronganswers")
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
    app = ClasswalkApp(classwalk)

    async def steps(pilot):
        await a_note_after(pilot, frozen_clock, 30)
        assert type(app.screen).__name__ == "VisitScreen"
        assert "00:30" in screen_text(app)
        return [n.message for n in app._notifications]

    messages = drive(app, steps, (120, 40), notifications=True)
    about_plugins = [m for m in messages if "failed" in m]
    assert len(about_plugins) == 1
    [notice] = about_plugins
    assert notice.startswith("3 plugins failed: ")
    assert all(name in notice for name in ("exiter", "interrupter", "wronganswers"))
    assert {f.error_type for f in plugins.failures if f.name != "wronganswers"} == {"SystemExit", "KeyboardInterrupt"}
    assert len(classwalk.store.evidence_for_walk(classwalk.store.list_walks()[0].id)) == 1
