"""Keys that arrive together land where slow typing would, on every screen and dialog.

A burst (a paste, a text expander, tmux send-keys) reaches the program before any of
it is read; each key must still act on the screen as the keys before it left it.
"""

from __future__ import annotations

from textual.widgets import Input

from classwalk.tui.screens.new_walk import NewWalkScreen
from classwalk.tui.screens.visit import VisitScreen
from classwalk.tui.dialogs.classroom import ClassroomDialog
from tests.support.pilot import burst, keys_for, paste, settle
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import drive, from_home, in_the_room, press_to


def _visits(classwalk, walk):
    return [(v.classroom, [e.text for e in classwalk.store.evidence_for_visit(v.id)])
            for v in classwalk.store.visits_for_walk(walk.id)]


def test_room_enter_note_enter_in_one_burst_gives_one_visit_holding_the_note(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, _screen):
        await press_to(pilot, "ctrl+n", ClassroomDialog)
        await burst(pilot, [*keys_for("Room 5"), "enter", *keys_for("First note"), "enter"])
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen)
        assert app.screen.note_input.value == ""

    in_the_room(app, steps)
    assert _visits(classwalk, walk) == [("Room 7", []), ("Room 5", ["First note"])]


def test_a_name_then_ctrl_s_in_one_burst_starts_the_walk_with_that_observer(app, classwalk, frozen_clock):
    async def steps(pilot):
        screen = await from_home(pilot, "n", NewWalkScreen)
        screen.query_one("#school", Input).value = "Oak Hill"
        screen.query_one("#observers", Input).focus()
        await settle(pilot)
        await burst(pilot, [*keys_for("A. Rivera"), "ctrl+s"])
        await settle(pilot)

    drive(app, steps)
    [walk] = classwalk.store.list_walks()
    assert [o.name for o in walk.observers] == ["A. Rivera"]


def test_keys_typed_while_the_form_opens_land_in_its_fields_not_on_home(app, classwalk, frozen_clock):
    async def steps(pilot):
        await settle(pilot)
        await burst(pilot, ["n", "tab", *keys_for("Oak Hill")])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewWalkScreen)
        assert screen.query_one("#school", Input).value == "Oak Hill"
        assert screen.focused is screen.query_one("#school", Input)

    drive(app, steps)
    assert classwalk.store.list_walks() == []


def test_ctrl_g_space_enter_in_one_burst_keeps_the_group(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "ilw_tiered")
    first_group = classwalk.protocols.get("ilw_tiered").student_groups[0].id

    async def steps(pilot, _screen):
        await burst(pilot, ["ctrl+g", "space", "enter", *keys_for("Pairs talk"), "enter"])
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen)

    in_the_room(app, steps)
    [note] = [e for e in classwalk.store.evidence_for_walk(walk.id) if e.text == "Pairs talk"]
    assert note.student_groups == (first_group,)


def test_a_paste_while_tagging_goes_into_the_note_not_lost(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, screen):
        await burst(pilot, ["escape", "a"])
        assert screen.focused is screen.look_fors
        await paste(pilot, "Pairs compare strips")
        assert screen.focused is screen.note_input
        await pilot.press("enter")
        await settle(pilot)

    in_the_room(app, steps)
    [note] = classwalk.store.evidence_for_walk(walk.id)
    assert note.text == "Pairs compare strips" and note.look_fors == (classwalk.protocols.get("downey").look_fors()[0].id,)


def test_a_paste_holding_esc_arrives_whole_and_in_order_without_a_raw_esc():
    from textual import events

    from classwalk.tui.keys import BurstParser

    parser = BurstParser()
    tokens = list(parser.feed("a\x1b[200~red\x1b[31m text\x1b[0m")) + list(parser.feed("\x1b[201~b"))
    assert [type(t).__name__ for t in tokens] == ["Key", "Paste", "Key"]
    assert [t.key for t in tokens if isinstance(t, events.Key)] == ["a", "b"]
    assert "\x1b" not in tokens[1].text


def test_pasted_colour_codes_are_dropped_and_any_other_esc_shows_as_a_picture():
    from classwalk.tui.widgets.field_input import pasted_text

    assert pasted_text("red\u241b[31m text\u241b[0m\nnext \x1b!") == "red text next \u241b!"


def test_a_second_answer_from_one_dialog_does_nothing(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, _screen):
        dialog = await press_to(pilot, "ctrl+n", ClassroomDialog)
        dialog.query_one("#room", Input).value = "Room 9"
        dialog.submit()
        dialog.submit()  # an Enter typed twice reaches the dialog before it has closed
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen)

    in_the_room(app, steps)
    assert [v.classroom for v in classwalk.store.visits_for_walk(walk.id)] == ["Room 7", "Room 9"]
