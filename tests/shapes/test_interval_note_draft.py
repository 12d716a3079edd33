"""The coding grid's note line is kept on every key, as the notes room's is: words typed and
not saved come back when the lesson is opened again (after a crash, Home, another screen)."""

from __future__ import annotations

from textual.widgets import Input

from tests.support.intervals import with_visit_open, typed

from classwalk.tui.room.drafts import note_key


def test_the_grids_note_line_is_kept_on_every_key_and_comes_back(shaped, ui_clock, lesson):
    _walk, visit = lesson
    key = note_key(visit, "Ana")

    async def typing(app, pilot):
        await pilot.press("tab", *"two groups")
        kept_at_each_key = shaped.store.get_draft(key)
        await pilot.press(*" compare")
        return kept_at_each_key, shaped.store.get_draft(key)

    first, second = with_visit_open(shaped, *lesson, typing)
    assert (first, second) == ("two groups", "two groups compare")  # no save, no pause needed

    async def reopening(app, pilot):
        line = app.screen.query_one("#interval-note", Input)
        restored = line.value
        await typed(pilot, "tab", "end", *" graphs", "enter")
        return restored, line.value

    restored, after_saving = with_visit_open(shaped, *lesson, reopening)
    assert restored == "two groups compare" and after_saving == ""
    assert [e.text for e in shaped.store.evidence_for_visit(visit.id)] == ["two groups compare graphs"]
    assert shaped.store.get_draft(key) == ""  # saved: the draft is gone
