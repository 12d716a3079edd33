"""Every key a screen has now is also a command in the palette (ctrl+p), so a key the footer
has no room for at 80×24 is still within reach, and choosing it does what the key does."""

from __future__ import annotations
from tests.support.pilot import settle
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import in_the_room


def test_the_rooms_keys_cut_off_the_footer_are_in_the_palette(classwalk, frozen_clock):
    from classwalk.tui.app import ClasswalkApp

    walk_in_a_room(classwalk, "ilw_tiered")
    app = ClasswalkApp(classwalk)

    async def steps(pilot, screen):
        titles = {command.title: command for command in app.get_system_commands(screen)}
        for wanted in ("Tags/note", "Who types", "Interview", "Next room", "Groups"):
            assert any(title.startswith(wanted + " (") for title in titles), (wanted, sorted(titles))
        interview = next(command for title, command in titles.items() if title.startswith("Interview ("))
        await interview.callback()
        await settle(pilot)
        assert screen.student  # the palette command started the interview, as ctrl+s does

    in_the_room(app, steps, (80, 24))
