"""A tiered ILW through the UI: the slice, marks on scaffolds, student interviews under labels."""

from __future__ import annotations

from classwalk.tui.screens.new_walk import NewWalkScreen
from tests.support.pilot import enter_room, note, screen_text, settle, start_walk
from tests.support.tui_steps import drive


def test_ilw_walk_end_to_end(app, classwalk, frozen_clock):
    async def steps(pilot):
        await settle(pilot)
        await start_walk(pilot, "ilw_tiered", "Lincoln Elem", "Ana, Ben",
                         question="Do Tier 2 students keep the grade-level challenge?")
        assert isinstance(app.screen, NewWalkScreen)
        assert "slice of learning is needed" in screen_text(app)
        await start_walk(pilot, "ilw_tiered", "", "Ana, Ben",
                         question="Do Tier 2 students keep the grade-level challenge?",
                         **{"slice-kind": "tier2_block", "slice-tier": "two"})
        assert "not a number" in screen_text(app)
        app.screen.query_one("#slice-tier").value = "2"
        app.screen.query_one("#slice-description").value = "phonics block, 15 min"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await enter_room(pilot, "Room 7")
        assert "Student interviews" in screen_text(app)
        await pilot.press("tab", "tab", "tab")  # scaffold
        await pilot.press("ctrl+r")  # keeps the challenge
        await note(pilot, "sentence frames posted; students still choose the evidence", tags="a")
        await pilot.press("ctrl+s")  # Student A
        await note(pilot, "finding the main idea of a paragraph")
        await note(pilot, "when my partner agrees with my reason")
        text = screen_text(app)
        assert "Student A" in text and "finding the main idea" in text
        await pilot.press("ctrl+s")  # ends Student A's interview
        await note(pilot, "an ordinary note after the interview")
        await pilot.press("ctrl+s")  # Student B
        await note(pilot, "sounding out long words")
        frozen_clock.advance(700)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await enter_room(pilot, "Room 9")
        assert "no interview" in screen_text(app)  # a new room starts without an interview
        await note(pilot, "teacher reads the task aloud twice", tags="b")
        await pilot.press("ctrl+e", "enter")
        await settle(pilot, 0.3)
        assert type(app.screen).__name__ == "DebriefScreen"

    drive(app, steps, (110, 36))
    walk = classwalk.store.list_walks()[0]
    assert walk.slice.kind == "tier2_block" and walk.slice.tier == 2
    visits = classwalk.store.visits_for_walk(walk.id)
    assert [v.classroom for v in visits] == ["Room 7", "Room 9"]
    assert visits[0].slice == walk.slice
    evidence = classwalk.store.evidence_for_walk(walk.id)
    answers = [(e.student_label, e.question_id, e.text, e.kind) for e in evidence if e.student_label]
    protocol = classwalk.protocols.get("ilw_tiered")
    questions = [q.id for q in protocol.interview_questions]
    assert sorted(answers) == sorted([
        ("Student A", questions[0], "finding the main idea of a paragraph", "interview"),
        ("Student A", questions[1], "when my partner agrees with my reason", "interview"),
        ("Student B", questions[0], "sounding out long words", "interview"),
    ])
    scaffold = next(e for e in evidence if e.text.startswith("sentence frames posted"))
    assert scaffold.mark == "keeps_challenge" and len(scaffold.look_fors) == 1
