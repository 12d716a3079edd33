"""At 80×24 what a key just selected is on screen: a look-for tagged in tag mode, the interview
question the next answer goes to."""

from __future__ import annotations
from tests.support.pilot import settle
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import in_the_room


def _shows(container, widget) -> bool:
    """True when ``widget`` lies wholly inside what ``container`` shows."""
    return container.content_region.contains_region(widget.region)


def test_a_look_for_tagged_far_down_the_list_is_scrolled_into_view(classwalk, frozen_clock):
    from classwalk.tui.app import ClasswalkApp
    from classwalk.tui.widgets.look_fors import LookForRow

    walk_in_a_room(classwalk, "ifl_learning_walk")
    app = ClasswalkApp(classwalk)

    async def steps(pilot, screen):
        rows = list(screen.look_fors.query(LookForRow))
        last = rows[-1]
        assert last.key and not _shows(screen.look_fors, last)  # out of sight at first
        await pilot.press("escape", last.key)
        await settle(pilot)
        assert last.look_for.id in screen.look_fors._chosen
        assert _shows(screen.look_fors, last)

    in_the_room(app, steps, (80, 24))


def test_the_interview_panel_follows_the_question_shown(classwalk, frozen_clock):
    from classwalk.tui.app import ClasswalkApp

    walk_in_a_room(classwalk, "ilw_tiered")
    app = ClasswalkApp(classwalk)

    async def steps(pilot, screen):
        await pilot.press("ctrl+s")
        await settle(pilot)
        panel = screen.query_one("#interview")
        count = len(panel.questions)
        for index in range(1, count):
            await pilot.press("down")
            await settle(pilot)
            question = panel.query_one(f"#interview-question-{index}")
            assert _shows(panel, question), index

    in_the_room(app, steps, (80, 24))


def test_a_notes_mark_shows_in_the_protocols_words_not_its_id(classwalk):
    import datetime as dt

    from classwalk.core.records.model import Evidence, Visit
    from classwalk.tui.widgets.evidence_list import entry_line

    protocol = classwalk.protocols.get("ilw_tiered")
    import uuid

    visit = Visit(walk_id=str(uuid.uuid4()), classroom="Room 7", started_at=dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc))
    note = Evidence(walk_id=visit.walk_id, visit_id=visit.id, kind="scaffold", text="sentence frames",
                    mark="keeps_challenge", captured_at=visit.started_at + dt.timedelta(seconds=65))
    line = entry_line(note, visit, protocol, {}).plain
    assert "(keeps the challenge)" in line and "keeps_challenge" not in line


def test_the_kind_of_evidence_goes_with_one_note_and_then_is_back_to_the_first(classwalk, frozen_clock):
    from classwalk.tui.app import ClasswalkApp
    from tests.support.pilot import keys_for

    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))
    app = ClasswalkApp(classwalk)

    async def steps(pilot, screen):
        first = screen.kind
        await pilot.press("tab", *keys_for("a chart of fractions"), "enter")
        await settle(pilot)
        await pilot.press(*keys_for("pairs talk"), "enter")
        await settle(pilot)
        assert screen.kind == first

    in_the_room(app, steps)
    rows = classwalk.store.db.query("SELECT kind FROM evidence WHERE walk_id = ? ORDER BY rowid", [walk.id])
    kinds = [row["kind"] for row in rows]  # in the order saved (the clock stands still)
    assert kinds[0] != kinds[1] and kinds[1] == classwalk.protocols.get("downey").evidence_kinds[0].id
