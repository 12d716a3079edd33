"""The tiered ILW: slice and guiding question, evidence kinds, interviews, snapshot and coaching."""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Slice
from tests.protocols.protocol_helpers import assert_hooks_ignore_another_protocol, make_visit, make_walk, note

PROTOCOL_ID = "ilw_tiered"


def test_walk_needs_a_guiding_question_and_a_slice(protocol):
    assert protocol.requires_guiding_question and protocol.requires_slice
    tiered = {s.id for s in protocol.slice_kinds if s.tiered}
    assert tiered == {"tier2_block", "tier3_block"}
    assert {"standard_strand", "reading_mini_lesson", "math_discourse", "project_piece"} <= {
        s.id for s in protocol.slice_kinds}


def test_roles_include_a_student_interviewer(protocol):
    assert [r.id for r in protocol.roles] == ["facilitator", "timekeeper", "recorder", "student_interviewer"]


def test_evidence_kinds_work_samples_and_scaffold_marks(protocol):
    assert [k.id for k in protocol.evidence_kinds] == [
        "instructions", "student_talk", "work_sample", "scaffold", "interview"]
    sample = protocol.evidence_kind("work_sample")
    assert sample.attachment and sample.max_per_visit == 2
    assert [m.id for m in protocol.evidence_kind("scaffold").marks] == ["keeps_challenge", "removes_challenge"]


def test_interview_questions_ask_about_learning_success_and_being_stuck(protocol):
    ids = [q.id for q in protocol.interview_questions]
    assert ids == ["learning", "going_well", "stuck", "help"]
    assert all(q.text.endswith("?") for q in protocol.interview_questions)


def test_timing_10_to_15_minutes_on_the_slice(classwalk, protocol):
    walk = make_walk(PROTOCOL_ID)
    assert classwalk.timing_status(protocol, walk, 9 * 60).prompt == ""
    nudge = classwalk.timing_status(protocol, walk, 10 * 60 + 30)
    assert nudge.phase == "before_target" and "work sample" in nudge.prompt
    assert classwalk.timing_status(protocol, walk, 12 * 60).phase == "at_target"
    assert classwalk.timing_status(protocol, walk, 15 * 60 + 1).phase == "past_max"


def _walk():
    walk = make_walk(PROTOCOL_ID, guiding_question="Do scaffolds keep the challenge?",
                     slice=Slice(kind="tier2_block", tier=2))
    a, b = make_visit(walk, "Room 14", 0, "Ms. Secret"), make_visit(walk, "Room 30", 20)
    evidence = [
        note(a, "instructions", "Circle the -ight words", "access.separate_pathway"),
        note(a, "scaffold", "Worksheet instead of the essay", mark="removes_challenge", minute=1),
        note(a, "scaffold", "Word bank beside the prompt", mark="keeps_challenge", minute=2),
        note(a, "scaffold", "Timer on the table", minute=3),
        note(a, "interview", "The -ight words", student_label="Student A", question_id="learning", minute=4),
        note(a, "interview", "I wait", student_label="Student A", question_id="stuck", minute=5),
        note(b, "scaffold", "Picture cards for each paragraph", mark="keeps_challenge"),
        note(b, "work_sample", "Sticky notes with reasons", attachment="samples/one.jpg", minute=1),
        note(b, "student_talk", "I tried it another way", "persistence.retry", minute=2),
        note(b, "interview", "How the writer convinces you", student_label="Student B",
             question_id="learning", minute=3),
    ]
    return walk, [a, b], evidence


def _patterns(classwalk, protocol):
    walk, visits, evidence = _walk()
    return {p.id: p for p in classwalk.extra_patterns(protocol, walk, visits, evidence)}


def test_snapshot_table_is_room_by_evidence_kind(classwalk, protocol):
    snapshot = _patterns(classwalk, protocol)["ilw_snapshot"]
    assert snapshot.columns == ("room", "teacher's instructions", "student conversation", "work sample",
                                "scaffold", "student interview answer")
    room_a, room_b = snapshot.rows
    assert room_a[0] == "Room A" and room_a[1] == "Circle the -ight words"
    assert "[removes the challenge]" in room_a[4] and "[not marked]" in room_a[4]
    assert room_a[5] == "2 answers from 1 student"
    assert room_b[3] == "Sticky notes with reasons" and room_b[1] == ""
    assert "Ms. Secret" not in str(snapshot.rows) and "Room 14" not in str(snapshot.rows)


def test_watered_down_is_separated_from_challenge_with_support(classwalk, protocol):
    table = _patterns(classwalk, protocol)["ilw_challenge"]
    assert table.rows[0] == ("Room A", "Word bank beside the prompt", "Worksheet instead of the essay", 1)
    assert table.rows[1] == ("Room B", "Picture cards for each paragraph", "", 0)
    assert table.rows[-1] == ("all rooms", 2, 1, 1)


def test_interview_answers_are_kept_under_student_labels_by_question(classwalk, protocol):
    interviews = _patterns(classwalk, protocol)["ilw_interviews"]
    assert [row[:3] for row in interviews.rows] == [
        ("What are you working on learning right now?", "Room A", "Student A"),
        ("What are you working on learning right now?", "Room B", "Student B"),
        ("What do you do when you get stuck?", "Room A", "Student A"),
    ]


def test_coaching_conversation_sets_each_question_beside_evidence(classwalk, protocol):
    coaching = _patterns(classwalk, protocol)["ilw_coaching"]
    starts = {row[0]: row[1] for row in coaching.rows}
    texts = {p.id: p.text for p in protocol.feedback_prompts}
    assert starts[texts["coaching_access"]] == "Room A: Worksheet instead of the essay"
    assert starts[texts["coaching_scaffolds"]] == "Room A: Word bank beside the prompt"
    assert starts[texts["coaching_persistence"]] == "Room B: I tried it another way"


def test_reflective_question_starts_from_a_marked_scaffold(classwalk, protocol):
    walk, visits, evidence = _walk()
    question = classwalk.reflective_question(protocol, visits[0], evidence[:6])
    assert "Worksheet instead of the essay" in question and question.endswith("?")
    kept = classwalk.reflective_question(protocol, visits[1], evidence[6:])
    assert "Picture cards" in kept and "keep the challenge" in kept


def test_coaching_conversation_is_due_within_a_week(classwalk, protocol):
    walk, visits, _ = _walk()
    day = visits[0].started_at.date()
    assert "due by" in classwalk.follow_up_due(protocol, visits, [], today=day).reason
    assert "overdue" in classwalk.follow_up_due(protocol, visits, [], today=day + dt.timedelta(days=8)).reason


def test_hooks_do_not_answer_for_another_protocol(classwalk, protocol):
    from classwalk.protocols.ilw_tiered import plugin

    assert_hooks_ignore_another_protocol(plugin, protocol, *_walk())


def test_note_coach_flags_deficit_labels_for_students(classwalk, protocol):
    words = classwalk.judgement_words(protocol)
    assert {"low kids", "low students", "should"} <= set(words)
