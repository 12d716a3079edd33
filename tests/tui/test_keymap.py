"""One key table: every screen's, dialog's and widget's keys come from it, every key in it does
something where it is declared, and help lists every one, so help cannot drift from behaviour."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.support.pilot import resume_room, settle, until
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import drive

from classwalk.tui import keymap
from classwalk.tui.screens.help import help_markdown

CLASSES = {
    "ClasswalkApp": "classwalk.tui.app", "HomeScreen": "classwalk.tui.screens.home",
    "NewWalkScreen": "classwalk.tui.screens.new_walk", "VisitScreen": "classwalk.tui.screens.visit",
    "IntervalVisitScreen": "classwalk.tui.screens.interval_visit", "DebriefScreen": "classwalk.tui.screens.debrief",
    "NextStepList": "classwalk.tui.widgets.next_steps", "NextStepForm": "classwalk.tui.widgets.next_steps",
    "NoteList": "classwalk.tui.widgets.debrief_notes", "NoteEditor": "classwalk.tui.widgets.debrief_notes",
    "ReportsScreen": "classwalk.tui.screens.reports", "ProtocolsScreen": "classwalk.tui.screens.protocols",
    "HelpScreen": "classwalk.tui.screens.help", "ClassroomDialog": "classwalk.tui.dialogs.classroom",
    "HallwayNoteDialog": "classwalk.tui.dialogs.hallway_note", "GroupsDialog": "classwalk.tui.dialogs.groups",
    "ConfirmDialog": "classwalk.tui.dialogs.confirm", "DeleteWalkDialog": "classwalk.tui.dialogs.delete_walk",
    "ExportDialog": "classwalk.tui.dialogs.export", "WhichSetDialog": "classwalk.tui.dialogs.which_set",
    "FeedbackDialog": "classwalk.tui.dialogs.feedback", "CountsDialog": "classwalk.tui.dialogs.counts_items",
    "NotObservedDialog": "classwalk.tui.dialogs.not_observed", "TimeAwayDialog": "classwalk.tui.dialogs.time_away",
}


def _class(name: str):
    return getattr(importlib.import_module(CLASSES[name]), name)


def test_every_part_of_the_table_has_its_class_and_every_class_reads_its_keys_from_it():
    assert set(CLASSES) == set(keymap.OWNERS)
    assert set(keymap.OWNERS.values()) == set(keymap.KEYMAP)
    for name, where in keymap.OWNERS.items():
        assert _class(name).BINDINGS == keymap.bindings(where), name


@pytest.mark.parametrize("name", sorted(keymap.OWNERS))
def test_every_action_in_the_table_exists_where_it_is_declared(name):
    from classwalk.tui.app import ClasswalkApp

    owner = _class(name)
    for key in keymap.KEYMAP[keymap.OWNERS[name]]:
        if not key.action:
            continue
        target, action = (ClasswalkApp, key.action[4:]) if key.action.startswith("app.") else (owner, key.action)
        method = "action_" + action.split("(")[0]
        assert callable(getattr(target, method, None)), f"{name}: {key.keys} -> {key.action} does nothing"


def test_help_lists_every_key_in_the_table_with_its_words():
    text = help_markdown()
    for where, keys in keymap.KEYMAP.items():
        for key in keys:
            assert key.words in text, (where, key.keys, key.words)
    assert "`slash`" not in text and "`question_mark`" not in text


def test_a_modes_keys_are_written_with_their_mode():
    rows = dict((words, keys) for keys, words in keymap.help_rows("visit"))
    assert rows["interview: show the next question (the answer goes to the question shown)"] == "`↓`"
    assert rows["in the look-fors: back to the note"] == "`Enter`"
    assert keymap.help_rows("delete_walk")[0] == ("`Esc` or `n`", "keep the walk")


def _textual_keys(node) -> set[tuple[str, str]]:
    """(key, action) of the bindings ``node`` inherits from Textual's own classes (focus moves, cursor keys)."""
    from textual.binding import Binding

    inherited = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual."):
            for binding in cls.__dict__.get("BINDINGS", ()):
                binding = binding if isinstance(binding, Binding) else Binding(*binding)
                inherited.update((one.key, one.action) for one in Binding.make_bindings([binding]))
    return inherited


