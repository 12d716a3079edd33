"""``classwalk demo`` seeds walks under all three built-in protocols, once."""

from __future__ import annotations

from collections import Counter

from classwalk.features.debriefs.debrief import build_debrief
from classwalk.features.demo.school import ROOMS, seed_demo
from classwalk.core.records.model import STUDENT_LABEL_PATTERN


def test_demo_has_walks_for_every_built_in_protocol(classwalk, today):
    seed_demo(classwalk, today)
    walks = classwalk.store.list_walks()
    assert Counter(w.protocol_id for w in walks) == {"downey": 2, "ifl_learning_walk": 2, "ilw_tiered": 1}
    for walk in walks:
        if walk.protocol_id != "downey":
            assert walk.focus and walk.guiding_question
            assert len(walk.observers) >= 2 and all(o.role for o in walk.observers)


def test_demo_ifl_walks_hold_hallway_notes_student_talk_video_and_leader_steps(classwalk, today):
    seed_demo(classwalk, today)
    walks = [w for w in classwalk.store.list_walks() if w.protocol_id == "ifl_learning_walk"]
    assert {w.mode for w in walks} == {"in_person", "video"}
    evidence = [e for w in walks for e in classwalk.store.evidence_for_walk(w.id)]
    kinds = Counter(e.kind for e in evidence)
    assert kinds["hallway"] >= 5 and kinds["student_talk"] >= 3
    assert {e.mark for e in evidence if e.kind == "hallway"} == {"noticing", "wondering"}
    assert any(e.video_offset_seconds for e in evidence)
    assert {g for e in evidence for g in e.student_groups} >= {"multilingual", "disabilities"}
    in_person = next(w for w in walks if w.mode == "in_person")
    assert in_person.focus_shaped_by
    steps = classwalk.store.next_steps_for_walk(in_person.id)
    assert "leaders" in {s.kind for s in steps}
    assert classwalk.store.responses_for_walk(in_person.id)


def test_demo_ilw_walk_has_interviews_scaffold_marks_and_a_work_sample(classwalk, today):
    seed_demo(classwalk, today)
    walk = next(w for w in classwalk.store.list_walks() if w.protocol_id == "ilw_tiered")
    assert walk.slice.kind == "tier2_block" and walk.slice.tier == 2
    evidence = classwalk.store.evidence_for_walk(walk.id)
    interviews = [e for e in evidence if e.kind == "interview"]
    assert interviews and all(e.question_id and e.student_label for e in interviews)
    assert {e.mark for e in evidence if e.kind == "scaffold"} == {"keeps_challenge", "removes_challenge"}
    assert any(e.kind == "work_sample" for e in evidence)
    view = build_debrief(classwalk, walk)
    ids = [p.id for p in view.patterns]
    assert {"ilw_snapshot", "ilw_challenge", "ilw_interviews", "ilw_coaching"} <= set(ids)


def test_demo_notes_name_no_teacher_and_no_student(classwalk, today):
    import re

    seed_demo(classwalk, today)
    teachers = [teacher for teacher, _, _ in ROOMS.values()]
    for walk in classwalk.store.list_walks():
        for item in classwalk.store.evidence_for_walk(walk.id):
            assert not any(name in item.text for name in teachers)
            assert item.student_label is None or re.match(STUDENT_LABEL_PATTERN, item.student_label)


def test_demo_twice_adds_nothing(classwalk, today):
    first = seed_demo(classwalk, today)
    count = classwalk.store.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    assert seed_demo(classwalk, today) == first
    assert classwalk.store.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == count
    assert count == first["Evidence"]
