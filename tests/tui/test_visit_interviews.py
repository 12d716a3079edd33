"""Interviews are a mode: a student label, the question shown, Enter saves the answer to it."""

from __future__ import annotations

from classwalk.tui.screens.visit import state_key
from tests.support.pilot import note, screen_text
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import in_the_room


def _answers(classwalk, walk):
    return [(e.student_label, e.question_id, e.text, e.kind)
            for e in classwalk.store.evidence_for_walk(walk.id)]


def test_each_answer_goes_under_the_question_shown_and_the_interview_ends_on_a_key(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk)
    protocol = classwalk.protocols.get("ilw_tiered")
    q = [question.id for question in protocol.interview_questions]
    assert len(q) >= 3

    async def steps(pilot, screen):
        await note(pilot, "before any interview")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "Student A answers question 1" in text and protocol.interview_questions[0].text in text
        await note(pilot, "A answers one")
        assert "Student A answers question 2" in screen_text(app)
        await pilot.press("down")  # the observer skips question 2 on purpose
        await pilot.pause()
        assert "Student A answers question 3" in screen_text(app)
        await pilot.press("up", "down")  # and can step back and forth; nothing advances twice
        await note(pilot, "A answers three")
        await pilot.press("ctrl+s")  # ends the interview
        await pilot.pause()
        assert "Interview with Student A ended (2 answers)" in screen_text(app)
        await note(pilot, "an ordinary note after the interview")
        await pilot.press("ctrl+s")  # the next student not yet asked in this room
        await pilot.pause()
        assert screen.student == "Student B"
        for index in range(len(q)):
            await note(pilot, f"B answers {index + 1}")
        assert screen.student is None  # the last question answered ends the interview
        assert "answered the last question" in screen_text(app)
        await note(pilot, "another ordinary note")

    in_the_room(app, steps, (110, 36))
    answers = _answers(classwalk, walk)
    kind = protocol.interview_evidence_kind
    assert sorted(a for a in answers if a[0]) == sorted([
        ("Student A", q[0], "A answers one", kind),
        ("Student A", q[2], "A answers three", kind),
        *[("Student B", q[index], f"B answers {index + 1}", kind) for index in range(len(q))],
    ])
    ordinary = [a for a in answers if not a[0]]
    assert sorted(a[2] for a in ordinary) == sorted(["before any interview", "an ordinary note after the interview",
                                        "another ordinary note"])
    assert all(a[1] is None and a[3] != kind for a in ordinary)


def test_an_interview_under_way_survives_a_restart(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk)
    protocol = classwalk.protocols.get("ilw_tiered")
    classwalk.store.save_draft(state_key(visit, "Ana"), '{"student": "Student A", "question": 1}')

    async def steps(pilot, _screen):
        assert "Student A answers question 2" in screen_text(app)
        await note(pilot, "the second answer")

    in_the_room(app, steps, (110, 36))
    [answer] = classwalk.store.evidence_for_walk(walk.id)
    assert (answer.student_label, answer.question_id) == ("Student A", protocol.interview_questions[1].id)


def test_tab_does_not_change_what_an_answer_is_saved_as(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk)
    kind = classwalk.protocols.get("ilw_tiered").interview_evidence_kind

    async def steps(pilot, _screen):
        await pilot.press("ctrl+s", "tab", "tab")
        await pilot.pause()
        assert "ctrl+s ends the interview first" in screen_text(app)
        await note(pilot, "an answer")

    in_the_room(app, steps, (110, 36))
    [answer] = classwalk.store.evidence_for_walk(walk.id)
    assert answer.kind == kind and answer.student_label == "Student A"
