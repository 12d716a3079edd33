"""The IFL learning walk: its rules as data, its timer, its debrief patterns and feedback."""

from __future__ import annotations

import datetime as dt

from tests.protocols.protocol_helpers import assert_hooks_ignore_another_protocol, make_visit, make_walk, note

PROTOCOL_ID = "ifl_learning_walk"


def test_walk_needs_focus_and_guiding_question_and_a_team(protocol):
    assert protocol.requires_focus and protocol.requires_guiding_question
    assert protocol.min_observers >= 2 and not protocol.solo
    assert set(protocol.modes) == {"in_person", "virtual", "video"}
    assert {"facilitator", "timekeeper", "recorder"} <= {r.id for r in protocol.roles}


def test_lenses_come_from_the_principles_of_learning_plus_focus_lenses(protocol):
    ids = {c.id for c in protocol.categories}
    assert {"clear_expectations", "academic_rigor", "accountable_talk", "self_management",
            "organizing_for_effort", "apprenticeship"} <= ids
    assert {"engagement", "discourse", "questioning"} <= ids
    assert all(len(c.look_fors) >= 2 for c in protocol.categories)


def test_the_chosen_focus_narrows_what_the_observer_is_shown(protocol):
    assert protocol.focus_narrows_look_fors
    shown = protocol.categories_for_focus(("discourse", "questioning"))
    assert [c.id for c in shown] == ["discourse", "questioning"]
    assert len(protocol.categories_for_focus(())) == len(protocol.categories)


def test_evidence_kinds_include_student_talk_and_a_hallway_conversation_after(protocol):
    assert protocol.evidence_kind("student_talk").label == "talk with students"
    hallway = protocol.evidence_kind("hallway")
    assert hallway.when == "after"
    assert [m.id for m in hallway.marks] == ["noticing", "wondering"]
    assert all(k.when == "during" for k in protocol.evidence_kinds if k.id != "hallway")


def test_description_names_the_trademarks_and_claims_no_affiliation(protocol):
    text = " ".join(protocol.description.split())
    assert "LearningWalk and Accountable Talk are registered trademarks of the University of Pittsburgh" in text
    assert "not affiliated" in text


def test_debrief_asks_the_equity_questions_and_the_central_question(protocol):
    texts = {p.id: p.text for p in protocol.debrief_prompts}
    assert "speak" in texts["who_speaks"] and "support" in texts["who_supported"]
    assert "challenged" in texts["who_challenged"]
    assert "experience school" in texts["central_question"] and "respond" in texts["central_question"]
    assert "belonging" in texts["engagement_belonging_access"]
    assert "leaders" in protocol.next_step_kinds and "PLC" in protocol.next_step_kinds


def test_timing_window_is_12_to_15_minutes(classwalk, protocol):
    walk = make_walk(PROTOCOL_ID)
    assert classwalk.timing_status(protocol, walk, 5 * 60).phase == "before_target"
    early = classwalk.timing_status(protocol, walk, 10 * 60)
    assert early.phase == "before_target" and "ask a student" in early.prompt
    window = classwalk.timing_status(protocol, walk, 13 * 60)
    assert window.phase == "at_target" and "12-15 minute window" in window.message
    late = classwalk.timing_status(protocol, walk, 15 * 60 + 1)
    assert late.phase == "past_max" and "hallway" in late.message


def test_short_variant_is_6_to_7_minutes(classwalk, protocol):
    walk = make_walk(PROTOCOL_ID, timing_variant="short")
    assert classwalk.timing_status(protocol, walk, 5 * 60).phase == "before_target"
    assert classwalk.timing_status(protocol, walk, 6 * 60 + 30).phase == "at_target"
    assert classwalk.timing_status(protocol, walk, 7 * 60 + 1).phase == "past_max"
    assert classwalk.timing_status(protocol, make_walk(PROTOCOL_ID), 7 * 60 + 1).phase == "before_target"


