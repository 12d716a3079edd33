"""The public API (``from classwalk import open_db``): a whole walk recorded, debriefed,
reported, exported and imported elsewhere; bad arguments are one line and write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

import classwalk
from classwalk import ClasswalkError, NotFound, open_db
from classwalk.core.records.model import Slice

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def db(db_path):
    with open_db(db_path) as opened:
        yield opened


def test_the_public_names_are_importable_from_classwalk():
    assert classwalk.HOOK_API == 1
    from classwalk.core.plugins.hookspecs import HOOK_API

    assert HOOK_API == classwalk.HOOK_API
    for name in classwalk.__all__:
        assert getattr(classwalk, name) is not None
    with pytest.raises(AttributeError):
        classwalk.nothing_here  # noqa: B018


def test_a_whole_ilw_walk_with_interviews_groups_marks_and_a_debrief(db, tmp_path):
    protocol = db.protocol("ilw_tiered")
    assert protocol in db.list_protocols()
    kind = next(k for k in protocol.evidence_kinds if k.marks)
    walk = db.start_walk("ilw_tiered", school="Lincoln", date=DAY, observers=["Ana", ("Ben", "recorder")],
                         guiding_question="How do students explain their reading?",
                         slice=Slice(kind=protocol.slice_kinds[0].id, tier=2 if protocol.slice_kinds[0].tiered else None))
    visit = db.start_visit(walk, "Room 12", teacher="J. Park")
    first = db.record(visit, "Students annotated the text in pairs", look_fors=[protocol.look_fors()[0].id],
                      student_groups=["multilingual"])
    db.record(visit, "A sentence frame on every desk", kind=kind.id, mark=kind.marks[0].id)
    answer = db.record(visit, "I am learning to find the main idea", student="Student A",
                       question=protocol.interview_questions[0].id)
    assert answer.kind == protocol.interview_evidence_kind and answer.observer == "Ana"
    assert db.end_visit(visit).ended
    db.record(walk, "The team noticed sentence frames in every room")
    ended = db.end_walk(walk)
    assert ended.status == "debriefing"
    prompt = protocol.debrief_prompts[0]
    db.answer(walk, prompt.id, "Talk was about method", author="Ana")
    db.answer(walk, prompt.id, "Talk was about method and evidence", author="Ana")
    step = db.add_next_step(walk, "Share frames at the PLC", owner="Ana", due=DAY + dt.timedelta(days=7))
    view = db.debrief(walk)
    assert [r.text for r in view.responses] == ["Talk was about method and evidence"]
    assert view.next_steps == (step,)
    assert any(p.id == "look_fors_by_classroom" for p in view.patterns)
    assert "Room A" in db.report(walk) and "J. Park" not in db.report(walk)
    assert db.report(walk, "csv").startswith("table,")
    edited = db.edit_evidence(first, editor="Ben", text="Students annotated the text in pairs, 10 of 12")
    assert edited.text.endswith("10 of 12") and len(db.evidence_revisions(first)) == 1
    db.delete_evidence(first, by="Ben")
    assert first.id not in {e.id for e in db.evidence(walk)}
    db.restore_evidence(first)
    assert first.id in {e.id for e in db.evidence(walk)}
    bundle = db.export(walk, "json")
    assert db.close_walk(walk).status == "closed"
    with open_db(tmp_path / "other.db") as other:
        result = other.import_bundle("walk.json", text=bundle)
        assert result.new_walk
        assert len(other.evidence(walk.id)) == len(db.evidence(walk))
        assert other.bundle(walk.id).walk.school == "Lincoln"


def test_walks_are_listed_found_by_prefix_deleted_and_restored(db):
    walk = db.start_walk("downey", school="Lincoln", date=DAY)
    assert db.walks() == [walk] and db.walk(walk.id[:8]) == walk
    assert db.walk_counts([walk])[walk.id]["notes"] == 0
    db.delete_walk(walk, by="Ana")
    assert db.walks() == [] and db.last_deleted_walk().id == walk.id
    db.restore_walk(walk)
    assert [w.id for w in db.walks()] == [walk.id]


@pytest.mark.parametrize("call, message", [
    (lambda db, w, v: db.start_walk("nope", school="S"), "no protocol with id 'nope'"),
    (lambda db, w, v: db.start_walk("downey", school="  "), "school: must not be empty"),
    (lambda db, w, v: db.start_walk("ifl_learning_walk", school="S"), "focus: must not be empty"),
    (lambda db, w, v: db.start_walk("downey", school="S", mode="radio"), "mode: 'radio' is not one of"),
    (lambda db, w, v: db.record(v, "note", look_fors=["no.such"]), "look_fors: 'no.such' is not one of"),
    (lambda db, w, v: db.record(v, "note", kind="gossip"), "kind: 'gossip' is not one of"),
    (lambda db, w, v: db.record(v, "note", student_groups=["tall"]), "student_groups: 'tall'"),
    (lambda db, w, v: db.record(v, "note", mark="x"), "mark: 'x' is not one of"),
    (lambda db, w, v: db.record(v, "note", student="Student A"), "needs both student"),
    (lambda db, w, v: db.record(v, "   "), "text: must not be empty"),
    (lambda db, w, v: db.record(v, 42), "text: expected text, got int"),
    (lambda db, w, v: db.answer(w, "nope", "x"), "prompt: 'nope' is not one of"),
    (lambda db, w, v: db.add_next_step(w, ""), "text: must not be empty"),
])
def test_bad_arguments_are_one_line_and_write_nothing(db, call, message):
    walk = db.start_walk("downey", school="S", date=DAY)
    visit = db.start_visit(walk, "Room 1")
    before = (db.walks(), db.evidence(walk), db.store.responses_for_walk(walk.id), db.store.next_steps_for_walk(walk.id))
    with pytest.raises(ClasswalkError) as raised:
        call(db, walk, visit)
    assert message in str(raised.value) and "\n" not in str(raised.value)
    after = (db.walks(), db.evidence(walk), db.store.responses_for_walk(walk.id), db.store.next_steps_for_walk(walk.id))
    assert after == before


def test_an_unknown_walk_is_not_found(db):
    with pytest.raises(NotFound):
        db.walk("ffffffff")


def test_open_db_loads_only_the_plugins_named(db_path):
    with open_db(db_path, plugins=["downey"]) as db:
        assert [p.id for p in db.list_protocols()] == ["downey"]
