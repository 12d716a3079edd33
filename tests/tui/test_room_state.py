"""The room's set-up as a plain record: restore, edits, interviews and saving, without a screen."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from classwalk.core.records.model import Evidence, Observer, Walk
from classwalk.tui.room.state import RoomState, video_offset
from classwalk.tui.text import TextProblem


@pytest.fixture
def protocols(classwalk):
    return {entry.protocol.id: entry.protocol for entry in classwalk.protocols}


def room(protocols, protocol_id: str) -> RoomState:
    walk = Walk(protocol_id=protocol_id, school="Lincoln", date=dt.date(2026, 11, 23),
                observers=(Observer(name="Ana"),))
    return RoomState.for_walk(protocols[protocol_id], walk)


WALK_ID, VISIT_ID = str(uuid.uuid4()), str(uuid.uuid4())


def note(state: RoomState, text: str = "students compare methods", **fields) -> Evidence:
    return Evidence(walk_id=WALK_ID, visit_id=VISIT_ID, kind=fields.pop("kind", state.kind), text=text, observer="Ana",
                    **fields)


def kind_with_marks(state: RoomState):
    return next(k for k in state.during_kinds if k.marks)


def test_a_set_up_written_and_read_back_is_the_same(protocols):
    state = room(protocols, "ilw_tiered")
    marked = kind_with_marks(state)
    state.kind, state.mark = marked.id, marked.marks[0].id
    look_fors = [lf.id for c in state.categories for lf in c.look_fors][:2]
    for look_for in look_fors:
        state.toggle_tag(look_for)
    state.set_groups([g.id for g in state.protocol.student_groups][:1], pinned=True)
    state.start_interview()
    state.step_question(1)

    again = room(protocols, "ilw_tiered")
    again.restore(state.to_json())
    assert (again.kind, again.mark, again.tags, again.groups, again.groups_pinned, again.student, again.question) \
        == (marked.id, marked.marks[0].id, look_fors, state.groups, True, "Student A", 1)


@pytest.mark.parametrize("written", [
    "not json", "[1, 2]", json.dumps({"kind": "no_such_kind", "tags": ["nope"], "groups": "abc",
                                      "mark": "nope", "student": "Student 1", "question": 99}),
    json.dumps({"tags": "orientation", "question": True, "student": ["Student A"]}),
])
def test_a_damaged_or_stale_set_up_falls_back_to_the_defaults(protocols, written):
    state = room(protocols, "ilw_tiered")
    state.restore(written)
    assert state.kind == state.during_kinds[0].id
    assert (state.tags, state.groups, state.groups_pinned, state.mark, state.student, state.question) \
        == ([], (), False, None, None, 0)


def test_tags_outside_the_walks_focus_are_not_restored(protocols):
    protocol = protocols["ifl_learning_walk"]  # its walk's focus narrows the look-fors shown
    walk = Walk(protocol_id="ifl_learning_walk", school="Lincoln", date=dt.date(2026, 11, 23),
                focus_categories=(protocol.categories[0].id,))
    state = RoomState.for_walk(protocol, walk)
    inside = protocol.categories[0].look_fors[0].id
    outside = protocol.categories[1].look_fors[0].id
    state.restore(json.dumps({"tags": [inside, outside]}))
    assert state.tags == [inside]


def test_an_edit_puts_aside_the_line_and_the_set_up_and_gives_them_back(protocols):
    state = room(protocols, "downey")
    first_tag = state.categories[0].look_fors[0].id
    state.toggle_tag(first_tag)
    saved = note(state, "the teacher asks why", look_fors=(state.categories[1].look_fors[0].id,))
    assert state.start_edit(saved, "half a new note") == "the teacher asks why"
    assert state.editing is saved and state.tags == list(saved.look_fors)
    assert state.step_kind(1) == "An edit keeps the note's kind; Esc cancels the edit."
    assert state.end_edit() == "half a new note"
    assert state.editing is None and state.tags == [first_tag]


def test_an_edit_saves_the_mark_it_shows_and_removing_it_is_an_empty_mark(protocols):
    state = room(protocols, "ilw_tiered")
    marked = kind_with_marks(state)
    saved = note(state, kind=marked.id, mark=marked.marks[0].id)
    state.start_edit(saved, "")
    assert state.edit_mark() == marked.marks[0].id
    state.mark = None
    assert state.edit_mark() == ""
    plain = next(k for k in state.during_kinds if not k.marks)
    state.end_edit()
    state.start_edit(note(state, kind=plain.id), "")
    assert state.edit_mark() is None


def test_a_saved_note_takes_its_tags_mark_and_kind_with_it_but_pinned_groups_stay(protocols):
    state = room(protocols, "ilw_tiered")
    marked = kind_with_marks(state)
    state.kind, state.mark = marked.id, marked.marks[0].id
    state.toggle_tag(state.categories[0].look_fors[0].id)
    state.set_groups([state.protocol.student_groups[0].id], pinned=True)
    new = state.new_note("  two students explain  ")
    assert (new.text, new.kind, new.mark, new.student) == ("two students explain", marked.id, marked.marks[0].id, None)
    said = state.saved(note(state, new.text, kind=new.kind))
    first = state.during_kinds[0]
    assert said == (f"Saved. The kind is back to {first.label} (Tab changes it)." if marked.id != first.id
                    else "Saved.")
    assert (state.tags, state.mark, state.kind) == ([], None, first.id)
    assert state.groups == (state.protocol.student_groups[0].id,)
    state.set_groups(state.groups, pinned=False)
    state.saved(note(state))
    assert state.groups == ()


def test_an_interview_goes_question_by_question_and_ends_after_the_last(protocols):
    state = room(protocols, "ilw_tiered")
    questions = state.protocol.interview_questions
    state.items.append(note(state, "earlier answer", student_label="Student A", question_id=questions[0].id,
                            kind=state.protocol.interview_evidence_kind or state.kind))
    assert state.start_interview().startswith("Interviewing Student B")
    assert state.step_kind(1).startswith("Answers are saved as")
    for number, question in enumerate(questions):
        answer = state.new_note(f"answer {number + 1}")
        assert (answer.student, answer.question, answer.mark) == ("Student B", question.id, None)
        assert answer.kind == (state.protocol.interview_evidence_kind or state.kind)
        said = state.saved(note(state, answer.text, kind=answer.kind, student_label="Student B",
                                question_id=answer.question))
    assert said == "Saved. Student B answered the last question: the interview has ended."
    assert (state.student, state.question, state.interviewing) == (None, 0, False)
    assert state.end_interview() is None


def test_ending_an_interview_counts_its_answers(protocols):
    state = room(protocols, "ilw_tiered")
    state.start_interview()
    state.saved(note(state, "first", student_label="Student A", question_id="q"))
    assert state.end_interview() == "Interview with Student A ended (1 answer)."


def test_a_protocol_without_interviews_says_so(protocols):
    state = room(protocols, "downey")
    assert state.start_interview() == "This protocol has no student interview."
    assert state.student is None


def test_the_question_wraps_round_and_only_moves_in_an_interview(protocols):
    state = room(protocols, "ilw_tiered")
    assert state.step_question(1) is False
    state.start_interview()
    state.step_question(-1)
    assert state.question == len(state.protocol.interview_questions) - 1


def test_marks_cycle_through_the_kinds_marks_then_none(protocols):
    state = room(protocols, "ilw_tiered")
    marked = kind_with_marks(state)
    state.kind = marked.id
    seen = []
    for _ in range(len(marked.marks) + 1):
        assert state.next_mark()
        seen.append(state.mark)
    assert seen == [m.id for m in marked.marks] + [None]
    state.kind = next(k for k in state.during_kinds if not k.marks).id
    assert state.next_mark() is False


def test_an_empty_note_is_refused_with_why(protocols):
    state = room(protocols, "downey")
    with pytest.raises(TextProblem, match="The note"):
        state.new_note("   ")


def test_a_video_note_takes_its_time_from_the_text_or_the_visit_clock(protocols):
    state = room(protocols, "downey")
    assert video_offset("@1:05 students share") == (65, "students share")
    assert video_offset("@1:02:03 later") == (3723, "later")
    assert video_offset("no time") == (None, "no time")
    timed = state.new_note("@2:10 the teacher waits", video=True, elapsed_seconds=30)
    assert (timed.text, timed.video_offset_seconds) == ("the teacher waits", 130)
    untimed = state.new_note("groups talk", video=True, elapsed_seconds=42.7)
    assert (untimed.text, untimed.video_offset_seconds) == ("groups talk", 42)


def test_deleting_and_editing_keep_the_rooms_notes_in_step(protocols):
    state = room(protocols, "downey")
    one, two = note(state, "one"), note(state, "two")
    state.items.extend([one, two])
    changed = Evidence(walk_id=WALK_ID, visit_id=VISIT_ID, kind=one.kind, text="one, changed", observer="Ana", id=one.id)
    state.edited(changed)
    state.deleted(two.id)
    assert [e.text for e in state.items] == ["one, changed"] and state.last_deleted == two.id