def _unlisted(app) -> list[str]:
    """Keys active on the screen shown that the table (or help) does not have.

    Textual's own keys (Tab between fields, cursor keys in a list, ctrl+q) are left to
    Textual unless the footer shows them.
    """
    text = help_markdown()
    problems = []
    for key, found in app.screen.active_bindings.items():
        binding, where = found.binding, keymap.owner_of(found.node)
        if where is None or (key, binding.action) in _textual_keys(found.node):
            if binding.show and found.enabled:
                problems.append(f"{type(found.node).__name__}: {key} -> {binding.action} is in the footer, "
                                "not in the table")
            continue
        rows = [row for row in keymap.KEYMAP[where] if row.action == binding.action and key in row.keys.split(",")]
        rows = rows or [row for row in keymap.KEYMAP[where] if not row.action and row.keys == key]  # ctrl+p
        if not rows:
            problems.append(f"{where}: {key} -> {binding.action} is not in the table")
        elif rows[0].words not in text:
            problems.append(f"{where}: {key} -> {binding.action} is not in help")
    return problems


def test_every_key_active_on_every_screen_is_in_the_table_and_in_help(classwalk, frozen_clock):
    from classwalk.tui.app import ClasswalkApp
    from classwalk.tui.dialogs.delete_walk import DeleteWalkDialog
    from classwalk.tui.dialogs.groups import GroupsDialog
    from classwalk.tui.screens.debrief import DebriefScreen
    from classwalk.tui.screens.help import HelpScreen
    from classwalk.tui.screens.home import HomeScreen

    walk, _visit = walk_in_a_room(classwalk, "ilw_tiered")
    app = ClasswalkApp(classwalk)
    seen: dict[str, list[str]] = {}

    enabled: dict[str, dict[str, bool]] = {}

    async def look(pilot, name: str) -> None:
        await settle(pilot, 0.1)
        seen[name] = _unlisted(app)
        if keymap.owner_of(app.screen) == "visit":
            enabled[name] = {key.action: app.screen.check_action(key.action, ()) is not False
                             for key in keymap.KEYMAP["visit"] if key.action}

    async def steps(pilot):
        await settle(pilot)
        await look(pilot, "home")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, DeleteWalkDialog))
        await look(pilot, "delete walk")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        for opening, name in (("n", "new walk"), ("p", "protocols"), ("g", "reports"), ("f1", "help")):
            await pilot.press(opening)
            await settle(pilot, 0.2)
            await look(pilot, name)
            app.action_home()
            await settle(pilot)
        screen = await resume_room(pilot)
        await look(pilot, "room")
        await pilot.press("escape")
        await look(pilot, "room, look-fors")
        await pilot.press("escape", "ctrl+s")
        await until(pilot, lambda: bool(screen.student))
        await look(pilot, "room, interview")
        await pilot.press("ctrl+s", "ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, GroupsDialog))
        await look(pilot, "groups")
        app.action_home()
        await settle(pilot)
        app.open_debrief(walk.id)
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        for tab in ("1", "2", "3", "4"):
            app.screen.set_focus(None)
            await pilot.press(tab)
            await settle(pilot, 0.2)
            tables = [table for table in app.screen.query(DataTable) if table.display]
            if tab in "34" and tables:
                tables[-1].focus()
            await look(pilot, f"debrief tab {tab}")
        assert not isinstance(app.screen, HelpScreen)

    drive(app, steps, (80, 24))
    assert {"home", "room", "room, interview", "groups", "debrief tab 4", "help"} <= set(seen)
    assert not [problem for problems in seen.values() for problem in problems], seen
    interview = {key.action for key in keymap.KEYMAP["visit"] if key.mode == "interview"}
    assert interview and all(enabled["room, interview"][action] for action in interview)
    assert not any(enabled["room"][action] for action in interview)  # the footer shows a mode's keys in it only


def test_no_screen_writes_bindings_of_its_own():
    """A ``Binding(...)`` outside the key table would be a key help and docs/keys.md never list."""
    tui = Path(keymap.__file__).parent
    own = [f"{path.relative_to(tui)}:{number}" for path in sorted(tui.rglob("*.py")) if path.name != "keymap.py"
           for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
           if "Binding(" in line and not line.lstrip().startswith("#")]
    assert not own, f"bindings outside tui/keymap.py: {own}"
