"""Steps the end-to-end UI tests share: start a walk, enter rooms, write notes."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList

from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog
from classwalk.tui.screens.new_walk import NewWalkScreen
from classwalk.tui.screens.visit import VisitScreen
from tui_pilot import until


async def type_text(pilot, text: str) -> None:
    """Type into the focused input: all but the last few characters at once, the rest as keys."""
    focused = pilot.app.screen.focused
    head, tail = (text[:-3], text[-3:]) if isinstance(focused, Input) else ("", text)
    if head:
        focused.insert_text_at_cursor(head)
    await pilot.press(*[("space" if ch == " " else ch) for ch in tail])


async def start_walk(pilot, protocol_id: str, school: str, observers: str, **fields) -> None:
    """From home: n (unless the form is open), fill the form (protocol first), ctrl+s."""
    app = pilot.app
    if not isinstance(app.screen, NewWalkScreen):
        await pilot.press("n")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, NewWalkScreen))
    assert isinstance(app.screen, NewWalkScreen)
    app.screen.query_one("#protocol", Select).value = protocol_id
    await pilot.pause()
    await pilot.click("#school")
    await type_text(pilot, school)
    app.screen.query_one("#observers", Input).value = observers
    for field_id, value in fields.items():
        widget = app.screen.query_one(f"#{field_id}")
        if isinstance(widget, SelectionList):
            for item in value:
                widget.select(item)
        else:
            widget.value = value
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def enter_room(pilot, room: str, grade: str = "") -> None:
    """In the classroom dialog: type the room (and grade), Enter."""
    await until(pilot, lambda: isinstance(pilot.app.screen, ClassroomDialog))
    assert isinstance(pilot.app.screen, ClassroomDialog), type(pilot.app.screen)
    await type_text(pilot, room)
    if grade:
        pilot.app.screen.query_one("#grade", Input).value = grade
    await pilot.press("enter")
    await pilot.pause()
    await until(pilot, lambda: isinstance(pilot.app.screen, VisitScreen))
    assert isinstance(pilot.app.screen, VisitScreen)


async def note(pilot, text: str, tags: str = "") -> None:
    """Tag the next note with look-for keys (Esc, letters, Esc), type it, Enter."""
    if tags:
        await pilot.press("escape", *tags, "escape")
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def hallway(pilot, text: str) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, HallwayNoteDialog))
    assert isinstance(pilot.app.screen, HallwayNoteDialog), type(pilot.app.screen)
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()