def test_prompts_fit_the_mode_of_the_walk(classwalk, protocol):
    video = make_walk(PROTOCOL_ID, mode="video")
    assert "recording" in classwalk.timing_status(protocol, video, 60).prompt
    assert "ask a student" not in classwalk.timing_status(protocol, video, 10 * 60).prompt
    virtual = make_walk(PROTOCOL_ID, mode="virtual")
    assert "camera and microphone off" in classwalk.timing_status(protocol, virtual, 10).prompt
    assert classwalk.timing_status(protocol, virtual, 10 * 60).prompt == ""


def _walk_with_evidence():
    walk = make_walk(PROTOCOL_ID, focus="discourse", focus_categories=("discourse",))
    a, b = make_visit(walk, "Room 5", 0), make_visit(walk, "Room 9", 20)
    evidence = [
        note(a, "observation", "Two multilingual learners shared after rehearsing with a partner",
             "discourse.who_speaks", "discourse.language_support", student_groups=("multilingual",)),
        note(a, "student_talk", "Student A: we have to prove it", "talk.press", minute=2,
             student_label="Student A", student_groups=("whole_class",)),
        note(a, "hallway", "Students answered each other", mark="noticing", minute=13),
        note(a, "hallway", "We wonder how pairs were chosen", mark="wondering", minute=14),
        note(b, "observation", "Students with IEPs on a separate facts page", "rigor.grade_level",
             student_groups=("disabilities", "struggling")),
    ]
    return walk, [a, b], evidence


def _pattern(patterns, pattern_id):
    return next(p for p in patterns if p.id == pattern_id)


def test_equity_pattern_answers_who_speaks_is_supported_and_challenged(classwalk, protocol):
    walk, visits, evidence = _walk_with_evidence()
    patterns = classwalk.extra_patterns(protocol, walk, visits, evidence)
    rows = {row[0]: row[1:] for row in _pattern(patterns, "ifl_equity").rows}
    assert rows["multilingual learners"] == (1, 1, 0)
    assert rows["students with disabilities"] == (0, 0, 1)
    assert rows["whole class"] == (0, 0, 1)


def test_rooms_pattern_counts_student_talk_and_hallway_notes_anonymously(classwalk, protocol):
    walk, visits, evidence = _walk_with_evidence()
    rooms = _pattern(classwalk.extra_patterns(protocol, walk, visits, evidence), "ifl_rooms")
    assert rooms.rows[0] == ("Room A", 1, 1, 1, 1)
    assert rooms.rows[1] == ("Room B", 1, 0, 0, 0)
    assert "Room 5" not in str(rooms.rows) and "Teacher Name" not in str(rooms.rows)


def test_focus_pattern_shows_only_the_focus_lenses(classwalk, protocol):
    walk, visits, evidence = _walk_with_evidence()
    focus = _pattern(classwalk.extra_patterns(protocol, walk, visits, evidence), "ifl_focus")
    assert focus.rows == (("Student discourse and voice", 1, 1, 2),)


def test_feedback_question_quotes_evidence_and_is_open(classwalk, protocol):
    walk, visits, evidence = _walk_with_evidence()
    question = classwalk.reflective_question(protocol, visits[0], evidence[:3])
    assert question.startswith("We noticed:") and question.endswith("?")
    assert "prove it" in question
    assert classwalk.reflective_question(protocol, visits[0], []) is None


def test_every_teacher_visited_hears_back_within_two_days(classwalk, protocol):
    walk, visits, _ = _walk_with_evidence()
    day = visits[0].started_at.date()
    due = classwalk.follow_up_due(protocol, visits, [], today=day)
    assert due.due and "due by" in due.reason
    late = classwalk.follow_up_due(protocol, visits, [], today=day + dt.timedelta(days=5))
    assert "overdue" in late.reason


def test_hooks_do_not_answer_for_another_protocol(classwalk, protocol):
    from classwalk.protocols.ifl_learning_walk import plugin

    assert_hooks_ignore_another_protocol(plugin, protocol, *_walk_with_evidence())


def test_note_coach_flags_this_protocols_judgement_words(classwalk, protocol):
    words = classwalk.judgement_words(protocol)
    assert {"off task", "unmotivated", "great"} <= set(words)
