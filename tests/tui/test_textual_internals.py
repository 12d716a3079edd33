"""The Textual internals the key pipeline (tui/keys.py) reads are still there and still work.

Textual is pinned to a range in pyproject.toml; an upgrade that moves any of these
fails here (and in the burst tests) before it reaches an observer's keyboard.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from packaging.requirements import Requirement
from textual import events
from textual.app import App
from textual.widgets import Input

from tests.support.pilot import run

from classwalk.tui.keys import BurstParser, bindings_for, install_burst_parser, quiet


def test_the_installed_textual_is_inside_the_pinned_range():
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]
    pinned = next(Requirement(r) for r in project["dependencies"] if Requirement(r).name == "textual")
    assert "<" in str(pinned.specifier), "Textual must be pinned below the next minor version"
    assert pinned.specifier.contains(importlib.metadata.version("textual"))


def test_the_burst_reader_is_installed_in_the_terminal_driver():
    import textual.drivers.linux_driver as linux_driver

    install_burst_parser()
    assert linux_driver.XTermParser is BurstParser


def test_esc_then_a_letter_reads_as_two_keys():
    assert [t.key for t in BurstParser().feed("\x1ba") if isinstance(t, events.Key)] == ["escape", "a"]


def test_quiet_sees_a_key_waiting_in_a_widget_and_bindings_are_readable():
    class Small(App):
        def compose(self):
            yield Input(id="field")

    async def scenario():
        app = Small()
        async with app.run_test() as pilot:
            await pilot.pause()
            field = app.query_one(Input)
            assert quiet(app)
            field.post_message(events.Key("a", "a"))
            assert not quiet(app)
            await pilot.pause()
            assert quiet(app) and field.value == "a"
            assert [b.action for b in bindings_for(field, "backspace")] == ["delete_left"]

    run(scenario())


def test_a_key_a_widget_makes_is_told_from_a_key_the_terminal_sends():
    from textual.widgets import Footer

    from classwalk.tui.keys import _from_a_widget

    class Small(App):
        BINDINGS = [("ctrl+s", "bell", "Start")]

        def compose(self):
            yield Footer()

    async def scenario():
        app = Small()
        async with app.run_test() as pilot:
            await pilot.pause()
            made = []
            footer_key = app.query_one("FooterKey")
            footer_key.call_later(lambda: made.append(events.Key("ctrl+s", None)))  # as a tap's simulate_key
            await pilot.pause()
            from_terminal = events.Key("a", "a")
            from_terminal.set_sender(app)  # what the driver does
            assert _from_a_widget(made[0]) and not _from_a_widget(from_terminal)

    run(scenario())
